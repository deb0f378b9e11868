// Pure: what `stepf migrate` moves from the Serverless stack (where the plugin deployed the machines) to
// stepf's stack. From the two templates and the physical IDs deployed, each resource of stepf's template is
// paired with the plugin's resource it takes over (same logical ID and type; a deployment or a notification
// policy whose ID is a hash, by what it is attached to), and each pair moves unless something pins it to the
// Serverless stack. No SDK: aws/ reads the stacks, report/ shows the plan.
import type { TakenEntry } from '../compile/resources.js';
import type { Resource, Template } from '../compile/types.js';
import { formatPath } from '../errors.js';
import { canonical } from '../diff/values.js';
import { resolveValue, Unresolvable, type StackFacts } from '../diff/resolve.js';
import { referencesIn, type Reference } from './refs.js';
import { compareMoved, type Difference } from './compare.js';

export type MigrateAction = 'move' | 'keep' | 'create' | 'done';

export interface MigrateRow {
  /** move: from the Serverless stack into stepf's; keep: stays in the Serverless stack, stepf's stack reads it;
   * create: new in stepf's stack (its next deploy makes it); done: already in stepf's stack. */
  action: MigrateAction;
  type: string;
  /** Logical ID in the Serverless stack. */
  from?: string;
  /** Logical ID in stepf's stack. */
  to?: string;
  physicalId?: string;
  /** Why a keep stays, or why a create is new. */
  why?: string;
  /** For a move: where stepf's template differs from what is deployed (the move keeps what is deployed). */
  differences?: Difference[];
}

export interface Unmovable {
  logicalId: string;
  type: string;
  physicalId?: string;
  reason: string;
  /** What to do about it. */
  hint?: string;
}

export interface MigrationPlan {
  serverlessStack: string;
  stepfStack: string;
  rows: MigrateRow[];
  /** Resources of the plugin's that stay behind: `serverless deploy` without the plugin deletes them. */
  unmovable: Unmovable[];
  /** Outputs of the Serverless stack that name a moved resource: they leave it with the move. */
  outputsLeaving: string[];
  /** Nothing left to move (a re-run after the move, or nothing of the plugin's deployed). */
  nothingToMove: boolean;
  /**
   * The entries of serverless.yml's `resources:` that stepf's stack takes: `serverless deploy` reads that block
   * too, so once the plugin is gone they go under custom.stepf.stackResources, which it never reads.
   */
  stackResourcesMove: StackResourcesMove[];
}

export interface StackResourcesMove {
  /** Where the entry is written now (`resources.Resources.X`) and where it goes (`custom.stepf.stackResources.Resources.X`). */
  from: string;
  to: string;
  /** A condition an entry that stays uses too: copied, kept in resources: as well. */
  copy?: true;
  /** The file `from` is written in, when that part of resources: is `${file(...)}`. */
  file?: string;
}

export interface StackState {
  name: string;
  template: Template;
  /** Logical ID → physical ID of each resource deployed. */
  physicalIds: Record<string, string>;
  /** The stack's Parameters as deployed, and its ID (what a moved resource's references to them become). */
  parameters?: Record<string, string>;
  stackId?: string;
}

export interface PlanInput {
  serverless: StackState;
  /** stepf's compiled template, and its stack as deployed (absent when it does not exist yet). */
  stepf: { name: string; template: Template; deployed?: StackState };
  /** stepf's Parameters that read a resource of the Serverless stack: parameter → logical ID there. */
  readsFromServerless?: Record<string, string>;
  /** Where both stacks live: the values of pseudo-parameters and the ARNs built from physical IDs. */
  env: { region: string; accountId: string; partition: string };
  /** The values stepf's Parameters get (read from the Serverless stack as deploy reads them). */
  parameterValues?: Record<string, string>;
  /** The `resources:` entries stepf's template takes from serverless.yml (PackageResult.takenResources). */
  takenResources?: TakenEntry[];
  /** Attributes of the Serverless stack's resources read from their services (`ApiGatewayRestApi.RootResourceId`). */
  knownAttributes?: Record<string, string>;
  /** Exports of the Serverless stack that other stacks import (ListImports): an output leaving would break them. */
  importedExports?: Record<string, string[]>;
}

const STEP_FUNCTIONS = /^AWS::StepFunctions::/;
const REST_API = 'AWS::ApiGateway::RestApi';

/**
 * Resources whose plugin ID ends in a hash or an instance number stepf cannot reproduce: paired by what
 * they are attached to instead, once the resources they name are paired.
 */
const ATTACHED_BY: Record<string, string[]> = {
  'AWS::ApiGateway::Deployment': ['RestApiId', 'StageName'],
  'AWS::SNS::TopicPolicy': ['Topics'],
  'AWS::SQS::QueuePolicy': ['Queues'],
  'AWS::Lambda::Permission': ['FunctionName', 'Principal'],
};

