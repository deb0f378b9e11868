// `stepf migrate`: take over the state machines the serverless-step-functions plugin deployed, moving them
// (with their roles, rules, alarms and API parts) from the Serverless stack into stepf's without replacing
// any. Plans by default (read-only); --execute moves, by stack refactor or else by resource import.
import { join } from 'node:path';
import type { Command } from 'commander';
import { Interrupted } from '../../errors.js';
import type { Executed } from '../../aws/migrate/execute.js';
import type { MigrationPlan } from '../../migrate/plan.js';
import { createOutput } from '../../report/output.js';
import { action } from '../run.js';
import { DEFAULT_WAIT_MS, parseDuration, withAwsOptions, type AwsCommandFlags } from '../options.js';

interface MigrateFlags extends AwsCommandFlags {
  execute?: boolean;
  import?: boolean;
}

async function runMigrate(flags: MigrateFlags): Promise<number> {
  const waitTimeoutMs = parseDuration(flags.waitTimeout, DEFAULT_WAIT_MS);
  const out = createOutput(flags);
  const [{ interruptSignal }, { chooseProfile, packageForAws }] = await Promise.all([import('../terminal.js'), import('../target.js')]);
  const progress = await out.progress();
  const interrupt = interruptSignal(() => progress.note('stopping (Ctrl-C again to quit at once)'));
  let executed: Executed | undefined;
  let moved: MigrationPlan | undefined;
  try {
    progress.phase('reading the config');
    const pkg = await packageForAws(flags);
    const [{ AwsClients }, { readMigrationState }, { planMigration }, report, colour, { realClock }] = await Promise.all([
      import('../../aws/clients.js'),
      import('../../aws/migrate/read.js'),
      import('../../migrate/plan.js'),
      import('../../report/migrate.js'),
      import('../../report/colour.js'),
      import('../../aws/poll.js'),
    ]);
    if (!flags.json) progress.warnings(pkg.warnings);
    const aws = new AwsClients({ region: pkg.region, profile: chooseProfile(flags.profile, pkg.stack.profile), log: flags.verbose ? (l) => progress.debug(l) : undefined });
    const ctx = { aws, sink: progress, clock: realClock, signal: interrupt.signal };
    const opts = { stage: pkg.stage, timeoutMs: waitTimeoutMs, importStateFile: join(process.cwd(), '.stepf', pkg.stage, 'migration-import.json'), importOnly: flags.import, deploymentBucket: pkg.stack.deploymentBucket };

    if (flags.execute || flags.import) {
      const { finishOpenRefactor, finishRecordedImport, executeMigration } = await import('../../aws/migrate/execute.js');
      // An earlier run stopped half way: finish that first, then plan from what is deployed.
      executed = (await finishRecordedImport(ctx, opts)) ?? (await finishOpenRefactor(ctx, { serverless: pkg.serverlessStackName, stepf: pkg.stackName }, opts));
      if (!executed) {
        progress.phase(`reading ${pkg.serverlessStackName} and ${pkg.stackName}`);
        const before = await readMigrationState(aws, pkg);
        const plan = planMigration(before.input);
        if (!plan.nothingToMove) {
          executed = await executeMigration(ctx, before.input, plan, opts);
          moved = plan;
        }
      }
    }
    progress.phase(`reading ${pkg.serverlessStackName} and ${pkg.stackName}`);
    const state = await readMigrationState(aws, pkg);
    const plan = planMigration(state.input);
    progress.stop();
    // After a move, the plan it followed (what moved, and the differences stepf deploy now makes), then the stacks as they are.
    const view = { plan: moved ?? plan, after: moved ? plan : undefined, region: pkg.region, stage: pkg.stage, notes: state.notes, executed };
    if (flags.json) out.json(report.migrateJson(view));
    else out.result(report.migrateText(view, colour.palette(colour.colourWanted(process.stdout))));
    if (flags.verbose) progress.debug(`this migrate made ${aws.summary()}`);
    return 0;
  } catch (err) {
    // Each step that changes a stack says what it left; any other Ctrl-C comes before anything changed.
    if (!(err instanceof Interrupted && err.bare)) throw err;
    throw new Interrupted(executed ? `interrupted after the move (${executed.path}); \`stepf migrate\` shows the plan again` : 'interrupted before anything was moved: both stacks are unchanged');
  } finally {
    progress.stop();
    interrupt.dispose();
  }
}

export function registerMigrate(program: Command): void {
  withAwsOptions(
    program
      .command('migrate')
      .description("take over the machines serverless-step-functions deployed: plan (default, read-only) what moves from the Serverless stack to stepf's, keeping ARNs and history; --execute moves it"),
  )
    .option('--execute', 'move the resources the plan marks move: a stack refactor, else (where refactoring is not available) DeletionPolicy Retain, removal and an IMPORT change set')
    .option('--import', 'move by the import path, without trying a stack refactor (implies --execute)')
    .option('--wait-timeout <duration>', 'how long to wait for CloudFormation, e.g. 30m, 90s', '30m')
    .action(action(runMigrate));
}
