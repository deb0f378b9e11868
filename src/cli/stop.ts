import type { Command } from 'commander';
import { action } from './run.js';
import { withAwsOptions } from './deploy.js';
import type { TargetFlags } from './target-action.js';

export interface StopFlags extends TargetFlags {
  last?: boolean;
  cause?: string;
  error?: string;
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
    .action(
      action(async (execution: string | undefined, flags: StopFlags) => {
        const { runStop } = await import('./stop-action.js');
        return runStop(execution, flags);
      }),
    );
}
