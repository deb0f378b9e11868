// A deploy of a packaged service, shared by `stepf deploy` and `stepf watch`: the hotswap mode its flags and
// stage allow, the deploy itself (aws/deploy.ts picks the strategy), and the view the reporters show.
import type { PackageResult } from '../pipeline.js';
import type { DeployView } from '../report/deploy-summary.js';
import type { Progress } from '../report/progress.js';
import { userError } from '../errors.js';
import type { AwsCommandFlags } from './options.js';
import type { AwsClients } from '../aws/clients.js';
import { chooseProfile } from './target.js';
import { terminalConfirm } from './terminal.js';

export type HotswapMode = 'off' | 'fallback' | 'only';

export interface HotswapFlags {
  hotswap?: boolean;
  hotswapOnly?: boolean;
  force?: boolean;
}

/** --hotswap / --hotswap-only → the mode; refused on a protected stage unless --force, before anything is read from AWS. */
export async function hotswapMode(flags: HotswapFlags, pkg: PackageResult, what = '--hotswap'): Promise<HotswapMode> {
  const mode: HotswapMode = flags.hotswapOnly ? 'only' : flags.hotswap ? 'fallback' : 'off';
  if (mode === 'off' || flags.force) return mode;
  const { isProtectedStage } = await import('../diff/hotswap.js');
  if (isProtectedStage(pkg.stage, pkg.stack.protectedStages)) {
    throw userError(
      `${what} refused on stage ${pkg.stage}: it is a protected stage (named like production, or listed in custom.stepf.protectedStages), and a hotswap leaves its stack drifted from CloudFormation`,
      { code: 'protected-stage', hint: `deploy it through a change set (stepf deploy without ${what}), or pass --force if you mean it` },
    );
  }
  return mode;
}

export interface DeployRun {
  flags: AwsCommandFlags & { execute: boolean; wait: boolean };
  pkg: PackageResult;
  mode: HotswapMode;
  progress: Progress;
  signal?: AbortSignal;
  waitTimeoutMs: number;
  /**
   * `stepf watch`: the clients of earlier deploys, by region and profile, kept so that a save's hotswap
   * reuses their connections and credentials instead of opening and resolving new ones.
   */
  clients?: Map<string, AwsClients>;
}

/** Deploys the packaged service and returns what to show (elapsedMs left for the caller to fill). */
export async function deployPackaged(run: DeployRun): Promise<DeployView> {
  const { flags, pkg, progress } = run;
  const started = Date.now();
  const [{ AwsClients }, { deployStack }, { readCrossStackParameters }] = await Promise.all([
    import('../aws/clients.js'),
    import('../aws/deploy.js'),
    import('../aws/parameters.js'),
  ]);
  const profile = chooseProfile(flags.profile, pkg.stack.profile);
  const key = `${pkg.region} ${profile ?? ''}`;
  const aws = run.clients?.get(key) ?? new AwsClients({ region: pkg.region, profile });
  aws.log = flags.verbose ? (l) => progress.debug(l) : undefined;
  run.clients?.set(key, aws);
  const firstCall = aws.callCount;
  try {
    if (pkg.parameters.length) progress.phase(`reading ${pkg.parameters.length === 1 ? 'a value' : `${pkg.parameters.length} values`} from the Serverless stack ${pkg.serverlessStackName}`);
    const parameters = await readCrossStackParameters(aws, pkg.parameters);
    const outcome = await deployStack(
      { aws, sink: progress, signal: run.signal },
      {
        stackName: pkg.stackName,
        template: pkg.template,
        definitions: pkg.definitions,
        nested: { template: pkg.unsplit.template, options: pkg.unsplit.options, split: pkg.stacks.length > 0 },
        parameters,
        tags: pkg.stack.tags,
        policy: pkg.stack.policy,
        notificationArns: pkg.stack.notificationArns,
        roleArn: flags.roleArn ?? pkg.stack.roleArn,
        terminationProtection: pkg.stack.terminationProtection,
        requireApproval: pkg.stack.requireApproval,
        deploymentBucket: pkg.stack.deploymentBucket,
        execute: flags.execute,
        yes: Boolean(flags.yes),
        wait: flags.wait,
        waitTimeoutMs: run.waitTimeoutMs,
        hotswap: run.mode,
        readBack: { machines: pkg.machines, stage: pkg.stage },
        confirm: (() => {
          const ask = terminalConfirm(flags.json);
          return ask ? async (q: string) => { progress.stop(); return ask(q); } : undefined;
        })(),
      },
    );
    return {
      result: outcome.result,
      ...(outcome.left ? { left: outcome.left } : {}),
      stackName: pkg.stackName,
      region: pkg.region,
      stage: pkg.stage,
      stackId: outcome.stackId,
      status: outcome.stackStatus,
      changeSetArn: outcome.changeSetArn,
      changes: outcome.changes,
      ...(outcome.hotswapped?.length ? { hotswapped: outcome.hotswapped } : {}),
      ...(outcome.fellBackBecause ? { fellBackBecause: outcome.fellBackBecause } : {}),
      machines: outcome.deployed?.machines ?? [],
      endpoints: outcome.deployed?.endpoints ?? [],
      outputs: outcome.deployed?.outputs ?? {},
      elapsedMs: 0,
      deployMs: Date.now() - started,
      awsCalls: aws.callCount - firstCall,
    };
  } finally {
    if (flags.verbose) progress.debug(`this deploy made ${aws.summary(firstCall)}`);
  }
}
