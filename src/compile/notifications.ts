import type { NotificationTarget } from '../config/schema/index.js';
import { EXECUTION_STATUSES, NOTIFICATION_TARGETS as TARGET_TYPES } from '../config/schema/notifications.js';
import { error, type EventContext, isArnLike, isObject, machinePath, type Path, roleExtras, shortHash, startTarget, userValue } from './events/common.js';
import { getAttParts, isIntrinsic } from './intrinsics.js';
import type { MachineModel } from './model.js';
import {
  fitName,
  lambdaLogicalId,
  machineLogicalId,
  notificationPolicyLogicalId,
  notificationRoleLogicalId,
  notificationRuleLogicalId,
  notificationRuleName,
} from './naming.js';
import type { IamStatement, Resource } from './types.js';

/**
 * `notifications` (reference §6.2): per execution status, an EventBridge rule on the machine's status-change
 * events with SNS, SQS, Lambda, Kinesis, Firehose or Step Functions targets, and the permissions they need.
 * Fixed from the plugin: every resource policy is scoped to its rule (aws:SourceArn), rule names carry the
 * stage, unknown statuses and EXPRESS machines are errors, and Kinesis/Firehose targets get their role.
 */

type TargetType = (typeof TARGET_TYPES)[number];
const STATUSES = EXECUTION_STATUSES;

/** SNS topic and SQS queue policies replace each other, so one resource per topic/queue holds every statement. */
interface SharedPolicy {
  logicalId: string;
  statements: IamStatement[];
}

export interface NotificationState {
  topics: Map<string, SharedPolicy>;
  queues: Map<string, SharedPolicy>;
}

export function newNotificationState(): NotificationState {
  return { topics: new Map(), queues: new Map() };
}

const ARN_PART = '(?:\\$\\{[^}]*\\}|[^:])*';
const SQS_ARN_RE = new RegExp(`^arn:${ARN_PART}:sqs:(${ARN_PART}):(${ARN_PART}):(.+)$`);

/** The queue URL that AWS::SQS::QueuePolicy wants, from the ARN the user gave. */
function queueUrl(ctx: EventContext, raw: unknown, arn: unknown, path: Path): unknown {
  if (isIntrinsic(raw) && 'Fn::GetAtt' in raw) {
    const parts = getAttParts(raw['Fn::GetAtt']);
    if (parts && parts[1] === 'Arn') return userValue(ctx, { Ref: parts[0] }, path);
  }
  const text = typeof arn === 'string' ? arn : isObject(arn) && typeof arn['Fn::Sub'] === 'string' ? arn['Fn::Sub'] : undefined;
  const m = text !== undefined ? SQS_ARN_RE.exec(text) : null;
  if (!m) {
    error(
      ctx,
      path,
      'cannot derive the SQS queue URL from this ARN, which the queue policy needs',
      'give the queue as an ARN string (arn:aws:sqs:<region>:<account>:<name>) or as !GetAtt <Queue>.Arn',
    );
    return undefined;
  }
  const url = `https://sqs.${m[1]}.\${AWS::URLSuffix}/${m[2]}/${m[3]}`;
  return { 'Fn::Sub': url };
}

/** A Ref to a local function, or its bare key, means the function's ARN for a Lambda target. */
function lambdaArn(ctx: EventContext, raw: unknown): unknown {
  const fn = (id: string) => ctx.svc.functions.find((f) => f.key === id || lambdaLogicalId(f.key) === id);
  if (isIntrinsic(raw) && typeof raw.Ref === 'string' && fn(raw.Ref)) return { 'Fn::GetAtt': [lambdaLogicalId(fn(raw.Ref)!.key), 'Arn'] };
  if (typeof raw === 'string' && !raw.includes(':') && fn(raw)) return { 'Fn::GetAtt': [lambdaLogicalId(fn(raw)!.key), 'Arn'] };
  return raw;
}

