// deploy --hotswap on a stack another deploy is updating, with injected responses (aws-sdk-client-mock):
// moto finishes every stack operation at once, so a stack is never found UPDATE_IN_PROGRESS there.
import { describe, expect, it } from 'vitest';
import { CloudFormationClient, DescribeStackEventsCommand, DescribeStacksCommand, GetTemplateCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { DescribeStateMachineCommand, SFNClient, UpdateStateMachineCommand } from '@aws-sdk/client-sfn';
import { AwsClients } from '../../src/aws/clients.js';
import { deployStack } from '../../src/aws/deploy.js';
import { useInjected } from '../support/injected.js';
import { baseRequest, passMachine, recordingSink, template } from './helpers.js';

const STACK = 'arn:aws:cloudformation:us-east-1:123456789012:stack/app/1';
const stack = (status: string) => ({ Stacks: [{ StackName: 'app', StackId: STACK, StackStatus: status as 'UPDATE_COMPLETE', CreationTime: new Date(0) }] });
const body = (result: string) => ({ TemplateBody: JSON.stringify(template(passMachine('Flow', 'app-flow', result))) });

describe('deploy --hotswap on a busy stack (injected: moto never leaves a stack UPDATE_IN_PROGRESS)', () => {
  const cf = useInjected(CloudFormationClient);
  const sfn = useInjected(SFNClient);

  it('waits for the other deploy, then compares with the template it left, not the one read beside the first DescribeStacks', async () => {
    // The other deploy is applying `two`, which is also what this deploy has: nothing is left to hotswap.
    cf.on(DescribeStacksCommand).resolvesOnce(stack('UPDATE_IN_PROGRESS')).resolves(stack('UPDATE_COMPLETE'));
    cf.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
    cf.on(GetTemplateCommand).resolvesOnce(body('one')).resolves(body('two'));
    cf.on(ListStackResourcesCommand).resolves({
      StackResourceSummaries: [{ LogicalResourceId: 'Flow', PhysicalResourceId: 'arn:aws:states:us-east-1:123456789012:stateMachine:app-flow', ResourceType: 'AWS::StepFunctions::StateMachine', ResourceStatus: 'UPDATE_COMPLETE', LastUpdatedTimestamp: new Date(0) }],
    });
    sfn.on(DescribeStateMachineCommand).resolves({ definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Result: { v: 'two' }, End: true } } }) });
    let now = 0;
    const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
    const sink = recordingSink();
    const out = await deployStack(
      { aws: new AwsClients({ region: 'us-east-1' }), sink, clock },
      { ...baseRequest, stackName: 'app', template: template(passMachine('Flow', 'app-flow', 'two')), hotswap: 'fallback' },
    );
    expect(sink.notes).toContain('stack app is UPDATE_IN_PROGRESS: waiting for it to finish before deploying');
    expect(cf.commandCalls(GetTemplateCommand)).toHaveLength(2);
    expect(out.result).toBe('up-to-date');
    expect(sfn.commandCalls(UpdateStateMachineCommand)).toHaveLength(0);
  });
});
