// `stepf validate`: every check package makes, and nothing written.
import { basename } from 'node:path';
import type { Command } from 'commander';
import { createOutput } from '../../report/output.js';
import { plural } from '../../util/plural.js';
import { action } from '../run.js';
import { configInput, withConfigOptions, type ConfigFlags } from '../options.js';

export interface ValidateFlags extends ConfigFlags {
  json?: boolean;
  validate?: boolean;
}

/** Everything package checks, up to the template, and nothing written: exit 0 with warnings, or 1 with every error. */
async function runValidate(flags: ValidateFlags): Promise<number> {
  const out = createOutput(flags);
  const [{ packageService }, { diagnosticToJson }] = await Promise.all([import('../../pipeline.js'), import('../../report/diagnostics.js')]);
  const r = await packageService({ ...configInput(flags), validate: flags.validate });
  const states = r.machines.reduce((n, m) => n + m.states, 0);
  if (flags.json) {
    const json = {
      ok: true,
      service: r.service,
      stage: r.stage,
      region: r.region,
      aslChecks: flags.validate !== false,
      machines: r.machines.map((m) => ({ key: m.key, logicalId: m.logicalId, type: m.type, states: m.states })),
      warnings: r.warnings.map(diagnosticToJson),
    };
    out.json(json);
    return 0;
  }
  out.warnings(r.warnings);
  const skipped = flags.validate === false ? ' (Amazon States Language checks skipped: --no-validate)' : '';
  const warned = r.warnings.length ? `, ${plural(r.warnings.length, 'warning')}` : '';
  out.result(
    `stepf: ${basename(r.configFile)} is valid for stage ${r.stage}: ${plural(r.machines.length, 'state machine')}, ${plural(states, 'state')}${warned}${skipped}\n`,
  );
  return 0;
}

export function registerValidate(program: Command): void {
  withConfigOptions(
    program
      .command('validate')
      .description('check serverless.yml and every state machine definition as package does, without writing a template (offline: no AWS call)'),
  )
    .option('--json', 'print the result as JSON')
    .option('--no-validate', 'skip the Amazon States Language checks (schema, name and reference checks still run)')
    .action(action(runValidate));
}
