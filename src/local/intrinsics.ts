// The 18 intrinsic functions of JSONPath states, run: the argument checks and limits AWS documents
// (developer guide, "Intrinsic functions for JSONPath states"). A failure is States.IntrinsicFailure.
// Their names, arity and parser are in src/asl/intrinsics.ts.
import { createHash, randomUUID } from 'node:crypto';
import type { IntrinsicCall } from '../asl/intrinsics.js';
import { StatesError } from './states-error.js';

/** Evaluates a parsed call; `resolvePath` reads `$...`, `$$...` and `$var` arguments. */
export function evaluateIntrinsic(call: IntrinsicCall, resolvePath: (path: string) => unknown): unknown {
  const values = call.args.map((a) => (a.kind === 'literal' ? a.value : a.kind === 'path' ? resolvePath(a.text) : evaluateIntrinsic(a, resolvePath)));
  const fn = FUNCTIONS[call.name];
  if (!fn) throw new StatesError('States.IntrinsicFailure', `States.${call.name} is not an intrinsic function`);
  return fn(values, call);
}

type Impl = (args: unknown[], call: IntrinsicCall) => unknown;

function failure(call: IntrinsicCall, detail: string): StatesError {
  return new StatesError('States.IntrinsicFailure', `States.${call.name}: ${detail}`);
}

function arity(call: IntrinsicCall, args: unknown[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw failure(call, `takes ${want} argument(s), got ${args.length}`);
  }
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

function str(call: IntrinsicCall, v: unknown, what: string): string {
  if (typeof v !== 'string') throw failure(call, `${what} must be a string, got ${typeName(v)}`);
  return v;
}
function arr(call: IntrinsicCall, v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw failure(call, `${what} must be an array, got ${typeName(v)}`);
  return v;
}
function int(call: IntrinsicCall, v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw failure(call, `${what} must be an integer, got ${JSON.stringify(v)}`);
  return v;
}
/** MathAdd and MathRandom round a non-integer number to the nearest integer (halves up, like Java). */
function rounded(call: IntrinsicCall, v: unknown, what: string): number {
  if (typeof v !== 'number') throw failure(call, `${what} must be a number, got ${typeName(v)}`);
  return Math.round(v);
}

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao);
  return ak.length === Object.keys(bo).length && ak.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && jsonEqual(ao[k], bo[k]));
}

