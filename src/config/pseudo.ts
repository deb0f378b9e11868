/**
 * `#{X}` pseudo-parameters (the serverless-pseudo-parameters behaviour): a string holding `#{AWS::Region}`,
 * `#{MyResource}` or `#{MyResource.Arn}` becomes `{"Fn::Sub": "...${X}..."}`. `#@{X}` is the escape for a literal `#{X}`.
 */
export const PSEUDO_RE = /#\{([^}]+)\}/g;

export const KNOWN_PSEUDO = new Set([
  'AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region', 'AWS::StackId',
  'AWS::StackName', 'AWS::URLSuffix',
]);

export function hasPseudo(s: string): boolean {
  return s.includes('#{') || s.includes('#@{');
}

/** Rewrites `#{X}` to `${X}` (and `#@{X}` to a literal `#{X}`), escaping literal `${` for Fn::Sub. */
export function pseudoToSubText(s: string): string {
  const parts = s.split(/(#@?\{[^}]+\})/g);
  return parts
    .map((p, i) => {
      if (i % 2 === 1) return p.startsWith('#@') ? `#${p.slice(2)}` : `\${${p.slice(2, -1)}}`;
      // A literal `${` outside our substitutions must not become a substitution.
      return p.replace(/\$\{(?!!)/g, '${!');
    })
    .join('');
}

/** A string with `#{...}` becomes Fn::Sub; other strings are returned unchanged (escape `#@{` only). */
export function pseudoToSub(s: string): string | { 'Fn::Sub': string } {
  if (!hasPseudo(s)) return s;
  if (!/#\{[^}]+\}/.test(s)) return s.replace(/#@\{/g, '#{');
  return { 'Fn::Sub': pseudoToSubText(s) };
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
      if (typeof sub === 'string') return { 'Fn::Sub': hasPseudo(sub) ? sub.replace(/#\{([^}]+)\}/g, '${$1}') : sub };
      if (Array.isArray(sub) && typeof sub[0] === 'string') {
        const [text, vars] = sub;
        return { 'Fn::Sub': [text.replace(/#\{([^}]+)\}/g, '${$1}'), replacePseudo(vars)] };
      }
    }
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = replacePseudo(obj[k]);
    return out;
  }
  return value;
}
