// The one channel a command writes through. stdout carries the result only: text, one JSON document with
// --json, or JSON lines for a stream; stderr carries notes, warnings, errors, progress and --verbose lines.
// With --json an error is also a JSON document on stdout, `{ ok: false, exitCode, error: { code, ... } }`,
// whose `code` is stable per kind of error (errorCode in errors.ts; the README lists them).
import { AwsError, errorCode, exitCodeOf, StepfError, UsageError, UserError, type Diagnostic } from '../errors.js';
import { fitToWidth, formatDiagnostic } from './diagnostics.js';
import { groupWarnings } from './group-warnings.js';
import type { Progress } from './progress.js';

export interface Output {
  /** The command's answer on stdout, as it is. */
  result(text: string): void;
  /** The answer as one JSON document on stdout. */
  json(value: unknown): void;
  /** One JSON value on a line of stdout, for a stream (logs --tail --json). */
  jsonLine(value: unknown): void;
  /** Lines for the person on stderr: why there is no result, where a file went, what stepf waits for. */
  note(text: string): void;
  /** Warnings about the config, on stderr; repeated kinds grouped unless --verbose. */
  warnings(list: Diagnostic[]): void;
  /** Reports an error (on stderr; with --json also on stdout) and returns the exit code. */
  error(err: unknown): number;
  /** A --verbose line (AWS calls), on stderr; nothing otherwise. */
  debug(text: string): void;
  /** The spinner or plain lines of a command that waits on AWS. */
  progress(): Promise<Progress>;
}

export interface OutputOptions {
  json?: boolean;
  verbose?: boolean;
  /** Where to write instead of the process's own streams. */
  streams?: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream };
}

export function debugEnabled(verbose?: boolean): boolean {
  return Boolean(verbose) || process.env.STEPF_DEBUG === '1';
}

export function createOutput(opts: OutputOptions = {}): Output {
  const { stdout, stderr } = opts.streams ?? process;
  const line = (text: string) => void stderr.write(`${text}\n`);
  // Warnings, errors and their hints fit a terminal's width (read when printed: the window may change).
  const width = () => ((stderr as NodeJS.WriteStream).isTTY ? (stderr as NodeJS.WriteStream).columns : undefined);
  // A note may be several lines, and may end in its own newline; an empty one writes nothing.
  const note = (text: string) => void (text && stderr.write(text.endsWith('\n') ? text : `${text}\n`));
  return {
    result: (text) => void stdout.write(text),
    json: (value) => void stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    jsonLine: (value) => void stdout.write(`${JSON.stringify(value)}\n`),
    note,
    warnings: (list) => groupWarnings(list, { verbose: opts.verbose }).forEach((d) => line(formatDiagnostic(d, undefined, width()))),
    debug: (text) => {
      if (opts.verbose) line(text);
    },
    progress: async () => (await import('./progress.js')).createProgress({ json: opts.json, verbose: opts.verbose }),
    error: (err) => {
      const code = exitCodeOf(err);
      if (opts.json) stdout.write(`${JSON.stringify({ ok: false, exitCode: code, error: errorToJson(err) }, null, 2)}\n`);
      if (err instanceof UserError) groupWarnings(err.warnings, { verbose: opts.verbose }).forEach((d) => line(formatDiagnostic(d, undefined, width())));
      for (const l of errorLines(err)) line(fitToWidth(l, width()));
      if (debugEnabled(opts.verbose) && err instanceof Error && err.stack) line(err.stack);
      return code;
    },
  };
}

/** An error the way a user should see it: what went wrong, and a hint. Stack traces only in debug. */
function errorLines(err: unknown): string[] {
  if (err instanceof UserError) return err.diagnostics.map((d) => formatDiagnostic(d));
  const hint = (h: string | undefined) => (h ? [`  hint: ${h}`] : []);
  if (err instanceof AwsError) return [`error: ${err.operation ? `${err.operation}: ` : ''}${err.message}`, ...hint(err.hint)];
  if (err instanceof UsageError) return [`error: ${err.message}`, ...hint(err.hint)];
  if (err instanceof StepfError) return [`error: ${err.message}`, ...hint((err as { hint?: string }).hint)];
  const e = err as Error;
  return [`error: ${e?.message ?? String(err)}`, '  hint: this is a bug in stepf; run again with STEPF_DEBUG=1 and report the trace'];
}

function errorToJson(err: unknown): Record<string, unknown> {
  const code = errorCode(err);
  if (err instanceof UserError) return { code, type: 'UserError', message: err.message, diagnostics: err.diagnostics, ...(err.warnings.length ? { warnings: err.warnings } : {}) };
  if (err instanceof Error) return { code, type: err.name, message: err.message, hint: (err as { hint?: string }).hint };
  return { code, type: 'Error', message: String(err) };
}
