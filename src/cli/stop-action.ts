// `stepf stop`: abort an execution given by ARN, or the newest RUNNING one of a machine (--last).
import { ExitCode, UsageError } from '../errors.js';
import type { AwsClients } from '../aws/clients.js';
import type { StopFlags } from './stop.js';
import { awsClientsFor, resolveTarget, type TargetFlags } from './target-action.js';

/** An execution ARN given directly, or the newest execution of `status` of the machine `--last` names. */
export async function executionTarget(
  arg: string | undefined,
  flags: TargetFlags & { last?: boolean },
  status: 'RUNNING' | 'FAILED',
  command: string,
): Promise<{ aws: AwsClients; executionArn: string } | { aws: AwsClients; none: string }> {
  const ex = await import('../aws/executions.js');
  if (!flags.last) {
    if (!arg || !/^arn:[^:]+:states:[^:]*:[^:]*:(execution|express):/.test(arg)) {
      throw new UsageError(
        arg ? `${arg} is not an execution ARN` : 'which execution?',
        `pass an execution ARN (see \`stepf executions\`), or \`stepf ${command} ${arg ?? '<machine>'} --last\` for the newest ${status} one`,
      );
    }
    const region = ex.regionOfArn(arg) ?? flags.region ?? 'us-east-1';
    return { aws: await awsClientsFor(region, flags.profile, flags.verbose), executionArn: arg };
  }
  const target = await resolveTarget(flags, arg);
  const last = await ex.lastExecution(target.aws, target.arn, status);
  if (!last?.executionArn) return { aws: target.aws, none: `${target.label} has no ${status} execution` };
  return { aws: target.aws, executionArn: last.executionArn };
}

export async function runStop(arg: string | undefined, flags: StopFlags): Promise<number> {
  const t = await executionTarget(arg, flags, 'RUNNING', 'stop');
  try {
    if ('none' in t) {
      process.stderr.write(`${t.none}: nothing to stop\n`);
      return ExitCode.ok;
    }
    const { stopExecution } = await import('../aws/executions.js');
    const stopDate = await stopExecution(t.aws, t.executionArn, { cause: flags.cause, error: flags.error });
    if (flags.json) process.stdout.write(`${JSON.stringify({ executionArn: t.executionArn, stopDate }, null, 2)}\n`);
    else process.stdout.write(`stopped ${t.executionArn}${stopDate ? ` at ${stopDate.toISOString()}` : ''}\n`);
    return ExitCode.ok;
  } finally {
    if (flags.verbose) process.stderr.write(`${t.aws.summary()}\n`);
  }
}
