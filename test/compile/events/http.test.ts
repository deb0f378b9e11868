import { describe, expect, it } from 'vitest';
import type { MachineModel } from '../../../src/compile/model.js';
import { compile, compileOk, machine, props, service } from './helpers.js';
import { renderVtl, substitute } from './vtl.js';

const SM = 'Hellostepfunc1StepFunctionsStateMachine';
const withHttp = (events: unknown[], extra: Partial<MachineModel> = {}, svcExtra = {}) =>
  service([machine('hellostepfunc1', { events, ...extra })], { functions: [{ key: 'auth', name: 'orders-dev-auth' }], ...svcExtra });
const deploymentId = (c: { template: { Resources: Record<string, { Type: string }> } }) =>
  Object.keys(c.template.Resources).find((id) => c.template.Resources[id].Type === 'AWS::ApiGateway::Deployment')!;

describe('http events: the API', () => {
  it('the blog sample (path startEC2, post) makes stepf\'s own REST API, resource, method, role, deployment and ServiceEndpoint', () => {
    const c = compileOk(withHttp([{ http: { path: 'startEC2', method: 'post' } }]));
    expect(c.r('ApiGatewayRestApi')).toEqual({ Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'dev-orders', EndpointConfiguration: { Types: ['EDGE'] } } });
    expect(c.r('ApiGatewayResourceStartec2')).toEqual({
      Type: 'AWS::ApiGateway::Resource',
      Properties: { ParentId: { 'Fn::GetAtt': ['ApiGatewayRestApi', 'RootResourceId'] }, PathPart: 'startEC2', RestApiId: { Ref: 'ApiGatewayRestApi' } },
    });
    const m = props(c, 'ApiGatewayMethodStartec2Post');
    expect(m).toMatchObject({
      HttpMethod: 'POST',
      AuthorizationType: 'NONE',
      ApiKeyRequired: false,
      ResourceId: { Ref: 'ApiGatewayResourceStartec2' },
      RestApiId: { Ref: 'ApiGatewayRestApi' },
      Integration: {
        IntegrationHttpMethod: 'POST',
        Type: 'AWS',
        Credentials: { 'Fn::GetAtt': ['ApigatewayToStepFunctionsRole', 'Arn'] },
        Uri: { 'Fn::Sub': 'arn:${AWS::Partition}:apigateway:${AWS::Region}:states:action/StartExecution' },
        PassthroughBehavior: 'NEVER',
        IntegrationResponses: [
          { StatusCode: '200', SelectionPattern: '', ResponseParameters: {}, ResponseTemplates: {} },
          { StatusCode: '400', SelectionPattern: '400', ResponseParameters: {}, ResponseTemplates: {} },
        ],
      },
      MethodResponses: [
        { StatusCode: '200', ResponseParameters: {}, ResponseModels: {} },
        { StatusCode: '400', ResponseParameters: {}, ResponseModels: {} },
      ],
    });
    expect(Object.keys(m.Integration.RequestTemplates)).toEqual(['application/json', 'application/x-www-form-urlencoded']);
    expect(m.Integration.RequestTemplates['application/json']['Fn::Sub'][1]).toEqual({ StateMachineArn: { Ref: SM } });
    const dep = deploymentId(c);
    expect(dep).toMatch(/^ApiGatewayDeployment[0-9a-f]{10}$/);
    expect(c.r(dep)).toEqual({ Type: 'AWS::ApiGateway::Deployment', Properties: { RestApiId: { Ref: 'ApiGatewayRestApi' }, StageName: 'dev' }, DependsOn: ['ApiGatewayMethodStartec2Post'] });
    expect(c.template.Outputs?.ServiceEndpoint).toEqual({
      Description: 'URL of the service endpoint',
      Value: { 'Fn::Join': ['', ['https://', { Ref: 'ApiGatewayRestApi' }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/dev']] },
    });
  });

  it('the API role may start only the machines that its methods target (the plugin allowed `*`)', () => {
    const svc = service([
      machine('a', { events: [{ http: 'POST a' }] }),
      machine('b', { events: [{ http: 'GET b/{id}' }, { http: { path: 'b', method: 'delete', action: 'StopExecution' } }] }),
      machine('c', { events: [{ http: { path: 'c', method: 'post', iamRole: 'arn:aws:iam::123456789012:role/mine' } }] }),
      machine('d'),
    ]);
    svc.provider = { rolePermissionsBoundary: 'arn:aws:iam::123456789012:policy/b', iam: { role: { path: '/api/' } } };
    const c = compileOk(svc);
    const role = props(c, 'ApigatewayToStepFunctionsRole');
    expect(role.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({ Service: 'apigateway.amazonaws.com' });
    expect(role.PermissionsBoundary).toBe('arn:aws:iam::123456789012:policy/b');
    expect(role.Path).toBe('/api/');
    const statements = role.Policies[0].PolicyDocument.Statement;
    expect(role.Policies[0].PolicyName).toBe('apigatewaytostepfunctions');
    expect(statements[0]).toEqual({ Effect: 'Allow', Action: ['states:StartExecution'], Resource: [{ Ref: 'AStepFunctionsStateMachine' }, { Ref: 'BStepFunctionsStateMachine' }] });
    expect(statements[1].Action).toEqual(['states:StopExecution']);
    expect(JSON.stringify(statements)).not.toContain('"*"');
    expect(JSON.stringify(statements)).not.toContain('CStepFunctionsStateMachine');
    expect(props(c, 'ApiGatewayMethodCPost').Integration.Credentials).toBe('arn:aws:iam::123456789012:role/mine');
    expect(props(c, 'ApiGatewayMethodBDelete').Integration).toMatchObject({ PassthroughBehavior: 'WHEN_NO_TEMPLATES', RequestTemplates: {} });
  });

  it('the string form "POST path", nested paths share parents, root methods use the root resource', () => {
    const c = compileOk(withHttp([{ http: 'POST /users/{id}/create/' }, { http: 'get users' }, { http: 'GET /' }]));
    expect(props(c, 'ApiGatewayResourceUsersIdVarCreate')).toMatchObject({ ParentId: { Ref: 'ApiGatewayResourceUsersIdVar' }, PathPart: 'create' });
    expect(props(c, 'ApiGatewayResourceUsersIdVar')).toMatchObject({ ParentId: { Ref: 'ApiGatewayResourceUsers' }, PathPart: '{id}' });
    expect(props(c, 'ApiGatewayMethodUsersIdVarCreatePost').HttpMethod).toBe('POST');
    expect(props(c, 'ApiGatewayMethodUsersGet').ResourceId).toEqual({ Ref: 'ApiGatewayResourceUsers' });
    expect(props(c, 'ApiGatewayMethodGet').ResourceId).toEqual({ 'Fn::GetAtt': ['ApiGatewayRestApi', 'RootResourceId'] });
  });

  it('the REST API name follows apiName / shouldStartNameWithService; endpoint type, VPC endpoints and resource policy apply', () => {
    const policy = [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: ['execute-api:/*'] }];
    const named = compileOk(withHttp([{ http: 'POST go' }], {}, { provider: { apiGateway: { shouldStartNameWithService: true } } }));
    expect(props(named, 'ApiGatewayRestApi').Name).toBe('orders-dev');
    const c = compileOk(withHttp([{ http: 'POST go' }], {}, { provider: { apiName: 'my-api', endpointType: 'private', vpcEndpointIds: ['vpce-1'], apiGateway: { resourcePolicy: policy } } }));
    expect(props(c, 'ApiGatewayRestApi')).toEqual({
      Name: 'my-api',
      EndpointConfiguration: { Types: ['PRIVATE'], VpcEndpointIds: ['vpce-1'] },
      Policy: { Version: '2012-10-17', Statement: policy },
    });
  });

  it('with provider.apiGateway.restApiId the methods go onto that API, reusing restApiResources', () => {
    const c = compileOk(
      withHttp([{ http: 'POST orders/new' }, { http: 'GET /' }], {}, {
        provider: { apiGateway: { restApiId: 'abc123', restApiRootResourceId: 'root1', restApiResources: { '/orders': 'res-orders' } } },
      }),
    );
    expect(c.template.Resources.ApiGatewayRestApi).toBeUndefined();
    expect(c.template.Resources.ApiGatewayResourceOrders).toBeUndefined();
    expect(props(c, 'ApiGatewayResourceOrdersNew')).toEqual({ ParentId: 'res-orders', PathPart: 'new', RestApiId: 'abc123' });
    expect(props(c, 'ApiGatewayMethodGet').ResourceId).toBe('root1');
    expect((c.template.Outputs?.ServiceEndpoint.Value as any)['Fn::Join'][1][1]).toBe('abc123');
  });

  it('a shared API without restApiRootResourceId is an error naming the missing key', () => {
    const c = compile(withHttp([{ http: 'POST orders' }], {}, { provider: { apiGateway: { restApiId: 'abc123' } } }));
    expect(c.errors[0]).toMatchObject({ path: ['provider', 'apiGateway', 'restApiRootResourceId'], code: 'missing-key' });
  });
});

describe('http events: the deployment', () => {
  const svc = () => withHttp([{ http: 'POST a' }, { http: { path: 'b', method: 'get', cors: true } }]);
  it('an unchanged API keeps its deployment ID (the plugin made a new one every deploy)', () => {
    expect(deploymentId(compileOk(svc()))).toBe(deploymentId(compileOk(svc())));
  });
  it('a changed method, path or stage changes the deployment ID', () => {
    const base = deploymentId(compileOk(svc()));
    const moreEvents = withHttp([{ http: 'POST a' }, { http: { path: 'b', method: 'get', cors: true } }, { http: 'PUT c' }]);
    expect(deploymentId(compileOk(moreEvents))).not.toBe(base);
    const changedTemplate = withHttp([{ http: 'POST a' }, { http: { path: 'b', method: 'get', cors: true, request: { template: { 'application/json': '{}' } } } }]);
    expect(deploymentId(compileOk(changedTemplate))).not.toBe(base);
    const otherStage = svc();
    otherStage.stage = 'prod';
    expect(deploymentId(compileOk(otherStage))).not.toBe(base);
  });
  it('the deployment depends on every method, the CORS preflights included', () => {
    const c = compileOk(svc());
    expect(c.r(deploymentId(c)).DependsOn).toEqual(['ApiGatewayMethodAPost', 'ApiGatewayMethodBGet', 'ApiGatewayMethodBOptions']);
  });
});

describe('http events: options', () => {
  it('cors: true makes an OPTIONS MOCK preflight and adds the origin header to the responses', () => {
    const c = compileOk(withHttp([{ http: { path: 'orders', method: 'post', cors: true } }]));
    const pre = props(c, 'ApiGatewayMethodOrdersOptions');
    expect(pre.Integration.Type).toBe('MOCK');
    expect(pre.Integration.IntegrationResponses[0].ResponseParameters).toEqual({
      'method.response.header.Access-Control-Allow-Origin': "'*'",
      'method.response.header.Access-Control-Allow-Headers': "'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token,X-Amz-User-Agent'",
      'method.response.header.Access-Control-Allow-Methods': "'OPTIONS,POST'",
      'method.response.header.Access-Control-Allow-Credentials': "'false'",
    });
    expect(pre.MethodResponses[0].ResponseParameters['method.response.header.Access-Control-Allow-Origin']).toBe(true);
    const m = props(c, 'ApiGatewayMethodOrdersPost');
    expect(m.Integration.IntegrationResponses[0].ResponseParameters).toEqual({ 'method.response.header.Access-Control-Allow-Origin': "'*'" });
    expect(m.MethodResponses[0].ResponseParameters).toEqual({ 'method.response.header.Access-Control-Allow-Origin': true });
  });

  it('cors objects on one path merge: headers, methods and origins united, maxAge from the last, ANY expanded', () => {
    const c = compileOk(
      withHttp([
        { http: { path: 'o', method: 'get', cors: { origins: ['https://a.example'], headers: ['X-One'], maxAge: 60 } } },
        { http: { path: 'o', method: 'any', cors: { origins: ['https://b.example'], headers: ['X-Two'], allowCredentials: true, maxAge: 600 } } },
      ]),
    );
    const p = props(c, 'ApiGatewayMethodOOptions').Integration.IntegrationResponses[0].ResponseParameters;
    expect(p['method.response.header.Access-Control-Allow-Origin']).toBe("'https://a.example,https://b.example'");
    expect(p['method.response.header.Access-Control-Allow-Headers']).toBe("'X-One,X-Two'");
    expect(p['method.response.header.Access-Control-Allow-Methods']).toBe("'OPTIONS,GET,DELETE,GET,HEAD,PATCH,POST,PUT'");
    expect(p['method.response.header.Access-Control-Allow-Credentials']).toBe("'true'");
    expect(p['method.response.header.Access-Control-Max-Age']).toBe("'600'");
  });

  it('private: true requires an API key; provider apiKeys make keys, a usage plan and plan keys', () => {
    const c = compileOk(withHttp([{ http: { path: 'p', method: 'post', private: true } }], {}, {
      provider: { apiGateway: { apiKeys: ['free', { name: 'partner', value: 'a-very-long-secret-value-1234' }], usagePlan: { quota: { limit: 5000, period: 'MONTH' }, throttle: { burstLimit: 20, rateLimit: 10 } } } },
    }));
    expect(props(c, 'ApiGatewayMethodPPost').ApiKeyRequired).toBe(true);
    expect(c.r('ApiGatewayApiKey1')).toEqual({ Type: 'AWS::ApiGateway::ApiKey', DependsOn: [deploymentId(c)], Properties: { Enabled: true, Name: 'free' } });
    expect(props(c, 'ApiGatewayApiKey2').Value).toBe('a-very-long-secret-value-1234');
    expect(props(c, 'ApiGatewayUsagePlan')).toMatchObject({
      ApiStages: [{ ApiId: { Ref: 'ApiGatewayRestApi' }, Stage: 'dev' }],
      UsagePlanName: 'orders-dev',
      Quota: { Limit: 5000, Period: 'MONTH' },
      Throttle: { BurstLimit: 20, RateLimit: 10 },
    });
    expect(props(c, 'ApiGatewayUsagePlanKey2')).toEqual({ KeyId: { Ref: 'ApiGatewayApiKey2' }, KeyType: 'API_KEY', UsagePlanId: { Ref: 'ApiGatewayUsagePlan' } });
  });

  it('private without any apiKeys warns', () => {
    const c = compile(withHttp([{ http: { path: 'p', method: 'post', private: true } }]));
    expect(c.errors).toEqual([]);
    expect(c.warnings[0].message).toMatch(/requires an API key/);
  });

  it('authorizer: aws_iam', () => {
    const c = compileOk(withHttp([{ http: { path: 'p', method: 'post', authorizer: 'aws_iam' } }, { http: { path: 'q', method: 'post', authorizer: { type: 'AWS_IAM' } } }]));
    expect(props(c, 'ApiGatewayMethodPPost').AuthorizationType).toBe('AWS_IAM');
    expect(props(c, 'ApiGatewayMethodQPost').AuthorizationType).toBe('AWS_IAM');
  });

  it('a Lambda authorizer by function key: TOKEN authorizer, function ARN across stacks, permission scoped to this API', () => {
    const c = compileOk(withHttp([{ http: { path: 'p', method: 'post', authorizer: 'auth' } }]));
    const fnArn = { 'Fn::Sub': 'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:orders-dev-auth' };
    expect(c.r('AuthApiGatewayAuthorizer')).toEqual({
      Type: 'AWS::ApiGateway::Authorizer',
      Properties: {
        IdentitySource: 'method.request.header.Authorization',
        Name: 'auth',
        RestApiId: { Ref: 'ApiGatewayRestApi' },
        Type: 'TOKEN',
        AuthorizerUri: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:', { Ref: 'AWS::Region' }, ':lambda:path/2015-03-31/functions/', fnArn, '/invocations']] },
      },
    });
    expect(c.r('AuthLambdaFunctionLambdaPermission')).toEqual({
      Type: 'AWS::Lambda::Permission',
      Properties: {
        FunctionName: fnArn,
        Action: 'lambda:InvokeFunction',
        Principal: 'apigateway.amazonaws.com',
        SourceArn: {
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':execute-api:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':', { Ref: 'ApiGatewayRestApi' }, '/authorizers/', { Ref: 'AuthApiGatewayAuthorizer' }]],
        },
      },
    });
    expect(c.r('ApiGatewayMethodPPost')).toMatchObject({ Properties: { AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: 'AuthApiGatewayAuthorizer' } } });
  });

  it('a REQUEST authorizer by ARN: name from the ARN, one permission per authorizer (the plugin\'s collided)', () => {
    const c = compileOk(
      withHttp([
        { http: { path: 'p', method: 'post', authorizer: { arn: 'arn:aws:lambda:us-east-1:123456789012:function:svc-dev-checkToken', type: 'request', identitySource: 'method.request.header.X-Token', resultTtlInSeconds: 0 } } },
        { http: { path: 'q', method: 'post', authorizer: 'arn:aws:lambda:us-east-1:123456789012:function:other-authz' } },
      ]),
    );
    expect(props(c, 'CheckTokenApiGatewayAuthorizer')).toMatchObject({ Type: 'REQUEST', IdentitySource: 'method.request.header.X-Token', AuthorizerResultTtlInSeconds: 0, Name: 'checkToken' });
    expect(c.r('CheckTokenApiGatewayAuthorizerLambdaPermission')).toBeDefined();
    expect(c.r('AuthzApiGatewayAuthorizerLambdaPermission')).toBeDefined();
  });

  it('a Cognito user pool authorizer with scopes', () => {
    const pool = 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc';
    const c = compileOk(withHttp([{ http: { path: 'p', method: 'post', authorizer: { name: 'pool', arn: pool, scopes: ['orders/write'] } } }]));
    expect(props(c, 'PoolApiGatewayAuthorizer')).toMatchObject({ Type: 'COGNITO_USER_POOLS', ProviderARNs: [pool] });
    expect(props(c, 'ApiGatewayMethodPPost')).toMatchObject({ AuthorizationType: 'COGNITO_USER_POOLS', AuthorizationScopes: ['orders/write'] });
    expect(Object.values(c.template.Resources).some((r) => r.Type === 'AWS::Lambda::Permission')).toBe(false);
  });

  it('an existing authorizer by ID makes no authorizer', () => {
    const c = compileOk(withHttp([{ http: { path: 'p', method: 'post', authorizer: { type: 'CUSTOM', authorizerId: 'az1', scopes: ['a'] } } }]));
    expect(props(c, 'ApiGatewayMethodPPost')).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: 'az1', AuthorizationScopes: ['a'] });
  });

  it('request.template replaces a content type\'s template; lambda_proxy gives the proxy-shaped input', () => {
    const c = compileOk(withHttp([{ http: { path: 'p', method: 'post', request: { template: { 'application/json': '{"input": "$util.escapeJavaScript($input.body)", "stateMachineArn": "arn:aws:states:#{AWS::Region}:#{AWS::AccountId}:stateMachine:x"}' } } } }, { http: { path: 'q', method: 'post', request: { template: 'lambda_proxy' } } }]));
    const t = props(c, 'ApiGatewayMethodPPost').Integration.RequestTemplates;
    expect(t['application/json']).toEqual({ 'Fn::Sub': '{"input": "$util.escapeJavaScript($input.body)", "stateMachineArn": "arn:aws:states:${AWS::Region}:${AWS::AccountId}:stateMachine:x"}' });
    expect(t['application/x-www-form-urlencoded']['Fn::Sub'][1]).toEqual({ StateMachineArn: { Ref: SM } });
    const proxy = props(c, 'ApiGatewayMethodQPost').Integration.RequestTemplates['application/json'];
    expect(proxy['Fn::Sub'][1]).toEqual({ StateMachineArn: { Ref: SM }, AccountId: { Ref: 'AWS::AccountId' } });
  });

  it('request.schemas make models and one request validator; provider schemas are shared', () => {
    const schema = { type: 'object', required: ['id'], properties: { id: { type: 'string' } } };
    const c = compileOk(
      withHttp([{ http: { path: 'posts/create', method: 'post', request: { schemas: { 'application/json': schema, 'text/plain': 'common' } } } }], {}, { provider: { apiGateway: { request: { schemas: { common: { schema, name: 'Common', description: 'shared' } } } } } }),
    );
    expect(props(c, 'ApiGatewayMethodPostsCreatePostApplicationJsonModel')).toEqual({ RestApiId: { Ref: 'ApiGatewayRestApi' }, ContentType: 'application/json', Schema: schema });
    expect(props(c, 'ApiGatewayCommonModel')).toMatchObject({ Name: 'Common', Description: 'shared', ContentType: 'application/json' });
    expect(props(c, 'ApiGatewayOrdersRequestValidator')).toMatchObject({ ValidateRequestBody: true, Name: 'orders-dev | Validate request body and querystring parameters' });
    expect(props(c, 'ApiGatewayMethodPostsCreatePost')).toMatchObject({
      RequestValidatorId: { Ref: 'ApiGatewayOrdersRequestValidator' },
      RequestModels: { 'application/json': { Ref: 'ApiGatewayMethodPostsCreatePostApplicationJsonModel' }, 'text/plain': { Ref: 'ApiGatewayCommonModel' } },
    });
  });

  it('response headers and template go to the 200 response; responses replace the defaults and get method responses', () => {
    const c = compileOk(withHttp([
      { http: { path: 'p', method: 'post', response: { headers: { 'X-Trace': "'abc'" }, template: { 'application/json': '{"ok": true}' } } } },
      { http: { path: 'q', method: 'post', responses: { 200: { responseTemplates: { 'application/json': '{}' } }, 500: { selectionPattern: '5\\d{2}' } } } },
    ]));
    const p = props(c, 'ApiGatewayMethodPPost');
    expect(p.Integration.IntegrationResponses[0]).toMatchObject({ ResponseParameters: { 'method.response.header.X-Trace': "'abc'" }, ResponseTemplates: { 'application/json': '{"ok": true}' } });
    expect(p.MethodResponses[0].ResponseParameters).toEqual({ 'method.response.header.X-Trace': true });
    const q = props(c, 'ApiGatewayMethodQPost');
    expect(q.Integration.IntegrationResponses.map((r: any) => [r.StatusCode, r.SelectionPattern])).toEqual([['200', '200'], ['500', '5\\d{2}']]);
    expect(q.MethodResponses.map((r: any) => r.StatusCode)).toEqual(['200', '500']);
  });

  it('timeoutInMillis per event, else from provider.apiGateway', () => {
    const c = compileOk(withHttp([{ http: { path: 'p', method: 'post', timeoutInMillis: 5000 } }, { http: 'POST q' }], {}, { provider: { apiGateway: { timeoutInMillis: 10000 } } }));
    expect(props(c, 'ApiGatewayMethodPPost').Integration.TimeoutInMillis).toBe(5000);
    expect(props(c, 'ApiGatewayMethodQPost').Integration.TimeoutInMillis).toBe(10000);
  });
});

