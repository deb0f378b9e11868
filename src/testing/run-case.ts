// Runs one case on the local interpreter and checks its expectations. The observer records coverage and
// attempts, and stops a case that runs past its real-time limit, naming the state it was in.
import { UserError } from '../errors.js';
import { runLocal } from '../local/interpreter.js';
import type { HistoryEvent, LocalRunResult } from '../local/types.js';
import { firstDifference, isMissing, lineDiff, type Mode } from './json-diff.js';
import type { CaseResult, CaseSpec, Failure, MachineUnderTest } from './types.js';

export interface RunCaseOptions {
  /** Real time a case may take (ms). */
  caseTimeoutMs: number;
  /** The clock the limit is measured on (tests inject one). */
  now?: () => number;
}

class CaseTimedOut extends Error {
  constructor(readonly state: string, readonly ms: number) {
    super(`the case ran past --case-timeout (${ms} ms of real time) in state ${state}`);
  }
}

interface Visit {
  name: string;
  exited: boolean;
  /** The history's JSON text, parsed only when an expectation reads it. */
  inputText?: string;
  outputText?: string;
}

/** The states a run entered, in history order, with the text of their inputs and outputs. */
function visits(events: HistoryEvent[]): Visit[] {
  const out: Visit[] = [];
  const open = new Map<string, Visit[]>();
  for (const e of events) {
    if (e.stateEnteredEventDetails && e.type?.endsWith('StateEntered')) {
      const d = e.stateEnteredEventDetails;
      const v: Visit = { name: d.name ?? '', inputText: d.input, exited: false };
      out.push(v);
      const list = open.get(v.name);
      if (list) list.push(v);
      else open.set(v.name, [v]);
    } else if (e.stateExitedEventDetails && e.type?.endsWith('StateExited')) {
      const d = e.stateExitedEventDetails;
      const v = open.get(d.name ?? '')?.shift();
      if (v) {
        v.outputText = d.output;
        v.exited = true;
      }
    }
  }
  return out;
}

const parsed = (text: string | undefined): unknown => (text === undefined ? undefined : JSON.parse(text));

function compare(what: string, expected: { mode: Mode; value: unknown }, actual: unknown): Failure | undefined {
  const d = firstDifference(expected.value, actual, expected.mode);
  if (!d) return undefined;
  const shown = (v: unknown) => (isMissing(v) ? '(missing)' : JSON.stringify(v));
  const head = `${what} ${expected.mode === 'includes' ? 'does not include the expected' : 'differs from the expected'}: at ${d.path} ${d.reason}`;
  // "is missing" and "is not expected" say nothing of the value: name it when it is short.
  const value = isMissing(d.actual) ? shown(d.expected) : isMissing(d.expected) ? shown(d.actual) : '';
  const detail = value && value.length < 120 ? ` (${isMissing(d.actual) ? 'expected' : 'got'} ${value})` : '';
  return { message: `${head}${detail}`, diff: lineDiff(expected.value, actual) };
}

/** Is `want` a subsequence of `path` (the states in this order, others between them allowed)? */
function inOrder(want: string[], path: string[]): string | undefined {
  let i = 0;
  for (const s of path) if (s === want[i]) i++;
  return i === want.length ? undefined : want[i];
}

