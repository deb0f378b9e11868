// readDeployed: what a stack holds, read back the way deploy, info, invoke and graph read it.
import { describe, expect, it } from 'vitest';
import { CloudFormationClient, DescribeStackResourcesCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { AwsClients } from '../../src/aws/clients.js';
import { deployStack } from '../../src/aws/deploy.js';
import { listResources, readDeployed } from '../../src/aws/deployed.js';
import type { MachineSummary } from '../../src/compile/types.js';
import { useEmulator } from '../support/emulator.js';
import { useInjected } from '../support/injected.js';
import { baseRequest, passMachine, recordingSink, template } from './helpers.js';

const hello: MachineSummary = { key: 'hello', logicalId: 'Hello', type: 'STANDARD', states: 1 } as MachineSummary;

describe('readDeployed against moto server', () => {
  useEmulator({ processEnv: true });

  it('reads every resource of a stack of more than 100 (moto answers ListStackResources in one page) and finds the machine among them', async () => {
    const queues = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`Queue${i}`, { Type: 'AWS::SQS::Queue' }]));
    const aws = new AwsClients({ region: 'us-east-1' });
    const out = await deployStack(
      { aws, sink: recordingSink() },
      { ...baseRequest, stackName: 'many-resources', template: template({ ...queues, ...passMachine('Hello', 'many-hello') }), readBack: { machines: [hello], stage: 'dev' } },
    );
    expect(out.result).toBe('deployed');
    expect(out.deployed?.resources).toHaveLength(122);
    expect(out.deployed?.machines).toEqual([expect.objectContaining({ key: 'hello', logicalId: 'Hello', arn: expect.stringMatching(/:stateMachine:many-hello$/) })]);
    // The same stack through the reader invoke and graph use (resources only, no DescribeStacks).
    const before = aws.callCount;
    const lean = await readDeployed(aws, 'many-resources', { stack: false, machines: [hello] });
    expect(lean?.machines[0].arn).toBe(out.deployed?.machines[0].arn);
    expect(aws.calls.slice(before).map((c) => c.operation)).toEqual(['ListStackResources']);
  });

  it('a stack that does not exist reads as undefined, with or without DescribeStacks', async () => {
    const aws = new AwsClients({ region: 'us-east-1' });
    expect(await readDeployed(aws, 'no-such-stack')).toBeUndefined();
    expect(await readDeployed(aws, 'no-such-stack', { stack: false })).toBeUndefined();
  });
});

describe('readDeployed paging (injected: moto never pages ListStackResources)', () => {
  const cf = useInjected(CloudFormationClient);

  it('follows NextToken to the last page, and never asks DescribeStackResources (which stops at 100)', async () => {
    const at = new Date('2026-01-01T00:00:00Z');
    const done = 'CREATE_COMPLETE' as const;
    const page = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => ({ LogicalResourceId: `Q${from + i}`, PhysicalResourceId: `q${from + i}`, ResourceType: 'AWS::SQS::Queue', ResourceStatus: done, LastUpdatedTimestamp: at }));
    cf.on(ListStackResourcesCommand, { StackName: 'big', NextToken: undefined }).resolves({ StackResourceSummaries: page(0, 100), NextToken: 't1' });
    cf.on(ListStackResourcesCommand, { StackName: 'big', NextToken: 't1' }).resolves({
      StackResourceSummaries: [...page(100, 99), { LogicalResourceId: 'Hello', PhysicalResourceId: 'arn:aws:states:us-east-1:123456789012:stateMachine:big-hello', ResourceType: 'AWS::StepFunctions::StateMachine', ResourceStatus: done, LastUpdatedTimestamp: at }],
      NextToken: 't2',
    });
    cf.on(ListStackResourcesCommand, { StackName: 'big', NextToken: 't2' }).resolves({ StackResourceSummaries: page(199, 5) });
    const aws = new AwsClients({ region: 'us-east-1' });
    expect(await listResources(aws, 'big')).toHaveLength(205);
    const d = await readDeployed(aws, 'big', { stack: false, machines: [hello] });
    expect(d?.machines[0].arn).toBe('arn:aws:states:us-east-1:123456789012:stateMachine:big-hello');
    expect(cf.commandCalls(DescribeStackResourcesCommand)).toHaveLength(0);
  });
});
