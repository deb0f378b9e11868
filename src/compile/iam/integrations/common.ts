import { A, P, regional, type Res, sub } from '../arn.js';
import type { Grant } from '../types.js';
import type { Val } from '../values.js';

/** The managed EventBridge rule Step Functions creates for a `.sync` integration. */
export function eventsRule(ruleName: string): Grant {
  return { actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'], resources: [regional('events', `rule/${ruleName}`)] };
}

/** A role ARN from a value that may be an ARN or a role name; a run-time value → any role of the account. */
export function roleArn(v: Val): Res {
  if (v.kind === 'text') return v.text.startsWith('arn:') ? sub(v) : sub(`arn:${P}:iam::${A}:role/`, v);
  if (v.kind === 'ref') return v.value;
  return sub(`arn:${P}:iam::${A}:role/*`);
}

/** `iam:PassRole` on the named roles, only towards the services that will assume them. */
export function passRole(roles: Val[], services: string[]): Grant[] {
  const named = roles.filter((r) => r.kind !== 'absent');
  if (!named.length) return [];
  return [
    {
      actions: ['iam:PassRole'],
      resources: named.map(roleArn),
      condition: { StringEquals: { 'iam:PassedToService': services.length === 1 ? services[0] : services } },
    },
  ];
}

/** `<type>/<name>` under the service's regional ARN; a run-time name → `<type>/*`. */
export function named(service: string, type: string, v: Val, suffix = ''): Res {
  if (v.kind === 'text' && v.text.startsWith('arn:')) return sub(v);
  if (v.kind === 'ref' && ('Fn::GetAtt' in v.value)) return v.value;
  return regional(service, `${type}`, v.kind === 'absent' ? { kind: 'dynamic' } : v, suffix);
}

export const isSync = (pattern: string): boolean => pattern === 'sync' || pattern === 'sync:2';
