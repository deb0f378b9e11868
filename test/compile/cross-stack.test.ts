import { describe, expect, it } from 'vitest';
import { CrossStack } from '../../src/compile/cross-stack.js';
import { crossReferenceWarnings } from '../../src/compile/resources.js';

const make = (serverlessResources: Record<string, Record<string, unknown>> = {}) =>
  new CrossStack({
    functions: [
      { key: 'hello', name: 'svc-dev-hello' },
      { key: 'named', name: 'my-fixed-name' },
    ],
    serverlessResources,
    ownIds: new Set(['HelloStateMachine']),
    serverlessStackName: 'svc-dev',
  });

const ARN = 'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:';

describe('references from a definition to the Serverless stack', () => {
  it('Fn::GetAtt [hello, Arn], Fn::GetAtt [HelloLambdaFunction, Arn] and Ref hello become the function ARN', () => {
    const cs = make();
    const opts = { inDefinition: true, path: [] };
    expect(cs.rewrite({ 'Fn::GetAtt': ['hello', 'Arn'] }, opts)).toEqual({ 'Fn::Sub': `${ARN}svc-dev-hello` });
    expect(cs.rewrite({ 'Fn::GetAtt': ['HelloLambdaFunction', 'Arn'] }, opts)).toEqual({ 'Fn::Sub': `${ARN}svc-dev-hello` });
    expect(cs.rewrite({ Ref: 'hello' }, opts)).toEqual({ 'Fn::Sub': `${ARN}svc-dev-hello` });
    expect(cs.rewrite({ Ref: 'named' }, opts)).toEqual({ 'Fn::Sub': `${ARN}my-fixed-name` });
    expect(cs.parameters.size).toBe(0);
  });

  it('outside a definition, Ref to a function is its name (CloudFormation semantics)', () => {
    expect(make().rewrite({ Ref: 'HelloLambdaFunction' }, { inDefinition: false, path: [] })).toBe('svc-dev-hello');
  });

  it('a table with an explicit TableName becomes its name and ARN', () => {
    const cs = make({ Table: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'orders-dev' } } });
    const opts = { inDefinition: true, path: [] };
    expect(cs.rewrite({ Ref: 'Table' }, opts)).toBe('orders-dev');
    expect(cs.rewrite({ 'Fn::GetAtt': ['Table', 'Arn'] }, opts)).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/orders-dev' });
  });

  it('a queue with an explicit QueueName gives its URL for Ref', () => {
    const cs = make({ Q: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'jobs' } } });
    expect(cs.rewrite({ Ref: 'Q' }, { inDefinition: true, path: [] })).toEqual({ 'Fn::Sub': 'https://sqs.${AWS::Region}.${AWS::URLSuffix}/${AWS::AccountId}/jobs' });
  });

  it('a resource with a generated name becomes a Parameter named as the resource', () => {
    const cs = make({ Table: { Type: 'AWS::DynamoDB::Table', Properties: {} } });
    const opts = { inDefinition: true, path: [] };
    expect(cs.rewrite({ Ref: 'Table' }, opts)).toEqual({ Ref: 'Table' });
    expect(cs.rewrite({ 'Fn::GetAtt': ['Table', 'Arn'] }, opts)).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Table}' });
    expect([...cs.parameters.values()]).toEqual([
      expect.objectContaining({ name: 'Table', source: { stackName: 'svc-dev', logicalId: 'Table', kind: 'physicalId' } }),
    ]);
  });

  it('an attribute that cannot be read across stacks is an error with a hint', () => {
    const cs = make({ Table: { Type: 'AWS::DynamoDB::Table', Properties: {} } });
    cs.rewrite({ 'Fn::GetAtt': ['Table', 'StreamArn'] }, { inDefinition: true, path: ['x'] });
    expect(cs.problems[0]).toMatchObject({ code: 'cross-stack-attribute', path: ['x'] });
    expect(cs.problems[0].hint).toBe('export the value as an Output of the Serverless stack and use ${cf:svc-dev.<OutputKey>}');
  });

  it('the hint suggests an explicit name only where the attribute follows from the name', () => {
    const cs = make({
      Conn: { Type: 'AWS::Events::Connection', Properties: { Name: 'openai' } },
      Jobs: { Type: 'AWS::SQS::Queue', Properties: {} },
    });
    cs.rewrite({ 'Fn::GetAtt': ['Conn', 'Arn'] }, { inDefinition: true, path: ['a'] });
    cs.rewrite({ 'Fn::GetAtt': ['Jobs', 'Arn'] }, { inDefinition: true, path: ['b'] });
    // A Connection's ARN ends in a random ID: no name makes it knowable. A queue's ARN follows from QueueName.
    expect(cs.problems.find((p) => p.path?.[0] === 'a')?.hint).toBe('export the value as an Output of the Serverless stack and use ${cf:svc-dev.<OutputKey>}');
    expect(cs.problems.find((p) => p.path?.[0] === 'b')?.hint).toBe('give Jobs an explicit name (QueueName), or export the value as an Output of the Serverless stack and use ${cf:svc-dev.<OutputKey>}');
  });

  it('references inside Fn::Sub text are rewritten; own resources and pseudo-parameters are kept', () => {
    const out = make().rewrite({ 'Fn::Sub': '${hello.Arn} ${HelloStateMachine} ${AWS::Region} ${!literal}' }, { inDefinition: true, path: [] });
    expect(out).toEqual({ 'Fn::Sub': `${ARN}svc-dev-hello \${HelloStateMachine} \${AWS::Region} \${!literal}` });
  });
});

describe("references into stepf's stack from what serverless deploy keeps", () => {
  const warn = (providerRaw: unknown) =>
    crossReferenceWarnings({
      functionsRaw: {},
      providerRaw,
      stayingRaw: {},
      taken: { Resources: [], Outputs: [], Conditions: [] },
      replacement: (id) => (id === 'ChrisCallbackStepFunctionsStateMachine' ? '${cf:svc-dev-stepf.ChrisCallbackStepFunctionsStateMachineArn}' : ''),
      outputReplacement: (key) => `\${cf:svc-dev-stepf.${key}}`,
    });

  it("a Ref to a machine in provider.iamRoleStatements (the functions' role) is a warning with the ${cf:} to write", () => {
    const [w, ...rest] = warn({ iamRoleStatements: [{ Effect: 'Allow', Action: ['states:SendTaskSuccess'], Resource: [{ Ref: 'ChrisCallbackStepFunctionsStateMachine' }] }] });
    expect(rest).toEqual([]);
    expect(w!.path).toEqual(['provider', 'iamRoleStatements', 0, 'Resource', 0]);
    expect(w!.message).toBe("Ref to ChrisCallbackStepFunctionsStateMachine, which now lives in stepf's stack; serverless deploy would fail on it");
    expect(w!.hint).toBe('write ${cf:svc-dev-stepf.ChrisCallbackStepFunctionsStateMachineArn} instead (and deploy stepf first)');
  });

  it('provider.iam.role.statements and provider.environment are read too; a provider without such references gives none', () => {
    expect(warn({ iam: { role: { statements: [{ Resource: { 'Fn::GetAtt': ['ChrisCallbackStepFunctionsStateMachine', 'Arn'] } }] } } })).toHaveLength(1);
    expect(warn({ environment: { MACHINE: { Ref: 'ChrisCallbackStepFunctionsStateMachine' } } })).toHaveLength(1);
    expect(warn({ iamRoleStatements: [{ Resource: { Ref: 'SomeTable' } }], environment: { X: 'y' } })).toEqual([]);
  });
});
