import { describe, expect, it } from 'vitest';
import { packageService } from '../../src/pipeline.js';
import { formatDiagnostic } from '../../src/report/diagnostics.js';
import { serviceDir, userErrorOf as errorOf } from '../config/variables/helpers.js';

/**
 * custom.stepf.stackResources: stepf's own resources block, which serverless deploy never reads. The compile
 * treatment of its entries is in the golden of fixtures/stack-resources; here, what it refuses and what it adds.
 */

const config = (stackResources: string, resources = '') => `service: svc
provider:
  name: aws
functions:
  worker:
    handler: h.worker
custom:
  stepf:
    stackResources:
${stackResources}
stepFunctions:
  stateMachines:
    orders:
      id: Orders
      definition:
        StartAt: A
        States:
          A: { Type: Pass, End: true }
${resources}`;

const alarm = (id: string, extra = '') => `        ${id}:
          Type: AWS::CloudWatch::Alarm
${extra}          Properties:
            Namespace: AWS/States
            MetricName: ExecutionsFailed
            Dimensions: [{ Name: StateMachineArn, Value: !Ref Orders }]
            Statistic: Sum
            Period: 60
            EvaluationPeriods: 1
            Threshold: 1
            ComparisonOperator: GreaterThanOrEqualToThreshold
`;

describe('custom.stepf.stackResources', () => {
  it('refuses a logical ID that resources: also has, naming both places, with file:line:col and a hint', async () => {
    const dir = serviceDir({ 'serverless.yml': config(`      Resources:\n${alarm('FailedAlarm')}`, `resources:\n  Resources:\n    FailedAlarm:\n      Type: AWS::SNS::Topic\n`) });
    const err = await errorOf(packageService({ cwd: dir, stage: 'dev' }));
    expect(err.diagnostics).toHaveLength(1);
    const [d] = err.diagnostics;
    expect(d).toMatchObject({ code: 'duplicate-logical-id', path: ['custom', 'stepf', 'stackResources', 'Resources', 'FailedAlarm'], line: 11, column: 9 });
    expect(d.message).toBe('custom.stepf.stackResources.Resources.FailedAlarm has the same logical ID as resources.Resources.FailedAlarm');
    expect(d.hint).toContain('keep one of the two');
    expect(formatDiagnostic(d, dir)).toMatch(/^error: serverless\.yml:11:9 custom\.stepf\.stackResources\.Resources\.FailedAlarm: /);
  });

  it("refuses a logical ID stepf generates (the machine's role), at the stackResources entry", async () => {
    const dir = serviceDir({ 'serverless.yml': config(`      Resources:\n        OrdersRole:\n          Type: AWS::SNS::Topic\n`) });
    const err = await errorOf(packageService({ cwd: dir, stage: 'dev' }));
    expect(err.diagnostics.map((d) => [d.code, d.path, d.line, d.message])).toEqual([
      ['duplicate-logical-id', ['custom', 'stepf', 'stackResources', 'Resources', 'OrdersRole'], 11, 'custom.stepf.stackResources.Resources.OrdersRole has the same logical ID as one stepf generates'],
    ]);
  });

  it('takes a condition written the same in both blocks once (entries of both stacks use it), and refuses one written differently', async () => {
    const same = config(`      Conditions:\n        IsProd: !Equals ['\${sls:stage}', prod]\n      Resources:\n${alarm('FailedAlarm', '          Condition: IsProd\n')}`, `resources:\n  Conditions:\n    IsProd: !Equals ['\${sls:stage}', prod]\n`);
    const r = await packageService({ cwd: serviceDir({ 'serverless.yml': same }), stage: 'dev' });
    expect(r.template.Conditions).toEqual({ IsProd: { 'Fn::Equals': ['dev', 'prod'] } });
    expect(r.template.Resources.FailedAlarm.Condition).toBe('IsProd');
    const differs = same.replace(/(resources:\n  Conditions:\n    IsProd: !Equals \['\$\{sls:stage\}', )prod/, '$1production');
    const err = await errorOf(packageService({ cwd: serviceDir({ 'serverless.yml': differs }), stage: 'dev' }));
    expect(err.diagnostics.map((d) => [d.code, d.path])).toEqual([['duplicate-logical-id', ['custom', 'stepf', 'stackResources', 'Conditions', 'IsProd']]]);
  });

  it('takes every entry into stepf\'s stack even when nothing refers to it, and with it what resources: writes about it', async () => {
    const topic = `      Resources:\n        Spare:\n          Type: AWS::SNS::Topic\n`;
    const policy = `resources:\n  Resources:\n    SparePolicy:\n      Type: AWS::SNS::TopicPolicy\n      Properties:\n        Topics: [!Ref Spare]\n        PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: Allow, Principal: { Service: events.amazonaws.com }, Action: sns:Publish, Resource: !Ref Spare }] }\n`;
    const r = await packageService({ cwd: serviceDir({ 'serverless.yml': config(topic, policy) }), stage: 'dev' });
    expect(r.template.Resources.Spare).toEqual({ Type: 'AWS::SNS::Topic' });
    expect(r.template.Resources.SparePolicy?.Type).toBe('AWS::SNS::TopicPolicy');
    expect(r.takenResources.map((e) => `${e.section}.${e.id}`)).toEqual(['Resources.SparePolicy']);
  });

  it('is read as resources: is written: a list of ${file()} parts (a format version in them ignored), an ID in two of them refused', async () => {
    const part = (id: string) => `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${alarm(id).replace(/^ {6}/gm, '')}`;
    const yaml = config('      {}').replace('    stackResources:\n      {}\n', '    stackResources:\n      - ${file(./a.yml)}\n      - ${file(./b.yml)}\n');
    const r = await packageService({ cwd: serviceDir({ 'serverless.yml': yaml, 'a.yml': part('AlarmA'), 'b.yml': part('AlarmB') }), stage: 'dev' });
    expect(Object.keys(r.template.Resources)).toEqual(expect.arrayContaining(['AlarmA', 'AlarmB']));
    expect(r.template.AWSTemplateFormatVersion).toBe('2010-09-09');
    const err = await errorOf(packageService({ cwd: serviceDir({ 'serverless.yml': yaml, 'a.yml': part('AlarmA'), 'b.yml': part('AlarmA') }), stage: 'dev' }));
    expect(err.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['duplicate-logical-id', 'custom.stepf.stackResources[1].Resources.AlarmA has the same logical ID as custom.stepf.stackResources[0].Resources.AlarmA'],
    ]);
  });

  it('refuses a section CloudFormation has no place for here, with the nearest key', async () => {
    const err = await errorOf(packageService({ cwd: serviceDir({ 'serverless.yml': config(`      Resource:\n        Spare:\n          Type: AWS::SNS::Topic\n`) }), stage: 'dev' }));
    expect(err.diagnostics[0].path).toEqual(['custom', 'stepf', 'stackResources', 'Resource']);
    expect(`${err.diagnostics[0].message} ${err.diagnostics[0].hint ?? ''}`).toContain('Resources');
  });
});

