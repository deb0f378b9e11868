// `stepf executions`: recent executions of a machine, newest first: name, status, start, duration.
import { Option, type Command } from 'commander';
import type { ExecutionStatus } from '@aws-sdk/client-sfn';
import { ExitCode, UsageError } from '../../errors.js';
import { createOutput } from '../../report/output.js';
import { action } from '../run.js';
import { withAwsOptions, type TargetFlags } from '../options.js';

export interface ExecutionsFlags extends TargetFlags {
  status?: string;
  limit?: string;
}

export async function runExecutions(machine: string | undefined, flags: ExecutionsFlags): Promise<number> {
  const limit = Number(flags.limit ?? 20);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit ${flags.limit}: not a positive whole number`);
  const out = createOutput(flags);
  const { resolveTarget } = await import('../target.js');
  const target = await resolveTarget(flags, machine);
  try {
    const { listExecutions } = await import('../../aws/executions.js');
    const list = await listExecutions(target.aws, target.arn, { status: flags.status as ExecutionStatus | undefined, limit });
    if (flags.json) {
      out.json({ stateMachineArn: target.arn, executions: list });
      return ExitCode.ok;
    }
    if (!list.length) {
      out.note(`${target.label} has no ${flags.status ? `${flags.status} ` : ''}executions`);
      return ExitCode.ok;
    }
    const [{ colourWanted, palette }, { executionsTable }] = await Promise.all([import('../../report/colour.js'), import('../../report/execution.js')]);
    const p = palette(colourWanted(process.stdout));
    const paint = (s: string, t: string) => (s === 'SUCCEEDED' ? p.green(t) : s === 'RUNNING' ? p.yellow(t) : s === 'PENDING_REDRIVE' ? t : p.red(t));
    out.result(executionsTable(list, Date.now(), paint));
    return ExitCode.ok;
  } finally {
    out.debug(target.aws.summary());
  }
}

export function registerExecutions(program: Command): void {
  withAwsOptions(
    program
      .command('executions')
      .argument('[machine]', 'the state machine\'s key under stepFunctions.stateMachines (optional when there is one)')
      .description('list recent executions of a state machine: name, status, start, duration'),
  )
    .option('--arn <arn>', 'a deployed state machine\'s ARN instead of a key (no serverless.yml needed)')
    .addOption(new Option('--status <status>', 'only executions with this status').choices(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE']))
    .option('-l, --limit <n>', 'at most this many, newest first', '20')
    .action(action(runExecutions));
}
