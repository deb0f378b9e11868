/**
 * A small Velocity (VTL) renderer for API Gateway mapping templates: enough of the language to run the
 * templates stepf writes (#set, #if/#elseif/#else/#end, ## comments, references with property, method and
 * index chains, quiet `$!`, string literals with interpolation, == != < > && || !), and the API Gateway
 * objects `$input`, `$util`, `$context` with the behaviour AWS documents: `$util.escapeJavaScript` is
 * Apache Commons Lang's escapeJavaScript (`'` → `\'`, `"` → `\"`, `\` → `\\`, `/` → `\/`, control and
 * non-ASCII characters → `\uXXXX`), and `String.replaceAll` takes a Java regular expression.
 */

type Expr =
  | { k: 'lit'; v: unknown }
  | { k: 'ref'; root: string; chain: Link[]; src: string; quiet: boolean }
  | { k: 'str'; parts: Node[] }
  | { k: 'bin'; op: string; l: Expr; r: Expr }
  | { k: 'not'; e: Expr };
type Link = { prop: string } | { call: string; args: Expr[] } | { index: Expr };
type Node =
  | { t: 'text'; s: string }
  | { t: 'ref'; e: Extract<Expr, { k: 'ref' }> }
  | { t: 'set'; target: Extract<Expr, { k: 'ref' }>; value: Expr }
  | { t: 'if'; branches: Array<{ cond: Expr | null; body: Node[] }> };

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;

class Parser {
  i = 0;
  constructor(readonly s: string) {}