export function planMigration(input: PlanInput): MigrationPlan {
  const oldRes = input.serverless.template.Resources ?? {};
  const newRes = input.stepf.template.Resources ?? {};
  const oldIds = new Set(Object.keys(oldRes));
  const deployedNew = input.stepf.deployed?.physicalIds ?? {};
  const oldPhysical = input.serverless.physicalIds;

  // Pairs (old → new): first by logical ID and type, then the attached ones by what they attach to.
  const pairs = new Map<string, string>();
  for (const [id, r] of Object.entries(newRes)) if (oldRes[id]?.Type === r.Type && oldPhysical[id]) pairs.set(id, id);
  const byId = new Set(pairs.keys());
  pairAttached(input, pairs);

  const blocked = blockers(input, pairs);

  const rows: MigrateRow[] = [];
  const unmovable: Unmovable[] = [];
  const movedNew = new Set<string>();
  const facts = factsOf(input, pairs);
  for (const [oldId, newId] of pairs) {
    const b = blocked.get(oldId);
    if (b) {
      // A deployment or policy paired by what it is attached to goes with that (it is not the plugin's alone).
      if (!byId.has(oldId)) continue;
      unmovable.push({ logicalId: oldId, type: oldRes[oldId].Type, physicalId: oldPhysical[oldId], ...b });
      continue;
    }
    movedNew.add(newId);
    const differences = compareMoved({ from: oldId, to: newId, deployed: oldRes[oldId], stepf: newRes[newId] }, facts, pairs);
    rows.push({ action: 'move', type: oldRes[oldId].Type, from: oldId, to: newId, physicalId: oldPhysical[oldId], ...(differences.length ? { differences } : {}) });
  }
  for (const [newId, r] of Object.entries(newRes)) {
    if (movedNew.has(newId)) continue;
    if (deployedNew[newId]) {
      rows.push({ action: 'done', type: r.Type, to: newId, physicalId: deployedNew[newId] });
      continue;
    }
    const replaces = [...pairs].find(([, n]) => n === newId)?.[0];
    rows.push({ action: 'create', type: r.Type, to: newId, why: replaces ? `in place of the Serverless stack's ${replaces}, which cannot move` : undefined });
  }
  // The plugin's machines and activities that stepf's template no longer has (renamed or removed in serverless.yml).
  for (const [id, r] of Object.entries(oldRes)) {
    if (pairs.has(id) || !STEP_FUNCTIONS.test(r.Type) || !oldPhysical[id]) continue;
    unmovable.push({ logicalId: id, type: r.Type, physicalId: oldPhysical[id], reason: `stepf's template has no ${id} (renamed or removed in serverless.yml?)`, hint: 'give it the same name (or id) as before to move it' });
  }
  for (const [param, id] of Object.entries(input.readsFromServerless ?? {})) {
    if (!oldRes[id] || pairs.has(id) || rows.some((r) => r.from === id)) continue;
    rows.push({ action: 'keep', type: oldRes[id].Type, from: id, physicalId: oldPhysical[id], why: `stepf's stack reads it (Parameter ${param})` });
  }

  const moving = new Set(rows.filter((r) => r.action === 'move').map((r) => r.from!));
  const outputsLeaving = Object.entries(input.serverless.template.Outputs ?? {})
    .filter(([, o]) => referencesIn(o.Value, oldIds).some((r) => moving.has(r.id)))
    .map(([k]) => k);
  return {
    serverlessStack: input.serverless.name,
    stepfStack: input.stepf.name,
    rows,
    unmovable,
    outputsLeaving,
    nothingToMove: moving.size === 0,
    stackResourcesMove: (input.takenResources ?? []).map((e) => ({
      from: formatPath(e.path),
      to: `custom.stepf.stackResources.${e.section}.${e.id}`,
      ...(e.alsoStaying ? { copy: true as const } : {}),
      ...(e.file ? { file: e.file } : {}),
    })),
  };
}

/** The two stacks' facts for working out values: a moved resource has the same physical ID in both. */
export function factsOf(input: PlanInput, pairs: Map<string, string>): { before: StackFacts; after: StackFacts } {
  const common = { ...input.env, stackId: '' };
  const after: Record<string, string> = { ...(input.stepf.deployed?.physicalIds ?? {}) };
  for (const [oldId, newId] of pairs) if (input.serverless.physicalIds[oldId]) after[newId] = input.serverless.physicalIds[oldId];
  return {
    before: { ...common, template: input.serverless.template, stackName: input.serverless.name, parameters: {}, physicalIds: input.serverless.physicalIds },
    after: { ...common, template: input.stepf.template, stackName: input.stepf.name, parameters: input.parameterValues ?? {}, physicalIds: after },
  };
}

