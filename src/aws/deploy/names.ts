// Before the change set: a state machine name the template fixes may already belong to a machine outside
// stepf's stack (the serverless-step-functions plugin's, before migration). CloudFormation would fail
// mid-deploy ("already exists"); moto even reports success and keeps the old machine. So: one
// DescribeStateMachine per fixed name, and a stop with the fixes that exist today.
import type { Template } from '../../compile/types.js';
import { AwsError, Interrupted } from '../../errors.js';
import { listResources } from '../deployed.js';
import { call, errorName, explainAwsError } from '../explain.js';
import type { StackCtx } from '../stack.js';
import type { DeployRequest } from '../deploy.js';
import type { Prepared } from './prepare.js';
import { sdk } from '../clients.js';

export interface FixedName {
  logicalId: string;
  name: string;
}

/** Machines whose StateMachineName is a plain string (a name built at deploy time by Fn::Sub is not checked). */
export function fixedMachineNames(template: Template): FixedName[] {
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::StepFunctions::StateMachine' && typeof r.Properties?.StateMachineName === 'string')
    .map(([logicalId, r]) => ({ logicalId, name: r.Properties!.StateMachineName as string }));
}

/** `arn:<partition>:<service>:<region>:<account>:...` of the stack, else of the caller. */
async function accountOf(ctx: StackCtx, prepared: Prepared): Promise<{ partition: string; account: string }> {
  const fromArn = (arn: string | undefined) => {
    const [, partition, , , account] = (arn ?? '').split(':');
    return partition && account ? { partition, account } : undefined;
  };
  const known = fromArn(prepared.stack?.StackId);
  if (known) return known;
  const sts = await ctx.aws.sts();
  const { GetCallerIdentityCommand } = await sdk.sts();
  const id = await call('GetCallerIdentity', () => sts.send(new GetCallerIdentityCommand({}), { abortSignal: ctx.signal }));
  return fromArn(id.Arn) ?? { partition: 'aws', account: id.Account ?? '' };
}

interface Taken extends FixedName {
  arn: string;
  /** The logical ID of this stack that holds it under another ID, if one does. */
  holder?: string;
}

/** Throws when a fixed name is held by a state machine this stack does not hold under the same logical ID. */
export async function checkNamesFree(ctx: StackCtx, req: DeployRequest, prepared: Prepared): Promise<void> {
  let taken: Taken[];
  try {
    taken = await takenNames(ctx, req, prepared);
  } catch (err) {
    // A Ctrl-C aborts the calls: that is an interruption, not an AWS failure.
    if (ctx.signal?.aborted) throw new Interrupted();
    throw err;
  }
  const [first, ...others] = taken;
  if (!first) return;
  const key = req.readBack?.machines.find((m) => m.logicalId === first.logicalId)?.key;
  const nameKey = key ? `stepFunctions.stateMachines.${key}.name` : `the name of ${first.logicalId}`;
  throw new AwsError(
    `the state machine name "${first.name}" is taken: ${first.arn} exists and is ${first.holder ? `${first.holder} of` : 'not part of'} stack ${req.stackName}` +
      (others.length ? ` (so are ${others.map((t) => `"${t.name}"`).join(', ')})` : '') +
      '; nothing was deployed',
    'DescribeStateMachine',
    first.holder
      ? `a name moves to a new logical ID only through a new name: give ${nameKey} a new value for one deploy`
      : `if the serverless-step-functions plugin deployed it, \`stepf migrate\` moves it into stepf's stack with its ARN and history (it shows the plan first); or run \`serverless deploy\` without the plugin first (that deletes it, with its execution history), or give ${nameKey} a new value`,
  );
}

async function takenNames(ctx: StackCtx, req: DeployRequest, prepared: Prepared): Promise<Taken[]> {
  const fixed = fixedMachineNames(req.template);
  if (!fixed.length) return [];
  ctx.sink.phase('checking state machine names');
  const { partition, account } = await accountOf(ctx, prepared);
  const owned = new Map<string, string>();
  if (prepared.stack) {
    for (const r of (await listResources(ctx.aws, req.stackName)) ?? []) if (r.PhysicalResourceId && r.LogicalResourceId) owned.set(r.PhysicalResourceId, r.LogicalResourceId);
  }
  const found = await Promise.all(
    fixed.map(async (f): Promise<Taken | undefined> => {
      const arn = `arn:${partition}:states:${ctx.aws.region}:${account}:stateMachine:${f.name}`;
      if (owned.get(arn) === f.logicalId) return undefined;
      // Loaded only for a name the stack does not hold yet: a redeploy of the same machines needs no Step Functions client.
      const [sfn, { DescribeStateMachineCommand }] = await Promise.all([ctx.aws.stepFunctions(), sdk.stepFunctions()]);
      try {
        await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }), { abortSignal: ctx.signal });
      } catch (err) {
        if (errorName(err) === 'StateMachineDoesNotExist') return undefined;
        throw explainAwsError(err, 'DescribeStateMachine', { region: ctx.aws.region, profile: ctx.aws.profile });
      }
      return { ...f, arn, holder: owned.get(arn) };
    }),
  );
  return found.filter((t): t is Taken => t !== undefined);
}
