// Applying a split service (one stack cannot hold it): a parent stack whose nested stacks hold its
// machines. The split is made again here, with each deployed resource kept in the nested stack that holds
// it (read from the stack), so no machine ever moves; the nested stacks' templates and definitions are
// uploaded, then one change set with IncludeNestedStacks shows and applies every change, and the nested
// stacks' events are streamed with the parent's, each logical ID prefixed by its nested stack.
import type { Stack } from '@aws-sdk/client-cloudformation';
import { fitService } from '../../fit/index.js';
import { NESTED_MARK } from '../../fit/split.js';
import { AwsError } from '../../errors.js';
import type { DeployRequest } from '../deploy.js';
import { listResources } from '../deployed.js';
import type { StackEventLine } from '../events.js';
import { createChangeSet, EventCursor, firstFailure, isFailedEnd, pollEvents, waitForStack, type StackCtx } from '../stack.js';
import { requiredCapabilities, templateText } from '../../compile/template.js';
import { TEMPLATE_BODY_LIMIT, uploadTemplate } from '../template-upload.js';
import { changeSetStrategy } from './change-set.js';
import type { Prepared } from './prepare.js';
import type { Applied, ApplyStrategy, Plan } from './strategy.js';

/** Where each deployed resource is: resource logical ID → the nested stack holding it. */
export async function deployedGrouping(ctx: StackCtx, stackId: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const r of (await listResources(ctx.aws, stackId)) ?? []) if (r.nestedIn && r.LogicalResourceId) out[r.LogicalResourceId] = r.nestedIn;
  return out;
}

async function plan(ctx: StackCtx, req: DeployRequest, prepared: Prepared): Promise<Plan> {
  const nested = req.nested!;
  ctx.sink.phase('reading where each machine is deployed');
  const previous = prepared.type === 'UPDATE' ? await deployedGrouping(ctx, prepared.stack?.StackId ?? req.stackName) : {};
  const fitted = fitService(nested.template, { ...nested.options, previous });
  ctx.sink.phase('uploading the nested stacks');
  const { uploadDefinitions } = await import('../definition-upload.js');
  let bucket = req.deploymentBucket;
  if (fitted.definitions.length) bucket = (await uploadDefinitions(ctx.aws, ctx.sink, { definitions: fitted.definitions, deploymentBucket: bucket })).bucket;
  bucket = (await uploadDefinitions(ctx.aws, ctx.sink, { definitions: fitted.stacks, deploymentBucket: bucket, what: ['nested stack template', 'nested stack templates'] })).bucket;
  let templateBody: string | undefined = templateText(fitted.template);
  let templateUrl: string | undefined;
  if (fitted.bytes > TEMPLATE_BODY_LIMIT) {
    templateUrl = (await uploadTemplate(ctx.aws, ctx.sink, { templateBody, stackName: req.stackName, deploymentBucket: bucket })).url;
    templateBody = undefined;
  }
  // The parent holds no role: the capabilities are those its nested stacks need.
  const capabilities = [...new Set([fitted.template, ...fitted.stacks.map((c) => c.template)].flatMap((t) => requiredCapabilities(t)))];
  ctx.sink.phase(`creating a change set (${prepared.type}, with ${fitted.stacks.length} nested stacks)`);
  const cs = await createChangeSet(ctx, {
    stackName: req.stackName,
    type: prepared.type,
    templateBody,
    templateUrl,
    capabilities,
    parameters: req.parameters,
    tags: req.tags,
    notificationArns: req.notificationArns,
    roleArn: req.roleArn,
    includeNestedStacks: true,
  });
  return { upToDate: cs.state === 'up-to-date', changes: cs.changes, id: cs.arn, stackId: cs.stackId, createdAt: cs.createdAt };
}