/** A Ref (or GetAtt .Arn) to a machine of this service starts what its events start (events/common.ts startTarget). */
function machineArn(ctx: EventContext, raw: unknown): unknown {
  if (!isIntrinsic(raw)) return raw;
  const att = 'Fn::GetAtt' in raw ? getAttParts(raw['Fn::GetAtt']) : undefined;
  const id = typeof raw.Ref === 'string' ? raw.Ref : att?.[1] === 'Arn' ? att[0] : undefined;
  const m = ctx.svc.machines.find((x) => machineLogicalId(x) === id);
  return m ? startTarget(m) : raw;
}

interface ParsedTarget {
  type: TargetType;
  raw: unknown;
  arn: unknown;
  params?: Record<string, unknown>;
  input: Record<string, unknown>;
}

/** One target, as the schema typed it (one type, its keys and types, inputPath without inputTransformer). */
function parseTarget(ctx: EventContext, t: NotificationTarget, path: Path): ParsedTarget | undefined {
  const type = TARGET_TYPES.find((k) => t[k] !== undefined)!;
  let raw: unknown = t[type];
  let params: Record<string, unknown> | undefined;
  const o = type === 'sqs' || type === 'kinesis' ? t[type] : undefined;
  // {arn, messageGroupId} or {arn, partitionKeyPath}; an intrinsic has no `arn` key.
  if (isObject(o) && 'arn' in o) {
    if ('messageGroupId' in o) params = { SqsParameters: { MessageGroupId: o.messageGroupId } };
    else if ('partitionKeyPath' in o && o.partitionKeyPath !== undefined) params = { KinesisParameters: { PartitionKeyPath: o.partitionKeyPath } };
    raw = o.arn;
  }
  if (type === 'lambda') raw = lambdaArn(ctx, raw);
  if (!isArnLike(raw)) return void error(ctx, [...path, type], `the ${type} target must be an ARN (or an intrinsic such as !GetAtt X.Arn)`);
  const input: Record<string, unknown> = {};
  if (t.inputPath !== undefined) input.InputPath = t.inputPath;
  if (t.inputTransformer !== undefined) {
    const it = t.inputTransformer;
    input.InputTransformer = {
      ...(it.inputPathsMap !== undefined ? { InputPathsMap: it.inputPathsMap } : {}),
      InputTemplate: userValue(ctx, it.inputTemplate, [...path, 'inputTransformer', 'inputTemplate']),
    };
  }
  // IDs and names hash `raw`, so they stay put when the target machine gains an alias.
  const arn = userValue(ctx, type === 'stepFunctions' ? machineArn(ctx, raw) : raw, [...path, type]);
  return { type, raw, arn, params, input };
}

function addShared(ctx: EventContext, map: Map<string, SharedPolicy>, key: unknown, logicalId: string, statement: IamStatement, make: (s: IamStatement[]) => Resource): void {
  const k = JSON.stringify(key);
  let shared = map.get(k);
  if (!shared) {
    shared = { logicalId, statements: [] };
    map.set(k, shared);
    ctx.template.Resources[logicalId] = make(shared.statements);
  }
  if (!shared.statements.some((s) => JSON.stringify(s) === JSON.stringify(statement))) shared.statements.push(statement);
}

