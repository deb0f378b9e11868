import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { IamStatement } from '../../../src/compile/types.js';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/machine-role`;

export interface CfnEnv {
  refs?: Record<string, string>;
  /** `Logical.Attr` → value */
  attrs?: Record<string, string>;
  imports?: Record<string, string>;
}

const PSEUDO: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::Region': REGION, 'AWS::AccountId': ACCOUNT, 'AWS::URLSuffix': 'amazonaws.com', 'AWS::StackName': 'svc-dev' };

function lookup(name: string, env: CfnEnv, vars: Record<string, unknown>): string {
  if (name in vars) return asString(resolveCfn(vars[name], env));
  if (name in PSEUDO) return PSEUDO[name];
  if (env.refs && name in env.refs) return env.refs[name];
  if (env.attrs && name in env.attrs) return env.attrs[name];
  throw new Error(`unresolved \${${name}}`);
}

function asString(v: unknown): string {
  if (typeof v !== 'string') throw new Error(`expected a string, got ${JSON.stringify(v)}`);
  return v;
}

/** Evaluates the intrinsics a generated policy may hold, as CloudFormation would (throws on anything else). */
export function resolveCfn(value: unknown, env: CfnEnv = {}): unknown {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((v) => resolveCfn(v, env));
  if (!value || typeof value !== 'object') throw new Error(`bad value ${String(value)}`);
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1 && keys[0] === 'Ref') return lookup(String(o.Ref), env, {});
  if (keys.length === 1 && keys[0] === 'Fn::GetAtt') {
    const a = o['Fn::GetAtt'];
    const k = Array.isArray(a) ? `${a[0]}.${a[1]}` : String(a);
    if (env.attrs && k in env.attrs) return env.attrs[k];
    throw new Error(`unresolved GetAtt ${k}`);
  }
  if (keys.length === 1 && keys[0] === 'Fn::ImportValue') {
    const k = asString(resolveCfn(o['Fn::ImportValue'], env));
    if (env.imports && k in env.imports) return env.imports[k];
    throw new Error(`unresolved import ${k}`);
  }
  if (keys.length === 1 && keys[0] === 'Fn::Sub') {
    const s = o['Fn::Sub'];
    const [text, vars] = Array.isArray(s) ? [asString(s[0]), (s[1] ?? {}) as Record<string, unknown>] : [asString(s), {}];
    return text.replace(/\$\{([^}]+)\}/g, (_m, name: string) => (name.startsWith('!') ? `\${${name.slice(1)}}` : lookup(name.trim(), env, vars)));
  }
  if (keys.length === 1 && keys[0] === 'Fn::Join') {
    const [sep, list] = o['Fn::Join'] as [string, unknown];
    return (resolveCfn(list, env) as unknown[]).map(asString).join(sep);
  }
  if (keys.length === 1 && keys[0] === 'Fn::Split') {
    const [sep, str] = o['Fn::Split'] as [string, unknown];
    return asString(resolveCfn(str, env)).split(sep);
  }
  if (keys.length === 1 && keys[0] === 'Fn::Select') {
    const [i, list] = o['Fn::Select'] as [number, unknown];
    const arr = resolveCfn(list, env) as unknown[];
    if (!Array.isArray(arr) || arr[Number(i)] === undefined) throw new Error(`Fn::Select ${i} out of range`);
    return arr[Number(i)];
  }
  if (keys.some((k) => k.startsWith('Fn::'))) throw new Error(`unsupported intrinsic ${keys[0]}`);
  return Object.fromEntries(keys.map((k) => [k, resolveCfn(o[k], env)]));
}

export function concretePolicy(statements: IamStatement[], env: CfnEnv = {}): { Version: string; Statement: unknown[] } {
  return { Version: '2012-10-17', Statement: statements.map((s) => resolveCfn(s, env)) };
}

export interface Call {
  action: string;
  resource: string;
  context?: Record<string, string | string[]>;
}

/** Account of the resource's owner: from the ARN, or ours (S3 ARNs have none). */
function resourceAccount(arn: string): string {
  return arn.split(':')[4] || ACCOUNT;
}

/** 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied'. Another account's resource gets an allow-all resource policy, so only our policy decides. */
export async function decide(policy: object, call: Call): Promise<string> {
  const account = resourceAccount(call.resource);
  const res = await runSimulation(
    {
      request: { principal: ROLE, action: call.action, resource: { resource: call.resource, accountId: account }, contextVariables: call.context ?? {} },
      identityPolicies: [{ name: 'machine', policy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      // A KMS key is governed by its key policy: the default one delegates to IAM policies of the account.
      ...(call.action.startsWith('kms:') && account === ACCOUNT
        ? { resourcePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }] } }
        : {}),
      ...(account !== ACCOUNT ? { resourcePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ROLE }, Action: '*', Resource: '*' }] } } : {}),
    },
    {},
  );
  if (res.resultType === 'error') throw new Error(`simulation error for ${call.action} on ${call.resource}: ${JSON.stringify(res.errors)}`);
  return res.overallResult;
}
