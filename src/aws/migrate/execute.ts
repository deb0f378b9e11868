// `stepf migrate --execute`: moves the planned resources from the Serverless stack into stepf's without
// replacing any. First by stack refactoring (CreateStackRefactor, DescribeStackRefactor until CloudFormation
// has checked it, ExecuteStackRefactor, then both stacks settle); where refactoring is not available (an
// older partition, a resource type it does not support), by the documented import path: DeletionPolicy
// Retain on the Serverless stack's resources, an update removing them from it, and an IMPORT change set on
// stepf's stack. stepf edits no stack by hand: a failure leaves both as CloudFormation left them.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DescribeStackRefactorCommandOutput } from '@aws-sdk/client-cloudformation';
import type { Template } from '../../compile/types.js';
import { resolveValue, Unresolvable } from '../../diff/resolve.js';
import { AwsError, Interrupted } from '../../errors.js';
import type { MigrationPlan, PlanInput } from '../../migrate/plan.js';
import { factsOf } from '../../migrate/plan.js';
import { importIdentifier, migrationTemplates, retained, type MigrationTemplates, type ResourceToImport } from '../../migrate/templates.js';
import { listResources } from '../deployed.js';
import { TEMPLATE_BODY_LIMIT, uploadTemplate } from '../template-upload.js';
import { errorMessage, errorName, explainAwsError } from '../explain.js';
import { backoffDelays, DEFAULT_BACKOFF } from '../poll.js';
import { requiredCapabilities } from '../../compile/template.js';
import { createChangeSet, describeStack, EventCursor, executeChangeSet, isFailedEnd, isSettled, waitForStack, type StackCtx } from '../stack.js';
import { sdk } from '../clients.js';

export interface ExecuteOptions {
  stage: string;
  timeoutMs: number;
  /** Where the import path records what it removed from the Serverless stack, until stepf's stack has it. */
  importStateFile: string;
  /** --import: take the import path without trying a refactor. */
  importOnly?: boolean;
  /** provider.deploymentBucket: where a template over the TemplateBody limit goes (else stepf's own bucket). */
  deploymentBucket?: string;
}

/** TemplateBody, or TemplateURL through S3 for a template over CloudFormation's 51,200-byte TemplateBody limit. */
async function templateSource(ctx: StackCtx, stackName: string, template: Template, opts: ExecuteOptions): Promise<{ TemplateBody?: string; TemplateURL?: string }> {
  const templateBody = JSON.stringify(template);
  if (Buffer.byteLength(templateBody) <= TEMPLATE_BODY_LIMIT) return { TemplateBody: templateBody };
  const { url } = await uploadTemplate(ctx.aws, ctx.sink, { templateBody, stackName, deploymentBucket: opts.deploymentBucket });
  return { TemplateURL: url };
}

export interface Executed {
  path: 'refactor' | 'import';
  id?: string;
  /** Why the import path was taken. */
  why?: string;
}

/** CreateStackRefactor is not offered here (a partition or region without it): the error's name, or its message. */
const UNAVAILABLE_NAMES = new Set(['UnknownOperationException', 'InvalidAction', 'InvalidActionException']);
const UNAVAILABLE_MESSAGE = /(?:is )?not (?:supported|available) in (?:this|the) (?:region|partition)|unknown operation|is not valid for this web service/i;
function refactorUnavailable(err: unknown): boolean {
  return UNAVAILABLE_NAMES.has(errorName(err)) || UNAVAILABLE_MESSAGE.test(errorMessage(err));
}
/** CloudFormation checked the refactor and a resource type cannot be refactored. */
const TYPE_UNSUPPORTED = /(?:resource )?types? .*(?:not supported|unsupported|does not support|cannot be refactored)|(?:not supported|unsupported) .*resource type/i;

export function refactorDescription(input: PlanInput): string {
  return `stepf migrate ${input.serverless.name} -> ${input.stepf.name}`;
}

/**
 * A refactor of these two stacks that CloudFormation is executing (an earlier run was interrupted): waits for
 * it and returns how it ended, or undefined when there is none.
 */
