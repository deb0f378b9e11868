// `stepf package`: compile serverless.yml into stepf's CloudFormation template, offline.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { createOutput } from '../../report/output.js';
import { action } from '../run.js';
import { configInput, withConfigOptions, withDescriptionOption, type ConfigFlags } from '../options.js';

export interface PackageFlags extends ConfigFlags {
  out?: string;
  stdout?: boolean;
  json?: boolean;
  validate?: boolean;
  resolveRemote?: boolean;
  stackName?: string;
  pretty?: boolean;
}

export async function runPackage(flags: PackageFlags): Promise<number> {
  const out = createOutput(flags);
  const [{ packageService }, { summaryJson, summaryText }, { writeAtomic }, { templateText }] = await Promise.all([
    import('../../pipeline.js'),
    import('../../report/package-summary.js'),
    import('../../util/write-atomic.js'),
    import('../../compile/template.js'),
  ]);
  const cwd = process.cwd();
  let remote;
  if (flags.resolveRemote) {
    const mod = await import('../../aws/remote-sources.js');
    remote = mod.createRemoteSources({ region: flags.region });
  }
  const result = await packageService({ ...configInput(flags), stackName: flags.stackName, remote, validate: flags.validate });
  // The file is what deploy sends (compact); --pretty indents it for reading and is never what is deployed.
  const body = templateText(result.template, flags.pretty);
  if (flags.stdout) {
    out.warnings(result.warnings);
    out.result(`${body}\n`);
    return 0;
  }
  const outDir = resolve(cwd, flags.out ?? join('.stepf', result.stage));
  const file = join(outDir, 'template.json');
  writeAtomic(file, `${body}\n`);
  // Definitions the template reads from S3, beside it under the name of their key (last package's only). A
  // name is its content's hash: a file already there is already right, so only the others are written.
  const defsDir = join(outDir, 'definitions');
  const wanted = new Set(result.definitions.map((d) => basename(d.key)));
  const present = new Set(existsSync(defsDir) ? readdirSync(defsDir) : []);
  for (const f of present) if (!wanted.has(f)) rmSync(join(defsDir, f), { force: true });
  for (const d of result.definitions) if (!present.has(basename(d.key))) writeAtomic(join(defsDir, basename(d.key)), d.body);
  // A split service's nested stacks, by logical ID; compact as deploy uploads them, unless --pretty.
  const stacksDir = join(outDir, 'stacks');
  rmSync(stacksDir, { recursive: true, force: true });
  for (const c of result.stacks) writeAtomic(join(stacksDir, `${c.logicalId}.json`), `${flags.pretty ? templateText(c.template, true) : c.body}\n`);
  const shown = relative(cwd, file) || file;
  if (flags.json) {
    out.json(summaryJson(result, shown));
  } else {
    out.warnings(result.warnings);
    out.result(summaryText(result, shown));
  }
  return 0;
}

export function registerPackage(program: Command): void {
  withDescriptionOption(withConfigOptions(
    program
      .command('package')
      .description('compile serverless.yml into the CloudFormation template of stepf\'s stack (offline: no AWS call)'),
  ))
    .option('-o, --out <dir>', 'output folder (default: .stepf/<stage>)')
    .option('--stdout', 'write the template to stdout instead of a file')
    .option('--pretty', 'indent the template for reading (deploy always sends it compact, as package writes it by default)')
    .option('--json', 'print the summary as JSON')
    .option('--stack-name <name>', 'stack name (default: custom.stepf.stackName, else <service>-<stage>-stepf)')
    .option('--no-validate', 'skip the Amazon States Language checks (schema and reference checks still run)')
    .addOption(new Option('--resolve-remote', 'read ${ssm:...}, ${cf:...} and ${s3:...} variables through AWS (needs credentials)'))
    .action(action(runPackage));
}
