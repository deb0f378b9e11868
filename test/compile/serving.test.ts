import { describe, expect, it } from 'vitest';
import { packageService } from '../../src/pipeline.js';
import { serviceDir, userErrorOf as errorOf } from '../config/variables/helpers.js';

/**
 * A resources: entry that a machine reaches by an attribute no Parameter can carry (a Connection's Arn: it
 * ends in an ID CloudFormation makes) serves only the machines unless the functions use it: it goes into
 * stepf's stack (the-fittest/serverless-step-function-sync, fixtures/real/fittest-step-function-sync).
 */
const config = (opts: { env?: string; roleResource?: string; connectionProps?: string } = {}) => `service: svc
provider:
  name: aws
functions:
  worker:
    handler: h.worker
${opts.env ?? ''}stepFunctions:
  stateMachines:
    caller:
      id: Caller
${opts.roleResource ? '      role: !GetAtt CallerRole.Arn\n' : ''}      definition:
        StartAt: Call
        States:
          Call:
            Type: Task
            Resource: arn:aws:states:::http:invoke
            Parameters:
              ApiEndpoint: https://api.example.com/v1
              Method: POST
              Authentication:
                ConnectionArn: !GetAtt ApiConnection.Arn
            End: true
resources:
  Resources:
    ApiConnection:
      Type: AWS::Events::Connection
      Properties:
        AuthorizationType: API_KEY
        AuthParameters:
          ApiKeyAuthParameters: { ApiKeyName: Authorization, ApiKeyValue: secret }
${opts.connectionProps ?? ''}${opts.roleResource ?? ''}`;

const role = `    CallerRole:
      Type: AWS::IAM::Role
      Properties:
        AssumeRolePolicyDocument:
          Version: '2012-10-17'
          Statement: [{ Effect: Allow, Principal: { Service: states.amazonaws.com }, Action: sts:AssumeRole }]
        Policies:
          - PolicyName: connection
            PolicyDocument:
              Version: '2012-10-17'
              Statement:
                - { Effect: Allow, Action: events:RetrieveConnectionCredentials, Resource: !GetAtt ApiConnection.Arn }
`;

describe('a resources: entry reached only by the machines through an attribute no Parameter carries', () => {
  it("an Events Connection that only an HTTP Task names goes into stepf's stack, where its Arn is an ordinary GetAtt", async () => {
    const r = await packageService({ cwd: serviceDir({ 'serverless.yml': config() }), stage: 'dev' });
    expect(r.template.Resources.ApiConnection?.Type).toBe('AWS::Events::Connection');
    expect(r.parameters).toEqual([]);
    const definition = JSON.stringify(r.template.Resources.Caller.Properties?.DefinitionString);
    expect(definition).toContain('${ApiConnection.Arn}');
    expect(JSON.stringify(r.template.Resources.CallerRole)).toContain('{"Fn::GetAtt":["ApiConnection","Arn"]}');
    expect(r.takenResources.map((e) => e.id)).toEqual(['ApiConnection']);
  });

  it("takes along the machine's role in resources: that grants the Connection, so nothing that stays names it", async () => {
    const r = await packageService({ cwd: serviceDir({ 'serverless.yml': config({ roleResource: role }) }), stage: 'dev' });
    expect(Object.keys(r.template.Resources)).toEqual(expect.arrayContaining(['ApiConnection', 'CallerRole']));
    expect(r.template.Resources.Caller.Properties?.RoleArn).toEqual({ 'Fn::GetAtt': ['CallerRole', 'Arn'] });
    expect(r.warnings.filter((w) => w.code === 'reference-to-stepf-stack')).toEqual([]);
  });

  it('used by a function too, it stays with the Serverless stack and the reference is refused with the way to reach it', async () => {
    const env = '    environment:\n      CONNECTION: !GetAtt ApiConnection.Arn\n';
    const err = await errorOf(packageService({ cwd: serviceDir({ 'serverless.yml': config({ env }) }), stage: 'dev' }));
    expect(err.diagnostics.map((d) => [d.code, d.path?.slice(-4)])).toEqual([['cross-stack-attribute', ['Call', 'Parameters', 'Authentication', 'ConnectionArn']]]);
    expect(err.diagnostics[0].hint).toBe('export the value as an Output of the Serverless stack and use ${cf:svc-dev.<OutputKey>}');
  });

  it("an attribute stepf can build from a name (a named queue's Arn) leaves the resource where it is", async () => {
    const yaml = config().replace('ConnectionArn: !GetAtt ApiConnection.Arn', 'ConnectionArn: !GetAtt Jobs.Arn').replace('    ApiConnection:\n', '    Jobs:\n      Type: AWS::SQS::Queue\n      Properties: { QueueName: svc-jobs }\n    ApiConnection:\n');
    const r = await packageService({ cwd: serviceDir({ 'serverless.yml': yaml }), stage: 'dev' });
    expect(r.template.Resources.Jobs).toBeUndefined();
    expect(r.template.Resources.ApiConnection).toBeUndefined();
    expect(r.takenResources).toEqual([]);
  });

  it('the same for an entry of custom.stepf.stackResources that names it (an API destination of the Connection)', async () => {
    const yaml = config()
      .replace('ConnectionArn: !GetAtt ApiConnection.Arn', 'ConnectionArn: !GetAtt Jobs.Arn')
      .replace('    ApiConnection:\n', '    Jobs:\n      Type: AWS::SQS::Queue\n      Properties: { QueueName: svc-jobs }\n    ApiConnection:\n')
      .replace('stepFunctions:', 'custom:\n  stepf:\n    stackResources:\n      Resources:\n        Destination:\n          Type: AWS::Events::ApiDestination\n          Properties: { ConnectionArn: !GetAtt ApiConnection.Arn, HttpMethod: POST, InvocationEndpoint: https://api.example.com/v1 }\nstepFunctions:');
    const r = await packageService({ cwd: serviceDir({ 'serverless.yml': yaml }), stage: 'dev' });
    expect(Object.keys(r.template.Resources)).toEqual(expect.arrayContaining(['Destination', 'ApiConnection']));
    expect(r.template.Resources.Jobs).toBeUndefined();
    expect(r.takenResources.map((e) => e.id)).toEqual(['ApiConnection']);
  });
});

