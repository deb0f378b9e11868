/** Helpers for CloudFormation intrinsic functions inside config values. */

export type Intrinsic = { Ref: unknown } | { [k: `Fn::${string}`]: unknown };

/** An object is an intrinsic when it has one key, `Ref`, `Condition` or `Fn::*` (the plugin's test, made strict). */
export function isIntrinsic(v: unknown): v is Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

/** `Fn::GetAtt` in either form → [logicalId, attribute]. */
export function getAttParts(v: unknown): [string, string] | undefined {
  if (typeof v === 'string') {
    const dot = v.indexOf('.');
    return dot > 0 ? [v.slice(0, dot), v.slice(dot + 1)] : undefined;
  }
  if (Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string') return [v[0], v[1]];
  return undefined;
}

/** Names that `${X}` inside Fn::Sub text refers to (not `${!X}` escapes). */
export function subReferences(text: string): string[] {
  const out: string[] = [];
  const re = /\$\{([^!}][^}]*)\}/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) out.push(m[1].trim());
  return out;
}

/** Calls `visit` on every intrinsic (depth-first, outermost first); `visit` may return a replacement. */
export function mapIntrinsics(value: unknown, visit: (i: Record<string, unknown>, path: Array<string | number>) => unknown, path: Array<string | number> = []): unknown {
  if (Array.isArray(value)) return value.map((v, i) => mapIntrinsics(v, visit, [...path, i]));
  if (value && typeof value === 'object') {
    if (isIntrinsic(value)) {
      const replaced = visit(value, path);
      if (replaced !== value) return replaced;
      const [k] = Object.keys(value);
      return { [k]: mapIntrinsics(value[k], visit, [...path, k]) };
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapIntrinsics(v, visit, [...path, k]);
    return out;
  }
  return value;
}
