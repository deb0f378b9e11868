// `stepf deploy` against CloudFormation: settle the stack's current state, create a change set, show it,
// ask when it replaces or deletes a state machine, execute, stream events, report the result.
import { SetStackPolicyCommand, UpdateTerminationProtectionCommand, type Stack } from '@aws-sdk/client-cloudformation';
import { ApprovalRequired, AwsError, Interrupted } from '../errors.js';
import type { AwsClients } from './clients.js';
import type { ChangeRow, ProgressSink } from './events.js';
import { call } from './explain.js';
import { realClock, type Backoff, type Clock } from './poll.js';
import {
  createChangeSet,
  deleteChangeSet,
  deleteStackAndWait,
  describeStack,
  EventCursor,
  executeChangeSet,
  firstFailure,
  isFailedEnd,
  requiredCapabilities,
  waitForStack,
  type StackCtx,
} from './stack.js';
import { TEMPLATE_BODY_LIMIT, uploadTemplate } from './template-upload.js';

export interface DeployRequest {
  stackName: string;
  templateBody: string;
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
  /** Asks a person; undefined when nobody can answer (no terminal). */
  confirm?: (question: string) => Promise<boolean>;
}

export interface DeployOutcome {
  result: 'up-to-date' | 'deployed' | 'change-set-created';
  stackId?: string;
  stackStatus?: string;
  changeSetArn?: string;
  changes: ChangeRow[];
  /** The stack as last described (outputs included), so the caller need not ask again. */
  stack?: Stack;
}

export interface DeployDeps {
  aws: AwsClients;
  sink: ProgressSink;
  clock?: Clock;
  signal?: AbortSignal;
  backoff?: Backoff;
}

const STATE_MACHINE = 'AWS::StepFunctions::StateMachine';

/** Changes that lose a state machine's execution history: a delete or a replacement. */
export function riskyChanges(changes: ChangeRow[]): ChangeRow[] {
  return changes.filter((c) => c.type === STATE_MACHINE && (c.action === 'Remove' || c.replacement === 'True' || c.replacement === 'Conditional'));
}

/** Settles the existing stack and says whether the change set is a CREATE or an UPDATE. */
async function prepareStack(ctx: StackCtx, req: DeployRequest): Promise<{ type: 'CREATE' | 'UPDATE'; stack?: Stack }> {
  for (;;) {
    const stack = await describeStack(ctx, req.stackName);
    const status = stack?.StackStatus;
    if (!stack || !status) return { type: 'CREATE' };
    if (status === 'REVIEW_IN_PROGRESS') {
      ctx.sink.note(`stack ${req.stackName} is REVIEW_IN_PROGRESS (a first deploy whose change set was never executed): deleting it and creating it again`);
      await deleteStackAndWait(ctx, stack, { timeoutMs: req.waitTimeoutMs, roleArn: req.roleArn });
      return { type: 'CREATE' };
    }
    if (status === 'ROLLBACK_COMPLETE') {
      ctx.sink.note(`stack ${req.stackName} is ROLLBACK_COMPLETE (its first create failed and nothing is left in it): deleting it and creating it again`);
      await deleteStackAndWait(ctx, stack, { timeoutMs: req.waitTimeoutMs, roleArn: req.roleArn });
      return { type: 'CREATE' };
    }
    if (status === 'UPDATE_ROLLBACK_FAILED') {
      throw new AwsError(
        `stack ${req.stackName} is UPDATE_ROLLBACK_FAILED: an update failed and CloudFormation could not roll it back${stack.StackStatusReason ? ` (${stack.StackStatusReason})` : ''}`,
        'DescribeStacks',
        `fix what blocked the rollback, then run \`aws cloudformation continue-update-rollback --stack-name ${req.stackName}\` (add --resources-to-skip for resources that cannot roll back) and deploy again`,
      );
    }
    if (status === 'ROLLBACK_FAILED' || status === 'DELETE_FAILED') {
      throw new AwsError(
        `stack ${req.stackName} is ${status}${stack.StackStatusReason ? ` (${stack.StackStatusReason})` : ''}: it cannot be updated`,
        'DescribeStacks',
        'run `stepf remove` (deleting the resources that block it by hand if it fails again), then deploy again',
      );
    }
    if (status.endsWith('_IN_PROGRESS')) {
      if (!req.wait) {
        throw new AwsError(
          `stack ${req.stackName} is ${status}: another deploy or delete is running`,
          'DescribeStacks',
          'wait for it (run without --no-wait, or `stepf info` to watch), then deploy again',
        );
      }
      ctx.sink.note(`stack ${req.stackName} is ${status}: waiting for it to finish before deploying`);
      const cursor = new EventCursor(new Date(ctx.clock.now() - 60_000));
      await waitForStack(ctx, stack.StackId!, cursor, { timeoutMs: req.waitTimeoutMs, what: `waiting for ${req.stackName}` });
      continue;
    }
    return { type: 'UPDATE', stack };
  }
}

async function applyStackSettings(ctx: StackCtx, req: DeployRequest, stackId: string, current?: Stack): Promise<void> {
  const cfn = await ctx.aws.cloudFormation();
  if (req.policy !== undefined) {
    const body = JSON.stringify(Array.isArray(req.policy) ? { Statement: req.policy } : req.policy);
    await call('SetStackPolicy', () => cfn.send(new SetStackPolicyCommand({ StackName: stackId, StackPolicyBody: body })));
  }
  if (req.terminationProtection !== undefined && Boolean(current?.EnableTerminationProtection) !== req.terminationProtection) {
    await call('UpdateTerminationProtection', () =>
      cfn.send(new UpdateTerminationProtectionCommand({ StackName: stackId, EnableTerminationProtection: req.terminationProtection })),
    );
    ctx.sink.note(`termination protection ${req.terminationProtection ? 'on' : 'off'}`);
  }
}

