// Public types of the local interpreter: what a run takes and what it gives back.
import type { HistoryEvent } from '@aws-sdk/client-sfn';

export type { HistoryEvent };

/** A Task's stand-in: a result, an error to throw, or a sequence of those (one per attempt). */
export type MockOutcome = { result: unknown } | { error: string; cause?: string };
export type MockSpec = unknown;

export interface LocalRunContext {
  executionName?: string;
  stateMachineName?: string;
  /** Start of the virtual clock; Wait states and retries advance it without sleeping. */
  now?: () => Date;
}

/** Watches a run without changing it: `stepf test` records coverage and attempts, and checks its real-time limit. */
export interface LocalRunObserver {
  /** Before a state runs (any scope: a Parallel branch, a Map iteration). */
  stateEntered?(state: string): void;
  /** A transition taken: `via` is `Next`, `Choices[i]`, `Default` or `Catch[j]` (the end of a scope is none). */
  transition?(from: string, via: string, to: string): void;
  /** Each attempt of a Task, Parallel or Map state (the first, then one per retry). */
  attempt?(state: string): void;
}

export interface LocalRunOptions {
  /** By state name: a result value, `{ error, cause }` to throw, or `{ sequence: [...] }` for successive attempts. */
  mocks?: Record<string, MockSpec>;
  /** By state name, outcomes already read (one per attempt, the last repeating); `mocks` win. For `stepf test`. */
  outcomes?: Record<string, MockOutcome[]>;
  context?: LocalRunContext;
  /** Guard against endless loops: the run fails with a UserError after this many state transitions (default 10000). */
  maxSteps?: number;
  observer?: LocalRunObserver;
}

export interface LocalRunResult {
  /** TIMED_OUT: the virtual clock passed the machine's TimeoutSeconds (error States.Timeout). */
  status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';
  output?: unknown;
  error?: string;
  cause?: string;
  events: HistoryEvent[];
}

export type QueryLanguage = 'JSONPath' | 'JSONata';
