// `stepf diff`: what a deploy would change against the deployed stack's CloudFormation template. Changes nothing.
import type { Command } from 'commander';
import { createOutput } from '../../report/output.js';
import { action } from '../run.js';
import { withAwsOptions, withDescriptionOption, type AwsCommandFlags } from '../options.js';

interface DiffFlags extends AwsCommandFlags {
  fail?: boolean;
}

async function runDiff(flags: DiffFlags): Promise<number> {
  const out = createOutput(flags);
  const { chooseProfile, packageForAws } = await import('../target.js');
  const pkg = await packageForAws(flags);
  const [{ AwsClients }, { readCrossStackParameters }, deployed, { listResources }, { describeStack }, { realClock }, { silentSink }, { diffTemplates }, report, colour] = await Promise.all([
    import('../../aws/clients.js'),
    import('../../aws/parameters.js'),
    import('../../aws/deployed-template.js'),
    import('../../aws/deployed.js'),
    import('../../aws/stack.js'),
    import('../../aws/poll.js'),
    import('../../aws/events.js'),
    import('../../diff/index.js'),
    import('../../report/diff.js'),
    import('../../report/colour.js'),
  ]);
  if (!flags.json) out.warnings(pkg.warnings);
  const aws = new AwsClients({ region: pkg.region, profile: chooseProfile(flags.profile, pkg.stack.profile), log: (l) => out.debug(l) });
  const stack = await describeStack({ aws, sink: silentSink, clock: realClock }, pkg.stackName);
  // A stack never executed (REVIEW_IN_PROGRESS) has no resources yet: everything is still to be added.
  // A split service is compared as one template: its nested stacks' templates joined, against the one compiled.
  const template = stack && stack.StackStatus !== 'REVIEW_IN_PROGRESS' ? await deployed.getDeployedServiceTemplate(aws, pkg.stackName) : undefined;
  const nextParameters = Object.fromEntries((await readCrossStackParameters(aws, pkg.parameters)).map((p) => [p.key, p.value]));
  const deployedParameters = Object.fromEntries((stack?.Parameters ?? []).map((p) => [p.ParameterKey ?? '', p.ParameterValue ?? '']));
  const { NESTED_MARK } = await import('../../fit/split.js');
  const split = pkg.stacks.length > 0 || Boolean(template?.Description?.endsWith(NESTED_MARK));
  const diff = diffTemplates({ deployed: template, next: split ? pkg.unsplit.template : pkg.template, deployedParameters, nextParameters });
  let drifted: string[] = [];
  if (template && stack) {
    const resources = (await listResources(aws, stack.StackId ?? pkg.stackName)) ?? [];
    const facts = deployed.stackFacts(template, resources, stack, pkg.region, deployedParameters);
    drifted = (await deployed.driftedMachines(aws, facts)).map((m) => m.logicalId);
  }
  const view = { stackName: pkg.stackName, region: pkg.region, stage: pkg.stage, diff, drifted };
  if (flags.json) out.json(report.diffJson(view));
  else out.result(report.diffText(view, colour.palette(colour.colourWanted(process.stdout))));
  out.debug(`this diff made ${aws.summary()}`);
  return flags.fail && !diff.empty ? 1 : 0;
}

export function registerDiff(program: Command): void {
  withDescriptionOption(withAwsOptions(program.command('diff').description("show what a deploy would change against the deployed stack's CloudFormation template (IAM changes first); changes nothing")))
    .option('--fail', 'exit 1 when there is a difference (for CI gates)')
    .action(action(runDiff));
}
