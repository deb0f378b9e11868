import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import type { PackageResult } from '../pipeline.js';
import type { Progress } from '../report/progress.js';
import { action } from './run.js';
import { parseParams, withConfigOptions } from './common.js';

export interface AwsCommandFlags {
  stage?: string;
  region?: string;
  config?: string;
  param?: string[];
  profile?: string;
  stackName?: string;
  json?: boolean;
  verbose?: boolean;
  yes?: boolean;
  waitTimeout?: string;
  roleArn?: string;
}

export interface DeployFlags extends AwsCommandFlags {
  execute: boolean;
  wait: boolean;
}

/** `30m`, `90s`, `1h`, or a bare number of minutes. */
export function parseDuration(text: string | undefined, fallbackMs: number): number {
  if (text === undefined) return fallbackMs;
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new UsageError(`--wait-timeout ${text}: not a duration`, 'write it like 30m, 90s or 1h');
  const n = Number(m[1]);
  const unit = m[2] ?? 'm';
  return Math.round(n * (unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000));
}

export const DEFAULT_WAIT_MS = 30 * 60_000;

/** Options shared by deploy, remove and info. */
export function withAwsOptions(cmd: Command): Command {
  return withConfigOptions(cmd)
    .option('--profile <name>', 'AWS profile (default: AWS_PROFILE, else provider.profile, else the SDK default chain)')
    .option('--stack-name <name>', 'stack name (default: custom.stepf.stackName, else <service>-<stage>-stepf)')
    .option('--json', 'print the result as JSON on stdout (progress goes to stderr)');
}

/** A yes/no question on the terminal; undefined when nobody can answer. */
export function terminalConfirm(json?: boolean): ((q: string) => Promise<boolean>) | undefined {
  if (json || !process.stdin.isTTY || !process.stderr.isTTY) return undefined;
  return async (question) => {
    const { createInterface } = await import('node:readline/promises');
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      const answer = await rl.question(`${question} [y/N] `);
      return /^y(es)?$/i.test(answer.trim());
    } finally {
      rl.close();
    }
  };
}

/** Ctrl-C aborts the running wait (the command then says what state AWS is in); a second Ctrl-C quits at once. */
export function interruptSignal(progress: Progress): { signal: AbortSignal; dispose(): void } {
  const ac = new AbortController();
  const onSigint = () => {
    if (ac.signal.aborted) process.exit(130);
    progress.note('stopping (Ctrl-C again to quit at once)');
    ac.abort();
  };
  process.on('SIGINT', onSigint);
  return { signal: ac.signal, dispose: () => process.off('SIGINT', onSigint) };
}

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
  return packageService({
    cwd: process.cwd(),
    stage: flags.stage,
    region: flags.region,
    config: flags.config,
    stackName: flags.stackName,
    params: parseParams(flags.param),
    remote,
  });
}

async function runDeploy(flags: DeployFlags): Promise<number> {
  const waitTimeoutMs = parseDuration(flags.waitTimeout, DEFAULT_WAIT_MS);
  const { createProgress } = await import('../report/progress.js');
  const progress = await createProgress({ json: flags.json, verbose: flags.verbose });
  const interrupt = interruptSignal(progress);
  try {
    progress.phase('packaging');
    const pkg = await packageForAws(flags);
    for (const w of pkg.warnings) progress.warn(w.message + (w.hint ? ` (${w.hint})` : ''));
    const [{ AwsClients }, { deployStack }, { readCrossStackParameters }, outputs, stack, summary] = await Promise.all([
      import('../aws/clients.js'),
      import('../aws/deploy.js'),
      import('../aws/parameters.js'),
      import('../aws/outputs.js'),
      import('../aws/stack.js'),
      import('../report/deploy-summary.js'),
    ]);
    const aws = new AwsClients({ region: pkg.region, profile: chooseProfile(flags.profile, pkg.stack.profile), log: flags.verbose ? (l) => progress.debug(l) : undefined });
    try {
      progress.phase('reading values from the Serverless stack');
      const parameters = await readCrossStackParameters(aws, pkg.parameters);
      const outcome = await deployStack(
        { aws, sink: progress, signal: interrupt.signal },
        {
          stackName: pkg.stackName,
          templateBody: pkg.templateBody,
          parameters,
          tags: pkg.stack.tags,
          policy: pkg.stack.policy,
          notificationArns: pkg.stack.notificationArns,
          roleArn: flags.roleArn ?? pkg.stack.roleArn,
          terminationProtection: pkg.stack.terminationProtection,
          deploymentBucket: pkg.stack.deploymentBucket,
          execute: flags.execute,
          yes: Boolean(flags.yes),
          wait: flags.wait,
          waitTimeoutMs,
          confirm: (() => {
            const ask = terminalConfirm(flags.json);
            return ask ? async (q: string) => { progress.stop(); return ask(q); } : undefined;
          })(),
        },
      );
      let view: import('../report/deploy-summary.js').DeployView = {
        result: outcome.result,
        stackName: pkg.stackName,
        region: pkg.region,
        stage: pkg.stage,
        stackId: outcome.stackId,
        status: outcome.stackStatus,
        changeSetArn: outcome.changeSetArn,
        changes: outcome.changes,
        machines: [],
        endpoints: [],
        outputs: {},
        elapsedMs: 0,
        awsCalls: 0,
      };
      if (outcome.result !== 'change-set-created') {
        progress.phase('reading the stack');
        const ctx = { aws, sink: progress, clock: (await import('../aws/poll.js')).realClock };
        const [resources, described] = await Promise.all([
          outputs.stackResources(aws, pkg.stackName),
          outcome.stack ?? stack.describeStack(ctx, pkg.stackName),
        ]);
        view = {
          ...view,
          status: described?.StackStatus ?? view.status,
          machines: outputs.machinesFrom(resources, pkg.machines),
          endpoints: await outputs.endpointsOf(aws, resources, pkg.stage),
          outputs: outputs.stackOutputs(described),
        };
      }
      progress.stop();
      view.elapsedMs = progress.elapsedMs();
      view.awsCalls = aws.callCount;
      if (flags.json) process.stdout.write(`${JSON.stringify(summary.deployJson(view), null, 2)}\n`);
      else process.stdout.write(summary.deployText(view, progress.palette));
      return 0;
    } finally {
      if (flags.verbose) progress.debug(`this deploy made ${aws.summary()}`);
    }
  } finally {
    progress.stop();
    interrupt.dispose();
  }
}

export function registerDeploy(program: Command): void {
  withAwsOptions(program.command('deploy').description('package, create a CloudFormation change set, show it, execute it and stream events'))
    .option('--no-execute', 'create and show the change set only; do not execute it')
    .option('-y, --yes', 'approve changes that delete or replace a state machine without asking')
    .option('--wait-timeout <duration>', 'how long to wait for the stack (a busy stack first, then this deploy), e.g. 30m, 90s', '30m')
    .option('--no-wait', 'fail at once when the stack is busy with another operation instead of waiting')
    .option('--role-arn <arn>', 'CloudFormation service role (default: provider.iam.deploymentRole)')
    .action(action(async (flags: DeployFlags) => runDeploy(flags)));
}
