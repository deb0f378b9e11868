// How executions are shown: their output, why one failed, a one-line header, the list of recent ones.
import type { ExecutionListItem } from '@aws-sdk/client-sfn';

/** Output JSON: pretty for a person, one line for a pipe. */
export function formatOutput(text: string | undefined, pretty: boolean): string {
  if (text === undefined) return 'null';
  try {
    return JSON.stringify(JSON.parse(text), null, pretty ? 2 : undefined);
  } catch {
    return text;
  }
}

/** An SDK answer as JSON, without the SDK's $metadata. */
export function resultJson(value: object): string {
  const { $metadata: _m, ...rest } = value as { $metadata?: unknown };
  return `${JSON.stringify(rest, null, 2)}\n`;
}

/** The lines on stderr for an execution that did not succeed. */
export function failureReport(
  e: { name?: string; status?: string; error?: string; cause?: string },
  failing: { state?: string; error?: string; cause?: string } | undefined,
  more: string | undefined,
): string {
  const lines = [`execution ${e.name ?? ''} ${e.status}`.replace(/\s+/g, ' ')];
  if (failing?.state) lines.push(`  failed in state: ${failing.state}`);
  const error = e.error ?? failing?.error;
  const cause = e.cause ?? failing?.cause;
  if (error) lines.push(`  error: ${error}`);
  if (cause) lines.push(`  cause: ${cause}`);
  if (more) lines.push(`  ${more}`);
  return `${lines.join('\n')}\n`;
}

function durationText(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  return s < 60 ? `${s.toFixed(1)}s` : `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
}

export function executionHeader(e: { name?: string; status?: string; startDate?: Date; stopDate?: Date; executionArn?: string }): string {
  const took = e.startDate && e.stopDate ? `, ${durationText(e.stopDate.getTime() - e.startDate.getTime())}` : '';
  return `execution ${e.name ?? e.executionArn?.split(':').pop() ?? ''}  ${e.status ?? ''}  started ${e.startDate?.toISOString() ?? '?'}${took}\n`;
}

function duration(e: ExecutionListItem, now: number): string {
  const start = e.startDate?.getTime();
  if (start === undefined) return '';
  const ms = (e.stopDate?.getTime() ?? now) - start;
  const s = ms / 1000;
  const text = ms < 1000 ? `${ms} ms` : s < 60 ? `${s.toFixed(1)}s` : s < 3600 ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return e.stopDate ? text : `${text} so far`;
}

/** The table `stepf executions` prints. */
export function executionsTable(list: ExecutionListItem[], now: number, paint: (status: string, text: string) => string = (_s, t) => t): string {
  if (!list.length) return '';
  const rows = list.map((e) => [e.name ?? '', e.status ?? '', e.startDate?.toISOString() ?? '', duration(e, now)]);
  const head = ['NAME', 'STATUS', 'START', 'DURATION'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[], body: boolean) =>
    r.map((c, i) => (i === 3 ? c : i === 1 && body ? paint(c, c.padEnd(widths[i])) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return `${[line(head, false), ...rows.map((r) => line(r, true))].join('\n')}\n`;
}
