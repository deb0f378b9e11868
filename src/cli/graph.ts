import { Option, type Command } from 'commander';
import { action } from './run.js';
import { withConfigOptions } from './common.js';
import type { TargetFlags } from './target-action.js';

export interface GraphFlags extends TargetFlags {
  format?: 'svg' | 'mermaid' | 'dot';
  out?: string;
  execution?: string;
  last?: boolean;
  local?: boolean;
  input?: string;
  data?: string;
  mock?: string[];
  mocks?: string;
}

export function registerGraph(program: Command): void {
  withConfigOptions(
    program
      .command('graph')
      .argument('[machine]', 'the state machine\'s key under stepFunctions.stateMachines (optional when there is one)')
      .description('draw a state machine as SVG, Mermaid or dot; with --execution, --last or --local, the path an execution took'),
  )
    .addOption(new Option('-f, --format <format>', 'svg, mermaid or dot (default: from --out\'s extension, else svg)').choices(['svg', 'mermaid', 'dot']))
    .option('-o, --out <file>', 'write here (- for stdout); default: <machine>.svg for svg, stdout for mermaid and dot')
    .option('--arn <arn>', 'draw a deployed state machine by ARN (its deployed definition; no serverless.yml needed)')
    .option('-e, --execution <arn>', 'colour the path this execution took (uses the deployed definition)')
    .option('--last', 'colour the path of the deployed machine\'s newest execution')
    .option('--local', 'run the definition locally (as `stepf invoke --local`) and colour the path it took')
    .option('-i, --input <file>', 'with --local: execution input, a JSON file or - for stdin (default {})')
    .option('-d, --data <json>', 'with --local: execution input as JSON text')
    .addOption(new Option('--mock <state=file...>', 'with --local: the result of Task state <state> from a JSON/YAML file; repeatable'))
    .option('--mocks <file>', 'with --local: a JSON/YAML file of mocks by state name')
    .option('--profile <name>', 'AWS profile, for --arn, --execution and --last')
    .option('--stack-name <name>', 'stack name, for --last (default: custom.stepf.stackName, else <service>-<stage>-stepf)')
    .action(
      action(async (machine: string | undefined, flags: GraphFlags) => {
        const { runGraph } = await import('./graph-action.js');
        return runGraph(machine, flags);
      }),
    );
}
