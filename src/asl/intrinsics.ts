// Intrinsic functions of JSONPath states (`"x.$": "States.Format('{}', $.a)"`): their names and arity, and a
// parser for the invocation syntax (developer guide, "Intrinsic functions for JSONPath states"). validate/
// checks calls with it, local/ evaluates what it parses.

/** [min, max] number of arguments; max Infinity for the variadic ones. */
export const ARITY: Record<string, [number, number]> = {
  'States.Format': [1, Infinity],
  'States.StringToJson': [1, 1],
  'States.JsonToString': [1, 1],
  'States.Array': [0, Infinity],
  'States.ArrayPartition': [2, 2],
  'States.ArrayContains': [2, 2],
  'States.ArrayRange': [3, 3],
  'States.ArrayGetItem': [2, 2],
  'States.ArrayLength': [1, 1],
  'States.ArrayUnique': [1, 1],
  'States.Base64Encode': [1, 1],
  'States.Base64Decode': [1, 1],
  'States.Hash': [2, 2],
  'States.JsonMerge': [3, 3],
  'States.MathRandom': [2, 3],
  'States.MathAdd': [2, 2],
  'States.StringSplit': [2, 2],
  'States.UUID': [0, 0],
};

export type IntrinsicArg =
  | { kind: 'literal'; value: unknown; /** for a quoted string: its text split at unescaped `{}` */ template?: string[] }
  | { kind: 'path'; text: string }
  | { kind: 'call'; name: string; args: IntrinsicArg[] };

export type IntrinsicCall = Extract<IntrinsicArg, { kind: 'call' }>;

export class IntrinsicSyntaxError extends Error {
  constructor(readonly expression: string, detail: string) {
    super(`'${expression}' is not a valid intrinsic function invocation: ${detail}`);
    this.name = 'IntrinsicSyntaxError';
  }
}

export function looksLikeIntrinsic(text: string): boolean {
  return /^\s*States\.[A-Za-z0-9]+\s*\(/.test(text);
}

export function parseIntrinsic(text: string): IntrinsicCall {
  let pos = 0;
  const fail = (detail: string): never => {
    throw new IntrinsicSyntaxError(text, `${detail} at position ${pos + 1}`);
  };
  const space = (): void => {
    while (pos < text.length && /\s/.test(text[pos])) pos += 1;
  };

  const call = (): IntrinsicCall => {
    const m = /^States\.([A-Za-z0-9]+)\s*\(/.exec(text.slice(pos));
    if (!m) return fail('expected States.<Function>(');
    pos += m[0].length;
    const args: IntrinsicArg[] = [];
    space();
    if (text[pos] === ')') {
      pos += 1;
      return { kind: 'call', name: m[1], args };
    }
    for (;;) {
      args.push(arg());
      space();
      if (text[pos] === ',') {
        pos += 1;
        continue;
      }
      if (text[pos] === ')') {
        pos += 1;
        return { kind: 'call', name: m[1], args };
      }
      return fail("expected ',' or ')'");
    }
  };

  const quoted = (): IntrinsicArg => {
    pos += 1;
    let value = '';
    const template: string[] = [''];
    while (pos < text.length && text[pos] !== "'") {
      const c = text[pos];
      if (c === '\\') {
        const n = text[pos + 1];
        if (n === undefined || !"'{}\\".includes(n)) fail('an open escape backslash (escape only \\\' \\{ \\} \\\\)');
        value += n;
        template[template.length - 1] += n;
        pos += 2;
        continue;
      }
      if (c === '{' && text[pos + 1] === '}') {
        value += '{}';
        template.push('');
        pos += 2;
        continue;
      }
      value += c;
      template[template.length - 1] += c;
      pos += 1;
    }
    if (text[pos] !== "'") fail('an unterminated string');
    pos += 1;
    return { kind: 'literal', value, template };
  };

  const pathArg = (): IntrinsicArg => {
    const start = pos;
    let depth = 0;
    let quote: string | null = null;
    while (pos < text.length) {
      const c = text[pos];
      if (quote) {
        if (c === '\\') pos += 1;
        else if (c === quote) quote = null;
      } else if (c === "'" || c === '"') quote = c;
      else if (c === '[' || c === '(') depth += 1;
      else if (c === ']' || (c === ')' && depth > 0)) depth -= 1;
      else if ((c === ',' || c === ')') && depth === 0) break;
      pos += 1;
    }
    return { kind: 'path', text: text.slice(start, pos).trim() };
  };

  const arg = (): IntrinsicArg => {
    space();
    const c = text[pos];
    if (c === "'") return quoted();
    if (c === '$') return pathArg();
    if (text.startsWith('States.', pos)) return call();
    const m = /^(-?\d+(\.\d+)?([eE][-+]?\d+)?|true|false|null)(?=\s*[,)])/.exec(text.slice(pos));
    if (!m) return fail('expected a string, number, true, false, null, a path or States.<Function>(...)');
    pos += m[0].length;
    return { kind: 'literal', value: JSON.parse(m[0]) as unknown };
  };

  space();
  const result = call();
  space();
  if (pos !== text.length) fail('unexpected text after the invocation');
  return result;
}
