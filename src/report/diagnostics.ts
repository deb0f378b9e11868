import { relative } from 'node:path';
import { formatPath, type Diagnostic } from '../errors.js';
import { wrapText } from './wrap.js';

/** `serverless.yml:12:9`, relative to the working folder when that is shorter. */
export function formatWhere(d: Pick<Diagnostic, 'file' | 'line' | 'column'>, cwd = process.cwd()): string {
  if (!d.file) return '';
  const rel = relative(cwd, d.file);
  const file = rel && !rel.startsWith('..') ? rel : d.file;
  return d.line ? `${file}:${d.line}${d.column ? `:${d.column}` : ''}` : file;
}

/**
 * One diagnostic as plain text: where, config path, message, hint; the same in every command. Given a
 * terminal's `width`, lines are wrapped to it (see fitToWidth).
 */
export function formatDiagnostic(d: Diagnostic, cwd?: string, width?: number): string {
  const head = [formatWhere(d, cwd), d.path && d.path.length ? formatPath(d.path) : ''].filter(Boolean).join(' ');
  const lines = [`${d.severity}: ${head ? `${head}: ` : ''}${d.message}`];
  if (d.hint) lines.push(`  hint: ${d.hint}`);
  return fitToWidth(lines.join('\n'), width);
}

/**
 * Wraps `error: ...` / `warning: ...` lines and their `  hint: ...` lines to a terminal's width, the
 * continuation of a message indented by 2 and of a hint under its first word; no width, no change.
 */
export function fitToWidth(text: string, width?: number): string {
  if (!width) return text;
  return text
    .split('\n')
    .flatMap((line) => {
      const lead = /^ */.exec(line)![0].length;
      const indent = line.startsWith('hint: ', lead) ? lead + 'hint: '.length : lead + 2;
      return wrapText(line, width, indent);
    })
    .join('\n');
}

export function diagnosticToJson(d: Diagnostic): Record<string, unknown> {
  return {
    severity: d.severity,
    code: d.code,
    message: d.message,
    file: d.file,
    line: d.line,
    column: d.column,
    path: d.path ? formatPath(d.path) : undefined,
    hint: d.hint,
  };
}
