// Pure: the references a template value makes to other resources (Ref, Fn::GetAtt, the ${X} and ${X.Attr}
// of Fn::Sub), and the same value with those references rewritten. The migration plan follows references
// to decide what can move together; the refactor templates rename them.

export interface Reference {
  id: string;
  /** The attribute of Fn::GetAtt or `${X.Attr}`; absent for Ref and `${X}`. */
  attr?: string;
}

function getAttParts(a: unknown): [string, string] | undefined {
  if (Array.isArray(a) && typeof a[0] === 'string' && typeof a[1] === 'string') return [a[0], a[1]];
  if (typeof a === 'string' && a.includes('.')) return [a.slice(0, a.indexOf('.')), a.slice(a.indexOf('.') + 1)];
  return undefined;
}

function subNames(text: string): string[] {
  return [...text.matchAll(/\$\{([^}!][^}]*)\}/g)].map((m) => m[1].trim());
}

/** Every reference `value` makes to a name of `ids` (parameters and pseudo-parameters are not resources). */
export function referencesIn(value: unknown, ids: ReadonlySet<string>): Reference[] {
  const out: Reference[] = [];
  const add = (id: string, attr?: string) => {
    if (ids.has(id) && !out.some((r) => r.id === id && r.attr === attr)) out.push(attr ? { id, attr } : { id });
  };
  const walk = (v: unknown, shadowed: ReadonlySet<string>): void => {
    if (Array.isArray(v)) return v.forEach((x) => walk(x, shadowed));
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1) {
      const a = o[keys[0]];
      if (keys[0] === 'Ref' && typeof a === 'string') return add(a);
      if (keys[0] === 'Fn::GetAtt') {
        const parts = getAttParts(a);
        if (parts) return add(parts[0], parts[1]);
      }
      if (keys[0] === 'Fn::Sub') {
        const [text, vars] = typeof a === 'string' ? [a, {}] : Array.isArray(a) ? [a[0], (a[1] ?? {}) as Record<string, unknown>] : [undefined, {}];
        if (typeof text === 'string') {
          const local = new Set([...shadowed, ...Object.keys(vars)]);
          for (const name of subNames(text)) {
            if (local.has(name)) continue;
            const dot = name.indexOf('.');
            if (dot > 0) add(name.slice(0, dot), name.slice(dot + 1));
            else add(name);
          }
          walk(vars, shadowed);
          return;
        }
      }
    }
    for (const x of Object.values(o)) walk(x, shadowed);
  };
  walk(value, new Set());
  return out;
}

/**
 * `value` with each reference to a resource rewritten by `rewrite`: a new logical ID (a string) keeps it a
 * reference, any other value replaces the reference (a literal ARN, say); undefined leaves it as it is.
 */
export function rewriteReferences(value: unknown, rewrite: (ref: Reference) => string | { literal: unknown } | undefined): unknown {
  if (Array.isArray(value)) return value.map((x) => rewriteReferences(x, rewrite));
  if (!value || typeof value !== 'object') return value;
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1) {
    const a = o[keys[0]];
    if (keys[0] === 'Ref' && typeof a === 'string') {
      const to = rewrite({ id: a });
      return to === undefined ? o : typeof to === 'string' ? { Ref: to } : to.literal;
    }
    if (keys[0] === 'Fn::GetAtt') {
      const parts = getAttParts(a);
      if (parts) {
        const to = rewrite({ id: parts[0], attr: parts[1] });
        return to === undefined ? o : typeof to === 'string' ? { 'Fn::GetAtt': [to, parts[1]] } : to.literal;
      }
    }
    if (keys[0] === 'Fn::Sub') {
      const [text, vars] = typeof a === 'string' ? [a, undefined] : Array.isArray(a) ? [a[0], a[1] as Record<string, unknown> | undefined] : [undefined, undefined];
      if (typeof text === 'string') {
        const local = new Set(Object.keys(vars ?? {}));
        const replaced = text.replace(/\$\{([^}!][^}]*)\}/g, (m, raw: string) => {
          const name = raw.trim();
          if (local.has(name)) return m;
          const dot = name.indexOf('.');
          const ref = dot > 0 ? { id: name.slice(0, dot), attr: name.slice(dot + 1) } : { id: name };
          const to = rewrite(ref);
          if (to === undefined) return m;
          if (typeof to === 'string') return `\${${ref.attr ? `${to}.${ref.attr}` : to}}`;
          return typeof to.literal === 'string' ? to.literal.replace(/\$\{/g, '${!') : m;
        });
        const newVars = vars ? (rewriteReferences(vars, rewrite) as Record<string, unknown>) : undefined;
        return { 'Fn::Sub': newVars ? [replaced, newVars] : replaced };
      }
    }
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) out[k] = rewriteReferences(x, rewrite);
  return out;
}
