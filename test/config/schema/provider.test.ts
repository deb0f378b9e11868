import { describe, expect, it } from 'vitest';
import { checkProvider, checkStepfCustom } from '../../../src/config/schema/index.js';
import { summary, y } from './helpers.js';

describe('provider', () => {
  it('accepts the keys stepf reads in their documented forms', () => {
    const r = checkProvider(
      y(`
name: aws
stage: dev
region: eu-west-1
stackName: my-stack
profile: work
tags: { app: myApp, score: 42 }
stackTags: { team: core }
rolePermissionsBoundary: arn:aws:iam::123456789012:policy/boundary
iam:
  role:
    path: /service/
    permissionsBoundary: !Sub arn:aws:iam::\${AWS::AccountId}:policy/b
  deploymentRole: arn:aws:iam::123456789012:role/cfn
deploymentBucket: { name: my-bucket, serverSideEncryption: AES256 }
stackPolicy:
  - { Effect: Allow, Principal: '*', Action: 'Update:*', Resource: '*' }
notificationArns: [arn:aws:sns:us-east-1:1:topic]
apiName: my-api
endpointType: regional
vpcEndpointIds: [vpce-123]
timeout: 30
logRetentionInDays: 14
apiGateway:
  restApiId: xxxxxxxxxx
  restApiRootResourceId: !GetAtt Api.RootResourceId
  restApiResources: { /users: abc123 }
  shouldStartNameWithService: true
  timeoutInMillis: 15000
  apiKeys:
    - myFirstKey
    - name: myKeyWithValue
      value: myApiKeyValue
  usagePlan:
    quota: { limit: 5000, offset: 2, period: MONTH }
    throttle: { burstLimit: 200, rateLimit: 100 }
  resourcePolicy:
    - { Effect: Allow, Principal: '*', Action: execute-api:Invoke, Resource: [execute-api:/*] }
  request:
    schemas:
      post-create-model: { name: PostCreateModel, schema: { type: object } }
`),
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.config.iam?.role).toEqual({ path: '/service/', permissionsBoundary: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:policy/b' } });
  });

  it('lets keys stepf does not read pass silently, iam.role as an ARN included', () => {
    const r = checkProvider({ name: 'aws', runtime: 'nodejs20.x', environment: { A: 1 }, vpc: {}, iam: { role: 'arn:aws:iam::1:role/fn', statements: [] } });
    expect(r.diagnostics).toEqual([]);
    expect(r.config.runtime).toBe('nodejs20.x');
  });

  it('accepts no provider at all', () => {
    expect(checkProvider(undefined)).toEqual({ config: {}, diagnostics: [] });
  });

  it('reports wrong types on the keys stepf reads, under provider.*', () => {
    const r = checkProvider({ tags: { a: { b: 1 } }, timeout: '30s', endpointType: 'INTERNAL', iam: { role: { path: 5 } }, apiKeys: 'k', stage: 1 });
    expect(summary(r.diagnostics)).toEqual([
      'error invalid-type provider.stage',
      'error invalid-type provider.tags.a',
      'error invalid-type provider.iam.role.path',
      'error invalid-type provider.endpointType',
      'error invalid-type provider.timeout',
      'error invalid-type provider.apiKeys',
    ]);
  });
});

describe('custom.stepf', () => {
  it('accepts stackName, resources and terminationProtection', () => {
    const r = checkStepfCustom({ stackName: 'my-stepf', resources: 'referenced', terminationProtection: true });
    expect(r).toEqual({ config: { stackName: 'my-stepf', resources: 'referenced', terminationProtection: true }, diagnostics: [] });
    expect(checkStepfCustom(undefined)).toEqual({ config: {}, diagnostics: [] });
  });

  it('rejects unknown keys with a hint and wrong values', () => {
    const r = checkStepfCustom({ stackname: 'x', resources: 'some', terminationProtection: 'on' });
    expect(summary(r.diagnostics)).toEqual([
      'error invalid-value custom.stepf.resources',
      'error invalid-type custom.stepf.terminationProtection',
      'error unknown-key custom.stepf.stackname',
    ]);
    expect(r.diagnostics[2].hint).toBe('did you mean "stackName"?');
  });
});
