// Definitions out of the template: when a template would pass CloudFormation's 1,000,000 bytes, its state
// machines read their definitions from the deployment bucket (DefinitionS3Location), with the Ref, GetAtt
// and pseudo-parameter values they hold given as DefinitionSubstitutions. Pure: template in, template and
// the objects to upload out. The key is the body's hash, so an unchanged definition keeps its key: the
// template does not change, and deploy finds the object already there.
import { LIMITS } from '../compile/limits.js';
import { templateText } from '../compile/template.js';
import type { Template } from '../compile/types.js';
import { hexDigest } from '../util/hash.js';

/** A definition to upload before the template that points at it. */
export interface DefinitionObject {
  /** The machine's logical ID in its template. */
  logicalId: string;
  key: string;
  body: string;
}

/** Where definitions go: a bucket named in the config, or stepf's own (one per account and region). */
export interface DefinitionBucket {
  /** provider.deploymentBucket; undefined: stepf's bucket, named in the template by Fn::Sub. */
  name?: string;
  stackName: string;
}

/** stepf's bucket as the template names it: the same name deploy makes from the caller's account. */
export const STEPF_BUCKET_SUB = { 'Fn::Sub': 'stepf-deployments-${AWS::AccountId}-${AWS::Region}' };

export function definitionKey(stackName: string, body: string): string {
  return `stepf/${stackName}/definitions/${hexDigest('sha256', body).slice(0, 20)}.json`;
}

const PLACEHOLDER = /\$\{(!?)([^}]*)\}/g;

/** The value an Fn::Sub placeholder stands for: a named variable, a pseudo parameter or Ref, or a GetAtt. */
function placeholderValue(name: string, vars: Record<string, unknown>): unknown {
  if (name in vars) return vars[name];
  if (name.startsWith('AWS::')) return { Ref: name };
  const dot = name.indexOf('.');
  return dot > 0 ? { 'Fn::GetAtt': [name.slice(0, dot), name.slice(dot + 1)] } : { Ref: name };
}

/**
 * The body Step Functions reads and the substitutions for its placeholders, from a compiled
 * DefinitionString; undefined when a literal `${X}` the definition holds would be taken for a substitution.
 * Keys are letters, digits and `_` (`AWS::Region` → `AWS_Region`, `Topic.TopicName` → `Topic_TopicName`),
 * the characters every Step Functions substitution accepts.
 */
export function toSubstitutions(ds: unknown): { body: string; substitutions: Record<string, unknown> } | undefined {
  if (typeof ds === 'string') return { body: ds, substitutions: {} };
  const sub = ds && typeof ds === 'object' ? (ds as Record<string, unknown>)['Fn::Sub'] : undefined;
  const [text, vars] = typeof sub === 'string' ? [sub, {}] : Array.isArray(sub) && typeof sub[0] === 'string' ? [sub[0], (sub[1] ?? {}) as Record<string, unknown>] : [];
  if (text === undefined || vars === undefined) return undefined;
  const substitutions: Record<string, unknown> = {};
  const keyOf = new Map<string, string>();
  const literals = new Set<string>();
  const body = text.replace(PLACEHOLDER, (_m, bang: string, name: string) => {
    if (bang) {
      literals.add(name);
      return `\${${name}}`;
    }
    let key = keyOf.get(name);
    if (key === undefined) {
      const base = name.replace(/[^A-Za-z0-9_]/g, '_').replace(/_+/g, '_');
      key = base;
      for (let i = 2; key in substitutions; i++) key = `${base}_${i}`;
      keyOf.set(name, key);
      substitutions[key] = placeholderValue(name, vars);
    }
    return `\${${key}}`;
  });
  for (const literal of literals) if (literal in substitutions) return undefined;
  return { body, substitutions };
}

/**
 * Every state machine of the template reads its definition from S3: the resources keep their logical IDs
 * and every other property. A machine whose definition cannot be moved (see toSubstitutions) stays inline.
 */
export function definitionsToS3(template: Template, bucket: DefinitionBucket): { template: Template; objects: DefinitionObject[] } {
  const objects: DefinitionObject[] = [];
  const resources: Template['Resources'] = {};
  for (const [id, r] of Object.entries(template.Resources)) {
    const props = r.Properties;
    const moved = r.Type === 'AWS::StepFunctions::StateMachine' && props?.DefinitionString !== undefined ? toSubstitutions(props.DefinitionString) : undefined;
    if (!moved || !props) {
      resources[id] = r;
      continue;
    }
    const key = definitionKey(bucket.stackName, moved.body);
    objects.push({ logicalId: id, key, body: moved.body });
    const { DefinitionString: _inline, ...rest } = props;
    resources[id] = {
      ...r,
      Properties: {
        DefinitionS3Location: { Bucket: bucket.name ?? STEPF_BUCKET_SUB, Key: key },
        ...(Object.keys(moved.substitutions).length ? { DefinitionSubstitutions: moved.substitutions } : {}),
        ...rest,
      },
    };
  }
  return { template: { ...template, Resources: resources }, objects };
}

/** A template within 1,000,000 bytes as compiled; a larger one with its definitions read from S3. `text` is what deploy sends. */
export function fitDefinitions(template: Template, bucket: DefinitionBucket): { template: Template; text: string; bytes: number; definitions: DefinitionObject[] } {
  const text = templateText(template);
  const bytes = Buffer.byteLength(text);
  if (bytes <= LIMITS.templateBytes) return { template, text, bytes, definitions: [] };
  const moved = definitionsToS3(template, bucket);
  const movedText = templateText(moved.template);
  return { template: moved.template, text: movedText, bytes: Buffer.byteLength(movedText), definitions: moved.objects };
}
