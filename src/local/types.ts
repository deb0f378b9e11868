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

export interface LocalRunOptions {
  /** By state name: a result value, `{ error, cause }` to throw, or `{ sequence: [...] }` for successive attempts. */
  mocks?: Record<string, MockSpec>;
  context?: LocalRunContext;
  /** Guard against endless loops: the run fails with a UserError after this many state transitions (default 10000). */
  maxSteps?: number;
}

export interface LocalRunResult {
  status: 'SUCCEEDED' | 'FAILED';
  output?: unknown;
  error?: string;
  cause?: string;
  events: HistoryEvent[];
}

export type QueryLanguage = 'JSONPath' | 'JSONata';
