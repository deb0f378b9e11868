// An execution history as a readable timeline, the same for a real run (GetExecutionHistory) and a
// local one: time (UTC), elapsed since the start, event type, state name, and the input/output of
// state transitions; a failed execution's failing state is named with its error and cause.
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { palette, type Palette } from './colour.js';

export interface TimelineOptions {
  color: boolean;
  /** Cut payloads to this many characters (for a terminal); whole when unset. */
  truncate?: number;
}

export interface FailingState {
  /** The state that failed, when the history names one. */
  state?: string;
  error?: string;
  cause?: string;
}

/** Events that repeat what the line before says (a task started right after it was scheduled). */
const QUIET = new Set(['TaskStarted', 'LambdaFunctionStarted', 'ActivityStarted', 'TaskSubmitted', 'MapIterationStarted', 'MapIterationSucceeded']);

const TERMINAL_FAILURES = new Set(['ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted']);

/** Failure events of a step, whose details carry the error that may end the execution. */
const STEP_FAILURES = new Set([
  'TaskFailed', 'TaskTimedOut', 'TaskStartFailed', 'TaskSubmitFailed', 'LambdaFunctionFailed', 'LambdaFunctionTimedOut',
  'LambdaFunctionStartFailed', 'LambdaFunctionScheduleFailed', 'ActivityFailed', 'ActivityTimedOut', 'ActivityScheduleFailed', 'EvaluationFailed',
]);

type ErrorDetails = { error?: string; cause?: string };

function errorOf(e: HistoryEvent): ErrorDetails | undefined {
  return (
    e.executionFailedEventDetails ?? e.executionTimedOutEventDetails ?? e.executionAbortedEventDetails ?? e.taskFailedEventDetails ?? e.taskTimedOutEventDetails ??
    e.taskStartFailedEventDetails ?? e.taskSubmitFailedEventDetails ?? e.lambdaFunctionFailedEventDetails ?? e.lambdaFunctionTimedOutEventDetails ??
    e.lambdaFunctionStartFailedEventDetails ?? e.lambdaFunctionScheduleFailedEventDetails ?? e.activityFailedEventDetails ?? e.activityTimedOutEventDetails ??
    e.activityScheduleFailedEventDetails ?? e.evaluationFailedEventDetails ?? e.mapRunFailedEventDetails
  );
}

/** The state an event belongs to: its own name, or that of the state entered earlier on its chain. */
function stateNames(events: HistoryEvent[]): Map<number, string | undefined> {
  const byId = new Map(events.map((e) => [e.id ?? 0, e]));
  const names = new Map<number, string | undefined>();
  const resolve = (e: HistoryEvent | undefined, depth = 0): string | undefined => {
    if (!e || depth > 10_000) return undefined;
    const id = e.id ?? 0;
    if (names.has(id)) return names.get(id);
    let name: string | undefined;
    if (e.stateEnteredEventDetails?.name) name = e.stateEnteredEventDetails.name;
    else if (e.stateExitedEventDetails?.name) name = e.stateExitedEventDetails.name;
    else if (e.type?.startsWith('Execution')) name = undefined;
    else if (e.mapIterationStartedEventDetails || e.mapIterationSucceededEventDetails || e.mapIterationFailedEventDetails) {
      const d = e.mapIterationStartedEventDetails ?? e.mapIterationSucceededEventDetails ?? e.mapIterationFailedEventDetails!;
      name = `${d.name}[${d.index}]`;
    } else {
      const prev = byId.get(e.previousEventId ?? 0);
      // The event before a state entered inside a branch is the branch's start: stop at an exit.
      name = prev && !prev.stateExitedEventDetails ? resolve(prev, depth + 1) : undefined;
    }
    names.set(id, name);
    return name;
  };
  // Map and Parallel progress events belong to the innermost open Map or Parallel state.
  const open: Record<'Map' | 'Parallel', string[]> = { Map: [], Parallel: [] };
  for (const e of events) {
    const m = /^(Map|Parallel)State(Entered|Exited|Started|Succeeded|Failed|Aborted)$/.exec(e.type ?? '');
    if (!m) continue;
    const kind = m[1] as 'Map' | 'Parallel';
    const stack = open[kind];
    if (m[2] === 'Entered') stack.push(e.stateEnteredEventDetails?.name ?? '');
    else if (m[2] === 'Exited') stack.pop();
    else if (stack.length) names.set(e.id ?? 0, stack[stack.length - 1]);
  }
  for (const e of events) resolve(e);
  return names;
}

