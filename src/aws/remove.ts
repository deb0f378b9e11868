// `stepf remove`: delete the stack and wait until it is gone.
import type { Stack } from '@aws-sdk/client-cloudformation';
import type { AwsClients } from './clients.js';
import type { ProgressSink } from './events.js';
import { realClock, type Backoff, type Clock } from './poll.js';
import { deleteStackAndWait, describeStack, type StackCtx } from './stack.js';
import { listResources } from './deployed.js';

export interface RemoveOutcome {
  result: 'removed' | 'not-found';
  stackId?: string;
  /** Machines whose DeletionPolicy keeps them (retain: true). */
  retained: string[];
}

export interface RemoveDeps {
  aws: AwsClients;
  sink: ProgressSink;
  clock?: Clock;
  signal?: AbortSignal;
  backoff?: Backoff;
}

export async function findStack(deps: RemoveDeps, stackName: string): Promise<Stack | undefined> {
  return describeStack({ aws: deps.aws, sink: deps.sink, clock: deps.clock ?? realClock, signal: deps.signal }, stackName);
}

export async function removeStack(
  deps: RemoveDeps,
  stack: Stack,
  opts: { timeoutMs: number; roleArn?: string; retainedLogicalIds: string[] },
): Promise<RemoveOutcome> {
  const ctx: StackCtx = { aws: deps.aws, sink: deps.sink, clock: deps.clock ?? realClock, signal: deps.signal, backoff: deps.backoff };
  const retained: string[] = [];
  if (opts.retainedLogicalIds.length && stack.StackStatus !== 'REVIEW_IN_PROGRESS') {
    const res = (await listResources(deps.aws, stack.StackId!)) ?? [];
    for (const r of res) if (opts.retainedLogicalIds.includes(r.LogicalResourceId ?? '')) retained.push(r.PhysicalResourceId ?? r.LogicalResourceId ?? '');
  }
  await deleteStackAndWait(ctx, stack, { timeoutMs: opts.timeoutMs, roleArn: opts.roleArn });
  return { result: 'removed', stackId: stack.StackId, retained };
}
