import { Option, type Command } from 'commander';
import { action } from './run.js';
import { withAwsOptions } from './deploy.js';
import type { TargetFlags } from './target-action.js';

export interface InvokeFlags extends TargetFlags {
  input?: string;
  data?: string;
  name?: string;
  async?: boolean;
  timeout?: string;
  timeline?: boolean;
  local?: boolean;
  mock?: string[];
  mocks?: string;
}

export function registerInvoke(program: Command): void {
  withAwsOptions(
    program
      .command('invoke')
      .argument('[machine]', 'the state machine\'s key under stepFunctions.stateMachines (optional when there is one)')
      .description('run a state machine: start an execution, wait for it, print its output (or run it locally with --local)'),
  )
    .option('--arn <arn>', 'a deployed state machine\'s ARN instead of a key (no serverless.yml needed)')
    .option('-i, --input <file>', 'execution input: a JSON file, or - for stdin (default {})')
    .option('-d, --data <json>', 'execution input as JSON text')
    .option('-n, --name <name>', 'execution name (default: stepf-<time>-<random>, unique per run)')
    .option('--async', 'print the execution ARN and return without waiting')
    .option('-t, --timeout <duration>', 'STANDARD machines: stop waiting after this long (e.g. 90s, 10m; the execution goes on) and exit 5')
    .option('--timeline', 'also print the execution\'s timeline on stderr (always with --local; with --local --json it is in the JSON)')
    .option('--local', 'run the definition on this machine without AWS; Task states need --mock or --mocks')
    .addOption(new Option('--mock <state=file...>', 'with --local: the result of Task state <state> from a JSON/YAML file; repeatable'))
    .option('--mocks <file>', 'with --local: a JSON/YAML file of mocks by state name')
    .action(
      action(async (machine: string | undefined, flags: InvokeFlags) => {
        const { runInvoke } = await import('./invoke-action.js');
        return runInvoke(machine, flags);
      }),
    );
}
