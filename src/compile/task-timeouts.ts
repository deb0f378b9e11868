import type { Diagnostic } from '../errors.js';
import { getAttParts } from './intrinsics.js';
import type { FunctionModel } from './model.js';
import { lambdaLogicalId } from './naming.js';

type Path = Array<string | number>;

/** The Serverless Framework's default function timeout, in seconds. */
const DEFAULT_LAMBDA_TIMEOUT = 6;

/** The function key a Lambda Task names by `Ref`/`Fn::GetAtt` (to a function key or its logical ID), directly or in `lambda:invoke`. */
function functionOf(state: Record<string, unknown>, byId: Map<string, FunctionModel>): FunctionModel | undefined {
  const ref = (v: unknown): FunctionModel | undefined => {
    if (!v || typeof v !== 'object') return undefined;
    const o = v as Record<string, unknown>;
    if (typeof o.Ref === 'string') return byId.get(o.Ref);
    if ('Fn::GetAtt' in o) return byId.get(getAttParts(o['Fn::GetAtt'])?.[0] ?? '');
    return undefined;
  };
  const r = state.Resource;
  if (typeof r === 'string' && r.startsWith('arn:aws:states:::lambda:invoke')) {
    const params = (state.Parameters ?? state.Arguments) as Record<string, unknown> | undefined;
    return ref(params?.FunctionName);
  }
  return ref(r);
}

/**
 * `configureTaskTimeouts: true` (the plugin's reference §3.5): a Lambda Task without `TimeoutSeconds` or
 * `TimeoutSecondsPath` gets the function's timeout (`functions.<key>.timeout`, else `provider.timeout`, else 6).
 * A Task whose own TimeoutSeconds exceeds its function's is a warning. Returns a new definition.
 */
export function configureTaskTimeouts(
  definition: Record<string, unknown>,
  functions: FunctionModel[],
  providerTimeout: number | undefined,
  basePath: Path,
): { definition: Record<string, unknown>; warnings: Diagnostic[] } {
  const byId = new Map<string, FunctionModel>();
  for (const f of functions) byId.set(f.key, f).set(lambdaLogicalId(f.key), f);
  const warnings: Diagnostic[] = [];

  const machine = (def: unknown, path: Path): unknown => {
    const states = (def as { States?: unknown } | undefined)?.States;
    if (!states || typeof states !== 'object' || Array.isArray(states)) return def;
    const out: Record<string, unknown> = {};
    for (const [name, s] of Object.entries(states as Record<string, unknown>)) {
      out[name] = state(s, [...path, 'States', name]);
    }
    return { ...(def as Record<string, unknown>), States: out };
  };

  const state = (s: unknown, path: Path): unknown => {
    if (!s || typeof s !== 'object' || Array.isArray(s)) return s;
    const st = { ...(s as Record<string, unknown>) };
    if (Array.isArray(st.Branches)) st.Branches = st.Branches.map((b, i) => machine(b, [...path, 'Branches', i]));
    if (st.ItemProcessor) st.ItemProcessor = machine(st.ItemProcessor, [...path, 'ItemProcessor']);
    if (st.Iterator) st.Iterator = machine(st.Iterator, [...path, 'Iterator']);
    if (st.Type !== 'Task') return st;
    const fn = functionOf(st, byId);
    if (!fn) return st;
    const timeout = fn.timeout ?? providerTimeout ?? DEFAULT_LAMBDA_TIMEOUT;
    if (st.TimeoutSeconds === undefined && st.TimeoutSecondsPath === undefined) {
      st.TimeoutSeconds = timeout;
    } else if (typeof st.TimeoutSeconds === 'number' && st.TimeoutSeconds > timeout) {
      warnings.push({
        severity: 'warning',
        code: 'task-timeout-exceeds-function',
        message: `TimeoutSeconds (${st.TimeoutSeconds}s) is greater than the timeout of function ${fn.key} (${timeout}s)`,
        path: [...path, 'TimeoutSeconds'],
        hint: `the function stops after ${timeout}s anyway: lower TimeoutSeconds, or raise functions.${fn.key}.timeout`,
      });
    }
    return st;
  };

  return { definition: machine(definition, [...basePath, 'definition']) as Record<string, unknown>, warnings };
}
