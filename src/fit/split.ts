// Nested stacks for a service one stack cannot hold: a pure splitter from the one compiled template to a
// parent whose resources are `AWS::CloudFormation::Stack` children, each holding whole groups of resources.
// A group is what references tie together (a machine with its role, log group, events, alarms and
// outputs, plus whatever it names), so no reference ever crosses from one child to another: the only
// values a child receives are the parent's Parameters (values read from the Serverless stack).
// The grouping is stable: a resource deployed in a child stays in that child (the deploy reads where each
// one is and passes it as `previous`); only new groups are placed, in the first child with room.
import { LIMITS } from '../compile/limits.js';
import { nestedStackLogicalId } from '../compile/naming.js';
import { getAttParts, subReferences } from '../compile/intrinsics.js';
import type { Template } from '../compile/types.js';
import { fitDefinitions, STEPF_BUCKET_SUB, type DefinitionObject } from './definitions.js';
import { hexDigest } from '../util/hash.js';

export interface SplitOptions {
  stackName: string;
  /** provider.deploymentBucket; undefined: stepf's bucket. */
  bucket?: string;
  /** custom.stepf.maxStackResources: the most resources one stack may hold (default 500, CloudFormation's). */
  maxResources?: number;
  /** Where each resource is deployed: resource logical ID → child logical ID (read back from the stack). */
  previous?: Record<string, string>;
}

export interface ChildStack {
  logicalId: string;
  template: Template;
  body: string;
  /** The S3 key of its template: the body's hash, so an unchanged child keeps its TemplateURL. */
  key: string;
  definitions: DefinitionObject[];
}

export interface SplitTemplate {
  parent: Template;
  children: ChildStack[];
}

/** The end of a split service's parent description: deploy tells a split stack from it without a listing. */
export const NESTED_MARK = '(nested stacks)';

/** Share of a child's limits that new groups may fill: what is left lets deployed groups grow in place. */
const FILL = 0.8;

/** Whether one stack cannot hold the template: too many resources or outputs, or too large with its definitions in S3. */
export function needsSplit(template: Template, fittedBytes: number, maxResources: number = LIMITS.resources): boolean {
  return (
    Object.keys(template.Resources).length > maxResources ||
    Object.keys(template.Outputs ?? {}).length > LIMITS.outputs ||
    fittedBytes > LIMITS.templateBytes
  );
}

/** Names a value refers to: Ref, Fn::GetAtt, `${X}` / `${X.Attr}` of Fn::Sub, and conditions (Fn::If, Condition). */
export function namesIn(v: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(v)) {
    for (const x of v) namesIn(x, out);
    return out;
  }
  if (!v || typeof v !== 'object') return out;
  const obj = v as Record<string, unknown>;
  for (const [k, val] of Object.entries(obj)) {
    if ((k === 'Ref' || k === 'Condition') && typeof val === 'string') out.add(val);
    else if (k === 'Fn::GetAtt') {
      const parts = getAttParts(val);
      if (parts) out.add(parts[0]);
    } else if (k === 'Fn::If' && Array.isArray(val) && typeof val[0] === 'string') {
      out.add(val[0]);
      namesIn(val.slice(1), out);
      continue;
    } else if (k === 'Fn::Sub') {
      const text = typeof val === 'string' ? val : Array.isArray(val) && typeof val[0] === 'string' ? val[0] : '';
      for (const ref of subReferences(text)) out.add(ref.startsWith('AWS::') ? ref : ref.split('.')[0]);
      if (Array.isArray(val)) namesIn(val[1], out);
      continue;
    }
    namesIn(val, out);
  }
  return out;
}

function depsOf(r: Template['Resources'][string]): string[] {
  return r.DependsOn === undefined ? [] : Array.isArray(r.DependsOn) ? r.DependsOn : [r.DependsOn];
}

/** Groups of resources that reference one another (union-find), each with the outputs that name them. */
function groupsOf(template: Template): Array<{ resources: string[]; outputs: string[] }> {
  const ids = Object.keys(template.Resources);
  const parent = new Map(ids.map((id) => [id, id]));
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(rb, ra);
  };
  for (const id of ids) {
    const r = template.Resources[id];
    for (const name of [...namesIn(r.Properties), ...depsOf(r)]) if (parent.has(name)) union(id, name);
  }
  const byRoot = new Map<string, { resources: string[]; outputs: string[] }>();
  for (const id of ids) {
    const root = find(id);
    if (!byRoot.has(root)) byRoot.set(root, { resources: [], outputs: [] });
    byRoot.get(root)!.resources.push(id);
  }
  const groups = [...byRoot.values()];
  for (const [key, o] of Object.entries(template.Outputs ?? {})) {
    const named = [...namesIn(o.Value)].find((n) => parent.has(n));
    (named ? byRoot.get(find(named))! : groups[0]).outputs.push(key);
  }
  return groups;
}

