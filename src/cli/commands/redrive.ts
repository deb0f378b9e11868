// `stepf redrive`: restart a failed standard execution from the states that did not succeed (RedriveExecution).
import type { Command } from 'commander';
import { ExitCode } from '../../errors.js';
import { createOutput } from '../../report/output.js';
import { action } from '../run.js';
import { withAwsOptions, type TargetFlags } from '../options.js';

export interface RedriveFlags extends TargetFlags {
  last?: boolean;
}

export async function runRedrive(arg: string | undefined, flags: RedriveFlags): Promise<number> {
  const out = createOutput(flags);
  const { executionTarget } = await import('../target.js');
  const t = await executionTarget(arg, flags, 'FAILED', 'redrive');
  try {
    if ('none' in t) {
      out.note(`${t.none}: nothing to redrive`);
      return ExitCode.ok;
    }
    const { redriveExecution } = await import('../../aws/executions.js');
    const redriveDate = await redriveExecution(t.aws, t.executionArn);
    if (flags.json) out.json({ executionArn: t.executionArn, redriveDate });
    else out.result(`redriven ${t.executionArn}${redriveDate ? ` at ${redriveDate.toISOString()}` : ''}\n  follow it: stepf logs --execution ${t.executionArn} --tail\n`);
    return ExitCode.ok;
  } finally {
    out.debug(t.aws.summary());
  }
}

export function registerRedrive(program: Command): void {
  withAwsOptions(
    program
      .command('redrive')
      .argument('[execution]', 'the execution ARN; with --last, the state machine\'s key instead (optional when there is one)')
      .description('restart a FAILED, TIMED_OUT or ABORTED standard execution from the states that did not succeed'),
  )
    .option('--last', 'redrive the newest FAILED execution of the machine')
    .option('--arn <arn>', 'with --last: a deployed state machine\'s ARN instead of a key')
    .action(action(runRedrive));
}
