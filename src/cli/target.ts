// What a command that talks to AWS works on: the packaged service, the AWS clients, and which deployed
// state machine or execution it means: a serverless.yml key (its ARN read from the stack's resources), or an
// ARN given directly (then no serverless.yml is read and the region comes from the ARN).
import type { PackageResult } from '../pipeline.js';
import type { MachineSummary } from '../compile/types.js';
import { AwsError, UsageError, userError } from '../errors.js';
import { createOutput } from '../report/output.js';
import { didYouMean } from '../util/did-you-mean.js';
import type { AwsClients } from '../aws/clients.js';
import { configInput, type AwsCommandFlags, type TargetFlags } from './options.js';

/** --profile wins; then AWS_PROFILE (the SDK reads it); then provider.profile. */
export function chooseProfile(flag: string | undefined, provider: string | undefined): string | undefined {
  if (flag) return flag;
  if (process.env.AWS_PROFILE) return undefined;
  return provider;
}

/** Package the service exactly as `stepf package` does, reading remote variables through AWS. */
export async function packageForAws(flags: AwsCommandFlags): Promise<PackageResult> {
  const [{ packageService }, { createRemoteSources }] = await Promise.all([import('../pipeline.js'), import('../aws/remote-sources.js')]);
  const remote = createRemoteSources({ region: flags.region, profile: flags.profile });
  return packageService({ ...configInput(flags), stackName: flags.stackName, remote });
}

export interface Target {
  aws: AwsClients;
  arn: string;
  /** The serverless.yml key, when the machine was named by one. */
  key?: string;
  /** From serverless.yml; undefined when the machine was given by ARN. */
  summary?: MachineSummary;
  pkg?: PackageResult;
  /** A short name for messages: the key, else the machine name from the ARN. */
  label: string;
}

/** The machine a key names, or a UserError listing the known keys. */
export function pickMachine(machines: MachineSummary[], key: string | undefined, configFile?: string): MachineSummary {
  const keys = machines.map((m) => m.key);
  if (key === undefined) {
    if (machines.length === 1) return machines[0];
    throw new UsageError(
      machines.length ? `which state machine? this service has ${machines.length}: ${keys.join(', ')}` : 'this service has no state machines',
      machines.length ? `name one after the command (e.g. ${keys[0]}), or pass --arn` : undefined,
    );
  }
  const found = machines.find((m) => m.key === key);
  if (found) return found;
  const close = didYouMean(key, keys);
  throw userError(`no state machine '${key}' in ${configFile ?? 'serverless.yml'}`, {
    file: configFile,
    path: ['stepFunctions', 'stateMachines'],
    code: 'unknown-machine',
    hint: `${close ? `did you mean '${close}'? ` : ''}known state machines: ${keys.join(', ') || '(none)'}`,
  });
}

export function awsClientsFor(region: string, profile: string | undefined, verbose?: boolean): Promise<AwsClients> {
  return import('../aws/clients.js').then(
    ({ AwsClients }) => new AwsClients({ region, profile, log: verbose ? (l) => createOutput({ verbose }).debug(l) : undefined }),
  );
}

/** Resolves `machine` (a key or an ARN) or `--arn` to a deployed machine's ARN. */
export async function resolveTarget(
  flags: TargetFlags,
  machine: string | undefined,
  /** Which key `machine` means once the service's machines are known (invoke's plugin-style --name). */
  choose: (machines: MachineSummary[]) => string | undefined = () => machine,
): Promise<Target> {
  const arn = flags.arn ?? (machine?.startsWith('arn:') ? machine : undefined);
  if (arn) {
    const { regionOfArn } = await import('../aws/executions.js');
    const region = regionOfArn(arn) ?? flags.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
    const aws = await awsClientsFor(region, flags.profile, flags.verbose);
    return { aws, arn, label: arn.split(':').pop() ?? arn };
  }
  const pkg = await packageForAws(flags);
  const summary = pickMachine(pkg.machines, choose(pkg.machines), pkg.configFile);
  const aws = await awsClientsFor(pkg.region, chooseProfile(flags.profile, pkg.stack.profile), flags.verbose);
  const { readDeployed } = await import('../aws/deployed.js');
  const deployed = await readDeployed(aws, pkg.stackName, { stack: false, machines: [summary] });
  if (!deployed) {
    throw new AwsError(`stack ${pkg.stackName} does not exist in ${pkg.region}`, 'ListStackResources', 'deploy it with `stepf deploy`, check --stage, --region and --stack-name, or run it without AWS with --local');
  }
  const physical = deployed.machines[0].arn;
  if (!physical) {
    throw new AwsError(
      `state machine ${summary.key} (${summary.logicalId}) is not in stack ${pkg.stackName} yet`,
      'ListStackResources',
      'deploy the change that adds it with `stepf deploy`',
    );
  }
  return { aws, arn: physical, key: summary.key, summary, pkg, label: summary.key };
}

/**
 * `--alias live` / `--version 3`: the target becomes that alias or version of the machine (what StartExecution
 * is given). Checked before any execution starts: an alias serverless.yml does not list, or one or a version
 * that is not deployed, is an error saying what exists.
 */
export async function qualifyTarget(target: Target, q: { alias?: string; version?: string }): Promise<Target> {
  if (q.alias === undefined && q.version === undefined) return target;
  if (q.alias !== undefined && q.version !== undefined) throw new UsageError('--alias and --version both given', 'an execution starts through one alias or one version: pass one of them');
  const v = await import('../aws/versions.js');
  if (q.version !== undefined) {
    if (!/^[1-9]\d*$/.test(q.version)) throw new UsageError(`--version ${q.version} is not a version number`, 'versions are numbered from 1: `stepf info` lists them');
    const arn = v.qualified(target.arn, q.version);
    if (!(await v.describeVersion(target.aws, arn))) {
      throw new AwsError(`${target.label} has no version ${q.version}`, 'DescribeStateMachine', 'versions are published by deploys of a machine with `versions: true`; `stepf info` lists them');
    }
    return { ...target, arn, label: `${target.label}:${q.version}` };
  }
  const alias = q.alias!;
  const listed = target.summary?.aliases;
  if (target.summary && !listed?.includes(alias)) {
    const close = listed?.length ? didYouMean(alias, listed) : undefined;
    throw new UsageError(
      `state machine ${target.label} has no alias ${alias} in serverless.yml`,
      listed?.length ? `${close ? `did you mean '${close}'? ` : ''}its aliases: ${listed.join(', ')}` : `add \`versions: true\` and \`aliases: [{ name: ${alias} }]\` to stepFunctions.stateMachines.${target.key}, and deploy`,
    );
  }
  const arn = v.qualified(target.arn, alias);
  if (!(await v.describeAlias(target.aws, arn))) {
    throw new AwsError(`alias ${alias} of ${target.label} is not deployed`, 'DescribeStateMachineAlias', 'deploy it with `stepf deploy`');
  }
  return { ...target, arn, label: `${target.label}:${alias}` };
}

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
