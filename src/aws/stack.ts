// CloudFormation primitives: describe a stack, stream its events, create / wait for / delete change sets,
// wait for a stack to settle. Deploy and remove are built from these (deploy.ts, remove.ts).
import type { Change, DescribeChangeSetCommandOutput, Stack, StackEvent } from '@aws-sdk/client-cloudformation';
import type { Capability } from '../compile/template.js';
import { AwsError, Interrupted } from '../errors.js';
import { sdk, type AwsClients } from './clients.js';
import type { ChangeRow, ProgressSink, StackEventLine } from './events.js';
import { call, errorMessage, errorName, explainAwsError } from './explain.js';
import { backoffDelays, DEFAULT_BACKOFF, type Backoff, type Clock } from './poll.js';

export interface StackCtx {
  aws: AwsClients;
  clock: Clock;
  sink: ProgressSink;
  signal?: AbortSignal;
  backoff?: Backoff;
}

export const UP_TO_DATE_REASONS = [/didn't contain changes/i, /No updates are to be performed/i];

export function isUpToDateReason(reason: string | undefined): boolean {
  return !!reason && UP_TO_DATE_REASONS.some((r) => r.test(reason));
}

/** States where nothing is running; REVIEW_IN_PROGRESS counts (it waits for a person, not for AWS). */
export function isSettled(status: string | undefined): boolean {
  return !!status && (!status.endsWith('_IN_PROGRESS') || status === 'REVIEW_IN_PROGRESS');
}

const FAILED_END = new Set([
  'CREATE_FAILED', 'ROLLBACK_COMPLETE', 'ROLLBACK_FAILED', 'UPDATE_FAILED', 'UPDATE_ROLLBACK_COMPLETE',
  'UPDATE_ROLLBACK_FAILED', 'DELETE_FAILED', 'IMPORT_ROLLBACK_COMPLETE', 'IMPORT_ROLLBACK_FAILED',
]);

export function isFailedEnd(status: string | undefined): boolean {
  return !!status && FAILED_END.has(status);
}

function aborted(err: unknown): boolean {
  return err instanceof Interrupted || errorName(err) === 'AbortError';
}

async function send<T>(ctx: StackCtx, operation: string, fn: (signal?: AbortSignal) => Promise<T>): Promise<T> {
  try {
    return await call(operation, () => fn(ctx.signal), { region: ctx.aws.region, profile: ctx.aws.profile });
  } catch (err) {
    if (aborted(err) || ctx.signal?.aborted) throw new Interrupted();
    throw err;
  }
}

/** The stack, or undefined when no stack of that name exists (deleted stacks included). */
export async function describeStack(ctx: StackCtx, nameOrId: string): Promise<Stack | undefined> {
  const cfn = await ctx.aws.cloudFormation();
  const { DescribeStacksCommand } = await sdk.cloudFormation();
  try {
    const out = await cfn.send(new DescribeStacksCommand({ StackName: nameOrId }), { abortSignal: ctx.signal });
    const s = out.Stacks?.[0];
    return s && s.StackStatus !== 'DELETE_COMPLETE' ? s : s && nameOrId.startsWith('arn:') ? s : undefined;
  } catch (err) {
    if (/does not exist/i.test(errorMessage(err))) return undefined;
    if (aborted(err) || ctx.signal?.aborted) throw new Interrupted();
    throw explainAwsError(err, 'DescribeStacks', { region: ctx.aws.region, profile: ctx.aws.profile });
  }
}

function toLine(e: StackEvent): StackEventLine {
  return {
    eventId: e.EventId ?? `${e.LogicalResourceId}-${e.ResourceStatus}-${e.Timestamp?.toISOString()}`,
    time: e.Timestamp ?? new Date(0),
    status: e.ResourceStatus ?? '',
    logicalId: e.LogicalResourceId ?? '',
    type: e.ResourceType ?? '',
    reason: e.ResourceStatusReason,
    physicalId: e.PhysicalResourceId,
  };
}

/** Tracks which events were shown; `since` hides events from before this operation began. */
export class EventCursor {
  readonly seen = new Set<string>();
  readonly shown: StackEventLine[] = [];
  constructor(public since?: Date) {}
}

/** Fetches events newer than the cursor (newest-first pages, stopping at the first known one), oldest first. */
export async function pollEvents(ctx: StackCtx, stackId: string, cursor: EventCursor): Promise<StackEventLine[]> {
  const cfn = await ctx.aws.cloudFormation();
  const { DescribeStackEventsCommand } = await sdk.cloudFormation();
  const fresh: StackEventLine[] = [];
  let token: string | undefined;
  outer: for (let page = 0; page < 20; page++) {
    const out = await send(ctx, 'DescribeStackEvents', (abortSignal) =>
      cfn.send(new DescribeStackEventsCommand({ StackName: stackId, NextToken: token }), { abortSignal }),
    );
    for (const ev of out.StackEvents ?? []) {
      const line = toLine(ev);
      if (cursor.seen.has(line.eventId)) break outer;
      if (cursor.since && line.time < cursor.since) break outer;
      fresh.push(line);
    }
    token = out.NextToken;
    if (!token) break;
  }
  fresh.reverse();
  for (const l of fresh) {
    cursor.seen.add(l.eventId);
    cursor.shown.push(l);
    ctx.sink.stackEvent(l);
  }
  return fresh;
}

/** Marks every current event as seen, so only what happens next is streamed. */
export async function primeCursor(ctx: StackCtx, stackId: string, cursor: EventCursor): Promise<void> {
  const cfn = await ctx.aws.cloudFormation();
  const { DescribeStackEventsCommand } = await sdk.cloudFormation();
  const out = await send(ctx, 'DescribeStackEvents', (abortSignal) => cfn.send(new DescribeStackEventsCommand({ StackName: stackId }), { abortSignal }));
  for (const ev of out.StackEvents ?? []) cursor.seen.add(toLine(ev).eventId);
}

/** The first resource that failed in this operation, skipping the "cancelled" knock-on failures. */
export function firstFailure(events: StackEventLine[], stackName: string): StackEventLine | undefined {
  const failed = events.filter((e) => e.status.endsWith('_FAILED'));
  const real = failed.filter((e) => !/cancell?ed|The following resource\(s\) failed/i.test(e.reason ?? '') && e.logicalId !== stackName);
  return real[0] ?? failed[0];
}

export class WaitTimeout extends AwsError {}

/** Polls until the stack is settled, streaming events. Returns the final stack (DELETE_COMPLETE for a deleted one). */
export async function waitForStack(
  ctx: StackCtx,
  stackId: string,
  cursor: EventCursor,
  /** alsoPoll: on every look (nested stacks' events); onPoll: after each look at an unsettled stack (deploy follows alias shifts). */
  opts: {
    timeoutMs: number;
    what: string;
    alsoPoll?: (stack: Stack | undefined) => Promise<void>;
    onPoll?: (stack: Stack, cursor: EventCursor) => Promise<void>;
  },
): Promise<Stack> {
  const started = ctx.clock.now();
  const delays = backoffDelays(ctx.backoff ?? DEFAULT_BACKOFF);
  const cfn = await ctx.aws.cloudFormation();
  const { DescribeStacksCommand } = await sdk.cloudFormation();
  for (;;) {
    const out = await send(ctx, 'DescribeStacks', (abortSignal) => cfn.send(new DescribeStacksCommand({ StackName: stackId }), { abortSignal }));
    const stack = out.Stacks?.[0];
    await pollEvents(ctx, stackId, cursor);
    // A split service: the nested stacks' events, streamed with the parent's.
    await opts.alsoPoll?.(stack);
    if (!stack || isSettled(stack.StackStatus)) {
      return stack ?? ({ StackStatus: 'DELETE_COMPLETE', StackId: stackId } as Stack);
    }
    const elapsed = ctx.clock.now() - started;
    ctx.sink.phase(`${opts.what}: ${stack.StackStatus}`);
    await opts.onPoll?.(stack, cursor);
    if (elapsed >= opts.timeoutMs) {
      throw new WaitTimeout(
        `${stack.StackName} is still ${stack.StackStatus} after ${Math.round(elapsed / 60000)} min; CloudFormation carries on in AWS`,
        'DescribeStacks',
        'run `stepf info` to watch it, or deploy again with a longer --wait-timeout; the next deploy waits for it',
      );
    }
    await ctx.clock.sleep(Math.min(delays.next().value as number, Math.max(0, opts.timeoutMs - elapsed)), ctx.signal);
  }
}

export interface ChangeSetSpec {
  stackName: string;
  /** IMPORT brings existing resources in (resourcesToImport), on a new stack or an existing one. */
  type: 'CREATE' | 'UPDATE' | 'IMPORT';
  resourcesToImport?: Array<{ ResourceType: string; LogicalResourceId: string; ResourceIdentifier: Record<string, string> }>;
  description?: string;
  templateBody?: string;
  templateUrl?: string;
  capabilities: Capability[];
  parameters: Array<{ key: string; value: string }>;
  tags: Record<string, string>;
  notificationArns?: string[];
  roleArn?: string;
  /** A split service: the change set describes the nested stacks' changes too. */
  includeNestedStacks?: boolean;
}

export interface ChangeSetResult {
  /** `up-to-date` when CloudFormation found nothing to change (the change set is already deleted). */
  state: 'ready' | 'up-to-date';
  arn?: string;
  stackId?: string;
  createdAt?: Date;
  changes: ChangeRow[];
}

export function changeSetName(now: Date): string {
  const stamp = now.toISOString().replace(/[-:T]/g, '').replace(/\..*/, '');
  return `stepf-${stamp}-${Math.random().toString(36).slice(2, 8)}`;
}

function toRow(c: Change): ChangeRow {
  const r = c.ResourceChange ?? {};
  return { action: r.Action ?? '', logicalId: r.LogicalResourceId ?? '', type: r.ResourceType ?? '', replacement: r.Replacement ?? '' };
}

/** Creates a change set and waits until it can be executed, or finds that nothing changed. */
export async function createChangeSet(ctx: StackCtx, spec: ChangeSetSpec): Promise<ChangeSetResult> {
  const cfn = await ctx.aws.cloudFormation();
  const { CreateChangeSetCommand, DescribeChangeSetCommand } = await sdk.cloudFormation();
  let created;
  try {
    created = await cfn.send(
      new CreateChangeSetCommand({
        StackName: spec.stackName,
        ChangeSetName: changeSetName(new Date(ctx.clock.now())),
        ChangeSetType: spec.type,
        TemplateBody: spec.templateBody,
        TemplateURL: spec.templateUrl,
        Capabilities: spec.capabilities,
        Parameters: spec.parameters.map((p) => ({ ParameterKey: p.key, ParameterValue: p.value })),
        Tags: Object.entries(spec.tags).map(([Key, Value]) => ({ Key, Value })),
        NotificationARNs: spec.notificationArns,
        RoleARN: spec.roleArn,
        ...(spec.includeNestedStacks ? { IncludeNestedStacks: true } : {}),
        ResourcesToImport: spec.resourcesToImport,
        Description: spec.description ?? 'stepf deploy',
      }),
      { abortSignal: ctx.signal },
    );
  } catch (err) {
    // With Parameters, some CloudFormation implementations refuse an unchanged update outright.
    if (isUpToDateReason(errorMessage(err))) return { state: 'up-to-date', changes: [] };
    if (aborted(err) || ctx.signal?.aborted) throw new Interrupted();
    throw explainAwsError(err, 'CreateChangeSet', { region: ctx.aws.region, profile: ctx.aws.profile });
  }
  const arn = created.Id!;
  const stackId = created.StackId;
  const delays = backoffDelays(ctx.backoff ?? DEFAULT_BACKOFF);
  let out: DescribeChangeSetCommandOutput;
  // The first look is immediate: small change sets are often ready by the time the create call returns.
  for (;;) {
    out = await send(ctx, 'DescribeChangeSet', (abortSignal) => cfn.send(new DescribeChangeSetCommand({ ChangeSetName: arn }), { abortSignal }));
    const st = out.Status;
    if (st === 'CREATE_COMPLETE' || st === 'FAILED' || st === 'DELETE_COMPLETE' || st === 'DELETE_FAILED') break;
    ctx.sink.phase(`change set: ${st ?? 'pending'}`);
    await ctx.clock.sleep(delays.next().value as number, ctx.signal);
  }
  const raw: Change[] = [...(out.Changes ?? [])];
  let token = out.NextToken;
  while (token) {
    const more = await send(ctx, 'DescribeChangeSet', (abortSignal) =>
      cfn.send(new DescribeChangeSetCommand({ ChangeSetName: arn, NextToken: token }), { abortSignal }),
    );
    raw.push(...(more.Changes ?? []));
    token = more.NextToken;
  }
  const changes: ChangeRow[] = raw.map(toRow);
  // IncludeNestedStacks: a nested stack's row carries its own change set; its rows follow, prefixed by it.
  for (const c of spec.includeNestedStacks ? raw : []) {
    const nestedId = c.ResourceChange?.ChangeSetId;
    if (!nestedId) continue;
    let next: string | undefined;
    do {
      const page = await send(ctx, 'DescribeChangeSet', (abortSignal) => cfn.send(new DescribeChangeSetCommand({ ChangeSetName: nestedId, NextToken: next }), { abortSignal }));
      for (const n of page.Changes ?? []) {
        const row = toRow(n);
        changes.push({ ...row, logicalId: `${c.ResourceChange?.LogicalResourceId}/${row.logicalId}` });
      }
      next = page.NextToken;
    } while (next);
  }
  if (out.Status === 'FAILED') {
    await deleteChangeSet(ctx, arn);
    if (isUpToDateReason(out.StatusReason)) return { state: 'up-to-date', arn, stackId, changes: [] };
    throw new AwsError(
      `CloudFormation could not create the change set: ${out.StatusReason ?? 'no reason given'}`,
      'CreateChangeSet',
      spec.type === 'CREATE'
        ? 'fix the template (run `stepf package` and `cfn-lint .stepf/<stage>/template.json`); the empty stack it made is removed by the next deploy'
        : 'fix the template (run `stepf package` and `cfn-lint .stepf/<stage>/template.json`); the stack was not changed',
    );
  }
  return { state: 'ready', arn, stackId, createdAt: out.CreationTime, changes };
}

/** Deletes a change set; a failure here is not worth failing the command for. */
export async function deleteChangeSet(ctx: StackCtx, arn: string): Promise<boolean> {
  const cfn = await ctx.aws.cloudFormation();
  const { DeleteChangeSetCommand } = await sdk.cloudFormation();
  try {
    await cfn.send(new DeleteChangeSetCommand({ ChangeSetName: arn }));
    return true;
  } catch (err) {
    ctx.sink.warn(`could not delete change set ${arn}: ${errorMessage(err)}`);
    return false;
  }
}

export async function executeChangeSet(ctx: StackCtx, arn: string, stackName: string): Promise<void> {
  const cfn = await ctx.aws.cloudFormation();
  const { ExecuteChangeSetCommand } = await sdk.cloudFormation();
  await call('ExecuteChangeSet', () => cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: arn, StackName: stackName })), {
    region: ctx.aws.region,
    profile: ctx.aws.profile,
  });
}

