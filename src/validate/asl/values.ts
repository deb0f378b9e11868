/** Shapes of values inside a definition, and the ones only known at deploy time. */

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `{Ref: X}`, `{Fn::GetAtt: ...}`, `{Fn::Sub: ...}`: CloudFormation fills these in at deploy time. */
export function isCfnIntrinsic(v: unknown): boolean {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  let first: string | undefined;
  for (const k in v) {
    if (first !== undefined) return false;
    first = k;
  }
  return first !== undefined && (first === 'Ref' || first.startsWith('Fn::'));
}

/** A string holding `#{...}` (pseudo-parameter) or `${...}` (Fn::Sub substitution). */
export function hasPlaceholder(s: string): boolean {
  return (s.includes('#{') || s.includes('${')) && /[#$]\{[^}]*\}/.test(s);
}

/** A value that CloudFormation substitutes at deploy time: accepted wherever a value is expected. */
export function isDeployTime(v: unknown): boolean {
  return isCfnIntrinsic(v) || (typeof v === 'string' && hasPlaceholder(v));
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v)}`;
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return `${v}`;
  return typeof v;
}

export function quoteList(items: readonly string[]): string {
  return items.map((s) => `"${s}"`).join(', ');
}

/** `{% ... %}`: a JSONata expression in a JSONata state. */
export function isJsonataText(v: unknown): boolean {
  return typeof v === 'string' && v.startsWith('{%') && v.endsWith('%}') && v.length >= 4;
}