describe('http events: synchronous Express endpoints', () => {
  it('sync: true uses StartSyncExecution and answers with the execution output', () => {
    const c = compileOk(withHttp([{ http: { path: 'quote', method: 'post', sync: true } }], { type: 'EXPRESS' }));
    const i = props(c, 'ApiGatewayMethodQuotePost').Integration;
    expect(i.Uri).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:apigateway:${AWS::Region}:states:action/StartSyncExecution' });
    expect(i.PassthroughBehavior).toBe('NEVER');
    const response = renderVtl(i.IntegrationResponses[0].ResponseTemplates['application/json'], { body: JSON.stringify({ status: 'SUCCEEDED', output: '{"price": 9.5}' }) });
    expect(JSON.parse(response.text)).toEqual({ price: 9.5 });
    const request = renderVtl(substitute(i.RequestTemplates['application/json'], { StateMachineArn: 'arn:sm' }), { body: '{"q": "\\"x\\""}', requestId: 'r1' });
    expect(JSON.parse(request.text)).toEqual({ input: '{"q":"\\"x\\""}', name: 'r1', stateMachineArn: 'arn:sm' });
    expect(props(c, 'ApigatewayToStepFunctionsRole').Policies[0].PolicyDocument.Statement[0]).toEqual({ Effect: 'Allow', Action: ['states:StartSyncExecution'], Resource: { Ref: SM } });
  });

  it('sync on a STANDARD machine is an error with a hint', () => {
    const c = compile(withHttp([{ http: { path: 'quote', method: 'post', sync: true } }]));
    expect(c.errors[0]).toMatchObject({ path: ['stepFunctions', 'stateMachines', 'hellostepfunc1', 'events', 0, 'http', 'sync'] });
    expect(c.errors[0].hint).toMatch(/type: EXPRESS/);
  });
});

