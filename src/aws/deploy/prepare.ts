// The steps around applying a change: settle the stack's current state first, apply the stack's own
// settings (policy, termination protection) last. Every apply strategy shares them.
import type { Stack } from '@aws-sdk/client-cloudformation';
import type { Template } from '../../compile/types.js';
import { AwsError } from '../../errors.js';
import { getDeployedTemplate } from '../deployed-template.js';
import { call } from '../explain.js';
import { deleteStackAndWait, describeStack, EventCursor, waitForStack, type StackCtx } from '../stack.js';
import type { DeployRequest } from '../deploy.js';
import { shiftFollower } from './shifts.js';
import { sdk } from '../clients.js';

/** The stack as found: a CREATE when there is none (or nothing left of one), else an UPDATE of `stack`. */
export interface Prepared {
  type: 'CREATE' | 'UPDATE';
  stack?: Stack;
  /**
   * For --hotswap: the stack's template as CloudFormation has it, read beside DescribeStacks (one round
   * trip, not two) and held only when it belongs to `stack` as described; undefined when it was not read.
   */
  template?: Template;
}

/** A call's result or its error, kept for later so a request sent early never rejects unobserved. */
type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };
const settle = <T>(p: Promise<T>): Promise<Settled<T>> => p.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));

/** A hotswap compares with the deployed template; a service split into nested stacks never hotswaps. */
const comparesTemplate = (req: DeployRequest) => (req.hotswap === 'fallback' || req.hotswap === 'only') && !req.nested?.split;

/** Settles the existing stack and says whether the change is a CREATE or an UPDATE. */
export async function prepareStack(ctx: StackCtx, req: DeployRequest): Promise<Prepared> {
  for (;;) {
    const early = comparesTemplate(req) ? settle(getDeployedTemplate(ctx.aws, req.stackName)) : undefined;
    const stack = await describeStack(ctx, req.stackName);
    const status = stack?.StackStatus;
    if (!stack || !status) return { type: 'CREATE' };
    if (status === 'REVIEW_IN_PROGRESS') {
      ctx.sink.note(`stack ${req.stackName} is REVIEW_IN_PROGRESS (a first deploy whose change set was never executed): deleting it and creating it again`);
      await deleteStackAndWait(ctx, stack, { timeoutMs: req.waitTimeoutMs, roleArn: req.roleArn });
      return { type: 'CREATE' };
    }
    if (status === 'ROLLBACK_COMPLETE') {
      ctx.sink.note(`stack ${req.stackName} is ROLLBACK_COMPLETE (its first create failed and nothing is left in it): deleting it and creating it again`);
      await deleteStackAndWait(ctx, stack, { timeoutMs: req.waitTimeoutMs, roleArn: req.roleArn });
      return { type: 'CREATE' };
    }
    if (status === 'UPDATE_ROLLBACK_FAILED') {
      throw new AwsError(
        `stack ${req.stackName} is UPDATE_ROLLBACK_FAILED: an update failed and CloudFormation could not roll it back${stack.StackStatusReason ? ` (${stack.StackStatusReason})` : ''}`,
        'DescribeStacks',
        `fix what blocked the rollback, then run \`aws cloudformation continue-update-rollback --stack-name ${req.stackName}\` (add --resources-to-skip for resources that cannot roll back) and deploy again`,
      );
    }
    if (status === 'ROLLBACK_FAILED' || status === 'DELETE_FAILED') {
      throw new AwsError(
        `stack ${req.stackName} is ${status}${stack.StackStatusReason ? ` (${stack.StackStatusReason})` : ''}: it cannot be updated`,
        'DescribeStacks',
        'run `stepf remove` (deleting the resources that block it by hand if it fails again), then deploy again',
      );
    }
    if (status.endsWith('_IN_PROGRESS')) {
      if (!req.wait) {
        // A gradual alias deployment holds the stack in UPDATE_IN_PROGRESS for its whole interval.
        const shifting = status === 'UPDATE_IN_PROGRESS' && shiftFollower(ctx, req.template) !== undefined;
        throw new AwsError(
          `stack ${req.stackName} is ${status}: another deploy or delete is running${shifting ? ' (an alias of this service may be shifting traffic to a new version)' : ''}`,
          'DescribeStacks',
          shifting
            ? '`stepf info` shows the alias\'s routing and the time left; wait for it (run without --no-wait), or move the alias back at once with `stepf rollback`'
            : 'wait for it (run without --no-wait, or `stepf info` to watch), then deploy again',
        );
      }
      ctx.sink.note(`stack ${req.stackName} is ${status}: waiting for it to finish before deploying`);
      const cursor = new EventCursor(new Date(ctx.clock.now() - 60_000));
      const onPoll = shiftFollower(ctx, req.template);
      await waitForStack(ctx, stack.StackId!, cursor, { timeoutMs: req.waitTimeoutMs, what: `waiting for ${req.stackName}`, ...(onPoll ? { onPoll } : {}) });
      continue;
    }
    const read = await early;
    if (read && !read.ok) throw read.error;
    return { type: 'UPDATE', stack, ...(read?.value ? { template: read.value } : {}) };
  }
}

/** The stack policy and termination protection, which no template carries. */
export async function applyStackSettings(ctx: StackCtx, req: DeployRequest, stackId: string, current?: Stack): Promise<void> {
  const cfn = await ctx.aws.cloudFormation();
  const { SetStackPolicyCommand, UpdateTerminationProtectionCommand } = await sdk.cloudFormation();
  if (req.policy !== undefined) {
    const body = JSON.stringify(Array.isArray(req.policy) ? { Statement: req.policy } : req.policy);
    await call('SetStackPolicy', () => cfn.send(new SetStackPolicyCommand({ StackName: stackId, StackPolicyBody: body })));
  }
  if (req.terminationProtection !== undefined && Boolean(current?.EnableTerminationProtection) !== req.terminationProtection) {
    await call('UpdateTerminationProtection', () =>
      cfn.send(new UpdateTerminationProtectionCommand({ StackName: stackId, EnableTerminationProtection: req.terminationProtection })),
    );
    ctx.sink.note(`termination protection ${req.terminationProtection ? 'on' : 'off'}`);
  }
}
