import { relative } from 'node:path';
import { formatPath, type Diagnostic } from '../errors.js';

/** `serverless.yml:12:9`, relative to the working folder when that is shorter. */
export function formatWhere(d: Pick<Diagnostic, 'file' | 'line' | 'column'>, cwd = process.cwd()): string {
  if (!d.file) return '';
  const rel = relative(cwd, d.file);
  const file = rel && !rel.startsWith('..') ? rel : d.file;
  return d.line ? `${file}:${d.line}${d.column ? `:${d.column}` : ''}` : file;
}

/** One diagnostic as plain text: where, config path, message, hint. */
export function formatDiagnostic(d: Diagnostic, cwd?: string): string {
  const head = [formatWhere(d, cwd), d.path && d.path.length ? formatPath(d.path) : ''].filter(Boolean).join(' ');
  const lines = [`${d.severity}: ${head ? `${head}: ` : ''}${d.message}`];
  if (d.hint) lines.push(`  hint: ${d.hint}`);
  return lines.join('\n');
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
