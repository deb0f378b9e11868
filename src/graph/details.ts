// The short lines drawn under a state's name: what a Task calls, how long a Wait waits, each Retry.
import { cutLabel } from './choice-label.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

/** A resource as a person names it: `lambda worker`, `sqs:sendMessage`, `activity approval`. */
export function resourceText(resource: unknown): string | undefined {
  if (isObject(resource)) {
    const getAtt = resource['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
    if (typeof getAtt === 'string') return getAtt.split('.')[0];
    if (typeof resource.Ref === 'string') return resource.Ref;
    const sub = resource['Fn::Sub'];
    if (typeof sub === 'string') return resourceText(sub);
    if (Array.isArray(sub) && typeof sub[0] === 'string') return resourceText(sub[0]);
    return undefined;
  }
  if (typeof resource !== 'string') return undefined;
  const service = /^arn:[^:]*:states:::(.+)$/.exec(resource);
  if (service) return service[1];
  const fn = /:function:([^:]+)/.exec(resource);
  if (fn) return `lambda ${fn[1]}`;
  const activity = /:activity:([^:]+)/.exec(resource);
  if (activity) return `activity ${activity[1]}`;
  return resource.split(':').pop();
}

function functionName(params: unknown): string | undefined {
  if (!isObject(params)) return undefined;
  const fn = params.FunctionName ?? params['FunctionName.$'];
  if (typeof fn === 'string') return /:function:([^:]+)/.exec(fn)?.[1] ?? fn;
  return resourceText(fn);
}

function taskLine(state: Json): string | undefined {
  const text = resourceText(state.Resource);
  if (!text) return undefined;
  const fn = /^lambda:invoke/.test(text) ? functionName(state.Parameters ?? state.Arguments) : undefined;
  return fn ? `${text} ${fn}` : text;
}

function waitLine(state: Json): string | undefined {
  if (state.Seconds !== undefined) return typeof state.Seconds === 'number' ? `wait ${state.Seconds}s` : `wait ${String(state.Seconds)}`;
  if (typeof state.SecondsPath === 'string') return `wait ${state.SecondsPath} s`;
  if (state.Timestamp !== undefined) return `until ${String(state.Timestamp)}`;
  if (typeof state.TimestampPath === 'string') return `until ${state.TimestampPath}`;
  return undefined;
}

/** `retry States.ALL x3` for each retrier (MaxAttempts defaults to 3, as in Step Functions). */
export function retryLines(retry: unknown): string[] {
  if (!Array.isArray(retry)) return [];
  return retry.filter(isObject).map((r) => {
    const errors = Array.isArray(r.ErrorEquals) ? r.ErrorEquals.join(', ') : '?';
    const attempts = typeof r.MaxAttempts === 'number' ? r.MaxAttempts : 3;
    // The error list is cut, never the attempt count.
    return `retry ${cutLabel(errors, 36)} x${attempts}`;
  });
}

export function stateDetails(state: Json): string[] {
  const lines: string[] = [];
  const first = state.Type === 'Task' ? taskLine(state) : state.Type === 'Wait' ? waitLine(state) : undefined;
  if (first) lines.push(cutLabel(first, 40));
  if (state.Type === 'Map') {
    const processor = state.ItemProcessor;
    const mode = isObject(processor) && isObject(processor.ProcessorConfig) ? processor.ProcessorConfig.Mode : undefined;
    if (mode === 'DISTRIBUTED') lines.push('distributed');
  }
  lines.push(...retryLines(state.Retry));
  return lines;
}