export async function finishOpenRefactor(ctx: StackCtx, names: { serverless: string; stepf: string }, opts: ExecuteOptions): Promise<Executed | undefined> {
  const cfn = await ctx.aws.cloudFormation();
  const { ListStackRefactorsCommand } = await sdk.cloudFormation();
  const description = `stepf migrate ${names.serverless} -> ${names.stepf}`;
  let token: string | undefined;
  do {
    let page;
    try {
      page = await cfn.send(new ListStackRefactorsCommand({ ExecutionStatusFilter: ['EXECUTE_IN_PROGRESS'], NextToken: token }));
    } catch (err) {
      // Not knowing of an earlier refactor is no reason to stop: CloudFormation refuses a second one on busy stacks.
      if (!refactorUnavailable(err)) ctx.sink.warn(`could not list stack refactors (${errorMessage(err).split('\n')[0].slice(0, 120)}); going on`);
      return undefined;
    }
    const open = (page.StackRefactorSummaries ?? []).find((s) => s.Description === description && s.StackRefactorId);
    if (open) {
      ctx.sink.note(`stack refactor ${open.StackRefactorId} (an earlier stepf migrate) is still moving resources: waiting for it`);
      await waitExecuted(ctx, open.StackRefactorId!, names, opts);
      return { path: 'refactor', id: open.StackRefactorId };
    }
    token = page.NextToken;
  } while (token);
  return undefined;
}

export async function executeMigration(ctx: StackCtx, input: PlanInput, plan: MigrationPlan, opts: ExecuteOptions): Promise<Executed> {
  const t = migrationTemplates(input, plan);
  if (!t.moves.length) throw new AwsError('nothing to move', 'CreateStackRefactor', 'the plan shows why (stepf migrate without --execute)');
  if (opts.importOnly) return importPath(ctx, input, t, opts, '--import');
  const r = await refactorPath(ctx, input, t, opts);
  if ('unavailable' in r) {
    ctx.sink.note(`stack refactoring is not available here (${r.unavailable}); taking the import path instead`);
    return importPath(ctx, input, t, opts, r.unavailable);
  }
  return r;
}

async function refactorPath(ctx: StackCtx, input: PlanInput, t: MigrationTemplates, opts: ExecuteOptions): Promise<Executed | { unavailable: string }> {
  const cfn = await ctx.aws.cloudFormation();
  const { CreateStackRefactorCommand, ExecuteStackRefactorCommand } = await sdk.cloudFormation();
  const names = { serverless: input.serverless.name, stepf: input.stepf.name };
  ctx.sink.phase(`creating a stack refactor: ${t.moves.length} resources from ${names.serverless} to ${names.stepf}`);
  const definitions = [
    { StackName: names.serverless, ...(await templateSource(ctx, names.serverless, t.serverless, opts)) },
    { StackName: names.stepf, ...(await templateSource(ctx, names.stepf, t.stepf, opts)) },
  ];
  let id: string;
  try {
    const out = await cfn.send(
      new CreateStackRefactorCommand({
        Description: refactorDescription(input),
        EnableStackCreation: t.createsStepfStack,
        ResourceMappings: t.moves.map((m) => ({
          Source: { StackName: names.serverless, LogicalResourceId: m.from },
          Destination: { StackName: names.stepf, LogicalResourceId: m.to },
        })),
        StackDefinitions: definitions,
      }),
      { abortSignal: ctx.signal },
    );
    id = out.StackRefactorId ?? '';
  } catch (err) {
    if (ctx.signal?.aborted) throw new Interrupted('interrupted while creating the stack refactor: nothing was moved; run stepf migrate --execute again');
    if (refactorUnavailable(err)) return { unavailable: errorMessage(err) };
    throw explainAwsError(err, 'CreateStackRefactor', { region: ctx.aws.region, profile: ctx.aws.profile });
  }

  let checked: DescribeStackRefactorCommandOutput;
  try {
    checked = await pollRefactor(ctx, id, (d) => d.Status !== 'CREATE_IN_PROGRESS', 'CloudFormation checks the refactor', opts.timeoutMs);
  } catch (err) {
    if (err instanceof Interrupted || err instanceof AwsError) {
      throw new Interrupted(
        `interrupted while CloudFormation checked stack refactor ${id}: nothing was moved; \`stepf migrate --stage ${opts.stage} --execute\` again makes a fresh one (or \`aws cloudformation execute-stack-refactor --stack-refactor-id ${id}\` moves it as planned once it is AVAILABLE)`,
      );
    }
    throw err;
  }
  if (checked.Status === 'CREATE_FAILED' || checked.ExecutionStatus !== 'AVAILABLE') {
    const reason = checked.StatusReason ?? checked.ExecutionStatusReason ?? checked.Status ?? 'no reason given';
    if (TYPE_UNSUPPORTED.test(reason)) return { unavailable: reason };
    throw new AwsError(
      `CloudFormation refused stack refactor ${id}: ${reason}`,
      'CreateStackRefactor',
      `nothing was moved: both stacks are as they were; fix what it names (stepf migrate shows the plan) and run stepf migrate --stage ${opts.stage} --execute again, or move by resource import instead: stepf migrate --stage ${opts.stage} --import`,
    );
  }
  ctx.sink.phase(`executing stack refactor ${id}`);
  try {
    await cfn.send(new ExecuteStackRefactorCommand({ StackRefactorId: id }), { abortSignal: ctx.signal });
  } catch (err) {
    if (ctx.signal?.aborted) throw interruptedExecuting(id, opts.stage);
    throw explainAwsError(err, 'ExecuteStackRefactor', { region: ctx.aws.region, profile: ctx.aws.profile });
  }
  await waitExecuted(ctx, id, names, opts);
  await adopted(ctx, names.stepf, Object.fromEntries(t.moves.map((m) => [m.to, m.physicalId])), 'stack refactor');
  return { path: 'refactor', id };
}

