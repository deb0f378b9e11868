/** Likely mistakes that Step Functions accepts: warnings, never errors. */
import { warning, type Ctx, type Obj, type Path } from './context.js';
import { isPlainObject } from './values.js';

const TRANSIENT = ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'];
const COVERING = new Set([...TRANSIENT, 'States.ALL', 'States.TaskFailed']);

/** A Lambda function ARN, the lambda:invoke integration, or `Fn::GetAtt: [X, Arn]` (how serverless.yml names its functions). */
export function isLambdaResource(resource: unknown): boolean {
  if (typeof resource === 'string') {
    if (resource.startsWith('arn:aws:states:::lambda:invoke')) return true;
    // `#{AWS::Region}` holds colons of its own: read the ARN with placeholders stood in for.
    const arn = resource.includes('{') ? resource.replace(/[#$]\{[^}]*\}/g, 'x') : resource;
    return arn.includes(':lambda:') && /^arn:[^:]*:lambda:[^:]*:[^:]*:function:/.test(arn);
  }
  if (isPlainObject(resource) && 'Fn::GetAtt' in resource) {
    const v = resource['Fn::GetAtt'];
    const attr = Array.isArray(v) ? v[1] : typeof v === 'string' ? v.split('.')[1] : undefined;
    return attr === 'Arn';
  }
  return false;
}

function retriesTransient(state: Obj): boolean {
  if (!Array.isArray(state.Retry)) return false;
  return state.Retry.some((r) => isPlainObject(r) && Array.isArray(r.ErrorEquals) && r.ErrorEquals.some((e) => typeof e === 'string' && COVERING.has(e)));
}

/**
 * One no-Retry warning per machine, at its first such task, naming them all: a plugin user's machine often has
 * a dozen Lambda tasks without Retry, and the same advice a dozen times buries every other warning.
 */
export function mergeRetryWarnings(ctx: Ctx, from: number): void {
  const found = ctx.out.slice(from).filter((d) => d.code === 'lambda-no-retry');
  if (found.length < 2) return;
  const names = found.map((d) => `"${String(d.path![d.path!.length - 1])}"`);
  const list = names.length > 6 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  const merged = {
    ...found[0]!,
    message: `${found.length} Lambda tasks (${list}) have no Retry for transient Lambda errors (Lambda.ServiceException, Lambda.TooManyRequestsException, ...), so one throttle fails the execution`,
    hint: `${found[0]!.hint} to each`,
  };
  const rest = ctx.out.slice(from).filter((d) => d.code !== 'lambda-no-retry');
  ctx.out.length = from;
  ctx.out.push(merged, ...rest);
}

export function taskWarnings(ctx: Ctx, state: Obj, path: Path): void {
  const resource = state.Resource;
  if (isLambdaResource(resource) && !retriesTransient(state)) {
    warning(
      ctx,
      path,
      'lambda-no-retry',
      'this Lambda task has no Retry for transient Lambda errors (Lambda.ServiceException, Lambda.TooManyRequestsException, ...), so one throttle fails the execution',
      `add Retry: [{ ErrorEquals: [${TRANSIENT.join(', ')}], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 }]`,
    );
  }
  if (typeof resource === 'string' && resource.endsWith('.waitForTaskToken')) {
    const bounded = 'HeartbeatSeconds' in state || 'HeartbeatSecondsPath' in state || 'TimeoutSeconds' in state || 'TimeoutSecondsPath' in state;
    if (!bounded) {
      warning(
        ctx,
        path,
        'wait-for-token-no-timeout',
        'this .waitForTaskToken task has neither TimeoutSeconds nor HeartbeatSeconds: if the token is never sent back, the execution waits up to a year',
        'add TimeoutSeconds (the longest wait you expect) or HeartbeatSeconds',
      );
    }
  }
}