/** The TemplateURL of a child: the deployment bucket, written so the template stays the same in every account. */
function templateUrl(bucket: string | undefined, key: string): unknown {
  const host = bucket ? bucket : (STEPF_BUCKET_SUB['Fn::Sub'] as string);
  return { 'Fn::Sub': `https://${host}.s3.\${AWS::Region}.\${AWS::URLSuffix}/${key}` };
}

export function childTemplateKey(stackName: string, body: string): string {
  return `stepf/${stackName}/stacks/${hexDigest('sha256', body).slice(0, 20)}.json`;
}

/** Conditions a child needs: those its resources and outputs name, and those they name in turn. */
function conditionsFor(template: Template, named: Set<string>): Record<string, unknown> | undefined {
  const all = (template.Conditions ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const todo = [...named].filter((n) => n in all);
  while (todo.length) {
    const c = todo.pop()!;
    if (c in out) continue;
    out[c] = all[c];
    for (const n of namesIn(all[c])) if (n in all && !(n in out)) todo.push(n);
  }
  return Object.keys(out).length ? out : undefined;
}

/**
 * Splits the template into a parent and children of at most `maxResources` resources and 200 outputs
 * (new groups fill a child to 80%, leaving the rest for deployed groups to grow), keeping every
 * resource in `previous` where it is deployed.
 */
export function splitTemplate(template: Template, opts: SplitOptions): SplitTemplate {
  const maxResources = opts.maxResources ?? LIMITS.resources;
  const room = { resources: Math.max(1, Math.floor(maxResources * FILL)), outputs: Math.floor(LIMITS.outputs * FILL) };
  const previous = opts.previous ?? {};
  const slots = new Map<string, { resources: string[]; outputs: string[] }>();
  const slot = (id: string) => {
    if (!slots.has(id)) slots.set(id, { resources: [], outputs: [] });
    return slots.get(id)!;
  };
  // Children already deployed keep their logical IDs, in their order; new ones are numbered after them.
  for (const child of new Set(Object.values(previous))) slot(child);
  const fresh: Array<{ resources: string[]; outputs: string[] }> = [];
  for (const g of groupsOf(template)) {
    const home = g.resources.map((id) => previous[id]).find((c) => c !== undefined);
    if (home) {
      slot(home).resources.push(...g.resources);
      slot(home).outputs.push(...g.outputs);
    } else fresh.push(g);
  }
  let n = 1;
  const nextId = () => {
    while (slots.has(nestedStackLogicalId(n))) n++;
    return nestedStackLogicalId(n);
  };
  for (const g of fresh) {
    const fits = [...slots.entries()].find(
      ([, s]) => s.resources.length + g.resources.length <= room.resources && s.outputs.length + g.outputs.length <= room.outputs,
    );
    const target = fits ? fits[1] : slot(nextId());
    target.resources.push(...g.resources);
    target.outputs.push(...g.outputs);
  }

  const params = template.Parameters ?? {};
  const used = new Set<string>();
  const children: ChildStack[] = [];
  const parentResources: Template['Resources'] = {};
  for (const [logicalId, s] of slots) {
    if (!s.resources.length && !s.outputs.length) continue;
    const resources = Object.fromEntries(s.resources.map((id) => [id, template.Resources[id]]));
    const outputs = Object.fromEntries(s.outputs.map((k) => [k, template.Outputs![k]]));
    const named = new Set<string>();
    for (const r of Object.values(resources)) {
      namesIn(r.Properties, named);
      if (r.Condition) named.add(r.Condition);
    }
    for (const o of Object.values(outputs)) {
      namesIn(o.Value, named);
      if (o.Condition) named.add(o.Condition);
    }
    const conditions = conditionsFor(template, named);
    for (const c of Object.values(conditions ?? {})) namesIn(c, named);
    const childParams = Object.keys(params).filter((p) => named.has(p));
    for (const p of childParams) used.add(p);
    const child: Template = {
      AWSTemplateFormatVersion: '2010-09-09',
      Description: `${template.Description ?? 'stepf'}: nested stack ${logicalId}`,
      ...(childParams.length ? { Parameters: Object.fromEntries(childParams.map((p) => [p, params[p]])) } : {}),
      ...(conditions ? { Conditions: conditions } : {}),
      Resources: resources,
      ...(s.outputs.length ? { Outputs: outputs } : {}),
    };
    const fitted = fitDefinitions(child, { name: opts.bucket, stackName: opts.stackName });
    const body = fitted.text;
    const key = childTemplateKey(opts.stackName, body);
    children.push({ logicalId, template: fitted.template, body, key, definitions: fitted.definitions });
    parentResources[logicalId] = {
      Type: 'AWS::CloudFormation::Stack',
      Properties: {
        TemplateURL: templateUrl(opts.bucket, key),
        ...(childParams.length ? { Parameters: Object.fromEntries(childParams.map((p) => [p, { Ref: p }])) } : {}),
      },
    };
  }
  const parent: Template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `${template.Description ?? 'stepf'} ${NESTED_MARK}`,
    ...(used.size ? { Parameters: Object.fromEntries(Object.keys(params).filter((p) => used.has(p)).map((p) => [p, params[p]])) } : {}),
    Resources: parentResources,
  };
  return { parent, children };
}