function interruptedExecuting(id: string, stage: string): Interrupted {
  return new Interrupted(
    `interrupted: CloudFormation carries on moving the resources (stack refactor ${id}); \`stepf migrate --stage ${stage} --execute\` again waits for it and reports how it ended (\`aws cloudformation describe-stack-refactor --stack-refactor-id ${id}\` shows it too)`,
  );
}

async function waitExecuted(ctx: StackCtx, id: string, names: { serverless: string; stepf: string }, opts: ExecuteOptions): Promise<void> {
  let done: DescribeStackRefactorCommandOutput;
  try {
    done = await pollRefactor(ctx, id, (d) => d.ExecutionStatus !== 'EXECUTE_IN_PROGRESS' && d.ExecutionStatus !== 'ROLLBACK_IN_PROGRESS', 'moving resources', opts.timeoutMs);
  } catch (err) {
    if (err instanceof Interrupted || err instanceof AwsError) throw interruptedExecuting(id, opts.stage);
    throw err;
  }
  const reason = done.ExecutionStatusReason ?? done.StatusReason ?? 'no reason given';
  if (done.ExecutionStatus === 'ROLLBACK_FAILED') {
    throw new AwsError(
      `stack refactor ${id} failed (${reason}) and CloudFormation could not roll it back`,
      'ExecuteStackRefactor',
      `both stacks are as CloudFormation left them: \`aws cloudformation list-stack-refactor-actions --stack-refactor-id ${id}\` says which resource is where; stepf changed nothing else`,
    );
  }
  if (done.ExecutionStatus !== 'EXECUTE_COMPLETE') {
    throw new AwsError(
      `stack refactor ${id} failed and CloudFormation rolled it back (${done.ExecutionStatus}): ${reason}`,
      'ExecuteStackRefactor',
      'nothing was moved: both stacks are as they were; fix what it names, then run stepf migrate --execute again',
    );
  }
  for (const name of [names.serverless, names.stepf]) await settled(ctx, name, opts.timeoutMs);
}

/**
 * Checks that stepf's stack holds each moved resource under the physical ID it had: a move that made new
 * resources instead (as an endpoint that does not really import would) is reported, not taken for a move.
 */
async function adopted(ctx: StackCtx, stackName: string, expected: Record<string, string>, how: string): Promise<void> {
  const resources = (await listResources(ctx.aws, stackName)) ?? [];
  const got = Object.fromEntries(resources.map((r) => [r.LogicalResourceId ?? '', r.PhysicalResourceId ?? '']));
  const wrong = Object.entries(expected).filter(([id, phys]) => got[id] !== phys);
  if (!wrong.length) return;
  throw new NotTakenOver(
    `the ${how} did not take over ${wrong.map(([id, phys]) => `${id} (${phys}; ${stackName} has ${got[id] || 'nothing'})`).join(', ')}`,
    'ListStackResources',
    `stepf's stack holds other resources under those logical IDs; compare (aws cloudformation list-stack-resources --stack-name ${stackName}) and look the old ones up by their physical IDs before deploying again; stepf changed nothing after that step`,
  );
}

