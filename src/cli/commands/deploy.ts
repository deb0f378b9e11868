// `stepf deploy`: package, create a change set, show it, approve it, execute it and stream the stack's events.
import type { Command } from 'commander';
import { createOutput } from '../../report/output.js';
import { action } from '../run.js';
import { DEFAULT_WAIT_MS, parseDuration, withAwsOptions, type AwsCommandFlags } from '../options.js';

export interface DeployFlags extends AwsCommandFlags {
  execute: boolean;
  wait: boolean;
}

export async function runDeploy(flags: DeployFlags): Promise<number> {
  const waitTimeoutMs = parseDuration(flags.waitTimeout, DEFAULT_WAIT_MS);
  const out = createOutput(flags);
  const [{ interruptSignal, terminalConfirm }, { chooseProfile, packageForAws }] = await Promise.all([import('../terminal.js'), import('../target.js')]);
  const progress = await out.progress();
  const interrupt = interruptSignal(() => progress.note('stopping (Ctrl-C again to quit at once)'));
  try {
    progress.phase('packaging');
    const pkg = await packageForAws(flags);
    progress.warnings(pkg.warnings);
    const [{ AwsClients }, { deployStack }, { readCrossStackParameters }, summary] = await Promise.all([
      import('../../aws/clients.js'),
      import('../../aws/deploy.js'),
      import('../../aws/parameters.js'),
      import('../../report/deploy-summary.js'),
    ]);
    const aws = new AwsClients({ region: pkg.region, profile: chooseProfile(flags.profile, pkg.stack.profile), log: flags.verbose ? (l) => progress.debug(l) : undefined });
    try {
      if (pkg.parameters.length) progress.phase(`reading ${pkg.parameters.length === 1 ? 'a value' : `${pkg.parameters.length} values`} from the Serverless stack ${pkg.serverlessStackName}`);
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
          requireApproval: pkg.stack.requireApproval,
          deploymentBucket: pkg.stack.deploymentBucket,
          execute: flags.execute,
          yes: Boolean(flags.yes),
          wait: flags.wait,
          waitTimeoutMs,
          readBack: { machines: pkg.machines, stage: pkg.stage, template: pkg.template },
          confirm: (() => {
            const ask = terminalConfirm(flags.json);
            return ask ? async (q: string) => { progress.stop(); return ask(q); } : undefined;
          })(),
        },
      );
      const view: import('../../report/deploy-summary.js').DeployView = {
        result: outcome.result,
        left: outcome.left,
        stackName: pkg.stackName,
        region: pkg.region,
        stage: pkg.stage,
        stackId: outcome.stackId,
        status: outcome.stackStatus,
        changeSetArn: outcome.changeSetArn,
        changes: outcome.changes,
        machines: outcome.deployed?.machines ?? [],
        endpoints: outcome.deployed?.endpoints ?? [],
        outputs: outcome.deployed?.outputs ?? {},
        elapsedMs: 0,
        awsCalls: 0,
      };
      progress.stop();
      view.elapsedMs = progress.elapsedMs();
      view.awsCalls = aws.callCount;
      if (flags.json) out.json(summary.deployJson(view));
      else out.result(summary.deployText(view, progress.palette));
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
    .option('-y, --yes', 'approve changes that delete or replace a state machine or widen IAM grants, without asking')
    .option('--wait-timeout <duration>', 'how long to wait for the stack (a busy stack first, then this deploy), e.g. 30m, 90s', '30m')
    .option('--no-wait', 'fail at once when the stack is busy with another operation instead of waiting')
    .option('--role-arn <arn>', 'CloudFormation service role (default: provider.iam.deploymentRole)')
    .action(action(runDeploy));
}
