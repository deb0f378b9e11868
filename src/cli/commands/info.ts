// `stepf info`: stepf's stack as deployed: status, state machines with ARNs and last execution, endpoints, outputs.
import type { Command } from 'commander';
import { AwsError } from '../../errors.js';
import { createOutput } from '../../report/output.js';
import { action } from '../run.js';
import { withAwsOptions, type AwsCommandFlags } from '../options.js';

export async function runInfo(flags: AwsCommandFlags): Promise<number> {
  const out = createOutput(flags);
  const { chooseProfile, packageForAws } = await import('../target.js');
  const pkg = await packageForAws(flags);
  const [{ AwsClients }, { readDeployed }, summary, { colourWanted, palette }] = await Promise.all([
    import('../../aws/clients.js'),
    import('../../aws/deployed.js'),
    import('../../report/deploy-summary.js'),
    import('../../report/colour.js'),
  ]);
  const aws = new AwsClients({
    region: pkg.region,
    profile: chooseProfile(flags.profile, pkg.stack.profile),
    log: flags.verbose ? (l) => out.debug(l) : undefined,
  });
  const deployed = await readDeployed(aws, pkg.stackName, { machines: pkg.machines, endpointsOnStage: pkg.stage, template: pkg.unsplit.template, lastExecutions: true });
  if (!deployed?.stack) {
    throw new AwsError(`stack ${pkg.stackName} does not exist in ${pkg.region}`, 'DescribeStacks', 'deploy it with `stepf deploy`, or check --stage, --region and --stack-name');
  }
  const { stack } = deployed;
  const versioned = pkg.machines.filter((m) => m.versions);
  let versions;
  if (versioned.length) {
    const { readVersions } = await import('../../aws/versions.js');
    const physicalIds = new Map(deployed.resources.map((r) => [r.LogicalResourceId ?? '', r.PhysicalResourceId ?? '']));
    const now = new Date();
    versions = Object.fromEntries(
      await Promise.all(
        versioned
          .map((m) => ({ m, arn: deployed.machines.find((d) => d.key === m.key)?.arn }))
          .filter((x): x is { m: (typeof versioned)[number]; arn: string } => x.arn !== undefined)
          .map(async ({ m, arn }) => [m.key, await readVersions(aws, { arn, logicalId: m.logicalId }, { template: pkg.unsplit.template, physicalIds, stackStatus: stack.StackStatus, now })] as const),
      ),
    );
  }
  const view = {
    stackName: pkg.stackName,
    region: pkg.region,
    stage: pkg.stage,
    stackId: stack.StackId,
    status: stack.StackStatus,
    lastUpdated: (stack.LastUpdatedTime ?? stack.CreationTime)?.toISOString(),
    machines: deployed.machines,
    endpoints: deployed.endpoints,
    outputs: deployed.outputs,
    ...(versions ? { versions } : {}),
  };
  if (flags.json) out.json(summary.infoJson(view));
  else out.result(summary.infoText(view, palette(colourWanted(process.stdout))));
  out.debug(aws.summary());
  return 0;
}

export function registerInfo(program: Command): void {
  withAwsOptions(program.command('info').description("show stepf's stack: status, state machines with ARNs and last execution, endpoints, outputs")).action(action(runInfo));
}
