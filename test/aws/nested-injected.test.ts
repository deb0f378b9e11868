// What a split service's deploy does with answers moto never gives: the nested stacks' own change sets
// (moto ignores IncludeNestedStacks) and a failure inside a nested stack (moto has no per-resource events
// and no rollbacks). Injected responses, through the real SDK client.
import { describe, expect, it } from 'vitest';
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import { AwsClients } from '../../src/aws/clients.js';
import { nestedStrategy } from '../../src/aws/deploy/nested.js';
import { createChangeSet, EventCursor, type StackCtx } from '../../src/aws/stack.js';
import { realClock } from '../../src/aws/poll.js';
import { AwsError } from '../../src/errors.js';
import { useInjected } from '../support/injected.js';
import { baseRequest, recordingSink } from './helpers.js';

const cfn = useInjected(CloudFormationClient);

function ctx(sink = recordingSink()): StackCtx & { sink: ReturnType<typeof recordingSink> } {
  return { aws: new AwsClients({ region: 'us-east-1' }), sink, clock: realClock, backoff: { firstMs: 1, maxMs: 1, factor: 1 } } as never;
}

const change = (Action: string, LogicalResourceId: string, ResourceType: string, ChangeSetId?: string) => ({ Type: 'Resource' as const, ResourceChange: { Action: Action as 'Add', LogicalResourceId, ResourceType, ChangeSetId } });

describe('nested stacks with injected responses', () => {
  it("the change set lists each nested stack's own changes, prefixed by it (moto ignores IncludeNestedStacks)", async () => {
    cfn.on(CreateChangeSetCommand).resolves({ Id: 'arn:parent-cs', StackId: 'arn:parent' });
    cfn.on(DescribeChangeSetCommand, { ChangeSetName: 'arn:parent-cs' }).resolves({
      Status: 'CREATE_COMPLETE',
      Changes: [change('Modify', 'StepfGroup2', 'AWS::CloudFormation::Stack', 'arn:nested-cs')],
    });
    cfn.on(DescribeChangeSetCommand, { ChangeSetName: 'arn:nested-cs' }).resolves({
      Status: 'CREATE_COMPLETE',
      Changes: [change('Add', 'SplitDashd', 'AWS::StepFunctions::StateMachine'), change('Add', 'SplitDashdRole', 'AWS::IAM::Role')],
    });
    const cs = await createChangeSet(ctx(), { stackName: 'split-dev-stepf', type: 'UPDATE', templateBody: '{}', capabilities: ['CAPABILITY_IAM'], parameters: [], tags: {}, includeNestedStacks: true });
    expect(cfn.commandCalls(CreateChangeSetCommand)[0].args[0].input.IncludeNestedStacks).toBe(true);
    expect(cs.changes.map((c) => `${c.action} ${c.logicalId} ${c.type}`)).toEqual([
      'Modify StepfGroup2 AWS::CloudFormation::Stack',
      'Add StepfGroup2/SplitDashd AWS::StepFunctions::StateMachine',
      'Add StepfGroup2/SplitDashdRole AWS::IAM::Role',
    ]);
  });

  it("a failure inside a nested stack names the nested stack and its resource, and its events are streamed prefixed by it (moto has no per-resource events or rollbacks)", async () => {
    const since = new Date(Date.now() - 1000);
    const at = new Date();
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'split-dev-stepf', StackId: 'arn:parent', StackStatus: 'UPDATE_ROLLBACK_COMPLETE', CreationTime: since }] });
    cfn.on(DescribeStackEventsCommand, { StackName: 'arn:parent' }).resolves({
      StackEvents: [
        { EventId: 'p2', StackId: 'arn:parent', StackName: 'split-dev-stepf', LogicalResourceId: 'StepfGroup2', PhysicalResourceId: 'arn:child', ResourceType: 'AWS::CloudFormation::Stack', ResourceStatus: 'UPDATE_FAILED', ResourceStatusReason: 'Embedded stack arn:child was not successfully updated', Timestamp: at },
        { EventId: 'p1', StackId: 'arn:parent', StackName: 'split-dev-stepf', LogicalResourceId: 'split-dev-stepf', ResourceType: 'AWS::CloudFormation::Stack', ResourceStatus: 'UPDATE_IN_PROGRESS', Timestamp: at },
      ],
    });
    cfn.on(DescribeStackEventsCommand, { StackName: 'arn:child' }).resolves({
      StackEvents: [
        { EventId: 'c2', StackId: 'arn:child', StackName: 'child', LogicalResourceId: 'child', PhysicalResourceId: 'arn:child', ResourceType: 'AWS::CloudFormation::Stack', ResourceStatus: 'UPDATE_ROLLBACK_COMPLETE', Timestamp: at },
        { EventId: 'c1', StackId: 'arn:child', StackName: 'child', LogicalResourceId: 'SplitDashd', ResourceType: 'AWS::StepFunctions::StateMachine', ResourceStatus: 'CREATE_FAILED', ResourceStatusReason: 'Invalid State Machine Definition', Timestamp: at },
      ],
    });
    cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [] });
    const c = ctx();
    const req = { ...baseRequest, stackName: 'split-dev-stepf', template: { AWSTemplateFormatVersion: '2010-09-09' as const, Resources: {} } };
    const failed = await nestedStrategy.wait(c, req, { type: 'UPDATE' }, { stackId: 'arn:parent', cursor: new EventCursor(since) }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(AwsError);
    expect((failed as AwsError).message).toBe(
      'deploy failed, stack split-dev-stepf is UPDATE_ROLLBACK_COMPLETE: nested stack StepfGroup2: SplitDashd (AWS::StepFunctions::StateMachine) CREATE_FAILED: Invalid State Machine Definition',
    );
    // The nested stack's own stack-level events repeat the parent's for it, so they are not shown twice.
    expect(c.sink.events.map((e) => `${e.logicalId} ${e.status}`)).toEqual(['split-dev-stepf UPDATE_IN_PROGRESS', 'StepfGroup2 UPDATE_FAILED', 'StepfGroup2/SplitDashd CREATE_FAILED']);
  });
});
