// versions: true and aliases (compile/versions.ts): what the template gets, from real configs through packageService.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageService, type PackageOptions } from '../../src/pipeline.js';
import { diffTemplates } from '../../src/diff/index.js';
import { planHotswap } from '../../src/diff/hotswap.js';

const MACHINE = (extra: string, states = 'A: { Type: Pass, End: true }') => `
    orders:
${extra}
      definition:
        StartAt: A
        States:
          ${states}`;

function service(machines: string, top = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'stepf-versions-'));
  writeFileSync(join(dir, 'serverless.yml'), `service: svc\nprovider:\n  name: aws\n  region: us-east-1\n${top}stepFunctions:\n  stateMachines:${machines}\n`);
  return dir;
}

async function pkg(dir: string, opts: Partial<PackageOptions> = {}) {
  return packageService({ cwd: dir, stage: 'dev', ...opts });
}

const ALIAS = '      versions: true\n      aliases:\n        - name: live';

describe('versions and aliases in the template', () => {
  it('a version carries the deploy description, cut to the 256 characters PublishStateMachineVersion takes', async () => {
    const dir = service(MACHINE('      versions: true'));
    const short = await pkg(dir, { versionDescription: () => 'abc1234 Faster refunds' });
    expect(short.template.Resources.OrdersStepFunctionsStateMachineVersion.Properties!.Description).toBe('abc1234 Faster refunds');
    const long = await pkg(dir, { versionDescription: () => 'x'.repeat(300) });
    expect(long.template.Resources.OrdersStepFunctionsStateMachineVersion.Properties!.Description).toBe('x'.repeat(256));
    const none = await pkg(dir, { versionDescription: () => undefined });
    expect(none.template.Resources.OrdersStepFunctionsStateMachineVersion.Properties).not.toHaveProperty('Description');
  });

  it('the description (and so git) is not asked for when no machine publishes versions', async () => {
    let asked = 0;
    await pkg(service(MACHINE('')), { versionDescription: () => `${++asked}` });
    expect(asked).toBe(0);
  });

  it('an alias without deployment routes all executions to the newest version, and its ARN is an Output beside the machine\'s', async () => {
    const { template } = await pkg(service(MACHINE(ALIAS)));
    expect(template.Resources.OrdersStepFunctionsStateMachineLiveAlias).toEqual({
      Type: 'AWS::StepFunctions::StateMachineAlias',
      Properties: { Name: 'live', RoutingConfiguration: [{ StateMachineVersionArn: { Ref: 'OrdersStepFunctionsStateMachineVersion' }, Weight: 100 }] },
    });
    expect(template.Outputs!.OrdersStepFunctionsStateMachineArn).toBeDefined();
    expect(template.Outputs!.OrdersStepFunctionsStateMachineLiveAliasArn).toEqual({ Description: 'Alias live of the state machine', Value: { Ref: 'OrdersStepFunctionsStateMachineLiveAlias' } });
  });

  it('noOutput drops the alias Output too', async () => {
    const dir = service(MACHINE(ALIAS));
    writeFileSync(join(dir, 'serverless.yml'), `${(await import('node:fs')).readFileSync(join(dir, 'serverless.yml'), 'utf8')}  noOutput: true\n`);
    const { template } = await pkg(dir);
    expect(template.Resources.OrdersStepFunctionsStateMachineLiveAlias).toBeDefined();
    expect(template.Outputs ?? {}).toEqual({});
  });

  it('a resources: alarm named by a deployment moves into stepf\'s stack; unnamed, it stays with the Serverless stack', async () => {
    const alarm = `functions:\n  f:\n    handler: h.f\nresources:\n  Resources:\n    SlowAlarm:\n      Type: AWS::CloudWatch::Alarm\n      Properties: { Namespace: AWS/States, MetricName: ExecutionTime, Statistic: Average, Period: 60, EvaluationPeriods: 1, Threshold: 1000, ComparisonOperator: GreaterThanThreshold }\n`;
    const watched = await pkg(service(MACHINE(`${ALIAS}\n          deployment: { type: CANARY, percentage: 10, interval: 5, alarms: [SlowAlarm] }`), alarm));
    expect(watched.template.Resources.SlowAlarm?.Type).toBe('AWS::CloudWatch::Alarm');
    expect((watched.template.Resources.OrdersStepFunctionsStateMachineLiveAlias.Properties!.DeploymentPreference as { Alarms: unknown }).Alarms).toEqual([{ Ref: 'SlowAlarm' }]);
    const unwatched = await pkg(service(MACHINE(ALIAS), alarm));
    expect(unwatched.template.Resources.SlowAlarm).toBeUndefined();
  });

  it('an alarm named twice (by metric and by its logical ID) is watched once', async () => {
    const cfg = `${ALIAS}\n          deployment: { type: LINEAR, percentage: 50, interval: 1, alarms: [executionsFailed, OrdersStepFunctionsStateMachineExecutionsFailedAlarm] }\n      alarms:\n        topics: { alarm: arn:aws:sns:us-east-1:123456789012:t }\n        metrics: [executionsFailed]`;
    const { template } = await pkg(service(MACHINE(cfg)));
    expect((template.Resources.OrdersStepFunctionsStateMachineLiveAlias.Properties!.DeploymentPreference as { Alarms: unknown }).Alarms).toEqual([
      { Ref: 'OrdersStepFunctionsStateMachineExecutionsFailedAlarm' },
    ]);
  });

  it('a resources: entry that is not an alarm is an error naming its type', async () => {
    const top = `resources:\n  Resources:\n    Topic:\n      Type: AWS::SNS::Topic\n`;
    await expect(pkg(service(MACHINE(`${ALIAS}\n          deployment: { type: ALL_AT_ONCE, alarms: [Topic] }`), top))).rejects.toMatchObject({
      diagnostics: [expect.objectContaining({ message: '"Topic" is an AWS::SNS::Topic, not an AWS::CloudWatch::Alarm', path: ['stepFunctions', 'stateMachines', 'orders', 'aliases', 0, 'deployment', 'alarms', 0], line: expect.any(Number) })],
    });
  });

  it('aliases named live and Live collide (their logical IDs would be the same)', async () => {
    await expect(pkg(service(MACHINE('      versions: true\n      aliases:\n        - name: live\n        - name: Live')))).rejects.toMatchObject({
      diagnostics: [expect.objectContaining({ code: 'duplicate-alias', path: ['stepFunctions', 'stateMachines', 'orders', 'aliases', 1, 'name'] })],
    });
  });

  it('a definition change of a machine that publishes versions is not hotswapped: CloudFormation publishes the version and moves the alias', async () => {
    const before = (await pkg(service(MACHINE(ALIAS)))).template;
    const after = (await pkg(service(MACHINE(ALIAS, 'A: { Type: Pass, Result: 2, End: true }')))).template;
    const plan = planHotswap(diffTemplates({ deployed: before, next: after }), before, after);
    expect(plan.machines).toEqual([]);
    expect(plan.blockers).toEqual(['state machine OrdersStepFunctionsStateMachine publishes versions (versions: true): CloudFormation publishes the new version and moves its aliases']);
  });
});