function check(spec: CaseSpec, run: LocalRunResult, attempts: Map<string, number>): Failure[] {
  const e = spec.expect;
  const failures: Failure[] = [];
  const got = run.status === 'SUCCEEDED' ? 'SUCCEEDED' : `${run.status} (${run.error ?? ''}${run.cause ? `: ${run.cause}` : ''})`;
  if (run.status !== e.status) failures.push({ message: `expected status ${e.status}, got ${got}` });
  if (e.error !== undefined && run.error !== e.error) failures.push({ message: `expected error ${JSON.stringify(e.error)}, got ${JSON.stringify(run.error ?? null)}` });
  if (e.cause !== undefined && run.cause !== e.cause) failures.push({ message: `expected cause ${JSON.stringify(e.cause)}, got ${JSON.stringify(run.cause ?? null)}` });
  if (e.output) {
    if (run.status !== 'SUCCEEDED') failures.push({ message: `expected an output, but the run ended ${run.status}` });
    else {
      const f = compare('the output', e.output, run.output);
      if (f) failures.push(f);
    }
  }
  const seen = visits(run.events);
  const path = seen.map((v) => v.name);
  if (e.path) {
    if (e.path.mode === 'equal') {
      const f = compare('the path', e.path, path);
      if (f) failures.push(f);
    } else {
      const missing = inOrder(e.path.value, path);
      if (missing !== undefined) {
        const why = path.includes(missing) ? 'not in the expected order' : 'never entered';
        failures.push({ message: `the path does not include ${e.path.value.join(' → ')}: ${missing} was ${why}; the path was ${path.join(' → ') || '(no states)'}` });
      }
    }
  }
  for (const [state, want] of Object.entries(e.states ?? {})) {
    const mine = seen.filter((v) => v.name === state);
    const last = mine[mine.length - 1];
    if (want.attempts !== undefined && (attempts.get(state) ?? (last ? 1 : 0)) !== want.attempts) {
      failures.push({ message: `expected ${state} to be attempted ${want.attempts} time(s), it was attempted ${attempts.get(state) ?? (last ? 1 : 0)}` });
    }
    if (!want.input && !want.output) continue;
    if (!last) {
      failures.push({ message: `expected state ${state} to run, but the run never entered it` });
      continue;
    }
    if (want.input) {
      const f = compare(`the input of ${state}${mine.length > 1 ? ` (its last of ${mine.length} visits)` : ''}`, want.input, parsed(last.inputText));
      if (f) failures.push(f);
    }
    if (want.output) {
      if (!last.exited) failures.push({ message: `expected an output of ${state}, but it did not finish (it failed)` });
      else {
        const f = compare(`the output of ${state}${mine.length > 1 ? ` (its last of ${mine.length} visits)` : ''}`, want.output, parsed(last.outputText));
        if (f) failures.push(f);
      }
    }
  }
  for (const [state, defined] of Object.entries(spec.invocations ?? {})) {
    const n = attempts.get(state) ?? 0;
    if (n > defined) {
      failures.push({
        message: `${state} was invoked ${n} times, but ${spec.mockCase ?? 'the mock config case'} has responses for ${defined}`,
        diff: [`Step Functions Local fails the execution here; add responses for invocations ${defined}${n - 1 > defined ? `-${n - 1}` : ''}`],
      });
    }
  }
  return failures;
}

export async function runCase(spec: CaseSpec, machine: MachineUnderTest, opts: RunCaseOptions): Promise<CaseResult> {
  const now = opts.now ?? (() => performance.now());
  const started = now();
  const deadline = started + opts.caseTimeoutMs;
  const states = new Set<string>();
  const transitions = new Set<string>();
  const attempts = new Map<string, number>();
  const base = { id: spec.id, file: spec.file, name: spec.name, machine: spec.machine };
  const done = (rest: Partial<CaseResult> & { failures: Failure[] }): CaseResult => ({
    ...base,
    passed: rest.failures.length === 0,
    ms: Math.round((now() - started) * 10) / 10,
    states: [...states],
    transitions: [...transitions],
    ...rest,
  });
  let run: LocalRunResult;
  try {
    run = await runLocal(machine.definition, structuredClone(spec.input), {
      outcomes: spec.outcomes,
      context: { executionName: `test-${spec.name.replace(/[^\w-]+/g, '-').slice(0, 60)}`, stateMachineName: machine.name },
      observer: {
        stateEntered(state) {
          states.add(state);
          if (now() >= deadline) throw new CaseTimedOut(state, opts.caseTimeoutMs);
        },
        transition(from, via) {
          transitions.add(`${from}.${via}`);
        },
        attempt(state) {
          attempts.set(state, (attempts.get(state) ?? 0) + 1);
        },
      },
    });
  } catch (err) {
    if (err instanceof CaseTimedOut) return done({ failures: [{ message: err.message }] });
    if (err instanceof UserError) {
      const d = err.diagnostics[0];
      const state = d.code === 'missing-mock' ? /'(.*)'/.exec(d.message)?.[1] : undefined;
      if (state !== undefined) {
        return done({
          failures: [{ message: `Task state '${state}' has no mock in this case: add one under the case's mocks, e.g. mocks: { ${state}: <its result> }, or { ${state}: { error: ..., cause: ... } } to fail it` }],
        });
      }
      return done({ failures: [{ message: `${err.message}${d.hint ? ` (${d.hint})` : ''}` }] });
    }
    throw err;
  }
  return done({
    status: run.status,
    ...(run.error !== undefined ? { error: run.error } : {}),
    ...(run.cause !== undefined ? { cause: run.cause } : {}),
    ...(run.status === 'SUCCEEDED' ? { output: run.output } : {}),
    failures: check(spec, run, attempts),
  });
}

