import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageService } from '../../src/pipeline.js';
import { serviceDir, userErrorOf as errorOf } from '../config/variables/helpers.js';

/** A shared authorizer of resources: used by a state machine's http method (the plugin's documented setup). */

const config = (opts: { functionEvents?: string; restApiId?: string; authorizerApi?: string } = {}) => `service: svc
provider:
  name: aws
${opts.restApiId ? `  apiGateway:\n    restApiId: ${opts.restApiId}\n    restApiRootResourceId: root123\n` : ''}functions:
  worker:
    handler: h.worker
${opts.functionEvents ?? ''}
stepFunctions:
  stateMachines:
    orders:
      events:
        - http:
            path: orders
            method: POST
            authorizer:
              type: COGNITO_USER_POOLS
              authorizerId: !Ref ApiGatewayAuthorizer
      definition:
        StartAt: A
        States:
          A: { Type: Pass, End: true }
resources:
  Resources:
    ApiGatewayAuthorizer:
      Type: AWS::ApiGateway::Authorizer
      Properties:
        Name: cognito
        Type: COGNITO_USER_POOLS
        IdentitySource: method.request.header.Authorization
        RestApiId: ${opts.authorizerApi ?? '!Ref ApiGatewayRestApi'}
        ProviderARNs: [arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc]
`;

describe('an authorizer of resources: that a machine\'s http method uses', () => {
  it('goes into stepf\'s stack with stepf\'s REST API: the method names it there, no Parameter for another API\'s authorizer', async () => {
    const r = await packageService({ cwd: serviceDir({ 'serverless.yml': config() }), stage: 'dev' });
    expect(r.template.Resources.ApiGatewayAuthorizer).toMatchObject({ Type: 'AWS::ApiGateway::Authorizer', Properties: { RestApiId: { Ref: 'ApiGatewayRestApi' } } });
    const method = Object.values(r.template.Resources).find((x) => x.Type === 'AWS::ApiGateway::Method' && (x.Properties as Record<string, unknown>).HttpMethod === 'POST');
    expect(method?.Properties).toMatchObject({ AuthorizationType: 'COGNITO_USER_POOLS', AuthorizerId: { Ref: 'ApiGatewayAuthorizer' } });
    expect(r.parameters).toEqual([]);
  });

  it('also used by a function\'s http event: refused, with the fix (join the Serverless stack\'s API with restApiId)', async () => {
    const functionEvents = '    events:\n      - http:\n          path: work\n          method: GET\n          authorizer:\n            type: COGNITO_USER_POOLS\n            authorizerId: !Ref ApiGatewayAuthorizer\n';
    const err = await errorOf(packageService({ cwd: serviceDir({ 'serverless.yml': config({ functionEvents }) }), stage: 'dev' }));
    expect(err.diagnostics.map((d) => [d.code, d.path])).toEqual([
      ['authorizer-shared-with-functions', ['stepFunctions', 'stateMachines', 'orders', 'events', 0, 'http', 'authorizer', 'authorizerId']],
    ]);
    expect(err.diagnostics[0].message).toContain('functions.worker uses it');
    expect(err.diagnostics[0].hint).toContain('provider.apiGateway.restApiId');
    expect(err.diagnostics[0].line).toBeGreaterThan(0);
  });

  it('naming another REST API: refused, with the fix', async () => {
    const err = await errorOf(packageService({ cwd: serviceDir({ 'serverless.yml': config({ authorizerApi: 'abc123' }) }), stage: 'dev' }));
    expect(err.diagnostics.map((d) => d.code)).toEqual(['authorizer-of-another-api']);
    expect(err.diagnostics[0].hint).toContain('RestApiId: !Ref ApiGatewayRestApi');
  });

  it('with provider.apiGateway.restApiId the methods join that API, whose authorizer stays in the Serverless stack and comes in as a Parameter', async () => {
    const r = await packageService({ cwd: serviceDir({ 'serverless.yml': config({ restApiId: 'api123', authorizerApi: 'api123' }) }), stage: 'dev' });
    expect(r.template.Resources.ApiGatewayAuthorizer).toBeUndefined();
    expect(r.parameters.map((p) => p.name)).toEqual(['ApiGatewayAuthorizer']);
  });

  it('the v-studios config with its authorizer on the machine\'s method packages it into stepf\'s stack (fixtures/real/vstudios-shared-authorizer)', async () => {
    const r = await packageService({ cwd: resolve(__dirname, '../../fixtures/real/vstudios-shared-authorizer'), stage: 'dev' });
    expect(r.template.Resources.ApiGatewayAuthorizer?.Type).toBe('AWS::ApiGateway::Authorizer');
    expect(r.parameters.map((p) => p.name)).not.toContain('ApiGatewayAuthorizer');
  });
});