/** Name, error and cause of a failed (timed out, aborted) execution; undefined when it did not fail. */
export function failingState(events: HistoryEvent[]): FailingState | undefined {
  const end = [...events].reverse().find((e) => TERMINAL_FAILURES.has(e.type ?? ''));
  if (!end) return undefined;
  const { error, cause } = errorOf(end) ?? {};
  const names = stateNames(events);
  const before = events.filter((e) => (e.id ?? 0) < (end.id ?? 0));
  // The last step that failed with this error, or the Fail state that raised it.
  const culprit = [...before]
    .reverse()
    .find((e) => e.type === 'FailStateEntered' || (STEP_FAILURES.has(e.type ?? '') && (error === undefined || errorOf(e)?.error === error)));
  let state = culprit ? names.get(culprit.id ?? 0) : undefined;
  if (!state) {
    // No step failed: the state that was running (a Choice without a match, a bad path, a timeout).
    const open = [...before].reverse().find((e) => e.stateEnteredEventDetails?.name);
    state = open?.stateEnteredEventDetails?.name;
  }
  const out: FailingState = {};
  if (state) out.state = state;
  if (error) out.error = error;
  if (cause) out.cause = cause;
  return out;
}

function clock(d: Date): string {
  return d.toISOString().slice(11, 23);
}

function cut(text: string, max: number | undefined): string {
  if (max === undefined || text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** What a line shows after the state name: a payload, or an error. */
function detail(e: HistoryEvent): { label: string; text: string } | undefined {
  const err = errorOf(e);
  if (err) return { label: 'error', text: [err.error, err.cause].filter(Boolean).join(': ') };
  if (e.stateEnteredEventDetails) return { label: 'input', text: e.stateEnteredEventDetails.input ?? '' };
  if (e.stateExitedEventDetails) return { label: 'output', text: e.stateExitedEventDetails.output ?? '' };
  if (e.executionStartedEventDetails) return { label: 'input', text: e.executionStartedEventDetails.input ?? '' };
  if (e.executionSucceededEventDetails) return { label: 'output', text: e.executionSucceededEventDetails.output ?? '' };
  if (e.taskScheduledEventDetails) {
    const d = e.taskScheduledEventDetails;
    return { label: `${d.resourceType}:${d.resource}`, text: d.parameters ?? '' };
  }
  if (e.lambdaFunctionScheduledEventDetails) return { label: 'input', text: e.lambdaFunctionScheduledEventDetails.input ?? '' };
  if (e.taskSucceededEventDetails) return { label: 'output', text: e.taskSucceededEventDetails.output ?? '' };
  if (e.lambdaFunctionSucceededEventDetails) return { label: 'output', text: e.lambdaFunctionSucceededEventDetails.output ?? '' };
  if (e.activitySucceededEventDetails) return { label: 'output', text: e.activitySucceededEventDetails.output ?? '' };
  if (e.mapStateStartedEventDetails) return { label: 'items', text: String(e.mapStateStartedEventDetails.length ?? 0) };
  return undefined;
}

function isFailure(type: string): boolean {
  return /Failed$|TimedOut$|Aborted$/.test(type);
}

export function renderTimeline(events: HistoryEvent[], opts: TimelineOptions): string {
  if (events.length === 0) return '';
  const p: Palette = palette(opts.color);
  const names = stateNames(events);
  const failed = failingState(events);
  const start = events[0].timestamp?.getTime() ?? 0;
  const shown = events.filter((e) => !QUIET.has(e.type ?? ''));
  const typeWidth = Math.max(...shown.map((e) => (e.type ?? '').length));
  const nameWidth = Math.min(30, Math.max(0, ...shown.map((e) => (names.get(e.id ?? 0) ?? '').length)));
  const elapsedOf = (e: HistoryEvent): string => `+${(((e.timestamp?.getTime() ?? start) - start) / 1000).toFixed(3)}s`;
  const elapsedWidth = Math.max(...shown.map((e) => elapsedOf(e).length));
  const lines: string[] = [];
  for (const e of shown) {
    const type = e.type ?? '';
    const t = e.timestamp ?? new Date(start);
    const elapsed = elapsedOf(e);
    const name = names.get(e.id ?? 0) ?? '';
    const d = detail(e);
    const failure = isFailure(type) || (type === 'FailStateEntered' && name === failed?.state);
    const culprit = failed?.state !== undefined && name === failed.state;
    let typeText = type.padEnd(typeWidth);
    typeText = failure ? p.red(typeText) : type.endsWith('Succeeded') ? p.green(typeText) : typeText;
    let nameText = name.padEnd(nameWidth);
    if (culprit) nameText = p.bold(nameText);
    let line = `${p.dim(clock(t))}  ${p.dim(elapsed.padStart(elapsedWidth))}  ${typeText}  ${nameText}`;
    if (d) line += `  ${p.dim(d.label)} ${failure ? p.red(d.label === 'error' ? d.text : cut(d.text, opts.truncate)) : cut(d.text, opts.truncate)}`;
    lines.push(line.trimEnd());
  }
  if (failed) {
    const what = [failed.error, failed.cause].filter(Boolean).join(': ');
    lines.push(p.red(`${failed.state ? `failed in state '${failed.state}'` : 'failed'}${what ? `: ${what}` : ''}`));
  }
  return `${lines.join('\n')}\n`;
}
