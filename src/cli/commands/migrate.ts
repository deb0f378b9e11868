// `stepf migrate`: take over the state machines the serverless-step-functions plugin deployed, moving them
// (with their roles, rules, alarms and API parts) from the Serverless stack into stepf's without replacing
// any. Plans by default (read-only); --execute moves.
import type { Command } from 'commander';
import { createOutput } from '../../report/output.js';
import { action } from '../run.js';
import { withAwsOptions, type AwsCommandFlags } from '../options.js';

interface MigrateFlags extends AwsCommandFlags {
  execute?: boolean;
}

async function runMigrate(flags: MigrateFlags): Promise<number> {
  const out = createOutput(flags);
  const { chooseProfile, packageForAws } = await import('../target.js');
  const pkg = await packageForAws(flags);
  const [{ AwsClients }, { readMigrationState }, { planMigration }, report, colour] = await Promise.all([
    import('../../aws/clients.js'),
    import('../../aws/migrate/read.js'),
    import('../../migrate/plan.js'),
    import('../../report/migrate.js'),
    import('../../report/colour.js'),
  ]);
  if (!flags.json) out.warnings(pkg.warnings);
  const aws = new AwsClients({ region: pkg.region, profile: chooseProfile(flags.profile, pkg.stack.profile), log: (l) => out.debug(l) });
  const state = await readMigrationState(aws, pkg);
  const plan = planMigration(state.input);
  const view = { plan, region: pkg.region, stage: pkg.stage, notes: state.notes };
  if (flags.json) out.json(report.migrateJson(view));
  else out.result(report.migrateText(view, colour.palette(colour.colourWanted(process.stdout))));
  out.debug(`this migrate made ${aws.summary()}`);
  return 0;
}

export function registerMigrate(program: Command): void {
  withAwsOptions(
    program
      .command('migrate')
      .description("take over the machines serverless-step-functions deployed: plan (default, read-only) what moves from the Serverless stack to stepf's, keeping ARNs and history"),
  )
    .action(action(runMigrate));
}
