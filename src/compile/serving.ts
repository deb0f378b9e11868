/**
 * A `resources:` entry that stepf's stack reaches through an attribute it cannot read across stacks (an
 * `AWS::Events::Connection`'s Arn for an HTTP Task, a table's StreamArn), and that nothing staying with the
 * Serverless stack's functions uses, serves only the machines: by the two-stack rule it goes into stepf's
 * stack, where the reference is an ordinary Fn::GetAtt (and what else refers to it, the machine's role in
 * resources: say, follows it there). Used by the functions too, it stays, and compile says how to reach it.
 */
import type { ResourcesModel } from './model.js';
import { readableAcrossStacks } from './cross-stack.js';
import { attributeReferences, referencedIds } from './resources.js';

export function unreadableServing(input: {
  resources: ResourcesModel;
  /** What stepf's stack holds and may refer from: the machines as written, stackResources, taken entries. */
  stepf: unknown[];
  /** What stays with the Serverless stack and is not a resources: entry: function bodies, provider. */
  functionsSide: unknown[];
}): Set<string> {
  const res = input.resources.Resources ?? {};
  const usedByFunctions = new Set<string>();
  for (const v of input.functionsSide) referencedIds(v, usedByFunctions);
  const out = new Set<string>();
  for (const [id, attr] of attributeReferences(input.stepf)) {
    const r = res[id];
    if (r && !usedByFunctions.has(id) && !readableAcrossStacks(r, attr)) out.add(id);
  }
  return out;
}