/** Streams the events of each nested stack the parent holds, prefixed by its logical ID. */
function nestedEvents(ctx: StackCtx, req: DeployRequest, parentCursor: EventCursor) {
  const cursors = new Map<string, { stackId: string; cursor: EventCursor }>();
  const sink = Object.create(ctx.sink) as StackCtx['sink'];
  let child = { id: '', stackId: '' };
  // The nested stack's own events (its logical ID is its stack name) show as the nested stack; its resources' prefixed by it.
  const own = (l: StackEventLine) => l.physicalId === child.stackId || l.logicalId === child.stackId || l.logicalId === child.stackId.split('/')[1];
  sink.stackEvent = (l: StackEventLine) => {
    // Where the parent's events show the nested stack already (AWS), its own stack-level ones would repeat them.
    if (own(l) && parentCursor.shown.some((e) => e.logicalId === child.id)) return;
    ctx.sink.stackEvent({ ...l, logicalId: own(l) ? child.id : `${child.id}/${l.logicalId}` });
  };
  const childCtx: StackCtx = { ...ctx, sink };
  const poll = async (stack: Stack | undefined) => {
    for (const e of parentCursor.shown) {
      if (e.type === 'AWS::CloudFormation::Stack' && e.logicalId !== req.stackName && e.physicalId && !cursors.has(e.logicalId)) {
        cursors.set(e.logicalId, { stackId: e.physicalId, cursor: new EventCursor(parentCursor.since) });
      }
    }
    // Where the parent's events name no nested stack (moto's are stack-level only), its resources do, once settled.
    if (!stack || !stack.StackStatus?.endsWith('_IN_PROGRESS')) {
      for (const r of (await listResources(ctx.aws, stack?.StackId ?? req.stackName).catch(() => undefined)) ?? []) {
        if (r.ResourceType === 'AWS::CloudFormation::Stack' && !r.nestedIn && r.PhysicalResourceId && r.LogicalResourceId && !cursors.has(r.LogicalResourceId)) {
          cursors.set(r.LogicalResourceId, { stackId: r.PhysicalResourceId, cursor: new EventCursor(parentCursor.since) });
        }
      }
    }
    for (const [id, c] of cursors) {
      child = { id, stackId: c.stackId };
      await pollEvents(childCtx, c.stackId, c.cursor).catch(() => undefined);
    }
  };
  return { poll, cursors };
}

async function wait(ctx: StackCtx, req: DeployRequest, { type }: Prepared, { stackId, cursor }: Applied): Promise<Stack> {
  const children = nestedEvents(ctx, req, cursor);
  const end = await waitForStack(ctx, stackId, cursor, { timeoutMs: req.waitTimeoutMs, what: type === 'CREATE' ? 'creating' : 'updating', alsoPoll: children.poll });
  if (isFailedEnd(end.StackStatus) || !end.StackStatus?.endsWith('_COMPLETE')) {
    // The cause is inside a nested stack: name it and its resource.
    let cause: string | undefined;
    for (const [id, c] of children.cursors) {
      const f = firstFailure(c.cursor.shown, c.stackId);
      if (f && f.logicalId !== c.stackId) {
        cause = `nested stack ${id}: ${f.logicalId} (${f.type}) ${f.status}: ${f.reason ?? 'no reason given'}`;
        break;
      }
    }
    const f = firstFailure(cursor.shown, req.stackName);
    cause ??= f ? `${f.logicalId} (${f.type}) ${f.status}: ${f.reason ?? 'no reason given'}` : end.StackStatusReason ?? 'no reason given';
    throw new AwsError(
      `deploy failed, stack ${req.stackName} is ${end.StackStatus}: ${cause}`,
      'ExecuteChangeSet',
      end.StackStatus === 'UPDATE_ROLLBACK_COMPLETE'
        ? 'the stack and its nested stacks are back to their previous version; fix the resource named above and deploy again'
        : 'fix the resource named above and deploy again',
    );
  }
  return end;
}

export const nestedStrategy: ApplyStrategy = { name: 'nested-stacks', plan, apply: changeSetStrategy.apply, wait };

/** The parent of a split service says so in its description, so a deploy knows it without listing resources. */
export function isNestedParent(stack: Stack | undefined): boolean {
  return Boolean(stack?.Description?.endsWith(NESTED_MARK));
}
