// The hotswap strategy: update each changed state machine with UpdateStateMachine and leave CloudFormation
// alone. Chosen (deploy/strategy.ts) only when the diff against CloudFormation's template holds nothing but
// definition, substitution, logging and tracing changes, and no role needs a new grant (diff/hotswap.ts).
// The stack then drifts (its template holds the old definition) until the next change-set deploy, which
// also puts back a drifted machine whose template did not change (realignDrift).
import type { Stack } from '@aws-sdk/client-cloudformation';
import type { LoggingConfiguration, TracingConfiguration } from '@aws-sdk/client-sfn';
import type { Template } from '../../compile/types.js';
import { diffTemplates, STATE_MACHINE, type TemplateDiff } from '../../diff/index.js';
import { planHotswap } from '../../diff/hotswap.js';
import { machineDefinition, resolveValue, type StackFacts, Unresolvable } from '../../diff/resolve.js';
import { sdk, type AwsClients } from '../clients.js';
import type { DeployRequest } from '../deploy.js';
import { listResources, type DeployedResource } from '../deployed.js';
import { driftedMachines, getDeployedTemplate, stackFacts } from '../deployed-template.js';
import type { ProgressSink } from '../events.js';
import { AwsError } from '../../errors.js';
import { call, errorMessage } from '../explain.js';
import { EventCursor, type StackCtx } from '../stack.js';
import type { Prepared } from './prepare.js';
import type { ApplyStrategy } from './strategy.js';

export interface HotswappedMachine {
  logicalId: string;
  arn: string;
  /** The properties sent (definition always; logging and tracing when they changed). */
  updated: string[];
}

export interface MachineUpdate {
  logicalId: string;
  arn: string;
  definition: string;
  loggingConfiguration?: LoggingConfiguration;
  tracingConfiguration?: TracingConfiguration;
  updated: string[];
}

type CfnLogging = { Level?: string; IncludeExecutionData?: boolean; Destinations?: Array<{ CloudWatchLogsLogGroup?: { LogGroupArn?: string } }> };

/**
 * Works out every UpdateStateMachine request before sending any, so a value only CloudFormation knows
 * stops the hotswap before anything changed. Returns the reason instead when one cannot be worked out.
 */
export function prepareUpdates(facts: StackFacts, next: Template, diff: TemplateDiff | undefined, machines: string[]): { updates: MachineUpdate[] } | { blocker: string } {
  const nextFacts: StackFacts = { ...facts, template: next };
  const updates: MachineUpdate[] = [];
  for (const id of machines) {
    const arn = facts.physicalIds[id];
    if (!arn) return { blocker: `state machine ${id} is in the template but not in the stack's resources` };
    const props = next.Resources[id].Properties ?? {};
    const changed = new Set(diff?.resources.find((r) => r.logicalId === id)?.properties.map((p) => p.property));
    try {
      const u: MachineUpdate = { logicalId: id, arn, definition: machineDefinition(nextFacts, props), updated: ['definition'] };
      if (changed.has('LoggingConfiguration')) {
        const lc = resolveValue(nextFacts, props.LoggingConfiguration) as CfnLogging | undefined;
        u.loggingConfiguration = lc
          ? {
              level: lc.Level as LoggingConfiguration['level'],
              includeExecutionData: lc.IncludeExecutionData,
              destinations: (lc.Destinations ?? []).map((d) => ({ cloudWatchLogsLogGroup: { logGroupArn: d.CloudWatchLogsLogGroup?.LogGroupArn } })),
            }
          : { level: 'OFF' };
        u.updated.push('logging');
      }
      if (changed.has('TracingConfiguration')) {
        const tc = resolveValue(nextFacts, props.TracingConfiguration) as { Enabled?: boolean } | undefined;
        u.tracingConfiguration = { enabled: Boolean(tc?.Enabled) };
        u.updated.push('tracing');
      }
      updates.push(u);
    } catch (err) {
      if (err instanceof Unresolvable) return { blocker: `state machine ${id}: ${err.message}` };
      throw err;
    }
  }
  return { updates };
}

/** UpdateStateMachine requests in flight at once: the API's token bucket holds more, a large service waits its turn. */
const AT_ONCE = 10;

/**
 * One UpdateStateMachine per machine, sent together (one round trip for a few machines, not one each). Each
 * runs to its end even when interrupted, so no machine is left half-way; when some fail, the error names
 * those that were updated, which now run their new definitions.
 */
export async function applyHotswap(aws: AwsClients, sink: ProgressSink, updates: MachineUpdate[]): Promise<HotswappedMachine[]> {
  const sfn = await aws.stepFunctions();
  const { UpdateStateMachineCommand } = await sdk.stepFunctions();
  sink.phase(`hotswapping ${updates.map((u) => u.logicalId).join(', ')}`);
  const update = (u: MachineUpdate) =>
    call(
      'UpdateStateMachine',
      () =>
        sfn.send(
          new UpdateStateMachineCommand({
            stateMachineArn: u.arn,
            definition: u.definition,
            loggingConfiguration: u.loggingConfiguration,
            tracingConfiguration: u.tracingConfiguration,
          }),
        ),
      { region: aws.region, profile: aws.profile },
    );
  const results: Array<PromiseSettledResult<unknown>> = [];
  for (let i = 0; i < updates.length; i += AT_ONCE) results.push(...(await Promise.allSettled(updates.slice(i, i + AT_ONCE).map(update))));
  const done = updates.filter((_, i) => results[i].status === 'fulfilled').map((u) => ({ logicalId: u.logicalId, arn: u.arn, updated: u.updated }));
  const failed = updates.flatMap((u, i) => (results[i].status === 'rejected' ? [{ u, err: (results[i] as PromiseRejectedResult).reason as unknown }] : []));
  if (!failed.length) return done;
  if (updates.length === 1) throw failed[0].err;
  const hint = failed[0].err instanceof AwsError ? failed[0].err.hint : undefined;
  throw new AwsError(
    `hotswap of ${failed.map((f) => `${f.u.logicalId} failed: ${errorMessage(f.err)}`).join('; ')}; ` +
      (done.length ? `${done.map((d) => d.logicalId).join(', ')} ${done.length === 1 ? 'was' : 'were'} hotswapped and now run${done.length === 1 ? 's' : ''} the new definition` : 'no machine was changed'),
    'UpdateStateMachine',
    `${hint ? `${hint}; ` : ''}\`stepf deploy\` (without --hotswap) applies the whole change through CloudFormation`,
  );
}

