// The built CLI (node bin/stepf) against moto server, as a user runs it; results checked through the AWS APIs.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CloudFormationClient, CreateStackCommand, GetTemplateCommand, DescribeStackResourcesCommand, DescribeStacksCommand, ListStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import { APIGatewayClient, GetIntegrationCommand, GetResourcesCommand } from '@aws-sdk/client-api-gateway';
import { EventBridgeClient, ListRulesCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { useEmulator } from '../support/emulator.js';
import { copyFixture } from '../support/cli.js';

const emu = useEmulator({ processEnv: true });
let cfn: CloudFormationClient;
let sfn: SFNClient;

beforeAll(async () => {
  cfn = new CloudFormationClient({});
  sfn = new SFNClient({});
});

const stepf = emu.stepf;

async function stack(name: string) {
  return (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks![0];
}

async function liveStacks(name: string) {
  return ((await cfn.send(new ListStacksCommand({}))).StackSummaries ?? []).filter((s) => s.StackName === name && s.StackStatus !== 'DELETE_COMPLETE');
}

async function machineArn(stackName: string, logicalId: string) {
  const res = (await cfn.send(new DescribeStackResourcesCommand({ StackName: stackName }))).StackResources ?? [];
  return res.find((r) => r.LogicalResourceId === logicalId)?.PhysicalResourceId;
}

describe('stepf deploy after the resources: entries moved to custom.stepf.stackResources (built CLI against moto server)', () => {
  it('is a no-op on the stack deployed before the move: the moved queue stays, up to date', async () => {
    const before = copyFixture('demo');
    const S = ['--stack-name', 'demo-moved-dev'];
    const first = await stepf(before, ['deploy', '--stage', 'dev', ...S, '--json']);
    expect(first.code, first.stderr).toBe(0);
    const queue = await machineArn('demo-moved-dev', 'ReceiptsQueue');
    expect(queue).toMatch(/stepf-demo-receipts-dev/);
    const after = mkdtempSync(join(tmpdir(), 'stepf-migrated-demo-'));
    cpSync(join(__dirname, '../../fixtures/migrated/demo'), after, { recursive: true });
    const again = await stepf(after, ['deploy', '--stage', 'dev', ...S]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/is up to date/);
    expect(await machineArn('demo-moved-dev', 'ReceiptsQueue')).toBe(queue);
  });
});

describe('stepf deploy / info / remove (built CLI against moto server)', () => {
  it('deploys the hello fixture, redeploys it unchanged as a no-op, updates it, shows info and removes it', async () => {
    const dir = copyFixture('hello');
    // A stack of its own name (test/cli/generated-names.test.ts deploys this fixture under the default one).
    const S = ['--stack-name', 'hello-dev'];
    const first = await stepf(dir, ['deploy', '--stage', 'dev', ...S, '--json']);
    expect(first.stderr).not.toMatch(/NodeVersionSupportWarning/);
    expect(first.code, first.stderr).toBe(0);
    const result = JSON.parse(first.stdout);
    expect(result.result).toBe('deployed');
    const name = result.stackName as string;
    expect(name).toBe('hello-dev');
    expect((await stack(name)).StackStatus).toBe('CREATE_COMPLETE');
    const logicalId = result.machines[0].logicalId as string;
    const arn = await machineArn(name, logicalId);
    expect(arn).toMatch(/^arn:aws:states:us-east-1:123456789012:stateMachine:/);
    expect(result.machines[0].arn).toBe(arn);

    const again = await stepf(dir, ['deploy', '--stage', 'dev', ...S]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/is up to date/);

    const yml = join(dir, 'serverless.yml');
    writeFileSync(yml, readFileSync(yml, 'utf8').replace('A Hello World example', 'An updated Hello World example'));
    const update = await stepf(dir, ['deploy', '--stage', 'dev', ...S, '--verbose']);
    expect(update.code, update.stderr).toBe(0);
    expect(update.stderr).toMatch(/Modify\s+\S+\s+AWS::StepFunctions::StateMachine/);
    expect(update.stderr).toMatch(/this deploy made \d+ AWS API calls/);
    expect((await stack(name)).StackStatus).toBe('UPDATE_COMPLETE');
    const def = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    expect(JSON.parse(def.definition!).Comment).toMatch(/^An updated Hello World/);

    const info = await stepf(dir, ['info', '--stage', 'dev', ...S, '--json']);
    expect(info.code, info.stderr).toBe(0);
    const i = JSON.parse(info.stdout);
    expect(i.stackStatus).toBe('UPDATE_COMPLETE');
    expect(i.machines[0]).toMatchObject({ arn, lastExecution: null });

    const refused = await stepf(dir, ['remove', '--stage', 'dev', ...S]);
    expect(refused.code).toBe(7);
    expect((await stack(name)).StackStatus).toBe('UPDATE_COMPLETE');
    const removed = await stepf(dir, ['remove', '--stage', 'dev', ...S, '--yes']);
    expect(removed.code, removed.stderr).toBe(0);
    expect(await liveStacks(name)).toEqual([]);
    const none = await stepf(dir, ['remove', '--stage', 'dev', ...S, '--yes']);
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/does not exist.*nothing to remove/);
  });

  it('deploys the s3-trigger fixture with its named machine and its Output', async () => {
    const dir = copyFixture('s3-trigger');
    const r = await stepf(dir, ['deploy', '--stage', 'test', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const arn = await machineArn(out.stackName, out.machines[0].logicalId);
    expect(arn).toMatch(/:stateMachine:MyStateMachine$/);
    expect((await stack(out.stackName)).StackStatus).toBe('CREATE_COMPLETE');
  });

  it('useExactVersion: deploy reads the version ARN from the Serverless stack\'s <Fn>QualifiedArn output into the definition and the role; configureTaskTimeouts sets TimeoutSeconds', async () => {
    const dir = copyFixture('task-options');
    const missing = await stepf(dir, ['deploy', '--stage', 'dev', '--json']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/stepf-taskopts-dev does not exist/);
    expect(await liveStacks('stepf-taskopts-dev-stepf')).toEqual([]);

    const version = 'arn:aws:lambda:us-east-1:123456789012:function:stepf-taskopts-dev-hello:7';
    await cfn.send(
      new CreateStackCommand({
        StackName: 'stepf-taskopts-dev',
        TemplateBody: JSON.stringify({
          Resources: { Q: { Type: 'AWS::SQS::Queue' } },
          Outputs: { HelloLambdaFunctionQualifiedArn: { Value: version }, WorkerLambdaFunctionQualifiedArn: { Value: `${version.slice(0, -8)}worker:3` } },
        }),
      }),
    );
    const r = await stepf(dir, ['deploy', '--stage', 'dev', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const pinned = await machineArn(out.stackName, 'PinnedDashdev');
    const def = JSON.parse((await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: pinned }))).definition!);
    expect(def.States.Hello.Resource).toBe(version);
    const timed = await machineArn(out.stackName, 'TimedDashdev');
    const timedDef = JSON.parse((await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: timed }))).definition!);
    expect([timedDef.States.Hello.TimeoutSeconds, timedDef.States.Work.TimeoutSeconds, timedDef.States.TooLong.TimeoutSeconds]).toEqual([30, 10, 60]);
    const template = JSON.parse((await cfn.send(new GetTemplateCommand({ StackName: out.stackName }))).TemplateBody!);
    expect(template.Resources.PinnedDashdevRole.Properties.Policies[0].PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: [{ Ref: 'HelloLambdaFunctionQualifiedArn' }] },
    ]);
  });

  it('deploys the distributed-map fixture: its self policy (the machine\'s grant on its own executions, a Ref to the machine) is created beside the role and the machine (cycles are checked by cfn-lint on the golden; moto does not enforce IAM)', async () => {
    const dir = copyFixture('distributed-map');
    const r = await stepf(dir, ['deploy', '--stage', 'dev', '--stack-name', 'dmap-dev', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const res = (await cfn.send(new DescribeStackResourcesCommand({ StackName: 'dmap-dev' }))).StackResources ?? [];
    const status = Object.fromEntries(res.map((x) => [x.LogicalResourceId, `${x.ResourceType} ${x.ResourceStatus}`]));
    expect(status).toMatchObject({
      FanoutStepFunctionsStateMachine: 'AWS::StepFunctions::StateMachine CREATE_COMPLETE',
      FanoutStepFunctionsStateMachineRole: 'AWS::IAM::Role CREATE_COMPLETE',
      FanoutStepFunctionsStateMachineSelfPolicy: 'AWS::IAM::Policy CREATE_COMPLETE',
    });
  });

  it('deploys the sample-app fixture: its http endpoint exists in API Gateway with a StartExecution integration (moto stores APIs but serves none, and drops integration credentials and templates)', async () => {
    const dir = copyFixture('sample-app');
    const r = await stepf(dir, ['deploy', '--stage', 'dev', '--stack-name', 'sample-dev', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.endpoints).toEqual([{ method: 'POST', url: expect.stringMatching(/^https:\/\/.+\/dev\/startEC2$/) }]);
    const res = (await cfn.send(new DescribeStackResourcesCommand({ StackName: 'sample-dev' }))).StackResources ?? [];
    const apiId = res.find((x) => x.LogicalResourceId === 'ApiGatewayRestApi')!.PhysicalResourceId!;
    const apigw = new APIGatewayClient({});
    const resources = (await apigw.send(new GetResourcesCommand({ restApiId: apiId }))).items ?? [];
    const start = resources.find((x) => x.path === '/startEC2');
    expect(start).toBeDefined();
    const integration = await apigw.send(new GetIntegrationCommand({ restApiId: apiId, resourceId: start!.id!, httpMethod: 'POST' }));
    expect(integration.type).toBe('AWS');
    expect(integration.uri).toMatch(/states:action\/StartExecution$/);
    const role = res.find((x) => x.LogicalResourceId === 'ApigatewayToStepFunctionsRole')!.PhysicalResourceId!;
    // moto's CloudFormation drops an integration's Credentials and RequestTemplates (checked: GetIntegration
    // returns neither), so those are checked in the template CloudFormation holds for the stack instead.
    const body = JSON.parse((await cfn.send(new GetTemplateCommand({ StackName: 'sample-dev' }))).TemplateBody!);
    const integ = body.Resources.ApiGatewayMethodStartec2Post.Properties.Integration;
    expect(integ.Credentials).toEqual({ 'Fn::GetAtt': ['ApigatewayToStepFunctionsRole', 'Arn'] });
    expect(role).toContain('ApigatewayToStepFunctionsRole');
    expect(Object.keys(integ.RequestTemplates)).toContain('application/json');
    expect((await stepf(dir, ['remove', '--stage', 'dev', '--stack-name', 'sample-dev', '--yes'])).code).toBe(0);
  });

  it('deploys the events-schedule fixture: its EventBridge rules target the machine (moto skips Scheduler::Schedule)', async () => {
    const dir = copyFixture('events-schedule');
    const r = await stepf(dir, ['deploy', '--stage', 'dev', '--stack-name', 'sched-dev', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const arn = await machineArn('sched-dev', 'NightlyDashreportDashdev');
    const events = new EventBridgeClient({});
    const rules = (await events.send(new ListRulesCommand({}))).Rules ?? [];
    const rate = rules.find((x) => x.ScheduleExpression === 'rate(10 minutes)');
    expect(rate).toBeDefined();
    const targets = (await events.send(new ListTargetsByRuleCommand({ Rule: rate!.Name! }))).Targets ?? [];
    expect(targets.map((t) => t.Arn)).toEqual([arn]);
    expect((await stepf(dir, ['remove', '--stage', 'dev', '--stack-name', 'sched-dev', '--yes'])).code).toBe(0);
  });

  it('--no-execute leaves a REVIEW_IN_PROGRESS stack; deploy then creates it, and remove deletes one left so', async () => {
    const dir = copyFixture('hello');
    const plan = await stepf(dir, ['deploy', '--stage', 'review', '--stack-name', 'hello-review', '--no-execute']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/change set created and not executed/);
    const name = 'hello-review';
    expect((await stack(name)).StackStatus).toBe('REVIEW_IN_PROGRESS');
    const go = await stepf(dir, ['deploy', '--stage', 'review', '--stack-name', 'hello-review']);
    expect(go.code, go.stderr).toBe(0);
    expect(go.stderr).toMatch(/REVIEW_IN_PROGRESS.*deleting it and creating it again/);
    expect((await liveStacks(name)).map((s) => s.StackStatus)).toEqual(['CREATE_COMPLETE']);
    const planned = await stepf(dir, ['deploy', '--stage', 'review2', '--stack-name', 'hello-review2', '--no-execute']);
    expect(planned.code).toBe(0);
    const rm = await stepf(dir, ['remove', '--stage', 'review2', '--stack-name', 'hello-review2', '--yes']);
    expect(rm.code, rm.stderr).toBe(0);
    expect(await liveStacks('hello-review2')).toEqual([]);
  });

  it('removing a state machine needs --yes without a terminal (exit 7) and leaves the change set', async () => {
    const dir = copyFixture('hello');
    const yml = join(dir, 'serverless.yml');
    const two = readFileSync(yml, 'utf8') + `    second:\n      definition:\n        StartAt: P\n        States:\n          P:\n            Type: Pass\n            End: true\n`;
    writeFileSync(yml, two);
    expect((await stepf(dir, ['deploy', '--stage', 'appr', '--stack-name', 'appr'])).code).toBe(0);
    writeFileSync(yml, two.replace(/    second:[\s\S]*$/, ''));
    const stop = await stepf(dir, ['deploy', '--stage', 'appr', '--stack-name', 'appr']);
    expect(stop.code).toBe(7);
    expect(stop.stderr).toMatch(/needs approval: it loses the execution history of SecondStepFunctionsStateMachine \(deleted\)/);
    expect(stop.stderr).toMatch(/--yes/);
    const go = await stepf(dir, ['deploy', '--stage', 'appr', '--stack-name', 'appr', '--yes']);
    expect(go.code, go.stderr).toBe(0);
  });
});
