/**
 * The Serverless Framework v3 variable grammar: `${source:address}`, `${source(param, ...):address}`,
 * fallbacks `${a:x, b:y, 'literal'}`, nested `${self:custom.${opt:stage}.name}` and the `\${` escape.
 * Anything that does not start like a variable (`${AWS::Region}`, `${!Literal}`, `${Name}`) is foreign:
 * CloudFormation's own Fn::Sub syntax, left untouched.
 */

export type Literal = string | number | boolean | null;

/** Literal text and variables, in order; adjacent text is one string. */
export type Template = Array<string | VariableNode>;

export interface VariableNode {
  kind: 'variable';
  /** The variable as written, `${opt:stage, 'dev'}`. */
  text: string;
  sources: SourceNode[];
}

export type SourceNode = LiteralSource | RefSource;

export interface LiteralSource {
  kind: 'literal';
  value: Literal;
}

export interface RefSource {
  kind: 'ref';
  type: string;
  params?: ParamNode[];
  /** Undefined for `${self:}` (no address). */
  address?: Template;
}

export type ParamNode = { literal: Literal } | { template: Template };

export class VariableSyntaxError extends Error {
  constructor(
    readonly detail: string,
    readonly input: string,
    readonly index: number,
  ) {
    super(`invalid variable syntax in "${input}": ${detail} (at character ${index + 1})`);
    this.name = 'VariableSyntaxError';
  }
}

const isLower = (c: string | undefined): boolean => c !== undefined && c >= 'a' && c <= 'z';
const isTypeChar = (c: string | undefined): boolean =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '.' || c === '-');
const TYPE_RE = /^[a-z][a-zA-Z0-9]*$/;

/** `true`/`false`/`null`/numbers as Serverless reads them; other words are kept as text where `loose`. */
function literalOf(word: string): Literal | undefined {
  if (word === 'true') return true;
  if (word === 'false') return false;
  if (word === 'null') return null;
  if (word !== '' && !Number.isNaN(Number(word))) return Number(word);
  return undefined;
}

/** Thrown inside the parser when `${` turns out not to be a variable (foreign notation). */
const FOREIGN = Symbol('foreign');

class Parser {
  i = 0;
  constructor(readonly s: string) {}

  fail(detail: string, at = this.i): never {
    throw new VariableSyntaxError(detail, this.s, at);
  }

  skipSpaces(): void {
    while (this.s[this.i] === ' ' || this.s[this.i] === '\t') this.i++;
  }

  /** Top level: text with variables, escapes and foreign `${...}` kept as text. */
  top(): Template | undefined {
    const s = this.s;
    const out: Template = [];
    let text = '';
    let changed = false;
    while (this.i < s.length) {
      const c = s[this.i];
      if (c === '\\') {
        let j = this.i;
        while (s[j] === '\\') j++;
        const n = j - this.i;
        if (s[j] === '$' && s[j + 1] === '{') {
          changed = true;
          if (n % 2 === 1) {
            // `\${` is a literal `${`; pairs of backslashes before it collapse to one each.
            text += '\\'.repeat((n - 1) / 2) + '${';
            this.i = j + 2;
            continue;
          }
          text += '\\'.repeat(n / 2);
          this.i = j;
          continue;
        }
        text += s.slice(this.i, j);
        this.i = j;
        continue;
      }
      if (c === '$' && s[this.i + 1] === '{') {
        const start = this.i;
        const v = this.variable(false);
        if (v === FOREIGN) {
          this.i = start + 2;
          text += '${';
          continue;
        }
        if (text) out.push(text);
        text = '';
        out.push(v);
        changed = true;
        continue;
      }
      text += c;
      this.i++;
    }
    if (!changed) return undefined;
    if (text) out.push(text);
    return out;
  }

  /** At `${`. Returns FOREIGN when this is not a variable and foreign notation is allowed here. */
  variable(nested: boolean): VariableNode | typeof FOREIGN {
    const s = this.s;
    const start = this.i;
    this.i += 2;
    const foreign = (): typeof FOREIGN => {
      if (nested) this.fail('a nested `${...}` must be a variable like ${opt:stage}', start);
      return FOREIGN;
    };
    if (!isLower(s[this.i])) return foreign();
    const typeStart = this.i;
    while (isTypeChar(s[this.i])) this.i++;
    const type = s.slice(typeStart, this.i);
    const sources: SourceNode[] = [];
    if (s[this.i] === ':') {
      this.i++;
      this.skipSpaces();
      if (s[this.i] === ':') return foreign();
      sources.push({ kind: 'ref', type, ...this.addressPart() });
    } else if (s[this.i] === '(') {
      sources.push(this.afterParams(type));
    } else {
      return foreign();
    }
    while (s[this.i] === ',') {
      this.i++;
      const next = this.fallback();
      sources.push(next);
      if (next.kind === 'literal') break;
    }
    if (s[this.i] !== '}') {
      if (this.i >= s.length) this.fail('missing closing `}`', start);
      this.fail(`unexpected "${s[this.i]}"`);
    }
    this.i++;
    return { kind: 'variable', text: s.slice(start, this.i), sources };
  }

