// Executions of a deployed state machine: start (STANDARD and EXPRESS), wait with backoff, history,
// list, stop, redrive. Every call goes through explain.ts so a failure says what to do next.
import type { DescribeExecutionOutput, DescribeStateMachineOutput, ExecutionListItem, ExecutionStatus, HistoryEvent, StartSyncExecutionOutput } from '@aws-sdk/client-sfn';
import { randomBytes } from 'node:crypto';
import { AwsError } from '../errors.js';
import { sdk, type AwsClients } from './clients.js';
import { call, errorName, explainAwsError } from './explain.js';
import { backoffDelays, realClock, type Backoff, type Clock } from './poll.js';

/** Polls start near 250 ms (a Pass-only machine ends that fast) and settle at 5 s for long runs. */
export const EXECUTION_BACKOFF: Backoff = { firstMs: 250, factor: 1.5, maxMs: 5000 };

export const EXECUTION_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'] as const;

/** A name unique per call (AWS keeps names 90 days per machine; some emulators need one on every start). */
export function defaultExecutionName(now: number = Date.now()): string {
  return `stepf-${new Date(now).toISOString().replace(/[-:.]/g, '').replace('T', '-').slice(0, 15)}-${randomBytes(4).toString('hex')}`;
}

/** `arn:aws:states:eu-west-1:123:execution:machine:name` → `eu-west-1` (undefined when it is not an ARN). */
export function regionOfArn(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts.length >= 6 && parts[0] === 'arn' && parts[3] ? parts[3] : undefined;
}

/** The state machine ARN an execution ARN belongs to. */
export function machineArnOfExecution(executionArn: string): string {
  const parts = executionArn.split(':');
  if (parts[5] === 'express' || parts[5] === 'execution') return [...parts.slice(0, 5), 'stateMachine', parts[6]].join(':');
  return executionArn;
}

export async function describeStateMachine(aws: AwsClients, stateMachineArn: string): Promise<DescribeStateMachineOutput> {
  const sfn = await aws.stepFunctions();
  const { DescribeStateMachineCommand } = await sdk.stepFunctions();
  try {
    return await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
  } catch (err) {
    if (errorName(err) === 'StateMachineDoesNotExist') {
      throw new AwsError(`state machine ${stateMachineArn} does not exist`, 'DescribeStateMachine', 'check the ARN and the region, or deploy it with `stepf deploy`');
    }
    throw explainAwsError(err, 'DescribeStateMachine');
  }
}

export interface StartRequest {
  stateMachineArn: string;
  input: string;
  name?: string;
}

export async function startExecution(aws: AwsClients, req: StartRequest): Promise<{ executionArn: string; startDate?: Date }> {
  const sfn = await aws.stepFunctions();
  const { StartExecutionCommand } = await sdk.stepFunctions();
  const name = req.name ?? defaultExecutionName();
  const out = await call('StartExecution', () => sfn.send(new StartExecutionCommand({ stateMachineArn: req.stateMachineArn, input: req.input, name })));
  if (!out.executionArn) throw new AwsError('StartExecution answered without an execution ARN', 'StartExecution');
  return { executionArn: out.executionArn, startDate: out.startDate };
}

/** EXPRESS machines: one call that returns when the execution ends (up to 5 minutes). */
export async function startSyncExecution(aws: AwsClients, req: StartRequest): Promise<StartSyncExecutionOutput> {
  const sfn = await aws.stepFunctions();
  const { StartSyncExecutionCommand } = await sdk.stepFunctions();
  const name = req.name ?? defaultExecutionName();
  return call('StartSyncExecution', () => sfn.send(new StartSyncExecutionCommand({ stateMachineArn: req.stateMachineArn, input: req.input, name })));
}

export async function describeExecution(aws: AwsClients, executionArn: string): Promise<DescribeExecutionOutput> {
  const sfn = await aws.stepFunctions();
  const { DescribeExecutionCommand } = await sdk.stepFunctions();
  try {
    return await sfn.send(new DescribeExecutionCommand({ executionArn }));
  } catch (err) {
    if (errorName(err) === 'ExecutionDoesNotExist') {
      throw new AwsError(`execution ${executionArn} does not exist`, 'DescribeExecution', 'list recent ones with `stepf executions <machine>`');
    }
    throw explainAwsError(err, 'DescribeExecution');
  }
}

export interface WaitOptions {
  clock?: Clock;
  backoff?: Backoff;
  /** Give up waiting after this long; the execution itself goes on. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called after each poll that found it still running. */
  onPoll?: (d: DescribeExecutionOutput) => void;
}

export interface WaitResult {
  execution: DescribeExecutionOutput;
  /** True when timeoutMs passed while it was still running. */
  gaveUp: boolean;
  polls: number;
}

