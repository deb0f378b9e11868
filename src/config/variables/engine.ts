import { formatPath, UserError, type Diagnostic } from '../../errors.js';
import { overLimit, type Limits } from '../limits.js';
import { At, pathKey, related, selfLabel } from './config-path.js';
import { dependencyError, describe, stringify, withLazyPosition } from './messages.js';
import { guess, hintGuess } from './guess.js';
import { sdkRegion } from './aws-region.js';
import {
  isWholeVariable,
  parseSingleVariable,
  parseVariables,
  VariableSyntaxError,
  type RefSource,
  type Template,
  type VariableNode,
} from './parse.js';
import { SOURCES, SOURCE_NAMES } from './sources/index.js';
import {
  VariableError,
  type Origin,
  type Path,
  type SourceContext,
  type SourceOutcome,
} from './types.js';

/** A value resolved one level (a whole-value variable replaced by its value), or why it cannot be. */
type NodeResult = { value: unknown; origin: Origin; missing?: Missing } | { failures: Diagnostic[] };
interface Missing {
  reason: string;
  hint?: string;
}

export interface DeepResult {
  value: unknown;
  failures: Diagnostic[];
  missing?: Missing;
}

/**
 * What is being resolved on this async path: config paths where variables stand, and source calls.
 * Resolution is sequential, so a memoised promise still pending belongs to this chain: asking for
 * something related to an entry is a cycle, reported instead of waiting forever.
 */
type ChainEntry = { path: Path } | { source: string };

interface VarCtx {
  /** Where the variable stands. */
  path: Path;
  origin: Origin;
  chain: ChainEntry[];
  /** How many times a resolved value turned out to hold variables again. */
  depth: number;
}

export const MAX_NEST_DEPTH = 10;

const sourceKey = (type: string, params: unknown[], address: string | undefined): string =>
  `${type}(${params.length ? JSON.stringify(params) : ''}):${address ?? ''}`;

const STATIC = Symbol('static-ref');

/** A source written without nested variables: its memo key (and, for self, the path it reads). */
interface StaticRef {
  key: string;
  self?: Path;
}

/** What a run gives the engine: the settings every source sees (SourceContext's data, without its calls). */
export type EngineOptions = Pick<SourceContext, 'root' | 'options' | 'cliParams' | 'env' | 'dotenvFile' | 'remote' | 'instanceId' | 'budget' | 'access'>;

const needsWalk = (v: unknown): boolean => (typeof v === 'string' ? v.includes('${') : v !== null && typeof v === 'object');

function copyOf(obj: Record<string | number, unknown>, arr: unknown[] | undefined): Record<string | number, unknown> {
  return arr ? (arr.slice() as unknown as Record<number, unknown>) : { ...obj };
}

function isPromise<T>(v: unknown): v is Promise<T> {
  return typeof (v as Promise<T> | undefined)?.then === 'function';
}

/** Strings that may hold a variable or an escape; everything else is returned as it is. */
const mayHoldVariable = (v: unknown): v is string => typeof v === 'string' && v.includes('${');

export class Engine {
  /** Variable-bearing strings by config path (sync once settled). */
  private readonly nodes = new Map<string, NodeResult | Promise<NodeResult>>();
  private readonly subtrees = new Map<string, Promise<DeepResult>>();
  private readonly outcomes = new Map<string, Promise<SourceOutcome>>();
  /** The same, once settled: lets a variable whose sources are already known resolve without a promise. */
  private readonly settledSubtrees = new Map<string, DeepResult>();
  private readonly settledOutcomes = new Map<string, SourceOutcome>();
  private readonly memos = new Map<string, Promise<unknown>>();
  /** null: the text holds no variable. */
  private readonly parsed = new Map<string, Template | null | VariableSyntaxError>();
  /** Env variables looked up and missing (the dotenv conflict check). */
  readonly missingEnv = new Set<string>();
  /** Warnings from sources (a file read outside the service), once each. */
  readonly warnings: Diagnostic[] = [];
  private readonly warned = new Set<string>();
  private readonly mainOrigin: Origin;
  /** Config paths whose value a variable brought from another file (`${file()}`), with where it is written there. */
  private readonly origins = new Map<string, Origin>();
  private sdkRegionValue: { value: string | undefined } | undefined;

