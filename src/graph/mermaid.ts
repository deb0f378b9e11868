// Graph model → Mermaid flowchart text, for pasting into Markdown (GitHub, GitLab, docs sites render it).
import type { GraphCluster, GraphModel, GraphNode, NodeKind, NodeStatus } from './model.js';
import { CATCH_COLOUR, COLOUR_NAMES, FAILED_EDGE_COLOUR, KIND_LOOK, legendFor, STATUS_LOOK, TAKEN_COLOUR, UNTAKEN_COLOUR } from './style.js';

/** The colours the drawing uses, in words (Mermaid has no legend of its own). */
function legendText(model: GraphModel): string {
  const keys = legendFor(model.nodes.map((n) => n.status)).map(([status, words]) => `${COLOUR_NAMES[status]}: ${words}`);
  const arrows = model.edges.some((e) => e.failure) ? 'thick arrows: taken, red where it failed' : 'thick arrows: taken';
  return `${keys.join(', ')}; ${arrows}`;
}

/** Opening and closing brackets of each shape. */
const SHAPES: Record<NodeKind, [string, string]> = {
  Task: ['(', ')'],
  Choice: ['{', '}'],
  Parallel: ['[/', '/]'],
  Map: ['[/', '/]'],
  Wait: ['{{', '}}'],
  Pass: ['[', ']'],
  Succeed: ['([', '])'],
  Fail: ['[[', ']]'],
  start: ['((', '))'],
  end: ['(((', ')))'],
  join: ['((', '))'],
  unknown: ['>', ']'],
};

/** Mermaid text inside quotes: its own entity codes for quotes, and HTML escapes. */
function text(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '#quot;');
}

function label(n: GraphNode): string {
  if (n.kind === 'join') return ' ';
  const count = n.entered !== undefined && n.entered > 1 ? ` ×${n.entered}` : '';
  return [`${text(n.name)}${count}`, ...n.details.map((d) => `<small>${text(d)}</small>`)].join('<br/>');
}

export function toMermaid(model: GraphModel): string {
  const overlaid = model.nodes.some((n) => n.status !== undefined);
  const ids = new Map(model.nodes.map((n, i) => [n.id, `n${i}`]));
  const out: string[] = [];
  if (model.caption) out.push('---', `title: ${JSON.stringify(overlaid ? `${model.caption} (${legendText(model)})` : model.caption)}`, '---');
  out.push('flowchart TD');
  const children = new Map<string | undefined, GraphCluster[]>();
  for (const c of model.clusters) children.set(c.parent, [...(children.get(c.parent) ?? []), c]);
  const members = new Map<string | undefined, GraphNode[]>();
  for (const n of model.nodes) members.set(n.cluster, [...(members.get(n.cluster) ?? []), n]);
  const emit = (cluster: string | undefined, indent: string) => {
    for (const n of members.get(cluster) ?? []) {
      const [open, close] = SHAPES[n.kind];
      out.push(`${indent}${ids.get(n.id)}${open}"${label(n)}"${close}`);
    }
    for (const c of children.get(cluster) ?? []) {
      out.push(`${indent}subgraph ${c.id}["${text(c.label)}"]`);
      emit(c.id, `${indent}  `);
      out.push(`${indent}end`);
    }
  };
  emit(undefined, '  ');
  for (const e of model.edges) {
    const arrow = e.kind === 'catch' ? '-.->' : e.taken ? '==>' : '-->';
    out.push(`  ${ids.get(e.from)} ${arrow}${e.label ? `|"${text(e.label)}"|` : ''} ${ids.get(e.to)}`);
  }
  // Colours: by state type, or by what the overlaid execution did.
  const classes = new Map<string, string[]>();
  for (const n of model.nodes) {
    const cls = overlaid && n.status ? `status_${n.status.replace('-', '_')}` : `kind_${n.kind}`;
    classes.set(cls, [...(classes.get(cls) ?? []), ids.get(n.id)!]);
  }
  for (const [cls, members] of classes) {
    const look = cls.startsWith('status_') ? STATUS_LOOK[cls.slice(7).replace('_', '-') as NodeStatus] : KIND_LOOK[cls.slice(5) as NodeKind];
    out.push(`  classDef ${cls} fill:${look.fill},stroke:${look.stroke},color:${look.font}`);
    out.push(`  class ${members.join(',')} ${cls}`);
  }
  model.edges.forEach((e, i) => {
    if (overlaid) {
      const colour = !e.taken ? UNTAKEN_COLOUR : e.failure ? FAILED_EDGE_COLOUR : e.kind === 'catch' ? CATCH_COLOUR : TAKEN_COLOUR;
      out.push(`  linkStyle ${i} stroke:${colour}${e.taken ? ',stroke-width:3px' : ''}`);
    }
    else if (e.kind === 'catch') out.push(`  linkStyle ${i} stroke:${CATCH_COLOUR}`);
  });
  return `${out.join('\n')}\n`;
}
