import type { Diagnostic } from '../errors.js';
import { getAttParts } from './intrinsics.js';
import type { MachineModel, ResourcesModel } from './model.js';
import { activityLogicalId, activityOutputKey, machineLogicalId, machineOutputKey } from './naming.js';

/** Logical IDs a value refers to: Ref, Fn::GetAtt, `${X}` in Fn::Sub, `#{X}` pseudo references, Condition names. */
export function referencedIds(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    for (const m of value.matchAll(/#\{([^}]+)\}/g)) out.add(m[1].split('.')[0]);
    return out;
  }
  if (Array.isArray(value)) {
    for (const v of value) referencedIds(v, out);
    return out;
  }
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    for (const [k, v] of Object.entries(obj)) {
      if (k === 'Ref' && typeof v === 'string') out.add(v);
      else if (k === 'Fn::GetAtt') {
        const p = getAttParts(v);
        if (p) out.add(p[0]);
      } else if (k === 'Fn::Sub') {
        const text = typeof v === 'string' ? v : Array.isArray(v) ? v[0] : undefined;
        if (typeof text === 'string') for (const m of text.matchAll(/\$\{([^!}][^}]*)\}/g)) out.add(m[1].trim().split('.')[0]);
        if (Array.isArray(v)) referencedIds(v[1], out);
        continue;
      } else if ((k === 'Condition' || k === 'DependsOn') && typeof v === 'string') out.add(v);
      else if (k === 'DependsOn' && Array.isArray(v)) v.forEach((d) => typeof d === 'string' && out.add(d));
      else if (k === 'Fn::If' && Array.isArray(v) && typeof v[0] === 'string') out.add(v[0]);
      referencedIds(v, out);
    }
  }
  return out;
}

/** The `Fn::GetAtt X.attr` a value makes (also `${X.attr}` in Fn::Sub text and `#{X.attr}`), as [X, attr]. */
export function attributeReferences(value: unknown, out: Array<[string, string]> = []): Array<[string, string]> {
  const dotted = (text: string, re: RegExp) => {
    for (const m of text.matchAll(re)) {
      const p = getAttParts(m[1].trim());
      if (p) out.push(p);
    }
  };
  if (typeof value === 'string') dotted(value, /#\{([^}]+)\}/g);
  else if (Array.isArray(value)) for (const v of value) attributeReferences(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'Fn::GetAtt') {
        const p = getAttParts(v);
        if (p) out.push(p);
      } else if (k === 'Fn::Sub') {
        const text = typeof v === 'string' ? v : Array.isArray(v) ? v[0] : undefined;
        if (typeof text === 'string') dotted(text, /\$\{([^!}][^}]*)\}/g);
        if (Array.isArray(v)) attributeReferences(v[1], out);
        continue;
      }
      attributeReferences(v, out);
    }
  }
  return out;
}

export interface ResourceChoice {
  Resources: string[];
  Outputs: string[];
  Conditions: string[];
}

/**
 * Which `resources:` entries stepf's stack takes: all of them for a service with no functions (or
 * `custom.stepf.resources: all`), else each entry that refers to something stepf's stack holds, to a fixpoint.
 */
export function chooseResources(raw: ResourcesModel, ownIds: Set<string>, mode: 'all' | 'referenced', serving: Set<string> = new Set()): ResourceChoice {
  const res = raw.Resources ?? {};
  const outs = raw.Outputs ?? {};
  const conds = raw.Conditions ?? {};
  if (mode === 'all') return { Resources: Object.keys(res), Outputs: Object.keys(outs), Conditions: Object.keys(conds) };
  // `serving`: entries that exist for stepf's resources though they refer to none (an authorizer of its API).
  const held = new Set([...ownIds, ...serving]);
  const taken = new Set([...serving].filter((id) => id in res));
  let changed = true;
  while (changed) {
    changed = false;
    for (const [id, r] of Object.entries(res)) {
      if (taken.has(id)) continue;
      if ([...referencedIds(r)].some((x) => held.has(x))) {
        taken.add(id);
        held.add(id);
        changed = true;
      }
    }
  }
  const outputs = Object.keys(outs).filter((id) => [...referencedIds(outs[id])].some((x) => held.has(x)));
  // Conditions are copied (not moved) where a taken entry uses them, with the conditions they use.
  const needed = new Set<string>();
  const addCond = (name: string) => {
    if (!(name in conds) || needed.has(name)) return;
    needed.add(name);
    for (const x of referencedIds(conds[name])) addCond(x);
  };
  for (const id of [...taken]) for (const x of referencedIds(res[id])) addCond(x);
  for (const id of outputs) for (const x of referencedIds(outs[id])) addCond(x);
  return { Resources: [...taken], Outputs: outputs, Conditions: [...needed] };
}

/** An entry of `resources:` that stepf's stack takes, where it is written (`resources.Resources.X`, `resources[1].Outputs.Y`). */
export interface TakenEntry {
  section: 'Resources' | 'Outputs' | 'Conditions';
  id: string;
  path: Array<string | number>;
  /** A condition that an entry staying with the Serverless stack uses too: copied, not moved. */
  alsoStaying?: true;
  /** The file the entry is written in, when its part of `resources:` is `${file(...)}`. */
  file?: string;
}

