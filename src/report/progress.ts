// Progress for deploy and remove: a spinner with elapsed time in a terminal, plain lines in CI or a pipe,
// and in --json mode plain lines on stderr so stdout carries only the JSON result.
import type { ChangeRow, ProgressSink, StackEventLine } from '../aws/events.js';
import { colourWanted, palette, type Palette } from './colour.js';
import { formatChangeTable, formatStackEvent } from './stack-events.js';
import { formatDiagnostic } from './diagnostics.js';
import { groupWarnings } from './group-warnings.js';
import type { Diagnostic } from '../errors.js';

export interface Progress extends ProgressSink {
  /** Warnings about the config, exactly as package prints them (file:line:column, config path, hint; repeats grouped unless verbose). */
  warnings(list: Diagnostic[]): void;
  /** A --verbose line (AWS calls); shown only when verbose. */
  debug(text: string): void;
  /** Stops the spinner and clears its line (before a question, the final summary or an error); a later phase starts it again. */
  stop(): void;
  readonly palette: Palette;
  readonly elapsedMs: () => number;
}

export interface ProgressOptions {
  json?: boolean;
  verbose?: boolean;
  stream?: NodeJS.WriteStream;
  env?: NodeJS.ProcessEnv;
}

export function isInteractive(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && !env.CI && env.TERM !== 'dumb';
}

function elapsedText(ms: number): string {
  const s = Math.floor(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** Plain lines: no colour, no spinner, every phase printed once. */
export function plainProgress(opts: ProgressOptions = {}): Progress {
  const out = opts.stream ?? process.stderr;
  const started = Date.now();
  const p = palette(false);
  let lastPhase = '';
  return {
    palette: p,
    elapsedMs: () => Date.now() - started,
    phase(text) {
      if (text === lastPhase) return;
      lastPhase = text;
      out.write(`stepf: ${text}\n`);
    },
    note: (text) => out.write(`stepf: ${text}\n`),
    warn: (text) => out.write(`warning: ${text}\n`),
    warnings: (list) => groupWarnings(list, { verbose: opts.verbose }).forEach((d) => out.write(`${formatDiagnostic(d)}\n`)),
    stackEvent: (e: StackEventLine) => out.write(`${formatStackEvent(e, p)}\n`),
    changes: (rows: ChangeRow[], arn: string) => out.write(`change set ${arn}:\n${formatChangeTable(rows, p)}\n`),
    debug: (text) => {
      if (opts.verbose) out.write(`${text}\n`);
    },
    stop() {},
  };
}

/** The change set's ARN, or only its name where the ARN would not fit the terminal (its ARN is printed where it is needed). */
function changeSetLabel(arn: string, width?: number): string {
  if (!width || 'change set '.length + arn.length <= width) return arn;
  return /:changeSet\/([^/]+)/.exec(arn)?.[1] ?? arn;
}

/** A terminal: an ora spinner showing the current phase and the elapsed time; lines print above it. */
export async function ttyProgress(opts: ProgressOptions = {}): Promise<Progress> {
  const out = opts.stream ?? process.stderr;
  const { default: ora } = await import('ora');
  const p = palette(colourWanted(out, opts.env));
  const started = Date.now();
  let phase = 'starting';
  // stepf has already decided this is a terminal (isInteractive); ora's own CI check must not override it.
  const spinner = ora({ stream: out, text: phase, discardStdin: false, isEnabled: true });
  const render = () => {
    spinner.text = `${phase} ${p.dim(`(${elapsedText(Date.now() - started)})`)}`;
  };
  let timer: NodeJS.Timeout | undefined;
  const start = () => {
    spinner.start();
    render();
    timer = setInterval(render, 1000);
    timer.unref();
  };
  start();
  // A stopped spinner is not drawn again by a line printed after it (that would leave its frame behind).
  const above = (line: string) => {
    if (!spinner.isSpinning) return void out.write(`${line}\n`);
    spinner.clear();
    out.write(`${line}\n`);
    spinner.render();
  };
  return {
    palette: p,
    elapsedMs: () => Date.now() - started,
    phase(text) {
      phase = text;
      if (spinner.isSpinning) render();
      else start();
    },
    note: (text) => above(text),
    warn: (text) => above(p.yellow(`warning: ${text}`)),
    warnings: (list) => groupWarnings(list, { verbose: opts.verbose }).forEach((d) => above(p.yellow(formatDiagnostic(d, undefined, out.columns)))),
    stackEvent: (e) => above(formatStackEvent(e, p, out.columns)),
    changes: (rows, arn) => above(`${p.bold('change set')} ${p.dim(changeSetLabel(arn, out.columns))}\n${formatChangeTable(rows, p, out.columns)}`),
    debug: (text) => {
      if (opts.verbose) above(p.dim(text));
    },
    stop() {
      clearInterval(timer);
      if (spinner.isSpinning) spinner.stop();
    },
  };
}

export async function createProgress(opts: ProgressOptions = {}): Promise<Progress> {
  const stream = opts.stream ?? process.stderr;
  if (!opts.json && isInteractive(stream, opts.env)) return ttyProgress({ ...opts, stream });
  return plainProgress({ ...opts, stream });
}
