// Pure: does stepf's template describe each moved resource as it is deployed? A move carries the deployed
// configuration unchanged (a running workflow keeps its definition and role); where stepf's template says
// otherwise, these are the changes its next deploy makes, shown before anything moves.
import type { Resource } from '../compile/types.js';
import { machineDefinition, resolveValue, Unresolvable, type StackFacts } from '../diff/resolve.js';
import { canonical, show } from '../diff/values.js';
import { rewriteReferences } from './refs.js';

export interface Difference {
  /** `definition.States.Pay.Resource`, `Properties.Policies[0].PolicyDocument.Statement[1]`, `DeletionPolicy`. */
  path: string;
  deployed: string;
  stepf: string;
}

export interface MovedResource {
  from: string;
  to: string;
  deployed: Resource;
  stepf: Resource;
}

const STATE_MACHINE = 'AWS::StepFunctions::StateMachine';
const DEFINITION_KEYS = new Set(['DefinitionString', 'Definition', 'DefinitionSubstitutions']);
const ABSENT = '(absent)';

/** Each leaf where stepf's template and the deployed one differ, worked out against their stacks. */
export function compareMoved(m: MovedResource, facts: { before: StackFacts; after: StackFacts }, pairs: Map<string, string>): Difference[] {
  const out: Difference[] = [];
  const before = m.deployed.Properties ?? {};
  const after = m.stepf.Properties ?? {};
  if (m.deployed.Type === STATE_MACHINE) {
    leafDiff(definition(facts.before, before, pairs), definition(facts.after, after), 'definition', out);
  }
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  for (const key of keys) {
    if (m.deployed.Type === STATE_MACHINE && DEFINITION_KEYS.has(key)) continue;
    leafDiff(settle(facts.before, before[key], pairs), settle(facts.after, after[key]), `Properties.${key}`, out);
  }
  for (const attr of ['DeletionPolicy', 'UpdateReplacePolicy'] as const) {
    if ((m.deployed[attr] ?? null) !== (m.stepf[attr] ?? null)) out.push({ path: attr, deployed: m.deployed[attr] ?? ABSENT, stepf: m.stepf[attr] ?? ABSENT });
  }
  return out;
}

/** The definition Step Functions runs, parsed; where only CloudFormation could work it out, as written (IDs renamed). */
function definition(f: StackFacts, props: Record<string, unknown>, pairs?: Map<string, string>): unknown {
  try {
    const text = machineDefinition(f, props);
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  } catch (err) {
    if (!(err instanceof Unresolvable)) throw err;
    return settle(f, props.DefinitionString ?? props.Definition, pairs);
  }
}

/** Each intrinsic worked out on its own (one CloudFormation alone knows stays as written, IDs renamed), then normalised. */
function settle(f: StackFacts, v: unknown, pairs?: Map<string, string>, key = ''): unknown {
  if (v === undefined) return undefined;
  if (Array.isArray(v)) return v.map((x) => settle(f, x, pairs));
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (isIntrinsic(o)) {
      try {
        return settle(f, resolveValue(f, o), pairs);
      } catch (err) {
        if (!(err instanceof Unresolvable)) throw err;
        return renamedTo(o, pairs);
      }
    }
    const out = Object.fromEntries(Object.entries(o).map(([k, x]) => [k, settle(f, x, pairs, k)]));
    return POLICY_DOCUMENTS.has(key) ? policyDocument(out) : out;
  }
  // CloudFormation passes every scalar on as text: 200 and "200" are the same property.
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
}

const POLICY_DOCUMENTS = new Set(['PolicyDocument', 'AssumeRolePolicyDocument']);
const UNORDERED = ['Action', 'NotAction', 'Resource', 'NotResource'];

/** An IAM document as IAM reads it: Statement a list, a single action or resource a list of one, their order no matter. */
function policyDocument(doc: Record<string, unknown>): Record<string, unknown> {
  const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement === undefined ? [] : [doc.Statement];
  return {
    ...doc,
    Statement: statements.map((st) => {
      if (!isObject(st)) return st;
      const out: Record<string, unknown> = { ...st };
      for (const k of UNORDERED) if (out[k] !== undefined) out[k] = (Array.isArray(out[k]) ? [...(out[k] as unknown[])] : [out[k]]).sort((a, b) => canonical(a).localeCompare(canonical(b)));
      return out;
    }),
  };
}

function renamedTo(v: unknown, pairs?: Map<string, string>): unknown {
  return pairs ? rewriteReferences(v, (r) => pairs.get(r.id)) : v;
}

function leafDiff(a: unknown, b: unknown, path: string, out: Difference[]): void {
  if (canonical(a) === canonical(b)) return;
  const objects = isObject(a) && isObject(b) && !isIntrinsic(a) && !isIntrinsic(b);
  if (objects) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) leafDiff(a[k], b[k], `${path}.${k}`, out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((x, i) => leafDiff(x, b[i], `${path}[${i}]`, out));
    return;
  }
  out.push({ path, deployed: a === undefined ? ABSENT : show(a), stepf: b === undefined ? ABSENT : show(b) });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function isIntrinsic(v: Record<string, unknown>): boolean {
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}
