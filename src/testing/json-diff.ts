// Comparing what a case expected with what the run gave: equality or a subset match, the first path
// where they part (`$.lines[1].qty`), and a line diff of the two pretty-printed for the failure report.

export type Mode = 'equal' | 'includes';

export interface Difference {
  /** JSONPath-like: `$`, `$.a.b`, `$.items[2]`, `$['odd key']`. */
  path: string;
  expected: unknown;
  actual: unknown;
  /** What is wrong there, in words: "missing", "is not an array", "has 3 items, not 2". */
  reason: string;
}

const MISSING = Symbol('missing');

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

/** A value for a message: its JSON, cut at 80 characters. */
function short(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function step(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/**
 * The first place `actual` differs from `expected`, depth first in `expected`'s key order. `includes`:
 * objects may have keys `expected` does not name (at any depth); arrays must have the same length.
 */
export function firstDifference(expected: unknown, actual: unknown, mode: Mode, path = '$'): Difference | undefined {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return { path, expected, actual, reason: `is ${kind(actual)}, not an array` };
    if (expected.length !== actual.length) return { path, expected, actual, reason: `has ${actual.length} items, not ${expected.length}` };
    for (let i = 0; i < expected.length; i++) {
      const d = firstDifference(expected[i], actual[i], mode, step(path, i));
      if (d) return d;
    }
    return undefined;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return { path, expected, actual, reason: `is ${kind(actual)}, not an object` };
    const a = actual as Record<string, unknown>;
    for (const [k, v] of Object.entries(expected)) {
      const p = step(path, k);
      if (!(k in a)) return { path: p, expected: v, actual: MISSING, reason: 'is missing' };
      const d = firstDifference(v, a[k], mode, p);
      if (d) return d;
    }
    if (mode === 'equal') {
      for (const k of Object.keys(a)) if (!(k in expected)) return { path: step(path, k), expected: MISSING, actual: a[k], reason: 'is not expected' };
    }
    return undefined;
  }
  return Object.is(expected, actual) || expected === actual ? undefined : { path, expected, actual, reason: actual === undefined ? 'is missing' : `is ${short(actual)}, not ${short(expected)}` };
}

export function isMissing(v: unknown): boolean {
  return v === MISSING;
}

export const pretty = (v: unknown): string => (v === undefined ? 'undefined' : JSON.stringify(v, null, 2));

/**
 * A line diff of expected (`-`) against actual (`+`), pretty-printed, with up to `context` unchanged
 * lines around each change. Longest common subsequence; long texts fall back to the two texts whole.
 */
export function lineDiff(expected: unknown, actual: unknown, context = 3): string[] {
  const a = pretty(expected).split('\n');
  const b = pretty(actual).split('\n');
  if (a.length * b.length > 4_000_000) return [...a.map((l) => `- ${l}`), ...b.map((l) => `+ ${l}`)];
  const n = a.length;
  const m = b.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const ops: Array<[' ' | '-' | '+', string]> = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) ops.push([' ', a[i++]]), j++;
    else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) ops.push(['-', a[i++]]);
    else ops.push(['+', b[j++]]);
  }
  const near = ops.map(() => false);
  ops.forEach(([op], k) => {
    if (op === ' ') return;
    for (let x = Math.max(0, k - context); x <= Math.min(ops.length - 1, k + context); x++) near[x] = true;
  });
  const out: string[] = [];
  let skipped = false;
  ops.forEach(([op, line], k) => {
    if (!near[k]) {
      if (!skipped) out.push('  ...');
      skipped = true;
      return;
    }
    skipped = false;
    out.push(`${op} ${line}`);
  });
  return out;
}
