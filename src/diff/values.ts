// Comparing and showing template values: key order never counts as a change, and intrinsics read as
// `${X}` / `${X.Arn}` the way a reviewer writes them.

/** JSON with object keys sorted, so two equal values give the same text whatever their key order. */
export function canonical(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export function same(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/** One short line for a value: `${X}` for Ref, `${X.Attr}` for GetAtt, the text of Fn::Sub, else compact JSON. */
export function show(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1) {
      const val = o[keys[0]];
      if (keys[0] === 'Ref' && typeof val === 'string') return `\${${val}}`;
      if (keys[0] === 'Fn::GetAtt') {
        const parts = Array.isArray(val) ? val : typeof val === 'string' ? val.split('.') : [];
        if (parts.length === 2) return `\${${parts[0]}.${parts[1]}}`;
      }
      if (keys[0] === 'Fn::Sub') {
        if (typeof val === 'string') return val;
        if (Array.isArray(val) && typeof val[0] === 'string') return val[0];
      }
    }
  }
  return JSON.stringify(v) ?? 'undefined';
}

/** True when the value holds a CloudFormation intrinsic, whose result only CloudFormation knows. */
export function hasIntrinsic(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(hasIntrinsic);
  if (v && typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) return true;
    return Object.values(v).some(hasIntrinsic);
  }
  return false;
}

export function asList(v: unknown): unknown[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}
