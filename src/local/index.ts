// Local execution of state machines without AWS: `stepf invoke <machine> --local`.
export { runLocal } from './interpreter.js';
export { loadMocks, mockOutcomes } from './mocks.js';
export type { HistoryEvent, LocalRunContext, LocalRunObserver, LocalRunOptions, LocalRunResult, MockOutcome, MockSpec } from './types.js';
