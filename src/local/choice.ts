// Choice rules of JSONPath states: every comparison operator (and its *Path form), the Is* tests,
// StringMatches, And/Or/Not. A missing Variable is States.Runtime, except for IsPresent.
import { CHOICE_RULE_FIELDS } from '../asl/fields.js';
import { COMPARISON_OPERATORS, isComparisonOperator } from '../asl/operators.js';
import { userError } from '../errors.js';
import { compilePath, readPath, tryReadPath, type PathEnv, type Where } from './payload.js';
import { runtime } from './states-error.js';

type Rule = Record<string, unknown>;

const RULE_META = new Set(CHOICE_RULE_FIELDS.JSONPath);

/** RFC 3339 with an uppercase T and Z (or a numeric offset), as the States Language requires. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function parseTimestamp(v: unknown): number | undefined {
  if (typeof v !== 'string' || !TIMESTAMP.test(v)) return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

function compare(a: number | string, b: number | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function holdsOrder(op: string, c: number): boolean {
  if (op.endsWith('LessThanEquals')) return c <= 0;
  if (op.endsWith('GreaterThanEquals')) return c >= 0;
  if (op.endsWith('LessThan')) return c < 0;
  if (op.endsWith('GreaterThan')) return c > 0;
  return c === 0;
}

/** `*` matches any run of characters; `\*` is a literal star and `\\` a literal backslash. */
export function stringMatches(value: string, pattern: string): boolean {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && (pattern[i + 1] === '*' || pattern[i + 1] === '\\')) {
      re += '\\' + pattern[i + 1];
      i += 1;
    } else if (c === '*') re += '[\\s\\S]*';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(re + '$').test(value);
}

export function evaluateRule(rule: Rule, env: PathEnv, where: Where): boolean {
  if (Array.isArray(rule.And)) return rule.And.every((r, i) => evaluateRule(r as Rule, env, { ...where, field: `${where.field}.And[${i}]` }));
  if (Array.isArray(rule.Or)) return rule.Or.some((r, i) => evaluateRule(r as Rule, env, { ...where, field: `${where.field}.Or[${i}]` }));
  if (rule.Not && typeof rule.Not === 'object') return !evaluateRule(rule.Not as Rule, env, { ...where, field: `${where.field}.Not` });

  const ops = Object.keys(rule).filter((k) => !RULE_META.has(k));
  if (ops.length !== 1 || !isComparisonOperator(ops[0])) {
    const unknown = ops.filter((k) => !isComparisonOperator(k));
    throw userError(
      unknown.length
        ? `Choice rule ${where.field} of state '${where.state}' uses ${unknown.map((k) => `'${k}'`).join(', ')}, which the local run does not support`
        : `Choice rule ${where.field} of state '${where.state}' must have exactly one comparison operator, has ${ops.length}`,
    );
  }
  const op = ops[0];
  const expected = rule[op];
  const variablePath = compilePath(rule.Variable, { ...where, field: `${where.field}.Variable` });
  const actual = tryReadPath(variablePath, env);

  if (op === 'IsPresent') return actual.found === expected;
  if (!actual.found) {
    throw runtime(`Invalid path '${variablePath.text}' in ${where.field} of state '${where.state}': the choice state's condition path references an invalid value`);
  }
  const v = actual.value;
  switch (op) {
    case 'IsNull':
      return (v === null) === expected;
    case 'IsNumeric':
      return (typeof v === 'number') === expected;
    case 'IsString':
      return (typeof v === 'string') === expected;
    case 'IsBoolean':
      return (typeof v === 'boolean') === expected;
    case 'IsTimestamp':
      return (parseTimestamp(v) !== undefined) === expected;
    case 'StringMatches':
      return typeof v === 'string' && typeof expected === 'string' && stringMatches(v, expected);
  }

  let other: unknown = expected;
  let base = op;
  if (op.endsWith('Path')) {
    base = op.slice(0, -4);
    other = readPath(compilePath(expected, { ...where, field: `${where.field}.${op}` }), env, { ...where, field: `${where.field}.${op}` });
  }
  const kind = COMPARISON_OPERATORS[base];
  if (kind === 'string') return typeof v === 'string' && typeof other === 'string' && holdsOrder(base, compare(v, other));
  if (kind === 'number') return typeof v === 'number' && typeof other === 'number' && holdsOrder(base, compare(v, other));
  if (base === 'BooleanEquals') return typeof v === 'boolean' && v === other;
  const a = parseTimestamp(v);
  const b = parseTimestamp(other);
  return a !== undefined && b !== undefined && holdsOrder(base, compare(a, b));
}
