import { describe, expect, it } from 'vitest';
import { compileService } from '../../src/compile/index.js';
import { pseudoToSub, replacePseudo, substitutePseudo } from '../../src/compile/pseudo.js';
import type { Template } from '../../src/compile/types.js';
import { machine, service } from './events/helpers.js';

describe('#{} pseudo-parameters (serverless-pseudo-parameters behaviour)', () => {
  it('a string with #{AWS::Region} becomes Fn::Sub', () => {
    expect(pseudoToSub('arn:aws:sns:#{AWS::Region}:#{AWS::AccountId}:t')).toEqual({ 'Fn::Sub': 'arn:aws:sns:${AWS::Region}:${AWS::AccountId}:t' });
  });
  it('#{Resource} and #{Resource.Attr} become references', () => {
    expect(pseudoToSub('#{MyQueue.Arn}')).toEqual({ 'Fn::Sub': '${MyQueue.Arn}' });
  });
  it('#@{X} escapes to a literal #{X}', () => {
    expect(pseudoToSub('keep #@{this}')).toBe('keep #{this}');
  });
  it('a literal ${ next to a pseudo-parameter is escaped so Fn::Sub keeps it literal', () => {
    expect(pseudoToSub('#{AWS::Region} ${literal}')).toEqual({ 'Fn::Sub': '${AWS::Region} ${!literal}' });
  });
  it('inside an existing Fn::Sub the text is rewritten in place, with no second wrap', () => {
    expect(replacePseudo({ a: { 'Fn::Sub': 'x-#{AWS::Region}' }, b: ['#{AWS::Partition}', 1] })).toEqual({
      a: { 'Fn::Sub': 'x-${AWS::Region}' },
      b: [{ 'Fn::Sub': '${AWS::Partition}' }, 1],
    });
  });
});

describe('#{} in a compiled service: substituted once, in the finished template', () => {
  const svc = service(
    [
      machine('orders', {
        name: 'orders',
        definition: {
          StartAt: 'Notify',
          States: {
            Notify: {
              Type: 'Task',
              Resource: 'arn:aws:states:::sns:publish',
              Parameters: { TopicArn: 'arn:aws:sns:#{AWS::Region}:#{AWS::AccountId}:orders-#@{Keep}', Message: 'in #{AWS::Region}, keep #@{Keep}' },
              End: true,
            },
          },
        },
        loggingConfig: { level: 'ALL', destinations: ['arn:aws:logs:#{AWS::Region}:#{AWS::AccountId}:log-group:orders:*'] },
        events: [{ schedule: { rate: 'rate(1 hour)', input: { region: '#{AWS::Region}', keep: '#@{Keep}' } } }],
      }),
    ],
    {
      resources: {
        Resources: { Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'q-#{AWS::Region}-#@{Keep}' } } },
        Outputs: { Where: { Value: '#{AWS::Region} #@{Keep}' } },
      },
    },
  );
  const { template } = compileService(svc);
  const propsOf = (t: Template, type: string) => Object.values(t.Resources).find((r) => r.Type === type)!.Properties as Record<string, any>;
  const byType = (type: string) => propsOf(template, type);
  const subText = (v: unknown) => (v as { 'Fn::Sub': string | [string, unknown] })['Fn::Sub'];
  const text = (v: unknown) => { const s = subText(v); return typeof s === 'string' ? s : s[0]; };

  it('in the definition, the event input, the taken resources and outputs, the generated policy and the log destination alike', () => {
    expect(JSON.parse(text(byType('AWS::StepFunctions::StateMachine').DefinitionString)).States.Notify.Parameters).toEqual({
      TopicArn: 'arn:aws:sns:${AWS::Region}:${AWS::AccountId}:orders-#{Keep}',
      Message: 'in ${AWS::Region}, keep #{Keep}',
    });
    expect(JSON.parse(text(byType('AWS::Events::Rule').Targets[0].Input))).toEqual({ region: '${AWS::Region}', keep: '#{Keep}' });
    expect(template.Resources.Queue.Properties!.QueueName).toEqual({ 'Fn::Sub': 'q-${AWS::Region}-#{Keep}' });
    expect(template.Outputs!.Where.Value).toEqual({ 'Fn::Sub': '${AWS::Region} #{Keep}' });
    expect(byType('AWS::StepFunctions::StateMachine').LoggingConfiguration.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn).toEqual({
      'Fn::Sub': 'arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:orders:*',
    });
    const statements = byType('AWS::IAM::Role').Policies[0].PolicyDocument.Statement as Array<{ Action: string[]; Resource: unknown }>;
    expect(statements.find((s) => s.Action.includes('sns:Publish'))!.Resource).toEqual([{ 'Fn::Sub': 'arn:aws:sns:${AWS::Region}:${AWS::AccountId}:orders-#{Keep}' }]);
  });

  it('leaves no #{X} behind and never substitutes the literal #{Keep} an escape wrote (a second pass would)', () => {
    const all = JSON.stringify(template);
    expect(all).not.toMatch(/#\{AWS::|#@\{/);
    expect(all).not.toContain('${Keep}');
    expect(all.match(/#\{Keep\}/g)).toHaveLength(6);
    expect(substitutePseudo(template)).not.toEqual(template);
  });

  it('a #{X} naming a function of the Serverless stack in a definition is its ARN, as ${X} would be', () => {
    const withFn = service([machine('calls', { definition: { StartAt: 'A', States: { A: { Type: 'Task', Resource: '#{HelloLambdaFunction.Arn}', End: true } } } })], {
      functions: [{ key: 'hello', name: 'orders-dev-hello' }],
    });
    const def = propsOf(compileService(withFn).template, 'AWS::StepFunctions::StateMachine').DefinitionString;
    expect(JSON.parse(text(def)).States.A.Resource).toBe('arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:orders-dev-hello');
  });
});
