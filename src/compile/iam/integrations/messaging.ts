import { asIs, P, R, regional, type Res, selectPart, sub } from '../arn.js';
import type { Grant, Handler, TaskCtx } from '../types.js';
import { DYNAMIC_MARK, type Val, valueOf } from '../values.js';
import { named, passRole } from './common.js';

/** A queue URL (`https://sqs.<region>.amazonaws.com/<account>/<name>`) as the queue's ARN. */
export function queueArnFromUrl(v: Val): Res {
  if (v.kind === 'text') {
    const m = /^https?:\/\/([^/]+)\/([^/]+)\/([^/]+)\/?$/.exec(v.text);
    if (!m) return regional('sqs', '*');
    const host = m[1];
    const region = /^sqs\.([^.]+)\./.exec(host)?.[1] ?? /^([a-z0-9-]+)\.queue\./.exec(host)?.[1] ?? R;
    return sub(`arn:${P}:sqs:`, region === 'amazonaws' ? R : region, ':', m[2], ':', m[3]);
  }
  if (v.kind === 'ref') {
    // Any intrinsic holding a URL (Ref, GetAtt QueueUrl, ImportValue, Join): account and name are its 4th and 5th '/' fields.
    return sub(`arn:${P}:sqs:${R}:`, selectPart(v.value, '/', 3), ':', selectPart(v.value, '/', 4));
  }
  return regional('sqs', '*');
}

export function queueResources(t: TaskCtx): Res[] {
  const url = t.params.get('QueueUrl');
  if (url.kind !== 'absent') return [queueArnFromUrl(url)];
  const name = t.params.get('QueueName');
  if (name.kind !== 'absent') return [regional('sqs', name.kind === 'text' || name.kind === 'ref' ? name : { kind: 'dynamic' })];
  return [regional('sqs', '*')];
}

export const sqsSend: Handler = (t) => [{ actions: ['sqs:SendMessage'], resources: queueResources(t) }];

export function topicResources(t: TaskCtx): Res[] | undefined {
  for (const field of ['TopicArn', 'TargetArn']) {
    const v = t.params.get(field);
    if (v.kind === 'text' || v.kind === 'ref') return [asIs(v)];
    if (v.kind === 'dynamic') return [regional('sns', '*')];
  }
  if (t.params.dynamic) return [regional('sns', '*')];
  return undefined;
}

export const snsPublish: Handler = (t) => {
  const resources = topicResources(t);
  if (!resources) {
    // Publishing to a phone number: sns:Publish then has no resource to name.
    t.warn('sns:publish without TopicArn or TargetArn (an SMS to PhoneNumber) cannot be granted on a topic', 'add sns:Publish with Resource "*" under iamRoleStatements of this state machine if you send SMS');
    return [];
  }
  return [{ actions: ['sns:Publish'], resources }];
};

/** EventBridge PutEvents: every bus the entries name (`default` when they name none). */
export const eventsPutEvents: Handler = (t) => {
  const entries = t.params.node('Entries');
  const buses: Res[] = [];
  if (entries === DYNAMIC_MARK || !Array.isArray(entries)) buses.push(regional('events', 'event-bus/*'));
  else
    for (const e of entries) {
      const entry = e && typeof e === 'object' ? (e as Record<string, unknown>) : {};
      if (typeof e === 'string' || 'EventBusName.$' in entry) {
        buses.push(regional('events', 'event-bus/*'));
        continue;
      }
      const bus = valueOf(entry.EventBusName);
      if (bus.kind === 'absent') buses.push(regional('events', 'event-bus/default'));
      else if (bus.kind === 'text' && bus.text.startsWith('arn:')) buses.push(asIs(bus));
      else if (bus.kind === 'ref' && 'Fn::GetAtt' in bus.value) buses.push(bus.value);
      else buses.push(regional('events', 'event-bus/', bus.kind === 'text' || bus.kind === 'ref' ? bus : { kind: 'dynamic' }));
    }
  return [{ actions: ['events:PutEvents'], resources: buses }];
};

/** EventBridge Scheduler: the schedule in its group, and PassRole on the target's role. */
export function schedulerGrants(t: TaskCtx, actions: string[]): Grant[] {
  const group = t.params.get('GroupName');
  const name = t.params.get('Name');
  const g: Val = group.kind === 'absent' ? { kind: 'text', text: 'default' } : group;
  const resources = [regional('scheduler', 'schedule/', g, '/', name.kind === 'absent' ? { kind: 'dynamic' } : name)];
  return [{ actions, resources }, ...passRole([t.params.get('Target', 'RoleArn')], ['scheduler.amazonaws.com'])];
}

/** SES: the sending identity (the address and its domain), the configuration set when named. */
export function sesGrants(t: TaskCtx, actions: string[]): Grant[] {
  const resources: Res[] = [];
  const arn = t.params.get('FromEmailAddressIdentityArn');
  const from = [t.params.get('FromEmailAddress'), t.params.get('Source')].find((v) => v.kind !== 'absent') ?? { kind: 'dynamic' as const };
  if (arn.kind === 'text' || arn.kind === 'ref') resources.push(asIs(arn));
  else if (from.kind === 'text' && !from.text.includes('${')) {
    // "Name <a@b.com>" or "a@b.com": either identity (address or domain) may be the verified one.
    const addr = /<([^>]+)>/.exec(from.text)?.[1] ?? from.text;
    const domain = addr.split('@')[1];
    resources.push(regional('ses', `identity/${addr}`));
    if (domain) resources.push(regional('ses', `identity/${domain}`));
  } else resources.push(regional('ses', 'identity/*'));
  const cs = t.params.get('ConfigurationSetName');
  if (cs.kind !== 'absent') resources.push(named('ses', 'configuration-set/', cs));
  for (const field of [['Content', 'Template', 'TemplateName'], ['Template']]) {
    const tpl = t.params.get(...field);
    if (tpl.kind !== 'absent') resources.push(named('ses', 'template/', tpl));
  }
  return [{ actions, resources }];
}

