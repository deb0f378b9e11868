// Pure: a template value with its intrinsics worked out as CloudFormation would, from what a deployed
// stack tells (physical IDs, parameter values, account and region). Hotswap needs the definition Step
// Functions will receive; `stepf diff` needs the one CloudFormation last sent, to spot drift. A value this
// cannot work out (an attribute only CloudFormation knows) is an Unresolvable naming it, never a guess.
import type { Template } from '../compile/types.js';

export class Unresolvable extends Error {
  constructor(readonly what: string) {
    super(`${what} is known only to CloudFormation`);
    this.name = 'Unresolvable';
  }
}

export interface StackFacts {
  template: Template;
  region: string;
  accountId: string;
  partition: string;
  stackName: string;
  stackId: string;
  parameters: Record<string, string>;
  /** Logical ID → physical ID, from DescribeStackResources. */
  physicalIds: Record<string, string>;
}

const last = (s: string, sep: string) => s.slice(s.lastIndexOf(sep) + 1);

function pseudo(f: StackFacts, name: string): string | undefined {
  switch (name) {
    case 'AWS::Region': return f.region;
    case 'AWS::AccountId': return f.accountId;
    case 'AWS::Partition': return f.partition;
    case 'AWS::StackName': return f.stackName;
    case 'AWS::StackId': return f.stackId;
    case 'AWS::URLSuffix': return f.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
    default: return undefined;
  }
}

function ref(f: StackFacts, name: string): string {
  const p = pseudo(f, name);
  if (p !== undefined) return p;
  if (name in f.parameters) return f.parameters[name];
  const id = f.physicalIds[name];
  if (id !== undefined) return id;
  throw new Unresolvable(`Ref ${name}`);
}

/** The attributes whose value follows from the physical ID, for the resource types a definition names. */
function getAtt(f: StackFacts, id: string, attr: string): string {
  const type = f.template.Resources[id]?.Type;
  const phys = f.physicalIds[id];
  const arn = (service: string, rest: string, region = f.region) => `arn:${f.partition}:${service}:${region}:${f.accountId}:${rest}`;
  if (phys !== undefined) {
    if ((type === 'AWS::StepFunctions::StateMachine' || type === 'AWS::StepFunctions::Activity') && attr === 'Arn') return phys;
    if ((type === 'AWS::StepFunctions::StateMachine' && attr === 'Name') || (type === 'AWS::StepFunctions::Activity' && attr === 'Name')) return last(phys, ':');
    if (type === 'AWS::Logs::LogGroup' && attr === 'Arn') return arn('logs', `log-group:${phys}:*`);
    if (type === 'AWS::SQS::Queue' && attr === 'Arn') return arn('sqs', last(phys, '/'));
    if (type === 'AWS::SQS::Queue' && attr === 'QueueName') return last(phys, '/');
    if (type === 'AWS::SQS::Queue' && attr === 'QueueUrl') return phys;
    if (type === 'AWS::SNS::Topic' && attr === 'TopicArn') return phys;
    if (type === 'AWS::SNS::Topic' && attr === 'TopicName') return last(phys, ':');
    if (type === 'AWS::DynamoDB::Table' && attr === 'Arn') return arn('dynamodb', `table/${phys}`);
    if (type === 'AWS::S3::Bucket' && attr === 'Arn') return `arn:${f.partition}:s3:::${phys}`;
    if (type === 'AWS::Events::EventBus' && attr === 'Arn') return arn('events', `event-bus/${phys}`);
    if (type === 'AWS::Lambda::Function' && attr === 'Arn') return arn('lambda', `function:${phys}`);
    if (type === 'AWS::IAM::Role' && attr === 'Arn') {
      const path = (f.template.Resources[id]?.Properties?.Path as string | undefined) ?? '/';
      return `arn:${f.partition}:iam::${f.accountId}:role${path}${phys}`;
    }
  }
  throw new Unresolvable(`Fn::GetAtt ${id}.${attr}`);
}

function sub(f: StackFacts, text: string, vars: Record<string, unknown>): string {
  return text.replace(/\$\{([^}]*)\}/g, (m, name: string) => {
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    if (name in vars) return asText(resolveValue(f, vars[name]), `Fn::Sub variable ${name}`);
    const dot = name.indexOf('.');
    if (dot > 0 && !name.startsWith('AWS::')) return getAtt(f, name.slice(0, dot), name.slice(dot + 1));
    return ref(f, name);
  });
}

function asText(v: unknown, what: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new Unresolvable(`${what} (not a string)`);
}

export function resolveValue(f: StackFacts, v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => resolveValue(f, x));
  if (!v || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1) {
    const [k] = keys;
    const a = o[k];
    if (k === 'Ref' && typeof a === 'string') return ref(f, a);
    if (k === 'Fn::GetAtt') {
      const parts = Array.isArray(a) ? a : typeof a === 'string' ? [a.slice(0, a.indexOf('.')), a.slice(a.indexOf('.') + 1)] : [];
      if (parts.length === 2 && typeof parts[0] === 'string' && typeof parts[1] === 'string') return getAtt(f, parts[0], parts[1]);
    }
    if (k === 'Fn::Sub') {
      if (typeof a === 'string') return sub(f, a, {});
      if (Array.isArray(a) && typeof a[0] === 'string') return sub(f, a[0], (a[1] ?? {}) as Record<string, unknown>);
    }
    if (k === 'Fn::Join' && Array.isArray(a) && typeof a[0] === 'string') {
      const parts = resolveValue(f, a[1]);
      if (Array.isArray(parts)) return parts.map((p) => asText(p, 'Fn::Join part')).join(a[0]);
    }
    if (k === 'Fn::Select' && Array.isArray(a)) {
      const list = resolveValue(f, a[1]);
      const i = Number(resolveValue(f, a[0]));
      if (Array.isArray(list) && i >= 0 && i < list.length) return list[i];
    }
    if (k === 'Fn::Split' && Array.isArray(a) && typeof a[0] === 'string') return asText(resolveValue(f, a[1]), 'Fn::Split source').split(a[0]);
    if (k === 'Ref' || k.startsWith('Fn::')) throw new Unresolvable(k);
  }
  const out: Record<string, unknown> = {};
  for (const [key, x] of Object.entries(o)) out[key] = resolveValue(f, x);
  return out;
}

/**
 * The definition text Step Functions gets for a machine resource: DefinitionString (or Definition) with its
 * intrinsics resolved, then DefinitionSubstitutions applied to its `${key}` placeholders.
 */
export function machineDefinition(f: StackFacts, props: Record<string, unknown>): string {
  const raw = props.Definition !== undefined ? JSON.stringify(resolveValue(f, props.Definition)) : asText(resolveValue(f, props.DefinitionString), 'DefinitionString');
  const subs = props.DefinitionSubstitutions as Record<string, unknown> | undefined;
  if (!subs) return raw;
  return raw.replace(/\$\{([^}]+)\}/g, (m, key: string) => (key in subs ? asText(resolveValue(f, subs[key]), `DefinitionSubstitutions.${key}`) : m));
}
