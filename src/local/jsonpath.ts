// The JSONPath of the Amazon States Language: reference paths (`$.a.b`, `$['a']`, `$.a[0]`) for
// InputPath/ResultPath/OutputPath and Choice variables, plus the selectors AWS's (Jayway) paths allow in
// Parameters: `[*]`, `.*`, `..name`, `[1:3]`, `[0,2]`, `[?(@.x > 1)]`. Our own: it is small, and the
// npm JSONPath packages differ from Jayway in what a definite path returns. `$$` is the context object,
// `$name` a workflow variable.
import { StatesError } from './states-error.js';

export type Segment =
  | { kind: 'field'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'wildcard' }
  | { kind: 'deep' }
  | { kind: 'slice'; start?: number; end?: number; step?: number }
  | { kind: 'union'; keys: Array<string | number> }
  | { kind: 'filter'; expr: FilterExpr };

export type Root = { kind: 'input' } | { kind: 'context' } | { kind: 'variable'; name: string };

export interface JsonPath {
  text: string;
  root: Root;
  segments: Segment[];
  /** A definite path names one node (a missing one is an error); an indefinite one gives a list. */
  definite: boolean;
}

type FilterOperand = { kind: 'path'; segments: Segment[] } | { kind: 'literal'; value: unknown };
export type FilterExpr =
  | { kind: 'and' | 'or'; left: FilterExpr; right: FilterExpr }
  | { kind: 'not'; expr: FilterExpr }
  | { kind: 'exists'; operand: FilterOperand }
  | { kind: 'compare'; op: '==' | '!=' | '<' | '<=' | '>' | '>='; left: FilterOperand; right: FilterOperand };

export class PathSyntaxError extends Error {
  constructor(readonly path: string, detail: string) {
    super(`'${path}' is not a JSONPath the local run understands: ${detail}`);
    this.name = 'PathSyntaxError';
  }
}

const VARIABLE = /^\$([A-Za-z_][A-Za-z0-9_]*)/;

export function parsePath(text: string): JsonPath {
  const p = new PathParser(text);
  return p.parse();
}

/** Only fields and indices: what ResultPath, Variable and the *Path comparisons accept. */
export function isReferencePath(path: JsonPath): boolean {
  return path.segments.every((s) => s.kind === 'field' || s.kind === 'index');
}

export type Lookup = { found: true; value: unknown } | { found: false };

/** Applies a path to a document: a definite path gives its one value or not-found; others a list. */
export function queryPath(path: JsonPath, data: unknown): Lookup {
  let nodes: unknown[] = [data];
  for (const seg of path.segments) nodes = step(nodes, seg);
  if (!path.definite) return { found: true, value: nodes };
  return nodes.length === 1 ? { found: true, value: nodes[0] } : { found: false };
}

