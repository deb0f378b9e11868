import { Option, type Command } from 'commander';
import { action } from './run.js';
import { withAwsOptions } from './deploy.js';
import type { TargetFlags } from './target-action.js';

export interface ExecutionsFlags extends TargetFlags {
  status?: string;
  limit?: string;
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
    .action(
      action(async (machine: string | undefined, flags: ExecutionsFlags) => {
        const { runExecutions } = await import('./executions-action.js');
        return runExecutions(machine, flags);
      }),
    );
}
