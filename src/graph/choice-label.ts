// A Choice rule as short text for an edge label: `$.x == 1`, `$.a exists && $.b < 3`, or a JSONata
// Condition without its {% %}. Long rules are cut so big machines stay readable.
import { COMPARISON_OPERATORS, TYPE_TESTS } from '../asl/operators.js';

const OPS: Array<[RegExp, string]> = [
  [/LessThanEquals$/, '<='],
  [/GreaterThanEquals$/, '>='],
  [/Equals$/, '=='],
  [/LessThan$/, '<'],
  [/GreaterThan$/, '>'],
];

/** IsNumeric → `numeric`: the word a type test's label uses. */
const TYPE_WORDS: Record<string, string> = Object.fromEntries(TYPE_TESTS.map((t) => [t, t.slice(2).toLowerCase()]));

export const MAX_LABEL = 48;

export function cutLabel(text: string, max: number = MAX_LABEL): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

function literal(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
}

function comparison(rule: Record<string, unknown>, variable: string): string | undefined {
  for (const [key, value] of Object.entries(rule)) {
    if (key in TYPE_WORDS) return `${variable} is ${value === false ? 'not ' : ''}${TYPE_WORDS[key]}`;
    if (!Object.hasOwn(COMPARISON_OPERATORS, key)) continue;
    const isPath = COMPARISON_OPERATORS[key] === 'path';
    const op = isPath ? key.slice(0, -4) : key;
    const right = isPath ? String(value) : literal(value);
    if (op === 'StringMatches') return `${variable} matches ${right}`;
    const symbol = OPS.find(([re]) => re.test(op))?.[1];
    if (symbol) return `${variable} ${symbol} ${right}`;
  }
  return undefined;
}

/** The rule's text without cutting (nested And/Or/Not in parentheses). */
export function ruleText(rule: unknown): string {
  if (!rule || typeof rule !== 'object' || Array.isArray(rule)) return '?';
  const r = rule as Record<string, unknown>;
  if (typeof r.Condition === 'string') return r.Condition.replace(/^\s*\{%\s*/, '').replace(/\s*%\}\s*$/, '');
  if (typeof r.Condition === 'boolean') return String(r.Condition);
  const nested = (list: unknown, join: string) =>
    Array.isArray(list) ? list.map((x) => (isCompound(x) ? `(${ruleText(x)})` : ruleText(x))).join(join) : '?';
  if (r.And !== undefined) return nested(r.And, ' && ');
  if (r.Or !== undefined) return nested(r.Or, ' || ');
  if (r.Not !== undefined) return `!(${ruleText(r.Not)})`;
  return comparison(r, typeof r.Variable === 'string' ? r.Variable : '?') ?? '?';
}

function isCompound(rule: unknown): boolean {
  return Boolean(rule && typeof rule === 'object' && ('And' in rule || 'Or' in rule));
}

/** The label of a Choice rule's edge. */
export function choiceLabel(rule: unknown): string {
  return cutLabel(ruleText(rule));
}
