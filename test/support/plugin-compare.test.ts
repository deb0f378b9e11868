import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  diffSummaries,
  frameworkCoreIds,
  frameworkCoreOutputs,
  summarizeForComparison,
  type Template,
} from './plugin-compare.js';

const fixtures = resolve(__dirname, '../../fixtures');
const plugin = (name: string): Template =>
  JSON.parse(readFileSync(join(fixtures, name, 'plugin.template.json'), 'utf8')) as Template;
const opts = { stackName: 'svc-dev', omit: { frameworkCore: true } };

const machine = (props: Record<string, unknown>, extra: Record<string, unknown> = {}): Template => ({
  Resources: {
    Role: { Type: 'AWS::IAM::Role', Properties: {} },
    Machine: {
      Type: 'AWS::StepFunctions::StateMachine',
      Properties: { RoleArn: { 'Fn::GetAtt': ['Role', 'Arn'] }, ...props },
      ...extra,
    },
  },
});

describe('summarizeForComparison on the plugin templates', () => {
  it('evaluates the hello machine: pseudo-parameters filled in, definition parsed, role generated', () => {
    const s = summarizeForComparison(plugin('hello'), opts);
    expect(s.stateMachines).toEqual({
      Hellostepfunc1StepFunctionsStateMachine: {
        StateMachineName: null,
        StateMachineType: 'STANDARD',
        RoleArn: '<GetAtt:Hellostepfunc1StepFunctionsStateMachineRole.Arn>',
        roleShape: 'generated',
        definition: {
          Comment: 'A Hello World example of the Amazon States Language using an AWS Lambda Function',
          StartAt: 'HelloWorld1',
          States: {
            HelloWorld1: {
              Type: 'Task',
              Resource: 'arn:aws:lambda:us-east-1:123456789012:function:example-stepf-nodejs-dev-foobar-baz',
              End: true,
            },
          },
        },
        otherProperties: {},
        DeletionPolicy: null,
        UpdateReplacePolicy: null,
        // The plugin's DependsOn on the role is implied by RoleArn's GetAtt, so it is no difference.
        DependsOn: [],
      },
    });
    expect(s.outputs).toEqual({
      Hellostepfunc1StepFunctionsStateMachineArn: '<Ref:Hellostepfunc1StepFunctionsStateMachine>',
    });
    expect(s.logicalIds).toEqual({
      'AWS::IAM::Role': ['Hellostepfunc1StepFunctionsStateMachineRole'],
      'AWS::StepFunctions::StateMachine': ['Hellostepfunc1StepFunctionsStateMachine'],
    });
  });

  it('turns the Fn::Sub variables of cross-stack into ARNs and names where the template names the resource', () => {
    const def = summarizeForComparison(plugin('cross-stack'), opts).stateMachines.OrdersStateMachine!.definition as {
      States: Record<string, { Resource: string; Parameters?: Record<string, unknown> }>;
    };
    expect(def.States.Hello!.Resource).toBe('arn:aws:lambda:us-east-1:123456789012:function:stepf-cross-dev-hello');
    expect(def.States.Save!.Parameters!.TableName).toBe('orders-dev');
    // AuditTable has no TableName: only a deploy knows it.
    expect(def.States.Audit!.Parameters!.TableName).toBe('<Ref:AuditTable>');
    expect(def.States.Queue!.Parameters!.QueueUrl).toBe('https://sqs.us-east-1.amazonaws.com/123456789012/jobs-dev');
  });

  it('keeps the quotes and backslashes of a value intact through Fn::Sub (features)', () => {
    const s = summarizeForComparison(plugin('features'), { ...opts, region: 'eu-west-1' });
    const waiting = s.stateMachines.WaitingStepFunctionsStateMachine!;
    expect(waiting.definition).toMatchObject({
      States: {
        Wait: { Seconds: 5 },
        Say: { Result: { message: 'she said "hello" \\ ünïcødé', region: 'eu-west-1' } },
        Approve: { Resource: 'arn:aws:states:eu-west-1:123456789012:activity:approval-dev' },
      },
    });
    expect(waiting.DependsOn).toEqual(['LoggedMachine']);
    expect(s.stateMachines.LoggedMachine).toMatchObject({
      StateMachineName: 'features-logged-dev',
      StateMachineType: 'EXPRESS',
      DeletionPolicy: 'Retain',
      otherProperties: {
        TracingConfiguration: { Enabled: true },
        // Sorted by key; the plugin's duplicate `team` (provider and machine tags) stays visible.
        Tags: [
          { Key: 'cost-center', Value: '42' },
          { Key: 'owner', Value: 'me' },
          { Key: 'team', Value: 'platform' },
          { Key: 'team', Value: 'orders' },
        ],
      },
    });
    expect(s.outputs.LoggedMachineArn).toBe('arn:aws:states:eu-west-1:123456789012:stateMachine:features-logged-dev');
  });

  it("shows the plugin's string-definition bug: the definition arrives as a string, not an object", () => {
    const s = summarizeForComparison(plugin('string-definition'), opts);
    expect(s.stateMachines.FromStringStepFunctionsStateMachine!.definition).toBe(
      '{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}',
    );
    expect(s.stateMachines.FromFileStepFunctionsStateMachine!.definition).toMatchObject({ StartAt: 'Hello' });
  });

  it('omits what the Serverless Framework core writes when asked, and only then', () => {
    const t = plugin('sample-app');
    expect(frameworkCoreIds(t)).toEqual([
      'IamRoleLambdaExecution',
      'ServerlessDeploymentBucket',
      'ServerlessDeploymentBucketPolicy',
      'StartEC2LambdaFunction',
      'StartEC2LambdaVersion4VWgAXGV9bnISvVBCKmU1L4QwR8N3j099W7nPpxU7iQ',
      'StartEC2LogGroup',
      'WriteS3LambdaFunction',
      'WriteS3LambdaVersionIH8uZ1Ugpzo1MLxPBB3MrkjpywlWuJHgjkBBNICXlT8',
      'WriteS3LogGroup',
    ]);
    expect(frameworkCoreOutputs(t)).toEqual([
      'ServerlessDeploymentBucketName',
      'StartEC2LambdaFunctionQualifiedArn',
      'WriteS3LambdaFunctionQualifiedArn',
    ]);
    const kept = summarizeForComparison(t, opts);
    expect(Object.keys(kept.logicalIds)).not.toContain('AWS::Lambda::Function');
    expect(kept.logicalIds['AWS::ApiGateway::Deployment']).toEqual(['ApiGatewayDeployment<instanceId>']);
    expect(kept.outputs.ServiceEndpoint).toBe('https://<Ref:ApiGatewayRestApi>.execute-api.us-east-1.amazonaws.com/dev');
    const all = summarizeForComparison(t, { stackName: 'svc-dev' });
    expect(all.logicalIds['AWS::Lambda::Function']).toEqual(['StartEC2LambdaFunction', 'WriteS3LambdaFunction']);
    expect(Object.keys(all.outputs)).toContain('ServerlessDeploymentBucketName');
  });

  it('summarises every checked-in plugin template to at least one machine with a parsed definition', () => {
    const names = readdirSync(fixtures).filter((n) => existsSync(join(fixtures, n, 'plugin.template.json')));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const machines = Object.values(summarizeForComparison(plugin(name), opts).stateMachines);
      expect(machines.length, name).toBeGreaterThan(0);
      expect(machines.some((m) => typeof m.definition === 'object' && m.definition !== null), name).toBe(true);
    }
  });
});

