// Graph model → Graphviz dot. Node IDs are the state names, so Graphviz's SVG titles read `A->B`.
import type { GraphCluster, GraphEdge, GraphModel, GraphNode, NodeKind } from './model.js';
import { CATCH_COLOUR, EDGE_COLOUR, KIND_LOOK, LEGEND, STATUS_LOOK, TAKEN_COLOUR, UNTAKEN_COLOUR } from './style.js';

const SHAPES: Record<NodeKind, string> = {
  Task: 'shape=box, style="rounded,filled"',
  Choice: 'shape=diamond, style=filled',
  Parallel: 'shape=box, style="filled,bold"',
  Map: 'shape=box3d, style=filled',
  Wait: 'shape=hexagon, style=filled',
  Pass: 'shape=box, style=filled',
  Succeed: 'shape=box, style="rounded,filled,bold"',
  Fail: 'shape=octagon, style="filled,bold"',
  start: 'shape=circle, style=filled, width=0.6, fixedsize=true',
  end: 'shape=doublecircle, style=filled, width=0.5, fixedsize=true',
  join: 'shape=point, width=0.12',
  unknown: 'shape=box, style="dashed"',
};

/** A dot quoted ID or string. */
export function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The title line and, for an overlay, a legend of coloured squares. */
function caption(text: string | undefined, overlaid: boolean): string {
  const lines = text ? [`<B>${html(text)}</B>`] : [];
  if (overlaid) {
    const keys = LEGEND.map(([status, words]) => `<FONT COLOR="${STATUS_LOOK[status].stroke}">■</FONT> ${html(words)}`);
    lines.push(`<FONT POINT-SIZE="9">${keys.join('   ')}   (bold arrows: taken)</FONT>`);
  }
  return `<${lines.join('<BR/>')}>`;
}

function nodeLabel(n: GraphNode): string {
  if (n.kind === 'join') return '""';
  if (n.kind === 'start' || n.kind === 'end') return quote(n.name);
  const count = n.entered !== undefined && n.entered > 1 ? ` ×${n.entered}` : '';
  const lines = [`<B>${html(n.name)}</B>${count}`];
  for (const d of n.details) lines.push(`<FONT POINT-SIZE="9">${html(d)}</FONT>`);
  return `<${lines.join('<BR/>')}>`;
}

function nodeLine(n: GraphNode, overlaid: boolean): string {
  const look = overlaid && n.status ? STATUS_LOOK[n.status] : KIND_LOOK[n.kind];
  const attrs = [SHAPES[n.kind], `label=${nodeLabel(n)}`, `fillcolor="${look.fill}"`, `color="${look.stroke}"`, `fontcolor="${look.font}"`];
  if (n.status) attrs.push(`class="status-${n.status}"`);
  return `${quote(n.id)} [${attrs.join(', ')}]`;
}

function edgeLine(e: GraphEdge, overlaid: boolean): string {
  const attrs: string[] = [];
  if (e.label) attrs.push(`label=${quote(e.label)}`);
  if (e.kind === 'catch') attrs.push('style=dashed');
  let colour = e.kind === 'catch' ? CATCH_COLOUR : EDGE_COLOUR;
  if (overlaid) {
    colour = e.taken ? (e.kind === 'catch' ? CATCH_COLOUR : TAKEN_COLOUR) : UNTAKEN_COLOUR;
    if (e.taken) attrs.push('penwidth=2.5', 'class="taken"');
    else attrs.push(`fontcolor="${UNTAKEN_COLOUR}"`);
  }
  attrs.push(`color="${colour}"`);
  if (e.kind === 'catch' && !overlaid) attrs.push(`fontcolor="${CATCH_COLOUR}"`);
  return `${quote(e.from)} -> ${quote(e.to)} [${attrs.join(', ')}]`;
}

/** The dot text of a model; a model with statuses (an overlay) greys what the execution did not reach. */
export function toDot(model: GraphModel): string {
  const overlaid = model.nodes.some((n) => n.status !== undefined);
  const out: string[] = [`digraph ${quote(model.title)} {`];
  const graphAttrs = ['rankdir=TB', 'newrank=true', 'nodesep=0.35', 'ranksep=0.4', 'fontname="Helvetica,Arial,sans-serif"', 'fontsize=12'];
  if (model.caption || overlaid) graphAttrs.push(`label=${caption(model.caption, overlaid)}`, 'labelloc=t');
  out.push(`  graph [${graphAttrs.join(', ')}]`);
  out.push('  node [fontname="Helvetica,Arial,sans-serif", fontsize=11, margin="0.15,0.06"]');
  out.push('  edge [fontname="Helvetica,Arial,sans-serif", fontsize=9, arrowsize=0.7]');
  const children = new Map<string | undefined, GraphCluster[]>();
  for (const c of model.clusters) children.set(c.parent, [...(children.get(c.parent) ?? []), c]);
  const members = new Map<string | undefined, GraphNode[]>();
  for (const n of model.nodes) members.set(n.cluster, [...(members.get(n.cluster) ?? []), n]);
  const emit = (cluster: string | undefined, indent: string) => {
    for (const n of members.get(cluster) ?? []) out.push(`${indent}${nodeLine(n, overlaid)}`);
    for (const c of children.get(cluster) ?? []) {
      out.push(`${indent}subgraph ${quote(c.id)} {`);
      const style = c.kind === 'branch' ? 'style="dashed,rounded", color="#9575cd"' : 'style="rounded,filled", fillcolor="#f7f4fc", color="#5e35b1"';
      out.push(`${indent}  label=${quote(c.label)}; ${style.replace(/, /g, '; ')}; fontsize=10; fontcolor="#5e35b1"`);
      emit(c.id, `${indent}  `);
      out.push(`${indent}}`);
    }
  };
  emit(undefined, '  ');
  for (const e of model.edges) out.push(`  ${edgeLine(e, overlaid)}`);
  out.push('}');
  return `${out.join('\n')}\n`;
}