/** A value worked out against a stack; where CloudFormation alone knows it, its references renamed to stepf's IDs. */
function settled(f: StackFacts, v: unknown, pairs?: Map<string, string>): string {
  try {
    return canonical(resolveValue(f, v));
  } catch (err) {
    if (!(err instanceof Unresolvable)) throw err;
    return canonical(pairs ? renamed(v, pairs) : v);
  }
}

type Blocker = Omit<Unmovable, 'logicalId' | 'type' | 'physicalId'>;

/** Why each pair that cannot move cannot (old logical ID → reason and hint). */
function blockers(input: PlanInput, pairs: Map<string, string>): Map<string, Blocker> {
  const oldRes = input.serverless.template.Resources ?? {};
  const oldIds = new Set(Object.keys(oldRes));
  const deployedNew = input.stepf.deployed?.physicalIds ?? {};
  const oldPhysical = input.serverless.physicalIds;
  const blocked = new Map<string, Blocker>();
  const block = (oldId: string, reason: string, hint?: string) => {
    if (!blocked.has(oldId)) blocked.set(oldId, hint ? { reason, hint } : { reason });
  };

  // stepf's stack already holds a resource of that logical ID (an earlier stepf deploy made its own).
  for (const [oldId, newId] of pairs) {
    if (deployedNew[newId] && deployedNew[newId] !== oldPhysical[oldId]) {
      block(oldId, `stepf's stack already has its own ${newId} (${deployedNew[newId]})`, `stepf remove --stage <stage> first if the plugin's one is to be kept, then migrate again`);
    }
  }

  for (const oldId of pairs.keys()) {
    if (oldRes[oldId].Condition) block(oldId, `it has a Condition (${oldRes[oldId].Condition}), which a move cannot carry`, 'move it by hand, or drop the condition with a serverless deploy first');
  }

  // What stays in the Serverless stack and refers to a resource that would move pins it there.
  // (A resource of the template that is not deployed, a false Condition's, refers to nothing.)
  const staying = [...oldIds].filter((id) => !pairs.has(id) && oldPhysical[id]);
  for (const id of staying) {
    for (const ref of referencesIn(oldRes[id].Properties ?? {}, oldIds)) {
      if (!pairs.has(ref.id)) continue;
      if (oldRes[ref.id].Type === REST_API) {
        block(ref.id, `the Serverless stack's API also serves the functions' http events (${id} is one of them), so it stays there`, 'stepf\'s stack gets its own API (a new URL); to keep the URLs, share this API: provider.apiGateway.restApiId (README "Two stacks, one service", What goes where, item 5)');
      } else {
        block(ref.id, `${id}, which stays in the Serverless stack, refers to it`, `make serverless.yml refer to it by its ARN or name (${oldPhysical[ref.id] ?? 'its physical ID'}) instead of Ref/Fn::GetAtt (stepf package warns where), serverless deploy, then migrate`);
      }
    }
  }
  for (const [key, out] of Object.entries(input.serverless.template.Outputs ?? {})) {
    const exportName = (out.Export as { Name?: unknown } | undefined)?.Name;
    const importers = typeof exportName === 'string' ? input.importedExports?.[exportName] : undefined;
    if (!importers?.length) continue;
    for (const ref of referencesIn(out.Value, oldIds)) {
      if (pairs.has(ref.id)) block(ref.id, `output ${key} exports it as ${exportName}, which ${importers.join(', ')} import${importers.length === 1 ? 's' : ''}`, `make ${importers.join(', ')} read it another way (its ARN, or \${cf:${input.stepf.name}.${key}} once stepf's stack has it), then migrate`);
    }
  }

  // A moved resource must take along what it refers to, or refer to it across the stacks by a value known now.
  for (let changed = true; changed; ) {
    changed = false;
    for (const [oldId] of pairs) {
      if (blocked.has(oldId)) continue;
      const why = pinnedBy(oldId, oldRes, oldIds, pairs, blocked, oldPhysical, input.knownAttributes ?? {});
      if (why) {
        block(oldId, why.reason, why.hint);
        changed = true;
      }
    }
    // And what cannot move keeps what it refers to (a machine that stays keeps its role).
    for (const [oldId] of pairs) {
      if (!blocked.has(oldId)) continue;
      for (const ref of referencesIn(oldRes[oldId].Properties ?? {}, oldIds)) {
        if (ref.id === oldId || !pairs.has(ref.id) || blocked.has(ref.id)) continue;
        block(ref.id, `${oldId}, which cannot move, refers to it`, blocked.get(oldId)?.hint);
        changed = true;
      }
    }
  }

  return blocked;
}

