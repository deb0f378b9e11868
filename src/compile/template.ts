// What is done with a finished template: the one place it becomes text (for a file, stdout, or
// CloudFormation), and the capabilities CloudFormation asks for to deploy it. Both pure.
import type { Template } from './types.js';

export type Capability = 'CAPABILITY_IAM' | 'CAPABILITY_NAMED_IAM' | 'CAPABILITY_AUTO_EXPAND';

/**
 * The template as JSON text, as `stepf package` writes it and deploy sends it: compact, since the 1 MB limit
 * counts bytes and indentation spends about a fifth of them (`pretty` for `package --pretty`, for reading).
 */
export function templateText(template: Template, pretty = false): string {
  return pretty ? JSON.stringify(template, null, 2) : JSON.stringify(template);
}

const NAMED = ['RoleName', 'UserName', 'GroupName', 'ManagedPolicyName', 'InstanceProfileName'];

/** IAM resources need CAPABILITY_IAM, named ones CAPABILITY_NAMED_IAM, a Transform CAPABILITY_AUTO_EXPAND. */
export function requiredCapabilities(template: Template): Capability[] {
  const caps = new Set<Capability>();
  for (const r of Object.values(template.Resources ?? {})) {
    if (!r.Type?.startsWith('AWS::IAM::')) continue;
    caps.add('CAPABILITY_IAM');
    const props = r.Properties as Record<string, unknown> | undefined;
    if (props && NAMED.some((k) => k in props)) caps.add('CAPABILITY_NAMED_IAM');
  }
  if ((template as { Transform?: unknown }).Transform) caps.add('CAPABILITY_AUTO_EXPAND');
  return [...caps];
}
