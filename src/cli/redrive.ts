import type { Command } from 'commander';
import { action } from './run.js';
import { withAwsOptions } from './deploy.js';
import type { TargetFlags } from './target-action.js';

export interface RedriveFlags extends TargetFlags {
  last?: boolean;
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
    .action(
      action(async (execution: string | undefined, flags: RedriveFlags) => {
        const { runRedrive } = await import('./redrive-action.js');
        return runRedrive(execution, flags);
      }),
    );
}