/** The move ended, but stepf's stack does not hold the resources it should have taken over. */
export class NotTakenOver extends AwsError {}

async function pollRefactor(
  ctx: StackCtx,
  id: string,
  until: (d: DescribeStackRefactorCommandOutput) => boolean,
  what: string,
  timeoutMs: number,
): Promise<DescribeStackRefactorCommandOutput> {
  const cfn = await ctx.aws.cloudFormation();
  const { DescribeStackRefactorCommand } = await sdk.cloudFormation();
  const started = ctx.clock.now();
  const delays = backoffDelays(ctx.backoff ?? DEFAULT_BACKOFF);
  for (;;) {
    let d: DescribeStackRefactorCommandOutput;
    try {
      d = await cfn.send(new DescribeStackRefactorCommand({ StackRefactorId: id }), { abortSignal: ctx.signal });
    } catch (err) {
      if (ctx.signal?.aborted) throw new Interrupted();
      throw explainAwsError(err, 'DescribeStackRefactor', { region: ctx.aws.region, profile: ctx.aws.profile });
    }
    if (until(d)) return d;
    ctx.sink.phase(`${what}: ${d.ExecutionStatus ?? d.Status}`);
    const elapsed = ctx.clock.now() - started;
    if (elapsed >= timeoutMs) throw new AwsError(`stack refactor ${id} is still ${d.ExecutionStatus ?? d.Status}`, 'DescribeStackRefactor', 'CloudFormation carries on');
    await ctx.clock.sleep(Math.min(delays.next().value as number, Math.max(0, timeoutMs - elapsed)), ctx.signal);
  }
}

/** Until the stack is settled; an error when it ended in a failed state. */
async function settled(ctx: StackCtx, name: string, timeoutMs: number): Promise<void> {
  const stack = await describeStack(ctx, name);
  if (!stack) return;
  const end = isSettled(stack.StackStatus) ? stack : await waitForStack(ctx, stack.StackId ?? name, new EventCursor(new Date(ctx.clock.now())), { timeoutMs, what: `waiting for ${name}` });
  if (isFailedEnd(end.StackStatus)) throw new AwsError(`stack ${name} ended ${end.StackStatus} after the move`, 'DescribeStacks', `see its events (aws cloudformation describe-stack-events --stack-name ${name})`);
}

// ---- The import path ----

interface ImportState {
  serverlessStack: string;
  stepfStack: string;
  template: Template;
  /** stepf's stack's Parameters as deployed (an IMPORT into an existing stack keeps them). */
  parameters: Array<{ key: string; value: string }>;
  resources: ResourceToImport[];
  /** New logical ID → the physical ID it must have once imported. */
  physicalIds: Record<string, string>;
}

function importResources(input: PlanInput, t: MigrationTemplates): ResourceToImport[] {
  const { before } = factsOf(input, new Map(t.moves.map((m) => [m.from, m.to])));
  const resolved = (v: unknown) => {
    try {
      return resolveValue(before, v);
    } catch (err) {
      if (err instanceof Unresolvable) return undefined;
      throw err;
    }
  };
  const unknown: string[] = [];
  const out: ResourceToImport[] = [];
  for (const m of t.moves) {
    const id = importIdentifier(m, input.serverless.template.Resources[m.from], input.env, resolved);
    if (!id) unknown.push(`${m.from} (${m.type})`);
    else out.push({ ResourceType: m.type, LogicalResourceId: m.to, ResourceIdentifier: id });
  }
  if (unknown.length) {
    throw new AwsError(
      `the import path cannot name ${unknown.join(', ')} for CloudFormation (no identifier stepf knows for that type)`,
      'CreateChangeSet',
      'nothing was changed; move these by hand (CloudFormation console, "Import resources into stack"), or make them stay (stepf migrate shows the plan)',
    );
  }
  return out;
}

