// Pure: what a deploy of `next` would change in a stack whose template is `deployed` (undefined: no stack).
// Resources added / removed / modified per property with replacement, a state machine's definition as a
// diff of states, IAM statements in their own list, Outputs and Parameters. No SDK, no I/O.
import type { Template } from '../compile/types.js';
import { definitionOf, diffDefinitions, type DefinitionDiff } from './definition.js';
import { diffIam, type IamStatementRow } from './iam.js';
import { replacesOn, type Replacement } from './replacement.js';
import { same, show } from './values.js';
import { diffVersions, type VersionChange } from './versions.js';

export type { DefinitionDiff, StateChange } from './definition.js';
export type { IamStatementRow } from './iam.js';

export interface PropertyChange {
  /** A top-level property (`DefinitionString`, `RoleArn`, `Policies`) or a resource attribute (`DependsOn`, `Type`). */
  property: string;
  change: 'added' | 'removed' | 'modified';
  before?: unknown;
  after?: unknown;
  replacement: Replacement;
}

export interface ResourceChange {
  logicalId: string;
  type: string;
  change: 'added' | 'removed' | 'modified';
  /** For `modified`: yes when any property change replaces it (a new physical resource). */
  replacement: Replacement;
  properties: PropertyChange[];
  /** For a state machine whose definition changed (or that is added or removed). */
  definition?: DefinitionDiff;
}

export interface EntryChange {
  key: string;
  change: 'added' | 'removed' | 'modified';
  before?: string;
  after?: string;
}

export interface TemplateDiff {
  /** False when the stack does not exist yet: everything is added. */
  stackExists: boolean;
  iam: IamStatementRow[];
  resources: ResourceChange[];
  outputs: EntryChange[];
  /** Parameter values (cross-stack references), deployed against what this deploy would send. */
  parameters: EntryChange[];
  /** True when a deploy would change nothing. */
  empty: boolean;
  /** Machines with `versions: true`: whether a version is published and how their aliases move. */
  versions?: VersionChange[];
}

export interface DiffInput {
  deployed?: Template;
  next: Template;
  deployedParameters?: Record<string, string>;
  nextParameters?: Record<string, string>;
}

export const STATE_MACHINE = 'AWS::StepFunctions::StateMachine';
const ATTRIBUTES = ['Type', 'DependsOn', 'DeletionPolicy', 'UpdateReplacePolicy', 'Condition', 'Metadata'] as const;
const DEFINITION_PROPS = new Set(['DefinitionString', 'Definition']);

function entryChanges(a: Record<string, unknown>, b: Record<string, unknown>): Array<[string, PropertyChange['change']]> {
  const out: Array<[string, PropertyChange['change']]> = [];
  for (const k of Object.keys(b)) if (b[k] !== undefined && !same(a[k], b[k])) out.push([k, a[k] === undefined ? 'added' : 'modified']);
  for (const k of Object.keys(a)) if (a[k] !== undefined && b[k] === undefined) out.push([k, 'removed']);
  return out;
}

function resourceChange(id: string, before: Template['Resources'][string] | undefined, after: Template['Resources'][string] | undefined): ResourceChange | undefined {
  const type = after?.Type ?? before?.Type ?? '';
  const machine = type === STATE_MACHINE;
  if (!before || !after) {
    const change = before ? 'removed' : 'added';
    return {
      logicalId: id,
      type,
      change,
      replacement: 'no',
      properties: [],
      ...(machine ? { definition: diffDefinitions(before ? definitionOf(before.Properties) : undefined, after ? definitionOf(after.Properties) : undefined) } : {}),
    };
  }
  const properties: PropertyChange[] = [];
  for (const attr of ATTRIBUTES) {
    if (!same(before[attr], after[attr])) {
      properties.push({ property: attr, change: before[attr] === undefined ? 'added' : after[attr] === undefined ? 'removed' : 'modified', before: before[attr], after: after[attr], replacement: attr === 'Type' ? 'yes' : 'no' });
    }
  }
  const pa = before.Properties ?? {};
  const pb = after.Properties ?? {};
  for (const [k, change] of entryChanges(pa, pb)) properties.push({ property: k, change, before: pa[k], after: pb[k], replacement: replacesOn(type, k) });
  if (!properties.length) return undefined;
  const replacement: Replacement = properties.some((p) => p.replacement === 'yes') ? 'yes' : properties.some((p) => p.replacement === 'unknown') ? 'unknown' : 'no';
  const defChanged = machine && properties.some((p) => DEFINITION_PROPS.has(p.property));
  return {
    logicalId: id,
    type,
    change: 'modified',
    replacement,
    properties,
    ...(defChanged ? { definition: diffDefinitions(definitionOf(pa), definitionOf(pb)) } : {}),
  };
}

function mapChanges(a: Record<string, unknown>, b: Record<string, unknown>): EntryChange[] {
  return entryChanges(a, b).map(([key, change]) => ({
    key,
    change,
    ...(a[key] !== undefined ? { before: show(a[key]) } : {}),
    ...(b[key] !== undefined ? { after: show(b[key]) } : {}),
  }));
}

export function diffTemplates(input: DiffInput): TemplateDiff {
  const { deployed, next } = input;
  const ids = [...new Set([...Object.keys(next.Resources), ...Object.keys(deployed?.Resources ?? {})])];
  const resources = ids.map((id) => resourceChange(id, deployed?.Resources[id], next.Resources[id])).filter((r): r is ResourceChange => !!r);
  // An output reads as its value; its description or export changing still counts.
  const outputs = mapChanges((deployed?.Outputs ?? {}) as Record<string, unknown>, (next.Outputs ?? {}) as Record<string, unknown>).map((e) => ({
    ...e,
    ...(e.before !== undefined ? { before: show(deployed?.Outputs?.[e.key]?.Value) } : {}),
    ...(e.after !== undefined ? { after: show(next.Outputs?.[e.key]?.Value) } : {}),
  }));
  const parameters = mapChanges(deployed ? (input.deployedParameters ?? {}) : {}, input.nextParameters ?? {});
  const iam = diffIam(deployed, next);
  const versions = diffVersions(deployed, next, resources);
  return {
    stackExists: Boolean(deployed),
    iam,
    resources,
    outputs,
    parameters,
    empty: !resources.length && !outputs.length && !parameters.length && !iam.length,
    ...(versions.length ? { versions } : {}),
  };
}
