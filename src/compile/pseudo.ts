/**
 * `#{X}` pseudo-parameters (the serverless-pseudo-parameters behaviour, which rewrote the whole compiled
 * template): a string holding `#{AWS::Region}`, `#{MyResource}` or `#{MyResource.Arn}` becomes
 * `{"Fn::Sub": "...${X}..."}`, and `#@{X}` is the escape for a literal `#{X}`. Compile leaves both as written
 * and substitutes them once, in the finished template (substitutePseudo): a value is never substituted twice,
 * and no part of the template is missed.
 */
import type { Template } from './types.js';

export const KNOWN_PSEUDO = new Set([
  'AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region', 'AWS::StackId',
  'AWS::StackName', 'AWS::URLSuffix',
]);

const MARK = /#@?\{[^}]+\}/;
const MARKS = /#(@?)\{([^}]+)\}/g;

/** `#{X}` → `${X}` and `#@{X}` → `#{X}` in one left-to-right replace, so what it writes is never read again. */
function subText(text: string): string {
  return text.replace(MARKS, (_m, escape: string, name: string) => (escape ? `#{${name}}` : `\${${name}}`));
}

/** A string with `#{...}` becomes Fn::Sub (a literal `${` in it escaped as `${!`); `#@{X}` alone leaves a string. */
export function pseudoToSub(s: string): string | { 'Fn::Sub': string } {
  if (!MARK.test(s)) return s;
  if (!/#\{[^}]+\}/.test(s)) return subText(s);
  // A literal `${` outside our substitutions must not become a substitution.
  return { 'Fn::Sub': subText(s.replace(/\$\{(?!!)/g, '${!')) };
}

/** Deep walk: every string holding `#{X}` becomes Fn::Sub; inside an existing Fn::Sub the text is rewritten in place. */
export function replacePseudo(value: unknown): unknown {
  if (typeof value === 'string') return pseudoToSub(value);
  if (Array.isArray(value)) return value.map(replacePseudo);
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (keys.length === 1 && keys[0] === 'Fn::Sub') {
      const sub = obj['Fn::Sub'];
      if (typeof sub === 'string') return { 'Fn::Sub': subText(sub) };
      if (Array.isArray(sub) && typeof sub[0] === 'string') return { 'Fn::Sub': [subText(sub[0]), replacePseudo(sub[1])] };
    }
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = replacePseudo(obj[k]);
    return out;
  }
  return value;
}

/** The one pass: every `#{X}` in the finished template, wherever compile put it. */
export function substitutePseudo(template: Template): Template {
  return replacePseudo(template) as Template;
}