export interface HotswapDecision {
  /** Empty with no blockers: nothing to hotswap (the template matches CloudFormation's). */
  updates: MachineUpdate[];
  /** Why this deploy needs CloudFormation; empty when it can be hotswapped. */
  blockers: string[];
  notes: string[];
  /** The stack's resources, when they had to be listed (a machine without a name, a Ref to a resource). */
  resources?: DeployedResource[];
  facts?: StackFacts;
  /** Filled by apply. */
  done: HotswappedMachine[];
}

const parameterValues = (stack: Stack | undefined) => Object.fromEntries((stack?.Parameters ?? []).map((p) => [p.ParameterKey ?? '', p.ParameterValue ?? '']));

/** A named machine's ARN follows from its name, so the common case needs no resource listing. */
function namedMachineArns(t: Template, f: StackFacts): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, r] of Object.entries(t.Resources)) {
    const name = r.Properties?.StateMachineName;
    if (r.Type === STATE_MACHINE && typeof name === 'string') out[id] = `arn:${f.partition}:states:${f.region}:${f.accountId}:stateMachine:${name}`;
  }
  return out;
}

/**
 * Reads CloudFormation's template (GetTemplate) and decides from the diff whether this deploy can be a
 * hotswap, with every UpdateStateMachine request worked out before any is sent.
 */
export async function decideHotswap(ctx: StackCtx, req: DeployRequest, prepared: Prepared): Promise<HotswapDecision> {
  const decision: HotswapDecision = { updates: [], blockers: [], notes: [], done: [] };
  const stack = prepared.stack;
  const deployed = prepared.type === 'UPDATE' && stack ? (prepared.template ?? (await getDeployedTemplate(ctx.aws, req.stackName))) : undefined;
  const next = req.template;
  const diff = diffTemplates({ deployed, next, deployedParameters: parameterValues(stack), nextParameters: Object.fromEntries(req.parameters.map((p) => [p.key, p.value])) });
  const plan = planHotswap(diff, deployed, next);
  decision.notes = plan.notes;
  if (plan.blockers.length || !deployed || !stack) {
    decision.blockers = plan.blockers;
    return decision;
  }
  const params = Object.fromEntries(req.parameters.map((p) => [p.key, p.value]));
  let facts = stackFacts(deployed, [], stack, ctx.aws.region, params);
  facts.physicalIds = namedMachineArns(next, facts);
  let prepared1 = prepareUpdates(facts, next, diff, plan.machines);
  if ('blocker' in prepared1) {
    decision.resources = (await listResources(ctx.aws, stack.StackId ?? req.stackName)) ?? [];
    facts = stackFacts(deployed, decision.resources, stack, ctx.aws.region, params);
    prepared1 = prepareUpdates(facts, next, diff, plan.machines);
  }
  decision.facts = facts;
  if ('blocker' in prepared1) decision.blockers = [prepared1.blocker];
  else decision.updates = prepared1.updates;
  return decision;
}

/** The strategy for a decision with no blockers: plan lists the machines, apply updates them, nothing to wait for. */
export function hotswapStrategy(decision: HotswapDecision): ApplyStrategy {
  return {
    name: 'hotswap',
    async plan() {
      return {
        upToDate: decision.updates.length === 0,
        changes: decision.updates.map((u) => ({ action: 'Hotswap', logicalId: u.logicalId, type: STATE_MACHINE, replacement: 'False' })),
      };
    },
    async apply(ctx, req, prepared) {
      for (const n of decision.notes) ctx.sink.note(n);
      decision.done = await applyHotswap(ctx.aws, ctx.sink, decision.updates);
      return { stackId: prepared.stack?.StackId ?? req.stackName, cursor: new EventCursor() };
    },
    async wait(_ctx, _req, prepared) {
      return prepared.stack!;
    },
  };
}

/**
 * After a deploy CloudFormation found nothing to change: machines whose live definition is not the
 * template's (an earlier hotswap, since reverted locally) are put back, since CloudFormation never
 * touches a resource whose template did not change.
 */
export async function realignDrift(ctx: StackCtx, req: DeployRequest, stack: Stack, resources: DeployedResource[]): Promise<HotswappedMachine[]> {
  const template = req.template;
  const facts = stackFacts(template, resources, stack, ctx.aws.region, Object.fromEntries(req.parameters.map((p) => [p.key, p.value])));
  const drifted = await driftedMachines(ctx.aws, facts);
  if (!drifted.length) return [];
  const prepared = prepareUpdates(facts, template, undefined, drifted.map((d) => d.logicalId));
  if ('blocker' in prepared) return [];
  ctx.sink.note(`putting back the definition CloudFormation has for ${drifted.map((d) => d.logicalId).join(', ')} (changed outside CloudFormation, e.g. by --hotswap)`);
  return applyHotswap(ctx.aws, ctx.sink, prepared.updates);
}
