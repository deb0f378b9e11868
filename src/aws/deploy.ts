// `stepf deploy` against CloudFormation, as named steps: prepare (settle the stack's current state), plan
// (what would change), approve (ask when a state machine is replaced or deleted), apply, wait, report.
// How the change is planned, applied and waited for is an ApplyStrategy (deploy/strategy.ts).
import type { Stack } from '@aws-sdk/client-cloudformation';
import type { MachineSummary, Template } from '../compile/types.js';
import type { DefinitionObject, SplitOptions } from '../fit/index.js';
import type { AwsClients } from './clients.js';
import { listResources, readDeployed, type Deployed, type DeployedResource } from './deployed.js';
import type { ChangeRow, ProgressSink } from './events.js';
import { realClock, type Backoff, type Clock } from './poll.js';
import type { StackCtx } from './stack.js';
import { applyStackSettings, prepareStack } from './deploy/prepare.js';
import { chooseStrategy, type Plan } from './deploy/strategy.js';
import { realignDrift, type HotswappedMachine } from './deploy/hotswap.js';
import { approve } from './deploy/approve.js';
import { during, interruptedAt, unexecutedChangeSet, type InterruptContext } from './deploy/interrupted.js';
import { checkNamesFree } from './deploy/names.js';

export interface DeployRequest {
  stackName: string;
  /** Kept an object until change-set.ts writes it (compile/template.ts templateText). */
  template: Template;
  /** The service as compiled and how to split it: a split service deploys as nested stacks (deploy/nested.ts). */
  nested?: { template: Template; options: SplitOptions; split: boolean };
  /** Definitions the template reads from the deployment bucket, uploaded before the change set. */
  definitions?: DefinitionObject[];
  parameters: Array<{ key: string; value: string }>;
  tags: Record<string, string>;
  policy?: unknown;
  notificationArns?: string[];
  roleArn?: string;
  terminationProtection?: boolean;
  deploymentBucket?: string;
  /** false = --no-execute: create and show the change set only. */
  execute: boolean;
  /** --yes: approve replacements and deletions of state machines. */
  yes: boolean;
  /** false = --no-wait: fail at once when the stack is busy. */
  wait: boolean;
  waitTimeoutMs: number;
  /** custom.stepf.requireApproval: `never` lets a change set that widens IAM grants through without a yes. */
  requireApproval?: 'broadening' | 'never';
  /** Asks a person; undefined when nobody can answer (no terminal). */
  confirm?: (question: string) => Promise<boolean>;
  /** off (default): a change set; fallback: hotswap when the diff allows, else a change set; only: hotswap or refuse. */
  hotswap?: 'off' | 'fallback' | 'only';
  /** After a deploy, read what the stack holds: these machines, and the REST API URLs on this stage. */
  readBack?: { machines: MachineSummary[]; stage: string };
}

export interface DeployOutcome {
  /** not-executed: the person answered no at the question; the change set is left (`left` says how). */
  result: 'up-to-date' | 'deployed' | 'change-set-created' | 'hotswapped' | 'not-executed';
  left?: string;
  /** hotswapped: the machines updated directly; up-to-date: drifted machines put back to the template. */
  hotswapped?: HotswappedMachine[];
  /** --hotswap asked, a change set used: why. */
  fellBackBecause?: string[];
  stackId?: string;
  stackStatus?: string;
  changeSetArn?: string;
  changes: ChangeRow[];
  /** The stack as last described (outputs included), so the caller need not ask again. */
  stack?: Stack;
  /** What the stack holds after the deploy, when the request asked to read it back. */
  deployed?: Deployed;
}

export interface DeployDeps {
  aws: AwsClients;
  sink: ProgressSink;
  clock?: Clock;
  signal?: AbortSignal;
  backoff?: Backoff;
}

/** The outcome, with what the stack now holds when the request asked for it (resources already read are reused). */
async function report(ctx: StackCtx, req: DeployRequest, outcome: DeployOutcome, known?: DeployedResource[]): Promise<DeployOutcome> {
  if (!req.readBack) return outcome;
  ctx.sink.phase('reading the stack');
  const deployed = await readDeployed(ctx.aws, req.stackName, { machines: req.readBack.machines, stack: outcome.stack, endpointsOnStage: req.readBack.stage, template: req.nested?.template ?? req.template, resources: known });
  return { ...outcome, stack: deployed?.stack ?? outcome.stack, stackStatus: deployed?.stack?.StackStatus ?? outcome.stackStatus, deployed };
}

