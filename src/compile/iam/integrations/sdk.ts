import { A, asIs, P, R, regional, type Res, sub } from '../arn.js';
import { actionPatterns, isKnownService, isUnscoped } from '../iam-table.js';
import { iamActions, iamPrefix, SDK_SERVICE_UNMAPPABLE } from '../sdk-names.js';
import type { Grant, TaskCtx } from '../types.js';
import type { Val } from '../values.js';
import { named } from './common.js';
import { codebuildGrants } from './compute.js';
import { athenaGrants, bedrockInvokeGrants } from './data.js';
import { dynamodbGrants } from './dynamodb.js';
import { lambdaResources } from './lambda.js';
import { eventsPutEvents, queueResources, schedulerGrants, sesGrants, topicResources } from './messaging.js';
import { s3SdkGrants } from './s3.js';
import { sfnSdkGrants } from './states.js';

const DYN: Val = { kind: 'dynamic' };
const known = (v: Val): Val => (v.kind === 'text' || v.kind === 'ref' ? v : DYN);
const first = (t: TaskCtx, ...fields: string[]): Val => fields.map((f) => t.params.get(f)).find((v) => v.kind !== 'absent') ?? { kind: 'absent' };

type Family = (t: TaskCtx, actions: string[], sdkAction: string) => Grant[] | undefined;

/** A secret by ARN, or by name (Secrets Manager appends `-` and 6 random characters to the ARN). */
function secretArn(v: Val): Res {
  if (v.kind === 'text' && v.text.startsWith('arn:')) return asIs(v);
  if (v.kind === 'text' || v.kind === 'ref') return regional('secretsmanager', 'secret:', v, '-??????');
  return regional('secretsmanager', 'secret:*');
}

function redshiftDataGrants(t: TaskCtx, actions: string[], sdkAction: string): Grant[] {
  if (!['executeStatement', 'batchExecuteStatement'].includes(sdkAction)) return [{ actions, resources: ['*'] }];
  const cluster = t.params.get('ClusterIdentifier');
  const workgroup = t.params.get('WorkgroupName');
  const db = known(t.params.get('Database'));
  const grants: Grant[] = [];
  if (cluster.kind !== 'absent') {
    const c = known(cluster);
    grants.push({ actions, resources: [sub(`arn:${P}:redshift:${R}:${A}:cluster:`, c)] });
    const secret = t.params.get('SecretArn');
    const user = t.params.get('DbUser');
    if (secret.kind !== 'absent') grants.push({ actions: ['secretsmanager:GetSecretValue'], resources: [secretArn(secret)] });
    else if (user.kind !== 'absent') grants.push({ actions: ['redshift:GetClusterCredentials'], resources: [sub(`arn:${P}:redshift:${R}:${A}:dbuser:`, c, '/', known(user)), sub(`arn:${P}:redshift:${R}:${A}:dbname:`, c, '/', db)] });
    else grants.push({ actions: ['redshift:GetClusterCredentialsWithIAM'], resources: [sub(`arn:${P}:redshift:${R}:${A}:dbname:`, c, '/', db)] });
    return grants;
  }
  // A workgroup ARN holds its ID, not its name: any workgroup of the account.
  const wg = regional('redshift-serverless', 'workgroup/*');
  grants.push({ actions, resources: [wg] });
  const secret = t.params.get('SecretArn');
  if (secret.kind !== 'absent') grants.push({ actions: ['secretsmanager:GetSecretValue'], resources: [secretArn(secret)] });
  else if (workgroup.kind !== 'absent') grants.push({ actions: ['redshift-serverless:GetCredentials'], resources: [wg] });
  return grants;
}

