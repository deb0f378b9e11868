// Deploy following a gradual alias deployment (src/aws/deploy/shifts.ts through waitForStack), with injected
// responses (aws-sdk-client-mock): moto's CloudFormation does not create aliases, so it never shifts traffic
// nor rolls one back on an alarm, and its stack events are stack-level only.
import { describe, expect, it } from 'vitest';
import { CloudFormationClient, DescribeStackEventsCommand, DescribeStacksCommand, type StackEvent } from '@aws-sdk/client-cloudformation';
import { DescribeStateMachineAliasCommand, SFNClient } from '@aws-sdk/client-sfn';
import { AwsClients } from '../../src/aws/clients.js';
import { EventCursor, waitForStack } from '../../src/aws/stack.js';
import { shiftFollower } from '../../src/aws/deploy/shifts.js';
import { prepareStack } from '../../src/aws/deploy/prepare.js';
import type { DeployRequest } from '../../src/aws/deploy.js';
import { baseRequest, recordingSink } from './helpers.js';
import type { Template } from '../../src/compile/types.js';
import { useInjected } from '../support/injected.js';

const STACK = 'arn:aws:cloudformation:us-east-1:123456789012:stack/app/1';
const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:orders';
const T0 = Date.parse('2026-12-03T12:00:00Z');

const template: Template = {
  AWSTemplateFormatVersion: '2010-09-09',
  Resources: {
    OrdersVersion: { Type: 'AWS::StepFunctions::StateMachineVersion', Properties: { StateMachineArn: { Ref: 'Orders' } } },
    OrdersLiveAlias: {
      Type: 'AWS::StepFunctions::StateMachineAlias',
      Properties: { Name: 'live', DeploymentPreference: { StateMachineVersionArn: { Ref: 'OrdersVersion' }, Type: 'CANARY', Percentage: 10, Interval: 5, Alarms: [{ Ref: 'OrdersFailedAlarm' }] } },
    },
  },
};

function clock() {
  let now = T0;
  return { now: () => now, sleep: async (ms: number) => void (now += ms) };
}
const event = (id: string, status: string, minute: number, reason?: string): StackEvent => ({
  EventId: id, StackId: STACK, StackName: 'app', LogicalResourceId: 'OrdersLiveAlias', PhysicalResourceId: `${MACHINE}:live`,
  ResourceType: 'AWS::StepFunctions::StateMachineAlias', ResourceStatus: status as 'UPDATE_IN_PROGRESS', ResourceStatusReason: reason, Timestamp: new Date(T0 + minute * 60_000),
});
const stack = (status: string) => ({ Stacks: [{ StackName: 'app', StackId: STACK, StackStatus: status as 'UPDATE_IN_PROGRESS', CreationTime: new Date(T0) }] });
const routing = (routes: Array<[number, number]>, minute: number) => ({
  stateMachineAliasArn: `${MACHINE}:live`, name: 'live', creationDate: new Date(T0), updateDate: new Date(T0 + minute * 60_000),
  routingConfiguration: routes.map(([v, weight]) => ({ stateMachineVersionArn: `${MACHINE}:${v}`, weight })),
});

