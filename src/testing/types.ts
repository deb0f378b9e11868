// What the runner works on: cases read from test files (or one Step Functions Local case from the
// command line), and what running one gives back. Plain data, so cases travel to worker threads.
import type { MockOutcome } from '../local/types.js';
import type { Mode } from './json-diff.js';

export type RunStatus = 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';

export interface StateExpectation {
  input?: { mode: Mode; value: unknown };
  output?: { mode: Mode; value: unknown };
  attempts?: number;
}

export interface Expectations {
  status: RunStatus;
  error?: string;
  cause?: string;
  output?: { mode: Mode; value: unknown };
  path?: { mode: Mode; value: string[] };
  states?: Record<string, StateExpectation>;
}

export interface CaseSpec {
  /** `tests/stepf/orders.test.yml > happy path`: unique, for messages and JUnit. */
  id: string;
  file: string;
  name: string;
  /** The machine's key under stepFunctions.stateMachines. */
  machine: string;
  input: unknown;
  /** By Task state name, one outcome per attempt (the last repeats). */
  outcomes: Record<string, MockOutcome[]>;
  /** From a Step Functions Local mock file: how many invocations each state has a response for. */
  invocations?: Record<string, number>;
  /** `MockConfigFile.json#HappyPath`, when the mocks came from one. */
  mockCase?: string;
  expect: Expectations;
}

export interface MachineUnderTest {
  key: string;
  name: string;
  definition: object;
}

export interface Failure {
  message: string;
  /** A JSON comparison that failed: the diff lines, expected (-) against actual (+). */
  diff?: string[];
}

export interface CaseResult {
  id: string;
  file: string;
  name: string;
  machine: string;
  passed: boolean;
  /** Real time the case took. */
  ms: number;
  status?: RunStatus;
  error?: string;
  cause?: string;
  output?: unknown;
  failures: Failure[];
  /** Coverage keys this run took: state names, and `State.Next`, `State.Choices[0]`, `State.Default`, `State.Catch[0]`. */
  states: string[];
  transitions: string[];
}
