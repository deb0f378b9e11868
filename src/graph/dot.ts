// Graph model → Graphviz dot. Node IDs are the state names, so Graphviz's SVG titles read `A->B`.
import type { GraphCluster, GraphEdge, GraphModel, GraphNode, NodeKind } from './model.js';
import { CATCH_COLOUR, EDGE_COLOUR, FAILED_EDGE_COLOUR, KIND_LOOK, LAYOUT_FONT, legendFor, STATUS_LOOK, TAKEN_COLOUR, UNTAKEN_COLOUR } from './style.js';

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

/** Legend keys per row, so a legend of every status stays narrower than a typical drawing. */
const KEYS_PER_ROW = 3;

/**
 * The title and, for an overlay, a legend: a table with a cell per swatch and per word, so Graphviz sizes
 * each cell for its own text and no key can run into the next (a line of glyphs would be placed by
 * estimated widths).
 */
function caption(model: GraphModel, overlaid: boolean): string {
  const rows: string[] = [];
  if (model.caption) rows.push(`<TR><TD><B>${html(model.caption)}</B></TD></TR>`);
  if (overlaid) {
    const keys = legendFor(model.nodes.map((n) => n.status)).map(
      ([status, words]) =>
        `<TD FIXEDSIZE="TRUE" WIDTH="11" HEIGHT="11" BORDER="1" COLOR="${STATUS_LOOK[status].stroke}" BGCOLOR="${STATUS_LOOK[status].fill}"></TD>` +
        `<TD ALIGN="LEFT"><FONT POINT-SIZE="9">${html(words)}</FONT></TD>`,
    );
    const keyRows: string[] = [];
    for (let i = 0; i < keys.length; i += KEYS_PER_ROW) keyRows.push(`<TR>${keys.slice(i, i + KEYS_PER_ROW).join('')}</TR>`);
    if (keyRows.length) rows.push(`<TR><TD><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="4" CELLPADDING="0">${keyRows.join('')}</TABLE></TD></TR>`);
    const arrows = model.edges.some((e) => e.failure) ? 'bold arrows: taken; red: where it failed' : 'bold arrows: taken';
    rows.push(`<TR><TD><FONT POINT-SIZE="9">${arrows}</FONT></TD></TR>`);
  }
  return `<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">${rows.join('')}</TABLE>>`;
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
    colour = !e.taken ? UNTAKEN_COLOUR : e.failure ? FAILED_EDGE_COLOUR : e.kind === 'catch' ? CATCH_COLOUR : TAKEN_COLOUR;
    if (e.taken) attrs.push('penwidth=2.5', `class="taken${e.failure ? ' failure' : ''}"`);
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
  const font = `fontname=${quote(LAYOUT_FONT)}`;
  const graphAttrs = ['rankdir=TB', 'newrank=true', 'nodesep=0.35', 'ranksep=0.4', font, 'fontsize=12'];
  if (model.caption || overlaid) graphAttrs.push(`label=${caption(model, overlaid)}`, 'labelloc=t');
  out.push(`  graph [${graphAttrs.join(', ')}]`);
  out.push(`  node [${font}, fontsize=11, margin="0.15,0.06"]`);
  out.push(`  edge [${font}, fontsize=9, arrowsize=0.7]`);
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