describe('deploy follows an alias shift (injected: moto neither creates aliases nor shifts them)', () => {
  const cf = useInjected(CloudFormationClient);
  const sfn = useInjected(SFNClient);

  it('a CANARY shift in progress is reported once per step, with the share and the time left, until the stack completes', async () => {
    cf.on(DescribeStacksCommand).resolvesOnce(stack('UPDATE_IN_PROGRESS')).resolvesOnce(stack('UPDATE_IN_PROGRESS')).resolvesOnce(stack('UPDATE_IN_PROGRESS')).resolves(stack('UPDATE_COMPLETE'));
    cf.on(DescribeStackEventsCommand)
      .resolvesOnce({ StackEvents: [event('a1', 'UPDATE_IN_PROGRESS', 0)] })
      .resolvesOnce({ StackEvents: [event('a1', 'UPDATE_IN_PROGRESS', 0)] })
      .resolvesOnce({ StackEvents: [event('a1', 'UPDATE_IN_PROGRESS', 0)] })
      .resolves({ StackEvents: [event('a2', 'UPDATE_COMPLETE', 5), event('a1', 'UPDATE_IN_PROGRESS', 0)] });
    sfn.on(DescribeStateMachineAliasCommand).resolves(routing([[7, 90], [8, 10]], 0));
    const sink = recordingSink();
    const ctx = { aws: new AwsClients({ region: 'us-east-1' }), sink, clock: clock() };
    const onPoll = shiftFollower(ctx, template)!;
    const end = await waitForStack(ctx, STACK, new EventCursor(), { timeoutMs: 3_600_000, what: 'updating', onPoll });
    expect(end.StackStatus).toBe('UPDATE_COMPLETE');
    expect(sink.notes).toEqual(['live: v7 90%, v8 10%, shifting, 5 min left']);
    // The status line shows it on every poll; the kept line once.
    expect(sink.phases.filter((p) => p.startsWith('live:'))).toEqual(['live: v7 90%, v8 10%, shifting, 5 min left', 'live: v7 90%, v8 10%, shifting, 5 min left', 'live: v7 90%, v8 10%, shifting, 5 min left']);
  });

  it('an alias rolled back because an alarm fired says so, repeating CloudFormation\'s reason (its exact wording is assumed here: any reason naming an alarm is repeated)', async () => {
    const reason = 'Deployment failed: alarm [orders-failed-dev] is in ALARM state';
    cf.on(DescribeStacksCommand).resolvesOnce(stack('UPDATE_IN_PROGRESS')).resolvesOnce(stack('UPDATE_ROLLBACK_IN_PROGRESS')).resolves(stack('UPDATE_ROLLBACK_COMPLETE'));
    cf.on(DescribeStackEventsCommand)
      .resolvesOnce({ StackEvents: [event('a1', 'UPDATE_IN_PROGRESS', 0)] })
      .resolves({ StackEvents: [event('a2', 'UPDATE_FAILED', 2, reason), event('a1', 'UPDATE_IN_PROGRESS', 0)] });
    sfn.on(DescribeStateMachineAliasCommand).resolves(routing([[7, 90], [8, 10]], 0));
    const sink = recordingSink();
    const ctx = { aws: new AwsClients({ region: 'us-east-1' }), sink, clock: clock() };
    const end = await waitForStack(ctx, STACK, new EventCursor(), { timeoutMs: 3_600_000, what: 'updating', onPoll: shiftFollower(ctx, template)! });
    expect(end.StackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(sink.notes).toEqual(['live: v7 90%, v8 10%, shifting, 5 min left', `live: the deployment was rolled back by an alarm: ${reason}`]);
  });

  it('deploy --no-wait during a shift stops at once with the stack\'s status and says an alias may be shifting (injected UPDATE_IN_PROGRESS)', async () => {
    cf.on(DescribeStacksCommand).resolves(stack('UPDATE_IN_PROGRESS'));
    const ctx = { aws: new AwsClients({ region: 'us-east-1' }), sink: recordingSink(), clock: clock() };
    const req = { ...baseRequest, stackName: 'app', template, wait: false } as DeployRequest;
    await expect(prepareStack(ctx, req)).rejects.toMatchObject({
      message: 'stack app is UPDATE_IN_PROGRESS: another deploy or delete is running (an alias of this service may be shifting traffic to a new version)',
      hint: expect.stringContaining('`stepf rollback`'),
    });
    expect(cf.commandCalls(DescribeStacksCommand)).toHaveLength(1);
  });

  it('a template with no gradual alias has nothing to follow', () => {
    const ctx = { aws: new AwsClients({ region: 'us-east-1' }), sink: recordingSink(), clock: clock() };
    expect(shiftFollower(ctx, { AWSTemplateFormatVersion: '2010-09-09', Resources: {} })).toBeUndefined();
  });
});
