// Which IAM grants a new template adds to a deployed one: what `cdk deploy --require-approval broadening`
// asks about. A grant is one allowed action on one resource (under its condition) in a role's policy or
// a resource policy, one principal a role trusts, one managed policy attached to a role, or one Lambda
// permission. Pure: two templates in, the added grants out; nothing is broadening when only grants go.
import type { Template } from '../compile/types.js';

export interface Grant {
  /** Logical ID of the role, policy or resource that holds it. */
  holder: string;
  /** `Allow s3:GetObject on arn:...`, `trusts {"Service":"states.amazonaws.com"}`, `managed policy arn:...`. */
  text: string;
}

/** JSON with sorted keys, so `{Ref: X}` written twice compares equal however it was built. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const shown = (v: unknown): string => (typeof v === 'string' ? v : canonical(v));

function statementGrants(holder: string, doc: unknown, out: Grant[]): void {
  for (const s of list((doc as { Statement?: unknown } | undefined)?.Statement) as Array<Record<string, unknown>>) {
    if (!s || typeof s !== 'object' || s.Effect === 'Deny') continue;
    const cond = s.Condition !== undefined ? ` when ${canonical(s.Condition)}` : '';
    const who = s.Principal !== undefined ? ` to ${shown(s.Principal)}` : '';
    const actions = s.NotAction !== undefined ? list(s.NotAction).map((a) => `every action but ${shown(a)}`) : list(s.Action).map(shown);
    const resources = s.NotResource !== undefined ? list(s.NotResource).map((r) => `every resource but ${shown(r)}`) : list(s.Resource ?? '*').map(shown);
    for (const a of actions) for (const r of resources) out.push({ holder, text: `Allow ${a} on ${r}${who}${cond}` });
  }
}

const RESOURCE_POLICIES: Record<string, string> = {
  'AWS::IAM::Policy': 'PolicyDocument',
  'AWS::IAM::ManagedPolicy': 'PolicyDocument',
  'AWS::SQS::QueuePolicy': 'PolicyDocument',
  'AWS::SNS::TopicPolicy': 'PolicyDocument',
  'AWS::S3::BucketPolicy': 'PolicyDocument',
  'AWS::Events::EventBusPolicy': 'Statement',
};

/** Every grant a template gives. */
export function grantsOf(t: Template | undefined): Grant[] {
  const out: Grant[] = [];
  for (const [id, r] of Object.entries(t?.Resources ?? {})) {
    const p = (r.Properties ?? {}) as Record<string, unknown>;
    if (r.Type === 'AWS::IAM::Role') {
      for (const s of list((p.AssumeRolePolicyDocument as { Statement?: unknown } | undefined)?.Statement) as Array<Record<string, unknown>>) {
        if (s && s.Effect !== 'Deny') out.push({ holder: id, text: `trusts ${shown(s.Principal)}${s.Condition !== undefined ? ` when ${canonical(s.Condition)}` : ''}` });
      }
      for (const pol of list(p.Policies) as Array<{ PolicyDocument?: unknown }>) statementGrants(id, pol?.PolicyDocument, out);
      for (const arn of list(p.ManagedPolicyArns)) out.push({ holder: id, text: `managed policy ${shown(arn)}` });
    } else if (r.Type === 'AWS::Lambda::Permission') {
      out.push({ holder: id, text: `Allow ${shown(p.Action)} on ${shown(p.FunctionName)} to ${shown(p.Principal)}${p.SourceArn !== undefined ? ` from ${shown(p.SourceArn)}` : ''}` });
    } else if (r.Type && RESOURCE_POLICIES[r.Type]) {
      const doc = r.Type === 'AWS::Events::EventBusPolicy' ? { Statement: p.Statement } : p[RESOURCE_POLICIES[r.Type]];
      statementGrants(id, doc, out);
    }
  }
  return out;
}

/** The grants `after` gives that `before` does not: a new action, resource, principal or policy. */
export function addedGrants(before: Template | undefined, after: Template): Grant[] {
  const had = new Set(grantsOf(before).map((g) => `${g.holder}\n${g.text}`));
  const seen = new Set<string>();
  return grantsOf(after).filter((g) => {
    const k = `${g.holder}\n${g.text}`;
    if (had.has(k) || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
