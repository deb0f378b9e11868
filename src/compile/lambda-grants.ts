import type { Diagnostic } from '../errors.js';
import { isIntrinsic } from './intrinsics.js';
import type { IamStatement } from './types.js';

/**
 * The compile issue's interim role policy: exactly what the definition's Lambda tasks need
 * (`lambda:InvokeFunction` on each function and its versions/aliases), nothing wider. The full
 * least-privilege derivation (compile/iam) replaces it.
 */
export interface LambdaPolicyInput {
  definition: Record<string, unknown>;
  basePath: Array<string | number>;
}

export interface LambdaPolicyResult {
  statements: IamStatement[];
  selfStatements: IamStatement[];
  warnings: Diagnostic[];
  grants: Array<{ actions: string[]; resources: unknown[] }>;
}

function tasks(def: unknown, path: Array<string | number>, out: Array<{ state: Record<string, unknown>; path: Array<string | number> }>): void {
  const states = (def as { States?: Record<string, unknown> } | undefined)?.States;
  if (!states || typeof states !== 'object') return;
  for (const [name, s] of Object.entries(states)) {
    if (!s || typeof s !== 'object') continue;
    const st = s as Record<string, unknown>;
    const here = [...path, 'States', name];
    if (st.Type === 'Task') out.push({ state: st, path: here });
    (st.Branches as unknown[] | undefined)?.forEach((b, i) => tasks(b, [...here, 'Branches', i], out));
    if (st.ItemProcessor) tasks(st.ItemProcessor, [...here, 'ItemProcessor'], out);
    if (st.Iterator) tasks(st.Iterator, [...here, 'Iterator'], out);
  }
}

const withVersions = (arn: unknown): unknown[] => {
  if (typeof arn === 'string') return [arn, `${arn}:*`];
  if (isIntrinsic(arn) && typeof arn['Fn::Sub'] === 'string') return [arn, { 'Fn::Sub': `${arn['Fn::Sub']}:*` }];
  return [arn];
};

export function deriveLambdaPolicy(input: LambdaPolicyInput): LambdaPolicyResult {
  const found: Array<{ state: Record<string, unknown>; path: Array<string | number> }> = [];
  tasks(input.definition, input.basePath, found);
  const resources: unknown[] = [];
  const warnings: Diagnostic[] = [];
  for (const { state, path } of found) {
    const r = state.Resource;
    const params = (state.Parameters ?? state.Arguments) as Record<string, unknown> | undefined;
    if (typeof r === 'string' && r.startsWith('arn:aws:states:::lambda:invoke')) {
      const fn = params?.FunctionName;
      if (fn !== undefined) resources.push(...withVersions(fn));
      continue;
    }
    if ((typeof r === 'string' && /^arn:[^:]+:lambda:/.test(r)) || (isIntrinsic(r) && typeof r['Fn::Sub'] === 'string' && r['Fn::Sub'].includes(':lambda:'))) {
      resources.push(...withVersions(r));
      continue;
    }
    warnings.push({
      severity: 'warning',
      code: 'no-derived-policy',
      message: `no IAM permissions are derived for this Task (${typeof r === 'string' ? r : JSON.stringify(r)})`,
      path,
      hint: 'add the permissions it needs under iamRoleStatements of this state machine',
    });
  }
  const unique = [...new Map(resources.map((x) => [JSON.stringify(x), x])).values()];
  const statements: IamStatement[] = unique.length ? [{ Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: unique }] : [];
  return { statements, selfStatements: [], warnings, grants: unique.length ? [{ actions: ['lambda:InvokeFunction'], resources: unique }] : [] };
}
