import type { Val } from './values.js';

/** Fn::Sub text pieces shared by every builder. */
export const P = '${AWS::Partition}';
export const R = '${AWS::Region}';
export const A = '${AWS::AccountId}';

/** A Resource entry as it goes into the template: a plain ARN string or an intrinsic. */
export type Res = string | Record<string, unknown>;

/** A piece of an ARN: literal Fn::Sub text, or a value from the definition. */
export type Piece = string | Val | { intrinsic: unknown };

/**
 * Builds one ARN as `Fn::Sub`: literal pieces and text values are inlined, intrinsics become variables.
 * Text without any `${` is returned as a plain string.
 */
export function sub(...pieces: Piece[]): Res {
  let text = '';
  const vars: Record<string, unknown> = {};
  let n = 0;
  for (const p of pieces) {
    if (typeof p === 'string') text += p;
    else if ('intrinsic' in p) {
      const name = `v${n++}`;
      vars[name] = p.intrinsic;
      text += `\${${name}}`;
    } else if (p.kind === 'text') text += p.text;
    else if (p.kind === 'ref') {
      const name = `v${n++}`;
      vars[name] = p.value;
      text += `\${${name}}`;
    } else text += '*';
  }
  if (n) return { 'Fn::Sub': [text, vars] };
  return text.includes('${') ? { 'Fn::Sub': text } : text;
}

/** The value itself as a resource (it already is an ARN). */
export function asIs(v: Val): Res {
  if (v.kind === 'text') return v.text.includes('${') ? { 'Fn::Sub': v.text } : v.text;
  if (v.kind === 'ref') return v.value;
  return '*';
}

/** `arn:${AWS::Partition}:<service>:${AWS::Region}:${AWS::AccountId}:<rest>` */
export function regional(service: string, ...rest: Piece[]): Res {
  return sub(`arn:${P}:${service}:${R}:${A}:`, ...rest);
}

/** Splits Fn::Sub text on a separator, keeping `${...}` whole (`${AWS::Region}` holds colons). */
export function splitSub(text: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '$' && text[i + 1] === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    if (depth === 0 && text.startsWith(sep, i)) {
      out.push(cur);
      cur = '';
      i += sep.length - 1;
      continue;
    }
    cur += c;
  }
  out.push(cur);
  return out;
}

/** A field of an ARN held in an intrinsic: `Fn::Select [i, Fn::Split [sep, value]]`. */
export function selectPart(value: unknown, sep: string, index: number): { intrinsic: unknown } {
  return { intrinsic: { 'Fn::Select': [index, { 'Fn::Split': [sep, value] }] } };
}

/** Text of a value for inlining, or the value as a variable piece. */
export function piece(v: Val): Piece {
  return v;
}