/** Polls DescribeExecution with backoff until the execution leaves RUNNING (or the wait times out). */
export async function waitForExecution(aws: AwsClients, executionArn: string, opts: WaitOptions = {}): Promise<WaitResult> {
  const clock = opts.clock ?? realClock;
  const started = clock.now();
  const delays = backoffDelays(opts.backoff ?? EXECUTION_BACKOFF);
  let polls = 0;
  for (;;) {
    const d = await describeExecution(aws, executionArn);
    polls++;
    if (d.status !== 'RUNNING') return { execution: d, gaveUp: false, polls };
    opts.onPoll?.(d);
    const left = opts.timeoutMs === undefined ? Infinity : opts.timeoutMs - (clock.now() - started);
    if (left <= 0) return { execution: d, gaveUp: true, polls };
    await clock.sleep(Math.min(delays.next().value as number, left), opts.signal);
  }
}

/** The whole history, oldest first, every page. */
export async function executionHistory(aws: AwsClients, executionArn: string, opts: { after?: number } = {}): Promise<HistoryEvent[]> {
  const sfn = await aws.stepFunctions();
  const { GetExecutionHistoryCommand } = await sdk.stepFunctions();
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await call('GetExecutionHistory', () =>
      sfn.send(new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000, includeExecutionData: true })),
    );
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return opts.after === undefined ? events : events.filter((e) => (e.id ?? 0) > opts.after!);
}

/** Newest first, up to `limit`, optionally only one status. */
export async function listExecutions(
  aws: AwsClients,
  stateMachineArn: string,
  opts: { status?: ExecutionStatus; limit?: number } = {},
): Promise<ExecutionListItem[]> {
  const sfn = await aws.stepFunctions();
  const { ListExecutionsCommand } = await sdk.stepFunctions();
  const limit = opts.limit ?? 20;
  const out: ExecutionListItem[] = [];
  let nextToken: string | undefined;
  do {
    const page = await call('ListExecutions', () =>
      sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: opts.status, maxResults: Math.min(1000, limit - out.length), nextToken })),
    );
    out.push(...(page.executions ?? []));
    nextToken = page.nextToken;
  } while (nextToken && out.length < limit);
  // Sorted here too: the API returns newest first, some emulators do not.
  return out.sort((a, b) => (b.startDate?.getTime() ?? 0) - (a.startDate?.getTime() ?? 0)).slice(0, limit);
}

/** The newest execution of a machine (of one status when given), or undefined when there is none. */
export async function lastExecution(aws: AwsClients, stateMachineArn: string, status?: ExecutionStatus): Promise<ExecutionListItem | undefined> {
  return (await listExecutions(aws, stateMachineArn, { status, limit: 1 }))[0];
}

export async function stopExecution(aws: AwsClients, executionArn: string, opts: { cause?: string; error?: string } = {}): Promise<Date | undefined> {
  const sfn = await aws.stepFunctions();
  const { StopExecutionCommand } = await sdk.stepFunctions();
  try {
    const out = await sfn.send(new StopExecutionCommand({ executionArn, cause: opts.cause, error: opts.error }));
    return out.stopDate;
  } catch (err) {
    if (errorName(err) === 'ExecutionDoesNotExist') {
      throw new AwsError(`execution ${executionArn} does not exist`, 'StopExecution', 'list recent ones with `stepf executions <machine>`');
    }
    throw explainAwsError(err, 'StopExecution');
  }
}

/** Restarts a FAILED, TIMED_OUT or ABORTED standard execution from the states that did not succeed. */
export async function redriveExecution(aws: AwsClients, executionArn: string): Promise<Date | undefined> {
  const sfn = await aws.stepFunctions();
  const { RedriveExecutionCommand } = await sdk.stepFunctions();
  try {
    const out = await sfn.send(new RedriveExecutionCommand({ executionArn }));
    return out.redriveDate;
  } catch (err) {
    const name = errorName(err);
    if (name === 'ExecutionNotRedrivable') {
      throw new AwsError(
        `execution ${executionArn} cannot be redriven: ${(err as Error).message}`,
        'RedriveExecution',
        'only a STANDARD execution that ended FAILED, TIMED_OUT or ABORTED less than 14 days ago can be redriven; start a new one with `stepf invoke`',
      );
    }
    if (/Deserialization error|is not valid JSON/i.test((err as Error).message ?? '') && process.env.AWS_ENDPOINT_URL) {
      // An emulator that lacks the operation answers with an HTML error page.
      throw new AwsError(`the endpoint ${process.env.AWS_ENDPOINT_URL} does not implement RedriveExecution`, 'RedriveExecution', 'redrive needs AWS itself (local emulators such as moto have no redrive)');
    }
    if (name === 'ExecutionDoesNotExist') {
      throw new AwsError(`execution ${executionArn} does not exist`, 'RedriveExecution', 'list recent ones with `stepf executions <machine> --status FAILED`');
    }
    throw explainAwsError(err, 'RedriveExecution');
  }
}
