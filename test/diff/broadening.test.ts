import { describe, expect, it } from 'vitest';
import type { Template } from '../../src/compile/types.js';
import { addedGrants } from '../../src/diff/broadening.js';

const role = (statements: unknown[], trust: unknown = { Service: 'states.amazonaws.com' }, extra: Record<string, unknown> = {}): Template =>
  ({
    Resources: {
      MachineRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: trust, Action: 'sts:AssumeRole' }] },
          Policies: [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
          ...extra,
        },
      },
    },
  }) as unknown as Template;

const send = { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': ['Queue', 'Arn'] } };
const texts = (before: Template | undefined, after: Template) => addedGrants(before, after).map((g) => `${g.holder}: ${g.text}`);

describe('IAM broadening: grants a template adds to the deployed one', () => {
  it('a new action is broadening', () => {
    expect(texts(role([send]), role([send, { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/k' }]))).toEqual(['MachineRole: Allow s3:GetObject on arn:aws:s3:::b/k']);
  });

  it('a resource widened to a pattern is broadening (the new resource is a new grant)', () => {
    const one = { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: 'arn:aws:dynamodb:us-east-1:123456789012:table/orders' };
    expect(texts(role([one]), role([{ ...one, Resource: 'arn:aws:dynamodb:us-east-1:123456789012:table/*' }]))).toEqual([
      'MachineRole: Allow dynamodb:GetItem on arn:aws:dynamodb:us-east-1:123456789012:table/*',
    ]);
  });

  it('a new principal on a role, a managed policy and a Lambda permission are broadening', () => {
    const after = role([send], { Service: ['states.amazonaws.com', 'events.amazonaws.com'] }, { ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] });
    after.Resources.Perm = { Type: 'AWS::Lambda::Permission', Properties: { Action: 'lambda:InvokeFunction', FunctionName: 'fn', Principal: 'events.amazonaws.com' } } as never;
    expect(texts(role([send]), after)).toEqual([
      'MachineRole: trusts {"Service":["states.amazonaws.com","events.amazonaws.com"]}',
      'MachineRole: managed policy arn:aws:iam::aws:policy/AdministratorAccess',
      'Perm: Allow lambda:InvokeFunction on fn to events.amazonaws.com',
    ]);
  });

  it('removing or reordering grants, or rewriting the same intrinsic with other key order, is not broadening', () => {
    const two = [send, { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::b/*' }];
    expect(texts(role(two), role([send]))).toEqual([]);
    expect(texts(role(two), role([two[1], { Resource: { 'Fn::GetAtt': ['Queue', 'Arn'] }, Action: 'sqs:SendMessage', Effect: 'Allow' }]))).toEqual([]);
    expect(texts(role(two), role([send, { Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject'], Resource: ['arn:aws:s3:::b/*'] }]))).toEqual([]);
  });

  it('a Deny statement added is not broadening', () => {
    expect(texts(role([send]), role([send, { Effect: 'Deny', Action: '*', Resource: '*' }]))).toEqual([]);
  });
});
