/** Every place of a definition that makes AWS calls with the machine's role. */
export interface Site {
  kind: 'task' | 'itemReader' | 'resultWriter' | 'distributedMap';
  stateName: string;
  /** The Task state, or the ItemReader / ResultWriter object. */
  node: Record<string, unknown>;
  /** The request parameters (Arguments in JSONata, Parameters in JSONPath). */
  params: unknown;
  path: Array<string | number>;
}

const obj = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

function paramsOf(node: Record<string, unknown>, lang: string): unknown {
  // The field of the state's query language; the other one when only it is present (validate reports the mix-up).
  if (lang === 'JSONata') return 'Arguments' in node ? node.Arguments : node.Parameters;
  return 'Parameters' in node ? node.Parameters : node.Arguments;
}

export function collectSites(definition: Record<string, unknown>, basePath: Array<string | number>): Site[] {
  const out: Site[] = [];
  const topLang = typeof definition.QueryLanguage === 'string' ? definition.QueryLanguage : 'JSONPath';
  visit(definition, [...basePath], topLang, out);
  return out;
}

function visit(scope: unknown, path: Array<string | number>, topLang: string, out: Site[]): void {
  const states = obj(obj(scope)?.States);
  if (!states) return;
  for (const [name, raw] of Object.entries(states)) {
    const st = obj(raw);
    if (!st) continue;
    const here = [...path, 'States', name];
    const lang = typeof st.QueryLanguage === 'string' ? st.QueryLanguage : topLang;
    if (st.Type === 'Task') out.push({ kind: 'task', stateName: name, node: st, params: paramsOf(st, lang), path: here });
    if (Array.isArray(st.Branches)) st.Branches.forEach((b, i) => visit(b, [...here, 'Branches', i], topLang, out));
    if (st.Type === 'Map') {
      const proc = obj(st.ItemProcessor);
      const key = proc ? 'ItemProcessor' : 'Iterator';
      visit(proc ?? st.Iterator, [...here, key], topLang, out);
      if (obj(proc?.ProcessorConfig)?.Mode === 'DISTRIBUTED') {
        out.push({ kind: 'distributedMap', stateName: name, node: st, params: undefined, path: here });
      }
      for (const [field, kind] of [['ItemReader', 'itemReader'], ['ResultWriter', 'resultWriter']] as const) {
        const n = obj(st[field]);
        if (n && n.Resource !== undefined) out.push({ kind, stateName: name, node: n, params: paramsOf(n, lang), path: [...here, field] });
      }
    }
  }
}
