// `stepf deploy`: package, create a change set, show it, approve it, execute it and stream the stack's events;
// with --hotswap, update changed definitions directly when the diff allows (aws/deploy/strategy.ts decides).
import type { Command } from 'commander';
import { createOutput } from '../../report/output.js';
import { action } from '../run.js';
import { UsageError } from '../../errors.js';
import { DEFAULT_WAIT_MS, parseDuration, withAwsOptions, withDescriptionOption, type AwsCommandFlags } from '../options.js';
import type { HotswapFlags } from '../deploy-service.js';

export interface DeployFlags extends AwsCommandFlags, HotswapFlags {
  execute: boolean;
  wait: boolean;
}

export async function runDeploy(flags: DeployFlags): Promise<number> {
  const waitTimeoutMs = parseDuration(flags.waitTimeout, DEFAULT_WAIT_MS);
  const out = createOutput(flags);
  if (flags.hotswap && !flags.execute) throw new UsageError('--hotswap and --no-execute do not go together', 'a hotswap has no change set to review: `stepf diff` shows what a deploy would change');
  const [{ interruptSignal }, { packageForAws }, { deployPackaged, hotswapMode }] = await Promise.all([import('../terminal.js'), import('../target.js'), import('../deploy-service.js')]);
  const progress = await out.progress();
  const interrupt = interruptSignal(() => progress.note('stopping (Ctrl-C again to quit at once)'));
  try {
    progress.phase('packaging');
    const pkg = await packageForAws(flags);
    progress.warnings(pkg.warnings);
    const mode = await hotswapMode(flags, pkg);
    const view = await deployPackaged({ flags, pkg, mode, progress, signal: interrupt.signal, waitTimeoutMs });
    const summary = await import('../../report/deploy-summary.js');
    progress.stop();
    view.elapsedMs = progress.elapsedMs();
    if (flags.json) out.json(summary.deployJson(view));
    else out.result(summary.deployText(view, progress.palette));
    return 0;
  } finally {
    progress.stop();
    interrupt.dispose();
  }
}

export function registerDeploy(program: Command): void {
  withDescriptionOption(withAwsOptions(program.command('deploy').description('package, create a CloudFormation change set, show it, execute it and stream events')))
    .option('--no-execute', 'create and show the change set only; do not execute it')
    .option('-y, --yes', 'approve changes that delete or replace a state machine or widen IAM grants, without asking')
    .option('--wait-timeout <duration>', 'how long to wait for the stack (a busy stack first, then this deploy), e.g. 30m, 90s', '30m')
    .option('--no-wait', 'fail at once when the stack is busy with another operation instead of waiting')
    .option('--role-arn <arn>', 'CloudFormation service role (default: provider.iam.deploymentRole)')
    .option('--hotswap', 'update changed state machine definitions directly (UpdateStateMachine), skipping CloudFormation; falls back to a change set for anything else')
    .option('--hotswap-only', 'as --hotswap, but refuse instead of falling back to a change set')
    .option('--force', 'allow --hotswap on a protected stage (prod, production, live, custom.stepf.protectedStages)')
    .action(action(runDeploy));
}
