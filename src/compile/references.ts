import type { Diagnostic } from '../errors.js';
import { getAttParts, subReferences } from './intrinsics.js';
import { KNOWN_PSEUDO } from './pseudo.js';
import type { Template } from './types.js';
import { didYouMean } from '../util/did-you-mean.js';


/**
 * Before writing, every Ref, Fn::GetAtt and `${…}` in the template must name a resource, parameter or
 * pseudo-parameter of that template: a broken reference fails here, not half-way through a deploy.
 */
export function checkReferences(template: Template, where: (logicalId: string) => Array<string | number>): Diagnostic[] {
  const resources = new Set(Object.keys(template.Resources));
  const params = new Set(Object.keys(template.Parameters ?? {}));
  const problems: Diagnostic[] = [];
  const known = (name: string) => resources.has(name) || params.has(name) || KNOWN_PSEUDO.has(name);
  const report = (what: string, owner: string, hint: string) =>
    problems.push({ severity: 'error', code: 'unknown-reference', message: `${what} names nothing in stepf's stack`, path: where(owner), hint });

  const walk = (v: unknown, owner: string, locals: Set<string>) => {
    if (Array.isArray(v)) return v.forEach((x) => walk(x, owner, locals));
    if (!v || typeof v !== 'object') return;
    const obj = v as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (keys.length === 1) {
      const [k] = keys;
      const val = obj[k];
      if (k === 'Ref' && typeof val === 'string') {
        if (!known(val)) report(`Ref ${val}`, owner, hintFor(val, resources));
        return;
      }
      if (k === 'Fn::GetAtt') {
        const parts = getAttParts(val);
        if (parts && !resources.has(parts[0])) report(`Fn::GetAtt ${parts[0]}.${parts[1]}`, owner, hintFor(parts[0], resources));
        if (parts) return;
      }
      if (k === 'Fn::Sub') {
        const text = typeof val === 'string' ? val : Array.isArray(val) ? val[0] : undefined;
        const vars = Array.isArray(val) && val[1] && typeof val[1] === 'object' ? new Set(Object.keys(val[1] as object)) : new Set<string>();
        if (typeof text === 'string') {
          for (const ref of subReferences(text)) {
            const base = ref.includes('.') && !ref.startsWith('AWS::') ? ref.slice(0, ref.indexOf('.')) : ref;
            if (!vars.has(ref) && !known(base)) {
              report(`\${${ref}}`, owner, `${hintFor(base, resources)}; for a literal \${...} in the text, write \${!...}`);
            }
          }
        }
        if (Array.isArray(val)) walk(val[1], owner, locals);
        return;
      }
    }
    for (const x of Object.values(obj)) walk(x, owner, locals);
  };

  for (const [id, r] of Object.entries(template.Resources)) {
    if (!r || typeof r !== 'object') {
      problems.push({ severity: 'error', code: 'empty-resource', message: `the resource ${id} is empty`, path: where(id), hint: 'give it a Type (and Properties), or remove it' });
      continue;
    }
    walk(r.Properties, id, new Set());
    const deps = r.DependsOn === undefined ? [] : Array.isArray(r.DependsOn) ? r.DependsOn : [r.DependsOn];
    for (const d of deps) {
      if (!resources.has(d)) {
        problems.push({
          severity: 'error',
          code: 'unknown-depends-on',
          message: `DependsOn ${d} names no resource of stepf's stack`,
          path: where(id),
          // Unlike Ref and GetAtt, DependsOn cannot reach into the Serverless stack: no "a function is fine" here.
          hint: dependsOnHint(d, resources),
        });
      }
    }
  }
  for (const [id, o] of Object.entries(template.Outputs ?? {})) {
    if (!o || typeof o !== 'object') {
      problems.push({ severity: 'error', code: 'empty-output', message: `the output ${id} is empty`, path: where(`output:${id}`), hint: 'give it a Value, or remove it' });
      continue;
    }
    walk(o.Value, `output:${id}`, new Set());
  }
  return problems;
}

function hintFor(name: string, resources: Set<string>): string {
  let best: string | undefined;
  for (const r of resources) if (r.toLowerCase() === name.toLowerCase()) best = r;
  return best
    ? `did you mean "${best}"?`
    : 'name a resource of stepf\'s stack, a function or resource of the Serverless stack, or a pseudo-parameter such as AWS::Region';
}

function dependsOnHint(name: string, resources: Set<string>): string {
  const near = didYouMean(name, resources);
  if (near) return `did you mean "${near}"?`;
  return "DependsOn can name only a resource of stepf's stack (a state machine, its role, a resources: entry stepf takes); a resource of the Serverless stack is deployed first anyway: remove it";
}