  fail(msg: string): never {
    throw new Error(`VTL parse error at ${this.i}: ${msg} near ${JSON.stringify(this.s.slice(this.i, this.i + 30))}`);
  }

  ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
  }

  eat(tok: string): boolean {
    if (this.s.startsWith(tok, this.i)) {
      this.i += tok.length;
      return true;
    }
    return false;
  }

  expect(tok: string): void {
    this.ws();
    if (!this.eat(tok)) this.fail(`expected ${tok}`);
  }

  ident(): string | undefined {
    IDENT.lastIndex = this.i;
    const m = IDENT.exec(this.s);
    if (!m) return undefined;
    this.i += m[0].length;
    return m[0];
  }

  /** Gobbles a directive's line when the directive stands alone on it (whitespace before and after). */
  gobble(nodes: Node[], start: number): void {
    const lineStart = this.s.lastIndexOf('\n', start - 1) + 1;
    if (!/^[ \t]*$/.test(this.s.slice(lineStart, start))) return;
    const rest = /^[ \t]*(\r?\n|$)/.exec(this.s.slice(this.i));
    if (!rest) return;
    const last = nodes[nodes.length - 1];
    if (last?.t === 'text') last.s = last.s.replace(/[ \t]*$/, '');
    this.i += rest[0].length;
  }

  nodes(stops: string[]): { nodes: Node[]; stop?: string } {
    const nodes: Node[] = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push({ t: 'text', s: text });
      text = '';
    };
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === '#' && this.s[this.i + 1] === '#') {
        while (this.i < this.s.length && this.s[this.i] !== '\n') this.i++;
        continue;
      }
      if (c === '#') {
        const start = this.i;
        const m = /^#\{?(set|if|elseif|else|end)\}?/.exec(this.s.slice(this.i));
        if (m) {
          flush();
          this.i += m[0].length;
          const d = m[1];
          if (d === 'set') {
            this.expect('(');
            this.ws();
            const target = this.primary();
            if (target.k !== 'ref') this.fail('#set needs a reference');
            this.expect('=');
            const value = this.expr();
            this.expect(')');
            nodes.push({ t: 'set', target, value });
            this.gobble(nodes, start);
            continue;
          }
          if (d === 'if') {
            this.expect('(');
            let cond: Expr | null = this.expr();
            this.expect(')');
            this.gobble(nodes, start);
            const branches: Array<{ cond: Expr | null; body: Node[] }> = [];
            for (;;) {
              const r = this.nodes(['elseif', 'else', 'end']);
              branches.push({ cond, body: r.nodes });
              if (r.stop === 'end') break;
              if (r.stop === 'else') cond = null;
              else if (r.stop === 'elseif') {
                this.expect('(');
                cond = this.expr();
                this.expect(')');
              } else this.fail('#if without #end');
            }
            nodes.push({ t: 'if', branches });
            continue;
          }
          if (stops.includes(d)) {
            if (d !== 'elseif') this.gobble(nodes, start);
            return { nodes, stop: d };
          }
          this.fail(`unexpected #${d}`);
        }
        text += c;
        this.i++;
        continue;
      }
      if (c === '$') {
        const save = this.i;
        const ref = this.ref();
        if (ref) {
          flush();
          nodes.push({ t: 'ref', e: ref });
          continue;
        }
        this.i = save + 1;
        text += '$';
        continue;
      }
      text += c;
      this.i++;
    }
    flush();
    return { nodes };
  }

  ref(): Extract<Expr, { k: 'ref' }> | undefined {
    const start = this.i;
    if (!this.eat('$')) return undefined;
    const quiet = this.eat('!');
    const formal = this.eat('{');
    const root = this.ident();
    if (!root) {
      this.i = start;
      return undefined;
    }
    const chain: Link[] = [];
    for (;;) {
      const save = this.i;
      if (this.eat('.')) {
        const name = this.ident();
        if (!name) {
          this.i = save;
          break;
        }
        if (this.eat('(')) {
          const args: Expr[] = [];
          this.ws();
          if (!this.eat(')')) {
            for (;;) {
              args.push(this.expr());
              this.ws();
              if (this.eat(')')) break;
              this.expect(',');
            }
          }
          chain.push({ call: name, args });
        } else chain.push({ prop: name });
        continue;
      }
      if (this.s[this.i] === '[') {
        this.i++;
        const index = this.expr();
        this.expect(']');
        chain.push({ index });
        continue;
      }
      break;
    }
    if (formal) this.expect('}');
    return { k: 'ref', root, chain, src: this.s.slice(start, this.i), quiet };
  }

  expr(): Expr {
    let l = this.and();
    for (;;) {
      this.ws();
      if (this.eat('||')) l = { k: 'bin', op: '||', l, r: this.and() };
      else return l;
    }
  }

  and(): Expr {
    let l = this.cmp();
    for (;;) {
      this.ws();
      if (this.eat('&&')) l = { k: 'bin', op: '&&', l, r: this.cmp() };
      else return l;
    }
  }

  cmp(): Expr {
    const l = this.unary();
    this.ws();
    for (const op of ['==', '!=', '>=', '<=', '>', '<']) if (this.eat(op)) return { k: 'bin', op, l, r: this.unary() };
    return l;
  }

  unary(): Expr {
    this.ws();
    if (this.s[this.i] === '!' && this.s[this.i + 1] !== '=') {
      this.i++;
      return { k: 'not', e: this.unary() };
    }
    return this.primary();
  }

  primary(): Expr {
    this.ws();
    const c = this.s[this.i];
    if (c === '"') {
      const end = this.closing('"');
      const inner = new Parser(this.s.slice(this.i + 1, end));
      const parts = inner.nodes([]).nodes;
      this.i = end + 1;
      return { k: 'str', parts };
    }
    if (c === "'") {
      const end = this.closing("'");
      const v = this.s.slice(this.i + 1, end);
      this.i = end + 1;
      return { k: 'lit', v };
    }
    if (c === '(') {
      this.i++;
      const e = this.expr();
      this.expect(')');
      return e;
    }
    if (c === '$') {
      const r = this.ref();
      if (r) return r;
    }
    const num = /-?\d+(\.\d+)?/y;
    num.lastIndex = this.i;
    const n = num.exec(this.s);
    if (n) {
      this.i += n[0].length;
      return { k: 'lit', v: Number(n[0]) };
    }
    for (const [w, v] of [['true', true], ['false', false], ['null', null]] as const) if (this.eat(w)) return { k: 'lit', v };
    return this.fail('expected an expression');
  }

  /** Index of the closing quote; a doubled quote inside is an escaped quote (Velocity 1.7 rule). */
  closing(q: string): number {
    let j = this.i + 1;
    for (;;) {
      const k = this.s.indexOf(q, j);
      if (k < 0) this.fail('unterminated string');
      if (this.s[k + 1] === q) {
        j = k + 2;
        continue;
      }
      return k;
    }
  }
}

