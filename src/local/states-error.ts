// Errors raised inside a running state machine: they carry an ASL error name and cause, and are
// matched by Retry/Catch. Problems with the definition or the local run itself are UserErrors instead.

export class StatesError extends Error {
  constructor(readonly error: string, readonly cause: string = '') {
    super(`${error}: ${cause}`);
    this.name = 'StatesError';
  }
}

/** States.Runtime and States.DataLimitExceeded end the execution: Retry and Catch (even States.ALL) do not apply. */
export function isTerminal(err: StatesError): boolean {
  return err.error === 'States.Runtime' || err.error === 'States.DataLimitExceeded';
}

/** Does one ErrorEquals list match this error? States.TaskFailed is a wildcard for any error except States.Timeout. */
export function errorMatches(errorEquals: readonly string[], err: StatesError): boolean {
  if (isTerminal(err)) return false;
  for (const name of errorEquals) {
    if (name === 'States.ALL') return true;
    if (name === err.error) return true;
    if (name === 'States.TaskFailed' && err.error !== 'States.Timeout') return true;
  }
  return false;
}

export const runtime = (cause: string): StatesError => new StatesError('States.Runtime', cause);
