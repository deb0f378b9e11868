// The stage after compile that fits a service into CloudFormation's limits. A template within them is
// left exactly as compiled (small services never see this stage); a larger one reads its definitions from
// the deployment bucket; one that a single stack still cannot hold is split into nested stacks.
import { checkLimits } from '../compile/limits.js';
import { templateText } from '../compile/template.js';
import type { MachineSummary, Template } from '../compile/types.js';
import type { Diagnostic } from '../errors.js';
import { fitDefinitions, type DefinitionObject } from './definitions.js';
import { needsSplit, splitTemplate, type ChildStack, type SplitOptions } from './split.js';

export type { DefinitionObject } from './definitions.js';
export type { ChildStack, SplitOptions } from './split.js';

export interface Fitted {
  /** The template of the stack deploy creates: the one compiled, or the parent of the nested stacks. */
  template: Template;
  /** The size of that template as deploy sends it (templateText: compact, since the limit counts bytes). */
  bytes: number;
  /** Definitions to upload to the deployment bucket before the change set (none for a small service). */
  definitions: DefinitionObject[];
  /** The nested stacks of a split service, uploaded before the change set; empty for one stack. */
  stacks: ChildStack[];
}

export function fitService(template: Template, opts: SplitOptions): Fitted {
  // A service deployed split stays split: joining it again would move every machine.
  const deployedSplit = Object.keys(opts.previous ?? {}).length > 0;
  // Too many resources or outputs split it whatever its size: only a service that counts within them is measured.
  if (!deployedSplit && !needsSplit(template, 0, opts.maxResources)) {
    const one = fitDefinitions(template, { name: opts.bucket, stackName: opts.stackName });
    if (!needsSplit(template, one.bytes, opts.maxResources)) return { template: one.template, bytes: one.bytes, definitions: one.definitions, stacks: [] };
  }
  const split = splitTemplate(template, opts);
  return { template: split.parent, bytes: Buffer.byteLength(templateText(split.parent)), definitions: split.children.flatMap((c) => c.definitions), stacks: split.children };
}

/** Every limit any stack of the fitted service breaks; a nested stack's errors name it. */
export function fittedLimits(f: Fitted, machines: MachineSummary[]): Diagnostic[] {
  const out = checkLimits(f.template, f.bytes, machines, f.definitions);
  for (const c of f.stacks) {
    const own = machines.filter((m) => m.logicalId in c.template.Resources);
    out.push(...checkLimits(c.template, Buffer.byteLength(c.body), own, c.definitions).map((d) => ({ ...d, message: `nested stack ${c.logicalId}: ${d.message}` })));
  }
  return out;
}