describe('the resources: entries stepf takes, which serverless deploy deploys too', () => {
  const taken = `resources:\n  Resources:\n${alarm('FailedAlarm').replace(/^  /gm, '')}  Outputs:\n    OrdersArnCopy:\n      Value: !Ref Orders\n`;
  const warningsOf = async (yaml: string) => (await packageService({ cwd: serviceDir({ 'serverless.yml': yaml }), stage: 'dev' })).warnings.filter((w) => w.code === 'resources-deployed-twice');

  it('are named in one warning for the service, at the first of them, saying to keep them while the plugin is listed and where they go after', async () => {
    const yaml = `${config('      {}').replace('custom:\n  stepf:\n    stackResources:\n      {}\n', 'plugins:\n  - serverless-step-functions\n')}${taken}`;
    const warnings = await warningsOf(yaml);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].message).toBe("stepf's stack takes 2 entries of resources: (Resources.FailedAlarm, Outputs.OrdersArnCopy), which serverless deploy deploys too");
    expect(warnings[0].path).toEqual(['resources', 'Resources', 'FailedAlarm']);
    expect(warnings[0].line).toBeGreaterThan(0);
    expect(warnings[0].hint).toMatch(/^keep them in resources: while serverless-step-functions deploys the machines; once it is removed from plugins: .*move them under custom\.stepf\.stackResources/);
  });

  it('without the plugin in plugins:, the warning says serverless deploy makes them again now', async () => {
    const warnings = await warningsOf(`${config('      {}').replace('    stackResources:\n      {}\n', '    stackName: svc-dev-stepf\n')}${taken}`);
    expect(warnings.map((w) => w.hint?.split(':')[0])).toEqual(['without serverless-step-functions, serverless deploy makes them again in its own stack (or fails on a reference to a machine)']);
  });

  it('are not warned about in a service without functions (stepf deploys it alone), nor once they are under custom.stepf.stackResources', async () => {
    const noFunctions = `${config('      {}').replace('functions:\n  worker:\n    handler: h.worker\n', '').replace('    stackResources:\n      {}\n', '    stackName: svc-dev-stepf\n')}${taken}`;
    const alone = await packageService({ cwd: serviceDir({ 'serverless.yml': noFunctions }), stage: 'dev' });
    expect(alone.takenResources.map((e) => `${e.section}.${e.id}`)).toEqual(['Resources.FailedAlarm', 'Outputs.OrdersArnCopy']);
    expect(alone.warnings.filter((w) => w.code === 'resources-deployed-twice')).toEqual([]);
    const moved = config(`      Resources:\n${alarm('FailedAlarm')}      Outputs:\n        OrdersArnCopy:\n          Value: !Ref Orders\n`);
    const r = await packageService({ cwd: serviceDir({ 'serverless.yml': moved }), stage: 'dev' });
    expect(r.warnings.filter((w) => w.code === 'resources-deployed-twice')).toEqual([]);
    expect(Object.keys(r.template.Resources)).toContain('FailedAlarm');
    expect(r.template.Outputs?.OrdersArnCopy).toEqual({ Value: { Ref: 'Orders' } });
  });

  it('are listed with where they are written, a condition that an entry staying with the Serverless stack uses too marked as such', async () => {
    const resources = `resources:\n  Conditions:\n    IsProd: !Equals ['\${sls:stage}', prod]\n  Resources:\n${alarm('FailedAlarm', '          Condition: IsProd\n').replace(/^    /gm, '')}    Spare:\n      Type: AWS::SNS::Topic\n      Condition: IsProd\n`;
    const r = await packageService({ cwd: serviceDir({ 'serverless.yml': `${config('      {}').replace('    stackResources:\n      {}\n', '    stackName: svc-dev-stepf\n')}${resources}` }), stage: 'dev' });
    expect(r.takenResources).toEqual([
      { section: 'Resources', id: 'FailedAlarm', path: ['resources', 'Resources', 'FailedAlarm'] },
      { section: 'Conditions', id: 'IsProd', path: ['resources', 'Conditions', 'IsProd'], alsoStaying: true },
    ]);
  });
});

