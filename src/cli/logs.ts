import type { Command } from 'commander';
import { action } from './run.js';
import { withAwsOptions } from './deploy.js';
import type { TargetFlags } from './target-action.js';

export interface LogsFlags extends TargetFlags {
  execution?: string;
  last?: boolean;
  tail?: boolean;
  filter?: string;
  since?: string;
}

export function registerLogs(program: Command): void {
  withAwsOptions(
    program
      .command('logs')
      .argument('[machine]', 'the state machine\'s key under stepFunctions.stateMachines (optional when there is one)')
      .description('show an execution\'s history as a timeline (the last one by default), or the machine\'s CloudWatch Logs'),
  )
    .option('--arn <arn>', 'a deployed state machine\'s ARN instead of a key (no serverless.yml needed)')
    .option('-e, --execution <arn>', 'the execution to show (default: the newest)')
    .option('--last', 'the newest execution (the default)')
    .option('-f, --tail', 'follow: new events of a running execution, then each new execution, until Ctrl-C')
    .option('--filter <pattern>', 'read CloudWatch Logs (machines with loggingConfig, EXPRESS machines) with this filter pattern')
    .option('--since <duration|time>', 'CloudWatch Logs from this long ago (e.g. 15m, 2h) or this ISO time (default 1h)')
    .action(
      action(async (machine: string | undefined, flags: LogsFlags) => {
        const { runLogs } = await import('./logs-action.js');
        return runLogs(machine, flags);
      }),
    );
}
