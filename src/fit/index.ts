// The stage after compile that fits a template into CloudFormation's limits. A template within them is
// left exactly as compiled (small services never see this stage); a larger one reads its definitions from
// the deployment bucket.
import { LIMITS } from '../compile/limits.js';
import { templateText } from '../compile/template.js';
import type { Template } from '../compile/types.js';
import { definitionsToS3, type DefinitionBucket, type DefinitionObject } from './definitions.js';

export type { DefinitionObject } from './definitions.js';

export interface Fitted {
  template: Template;
  /** The size of the template as deploy sends it (templateText: compact, since the limit counts bytes). */
  bytes: number;
  /** Definitions to upload to the deployment bucket before the change set (none for a small service). */
  definitions: DefinitionObject[];
}

export function fitTemplate(template: Template, bucket: DefinitionBucket): Fitted {
  const bytes = Buffer.byteLength(templateText(template));
  if (bytes <= LIMITS.templateBytes) return { template, bytes, definitions: [] };
  const moved = definitionsToS3(template, bucket);
  return { template: moved.template, bytes: Buffer.byteLength(templateText(moved.template)), definitions: moved.objects };
}