  /**
   * Where a config path is written when a variable on the way brought its value from another file (a
   * definition read through `${file(./flow.yml)}`): that file, and the line there when it is YAML.
   * Undefined for a path written in the main file.
   */
  locateIn(path: Path): { file: string; line?: number; column?: number } | undefined {
    for (let n = path.length; n > 0; n--) {
      const o = this.origins.get(pathKey(path.slice(0, n)));
      if (!o) continue;
      if (o.file === this.mainOrigin.file) return undefined;
      const pos = o.locate?.([...o.fileBase, ...path.slice(o.virtualBase)]);
      return { file: o.file, ...(pos ? { line: pos.line, column: pos.column } : {}) };
    }
    return undefined;
  }

  /** Files read through ${file()} so far, missing ones included (`stepf watch` watches them). */
  filesRead(): string[] {
    return [...this.memos.keys()].filter((k) => k.startsWith('file:') || k.startsWith('import:')).map((k) => k.slice(k.indexOf(':') + 1));
  }

  constructor(private readonly o: EngineOptions) {
    this.mainOrigin = { file: o.root.file, locate: o.root.locate, virtualBase: 0, fileBase: [] };
  }

  /** The subtree at path with every variable resolved; failed strings stay as written and are listed. */
  deep(path: Path, chain: ChainEntry[] = []): Promise<DeepResult> {
    const key = pathKey(path);
    let hit = this.subtrees.get(key);
    if (!hit) {
      hit = this.computeDeep(path, chain);
      this.subtrees.set(key, hit);
      hit.then(
        (r) => this.settledSubtrees.set(key, r),
        () => undefined,
      );
    }
    return hit;
  }

  /**
   * The value at path with only the whole-value variables on the way resolved (`functions: ${file(...)}`,
   * `worker: ${file(./worker.yml)}`): what is inside stays as written, so reading the keys of a block
   * resolves nothing stepf does not need.
   */
  async shallow(path: Path): Promise<DeepResult> {
    const node = await this.nodeAt(path, []);
    if ('failures' in node) return { value: 'raw' in node ? node.raw : undefined, failures: node.failures };
    return { value: node.value, failures: [], missing: node.missing };
  }

  private async computeDeep(path: Path, chain: ChainEntry[]): Promise<DeepResult> {
    const node = await this.nodeAt(path, chain);
    // Lenient callers get the text as written when the asked path itself is the broken variable.
    if ('failures' in node) return { value: 'raw' in node ? node.raw : undefined, failures: node.failures };
    const failures: Diagnostic[] = [];
    // A string here is final: either it held no variable, or nodeAt just resolved it (walking it again
    // would re-read an escaped `\${` as a variable).
    const value = typeof node.value === 'string' ? node.value : await this.walk(node.value, At.of(node.path), node.origin, chain, failures);
    return { value, failures: [...new Set(failures)], missing: node.missing };
  }