const MAX_STRING = 10_000;
const HASHES: Record<string, string> = { MD5: 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

/** A seeded generator for MathRandom's third argument: repeatable locally (AWS's sequence is its own). */
function seededRandom(seed: number): number {
  let t = (seed + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const FUNCTIONS: Record<string, Impl> = {
  Format(args, call) {
    if (args.length < 1) throw failure(call, 'takes a template string and its values');
    const first = call.args[0];
    const template = first.kind === 'literal' && first.template ? first.template : str(call, args[0], 'the template').split('{}');
    if (first.kind !== 'literal') str(call, args[0], 'the template');
    const values = args.slice(1);
    if (template.length - 1 !== values.length) {
      throw failure(call, `the template has ${template.length - 1} {} placeholder(s) but ${values.length} value(s) were given`);
    }
    let out = template[0];
    values.forEach((v, i) => {
      if (v !== null && typeof v === 'object') throw failure(call, `value ${i + 1} must be a string, number, boolean or null, got ${typeName(v)}`);
      out += String(v) + template[i + 1];
    });
    return out;
  },
  StringToJson(args, call) {
    arity(call, args, 1);
    const s = str(call, args[0], 'the argument');
    try {
      return JSON.parse(s) as unknown;
    } catch {
      throw failure(call, `${JSON.stringify(s)} is not JSON text`);
    }
  },
  JsonToString(args, call) {
    arity(call, args, 1);
    return JSON.stringify(args[0]);
  },
  Array(args) {
    return args;
  },
  ArrayPartition(args, call) {
    arity(call, args, 2);
    const a = arr(call, args[0], 'the first argument');
    const size = int(call, args[1], 'the chunk size');
    if (size <= 0) throw failure(call, 'the chunk size must be greater than 0');
    const out: unknown[][] = [];
    for (let i = 0; i < a.length; i += size) out.push(a.slice(i, i + size));
    return out;
  },
  ArrayContains(args, call) {
    arity(call, args, 2);
    return arr(call, args[0], 'the first argument').some((x) => jsonEqual(x, args[1]));
  },
  ArrayRange(args, call) {
    arity(call, args, 3);
    const start = int(call, args[0], 'the start');
    const end = int(call, args[1], 'the end');
    const stepBy = int(call, args[2], 'the step');
    if (stepBy === 0) throw failure(call, 'the step must not be 0');
    const count = Math.floor((end - start) / stepBy) + 1;
    if (count > 1000) throw failure(call, `the range would have ${count} items; at most 1000 are allowed`);
    return Array.from({ length: Math.max(count, 0) }, (_, i) => start + i * stepBy);
  },
  ArrayGetItem(args, call) {
    arity(call, args, 2);
    const a = arr(call, args[0], 'the first argument');
    const i = int(call, args[1], 'the index');
    if (i < 0 || i >= a.length) throw failure(call, `index ${i} is out of bounds for an array of ${a.length}`);
    return a[i];
  },
  ArrayLength(args, call) {
    arity(call, args, 1);
    return arr(call, args[0], 'the argument').length;
  },
  ArrayUnique(args, call) {
    arity(call, args, 1);
    const out: unknown[] = [];
    for (const x of arr(call, args[0], 'the argument')) if (!out.some((y) => jsonEqual(x, y))) out.push(x);
    return out;
  },
  Base64Encode(args, call) {
    arity(call, args, 1);
    const s = str(call, args[0], 'the argument');
    if (s.length > MAX_STRING) throw failure(call, `the input has ${s.length} characters; at most 10000 are allowed`);
    return Buffer.from(s, 'utf8').toString('base64');
  },
  Base64Decode(args, call) {
    arity(call, args, 1);
    const s = str(call, args[0], 'the argument');
    if (s.length > MAX_STRING) throw failure(call, `the input has ${s.length} characters; at most 10000 are allowed`);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) throw failure(call, `${JSON.stringify(s)} is not base64`);
    return Buffer.from(s, 'base64').toString('utf8');
  },
  Hash(args, call) {
    arity(call, args, 2);
    const data = str(call, args[0], 'the data');
    if (data.length > MAX_STRING) throw failure(call, `the data has ${data.length} characters; at most 10000 are allowed`);
    const alg = HASHES[str(call, args[1], 'the algorithm')];
    if (!alg) throw failure(call, `the algorithm must be one of ${Object.keys(HASHES).join(', ')}, got ${JSON.stringify(args[1])}`);
    return createHash(alg).update(data, 'utf8').digest('hex');
  },
  JsonMerge(args, call) {
    arity(call, args, 3);
    const [a, b, deep] = args;
    for (const [v, what] of [
      [a, 'the first argument'],
      [b, 'the second argument'],
    ] as const) {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) throw failure(call, `${what} must be an object, got ${typeName(v)}`);
    }
    if (typeof deep !== 'boolean') throw failure(call, 'the third argument must be a boolean');
    if (deep) throw failure(call, 'only a shallow merge is supported: the third argument must be false');
    return { ...(a as object), ...(b as object) };
  },
  MathRandom(args, call) {
    arity(call, args, 2, 3);
    const start = rounded(call, args[0], 'the start');
    const end = rounded(call, args[1], 'the end');
    if (start >= end) throw failure(call, 'the start must be less than the end');
    const r = args.length === 3 ? seededRandom(rounded(call, args[2], 'the seed')) : Math.random();
    return start + Math.floor(r * (end - start));
  },
  MathAdd(args, call) {
    arity(call, args, 2);
    return rounded(call, args[0], 'the first argument') + rounded(call, args[1], 'the second argument');
  },
  StringSplit(args, call) {
    arity(call, args, 2);
    const s = str(call, args[0], 'the string');
    const delims = str(call, args[1], 'the delimiter');
    // Each character of the delimiter splits; empty pieces are dropped (AWS's documented example
    // splits "This.is+a,test=string" on ".+,=").
    const out: string[] = [];
    let cur = '';
    for (const ch of s) {
      if (delims.includes(ch)) {
        if (cur) out.push(cur);
        cur = '';
      } else cur += ch;
    }
    if (cur) out.push(cur);
    return out;
  },
  UUID(args, call) {
    arity(call, args, 0);
    return randomUUID();
  },
};

export const INTRINSIC_NAMES = Object.keys(FUNCTIONS).map((n) => `States.${n}`);