/** Writes `value` at a reference path inside a copy of `root` (ResultPath), creating missing objects. */
export function setAtPath(root: unknown, path: JsonPath, value: unknown): unknown {
  if (path.segments.length === 0) return value;
  const copy = structuredClone(root);
  if (!isObjectOrArray(copy)) {
    throw new StatesError('States.ResultPathMatchFailure', `Unable to apply ResultPath '${path.text}' to input ${JSON.stringify(root)}: it is not an object`);
  }
  let cur: unknown = copy;
  path.segments.forEach((seg, i) => {
    const last = i === path.segments.length - 1;
    if (seg.kind === 'field' && isPlainObject(cur)) {
      if (last) cur[seg.name] = value;
      else {
        if (!(seg.name in cur)) cur[seg.name] = {};
        cur = cur[seg.name];
      }
      return;
    }
    if (seg.kind === 'index' && Array.isArray(cur)) {
      const idx = seg.index < 0 ? cur.length + seg.index : seg.index;
      if (idx >= 0 && idx < cur.length) {
        if (last) cur[idx] = value;
        else cur = cur[idx];
        return;
      }
    }
    throw new StatesError(
      'States.ResultPathMatchFailure',
      `Unable to apply ResultPath '${path.text}' to input ${JSON.stringify(root)}: no object at step ${i + 1} of the path`,
    );
  });
  return copy;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function isObjectOrArray(v: unknown): v is object {
  return typeof v === 'object' && v !== null;
}

function children(node: unknown): unknown[] {
  if (Array.isArray(node)) return node;
  if (isPlainObject(node)) return Object.values(node);
  return [];
}

function descendants(node: unknown, out: unknown[]): void {
  out.push(node);
  for (const c of children(node)) descendants(c, out);
}

function step(nodes: unknown[], seg: Segment): unknown[] {
  const out: unknown[] = [];
  for (const node of nodes) {
    switch (seg.kind) {
      case 'field':
        if (isPlainObject(node) && Object.prototype.hasOwnProperty.call(node, seg.name)) out.push(node[seg.name]);
        break;
      case 'index':
        if (Array.isArray(node)) {
          const i = seg.index < 0 ? node.length + seg.index : seg.index;
          if (i >= 0 && i < node.length) out.push(node[i]);
        }
        break;
      case 'wildcard':
        out.push(...children(node));
        break;
      case 'deep':
        descendants(node, out);
        break;
      case 'slice':
        if (Array.isArray(node)) out.push(...slice(node, seg));
        break;
      case 'union':
        for (const k of seg.keys) {
          if (typeof k === 'number' && Array.isArray(node)) {
            const i = k < 0 ? node.length + k : k;
            if (i >= 0 && i < node.length) out.push(node[i]);
          } else if (typeof k === 'string' && isPlainObject(node) && Object.prototype.hasOwnProperty.call(node, k)) {
            out.push(node[k]);
          }
        }
        break;
      case 'filter':
        for (const c of children(node)) if (filterHolds(seg.expr, c)) out.push(c);
        break;
    }
  }
  return out;
}

function slice(arr: unknown[], seg: { start?: number; end?: number; step?: number }): unknown[] {
  const n = arr.length;
  const stepBy = seg.step ?? 1;
  const norm = (v: number | undefined, dflt: number): number => (v === undefined ? dflt : v < 0 ? Math.max(n + v, 0) : Math.min(v, n));
  const start = norm(seg.start, 0);
  const end = norm(seg.end, n);
  const out: unknown[] = [];
  if (stepBy > 0) for (let i = start; i < end; i += stepBy) out.push(arr[i]);
  return out;
}

function operandValue(op: FilterOperand, node: unknown): Lookup {
  if (op.kind === 'literal') return { found: true, value: op.value };
  let nodes: unknown[] = [node];
  for (const seg of op.segments) nodes = step(nodes, seg);
  return nodes.length === 1 ? { found: true, value: nodes[0] } : { found: false };
}

function filterHolds(expr: FilterExpr, node: unknown): boolean {
  switch (expr.kind) {
    case 'and':
      return filterHolds(expr.left, node) && filterHolds(expr.right, node);
    case 'or':
      return filterHolds(expr.left, node) || filterHolds(expr.right, node);
    case 'not':
      return !filterHolds(expr.expr, node);
    case 'exists':
      return operandValue(expr.operand, node).found;
    case 'compare': {
      const l = operandValue(expr.left, node);
      const r = operandValue(expr.right, node);
      if (!l.found || !r.found) return expr.op === '!=' && l.found !== r.found;
      const a = l.value;
      const b = r.value;
      if (expr.op === '==') return JSON.stringify(a) === JSON.stringify(b);
      if (expr.op === '!=') return JSON.stringify(a) !== JSON.stringify(b);
      if (!((typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string'))) return false;
      if (expr.op === '<') return a < b;
      if (expr.op === '<=') return a <= b;
      if (expr.op === '>') return a > b;
      return a >= b;
    }
  }
}

class PathParser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parse(): JsonPath {
    const t = this.text;
    let root: Root;
    if (t.startsWith('$$')) {
      root = { kind: 'context' };
      this.pos = 2;
    } else if (VARIABLE.test(t)) {
      const name = VARIABLE.exec(t)![1];
      root = { kind: 'variable', name };
      this.pos = name.length + 1;
    } else if (t.startsWith('$')) {
      root = { kind: 'input' };
      this.pos = 1;
    } else {
      throw new PathSyntaxError(t, 'a path starts with $');
    }
    const segments = this.segments(false);
    const definite = segments.every((s) => s.kind === 'field' || s.kind === 'index');
    return { text: t, root, segments, definite };
  }

  private fail(detail: string): never {
    throw new PathSyntaxError(this.text, `${detail} at position ${this.pos + 1}`);
  }

  /** Segments until the end (or, inside a filter, until an operator or closing parenthesis). */
  private segments(inFilter: boolean): Segment[] {
    const t = this.text;
    const out: Segment[] = [];
    while (this.pos < t.length) {
      const c = t[this.pos];
      if (c === '.') {
        if (t[this.pos + 1] === '.') {
          this.pos += 2;
          out.push({ kind: 'deep' });
          if (t[this.pos] === '[') continue;
        } else {
          this.pos += 1;
        }
        if (t[this.pos] === '*') {
          this.pos += 1;
          out.push({ kind: 'wildcard' });
          continue;
        }
        const start = this.pos;
        const stop = inFilter ? /[.[\s)=!<>&|]/ : /[.[]/;
        while (this.pos < t.length && !stop.test(t[this.pos])) this.pos += 1;
        if (this.pos === start) this.fail('a field name is missing');
        out.push({ kind: 'field', name: t.slice(start, this.pos) });
      } else if (c === '[') {
        this.pos += 1;
        out.push(this.bracket());
      } else if (inFilter) {
        break;
      } else {
        this.fail(`unexpected '${c}'`);
      }
    }
    return out;
  }

  private bracket(): Segment {
    const t = this.text;
    this.skipSpace();
    if (t[this.pos] === '*') {
      this.pos += 1;
      this.expect(']');
      return { kind: 'wildcard' };
    }
    if (t[this.pos] === '?') {
      this.pos += 1;
      this.skipSpace();
      this.expect('(');
      const expr = this.filterOr();
      this.skipSpace();
      this.expect(')');
      this.skipSpace();
      this.expect(']');
      return { kind: 'filter', expr };
    }
    const keys: Array<string | number | undefined> = [];
    let sliceParts: Array<number | undefined> | undefined;
    for (;;) {
      this.skipSpace();
      const ch = t[this.pos];
      let key: string | number | undefined;
      if (ch === "'" || ch === '"') key = this.quoted(ch);
      else if (ch !== undefined && /[-\d]/.test(ch)) key = this.integer();
      this.skipSpace();
      const next = t[this.pos];
      if (next === ':') {
        sliceParts ??= [];
        sliceParts.push(typeof key === 'number' ? key : undefined);
        this.pos += 1;
        continue;
      }
      if (sliceParts) {
        sliceParts.push(typeof key === 'number' ? key : undefined);
        this.expect(']');
        const [start, end, stepBy] = sliceParts;
        return { kind: 'slice', start, end, step: stepBy };
      }
      if (key === undefined) this.fail('expected a name, an index, * or a filter in brackets');
      keys.push(key);
      if (next === ',') {
        this.pos += 1;
        continue;
      }
      this.expect(']');
      break;
    }
    if (keys.length === 1) {
      const k = keys[0]!;
      return typeof k === 'number' ? { kind: 'index', index: k } : { kind: 'field', name: k };
    }
    return { kind: 'union', keys: keys as Array<string | number> };
  }

  private quoted(q: string): string {
    const t = this.text;
    this.pos += 1;
    let out = '';
    while (this.pos < t.length && t[this.pos] !== q) {
      if (t[this.pos] === '\\' && this.pos + 1 < t.length) this.pos += 1;
      out += t[this.pos];
      this.pos += 1;
    }
    if (t[this.pos] !== q) this.fail('an unterminated quoted name');
    this.pos += 1;
    return out;
  }

  private integer(): number {
    const m = /^-?\d+/.exec(this.text.slice(this.pos));
    if (!m) this.fail('expected an integer');
    this.pos += m[0].length;
    return Number(m[0]);
  }

  private expect(ch: string): void {
    if (this.text[this.pos] !== ch) this.fail(`expected '${ch}'`);
    this.pos += 1;
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos += 1;
  }

  private filterOr(): FilterExpr {
    let left = this.filterAnd();
    for (;;) {
      this.skipSpace();
      if (!this.text.startsWith('||', this.pos)) return left;
      this.pos += 2;
      left = { kind: 'or', left, right: this.filterAnd() };
    }
  }

  private filterAnd(): FilterExpr {
    let left = this.filterUnary();
    for (;;) {
      this.skipSpace();
      if (!this.text.startsWith('&&', this.pos)) return left;
      this.pos += 2;
      left = { kind: 'and', left, right: this.filterUnary() };
    }
  }

  private filterUnary(): FilterExpr {
    this.skipSpace();
    const t = this.text;
    if (t[this.pos] === '!' && t[this.pos + 1] !== '=') {
      this.pos += 1;
      return { kind: 'not', expr: this.filterUnary() };
    }
    if (t[this.pos] === '(') {
      this.pos += 1;
      const e = this.filterOr();
      this.skipSpace();
      this.expect(')');
      return e;
    }
    const left = this.operand();
    this.skipSpace();
    const m = /^(==|!=|<=|>=|<|>)/.exec(t.slice(this.pos));
    if (!m) {
      if (left.kind === 'literal') this.fail('a filter needs a comparison');
      return { kind: 'exists', operand: left };
    }
    this.pos += m[0].length;
    const right = this.operand();
    return { kind: 'compare', op: m[0] as '==', left, right };
  }

  private operand(): FilterOperand {
    this.skipSpace();
    const t = this.text;
    const ch = t[this.pos];
    if (ch === '@') {
      this.pos += 1;
      return { kind: 'path', segments: this.segments(true) };
    }
    if (ch === "'" || ch === '"') return { kind: 'literal', value: this.quoted(ch) };
    const m = /^(-?\d+(\.\d+)?([eE][-+]?\d+)?|true|false|null)/.exec(t.slice(this.pos));
    if (!m) this.fail('unsupported filter operand (the local run knows @-paths, numbers, strings, true, false, null)');
    this.pos += m[0].length;
    return { kind: 'literal', value: JSON.parse(m[0]) as unknown };
  }
}
