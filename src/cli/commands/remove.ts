// `stepf remove`: delete stepf's stack (after a yes) and wait until it is gone, streaming its events.
import type { Command } from 'commander';
import { ApprovalRequired, Interrupted } from '../../errors.js';
import { createOutput } from '../../report/output.js';
import { action } from '../run.js';
import { DEFAULT_WAIT_MS, parseDuration, withAwsOptions, type AwsCommandFlags } from '../options.js';

async function runRemove(flags: AwsCommandFlags): Promise<number> {
  const waitTimeoutMs = parseDuration(flags.waitTimeout, DEFAULT_WAIT_MS);
  const out = createOutput(flags);
  const [{ interruptSignal, terminalConfirm }, { chooseProfile, packageForAws }] = await Promise.all([import('../terminal.js'), import('../target.js')]);
  const progress = await out.progress();
  const interrupt = interruptSignal(() => progress.note('stopping (Ctrl-C again to quit at once)'));
  try {
    progress.phase('reading the config');
    const pkg = await packageForAws(flags);
    const [{ AwsClients }, { findStack, removeStack }] = await Promise.all([import('../../aws/clients.js'), import('../../aws/remove.js')]);
    const aws = new AwsClients({ region: pkg.region, profile: chooseProfile(flags.profile, pkg.stack.profile), log: flags.verbose ? (l) => progress.debug(l) : undefined });
    const deps = { aws, sink: progress, signal: interrupt.signal };
    try {
      const stack = await findStack(deps, pkg.stackName);
      if (!stack) {
        progress.stop();
        if (flags.json) out.json({ ok: true, result: 'not-found', stackName: pkg.stackName, region: pkg.region });
        else out.result(`stack ${pkg.stackName} does not exist in ${pkg.region}: nothing to remove\n`);
        return 0;
      }
      const retainedIds = pkg.machines.filter((m) => pkg.template.Resources[m.logicalId]?.DeletionPolicy === 'Retain').map((m) => m.logicalId);
      if (!flags.yes) {
        const ask = terminalConfirm(flags.json);
        if (!ask) {
          throw new ApprovalRequired(`not removed: deleting stack ${pkg.stackName} needs a yes`, 'run again with --yes (there is no terminal to ask in)');
        }
        progress.stop();
        const yes = await ask(`delete stack ${pkg.stackName} (${stack.StackStatus}) in ${pkg.region} and its state machines?`).catch((err: unknown) => {
          throw err instanceof Interrupted ? new Interrupted(`interrupted at the question: stack ${pkg.stackName} is unchanged`) : err;
        });
        // A no is the person's choice, not a failure: exit 0 (README, exit codes).
        if (!yes) {
          if (flags.json) out.json({ ok: true, result: 'not-removed', stackName: pkg.stackName, region: pkg.region });
          else out.result(`not removed: stack ${pkg.stackName} is unchanged\n`);
          return 0;
        }
      }
      progress.phase(`deleting ${pkg.stackName}`);
      const outcome = await removeStack(deps, stack, { timeoutMs: waitTimeoutMs, roleArn: flags.roleArn ?? pkg.stack.roleArn, retainedLogicalIds: retainedIds }).catch((err: unknown) => {
        throw err instanceof Interrupted && err.bare ? new Interrupted(`interrupted: CloudFormation goes on deleting stack ${pkg.stackName} in AWS; \`stepf info\` shows when it is gone`) : err;
      });
      progress.stop();
      const elapsedMs = progress.elapsedMs();
      if (flags.json) {
        out.json({ ok: true, result: 'removed', stackName: pkg.stackName, stackId: outcome.stackId, region: pkg.region, retained: outcome.retained, elapsedMs, awsCalls: aws.callCount });
      } else {
        const lines = [`removed stack ${pkg.stackName} from ${pkg.region} in ${(elapsedMs / 1000).toFixed(1)}s`];
        if (outcome.retained.length) lines.push(`kept (retain: true), delete by hand when no longer needed:`, ...outcome.retained.map((r) => `  ${r}`));
        out.result(`${lines.join('\n')}\n`);
      }
      return 0;
    } finally {
      if (flags.verbose) progress.debug(`this remove made ${aws.summary()}`);
    }
  } catch (err) {
    // Any other Ctrl-C comes before the delete started.
    throw err instanceof Interrupted && err.bare ? new Interrupted('interrupted before anything was deleted: the stack is unchanged') : err;
  } finally {
    progress.stop();
    interrupt.dispose();
  }
}

export function registerRemove(program: Command): void {
  withAwsOptions(program.command('remove').description("delete stepf's stack and wait until it is gone, streaming events"))
    .option('-y, --yes', 'do not ask for confirmation (required without a terminal)')
    .option('--wait-timeout <duration>', 'how long to wait for the delete, e.g. 30m, 90s', '30m')
    .option('--role-arn <arn>', 'CloudFormation service role (default: provider.iam.deploymentRole)')
    .action(action(runRemove));
}