function pairAttached(input: PlanInput, pairs: Map<string, string>): void {
  const oldRes = input.serverless.template.Resources ?? {};
  const newRes = input.stepf.template.Resources ?? {};
  const takenNew = new Set(pairs.values());
  const { before, after } = factsOf(input, pairs);
  for (const [newId, r] of Object.entries(newRes)) {
    const keys = ATTACHED_BY[r.Type];
    if (!keys || takenNew.has(newId)) continue;
    const key = settled(after, keys.map((k) => r.Properties?.[k]));
    const candidates = Object.entries(oldRes).filter(
      ([oldId, o]) => o.Type === r.Type && !pairs.has(oldId) && input.serverless.physicalIds[oldId] && !(oldId in newRes) && settled(before, keys.map((k) => o.Properties?.[k]), pairs) === key,
    );
    // Two of the plugin's attached to the same thing: which one is stepf's is a guess, so neither pairs.
    if (candidates.length !== 1) continue;
    pairs.set(candidates[0][0], newId);
    takenNew.add(newId);
  }
}

/** Ref/GetAtt to old IDs rewritten to their new IDs, for comparing what two resources are attached to. */
function renamed(v: unknown, pairs: Map<string, string>): unknown {
  if (Array.isArray(v)) return v.map((x) => renamed(x, pairs));
  if (!v || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  if ('Ref' in o && typeof o.Ref === 'string' && Object.keys(o).length === 1) return { Ref: pairs.get(o.Ref) ?? `old:${o.Ref}` };
  if ('Fn::GetAtt' in o && Array.isArray(o['Fn::GetAtt']) && Object.keys(o).length === 1) {
    const [id, attr] = o['Fn::GetAtt'] as [string, string];
    return { 'Fn::GetAtt': [pairs.get(id) ?? `old:${id}`, attr] };
  }
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, renamed(x, pairs)]));
}

/**
 * Why a resource cannot move although paired: it refers to one of the plugin's that cannot move, or to a
 * resource staying in the Serverless stack through an attribute no physical ID gives.
 */
function pinnedBy(
  oldId: string,
  oldRes: Record<string, Resource>,
  oldIds: ReadonlySet<string>,
  pairs: Map<string, string>,
  blocked: Map<string, { reason: string; hint?: string }>,
  oldPhysical: Record<string, string>,
  known: Record<string, string>,
): { reason: string; hint?: string } | undefined {
  for (const ref of referencesIn(oldRes[oldId].Properties ?? {}, oldIds)) {
    if (ref.id === oldId) continue;
    if (pairs.has(ref.id)) {
      const b = blocked.get(ref.id);
      if (!b) continue;
      // On an API that stays, a method or resource stays too: stepf's stack makes them anew on its own API.
      if (oldRes[ref.id].Type === REST_API) {
        return { reason: `it belongs to the Serverless stack's API ${oldPhysical[ref.id] ?? ref.id}, which stays (it serves the functions too); stepf's stack makes its own`, hint: b.hint };
      }
      // Anything else that stays is referred to by value, as what stays outside the plugin's resources is.
    }
    if (!crossesStacks(ref, oldRes[ref.id], oldPhysical) && !(ref.attr && `${ref.id}.${ref.attr}` in known)) {
      return { reason: `it refers to ${ref.id}${ref.attr ? `.${ref.attr}` : ''} in the Serverless stack, a value CloudFormation alone knows`, hint: 'refer to it by its ARN or name in serverless.yml instead' };
    }
  }
  return undefined;
}

/** The attributes that follow from a physical ID (src/diff/resolve.ts works them out): a move turns them into values. */
const KNOWN_ATTRIBUTES: Record<string, string[]> = {
  'AWS::Lambda::Function': ['Arn'],
  'AWS::IAM::Role': ['Arn'],
  'AWS::SQS::Queue': ['Arn', 'QueueName', 'QueueUrl'],
  'AWS::SNS::Topic': ['TopicArn', 'TopicName'],
  'AWS::DynamoDB::Table': ['Arn'],
  'AWS::S3::Bucket': ['Arn'],
  'AWS::Logs::LogGroup': ['Arn'],
  'AWS::Events::EventBus': ['Arn'],
  'AWS::StepFunctions::StateMachine': ['Arn', 'Name'],
  'AWS::StepFunctions::Activity': ['Arn', 'Name'],
};

function crossesStacks(ref: Reference, target: Resource | undefined, oldPhysical: Record<string, string>): boolean {
  if (!target || !oldPhysical[ref.id]) return false;
  if (!ref.attr) return true;
  if (target.Type === 'AWS::IAM::Role' && ref.attr === 'Arn' && typeof (target.Properties?.Path ?? '/') !== 'string') return false;
  return KNOWN_ATTRIBUTES[target.Type]?.includes(ref.attr) ?? false;
}
