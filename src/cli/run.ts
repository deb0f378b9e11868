import { ExitCode } from '../errors.js';
import { createOutput } from '../report/output.js';

/** Wraps a command action: runs it, maps errors to exit codes, never lets a stack trace escape. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<number | void>) {
  return async (...args: A): Promise<void> => {
    const cmdOpts = (args.find((a) => a && typeof a === 'object' && !Array.isArray(a)) ?? {}) as {
      json?: boolean;
      verbose?: boolean;
    };
    try {
      const code = await fn(...args);
      process.exitCode = code ?? ExitCode.ok;
    } catch (err) {
      process.exitCode = createOutput(cmdOpts).error(err);
    }
  };
}