/** The taken entries, in the order written, each with its config path. */
export function takenEntries(
  raw: ResourcesModel,
  choice: ResourceChoice,
  origin: ReadonlyMap<string, Array<string | number>>,
  fileOf: (path: Array<string | number>) => string | undefined = () => undefined,
): TakenEntry[] {
  const staying = new Set<string>();
  for (const section of ['Resources', 'Outputs'] as const) {
    const taken = new Set(choice[section]);
    for (const [id, v] of Object.entries(raw[section] ?? {})) if (!taken.has(id)) referencedIds(v, staying);
  }
  return (['Resources', 'Outputs', 'Conditions'] as const).flatMap((section) =>
    choice[section].map((id) => {
      const path = [...(origin.get(`${section}.${id}`) ?? ['resources', section, id])];
      const file = fileOf(path);
      return { section, id, path, ...(section === 'Conditions' && staying.has(id) ? { alsoStaying: true as const } : {}), ...(file ? { file } : {}) };
    }),
  );
}

/**
 * The other direction: a reference to stepf's stack from functions or from a resource that stays with
 * the Serverless stack would break `serverless deploy`. Each one is a warning with the exact replacement.
 */
export function crossReferenceWarnings(input: {
  functionsRaw: Record<string, unknown>;
  /** provider: its iamRoleStatements / iam.role.statements, environment, ... belong to the functions. */
  providerRaw?: unknown;
  stayingRaw: ResourcesModel;
  taken: ResourceChoice;
  /** stepf-held logical ID → the value to write instead (e.g. `${cf:svc-dev-stepf.HelloArn}`). */
  replacement: (id: string) => string;
  outputReplacement: (outputKey: string) => string;
}): Diagnostic[] {
  const warnings: Diagnostic[] = [];
  const takenOutputs = new Set(input.taken.Outputs);
  const takenResources = new Set(input.taken.Resources);
  const scan = (value: unknown, path: Array<string | number>, owned: (id: string) => boolean) => {
    const visit = (v: unknown, p: Array<string | number>) => {
      if (typeof v === 'string') {
        for (const m of v.matchAll(/\$\{self:resources\.(Outputs|Resources)\.([A-Za-z0-9]+)[^}]*\}/g)) {
          const [, section, id] = m;
          if (section === 'Outputs' ? takenOutputs.has(id) : takenResources.has(id)) {
            warnings.push({
              severity: 'warning',
              code: 'reference-to-stepf-stack',
              message: `${m[0]} points into stepf's stack, which serverless deploy cannot see`,
              path: p,
              hint: `write ${section === 'Outputs' ? input.outputReplacement(id) : input.replacement(id)} instead (and deploy stepf first)`,
            });
          }
        }
      }
      if (Array.isArray(v)) return v.forEach((x, i) => visit(x, [...p, i]));
      if (v && typeof v === 'object') {
        const obj = v as Record<string, unknown>;
        const keys = Object.keys(obj);
        if (keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Fn::GetAtt' || keys[0] === 'Fn::Sub')) {
          for (const id of referencedIds(obj)) {
            if (owned(id)) {
              warnings.push({
                severity: 'warning',
                code: 'reference-to-stepf-stack',
                message: `${keys[0]} to ${id}, which now lives in stepf's stack; serverless deploy would fail on it`,
                path: p,
                hint: `write ${input.replacement(id)} instead (and deploy stepf first)`,
              });
            }
          }
          return;
        }
        for (const [k, x] of Object.entries(obj)) visit(x, [...p, k]);
      }
    };
    visit(value, path);
  };
  const owned = (id: string) => takenResources.has(id) || input.replacement(id) !== '';
  scan(input.functionsRaw, ['functions'], owned);
  // The functions' role and environment: a plugin user's `Ref: MyStateMachine` in provider.iamRoleStatements.
  if (input.providerRaw !== undefined) scan(input.providerRaw, ['provider'], owned);
  for (const [id, r] of Object.entries(input.stayingRaw.Resources ?? {})) scan(r, ['resources', 'Resources', id], owned);
  for (const [id, o] of Object.entries(input.stayingRaw.Outputs ?? {})) scan(o, ['resources', 'Outputs', id], owned);
  return warnings;
}

/**
 * What a reference from the Serverless stack to `id` should be written as once `id` lives in stepf's stack
 * (for crossReferenceWarnings); '' for an ID stepf's stack does not hold.
 */
export function replacementInStepfStack(svc: {
  stackName: string;
  noOutput: boolean;
  machines: MachineModel[];
  activities: string[];
  own: Set<string>;
  taken: ResourceChoice;
}): (id: string) => string {
  const { stackName } = svc;
  const byLogicalId = new Map(svc.machines.map((m) => [machineLogicalId(m), m]));
  return (id) => {
    const m = byLogicalId.get(id);
    if (m) {
      if (!svc.noOutput) return `\${cf:${stackName}.${machineOutputKey(m)}}`;
      if (m.name) return `arn:aws:states:\${aws:region}:\${aws:accountId}:stateMachine:${m.name}`;
      return `an Output of ${stackName} (noOutput is set, so add one under resources.Outputs)`;
    }
    // An activity's ARN is already an Output of stepf's stack.
    const activity = svc.activities.find((a) => activityLogicalId(a) === id);
    if (activity) return `\${cf:${stackName}.${activityOutputKey(activity)}}`;
    if (svc.own.has(id) || svc.taken.Resources.includes(id)) return `an Output of ${stackName} that exports ${id} (read with \${cf:${stackName}.<OutputKey>})`;
    return '';
  };
}