/** A hotswap changed only machines: their ARNs are known, so the stack's resources are listed only for REST API URLs. */
function resourcesAfterHotswap(req: DeployRequest, decision: { resources?: DeployedResource[]; facts?: { physicalIds: Record<string, string> } }): DeployedResource[] | undefined {
  if (decision.resources) return decision.resources;
  // REST and HTTP API URLs are read from the stack's resources.
  if (Object.values(req.template.Resources).some((r) => r.Type.startsWith('AWS::ApiGateway')) || !decision.facts) return undefined;
  return Object.entries(decision.facts.physicalIds).map(([id, arn]) => ({ LogicalResourceId: id, PhysicalResourceId: arn, ResourceType: 'AWS::StepFunctions::StateMachine' }) as DeployedResource);
}

export async function deployStack(deps: DeployDeps, req: DeployRequest): Promise<DeployOutcome> {
  const ctx: StackCtx = { aws: deps.aws, sink: deps.sink, clock: deps.clock ?? realClock, signal: deps.signal, backoff: deps.backoff };
  // What a Ctrl-C would leave, as far as this deploy has got.
  const left: InterruptContext = { stackName: req.stackName };
  const at = () => left;
  ctx.sink.phase(`checking stack ${req.stackName}`);
  // A hotswap needs the Step Functions client: load it while CloudFormation answers (after CloudFormation's
  // own client, which the first request waits for).
  if (req.hotswap && req.hotswap !== 'off') ctx.aws.cloudFormation().then(() => ctx.aws.stepFunctions()).catch(() => undefined);
  const prepared = await during('prepare', at, () => prepareStack(ctx, req));
  const { type, stack } = prepared;
  left.type = type;
  const { strategy, fellBackBecause, hotswap } = await during('plan', at, () => chooseStrategy(ctx, req, prepared));
  // A hotswap changes no name (a new or renamed machine falls back): only a change set can claim one.
  // A split service's names are in its nested stacks: checked on the template as compiled.
  const named = strategy.name === 'nested-stacks' && req.nested ? { ...req, template: req.nested.template } : req;
  if (strategy.name !== 'hotswap') await during('prepare', at, () => checkNamesFree(ctx, named, prepared));
  const extra = fellBackBecause ? { fellBackBecause } : {};

  const plan = await during('plan', at, () => strategy.plan(ctx, req, prepared));
  left.changeSetArn = plan.id;
  if (plan.upToDate) {
    if (stack?.StackId) await applyStackSettings(ctx, req, stack.StackId, stack);
    const out = await during('report', at, () => report(ctx, req, { result: 'up-to-date', stackId: stack?.StackId, stackStatus: stack?.StackStatus, changes: [], stack, ...extra }));
    if (!stack) return out;
    const resources = out.deployed?.resources ?? hotswap?.resources ?? (await listResources(ctx.aws, stack.StackId ?? req.stackName)) ?? [];
    const repaired = await realignDrift(ctx, req, stack, resources);
    return repaired.length ? { ...out, hotswapped: repaired } : out;
  }
  if (strategy.name !== 'hotswap') ctx.sink.changes(plan.changes, plan.id ?? '');
  if (!req.execute) {
    return { result: 'change-set-created', stackId: plan.stackId, changeSetArn: plan.id, changes: plan.changes, stackStatus: type === 'CREATE' ? 'REVIEW_IN_PROGRESS' : stack?.StackStatus, ...extra };
  }

  // A hotswap changes definitions only (it falls back to a change set when a grant would widen): nothing to ask.
  if (strategy.name !== 'hotswap' && (await during('approve', at, () => approve(ctx, req, prepared, plan))) === 'declined') {
    return { result: 'not-executed', left: unexecutedChangeSet(left), stackId: plan.stackId, changeSetArn: plan.id, changes: plan.changes, stackStatus: type === 'CREATE' ? 'REVIEW_IN_PROGRESS' : stack?.StackStatus, ...extra };
  }
  const applied = await during('apply', at, () => strategy.apply(ctx, req, prepared, plan));
  if (hotswap) left.hotswapped = hotswap.done.map((d) => d.logicalId);
  const end = await during('wait', at, () => strategy.wait(ctx, req, prepared, applied));
  left.stackStatus = end.StackStatus;
  await during('report', at, () => applyStackSettings(ctx, req, end.StackId ?? req.stackName, end));
  const outcome = hotswap
    ? await during('report', at, () => report(ctx, req, { result: 'hotswapped', stackId: end.StackId, stackStatus: end.StackStatus, changes: plan.changes, stack: end, hotswapped: hotswap.done }, resourcesAfterHotswap(req, hotswap)))
    : await during('report', at, () => report(ctx, req, { result: 'deployed', stackId: end.StackId, stackStatus: end.StackStatus, changeSetArn: plan.id, changes: plan.changes, stack: end, ...extra }));
  // Reading back does not stop for a Ctrl-C; a person who pressed one still gets 130 and the line.
  if (deps.signal?.aborted) throw interruptedAt('report', left);
  return outcome;
}
