// One line per stack event and the change set table, shared by every reporter. Given the terminal's
// width, what would not fit moves to indented lines below, so the terminal never breaks a column.
import type { ChangeRow, StackEventLine } from '../aws/events.js';
import { palette, statusPaint, type Palette } from './colour.js';
import { wrapText } from './wrap.js';

function hms(d: Date): string {
  return d.toISOString().slice(11, 19);
}

/** Under the time column. */
const EVENT_INDENT = 10;

/**
 * `12:03:04  UPDATE_COMPLETE  OrderFlow  AWS::StepFunctions::StateMachine  reason`, in aligned columns;
 * in a terminal narrower than that (`width`), with less padding, and if that is still too wide the type
 * and the reason go on indented lines under the time, wrapped to the width.
 */
export function formatStackEvent(e: StackEventLine, p: Palette = palette(false), width?: number): string {
  const paintStatus = statusPaint(p, e.status);
  const paintReason = e.status.endsWith('FAILED') ? p.red : p.dim;
  // Aligned columns when they fit; else the same line with less padding; else several lines.
  for (const [statusPad, idPad] of [[30, 28], [18, 0]]) {
    const plain = `${hms(e.time)}  ${e.status.padEnd(statusPad)}  ${e.logicalId.padEnd(idPad)}  ${e.type}${e.reason ? `  ${e.reason}` : ''}`;
    if (width !== undefined && plain.length > width) continue;
    const reason = e.reason ? `  ${paintReason(e.reason)}` : '';
    return `${p.dim(hms(e.time))}  ${paintStatus(e.status.padEnd(statusPad))}  ${e.logicalId.padEnd(idPad)}  ${e.type}${reason}`.trimEnd();
  }
  const room = (width ?? 0) - EVENT_INDENT;
  const head = `${p.dim(hms(e.time))}  ${paintStatus(e.status)}  ${e.logicalId}`;
  const below = wrapText(e.type, room).map((l) => `${' '.repeat(EVENT_INDENT)}${l}`);
  if (e.reason) below.push(...wrapText(e.reason, room).map((l) => `${' '.repeat(EVENT_INDENT)}${paintReason(l)}`));
  return [head, ...below].join('\n');
}

/**
 * The change set as a table: action, logical ID, type, replacement. Wider than `width`, each change
 * takes two lines: action and logical ID, then type and replacement under the logical ID.
 */
export function formatChangeTable(rows: ChangeRow[], p: Palette = palette(false), width?: number): string {
  if (!rows.length) return '  (the change set lists no resource changes)';
  const head: ChangeRow = { action: 'Action', logicalId: 'Logical ID', type: 'Type', replacement: 'Replacement' };
  const all = [head, ...rows];
  const w = {
    action: Math.max(...all.map((r) => r.action.length)),
    logicalId: Math.max(...all.map((r) => r.logicalId.length)),
    type: Math.max(...all.map((r) => r.type.length)),
  };
  const actionPaint = (r: ChangeRow) => (r.action === 'Remove' || r.replacement === 'True' ? p.red : r.action === 'Add' ? p.green : p.yellow);
  const line = (r: ChangeRow, paintAction = (t: string) => t) =>
    `  ${paintAction(r.action.padEnd(w.action))}  ${r.logicalId.padEnd(w.logicalId)}  ${r.type.padEnd(w.type)}  ${r.replacement || '-'}`.trimEnd();
  const wide = 2 + w.action + 2 + w.logicalId + 2 + w.type + 2 + Math.max(...all.map((r) => (r.replacement || '-').length));
  if (!width || wide <= width) return [p.bold(line(head)), ...rows.map((r) => line(r, actionPaint(r)))].join('\n');
  const under = ' '.repeat(2 + w.action + 2);
  const pair = (r: ChangeRow, paintAction = (t: string) => t) =>
    `  ${paintAction(r.action.padEnd(w.action))}  ${r.logicalId}\n${under}${r.type}  ${r.replacement || '-'}`;
  return [p.bold(`  ${'Action'.padEnd(w.action)}  Logical ID\n${under}Type  Replacement`), ...rows.map((r) => pair(r, actionPaint(r)))].join('\n');
}
