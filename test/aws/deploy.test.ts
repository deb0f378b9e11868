// src/aws deploy against moto server (real HTTP, real SDK). Results are checked through the AWS APIs.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  GetStackPolicyCommand,
  ListChangeSetsCommand,
  ListStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { DescribeExecutionCommand, DescribeStateMachineCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { GetBucketPolicyCommand, GetPublicAccessBlockCommand, GetBucketEncryptionCommand, S3Client, ListObjectsV2Command, CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AwsClients } from '../../src/aws/clients.js';
import { deployStack, type DeployRequest } from '../../src/aws/deploy.js';
import { findStack, removeStack } from '../../src/aws/remove.js';
import { readCrossStackParameters } from '../../src/aws/parameters.js';
import { createRemoteSources } from '../../src/aws/remote-sources.js';
import { stepfBucketName } from '../../src/aws/template-upload.js';
import { ApprovalRequired, AwsError } from '../../src/errors.js';
import { useEmulator } from '../support/emulator.js';
import type { Template } from '../../src/compile/types.js';
import { baseRequest, passMachine, recordingSink, template } from './helpers.js';

const emu = useEmulator({ processEnv: true });
let cfn: CloudFormationClient;
let sfn: SFNClient;
let s3: S3Client;

beforeAll(async () => {
  cfn = new CloudFormationClient({});
  sfn = new SFNClient({});
  s3 = new S3Client({ forcePathStyle: true });
});

function deps() {
  const aws = new AwsClients({ region: 'us-east-1' });
  return { aws, sink: recordingSink() };
}

function req(stackName: string, body: Template, extra: Partial<DeployRequest> = {}): DeployRequest {
  return { ...baseRequest, stackName, template: body, ...extra };
}

async function resourcesOf(stackName: string) {
  return (await cfn.send(new DescribeStackResourcesCommand({ StackName: stackName }))).StackResources ?? [];
}

/** Change sets of the stack not executed yet (moto lists executed ones and ignores the StackName filter). */
async function openChangeSets(stackName: string) {
  const all = (await cfn.send(new ListChangeSetsCommand({ StackName: stackName }))).Summaries ?? [];
  return all.filter((c) => c.StackName === stackName && c.ExecutionStatus !== 'EXECUTE_COMPLETE');
}

async function stacksNamed(name: string) {
  const all = (await cfn.send(new ListStacksCommand({}))).StackSummaries ?? [];
  return all.filter((s) => s.StackName === name && s.StackStatus !== 'DELETE_COMPLETE');
}

async function runToEnd(arn: string): Promise<string | undefined> {
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: `t-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`, input: '{}' }));
  for (let i = 0; i < 100; i++) {
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (d.status !== 'RUNNING') return d.output;
    await new Promise((r) => setTimeout(r, 50));
  }
  return undefined;
}

