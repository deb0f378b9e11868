import { Option, type Command } from 'commander';
import { action } from './run.js';
import { parseParams, withConfigOptions } from './common.js';

export interface PackageFlags {
  stage?: string;
  region?: string;
  config?: string;
  param?: string[];
  out?: string;
  stdout?: boolean;
  json?: boolean;
  validate?: boolean;
  resolveRemote?: boolean;
  stackName?: string;
  verbose?: boolean;
}

export function registerPackage(program: Command): void {
  withConfigOptions(
    program
      .command('package')
      .description('compile serverless.yml into the CloudFormation template of stepf\'s stack (offline: no AWS call)'),
  )
    .option('-o, --out <dir>', 'output folder (default: .stepf/<stage>)')
    .option('--stdout', 'write the template to stdout instead of a file')
    .option('--json', 'print the summary as JSON')
    .option('--stack-name <name>', 'stack name (default: custom.stepf.stackName, else <service>-<stage>-stepf)')
    .option('--no-validate', 'skip the Amazon States Language checks (schema and reference checks still run)')
    .addOption(new Option('--resolve-remote', 'read ${ssm:...}, ${cf:...} and ${s3:...} variables through AWS (needs credentials)'))
    .action(
      action(async (flags: PackageFlags) => {
        const { runPackage } = await import('./package-action.js');
        return runPackage({ ...flags, params: parseParams(flags.param) });
      }),
    );
}
