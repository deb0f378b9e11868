/**
 * Visits every state of an ASL definition, nested ones included (Parallel branches, Map ItemProcessor or
 * Iterator), parents before their children. Malformed input is skipped, not thrown on: a state that is not
 * an object is still visited (the caller checks its shape) but has no children.
 */
export function forEachState(definition: unknown, visit: (name: string, state: unknown) => void): void {
  const states = (definition as { States?: unknown } | undefined)?.States;
  if (!states || typeof states !== 'object' || Array.isArray(states)) return;
  for (const [name, s] of Object.entries(states)) {
    visit(name, s);
    if (!s || typeof s !== 'object') continue;
    const st = s as { Branches?: unknown; ItemProcessor?: unknown; Iterator?: unknown };
    if (Array.isArray(st.Branches)) for (const b of st.Branches) forEachState(b, visit);
    if (st.ItemProcessor) forEachState(st.ItemProcessor, visit);
    if (st.Iterator) forEachState(st.Iterator, visit);
  }
}