export async function deleteStack(ctx: StackCtx, stackId: string, roleArn?: string): Promise<void> {
  const cfn = await ctx.aws.cloudFormation();
  const { DeleteStackCommand } = await sdk.cloudFormation();
  await call('DeleteStack', () => cfn.send(new DeleteStackCommand({ StackName: stackId, RoleARN: roleArn })), {
    region: ctx.aws.region,
    profile: ctx.aws.profile,
  });
}

/** Deletes a stack and waits until it is gone, streaming events; fails with the first failed resource. */
export async function deleteStackAndWait(ctx: StackCtx, stack: Stack, opts: { timeoutMs: number; roleArn?: string }): Promise<void> {
  const stackId = stack.StackId!;
  const cursor = new EventCursor();
  await primeCursor(ctx, stackId, cursor);
  await deleteStack(ctx, stackId, opts.roleArn);
  const end = await waitForStack(ctx, stackId, cursor, { timeoutMs: opts.timeoutMs, what: `deleting ${stack.StackName}` });
  if (end.StackStatus !== 'DELETE_COMPLETE') {
    const f = firstFailure(cursor.shown, stack.StackName ?? '');
    throw new AwsError(
      `deleting ${stack.StackName} ended ${end.StackStatus}${f ? `: ${f.logicalId} (${f.type}): ${f.reason ?? 'no reason given'}` : end.StackStatusReason ? `: ${end.StackStatusReason}` : ''}`,
      'DeleteStack',
      'empty or detach what blocks it (for example a non-empty bucket), then run `stepf remove` again',
    );
  }
}
