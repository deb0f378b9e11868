// Applying a template through a CloudFormation change set: create it (uploading a large template first),
// execute it, follow the stack's events until it settles.
import type { Stack } from '@aws-sdk/client-cloudformation';
import { requiredCapabilities, templateText } from '../../compile/template.js';
import { AwsError, Interrupted } from '../../errors.js';
import {
  createChangeSet,
  deleteChangeSet,
  describeStack,
  EventCursor,
  executeChangeSet,
  firstFailure,
  isFailedEnd,
  waitForStack,
  type StackCtx,
} from '../stack.js';
import { generatedNameHint, generatedNameIn } from '../generated-names.js';
import { TEMPLATE_BODY_LIMIT, uploadTemplate } from '../template-upload.js';
import type { DeployRequest } from '../deploy.js';
import { shiftFollower } from './shifts.js';
import type { Prepared } from './prepare.js';
import type { Applied, ApplyStrategy, Plan } from './strategy.js';

async function plan(ctx: StackCtx, req: DeployRequest, { type }: Prepared): Promise<Plan> {
  // The one place the template becomes text for CloudFormation.
  let templateBody: string | undefined = templateText(req.template);
  let templateUrl: string | undefined;
  let bucket = req.deploymentBucket;
  if (req.definitions?.length) {
    // Before the change set: CloudFormation reads each one when it creates or updates its machine.
    ctx.sink.phase('uploading the definitions');
    // Loaded only here: a deploy without definitions in S3 needs no S3 client.
    const { uploadDefinitions } = await import('../definition-upload.js');
    bucket = (await uploadDefinitions(ctx.aws, ctx.sink, { definitions: req.definitions, deploymentBucket: bucket })).bucket;
  }
  if (Buffer.byteLength(templateBody) > TEMPLATE_BODY_LIMIT) {
    ctx.sink.phase('uploading the template');
    templateUrl = (await uploadTemplate(ctx.aws, ctx.sink, { templateBody, stackName: req.stackName, deploymentBucket: bucket })).url;
    templateBody = undefined;
  }
  ctx.sink.phase(`creating a change set (${type})`);
  const cs = await createChangeSet(ctx, {
    stackName: req.stackName,
    type,
    templateBody,
    templateUrl,
    capabilities: requiredCapabilities(req.template),
    parameters: req.parameters,
    tags: req.tags,
    notificationArns: req.notificationArns,
    roleArn: req.roleArn,
  });
  return { upToDate: cs.state === 'up-to-date', changes: cs.changes, id: cs.arn, stackId: cs.stackId, createdAt: cs.createdAt };
}

async function apply(ctx: StackCtx, req: DeployRequest, { type }: Prepared, p: Plan): Promise<Applied> {
  const arn = p.id!;
  const cursor = new EventCursor(p.createdAt);
  ctx.sink.phase(`executing the change set (${type})`);
  try {
    await executeChangeSet(ctx, arn, req.stackName);
  } catch (err) {
    if (err instanceof Interrupted) throw err;
    const after = await describeStack(ctx, p.stackId ?? req.stackName).catch(() => undefined);
    if (after?.StackStatus === 'REVIEW_IN_PROGRESS' || type === 'CREATE') {
      const e = err as AwsError;
      const generated = generatedNameIn(e.message, req.template);
      throw new AwsError(
        `${e.message}${after?.StackStatus ? ` (stack is ${after.StackStatus})` : ''}`,
        'ExecuteChangeSet',
        `${generated ? generatedNameHint(generated) : 'fix the resource named above'}; the next \`stepf deploy\` deletes this unfinished stack and creates it again`,
      );
    }
    await deleteChangeSet(ctx, arn).catch(() => false);
    throw err;
  }
  return { stackId: p.stackId ?? req.stackName, cursor };
}

async function wait(ctx: StackCtx, req: DeployRequest, { type }: Prepared, { stackId, cursor }: Applied): Promise<Stack> {
  const onPoll = shiftFollower(ctx, req.template);
  const end = await waitForStack(ctx, stackId, cursor, { timeoutMs: req.waitTimeoutMs, what: type === 'CREATE' ? 'creating' : 'updating', ...(onPoll ? { onPoll } : {}) });
  if (isFailedEnd(end.StackStatus) || !end.StackStatus?.endsWith('_COMPLETE')) {
    const f = firstFailure(cursor.shown, req.stackName);
    const cause = f ? `${f.logicalId} (${f.type}) ${f.status}: ${f.reason ?? 'no reason given'}` : end.StackStatusReason ?? 'no reason given';
    const generated = generatedNameIn(cause, req.template);
    throw new AwsError(
      `deploy failed, stack ${req.stackName} is ${end.StackStatus}: ${cause}`,
      'ExecuteChangeSet',
      generated
        ? `${generatedNameHint(generated)}, then deploy again`
        : end.StackStatus === 'ROLLBACK_COMPLETE'
        ? 'fix the resource named above; the next `stepf deploy` deletes the empty stack and creates it again'
        : end.StackStatus === 'UPDATE_ROLLBACK_COMPLETE'
          ? 'the stack is back to its previous version; fix the resource named above and deploy again'
          : 'see the events above; fix the cause and deploy again',
    );
  }
  return end;
}

export const changeSetStrategy: ApplyStrategy = { name: 'change-set', plan, apply, wait };
