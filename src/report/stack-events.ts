// One line per stack event and the change set table, shared by every reporter.
import type { ChangeRow, StackEventLine } from '../aws/events.js';
import { palette, statusPaint, type Palette } from './colour.js';

function hms(d: Date): string {
  return d.toISOString().slice(11, 19);
}

/** `12:03:04  UPDATE_COMPLETE  OrderFlow  AWS::StepFunctions::StateMachine  reason` */
export function formatStackEvent(e: StackEventLine, p: Palette = palette(false)): string {
  const status = statusPaint(p, e.status)(e.status.padEnd(30));
  const reason = e.reason ? `  ${e.status.endsWith('FAILED') ? p.red(e.reason) : p.dim(e.reason)}` : '';
  return `${p.dim(hms(e.time))}  ${status}  ${e.logicalId.padEnd(28)}  ${e.type}${reason}`.trimEnd();
}

/** The change set as a table: action, logical ID, type, replacement. */
export function formatChangeTable(rows: ChangeRow[], p: Palette = palette(false)): string {
  if (!rows.length) return '  (the change set lists no resource changes)';
  const head: ChangeRow = { action: 'Action', logicalId: 'Logical ID', type: 'Type', replacement: 'Replacement' };
  const all = [head, ...rows];
  const w = {
    action: Math.max(...all.map((r) => r.action.length)),
    logicalId: Math.max(...all.map((r) => r.logicalId.length)),
    type: Math.max(...all.map((r) => r.type.length)),
  };
  const line = (r: ChangeRow, paintAction = (t: string) => t) =>
    `  ${paintAction(r.action.padEnd(w.action))}  ${r.logicalId.padEnd(w.logicalId)}  ${r.type.padEnd(w.type)}  ${r.replacement || '-'}`.trimEnd();
  const actionPaint = (r: ChangeRow) => (r.action === 'Remove' || r.replacement === 'True' ? p.red : r.action === 'Add' ? p.green : p.yellow);
  return [p.bold(line(head)), ...rows.map((r) => line(r, actionPaint(r)))].join('\n');
}
