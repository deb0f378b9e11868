// Pure: the templates a migration submits. A move carries each resource as it is deployed (CloudFormation's
// stack refactor refuses any change of configuration), so the moved definitions come from the Serverless
// stack's template with their references rewritten: to a moved resource by its new logical ID, to what stays
// behind by its value now (its physical ID, an ARN built from it, a parameter's value, the old stack's name).
import type { Resource, Template } from '../compile/types.js';
import { resolveValue, Unresolvable } from '../diff/resolve.js';
import type { MigrationPlan, PlanInput } from './plan.js';
import { factsOf } from './plan.js';
import { rewriteReferences } from './refs.js';

export interface Move {
  from: string;
  to: string;
  type: string;
  physicalId: string;
}

export interface MigrationTemplates {
  moves: Move[];
  /** The Serverless stack without the moved resources and the outputs naming them. */
  serverless: Template;
  /** stepf's stack as deployed (or empty) with the moved resources, as they are deployed. */
  stepf: Template;
  /** True when stepf's stack does not exist yet (the refactor creates it). */
  createsStepfStack: boolean;
}

const PSEUDO_DIFFERING = new Set(['AWS::StackName', 'AWS::StackId']);

export function movesOf(plan: MigrationPlan): Move[] {
  return plan.rows.filter((r) => r.action === 'move').map((r) => ({ from: r.from!, to: r.to!, type: r.type, physicalId: r.physicalId! }));
}

export function migrationTemplates(input: PlanInput, plan: MigrationPlan): MigrationTemplates {
  const moves = movesOf(plan);
  const old = input.serverless.template;
  const renames = new Map(moves.map((m) => [m.from, m.to]));
  const { before } = factsOf(input, renames);
  const params = input.serverless.parameters ?? {};

  const literal = (id: string, attr?: string): { literal: unknown } | undefined => {
    if (PSEUDO_DIFFERING.has(id)) return { literal: id === 'AWS::StackName' ? input.serverless.name : input.serverless.stackId ?? '' };
    if (id.startsWith('AWS::')) return undefined;
    if (id in params && !attr) return { literal: params[id] };
    if (attr && input.knownAttributes?.[`${id}.${attr}`] !== undefined) return { literal: input.knownAttributes[`${id}.${attr}`] };
    if (!old.Resources[id]) return undefined;
    try {
      return { literal: resolveValue(before, attr ? { 'Fn::GetAtt': [id, attr] } : { Ref: id }) };
    } catch (err) {
      if (err instanceof Unresolvable) return undefined;
      throw err;
    }
  };
  const carried = (r: Resource): Resource => {
    const out: Resource = { ...structuredClone(r) };
    if (r.Properties) out.Properties = rewriteReferences(r.Properties, (ref) => renames.get(ref.id) ?? literal(ref.id, ref.attr)) as Record<string, unknown>;
    const deps = (Array.isArray(r.DependsOn) ? r.DependsOn : r.DependsOn ? [r.DependsOn] : []).filter((d) => renames.has(d)).map((d) => renames.get(d)!);
    if (deps.length) out.DependsOn = deps;
    else delete out.DependsOn;
    return out;
  };

  const stepfBase = input.stepf.deployed?.template;
  const stepf: Template = stepfBase ? structuredClone(stepfBase) : { AWSTemplateFormatVersion: '2010-09-09', Resources: {} };
  stepf.Description ??= input.stepf.template.Description;
  for (const m of moves) stepf.Resources[m.to] = carried(old.Resources[m.from]);

  const serverless: Template = structuredClone(old);
  for (const m of moves) delete serverless.Resources[m.from];
  for (const key of plan.outputsLeaving) delete serverless.Outputs?.[key];
  // What stays may have waited on a moved resource; across stacks there is no order to keep.
  for (const r of Object.values(serverless.Resources)) {
    if (!r.DependsOn) continue;
    const deps = (Array.isArray(r.DependsOn) ? r.DependsOn : [r.DependsOn]).filter((d) => !renames.has(d));
    if (deps.length) r.DependsOn = deps;
    else delete r.DependsOn;
  }
  return { moves, serverless, stepf, createsStepfStack: !input.stepf.deployed };
}

/** The same templates, every moved resource kept on deletion: the first step of the import path. */
export function retained(t: Template, ids: Iterable<string>): Template {
  const out = structuredClone(t);
  for (const id of ids) {
    const r = out.Resources[id];
    if (r) {
      r.DeletionPolicy = 'Retain';
      r.UpdateReplacePolicy = 'Retain';
    }
  }
  return out;
}

export interface ResourceToImport {
  ResourceType: string;
  LogicalResourceId: string;
  ResourceIdentifier: Record<string, string>;
}

/**
 * How CloudFormation names an existing resource for an IMPORT change set (the type's primary identifier),
 * from its physical ID and its deployed properties. Undefined for a type this does not know: the import
 * path then refuses before changing anything.
 */
export function importIdentifier(move: Move, deployed: Resource, env: { region: string; accountId: string; partition: string }, resolved: (v: unknown) => unknown): Record<string, string> | undefined {
  const p = move.physicalId;
  const prop = (k: string) => {
    const v = resolved(deployed.Properties?.[k]);
    return typeof v === 'string' ? v : undefined;
  };
  switch (move.type) {
    case 'AWS::StepFunctions::StateMachine':
    case 'AWS::StepFunctions::Activity':
      return { Arn: p };
    case 'AWS::IAM::Role':
      return { RoleName: p };
    case 'AWS::Events::Rule':
      return { Arn: `arn:${env.partition}:events:${env.region}:${env.accountId}:rule/${p}` };
    case 'AWS::Logs::LogGroup':
      return { LogGroupName: p };
    case 'AWS::CloudWatch::Alarm':
      return { AlarmName: p };
    case 'AWS::SNS::Topic':
      return { TopicArn: p };
    case 'AWS::SQS::Queue':
      return { QueueUrl: p };
    case 'AWS::ApiGateway::RestApi':
      return { RestApiId: p };
    case 'AWS::ApiGateway::Resource': {
      const api = prop('RestApiId');
      return api ? { RestApiId: api, ResourceId: p } : undefined;
    }
    case 'AWS::ApiGateway::Method': {
      const [api, resource, method] = [prop('RestApiId'), prop('ResourceId'), prop('HttpMethod')];
      return api && resource && method ? { RestApiId: api, ResourceId: resource, HttpMethod: method } : undefined;
    }
    case 'AWS::ApiGateway::Deployment': {
      const api = prop('RestApiId');
      return api ? { DeploymentId: p, RestApiId: api } : undefined;
    }
    default:
      return undefined;
  }
}
