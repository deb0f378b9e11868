// `stepf executions`: recent executions of a machine, newest first: name, status, start, duration.
import type { ExecutionListItem, ExecutionStatus } from '@aws-sdk/client-sfn';
import { ExitCode, UsageError } from '../errors.js';
import type { ExecutionsFlags } from './executions.js';
import { resolveTarget } from './target-action.js';

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

export async function runExecutions(machine: string | undefined, flags: ExecutionsFlags): Promise<number> {
  const limit = Number(flags.limit ?? 20);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit ${flags.limit}: not a positive whole number`);
  const target = await resolveTarget(flags, machine);
  try {
    const { listExecutions } = await import('../aws/executions.js');
    const list = await listExecutions(target.aws, target.arn, { status: flags.status as ExecutionStatus | undefined, limit });
    if (flags.json) {
      process.stdout.write(`${JSON.stringify({ stateMachineArn: target.arn, executions: list }, null, 2)}\n`);
      return ExitCode.ok;
    }
    if (!list.length) {
      process.stderr.write(`${target.label} has no ${flags.status ? `${flags.status} ` : ''}executions\n`);
      return ExitCode.ok;
    }
    const { colourWanted, palette } = await import('../report/colour.js');
    const p = palette(colourWanted(process.stdout));
    const paint = (s: string, t: string) => (s === 'SUCCEEDED' ? p.green(t) : s === 'RUNNING' ? p.yellow(t) : s === 'PENDING_REDRIVE' ? t : p.red(t));
    process.stdout.write(executionsTable(list, Date.now(), paint));
    return ExitCode.ok;
  } finally {
    if (flags.verbose) process.stderr.write(`${target.aws.summary()}\n`);
  }
}