/** Apache Commons Lang 2 `StringEscapeUtils.escapeJavaScript`, per UTF-16 code unit, as API Gateway's $util does. */
export function escapeJavaScript(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    const hex = ch.toString(16).toUpperCase();
    if (ch > 0xfff) out += `\\u${hex}`;
    else if (ch > 0xff) out += `\\u0${hex}`;
    else if (ch > 0x7f) out += `\\u00${hex}`;
    else if (ch < 32) {
      const named: Record<number, string> = { 8: '\\b', 10: '\\n', 9: '\\t', 12: '\\f', 13: '\\r' };
      out += named[ch] ?? (ch > 0xf ? `\\u00${hex}` : `\\u000${hex}`);
    } else {
      const c = s[i];
      out += c === "'" ? "\\'" : c === '"' ? '\\"' : c === '\\' ? '\\\\' : c === '/' ? '\\/' : c;
    }
  }
  return out;
}

/** A JSONPath of the forms API Gateway templates use: `$`, `$.a.b`, `$['a'].b`. */
function jsonPath(root: unknown, path: string): unknown {
  if (!path.startsWith('$')) throw new Error(`unsupported JSONPath ${path}`);
  const parts = [...path.slice(1).matchAll(/\.([A-Za-z0-9_$-]+)|\['([^']*)'\]|\[(\d+)\]/g)].map((m) => m[1] ?? m[2] ?? Number(m[3]));
  let v: unknown = root;
  for (const p of parts) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

/** Java `String.replaceAll(regex, replacement)`: the simple regexes templates use are the same in JS. */
function javaReplaceAll(s: string, regex: string, replacement: string): string {
  const repl = replacement.replace(/\\(.)/g, (_m, c: string) => (c === '$' ? '$$' : c));
  return s.replace(new RegExp(regex, 'g'), repl);
}

function callMethod(target: unknown, name: string, args: unknown[]): unknown {
  if (typeof target === 'string') {
    switch (name) {
      case 'replaceAll':
        return javaReplaceAll(target, String(args[0]), String(args[1]));
      case 'length':
        return target.length;
      case 'trim':
        return target.trim();
      case 'toString':
        return target;
      case 'contains':
        return target.includes(String(args[0]));
      case 'equals':
        return target === args[0];
      case 'split': {
        const parts = target.split(new RegExp(String(args[0])));
        while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
        return parts;
      }
      default:
        throw new Error(`String.${name} is not supported by the test renderer`);
    }
  }
  if (Array.isArray(target)) {
    if (name === 'size') return target.length;
    if (name === 'get') return target[Number(args[0])];
  }
  if (target && typeof target === 'object') {
    const f = (target as Record<string, unknown>)[name];
    if (typeof f === 'function') return f.apply(target, args);
    if (name === 'size') return Object.keys(target).length;
    if (name === 'keySet') return Object.keys(target);
    if (name === 'get') return (target as Record<string, unknown>)[String(args[0])];
  }
  return null;
}

type Vars = Record<string, unknown>;

function evalExpr(e: Expr, vars: Vars): unknown {
  switch (e.k) {
    case 'lit':
      return e.v;
    case 'str':
      return renderNodes(e.parts, vars);
    case 'not':
      return !truthy(evalExpr(e.e, vars));
    case 'bin': {
      if (e.op === '&&') return truthy(evalExpr(e.l, vars)) && truthy(evalExpr(e.r, vars));
      if (e.op === '||') return truthy(evalExpr(e.l, vars)) || truthy(evalExpr(e.r, vars));
      const l = evalExpr(e.l, vars) as number;
      const r = evalExpr(e.r, vars) as number;
      if (e.op === '==') return l === r || (l != null && r != null && String(l) === String(r));
      if (e.op === '!=') return !(l === r || (l != null && r != null && String(l) === String(r)));
      if (e.op === '>=') return l >= r;
      if (e.op === '<=') return l <= r;
      if (e.op === '>') return l > r;
      return l < r;
    }
    case 'ref': {
      let v: unknown = vars[e.root];
      for (const link of e.chain) {
        if (v === null || v === undefined) return null;
        if ('prop' in link) v = (v as Record<string, unknown>)[link.prop];
        else if ('index' in link) v = (v as Record<string | number, unknown>)[evalExpr(link.index, vars) as string];
        else v = callMethod(v, link.call, link.args.map((a) => evalExpr(a, vars)));
      }
      return v ?? null;
    }
  }
}

function truthy(v: unknown): boolean {
  return v !== null && v !== undefined && v !== false;
}

function renderNodes(nodes: Node[], vars: Vars): string {
  let out = '';
  for (const n of nodes) {
    if (n.t === 'text') out += n.s;
    else if (n.t === 'ref') {
      const v = evalExpr(n.e, vars);
      out += v === null || v === undefined ? (n.e.quiet ? '' : n.e.src) : typeof v === 'object' ? JSON.stringify(v) : String(v);
    } else if (n.t === 'set') {
      const v = evalExpr(n.value, vars);
      // Velocity 1.7: #set with a null value leaves the variable as it was.
      if (v === null || v === undefined) continue;
      const { root, chain } = n.target;
      if (!chain.length) vars[root] = v;
      else {
        let obj = vars[root] as Record<string, unknown>;
        for (const link of chain.slice(0, -1)) obj = obj[(link as { prop: string }).prop] as Record<string, unknown>;
        obj[(chain[chain.length - 1] as { prop: string }).prop] = v;
      }
    } else {
      const b = n.branches.find((x) => x.cond === null || truthy(evalExpr(x.cond, vars)));
      if (b) out += renderNodes(b.body, vars);
    }
  }
  return out;
}

export interface ApiRequest {
  /** The raw request body. */
  body: string;
  requestId?: string;
}

export interface Rendered {
  text: string;
  /** `$context.responseOverride.status` if the template set it. */
  statusOverride?: number;
}

/** Renders `template` for `request` with API Gateway's `$input`, `$util` and `$context`. */
export function renderVtl(template: string, request: ApiRequest): Rendered {
  const parsed = (() => {
    try {
      return JSON.parse(request.body === '' ? '{}' : request.body) as unknown;
    } catch {
      return request.body;
    }
  })();
  const context = { requestId: request.requestId ?? 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef', responseOverride: { status: undefined as number | undefined, header: {} } };
  const vars: Vars = {
    input: {
      body: request.body,
      json: (p: string) => JSON.stringify(jsonPath(parsed, p) ?? null),
      path: (p: string) => jsonPath(parsed, p) ?? null,
    },
    util: {
      escapeJavaScript: (s: unknown) => (s === null || s === undefined ? null : escapeJavaScript(String(s))),
      parseJson: (s: string) => JSON.parse(s) as unknown,
    },
    context,
  };
  const p = new Parser(template);
  const { nodes, stop } = p.nodes([]);
  if (stop) throw new Error(`unexpected #${stop}`);
  const text = renderNodes(nodes, vars);
  return { text, ...(context.responseOverride.status !== undefined ? { statusOverride: Number(context.responseOverride.status) } : {}) };
}

/** CloudFormation's Fn::Sub for a template value: `${Name}` → vars[Name]; `${!x}` → `${x}`. */
export function substitute(value: unknown, values: Record<string, string>): string {
  if (typeof value === 'string') return value;
  const sub = (value as { 'Fn::Sub': string | [string, Record<string, unknown>] })['Fn::Sub'];
  const text = Array.isArray(sub) ? sub[0] : sub;
  return text.replace(/\$\{(!?)([^}]+)\}/g, (m, bang: string, name: string) => {
    if (bang) return `\${${name}}`;
    if (!(name in values)) throw new Error(`no value for \${${name}}`);
    return values[name];
  });
}
