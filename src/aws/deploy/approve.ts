// The approve step: a change set goes ahead by itself unless it loses a state machine's execution history
// (a delete or a replacement) or widens IAM grants (as `cdk deploy --require-approval broadening`). Then
// it needs --yes, or a yes at the terminal; with nobody to ask it stops (exit 7). A no is the person's
// choice, not a failure: the change set is left and the deploy ends "not executed", exit 0.
import type { Template } from '../../compile/types.js';
import { addedGrants, type Grant } from '../../diff/broadening.js';
import { ApprovalRequired } from '../../errors.js';
import type { ChangeRow } from '../events.js';
import { call } from '../explain.js';
import { getDeployedServiceTemplate } from '../deployed-template.js';
import { NESTED_MARK } from '../../fit/split.js';
import type { StackCtx } from '../stack.js';
import type { DeployRequest } from '../deploy.js';
import type { Prepared } from './prepare.js';
import type { Plan } from './strategy.js';
import { sdk } from '../clients.js';

const STATE_MACHINE = 'AWS::StepFunctions::StateMachine';

/** Changes that lose a state machine's execution history: a delete or a replacement. */
export function riskyChanges(changes: ChangeRow[]): ChangeRow[] {
  return changes.filter((c) => c.type === STATE_MACHINE && (c.action === 'Remove' || c.replacement === 'True' || c.replacement === 'Conditional'));
}

/** The template CloudFormation holds for the stack, as it was submitted. */
async function deployedTemplate(ctx: StackCtx, stackName: string): Promise<Template | undefined> {
  const cfn = await ctx.aws.cloudFormation();
  const { GetTemplateCommand } = await sdk.cloudFormation();
  const out = await call('GetTemplate', () => cfn.send(new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' }), { abortSignal: ctx.signal }));
  try {
    return out.TemplateBody ? (JSON.parse(out.TemplateBody) as Template) : undefined;
  } catch {
    return undefined; // not JSON: not a template stepf wrote; every grant counts as new
  }
}

/**
 * IAM grants this deploy adds to the deployed stack. A first deploy has nothing to compare with and is
 * not asked about (`stepf package --json` lists every grant for review before it).
 */
async function broadening(ctx: StackCtx, req: DeployRequest, prepared: Prepared): Promise<Grant[]> {
  if (prepared.type === 'CREATE' || req.requireApproval === 'never') return [];
  const deployed = await deployedTemplate(ctx, req.stackName);
  // A split service's grants are in its nested stacks: compared as one template, joined, against the one compiled.
  const deployedSplit = Boolean(deployed?.Description?.endsWith(NESTED_MARK));
  if (!req.nested || (!req.nested.split && !deployedSplit)) return addedGrants(deployed, req.template);
  return addedGrants(deployedSplit ? await getDeployedServiceTemplate(ctx.aws, req.stackName) : deployed, req.nested.template);
}

export function grantLines(grants: Grant[]): string {
  return grants.map((g) => `  + ${g.holder}: ${g.text}`).join('\n');
}

/** 'approved' to go on, 'declined' when the person said no; throws ApprovalRequired when nobody can answer. */
export async function approve(ctx: StackCtx, req: DeployRequest, prepared: Prepared, plan: Plan): Promise<'approved' | 'declined'> {
  if (req.yes) return 'approved';
  const risky = riskyChanges(plan.changes);
  const grants = await broadening(ctx, req, prepared);
  if (!risky.length && !grants.length) return 'approved';
  const lost = risky.map((c) => `${c.logicalId} (${c.action === 'Remove' ? 'deleted' : 'replaced'})`).join(', ');
  const why = [
    ...(risky.length ? [`it loses the execution history of ${lost}`] : []),
    ...(grants.length ? [`it widens IAM grants (${grants.length} new)`] : []),
  ].join(' and ');
  if (grants.length) ctx.sink.note(`IAM grants this change set adds:\n${grantLines(grants)}`);
  if (!req.confirm) {
    throw new ApprovalRequired(
      `not executed: the change set needs approval: ${why}. It is left for review: ${plan.id}`,
      `run again with --yes${grants.length ? ' (or set custom.stepf.requireApproval: never for IAM changes)' : ''}, or review and execute it: aws cloudformation execute-change-set --change-set-name ${plan.id}`,
    );
  }
  return (await req.confirm(`this change set needs approval: ${why}. Execute it?`)) ? 'approved' : 'declined';
}