describe('summarizeForComparison: spellings a deploy cannot tell apart summarise equal', () => {
  const def = { StartAt: 'A', States: { A: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f', End: true } } };
  const spellings: Record<string, Template> = {
    'plain string': machine({ DefinitionString: JSON.stringify(def) }),
    'pretty Fn::Sub string with pseudo-parameters': machine(
      { DefinitionString: { 'Fn::Sub': JSON.stringify(def, null, 2).replace('us-east-1:123456789012', '${AWS::Region}:${AWS::AccountId}') }, StateMachineType: 'STANDARD' },
      { DependsOn: ['Role'] },
    ),
    'Fn::Sub with a variable': machine({
      DefinitionString: {
        'Fn::Sub': [JSON.stringify(def).replace(/arn:aws:lambda[^"]*/, '${fn}'), { fn: { 'Fn::GetAtt': ['F', 'Arn'] } }],
      },
    }),
    'Definition object with DefinitionSubstitutions': machine({
      Definition: { ...def, States: { A: { ...def.States.A, Resource: '${fn}' } } },
      DefinitionSubstitutions: { fn: { 'Fn::Sub': 'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:f' } },
    }),
  };
  (spellings['Fn::Sub with a variable']!.Resources as Record<string, unknown>).F = {
    Type: 'AWS::Lambda::Function',
    Properties: { FunctionName: 'f' },
  };

  it.each(Object.keys(spellings))('%s', (name) => {
    const summary = summarizeForComparison(spellings[name]!, { stackName: 's', omit: { types: ['AWS::Lambda::Function'] } });
    const reference = summarizeForComparison(spellings['plain string']!, { stackName: 's' });
    expect(diffSummaries(summary, reference)).toEqual([]);
    expect(summary).toEqual(reference);
  });
});

describe('summarizeForComparison: evaluation', () => {
  it('fills AWS::StackName, AWS::URLSuffix and the ${!Literal} escape, and renders the unknowable as placeholders', () => {
    const t = machine({
      DefinitionString: {
        'Fn::Sub': [
          '{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"stack":"${AWS::StackName}","url":"${AWS::URLSuffix}","literal":"${!Not.Me}","imp":"${imp}","att":"${Bucket.Arn}","join":"${join}","sel":"${sel}"},"End":true}}}',
          {
            imp: { 'Fn::ImportValue': { 'Fn::Sub': '${AWS::StackName}-Out' } },
            join: { 'Fn::Join': ['-', ['a', { Ref: 'AWS::Region' }, { Ref: 'Param' }]] },
            sel: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
          },
        ],
      },
    });
    const def = summarizeForComparison(t, { stackName: 'my-stack' }).stateMachines.Machine!.definition;
    expect(def).toMatchObject({
      States: {
        A: {
          Parameters: {
            stack: 'my-stack',
            url: 'amazonaws.com',
            literal: '${Not.Me}',
            imp: '<ImportValue:my-stack-Out>',
            att: '<GetAtt:Bucket.Arn>',
            join: 'a-us-east-1-<Ref:Param>',
            sel: '<Fn::Select:[0,<Fn::GetAZs:>]>',
          },
        },
      },
    });
  });

  it('JSON-escapes a substituted value that holds quotes or backslashes', () => {
    const t = machine({
      DefinitionString: {
        'Fn::Sub': ['{"StartAt":"A","States":{"A":{"Type":"Pass","Result":"${v}","End":true}}}', { v: { 'Fn::Join': ['', ['say "hi" ', '\\ there']] } }],
      },
    });
    expect(summarizeForComparison(t, { stackName: 's' }).stateMachines.Machine!.definition).toMatchObject({
      States: { A: { Result: 'say "hi" \\ there' } },
    });
  });

  it('parses a definition whose Wait Seconds is an unquoted reference', () => {
    const t = machine({
      DefinitionString: { 'Fn::Sub': ['{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":${s},"End":true}}}', { s: { Ref: 'WaitParam' } }] },
    });
    expect(summarizeForComparison(t, { stackName: 's' }).stateMachines.Machine!.definition).toEqual({
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: '<Ref:WaitParam>', End: true } },
    });
  });

  it('takes fixed renderings from values, e.g. a stepf Parameter standing for a plugin Ref', () => {
    const t = machine({ DefinitionString: { 'Fn::Sub': '{"StartAt":"A","States":{"A":{"Type":"Pass","Result":"${AuditTableName}","End":true}}}' } });
    const s = summarizeForComparison(t, { stackName: 's', values: { 'Ref:AuditTableName': '<Ref:AuditTable>' } });
    expect(s.stateMachines.Machine!.definition).toMatchObject({ States: { A: { Result: '<Ref:AuditTable>' } } });
  });

  it('leaves named resources as placeholders when resolveNamedResources is false', () => {
    const def = summarizeForComparison(plugin('cross-stack'), { ...opts, resolveNamedResources: false }).stateMachines
      .OrdersStateMachine!.definition as { States: Record<string, { Resource: string }> };
    expect(def.States.Hello!.Resource).toBe('<GetAtt:HelloLambdaFunction.Arn>');
  });

  it('tells a role given as an ARN from a generated one', () => {
    const t = machine({ DefinitionString: '{}', RoleArn: 'arn:aws:iam::123456789012:role/mine' });
    expect(summarizeForComparison(t, { stackName: 's' }).stateMachines.Machine).toMatchObject({
      roleShape: 'given',
      RoleArn: 'arn:aws:iam::123456789012:role/mine',
    });
  });

  it("names stepf's hashed and the plugin's numbered ApiGatewayDeployment alike", () => {
    const t = (id: string): Template => ({ Resources: { [id]: { Type: 'AWS::ApiGateway::Deployment', Properties: {} } } });
    const a = summarizeForComparison(t('ApiGatewayDeployment4f3f37829d'), { stackName: 's' });
    expect(a).toEqual(summarizeForComparison(t('ApiGatewayDeployment1795896432861'), { stackName: 's' }));
    expect(a.logicalIds).toEqual({ 'AWS::ApiGateway::Deployment': ['ApiGatewayDeployment<instanceId>'] });
  });

  it('drops a property set to AWS::NoValue', () => {
    const t = machine({ DefinitionString: '{}', StateMachineName: { Ref: 'AWS::NoValue' }, TracingConfiguration: { Enabled: true, Other: { Ref: 'AWS::NoValue' } } });
    const m = summarizeForComparison(t, { stackName: 's' }).stateMachines.Machine!;
    expect(m.StateMachineName).toBeNull();
    expect(m.otherProperties).toEqual({ TracingConfiguration: { Enabled: true } });
  });
});

describe('diffSummaries', () => {
  it('names each differing leaf with its path, and nothing when equal', () => {
    const a = summarizeForComparison(plugin('hello'), opts);
    const b = summarizeForComparison(plugin('hello'), { ...opts, region: 'eu-west-1' });
    expect(diffSummaries(a, a)).toEqual([]);
    expect(diffSummaries(a, b)).toEqual([
      'stateMachines.Hellostepfunc1StepFunctionsStateMachine.definition.States.HelloWorld1.Resource: ' +
        '"arn:aws:lambda:us-east-1:123456789012:function:example-stepf-nodejs-dev-foobar-baz" ≠ ' +
        '"arn:aws:lambda:eu-west-1:123456789012:function:example-stepf-nodejs-dev-foobar-baz"',
    ]);
    expect(diffSummaries({ x: [1] }, { x: [1, 2], y: 1 })).toEqual(['x[1]: (missing) ≠ 2', 'y: (missing) ≠ 1']);
  });
});
