// Colours and shapes shared by the dot and Mermaid renderers, so both draw the same picture.
import type { NodeKind, NodeStatus } from './model.js';

export interface Look {
  fill: string;
  stroke: string;
  font: string;
}

/** The colour of a state by type, when no execution is overlaid. */
export const KIND_LOOK: Record<NodeKind, Look> = {
  Task: { fill: '#e3f2fd', stroke: '#1e88e5', font: '#0d2b45' },
  Choice: { fill: '#fff8e1', stroke: '#f9a825', font: '#3e2c00' },
  Parallel: { fill: '#ede7f6', stroke: '#5e35b1', font: '#1f1147' },
  Map: { fill: '#ede7f6', stroke: '#5e35b1', font: '#1f1147' },
  Wait: { fill: '#eceff1', stroke: '#546e7a', font: '#1c2a30' },
  Pass: { fill: '#ffffff', stroke: '#78909c', font: '#1c2a30' },
  Succeed: { fill: '#e8f5e9', stroke: '#2e7d32', font: '#0f2e12' },
  Fail: { fill: '#ffebee', stroke: '#c62828', font: '#3b0b0b' },
  start: { fill: '#263238', stroke: '#263238', font: '#ffffff' },
  end: { fill: '#263238', stroke: '#263238', font: '#ffffff' },
  join: { fill: '#5e35b1', stroke: '#5e35b1', font: '#ffffff' },
  unknown: { fill: '#ffffff', stroke: '#c62828', font: '#c62828' },
};

/** The colour of a state in an overlaid execution. */
export const STATUS_LOOK: Record<NodeStatus, Look> = {
  succeeded: { fill: '#c8e6c9', stroke: '#2e7d32', font: '#0f2e12' },
  failed: { fill: '#ffcdd2', stroke: '#c62828', font: '#3b0b0b' },
  caught: { fill: '#ffe0b2', stroke: '#ef6c00', font: '#3e1f00' },
  // Grey like a state not reached, with a red border: it ran, and was stopped by a failure elsewhere.
  aborted: { fill: '#e0e0e0', stroke: '#e53935', font: '#424242' },
  running: { fill: '#bbdefb', stroke: '#1565c0', font: '#0d2b45' },
  'not-reached': { fill: '#fafafa', stroke: '#bdbdbd', font: '#9e9e9e' },
};

export const EDGE_COLOUR = '#546e7a';
export const CATCH_COLOUR = '#ef6c00';
export const TAKEN_COLOUR = '#2e7d32';
export const UNTAKEN_COLOUR = '#cfd8dc';
/** A taken edge the execution failed along (a Fail state to End). */
export const FAILED_EDGE_COLOUR = '#c62828';

/**
 * Graphviz lays text out with a font's built-in width table; for a name it has none for (a CSS list such as
 * "Helvetica,Arial,sans-serif") it falls back to Times, narrower than any sans-serif, and text overflows its
 * box. DejaVu Sans is the widest common sans-serif it knows, so text drawn in Helvetica, Arial or DejaVu fits.
 */
export const LAYOUT_FONT = 'DejaVu Sans';
/** The fonts the SVG asks for, in order; LAYOUT_FONT is in the list, so the layout's own font is the fallback. */
export const SVG_FONTS = 'Helvetica,Arial,DejaVu Sans,sans-serif';

/** What the colours of an overlay mean, in the order a legend lists them. */
export const LEGEND: Array<[NodeStatus, string]> = [
  ['succeeded', 'succeeded'],
  ['failed', 'failed'],
  ['caught', 'caught by a Catch'],
  ['aborted', 'stopped unfinished'],
  ['running', 'running'],
  ['not-reached', 'not reached'],
];

/** The legend's keys for the statuses a drawing uses, in LEGEND's order. */
export function legendFor(statuses: Iterable<NodeStatus | undefined>): Array<[NodeStatus, string]> {
  const used = new Set(statuses);
  return LEGEND.filter(([status]) => used.has(status));
}

/** The colours of STATUS_LOOK in words, for a legend in text. */
export const COLOUR_NAMES: Record<NodeStatus, string> = {
  succeeded: 'green',
  failed: 'red',
  caught: 'orange',
  aborted: 'grey with a red border',
  running: 'blue',
  'not-reached': 'grey',
};
