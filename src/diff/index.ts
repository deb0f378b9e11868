// Pure: what a deploy of `next` would change in a stack whose template is `deployed` (undefined: no stack).
// Resources added / removed / modified per property with replacement, a state machine's definition as a
// diff of states, IAM statements in their own list, Outputs, parameter values and the template's other
// sections (Description, Conditions, Parameters, Mappings, Metadata, Transform, ...). No SDK, no I/O.
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

/** A change to a template section other than Resources and Outputs. */
export interface SectionChange {
  /** `Description`, `Conditions`, `Parameters` (their declarations; their values are `parameters`), `Mappings`, `Metadata`, `Transform`, `Rules`, `AWSTemplateFormatVersion`. */
  section: string;
  /** The entry of a section that holds named entries (a condition, a parameter, a mapping); absent for Description, Transform and the version. */
  key?: string;
  change: 'added' | 'removed' | 'modified';
  before?: string;
  after?: string;
  /** For a condition: the resources and outputs whose `Condition` it is (in either template), which it may create or delete. */
  decides?: string[];
}

export interface TemplateDiff {
  /** False when the stack does not exist yet: everything is added. */
  stackExists: boolean;
  iam: IamStatementRow[];
  resources: ResourceChange[];
  outputs: EntryChange[];
  /** Parameter values (cross-stack references), deployed against what this deploy would send. */
  parameters: EntryChange[];
  /** Every other section of the template: a condition can add or delete resources without a line of Resources changing. */
  sections: SectionChange[];
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

/** `Conditions.IsProd`, `Description`: how a section change is named in the diff and in a hotswap's fallback. */
export function sectionLabel(c: Pick<SectionChange, 'section' | 'key'>): string {
  return c.key === undefined ? c.section : `${c.section}.${c.key}`;
}

/** Sections compared entry by entry; any other (Description, Transform, the format version) is one value. */
const KEYED_SECTIONS = new Set(['Parameters', 'Mappings', 'Conditions', 'Metadata', 'Rules']);
const ANATOMY = ['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings', 'Conditions', 'Transform'];
const isMap = (v: unknown): v is Record<string, unknown> => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

/** Resources and outputs whose `Condition` attribute names the condition, in any of the templates. */
function conditionUsers(templates: Array<Template | undefined>, name: string): string[] {
  const ids = new Set<string>();
  for (const t of templates) {
    for (const [id, r] of Object.entries(t?.Resources ?? {})) if (r.Condition === name) ids.add(id);
    for (const [id, o] of Object.entries(t?.Outputs ?? {})) if (o.Condition === name) ids.add(id);
  }
  return [...ids];
}

function sectionChanges(deployed: Template | undefined, next: Template): SectionChange[] {
  const a = (deployed ?? {}) as unknown as Record<string, unknown>;
  const b = next as unknown as Record<string, unknown>;
  const out: SectionChange[] = [];
  // In the order of CloudFormation's template anatomy, whatever order each template has them in.
  const rank = (k: string) => (ANATOMY.includes(k) ? ANATOMY.indexOf(k) : ANATOMY.length);
  for (const [section, change] of entryChanges(a, b).sort(([x], [y]) => rank(x) - rank(y) || x.localeCompare(y))) {
    if (section === 'Resources' || section === 'Outputs') continue;
    if (KEYED_SECTIONS.has(section) && (isMap(a[section]) || a[section] === undefined) && (isMap(b[section]) || b[section] === undefined)) {
      for (const e of mapChanges((a[section] ?? {}) as Record<string, unknown>, (b[section] ?? {}) as Record<string, unknown>)) {
        const decides = section === 'Conditions' ? conditionUsers([deployed, next], e.key) : [];
        out.push({ section, ...e, ...(decides.length ? { decides } : {}) });
      }
    } else {
      out.push({ section, change, ...(a[section] !== undefined ? { before: show(a[section]) } : {}), ...(b[section] !== undefined ? { after: show(b[section]) } : {}) });
    }
  }
  return out;
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
  const sections = sectionChanges(deployed, next);
  const iam = diffIam(deployed, next);
  const versions = diffVersions(deployed, next, resources);
  return {
    stackExists: Boolean(deployed),
    iam,
    resources,
    outputs,
    parameters,
    sections,
    empty: !resources.length && !outputs.length && !parameters.length && !sections.length && !iam.length,
    ...(versions.length ? { versions } : {}),
  };
}
