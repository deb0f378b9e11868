// JSONata states: `{% expression %}` strings anywhere in Arguments, Output, Assign, Items,
// ItemSelector, Condition, Seconds, Timestamp, Error, Cause ... evaluated with the installed `jsonata`
// package (imported on first use) and `$states` plus the workflow variables as bindings.
import { userError } from '../errors.js';
import { StatesError } from './states-error.js';
import type { Where } from './payload.js';
import { loadJsonata, type JsonataCompile } from '../util/jsonata.js';

type Expression = ReturnType<JsonataCompile>;

const cache = new Map<string, Expression>();

const TEMPLATE = /^\{%([\s\S]*)%\}$/;

export function isJsonataExpression(value: unknown): value is string {
  return typeof value === 'string' && TEMPLATE.test(value);
}

export async function evaluateJsonata(text: string, bindings: Record<string, unknown>, where: Where): Promise<unknown> {
  const source = TEMPLATE.exec(text)?.[1] ?? text;
  let expr = cache.get(source);
  if (!expr) {
    const compile = await loadJsonata();
    try {
      expr = compile(source);
    } catch (err) {
      throw userError(`${where.field} of state '${where.state}' is not a valid JSONata expression: ${(err as Error).message}`);
    }
    cache.set(source, expr);
  }
  let value: unknown;
  try {
    value = await expr.evaluate(undefined, bindings);
  } catch (err) {
    const e = err as { message?: string; code?: string };
    throw new StatesError(
      'States.QueryEvaluationError',
      `An error occurred while evaluating the JSONata expression '${source.trim()}' in field '${where.field}' of state '${where.state}': ${e.message ?? String(err)}`,
    );
  }
  if (value === undefined) {
    throw new StatesError(
      'States.QueryEvaluationError',
      `The JSONata expression '${source.trim()}' in field '${where.field}' of state '${where.state}' returned nothing (undefined)`,
    );
  }
  return toJson(value, where, source);
}

/** JSONata results can be sequences (arrays with extra flags) or functions: keep only JSON. */
function toJson(value: unknown, where: Where, source: string): unknown {
  if (typeof value === 'function') {
    throw new StatesError('States.QueryEvaluationError', `The JSONata expression '${source.trim()}' in field '${where.field}' of state '${where.state}' returned a function, not JSON`);
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new StatesError('States.QueryEvaluationError', `The JSONata expression '${source.trim()}' in field '${where.field}' of state '${where.state}' returned ${value}, not a JSON number`);
  }
  return JSON.parse(JSON.stringify(value)) as unknown;
}

/** Evaluates every `{% %}` string inside a value (objects and arrays are walked), copying the rest. */
export async function resolveJsonata(value: unknown, bindings: Record<string, unknown>, where: Where): Promise<unknown> {
  if (isJsonataExpression(value)) return evaluateJsonata(value, bindings, where);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) out.push(await resolveJsonata(value[i], bindings, { ...where, field: `${where.field}[${i}]` }));
    return out;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = await resolveJsonata(v, bindings, { ...where, field: `${where.field}.${k}` });
    return out;
  }
  return value;
}