async function importPath(ctx: StackCtx, input: PlanInput, t: MigrationTemplates, opts: ExecuteOptions, why: string): Promise<Executed> {
  const resources = importResources(input, t);
  const state: ImportState = {
    serverlessStack: input.serverless.name,
    stepfStack: input.stepf.name,
    template: retained(t.stepf, t.moves.map((m) => m.to)),
    parameters: Object.entries(input.stepf.deployed?.parameters ?? {}).map(([key, value]) => ({ key, value })),
    resources,
    physicalIds: Object.fromEntries(t.moves.map((m) => [m.to, m.physicalId])),
  };
  const old = input.serverless.name;
  const parameters = Object.entries(input.serverless.parameters ?? {}).map(([key, value]) => ({ key, value }));
  const update = async (template: Template, what: string) => {
    const source = await templateSource(ctx, old, template, opts);
    const cs = await createChangeSet(ctx, { stackName: old, type: 'UPDATE', templateBody: source.TemplateBody, templateUrl: source.TemplateURL, capabilities: requiredCapabilities(template), parameters, tags: {}, description: `stepf migrate: ${what}` });
    if (cs.state === 'up-to-date') return;
    ctx.sink.phase(`${old}: ${what}`);
    await executeChangeSet(ctx, cs.arn!, old);
    await settled(ctx, old, opts.timeoutMs);
  };
  // 1. Keep them when the Serverless stack lets go of them.
  try {
    await update(retained(input.serverless.template, t.moves.map((m) => m.from)), 'DeletionPolicy Retain on the resources that move');
  } catch (err) {
    if (err instanceof Interrupted && err.bare) {
      throw new Interrupted(`interrupted while ${old} took DeletionPolicy Retain: nothing was removed from it; \`stepf migrate --stage ${opts.stage} --execute\` again starts from the stacks as they are`);
    }
    throw err;
  }
  // 2. Recorded before they leave: until stepf's stack imports them, this file is the only list of them.
  mkdirSync(dirname(opts.importStateFile), { recursive: true });
  writeFileSync(opts.importStateFile, `${JSON.stringify(state, null, 2)}\n`);
  try {
    await update(t.serverless, 'removing the resources that move (they are retained)');
    return await importRecorded(ctx, state, opts, why);
  } catch (err) {
    const finish = `\`stepf migrate --stage ${opts.stage} --execute\` again finishes it from ${opts.importStateFile}, which records them`;
    if (err instanceof Interrupted) throw new Interrupted(`interrupted during the import path: the resources are retained (never deleted); ${finish}`);
    if (err instanceof AwsError && !(err instanceof NotTakenOver)) throw new AwsError(err.message, err.operation, `the resources are retained (never deleted); once the cause is fixed, ${finish}`);
    throw err;
  }
}

/** Step 3 of the import path, also what a re-run after an interruption starts from. */
async function importRecorded(ctx: StackCtx, state: ImportState, opts: ExecuteOptions, why: string): Promise<Executed> {
  const source = await templateSource(ctx, state.stepfStack, state.template, opts);
  const exists = await describeStack(ctx, state.stepfStack);
  ctx.sink.phase(`${state.stepfStack}: importing ${state.resources.length} resources`);
  const cs = await createChangeSet(ctx, {
    stackName: state.stepfStack,
    type: 'IMPORT',
    templateBody: source.TemplateBody,
    templateUrl: source.TemplateURL,
    capabilities: requiredCapabilities(state.template),
    parameters: state.parameters,
    tags: {},
    resourcesToImport: state.resources,
    description: `stepf migrate: import from ${state.serverlessStack}${exists ? '' : ' (new stack)'}`,
  });
  await executeChangeSet(ctx, cs.arn!, state.stepfStack);
  await settled(ctx, state.stepfStack, opts.timeoutMs);
  await adopted(ctx, state.stepfStack, state.physicalIds, 'IMPORT change set');
  rmSync(opts.importStateFile, { force: true });
  return { path: 'import', id: cs.arn, why };
}

/** An import an earlier run left half done (removed from the Serverless stack, not yet in stepf's): finishes it. */
export async function finishRecordedImport(ctx: StackCtx, opts: ExecuteOptions): Promise<Executed | undefined> {
  if (!existsSync(opts.importStateFile)) return undefined;
  const state = JSON.parse(readFileSync(opts.importStateFile, 'utf8')) as ImportState;
  ctx.sink.note(`an earlier stepf migrate removed ${state.resources.length} resources from ${state.serverlessStack} (retained) and did not import them: importing them into ${state.stepfStack} now`);
  try {
    return await importRecorded(ctx, state, opts, `finishing the import recorded in ${opts.importStateFile}`);
  } catch (err) {
    if (err instanceof Interrupted && err.bare) throw new Interrupted(`interrupted during the import into ${state.stepfStack}: the resources are retained; \`stepf migrate --stage ${opts.stage} --execute\` again finishes it from ${opts.importStateFile}`);
    throw err;
  }
}
