// `stepf stop`: abort an execution given by ARN, or the newest RUNNING one of a machine (--last).
import type { Command } from 'commander';
import { ExitCode } from '../../errors.js';
import { createOutput } from '../../report/output.js';
import { action } from '../run.js';
import { withAwsOptions, type TargetFlags } from '../options.js';

export interface StopFlags extends TargetFlags {
  last?: boolean;
  cause?: string;
  error?: string;
}

export async function runStop(arg: string | undefined, flags: StopFlags): Promise<number> {
  const out = createOutput(flags);
  const { executionTarget } = await import('../target.js');
  const t = await executionTarget(arg, flags, 'RUNNING', 'stop');
  try {
    if ('none' in t) {
      out.note(`${t.none}: nothing to stop`);
      return ExitCode.ok;
    }
    const { stopExecution } = await import('../../aws/executions.js');
    const stopDate = await stopExecution(t.aws, t.executionArn, { cause: flags.cause, error: flags.error });
    if (flags.json) out.json({ executionArn: t.executionArn, stopDate });
    else out.result(`stopped ${t.executionArn}${stopDate ? ` at ${stopDate.toISOString()}` : ''}\n`);
    return ExitCode.ok;
  } finally {
    out.debug(t.aws.summary());
  }
}

export function registerStop(program: Command): void {
  withAwsOptions(
    program
      .command('stop')
      .argument('[execution]', 'the execution ARN; with --last, the state machine\'s key instead (optional when there is one)')
      .description('stop (abort) a running execution; it ends ABORTED'),
  )
    .option('--last', 'stop the newest RUNNING execution of the machine')
    .option('--arn <arn>', 'with --last: a deployed state machine\'s ARN instead of a key')
    .option('--cause <text>', 'why it was stopped (shown in the execution\'s history)')
    .option('--error <code>', 'an error code to record with the abort')
    .action(action(runStop));
}
