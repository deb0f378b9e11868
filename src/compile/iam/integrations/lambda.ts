import { A, asIs, P, R, type Res, regional, splitSub, sub } from '../arn.js';
import type { Grant, Handler, TaskCtx } from '../types.js';
import type { Val } from '../values.js';

/**
 * The function ARN(s) a Lambda call needs, exactly as named: an unqualified name grants the function,
 * `name:alias` / `name:3` grants only that alias or version (no `:*` on every version).
 */
export function lambdaResources(v: Val, t: TaskCtx): Res[] {
  if (v.kind === 'dynamic' || v.kind === 'absent') return [regional('lambda', 'function:*')];
  if (v.kind === 'ref') {
    const ref = v.value.Ref;
    // Ref to a function is its name; to a version or alias, its ARN; GetAtt/ImportValue/Join are taken as ARNs.
    if (typeof ref === 'string') {
      const type = t.input.resourceType?.(ref);
      if (!type || type === 'AWS::Lambda::Function') return [sub(`arn:${P}:lambda:${R}:${A}:function:`, v)];
    }
    return [v.value];
  }
  if (v.kind !== 'text') return [regional('lambda', 'function:*')];
  const text = v.text;
  if (text.startsWith('arn:')) return [asIs(v)];
  const parts = splitSub(text, ':');
  // `123456789012:function:name[:qualifier]` (partial ARN) or `name[:qualifier]`.
  if (parts.length >= 3 && parts[1] === 'function') return [sub(`arn:${P}:lambda:${R}:`, text)];
  return [sub(`arn:${P}:lambda:${R}:${A}:function:`, text)];
}

export const lambdaInvoke: Handler = (t) => [{ actions: ['lambda:InvokeFunction'], resources: lambdaResources(t.params.get('FunctionName'), t) }];

/** `Resource` is the function itself (an ARN string or an intrinsic). */
export function lambdaDirect(resource: Val): Grant[] {
  return [{ actions: ['lambda:InvokeFunction'], resources: [asIs(resource)] }];
}
