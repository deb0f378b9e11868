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
  running: { fill: '#bbdefb', stroke: '#1565c0', font: '#0d2b45' },
  'not-reached': { fill: '#fafafa', stroke: '#bdbdbd', font: '#9e9e9e' },
};

export const EDGE_COLOUR = '#546e7a';
export const CATCH_COLOUR = '#ef6c00';
export const TAKEN_COLOUR = '#2e7d32';
export const UNTAKEN_COLOUR = '#cfd8dc';

/** What the colours of an overlay mean, in the order a legend lists them. */
export const LEGEND: Array<[NodeStatus, string]> = [
  ['succeeded', 'succeeded'],
  ['failed', 'failed'],
  ['caught', 'caught by a Catch'],
  ['running', 'running'],
  ['not-reached', 'not reached'],
];

/** The colours of STATUS_LOOK in words, for a legend in text. */
export const COLOUR_NAMES: Record<NodeStatus, string> = { succeeded: 'green', failed: 'red', caught: 'orange', running: 'blue', 'not-reached': 'grey' };