  /** After `type(`: the params, then an optional `:address`. Leaves i at `,` or `}`. */
  afterParams(type: string): RefSource {
    this.i++;
    const params = this.params();
    this.skipSpaces();
    const c = this.s[this.i];
    if (c === ':') {
      this.i++;
      this.skipSpaces();
      return { kind: 'ref', type, params, ...this.addressPart() };
    }
    if (c === '}' || c === ',') return { kind: 'ref', type, params };
    if (this.i >= this.s.length) this.fail('missing closing `}`');
    return this.fail(`expected ":", "," or "}" after the parameters, found "${c}"`);
  }

  /** At the first character of an address (spaces skipped). Leaves i at `,` or `}`. */
  addressPart(): { address?: Template } {
    const s = this.s;
    const c = s[this.i];
    if (c === '}' || c === ',') return {};
    if (c === '"' || c === "'") {
      const value = this.quoted();
      this.skipSpaces();
      if (s[this.i] !== '}' && s[this.i] !== ',') this.fail('a quoted address must be followed by "," or "}"');
      return { address: [value] };
    }
    const t = this.nestedText(['}', ',']);
    return t.length ? { address: t } : {};
  }

  /** Text up to one of `stops` (at this level), with nested variables; trailing spaces trimmed. */
  nestedText(stops: string[], forbidden: string[] = []): Template {
    const s = this.s;
    const out: Template = [];
    let text = '';
    for (;;) {
      const c = s[this.i];
      if (c === undefined) this.fail('missing closing `}`');
      if (stops.includes(c)) break;
      if (forbidden.includes(c)) this.fail(`unexpected "${c}"`);
      if (c === '$' && s[this.i + 1] === '{') {
        if (text) out.push(text);
        text = '';
        out.push(this.variable(true) as VariableNode);
        continue;
      }
      text += c;
      this.i++;
    }
    text = text.trimEnd();
    if (text) out.push(text);
    return out;
  }

  params(): ParamNode[] {
    const s = this.s;
    const params: ParamNode[] = [];
    for (;;) {
      this.skipSpaces();
      const c = s[this.i];
      if (c === undefined) this.fail('missing closing `)`');
      if (c === ')') {
        this.i++;
        return params;
      }
      if (c === ',') {
        params.push({ literal: null });
        this.i++;
        continue;
      }
      if (c === '"' || c === "'") {
        params.push({ literal: this.quoted() });
        this.skipSpaces();
      } else {
        const t = this.nestedText([',', ')'], ['}']);
        if (t.length === 1 && typeof t[0] === 'string') {
          const lit = literalOf(t[0]);
          params.push({ literal: lit === undefined ? t[0] : lit });
        } else if (t.length) params.push({ template: t });
      }
      if (s[this.i] === ',') this.i++;
      else if (s[this.i] !== ')') this.fail('expected "," or ")" after a parameter');
    }
  }

  /** A source after `,`: another `type:address` / `type(params)`, or a literal that ends the list. */
  fallback(): SourceNode {
    const s = this.s;
    this.skipSpaces();
    const start = this.i;
    const c = s[this.i];
    if (c === '"' || c === "'") {
      const value = this.quoted();
      this.skipSpaces();
      if (s[this.i] !== '}') this.fail('a quoted fallback must be the last source', start);
      return { kind: 'literal', value };
    }
    if (!isTypeChar(c)) this.fail('expected a source (like self:x) or a literal (\'text\', 10, true, null)');
    while (isTypeChar(s[this.i]) || s[this.i] === ' ') this.i++;
    const word = s.slice(start, this.i).trim();
    const next = s[this.i];
    if (next === ':' || next === '(') {
      if (!TYPE_RE.test(word)) this.fail(`"${word}" is not a source name`, start);
      if (next === '(') return this.afterParams(word);
      this.i++;
      this.skipSpaces();
      return { kind: 'ref', type: word, ...this.addressPart() };
    }
    if (next === '}') {
      const lit = literalOf(word);
      if (lit === undefined) this.fail(`the fallback ${word} is neither a source nor a literal: quote it ('${word}') if it is text`, start);
      return { kind: 'literal', value: lit };
    }
    if (next === undefined) this.fail('missing closing `}`');
    return this.fail(`unexpected "${next}" in a fallback`);
  }

  /** A single- or double-quoted string; double quotes take JSON escapes. */
  quoted(): string {
    const s = this.s;
    const q = s[this.i];
    const start = this.i;
    this.i++;
    while (this.i < s.length && s[this.i] !== q) {
      if (q === '"' && s[this.i] === '\\') this.i++;
      this.i++;
    }
    if (this.i >= s.length) this.fail('unterminated string', start);
    this.i++;
    if (q === "'") return s.slice(start + 1, this.i - 1);
    try {
      return JSON.parse(s.slice(start, this.i)) as string;
    } catch (err) {
      return this.fail(`invalid string literal: ${(err as Error).message}`, start);
    }
  }
}

/**
 * Parses a config string. Undefined when it holds no variable and no escape (the common case: the
 * string stays as it is); otherwise the pieces. Throws VariableSyntaxError on broken syntax.
 */
export function parseVariables(text: string): Template | undefined {
  if (!text.includes('${')) return undefined;
  return new Parser(text).top();
}

/** Parses the inside of `${...}` given without the braces (for `resolveVariable('opt:stage')`). */
export function parseSingleVariable(inner: string): VariableNode | undefined {
  const t = parseVariables(`\${${inner}}`);
  return t && t.length === 1 && typeof t[0] !== 'string' ? t[0] : undefined;
}

export function isWholeVariable(t: Template): t is [VariableNode] {
  return t.length === 1 && typeof t[0] !== 'string';
}