export async function deployStack(deps: DeployDeps, req: DeployRequest): Promise<DeployOutcome> {
  const ctx: StackCtx = { aws: deps.aws, sink: deps.sink, clock: deps.clock ?? realClock, signal: deps.signal, backoff: deps.backoff };
  ctx.sink.phase(`checking stack ${req.stackName}`);
  const { type, stack } = await prepareStack(ctx, req);

  let templateBody: string | undefined = req.templateBody;
  let templateUrl: string | undefined;
  if (Buffer.byteLength(req.templateBody) > TEMPLATE_BODY_LIMIT) {
    ctx.sink.phase('uploading the template');
    templateUrl = (await uploadTemplate(ctx.aws, ctx.sink, { templateBody: req.templateBody, stackName: req.stackName, deploymentBucket: req.deploymentBucket })).url;
    templateBody = undefined;
  }

  ctx.sink.phase(`creating a change set (${type})`);
  let cs;
  try {
    cs = await createChangeSet(ctx, {
      stackName: req.stackName,
      type,
      templateBody,
      templateUrl,
      capabilities: requiredCapabilities(req.templateBody),
      parameters: req.parameters,
      tags: req.tags,
      notificationArns: req.notificationArns,
      roleArn: req.roleArn,
    });
  } catch (err) {
    if (err instanceof Interrupted) {
      throw new Interrupted('interrupted while CloudFormation prepared the change set: nothing was executed; the next `stepf deploy` starts afresh (an unexecuted first change set is deleted then)');
    }
    throw err;
  }
  if (cs.state === 'up-to-date') {
    if (stack?.StackId) await applyStackSettings(ctx, req, stack.StackId, stack);
    return { result: 'up-to-date', stackId: stack?.StackId, stackStatus: stack?.StackStatus, changes: [], stack };
  }
  const arn = cs.arn!;
  ctx.sink.changes(cs.changes, arn);

  if (!req.execute) {
    return { result: 'change-set-created', stackId: cs.stackId, changeSetArn: arn, changes: cs.changes, stackStatus: type === 'CREATE' ? 'REVIEW_IN_PROGRESS' : stack?.StackStatus };
  }

  const risky = riskyChanges(cs.changes);
  if (risky.length && !req.yes) {
    const what = risky.map((c) => `${c.logicalId} (${c.action === 'Remove' ? 'deleted' : 'replaced'})`).join(', ');
    const question = `this change set loses the execution history of ${what}. Execute it?`;
    const approved = req.confirm ? await req.confirm(question) : false;
    if (!approved) {
      throw new ApprovalRequired(
        `not executed: the change set deletes or replaces state machines: ${what}. It is left for review: ${arn}`,
        req.confirm
          ? 'deploy again and answer yes, or run with --yes'
          : `run again with --yes, or review and execute it: aws cloudformation execute-change-set --change-set-name ${arn}`,
      );
    }
  }

  const cursor = new EventCursor(cs.createdAt);
  ctx.sink.phase(`executing the change set (${type})`);
  try {
    await executeChangeSet(ctx, arn, req.stackName);
  } catch (err) {
    const after = await describeStack(ctx, cs.stackId ?? req.stackName).catch(() => undefined);
    if (after?.StackStatus === 'REVIEW_IN_PROGRESS' || type === 'CREATE') {
      const e = err as AwsError;
      throw new AwsError(
        `${e.message}${after?.StackStatus ? ` (stack is ${after.StackStatus})` : ''}`,
        'ExecuteChangeSet',
        'fix the resource named above; the next `stepf deploy` deletes this unfinished stack and creates it again',
      );
    }
    await deleteChangeSet(ctx, arn).catch(() => false);
    throw err;
  }

  let end: Stack;
  try {
    end = await waitForStack(ctx, cs.stackId ?? req.stackName, cursor, { timeoutMs: req.waitTimeoutMs, what: type === 'CREATE' ? 'creating' : 'updating' });
  } catch (err) {
    if (err instanceof Interrupted) {
      throw new Interrupted(
        `interrupted: CloudFormation carries on with the ${type === 'CREATE' ? 'create' : 'update'} in AWS. \`stepf info\` shows how it ends; the next \`stepf deploy\` waits for it first` +
          (type === 'UPDATE' ? `; to stop it: aws cloudformation cancel-update-stack --stack-name ${req.stackName}` : ''),
      );
    }
    throw err;
  }
  if (isFailedEnd(end.StackStatus) || !end.StackStatus?.endsWith('_COMPLETE')) {
    const f = firstFailure(cursor.shown, req.stackName);
    const cause = f ? `${f.logicalId} (${f.type}) ${f.status}: ${f.reason ?? 'no reason given'}` : end.StackStatusReason ?? 'no reason given';
    throw new AwsError(
      `deploy failed, stack ${req.stackName} is ${end.StackStatus}: ${cause}`,
      'ExecuteChangeSet',
      end.StackStatus === 'ROLLBACK_COMPLETE'
        ? 'fix the resource named above; the next `stepf deploy` deletes the empty stack and creates it again'
        : end.StackStatus === 'UPDATE_ROLLBACK_COMPLETE'
          ? 'the stack is back to its previous version; fix the resource named above and deploy again'
          : 'see the events above; fix the cause and deploy again',
    );
  }
  await applyStackSettings(ctx, req, end.StackId ?? req.stackName, end);
  return { result: 'deployed', stackId: end.StackId, stackStatus: end.StackStatus, changeSetArn: arn, changes: cs.changes, stack: end };
}
