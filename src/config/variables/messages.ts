import { formatPath, type Diagnostic } from '../../errors.js';
import type { VariableNode } from './parse.js';
import { VariableError, type Path } from './types.js';

/**
 * line/column are computed on first read: locating re-parses the file with positions, which only an
 * error that is shown should pay for (lenient failures are often dropped).
 */
export function withLazyPosition(d: Diagnostic, find: () => { line: number; column: number } | undefined): Diagnostic {
  let pos: { line: number; column: number } | undefined | null = null;
  const get = () => (pos === null ? (pos = find()) : pos);
  for (const field of ['line', 'column'] as const) {
    Object.defineProperty(d, field, {
      enumerable: true,
      configurable: true,
      get: () => get()?.[field],
      set: (value: unknown) => Object.defineProperty(d, field, { value, writable: true, enumerable: true, configurable: true }),
    });
  }
  return d;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** Value of a variable placed inside a longer string: primitives only (lists as the Serverless Framework joins them). */
export function stringify(value: unknown, v: VariableNode, text: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((x) => x === null || typeof x !== 'object')) return String(value);
  throw new VariableError(
    `${v.text} resolves to ${describe(value)}, which cannot be placed inside the text "${text}"`,
    'variable-type',
    v1ServiceHint(v, value) ??
      (value !== null && typeof value === 'object'
        ? 'make the variable the whole value, or point it at a single key'
        : 'give the variable a value or a fallback that is text'),
  );
}

/**
 * `service: { name: x }` is the Serverless v1 form, still in many plugin-era configs: the service's name is read
 * from it, but `${self:service}` is the object, which Serverless v3 refuses inside a string too.
 */
function v1ServiceHint(v: VariableNode, value: unknown): string | undefined {
  const name = value !== null && typeof value === 'object' ? (value as Record<string, unknown>).name : undefined;
  if (typeof name !== 'string' || !/^\$\{\s*self:service\s*\}$/.test(v.text)) return undefined;
  return `\`service: { name: ${name} }\` is the Serverless v1 form: write \`service: ${name}\` (Serverless v3 refuses \${self:service} inside a string too)`;
}

/** A variable that depends on a path that cannot be resolved fails too, saying why. */
export function dependencyError(path: Path, failures: Diagnostic[]): VariableError {
  const f = failures[0];
  const more = failures.length > 1 ? ` (and ${failures.length - 1} more)` : '';
  if (f.code === 'variable-cycle') return new VariableError(f.message, 'variable-cycle', f.hint);
  const where = path.length ? formatPath(path) : 'the config';
  return new VariableError(`${where} cannot be resolved: ${f.message}${more}`, f.code ?? 'variable-unresolved', f.hint);
}