  /** Walks from the root to path, resolving whole-value variables on the way (`custom: ${file(...)}`). */
  private async nodeAt(path: Path, chain: ChainEntry[]): Promise<(NodeResult & { path: Path }) | { failures: Diagnostic[]; raw?: string }> {
    let value: unknown = this.o.root.data;
    let origin = this.mainOrigin;
    const here: Path = [];
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      if (value === null || typeof value !== 'object') {
        const where = here.length ? formatPath(here) : 'the config';
        return { value: undefined, origin, path, missing: { reason: `${where} is ${describe(value)}, not a mapping with "${seg}"` } };
      }
      const key = Array.isArray(value) && typeof seg === 'string' && /^\d+$/.test(seg) ? Number(seg) : seg;
      const container = value as Record<string | number, unknown>;
      if (!Object.prototype.hasOwnProperty.call(container, key) || container[key] === undefined) {
        const keys = Array.isArray(value) ? [] : Object.keys(value);
        const where = here.length ? formatPath(here) : 'the config';
        const near = guess(String(seg), keys);
        return {
          value: undefined,
          origin,
          path,
          missing: {
            reason: `${where} has no ${Array.isArray(value) ? 'item' : 'key'} "${seg}"${near ? ` (did you mean "${near}"?)` : ''}`,
            hint: near ? `did you mean ${selfLabel([...here, near])}?` : undefined,
          },
        };
      }
      here.push(key);
      const raw = container[key];
      if (mayHoldVariable(raw)) {
        const r = await this.stringAt(At.of(here), raw, origin, chain);
        if ('failures' in r) return { failures: r.failures, raw: i === path.length - 1 ? raw : undefined };
        value = r.value;
        origin = r.origin;
      } else {
        value = raw;
      }
    }
    return { value, origin, path: here };
  }

  /** Resolves every variable below value; sync where nothing needs resolving (most of a large config). */
  private walk(value: unknown, at: At, origin: Origin, chain: ChainEntry[], failures: Diagnostic[]): unknown {
    if (typeof value === 'string') {
      if (!value.includes('${')) return value;
      const r = this.stringAt(at, value, origin, chain);
      return isPromise<NodeResult>(r)
        ? r.then((x) => this.afterString(x, value, at, chain, failures))
        : this.afterString(r, value, at, chain, failures);
    }
    if (value === null || typeof value !== 'object') return value;
    const arr = Array.isArray(value) ? (value as unknown[]) : undefined;
    const obj = value as Record<string | number, unknown>;
    const keys = arr ? undefined : Object.keys(obj);
    const n = arr ? arr.length : keys!.length;
    const budget = this.o.budget;
    // The expanded-size bound, counted as checkShape counts: a `${self:}` copies a subtree as an alias does.
    if ((budget.walked += n + 1) > budget.limits.expandedSize) this.overWalk(at, origin);
    let out: Record<string | number, unknown> | undefined;
    for (let i = 0; i < n; i++) {
      const k: string | number = arr ? i : keys![i];
      const child = obj[k];
      let r: unknown;
      if (typeof child === 'string') {
        budget.walked += child.length;
        if (!child.includes('${')) continue;
        r = this.walkString(child, at, k, origin, chain, failures);
      } else if (child !== null && typeof child === 'object') {
        r = this.walk(child, new At(at, k), origin, chain, failures);
      } else continue;
      if (isPromise(r)) return this.walkRest(obj, arr, keys, n, i, r, out, at, origin, chain, failures);
      if (r !== child) {
        out ??= copyOf(obj, arr);
        out[k] = r;
      }
    }
    return out ?? value;
  }

  /** The rest of walk, once a child needed to wait: one child at a time (sequential: see ChainEntry). */
  private async walkRest(
    obj: Record<string | number, unknown>,
    arr: unknown[] | undefined,
    keys: string[] | undefined,
    n: number,
    i: number,
    pending: Promise<unknown>,
    out: Record<string | number, unknown> | undefined,
    at: At,
    origin: Origin,
    chain: ChainEntry[],
    failures: Diagnostic[],
  ): Promise<unknown> {
    for (let j = i; j < n; j++) {
      const k: string | number = arr ? j : keys![j];
      const child = obj[k];
      if (j > i && !needsWalk(child)) continue;
      // Await only what is pending: an await per child would cost a tick for every node after the first variable.
      let r =
        j === i
          ? pending
          : typeof child === 'string'
            ? this.walkString(child, at, k, origin, chain, failures)
            : this.walk(child, new At(at, k), origin, chain, failures);
      if (isPromise(r)) r = await r;
      if (r !== child) {
        out ??= copyOf(obj, arr);
        out[k] = r;
      }
    }
    return out ?? obj;
  }

  /** A string child: the common case (sources already known, a text result) allocates nothing. */
  private walkString(text: string, up: At, k: string | number, origin: Origin, chain: ChainEntry[], failures: Diagnostic[]): unknown {
    const tpl = this.parse(text);
    if (tpl === undefined) return text;
    if (!(tpl instanceof VariableSyntaxError)) {
      const known = this.syncTemplate(tpl, text, chain);
      if (known && (known.value === null || typeof known.value !== 'object')) return known.value;
    }
    const at = new At(up, k);
    const r = this.stringAt(at, text, origin, chain);
    return isPromise<NodeResult>(r) ? r.then((x) => this.afterString(x, text, at, chain, failures)) : this.afterString(r, text, at, chain, failures);
  }

  private afterString(r: NodeResult, original: string, at: At, chain: ChainEntry[], failures: Diagnostic[]): unknown {
    if ('failures' in r) {
      failures.push(...r.failures);
      return original;
    }
    if (r.value !== null && typeof r.value === 'object') return this.walk(r.value, at, r.origin, chain, failures);
    return r.value;
  }

  private parse(text: string): Template | undefined | VariableSyntaxError {
    const hit = this.parsed.get(text);
    if (hit !== undefined) return hit ?? undefined;
    let t: Template | undefined | VariableSyntaxError;
    try {
      t = parseVariables(text);
    } catch (err) {
      if (!(err instanceof VariableSyntaxError)) throw err;
      t = err;
    }
    this.parsed.set(text, t ?? null);
    return t;
  }

  /** The string at path resolved one level: its value, which may be an object holding more variables. */
  private stringAt(at: At, text: string, origin: Origin, chain: ChainEntry[]): NodeResult | Promise<NodeResult> {
    const tpl = this.parse(text);
    if (tpl === undefined) return { value: text, origin };
    if (tpl instanceof VariableSyntaxError) {
      const key = at.key();
      const r = { failures: [this.diagnostic(at.path(), origin, new VariableError(tpl.message, 'variable-syntax', 'see the variable syntax in the README: ${source:address, fallback}'))] };
      this.nodes.set(key, r);
      return r;
    }
    if (tpl.every((p) => typeof p === 'string')) return { value: tpl.join(''), origin };
    // Tried before the memo: recomputing from settled sources gives the same value, and is cheaper than
    // building keys for and storing thousands of entries.
    const known = this.syncTemplate(tpl, text, chain);
    if (known) {
      if (known.origin) this.origins.set(at.key(), { ...known.origin, virtualBase: at.length });
      return { value: known.value, origin: known.origin ? { ...known.origin, virtualBase: at.length } : origin };
    }
    const key = at.key();
    const hit = this.nodes.get(key);
    if (hit) return hit;
    const path = at.path();
    // A chain of variables each waiting on the next costs its length squared (cycle checks): bound it as nesting.
    const budget = this.o.budget;
    budget.peak('depth', chain.length + 1);
    if (chain.length >= budget.limits.depth) {
      throw this.limitError('depth', `variables wait on one another more than ${budget.limits.depth} deep (\${self:} pointing at \${self:} ...)`, path, origin);
    }
    const ctx: VarCtx = { path, origin, chain: [...chain, { path }], depth: 0 };
    const p = this.template(tpl, text, ctx).then(
      (v): NodeResult => {
        if (v.origin) this.origins.set(key, { ...v.origin, virtualBase: path.length });
        return { value: v.value, origin: v.origin ? { ...v.origin, virtualBase: path.length } : origin };
      },
      (err: unknown): NodeResult => {
        if (err instanceof VariableError) return { failures: [this.diagnostic(path, origin, err)] };
        throw err;
      },
    );
    this.nodes.set(key, p);
    p.then(
      (r) => this.nodes.set(key, r),
      () => undefined,
    );
    return p;
  }

  private overWalk(at: At, origin: Origin): never {
    const limits = this.o.budget.limits;
    throw this.limitError('expandedSize', `the config expands to more than ${limits.expandedSize.toLocaleString('en-US')} characters and values as its variables resolve`, at.path(), origin);
  }

  /** A crossed bound stops the run (a UserError, not one failure among many), located at the variable. */
  private limitError(key: keyof Limits, what: string, path: Path, origin: Origin): UserError {
    const d = overLimit(key, this.o.budget.limits, what).diagnostics[0];
    return new UserError(this.diagnostic(path, origin, new VariableError(d.message, d.code!, d.hint)));
  }

  private diagnostic(path: Path, origin: Origin, err: VariableError): Diagnostic {
    const d: Diagnostic = { severity: 'error', code: err.code, message: err.message, path: [...path], file: err.located?.file ?? origin.file };
    if (err.hint) d.hint = err.hint;
    if (err.located?.line !== undefined) {
      d.line = err.located.line;
      if (err.located.column !== undefined) d.column = err.located.column;
    } else if (origin.locate) {
      const locate = origin.locate;
      const inFile = [...origin.fileBase, ...path.slice(origin.virtualBase)];
      withLazyPosition(d, () => locate(inFile));
    }
    return d;
  }

  /**
   * The fast path: a template whose sources have all been resolved before (a large config repeats
   * `${self:service}`, `${opt:stage}` thousands of times). Undefined sends it down the full async path,
   * which also produces any error message.
   */
  private syncTemplate(tpl: Template, text: string, chain: ChainEntry[]): { value: unknown; origin?: Omit<Origin, 'virtualBase'> } | undefined {
    if (isWholeVariable(tpl)) return this.syncVariable(tpl[0], chain);
    let out = '';
    for (const piece of tpl) {
      if (typeof piece === 'string') {
        out += piece;
        continue;
      }
      const r = this.syncVariable(piece, chain);
      if (!r) return undefined;
      const v = r.value;
      if (typeof v === 'string') out += v;
      else if (typeof v === 'number' || typeof v === 'boolean') out += String(v);
      else return undefined;
    }
    return { value: out };
  }

  /** The memo key of a source written without nested variables (null: it has some, or is unknown). */
  private staticRef(s: RefSource): StaticRef | null {
    // Kept on the parsed node (parses are cached per text, so the node is shared by every equal string).
    let r = (s as RefSource & { [STATIC]?: StaticRef | null })[STATIC];
    if (r !== undefined) return r;
    r = null;
    const plain = (t: Template | undefined) => !t || (t.length === 1 && typeof t[0] === 'string');
    if (SOURCES[s.type] && plain(s.address) && (s.params ?? []).every((p) => 'literal' in p)) {
      const address = s.address ? (s.address[0] as string) : undefined;
      if (s.type === 'self') {
        const path = address ? address.split('.') : [];
        r = { self: path, key: pathKey(path) };
      } else {
        r = { key: sourceKey(s.type, (s.params ?? []).map((p) => (p as { literal: unknown }).literal), address) };
      }
    }
    (s as RefSource & { [STATIC]?: StaticRef | null })[STATIC] = r;
    return r;
  }

  private syncVariable(v: VariableNode, chain: ChainEntry[]): { value: unknown; origin?: Omit<Origin, 'virtualBase'> } | undefined {
    for (const s of v.sources) {
      if (s.kind === 'literal') return s;
      const ref = this.staticRef(s);
      if (!ref) return undefined;
      let out: { value: unknown; origin?: Omit<Origin, 'virtualBase'> } | undefined;
      if (ref.self) {
        const path = ref.self;
        if (chain.length && chain.some((e) => 'path' in e && related(e.path, path))) return undefined;
        const d = this.settledSubtrees.get(ref.key);
        if (!d || d.failures.length) return undefined;
        out = d;
      } else {
        if (chain.length && chain.some((e) => 'source' in e && e.source === ref.key)) return undefined;
        out = this.settledOutcomes.get(ref.key);
        if (!out) return undefined;
      }
      if (out.value === null || out.value === undefined) continue;
      if (mayHoldVariable(out.value)) return undefined;
      return out;
    }
    return undefined;
  }

  /** A parsed string: a whole-value variable keeps its type; otherwise the pieces are joined as text. */
  private async template(tpl: Template, text: string, ctx: VarCtx): Promise<{ value: unknown; origin?: Omit<Origin, 'virtualBase'> }> {
    if (isWholeVariable(tpl)) return this.variable(tpl[0], ctx);
    let out = '';
    const max = this.o.budget.limits.stringLength;
    for (const piece of tpl) {
      if (typeof piece === 'string') out += piece;
      else out += stringify((await this.variable(piece, ctx)).value, piece, text);
      if (out.length > max) throw this.limitError('stringLength', `the text "${text.slice(0, 60)}" builds a string of more than ${max.toLocaleString('en-US')} characters`, ctx.path, ctx.origin);
    }
    return { value: out };
  }

  /** One `${a, b, 'literal'}`: the first source with a value wins; errors are not fallen through. */
  private async variable(v: VariableNode, ctx: VarCtx): Promise<{ value: unknown; origin?: Omit<Origin, 'virtualBase'> }> {
    const budget = this.o.budget;
    if (++budget.used.variables > budget.limits.variables) {
      throw this.limitError('variables', `more than ${budget.limits.variables.toLocaleString('en-US')} variables to resolve`, ctx.path, ctx.origin);
    }
    const reasons: string[] = [];
    let hint: string | undefined;
    for (const s of v.sources) {
      if (s.kind === 'literal') return { value: s.value };
      let out: SourceOutcome;
      try {
        out = await this.source(s, v, ctx);
      } catch (err) {
        if (err instanceof VariableError && !err.message.startsWith(v.text)) {
          throw new VariableError(`${v.text}: ${err.message}`, err.code, err.hint, err.located);
        }
        throw err;
      }
      if (out.value !== null && out.value !== undefined) {
        const value = mayHoldVariable(out.value) ? await this.reparse(out.value, v, ctx) : out.value;
        return { value, origin: out.origin };
      }
      if ('reason' in out) {
        reasons.push(out.reason);
        hint = out.hint;
      }
    }
    const fallback = v.sources.length === 1 ? `give a fallback: ${v.text.slice(0, -1)}, 'value'}` : undefined;
    const hints = [hint, fallback].filter(Boolean).join(', or ');
    throw new VariableError(`${v.text} is not set: ${reasons.join('; ')}`, 'variable-unresolved', hints || undefined);
  }

  /** A value that itself holds variables is resolved again, as the Serverless Framework does, up to a depth. */
  private async reparse(value: string, v: VariableNode, ctx: VarCtx): Promise<unknown> {
    const tpl = this.parse(value);
    if (tpl === undefined) return value;
    if (tpl instanceof VariableSyntaxError) {
      throw new VariableError(`${v.text} resolves to "${value}", which has broken variable syntax: ${tpl.detail}`, 'variable-syntax');
    }
    if (ctx.depth + 1 >= MAX_NEST_DEPTH) {
      throw new VariableError(
        `${v.text}: variables nest more than ${MAX_NEST_DEPTH} deep (a value resolves to a variable, which resolves to a variable, ...)`,
        'variable-depth',
        'look for a value that refers back to itself',
      );
    }
    return (await this.template(tpl, value, { ...ctx, depth: ctx.depth + 1 })).value;
  }

  /** An address or parameter with variables in it (`${self:custom.${opt:stage}.name}`). */
  private async piece(t: Template, ctx: VarCtx): Promise<unknown> {
    if (t.every((p) => typeof p === 'string')) return t.join('');
    return (await this.template(t, t.map((p) => (typeof p === 'string' ? p : p.text)).join(''), ctx)).value;
  }

  private async source(s: RefSource, v: VariableNode, ctx: VarCtx): Promise<SourceOutcome> {
    const fn = SOURCES[s.type];
    if (!fn) {
      throw new VariableError(
        `unknown variable source "${s.type}"`,
        'variable-unknown-source',
        hintGuess(s.type, SOURCE_NAMES) ?? `stepf reads these sources: ${SOURCE_NAMES.join(', ')}`,
      );
    }
    const params: unknown[] = [];
    for (const p of s.params ?? []) params.push('literal' in p ? p.literal : await this.piece(p.template, ctx));
    let address: string | undefined;
    if (s.address) {
      const a = await this.piece(s.address, ctx);
      if (typeof a !== 'string' && typeof a !== 'number') {
        throw new VariableError(`the address in ${v.text} resolves to ${describe(a)}, not text`, 'variable-type');
      }
      address = String(a);
    }
    const req = { type: s.type, params, address, variable: v.text };
    // self has its own memo (per config path) and its own cycle check.
    if (s.type === 'self') return fn(req, this.context(ctx));
    const key = sourceKey(s.type, params, address);
    if (ctx.chain.some((e) => 'source' in e && e.source === key)) {
      throw new VariableError(`${v.text} needs its own value to resolve`, 'variable-cycle', 'break the loop');
    }
    let hit = this.outcomes.get(key);
    if (!hit) {
      const inner: VarCtx = { ...ctx, chain: [...ctx.chain, { source: key }] };
      hit = Promise.resolve().then(() => fn(req, this.context(inner)));
      this.outcomes.set(key, hit);
      hit.then(
        (o) => this.settledOutcomes.set(key, o),
        () => undefined,
      );
    }
    return hit;
  }

  private context(ctx: VarCtx): SourceContext {
    return {
      root: this.o.root,
      options: this.o.options,
      cliParams: this.o.cliParams,
      env: this.o.env,
      dotenvFile: this.o.dotenvFile,
      remote: this.o.remote,
      instanceId: this.o.instanceId,
      budget: this.o.budget,
      access: this.o.access,
      warn: (message, code, hint) => {
        if (this.warned.has(message)) return;
        this.warned.add(message);
        const d = this.diagnostic(ctx.path, ctx.origin, new VariableError(message, code, hint));
        this.warnings.push({ ...d, severity: 'warning' });
      },
      property: (path) => this.property(path.map(String), ctx),
      variable: async (inner) => {
        const v = parseSingleVariable(String(inner));
        if (!v) throw new VariableError(`"${String(inner)}" is not a variable (write it without \${ }, as in "opt:stage")`, 'variable-syntax');
        const r = await this.variable(v, ctx);
        return r.value;
      },
      text: async (value) => {
        const tpl = this.parse(value);
        if (tpl === undefined) return value;
        if (tpl instanceof VariableSyntaxError) throw new VariableError(tpl.message, 'variable-syntax');
        return (await this.template(tpl, value, ctx)).value;
      },
      stage: () => this.stage(ctx),
      region: () => this.region(ctx),
      memo: <T>(key: string, make: () => Promise<T>) => {
        let hit = this.memos.get(key) as Promise<T> | undefined;
        if (!hit) {
          hit = make();
          this.memos.set(key, hit);
        }
        return hit;
      },
      missingEnv: (name) => this.missingEnv.add(name),
    };
  }

  /** `${self:path}` and friends: the deep value at path, or a cycle error naming the chain. */
  private async property(path: Path, ctx: VarCtx): Promise<{ value: unknown; missing?: string }> {
    const at = ctx.chain.findIndex((e) => 'path' in e && related(e.path, path));
    if (at >= 0) {
      const loop = ctx.chain
        .slice(at)
        .filter((e): e is { path: Path } => 'path' in e)
        .map((e) => selfLabel(e.path));
      throw new VariableError(
        `circular reference: ${[...loop, selfLabel(path)].join(' → ')}`,
        'variable-cycle',
        'break the loop: one of these values must not depend on the others',
      );
    }
    const r = await this.deep(path, ctx.chain);
    if (r.failures.length) throw dependencyError(path, r.failures);
    return { value: r.value, missing: r.missing?.reason };
  }

  async stage(ctx?: VarCtx): Promise<string> {
    const opt = this.o.options.stage;
    if (typeof opt === 'string' && opt) return opt;
    const r = ctx ? await this.property(['provider', 'stage'], ctx) : await this.strictDeep(['provider', 'stage']);
    return r.value === undefined || r.value === null || r.value === '' ? 'dev' : String(r.value);
  }

  async region(ctx?: VarCtx): Promise<string> {
    const opt = this.o.options.region;
    if (typeof opt === 'string' && opt) return opt;
    const r = ctx ? await this.property(['provider', 'region'], ctx) : await this.strictDeep(['provider', 'region']);
    if (r.value !== undefined && r.value !== null && r.value !== '') return String(r.value);
    return (await this.sdkRegion()) ?? 'us-east-1';
  }

  /** Read only when neither --region nor provider.region is given. Profile: --aws-profile/--profile > provider.profile > AWS_PROFILE. */
  private async sdkRegion(): Promise<string | undefined> {
    if (!this.sdkRegionValue) {
      const o = this.o.options;
      let profile = [o['aws-profile'], o.profile].find((p): p is string => typeof p === 'string' && p !== '');
      if (!profile) {
        const p = await this.deep(['provider', 'profile']);
        if (typeof p.value === 'string' && p.value && !p.failures.length) profile = p.value;
      }
      this.sdkRegionValue = { value: sdkRegion(this.o.env, profile) };
    }
    return this.sdkRegionValue.value;
  }

  private async strictDeep(path: Path): Promise<{ value: unknown }> {
    const r = await this.deep(path);
    if (r.failures.length) throw new StrictFailure(r.failures);
    return r;
  }
}

/** Failures found while resolving a path outside any variable (stage/region at start-up). */
export class StrictFailure extends Error {
  constructor(readonly failures: Diagnostic[]) {
    super(failures.map((f) => f.message).join('\n'));
    this.name = 'StrictFailure';
  }
}
