// JSONPath-state data processing: paths on the input, the context object (`$$`) and variables
// (`$name`), and payload templates (Parameters, ResultSelector, ItemSelector, Assign) whose `.$` keys
// take a path or an intrinsic function.
import { userError } from '../errors.js';
import { IntrinsicSyntaxError, looksLikeIntrinsic, parseIntrinsic } from '../asl/intrinsics.js';
import { evaluateIntrinsic } from './intrinsics.js';
import { isReferencePath, parsePath, PathSyntaxError, queryPath, type JsonPath } from './jsonpath.js';
import { runtime } from './states-error.js';

/** What a path can read: the value `$` stands for, the context object, the visible variables. */
export interface PathEnv {
  input: unknown;
  context: unknown;
  variable: (name: string) => { found: true; value: unknown } | { found: false };
}

/** Where a path or template sits, for messages: the state and its field. */
export interface Where {
  state: string;
  field: string;
}

export function compilePath(text: unknown, where: Where, reference = false): JsonPath {
  if (typeof text !== 'string') {
    throw userError(`${where.field} of state '${where.state}' must be a JSONPath string, got ${JSON.stringify(text)}`);
  }
  try {
    const path = parsePath(text);
    if (reference && !isReferencePath(path)) {
      throw userError(`${where.field} of state '${where.state}' must be a reference path (fields and indices only), got '${text}'`);
    }
    return path;
  } catch (err) {
    if (err instanceof PathSyntaxError) throw userError(`${where.field} of state '${where.state}': ${err.message}`);
    throw err;
  }
}

function rootValue(path: JsonPath, env: PathEnv): unknown {
  if (path.root.kind === 'input') return env.input;
  if (path.root.kind === 'context') return env.context;
  const v = env.variable(path.root.name);
  if (!v.found) throw runtime(`The variable '$${path.root.name}' used in '${path.text}' is not defined`);
  return v.value;
}

/** Reads a path; a definite path that matches nothing is States.Runtime, as in AWS. */
export function readPath(path: JsonPath, env: PathEnv, where: Where): unknown {
  const found = queryPath(path, rootValue(path, env));
  if (!found.found) {
    const what = path.root.kind === 'context' ? 'the context object' : 'the input';
    throw runtime(
      `The JSONPath '${path.text}' specified for the field '${where.field}' of state '${where.state}' could not be found in ${what} ${JSON.stringify(
        path.root.kind === 'input' ? env.input : path.root.kind === 'context' ? env.context : undefined,
      )}`,
    );
  }
  return found.value;
}

/** Like readPath, but a missing value is reported rather than thrown (Choice IsPresent). */
export function tryReadPath(path: JsonPath, env: PathEnv): { found: true; value: unknown } | { found: false } {
  if (path.root.kind === 'variable') {
    const v = env.variable(path.root.name);
    if (!v.found) return v;
    return queryPath(path, v.value);
  }
  return queryPath(path, rootValue(path, env));
}

/** A `.$` value: an intrinsic function invocation or a path. */
export function evaluateDynamic(text: unknown, env: PathEnv, where: Where): unknown {
  if (typeof text !== 'string') {
    throw userError(`${where.field} of state '${where.state}' must be a string (a path or an intrinsic function), got ${JSON.stringify(text)}`);
  }
  if (looksLikeIntrinsic(text)) {
    let call;
    try {
      call = parseIntrinsic(text);
    } catch (err) {
      if (err instanceof IntrinsicSyntaxError) throw userError(`${where.field} of state '${where.state}': ${err.message}`);
      throw err;
    }
    return evaluateIntrinsic(call, (p) => readPath(compilePath(p, where), env, where));
  }
  return readPath(compilePath(text, where), env, where);
}

/** Builds a payload template: keys ending in `.$` are evaluated and lose the suffix; the rest is copied. */
export function buildPayload(template: unknown, env: PathEnv, where: Where): unknown {
  if (Array.isArray(template)) return template.map((v, i) => buildPayload(v, env, { ...where, field: `${where.field}[${i}]` }));
  if (template === null || typeof template !== 'object') return template;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(template as Record<string, unknown>)) {
    if (key.endsWith('.$')) {
      out[key.slice(0, -2)] = evaluateDynamic(value, env, { ...where, field: `${where.field}.${key}` });
    } else {
      out[key] = buildPayload(value, env, { ...where, field: `${where.field}.${key}` });
    }
  }
  return out;
}