describe('deploy through change sets (moto server)', () => {
  it('creates a stack whose state machine exists and runs through the Step Functions API', async () => {
    const d = deps();
    const out = await deployStack(d, req('create-run', template(passMachine('Hello', 'create-run-hello'))));
    expect(out.result).toBe('deployed');
    expect(out.stackStatus).toBe('CREATE_COMPLETE');
    const machine = (await resourcesOf('create-run')).find((r) => r.LogicalResourceId === 'Hello');
    expect(machine?.PhysicalResourceId).toMatch(/^arn:aws:states:us-east-1:123456789012:stateMachine:create-run-hello$/);
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: machine!.PhysicalResourceId }));
    expect(JSON.parse(described.definition!).States.P.Result).toEqual({ v: 'one' });
    expect(JSON.parse((await runToEnd(machine!.PhysicalResourceId!)) ?? 'null')).toEqual({ v: 'one' });
    expect(d.sink.tables[0].map((r) => [r.action, r.logicalId])).toEqual(expect.arrayContaining([['Add', 'Hello'], ['Add', 'HelloRole']]));
    expect(d.sink.events.some((e) => e.status === 'CREATE_COMPLETE')).toBe(true);
  });

  it('an unchanged redeploy is up to date and leaves no change set behind', async () => {
    const body = template(passMachine('Hello', 'same-hello'));
    await deployStack(deps(), req('same', body));
    const again = await deployStack(deps(), req('same', body));
    expect(again.result).toBe('up-to-date');
    expect(await openChangeSets('same')).toEqual([]);
  });

  it('an unchanged redeploy of a stack with Parameters is up to date (moto refuses CreateChangeSet for it)', async () => {
    const body = template(passMachine('Hello', 'param-hello'), { Parameters: { Q: { Type: 'String' } } });
    const params = [{ key: 'Q', value: 'queue-1' }];
    await deployStack(deps(), req('with-params', body, { parameters: params }));
    const again = await deployStack(deps(), req('with-params', body, { parameters: params }));
    expect(again.result).toBe('up-to-date');
  });

  it('an update with a changed definition modifies the machine in place', async () => {
    await deployStack(deps(), req('update', template(passMachine('Hello', 'update-hello', 'one'))));
    const d = deps();
    const out = await deployStack(d, req('update', template(passMachine('Hello', 'update-hello', 'two'))));
    expect(out.result).toBe('deployed');
    expect(out.stackStatus).toBe('UPDATE_COMPLETE');
    expect(out.changes.find((c) => c.logicalId === 'Hello')?.action).toBe('Modify');
    const arn = (await resourcesOf('update')).find((r) => r.LogicalResourceId === 'Hello')!.PhysicalResourceId!;
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    expect(JSON.parse(described.definition!).States.P.Result).toEqual({ v: 'two' });
    expect(JSON.parse((await runToEnd(arn)) ?? 'null')).toEqual({ v: 'two' });
  });

  it('a change set that deletes a state machine stops with exit 7 when nobody can approve, is "not executed" when the person says no, and leaves the change set either way', async () => {
    await deployStack(deps(), req('approval', template({ ...passMachine('A', 'approval-a'), ...passMachine('B', 'approval-b') })));
    const next = template(passMachine('A', 'approval-a'));
    const err = await deployStack(deps(), req('approval', next)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApprovalRequired);
    expect((err as ApprovalRequired).exitCode).toBe(7);
    expect((err as Error).message).toContain('B (deleted)');
    expect(await openChangeSets('approval')).toHaveLength(1);
    expect((await resourcesOf('approval')).map((r) => r.LogicalResourceId)).toContain('B');
    // answered "no" in a terminal: the person's choice, not an error: not executed, the change set left
    const no = await deployStack(deps(), req('approval', next, { confirm: async () => false }));
    expect(no.result).toBe('not-executed');
    expect(no.left).toMatch(/^the change set is left for review \(arn:aws:cloudformation:.+\) and stack approval is unchanged; the next `stepf deploy` makes a new change set$/);
    expect(await openChangeSets('approval')).toHaveLength(2);
    expect((await resourcesOf('approval')).map((r) => r.LogicalResourceId)).toContain('B');
    // --yes executes it
    const yes = await deployStack(deps(), req('approval', next, { yes: true }));
    expect(yes.result).toBe('deployed');
    expect((await resourcesOf('approval')).map((r) => r.LogicalResourceId)).not.toContain('B');
  });

  it('--no-execute leaves a REVIEW_IN_PROGRESS stack that the next deploy deletes and creates again', async () => {
    const body = template(passMachine('Hello', 'review-hello'));
    const first = await deployStack(deps(), req('review', body, { execute: false }));
    expect(first.result).toBe('change-set-created');
    expect((await cfn.send(new DescribeStacksCommand({ StackName: 'review' }))).Stacks?.[0].StackStatus).toBe('REVIEW_IN_PROGRESS');
    const d = deps();
    const second = await deployStack(d, req('review', body));
    expect(second.result).toBe('deployed');
    expect(d.sink.notes.join('\n')).toMatch(/REVIEW_IN_PROGRESS.*deleting it and creating it again/);
    const live = await stacksNamed('review');
    expect(live.map((s) => s.StackStatus)).toEqual(['CREATE_COMPLETE']);
  });

  it('a resource moto rejects fails the deploy with its reason, and the next deploy recovers', async () => {
    const bad = template(passMachine('Hello', 'x'.repeat(90)));
    const err = await deployStack(deps(), req('failing', bad)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsError);
    expect((err as AwsError).message).toMatch(/length less than or equal to 80/);
    expect((err as AwsError).hint).toMatch(/next `stepf deploy` deletes this unfinished stack/);
    const ok = await deployStack(deps(), req('failing', template(passMachine('Hello', 'failing-ok'))));
    expect(ok.result).toBe('deployed');
    expect((await stacksNamed('failing')).map((s) => s.StackStatus)).toEqual(['CREATE_COMPLETE']);
  });

  it('puts stack tags, notification ARNs and the stack policy on the stack', async () => {
    // no SNS client in the project: create the topic through the Query API
    const topic = await fetch(emu.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/sns/aws4_request' },
      body: 'Action=CreateTopic&Name=stack-events&Version=2010-03-31',
    });
    expect(topic.status).toBe(200);
    const policy = [{ Effect: 'Allow', Principal: '*', Action: 'Update:*', Resource: '*' }];
    await deployStack(
      deps(),
      req('settings', template(passMachine('Hello', 'settings-hello')), {
        tags: { team: 'orders', cost: '42' },
        notificationArns: ['arn:aws:sns:us-east-1:123456789012:stack-events'],
        policy,
      }),
    );
    const s = (await cfn.send(new DescribeStacksCommand({ StackName: 'settings' }))).Stacks![0];
    expect(Object.fromEntries((s.Tags ?? []).map((t) => [t.Key, t.Value]))).toEqual({ team: 'orders', cost: '42' });
    expect(s.NotificationARNs).toEqual(['arn:aws:sns:us-east-1:123456789012:stack-events']);
    const p = await cfn.send(new GetStackPolicyCommand({ StackName: 'settings' }));
    expect(JSON.parse(p.StackPolicyBody!)).toEqual({ Statement: policy });
  });

  it('a template over 51,200 bytes goes through a deployment bucket stepf creates encrypted and private, and reuses', async () => {
    const resources = passMachine('Hello', 'large-hello');
    (resources.Hello.Properties as Record<string, unknown>).DefinitionString = JSON.stringify({
      Comment: 'x'.repeat(60_000),
      StartAt: 'P',
      States: { P: { Type: 'Pass', End: true } },
    });
    const d = deps();
    const out = await deployStack(d, req('large', template(resources)));
    expect(out.result).toBe('deployed');
    const bucket = stepfBucketName('123456789012', 'us-east-1');
    const objects = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(objects.Contents?.[0]?.Key).toMatch(/^stepf\/large\/[0-9a-f]{16}\.json$/);
    const block = await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }));
    expect(block.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    const enc = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
    expect(enc.ServerSideEncryptionConfiguration?.Rules?.[0].ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe('AES256');
    // moto enforces aws:SecureTransport and is served over plain HTTP: the TLS-only policy is left off there
    // (and stepf says so); that the policy is set over HTTPS is shown in test/aws/bucket.test.ts.
    expect(await s3.send(new GetBucketPolicyCommand({ Bucket: bucket })).catch((e: Error) => e.name)).toBe('NoSuchBucketPolicy');
    expect(d.sink.warnings.join('\n')).toMatch(/plain HTTP.*no TLS-only policy/);
    expect(d.sink.notes.join('\n')).toMatch(/creating deployment bucket/);
    // a second large deploy reuses the bucket
    const d2 = deps();
    (resources.Hello.Properties as Record<string, unknown>).DefinitionString = JSON.stringify({ Comment: 'y'.repeat(60_000), StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    await deployStack(d2, req('large', template(resources)));
    expect(d2.sink.notes.join('\n')).not.toMatch(/creating deployment bucket/);
  });

  it('uses provider.deploymentBucket for large templates when given', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'team-deploys' }));
    const resources = passMachine('Hello', 'own-bucket-hello');
    (resources.Hello.Properties as Record<string, unknown>).DefinitionString = JSON.stringify({ Comment: 'z'.repeat(60_000), StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    await deployStack(deps(), req('own-bucket', template(resources), { deploymentBucket: 'team-deploys' }));
    const objects = await s3.send(new ListObjectsV2Command({ Bucket: 'team-deploys' }));
    expect(objects.Contents?.map((o) => o.Key)).toEqual([expect.stringMatching(/^stepf\/own-bucket\//)]);
  });

  it('reads cross-stack parameter values from the Serverless stack', async () => {
    await cfn.send(
      new CreateStackCommand({
        StackName: 'svc-dev',
        TemplateBody: JSON.stringify(template({ Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'svc-dev-queue' } } })),
      }),
    );
    const aws = new AwsClients({ region: 'us-east-1' });
    const values = await readCrossStackParameters(aws, [{ name: 'QueueRef', description: '', source: { stackName: 'svc-dev', logicalId: 'Queue', kind: 'physicalId' } }]);
    expect(values).toEqual([{ key: 'QueueRef', value: expect.stringContaining('svc-dev-queue') }]);
    const missing = await readCrossStackParameters(aws, [{ name: 'X', description: '', source: { stackName: 'nope-dev', logicalId: 'Queue', kind: 'physicalId' } }]).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(AwsError);
    expect((missing as AwsError).message).toMatch(/stack nope-dev does not exist/);
  });

  it('remove deletes the stack, and a stack left in REVIEW_IN_PROGRESS', async () => {
    await deployStack(deps(), req('gone', template(passMachine('Hello', 'gone-hello'))));
    await deployStack(deps(), req('gone-review', template(passMachine('Hello', 'gone-review-hello')), { execute: false }));
    for (const name of ['gone', 'gone-review']) {
      const d = deps();
      const stack = await findStack(d, name);
      expect(stack).toBeDefined();
      const out = await removeStack(d, stack!, { timeoutMs: 60_000, retainedLogicalIds: [] });
      expect(out.result).toBe('removed');
      expect(await findStack(deps(), name)).toBeUndefined();
      expect(await stacksNamed(name)).toEqual([]);
    }
  });

  it('remote variable sources read SSM, stack outputs and S3 objects, and undefined for missing ones', async () => {
    await new SSMClient({}).send(new PutParameterCommand({ Name: '/svc/dev/table', Value: 'orders', Type: 'String' }));
    await cfn.send(new CreateStackCommand({ StackName: 'outputs-src', TemplateBody: JSON.stringify(template({ Q: { Type: 'AWS::SQS::Queue' } }, { Outputs: { Name: { Value: 'hello-output' } } })) }));
    await s3.send(new CreateBucketCommand({ Bucket: 'vars' }));
    await s3.send(new PutObjectCommand({ Bucket: 'vars', Key: 'k.txt', Body: 'from-s3' }));
    const r = createRemoteSources({ region: 'us-east-1' });
    expect(await r.ssm('/svc/dev/table', { decrypt: true })).toBe('orders');
    expect(await r.ssm('/svc/dev/missing', { decrypt: true })).toBeUndefined();
    expect(await r.cf('outputs-src', 'Name')).toBe('hello-output');
    expect(await r.cf('no-such-stack', 'Name')).toBeUndefined();
    expect(await r.s3('vars', 'k.txt')).toBe('from-s3');
    expect(await r.s3('vars', 'missing.txt')).toBeUndefined();
  });

  it('counts every AWS API call of a deploy', async () => {
    const d = deps();
    await deployStack(d, req('counted', template(passMachine('Hello', 'counted-hello'))));
    expect(d.aws.callCount).toBe(d.aws.calls.length);
    // The fixed machine name is looked up first (the account from STS, as there is no stack yet).
    expect(d.aws.calls.map((c) => c.operation)).toEqual([
      'DescribeStacks', 'GetCallerIdentity', 'DescribeStateMachine', 'CreateChangeSet', 'DescribeChangeSet', 'ExecuteChangeSet', 'DescribeStacks', 'DescribeStackEvents',
    ]);
    expect(d.aws.summary()).toMatch(/^8 AWS API calls \(cloudformation:DescribeStacks 2/);
  });
});