describe('http events: validation', () => {
  it.each([
    [{ http: { path: 'p', method: 'post', cors: { maxAge: -1 } } }, /maxAge should be an integer over 0/],
    [{ http: { path: 'p', method: 'post', authorizer: 'auht' } }, /names no function/],
    [{ http: { path: 'p', method: 'post', authorizer: { name: 'pool', arn: 'arn:aws:cognito-idp:us-east-1:1:userpool/x', claims: ['email'] } } }, /claims/],
    [{ http: { path: 'p', method: 'post', timeoutInMillis: 40000 } }, /50 to 29000/],
    [{ http: { path: 'p', method: 'post', request: { schemas: { 'application/json': 'nope' } } } }, /names no schema/],
  ])('rejects %j', (event, message) => {
    const c = compile(withHttp([event]));
    expect(c.errors.map((e) => e.message).join('\n')).toMatch(message);
    expect(c.errors[0].path?.slice(0, 6)).toEqual(['stepFunctions', 'stateMachines', 'hellostepfunc1', 'events', 0, 'http']);
  });

  it('a function-key typo suggests the function', () => {
    expect(compile(withHttp([{ http: { path: 'p', method: 'post', authorizer: 'auht' } }])).errors[0].hint).toBe('did you mean "auth"?');
  });

  it('the same path and method on two machines is an error', () => {
    const c = compile(service([machine('a', { events: [{ http: 'POST x' }] }), machine('b', { events: [{ http: 'post /x/' }] })]));
    expect(c.errors[0]).toMatchObject({ code: 'duplicate-endpoint', path: ['stepFunctions', 'stateMachines', 'b', 'events', 0, 'http'] });
  });

  it('an OPTIONS endpoint and cors on the same path is an error', () => {
    const c = compile(withHttp([{ http: 'OPTIONS p' }, { http: { path: 'p', method: 'post', cors: true } }]));
    expect(c.errors[0].message).toMatch(/preflight/);
  });
});