/** Per IAM prefix: how the resource follows from the request parameters. */
const FAMILIES: Record<string, Family> = {
  lambda: (t, actions) => [{ actions, resources: lambdaResources(first(t, 'FunctionName'), t) }],
  sqs: (t, actions) => [{ actions, resources: queueResources(t) }],
  sns: (t, actions) => [{ actions, resources: topicResources(t) ?? [regional('sns', '*')] }],
  dynamodb: (t, actions, op) => dynamodbGrants(t, actions, op),
  states: (t, actions, op) => sfnSdkGrants(t, actions, op),
  s3: (t, actions, op) => s3SdkGrants(t, actions, op),
  events: (t, actions, op) => {
    if (op === 'putEvents') return eventsPutEvents(t);
    const rule = t.params.get('Rule');
    const bus = t.params.get('EventBusName');
    if (rule.kind === 'absent') return undefined;
    const res = bus.kind === 'absent' || (bus.kind === 'text' && bus.text === 'default') ? regional('events', 'rule/', known(rule)) : regional('events', 'rule/', known(bus), '/', known(rule));
    return [{ actions, resources: [res] }];
  },
  scheduler: (t, actions) => schedulerGrants(t, actions),
  ses: (t, actions, op) => (/^send/.test(op) ? sesGrants(t, actions) : undefined),
  secretsmanager: (t, actions) => {
    const id = t.params.get('SecretId');
    return id.kind === 'absent' ? undefined : [{ actions, resources: [secretArn(id)] }];
  },
  ssm: (t, actions) => {
    const name = t.params.get('Name');
    const names = t.params.node('Names');
    const param = (v: Val): Res => (v.kind === 'text' ? regional('ssm', `parameter/${v.text.replace(/^\//, '')}`) : v.kind === 'ref' ? regional('ssm', 'parameter', v) : regional('ssm', 'parameter/*'));
    if (Array.isArray(names)) return [{ actions, resources: names.map((n) => param(typeof n === 'string' ? { kind: 'text', text: n } : DYN)) }];
    if (name.kind !== 'absent') return [{ actions, resources: [param(name)] }];
    const path = t.params.get('Path');
    if (path.kind === 'text') return [{ actions, resources: [regional('ssm', `parameter/${path.text.replace(/^\//, '')}*`)] }];
    return undefined;
  },
  kinesis: (t, actions) => {
    const arn = t.params.get('StreamARN');
    if (arn.kind === 'text' || arn.kind === 'ref') return [{ actions, resources: [asIs(arn)] }];
    const name = t.params.get('StreamName');
    return name.kind === 'absent' ? undefined : [{ actions, resources: [regional('kinesis', 'stream/', known(name))] }];
  },
  firehose: (t, actions) => {
    const name = t.params.get('DeliveryStreamName');
    return name.kind === 'absent' ? undefined : [{ actions, resources: [regional('firehose', 'deliverystream/', known(name))] }];
  },
  glue: (t, actions, op) => {
    if (/Crawler/.test(op)) return [{ actions, resources: [named('glue', 'crawler/', known(first(t, 'Name', 'CrawlerName')))] }];
    const job = t.params.get('JobName');
    return job.kind === 'absent' ? undefined : [{ actions, resources: [named('glue', 'job/', known(job))] }];
  },
  athena: (t, _actions, op) => athenaGrants(t, op),
  codebuild: (t, _actions, op) => codebuildGrants(t, op),
  bedrock: (t, actions, op) => (['invokeModel', 'converse', 'converseStream', 'invokeModelWithResponseStream'].includes(op) ? bedrockInvokeGrants(t, actions) : undefined),
  'redshift-data': redshiftDataGrants,
  kms: (t, actions) => {
    const key = t.params.get('KeyId');
    if (key.kind === 'text' && key.text.startsWith('arn:')) return [{ actions, resources: [asIs(key)] }];
    if (key.kind === 'text' && !key.text.startsWith('alias/')) return [{ actions, resources: [regional('kms', 'key/', key)] }];
    return undefined;
  },
  logs: (t, actions) => {
    const group = t.params.get('LogGroupName');
    if (group.kind === 'absent') return undefined;
    return [{ actions, resources: [regional('logs', 'log-group:', known(group)), regional('logs', 'log-group:', known(group), ':*')] }];
  },
};

/** `arn:aws:states:::aws-sdk:<service>:<action>`: IAM actions by the name table, resources by family or pattern. */
export function sdkGrants(t: TaskCtx, service: string, sdkAction: string): Grant[] | undefined {
  if (SDK_SERVICE_UNMAPPABLE.has(service)) return undefined;
  const prefix = iamPrefix(service);
  if (!isKnownService(prefix)) return undefined;
  const actions = iamActions(service, sdkAction);
  const family = FAMILIES[prefix];
  const derived = family?.(t, actions, sdkAction);
  if (derived) return derived;
  return accountWideGrants(t, service, sdkAction, actions);
}

/**
 * Resource not named by a parameter stepf knows: every resource of the types each action is authorized
 * on (iam-data), in this account and region. Actions without resource-level permissions get `*`.
 */
function accountWideGrants(t: TaskCtx, service: string, sdkAction: string, actions: string[]): Grant[] {
  const grants: Grant[] = [];
  const types = new Set<string>();
  for (const action of actions) {
    if (isUnscoped(action)) {
      grants.push({ actions: [action], resources: ['*'] });
      continue;
    }
    const patterns = actionPatterns(action);
    // An action iam-data does not list in a service without ARNs: nothing narrower than `*` exists.
    if (!patterns.length) {
      grants.push({ actions: [action], resources: ['*'] });
      continue;
    }
    patterns.forEach((p) => types.add(p.type));
    grants.push({ actions: [action], resources: patterns.flatMap((p) => p.subs.map((s) => ({ 'Fn::Sub': s }) as Res)) });
  }
  if (types.size) {
    const scoped = actions.filter((a) => !isUnscoped(a));
    t.warn(
      `${scoped.join(', ')} is granted on every ${[...types].join(', ')} of this account and region: stepf does not know which parameter of ${service}:${sdkAction} names the resource`,
      'review it in `stepf package --json` (machines[].grants); to narrow it, give this state machine a role of your own (`role`)',
    );
  }
  return grants;
}
