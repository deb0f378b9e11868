import { AwsError, ExitCode, StepfError, UsageError, UserError, exitCodeOf } from '../errors.js';
import { formatDiagnostic } from '../report/diagnostics.js';

export function debugEnabled(verbose?: boolean): boolean {
  return Boolean(verbose) || process.env.STEPF_DEBUG === '1';
}

/** Prints an error the way a user should see it and returns the exit code. Stack traces only in debug. */
export function reportError(err: unknown, opts: { json?: boolean; verbose?: boolean } = {}): number {
  const code = exitCodeOf(err);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ ok: false, exitCode: code, error: errorToJson(err) }, null, 2)}\n`);
  }
  if (err instanceof UserError) {
    for (const d of err.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
  } else if (err instanceof AwsError) {
    process.stderr.write(`error: ${err.operation ? `${err.operation}: ` : ''}${err.message}\n`);
    if (err.hint) process.stderr.write(`  hint: ${err.hint}\n`);
  } else if (err instanceof UsageError) {
    process.stderr.write(`error: ${err.message}\n`);
    if (err.hint) process.stderr.write(`  hint: ${err.hint}\n`);
  } else if (err instanceof StepfError) {
    process.stderr.write(`error: ${err.message}\n`);
    const hint = (err as { hint?: string }).hint;
    if (hint) process.stderr.write(`  hint: ${hint}\n`);
  } else {
    const e = err as Error;
    process.stderr.write(`error: ${e?.message ?? String(err)}\n`);
    process.stderr.write('  hint: this is a bug in stepf; run again with STEPF_DEBUG=1 and report the trace\n');
  }
  if (debugEnabled(opts.verbose) && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  return code;
}

function errorToJson(err: unknown): Record<string, unknown> {
  if (err instanceof UserError) {
    return { type: 'UserError', message: err.message, diagnostics: err.diagnostics };
  }
  if (err instanceof Error) return { type: err.name, message: err.message, hint: (err as { hint?: string }).hint };
  return { type: 'Error', message: String(err) };
}

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
      process.exitCode = reportError(err, cmdOpts);
    }
  };
}