export function compileNotifications(ctx: EventContext, m: MachineModel, state: NotificationState): void {
  // The schema's typed output: statuses, lists, target types and keys are checked there.
  const cfg = m.notifications;
  if (cfg === undefined || cfg === null) return;
  const path = machinePath(m, 'notifications');
  if (m.type === 'EXPRESS') {
    return error(
      ctx,
      path,
      `state machine ${m.key} is EXPRESS: Step Functions sends no execution status events for Express workflows, so these notifications would never fire`,
      'remove `notifications`, or use `type: STANDARD` (the plugin skipped them silently)',
      'unsupported',
    );
  }
  let bad = false;
  for (const [k, v] of Object.entries(cfg)) {
    if (v && v.length > 5) {
      error(ctx, [...path, k], `notifications.${k} has ${v.length} targets; an EventBridge rule takes at most 5`, 'fan out through one SNS topic instead');
      bad = true;
    }
  }
  if (bad) return;

  const smId = machineLogicalId(m);
  const roleId = notificationRoleLogicalId(m);
  const label = m.name ?? m.key;
  const rolePolicies = new Map<string, Record<string, unknown>>();
  let index = 0;
  for (const status of STATUSES) {
    const list = cfg[status] ?? [];
    if (!list.length) continue;
    const ruleId = notificationRuleLogicalId(m, status);
    const ruleArn = { 'Fn::GetAtt': [ruleId, 'Arn'] };
    const targets: Array<Record<string, unknown>> = [];
    list.forEach((t, i) => {
      const tPath = [...path, status, i];
      const globalIndex = index++;
      const p = parseTarget(ctx, t, tPath);
      if (!p) return;
      const target: Record<string, unknown> = {
        Arn: p.arn,
        Id: fitName(`${label}-${status}`, `-${shortHash({ target: { Arn: p.raw }, index: i })}`),
        ...(p.params ?? {}),
        ...p.input,
      };
      const policyId = () => notificationPolicyLogicalId(m, shortHash({ index: globalIndex, resource: p.raw }));
      const sid = `${smId}-${status}-${p.type}-${shortHash({ arn: p.raw })}`;
      const fromRule = { ArnEquals: { 'aws:SourceArn': ruleArn } };
      if (p.type === 'sns') {
        addShared(ctx, state.topics, p.arn, policyId(), {
          Sid: sid, Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish', Resource: p.arn, Condition: fromRule,
        }, (statements) => ({ Type: 'AWS::SNS::TopicPolicy', Properties: { PolicyDocument: { Version: '2012-10-17', Statement: statements }, Topics: [p.arn] } }));
      } else if (p.type === 'sqs') {
        const url = queueUrl(ctx, p.raw, p.arn, [...tPath, 'sqs']);
        if (url === undefined) return;
        addShared(ctx, state.queues, url, policyId(), {
          Sid: sid, Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: p.arn, Condition: fromRule,
        }, (statements) => ({ Type: 'AWS::SQS::QueuePolicy', Properties: { PolicyDocument: { Version: '2012-10-17', Statement: statements }, Queues: [url] } }));
      } else if (p.type === 'lambda') {
        ctx.template.Resources[policyId()] = {
          Type: 'AWS::Lambda::Permission',
          Properties: { Action: 'lambda:InvokeFunction', FunctionName: p.arn, Principal: 'events.amazonaws.com', SourceArn: ruleArn },
        };
      } else {
        const action = { kinesis: 'kinesis:PutRecord', firehose: 'firehose:PutRecord', stepFunctions: 'states:StartExecution' }[p.type];
        const name = `${status}-${p.type}-${shortHash({ action, resource: p.raw })}`;
        rolePolicies.set(name, {
          PolicyName: name,
          PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: p.arn }] },
        });
        // Kinesis and Firehose targets need the role on the target too (the plugin set it only for Step Functions).
        target.RoleArn = { 'Fn::GetAtt': [roleId, 'Arn'] };
      }
      targets.push(target);
    });
    ctx.template.Resources[ruleId] = {
      Type: 'AWS::Events::Rule',
      Properties: {
        Description: `[${status}] status notification for state machine [${label}]`,
        EventPattern: {
          source: ['aws.states'],
          'detail-type': ['Step Functions Execution Status Change'],
          detail: { status: [status], stateMachineArn: [{ Ref: smId }] },
        },
        Name: notificationRuleName(m, ctx.svc.stage, status),
        Targets: targets,
      },
    };
  }
  if (rolePolicies.size) {
    ctx.template.Resources[roleId] = {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        },
        Policies: [...rolePolicies.values()],
        ...roleExtras(ctx),
      },
    };
  }
}
