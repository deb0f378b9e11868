// Coverage drawn on a machine: states some test entered are green, the others grey; transitions some test
// took are bold, the others in the overlay's untaken grey, so what no test reaches stands out.
import type { GraphModel, GraphNode } from './model.js';

export interface CoverageMarks {
  /** State names some case entered. */
  states: Set<string>;
  /** `State.Next`, `State.Choices[0]`, `State.Default`, `State.Catch[0]` some case took. */
  transitions: Set<string>;
}

export function overlayCoverage(model: GraphModel, marks: CoverageMarks, caption: string): GraphModel {
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  const stateOf = (n: GraphNode | undefined) => (n?.kind === 'join' ? n.joinOf : n?.name);
  const nodes = model.nodes.map((n) => {
    if (n.kind === 'start' || n.kind === 'end') return { ...n };
    return { ...n, status: marks.states.has(stateOf(n) ?? '') ? ('succeeded' as const) : ('not-reached' as const) };
  });
  const edges = model.edges.map((e) => {
    const from = byId.get(e.from);
    const to = byId.get(e.to);
    let taken: boolean;
    if (e.via) taken = marks.transitions.has(`${stateOf(from)}.${e.via}`);
    // The start, the way into a branch, and the way out of a scope have no choice in them: taken when both ends were reached.
    else taken = (e.kind === 'start' || marks.states.has(stateOf(from) ?? '')) && (to?.kind === 'end' || to?.kind === 'join' ? marks.states.has(stateOf(from) ?? '') : marks.states.has(stateOf(to) ?? ''));
    return { ...e, taken };
  });
  return { ...model, nodes, edges, caption };
}
