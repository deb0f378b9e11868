// `stepf rollback`: point an alias back at an earlier version at once (UpdateStateMachineAlias), outside
// CloudFormation: the way out when a new version misbehaves faster than an alarm fires.
import type { Command } from 'commander';
import { AwsError, ExitCode, UsageError } from '../../errors.js';
import { createOutput } from '../../report/output.js';
import { action } from '../run.js';
import { withAwsOptions, type TargetFlags } from '../options.js';
import type { Target } from '../target.js';

export interface RollbackFlags extends TargetFlags {
  alias?: string;
  to?: string;
}

export async function runRollback(machine: string | undefined, flags: RollbackFlags): Promise<number> {
  const out = createOutput(flags);
  if (flags.to !== undefined && !/^[1-9]\d*$/.test(flags.to)) throw new UsageError(`--to ${flags.to} is not a version number`, 'versions are numbered from 1: `stepf info` lists them');
  const [{ qualifyTarget, resolveTarget }, v, { routingText }] = await Promise.all([import('../target.js'), import('../../aws/versions.js'), import('../../aws/shift.js')]);
  const target = await resolveTarget(flags, machine);
  try {
    const alias = flags.alias ?? target.summary?.aliases?.[0];
    if (alias === undefined) {
      throw new UsageError(
        target.summary ? `state machine ${target.label} has no aliases in serverless.yml` : '--alias is needed with --arn',
        target.summary ? `rollback moves an alias: add \`versions: true\` and \`aliases: [{ name: live }]\` to stepFunctions.stateMachines.${target.key}` : 'name the alias to move, e.g. --alias live',
      );
    }
    const aliasTarget = await qualifyTarget(target, { alias });
    const routing = (await v.describeAlias(target.aws, aliasTarget.arn))!;
    const before = routingText(routing);
    let to;
    if (flags.to !== undefined) {
      to = await v.describeVersion(target.aws, v.qualified(target.arn, flags.to));
      if (!to) throw new AwsError(`${target.label} has no version ${flags.to}`, 'DescribeStateMachine', '`stepf info` lists the versions an alias can point at');
    } else {
      const versions = routing.routes.map((r) => r.version).filter((n) => !Number.isNaN(n)).sort((a, b) => a - b);
      if (!versions.length) throw new AwsError(`alias ${alias} routes to no version`, 'DescribeStateMachineAlias', 'name the version to point it at with --to');
      // Part-way through a shift: back to the version it moves away from; else the newest version before it.
      to = versions.length > 1 ? await v.describeVersion(target.aws, v.qualified(target.arn, versions[0])) : await v.previousVersion(target.aws, target.arn, versions[0]);
      if (!to) {
        throw new AwsError(`${target.label} has no version before v${versions[0]} for ${alias} to go back to`, 'DescribeStateMachine', 'name one with --to; `stepf info` lists the versions');
      }
    }
    if (routing.routes.length === 1 && routing.routes[0].version === to.version) {
      if (flags.json) out.json({ machine: target.key ?? target.arn, alias, aliasArn: aliasTarget.arn, version: to.version, versionArn: to.arn, changed: false });
      else out.result(`${alias} already sends every execution to v${to.version}: nothing to roll back\n`);
      return ExitCode.ok;
    }
    await v.routeAllTo(target.aws, aliasTarget.arn, to.arn);
    const drift = `the stack has drifted: CloudFormation still records ${alias} as it deployed it (${before}) until the next deploy that publishes a version`;
    const busy = await stackBusy(target);
    if (flags.json) {
      out.json({ machine: target.key ?? target.arn, alias, aliasArn: aliasTarget.arn, from: routing.routes, version: to.version, versionArn: to.arn, changed: true, drifted: true, ...(busy ? { stackStatus: busy } : {}) });
    } else {
      out.result(`${alias}: ${before} → v${to.version} 100%${to.description ? ` (${to.description})` : ''}\n`);
      out.note(drift);
    }
    if (busy) {
      out.note(
        `stack ${target.pkg!.stackName} is ${busy}: CloudFormation may move ${alias} again as its deployment goes on; to stop it, cancel the update (aws cloudformation cancel-update-stack --stack-name ${target.pkg!.stackName}), which also rolls the alias back`,
      );
    }
    return ExitCode.ok;
  } finally {
    out.debug(target.aws.summary());
  }
}

/** The stack's status when a deploy is running in it (a shift CloudFormation is still making), else undefined. */
async function stackBusy(target: Target): Promise<string | undefined> {
  if (!target.pkg) return undefined;
  const [{ describeStack }, { silentSink }, { realClock }] = await Promise.all([import('../../aws/stack.js'), import('../../aws/events.js'), import('../../aws/poll.js')]);
  const stack = await describeStack({ aws: target.aws, sink: silentSink, clock: realClock }, target.pkg.stackName);
  return stack?.StackStatus?.endsWith('_IN_PROGRESS') ? stack.StackStatus : undefined;
}

export function registerRollback(program: Command): void {
  withAwsOptions(
    program
      .command('rollback')
      .argument('[machine]', "the state machine's key (optional when there is one)")
      .description('point an alias back at an earlier version at once (UpdateStateMachineAlias); the stack has drifted until the next deploy'),
  )
    .option('--alias <name>', 'the alias to move (default: the machine\'s first alias)')
    .option('--to <version>', 'the version to point it at (default: the one a shift moves away from, else the version before the current one)')
    .option('--arn <arn>', 'a deployed state machine\'s ARN instead of a key (then --alias is needed)')
    .action(action(runRollback));
}
