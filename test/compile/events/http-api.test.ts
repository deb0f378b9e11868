import { describe, expect, it } from 'vitest';
import type { MachineModel } from '../../../src/compile/model.js';
import { compile, compileOk, machine, props, service } from './helpers.js';

const ORDERS = 'OrdersStepFunctionsStateMachine';
const at = (key: string, i: number, ...rest: Array<string | number>) => ['stepFunctions', 'stateMachines', key, 'events', i, 'httpApi', ...rest];
const withRoutes = (events: unknown[], extra: Partial<MachineModel> = {}, provider: Record<string, unknown> = {}) =>
  service([machine('orders', { events, ...extra })], { functions: [{ key: 'auth', name: 'orders-dev-auth' }], provider });
const JWT = { type: 'jwt', identitySource: '$request.header.Authorization', issuerUrl: 'https://cognito-idp.us-east-1.amazonaws.com/pool', audience: ['client'] };

/** What API Gateway puts in place of `${...}` in a mapping text (stand-in values; body references are JSON). */
function fillIn(text: string, values: Record<string, string>): string {
  return text.replace(/\$\{([^}]+)\}/g, (_m, ref: string) => values[ref] ?? '');
}

describe('httpApi events: the HTTP API (API Gateway v2)', () => {
  it('POST /orders makes the Serverless-named HttpApi, $default stage with auto-deploy, integration, route, role and outputs', () => {
    const c = compileOk(withRoutes([{ httpApi: { method: 'POST', path: '/orders' } }]));
    expect(c.r('HttpApi')).toEqual({ Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'dev-orders', ProtocolType: 'HTTP' } });
    expect(c.r('HttpApiStage')).toEqual({
      Type: 'AWS::ApiGatewayV2::Stage',
      Properties: { ApiId: { Ref: 'HttpApi' }, StageName: '$default', AutoDeploy: true, DefaultRouteSettings: { DetailedMetricsEnabled: false } },
    });
    expect(c.r('HttpApiIntegrationPostOrders')).toEqual({
      Type: 'AWS::ApiGatewayV2::Integration',
      Properties: {
        ApiId: { Ref: 'HttpApi' },
        IntegrationType: 'AWS_PROXY',
        IntegrationSubtype: 'StepFunctions-StartExecution',
        CredentialsArn: { 'Fn::GetAtt': ['OrdersHttpApiToStepFunctionsRole', 'Arn'] },
        PayloadFormatVersion: '1.0',
        RequestParameters: { StateMachineArn: { Ref: ORDERS }, Input: '$request.body' },
      },
    });
    expect(c.r('HttpApiRoutePostOrders')).toEqual({
      Type: 'AWS::ApiGatewayV2::Route',
      Properties: { ApiId: { Ref: 'HttpApi' }, RouteKey: 'POST /orders', Target: { 'Fn::Join': ['/', ['integrations', { Ref: 'HttpApiIntegrationPostOrders' }]] } },
    });
    const role = props(c, 'OrdersHttpApiToStepFunctionsRole');
    expect(role.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({ Service: 'apigateway.amazonaws.com' });
    expect(role.Policies[0].PolicyDocument.Statement).toEqual([{ Effect: 'Allow', Action: ['states:StartExecution'], Resource: { Ref: ORDERS } }]);
    expect(c.template.Outputs?.HttpApiId).toEqual({ Description: 'Id of the HTTP API', Value: { Ref: 'HttpApi' } });
    expect(c.template.Outputs?.HttpApiUrl).toEqual({
      Description: 'URL of the HTTP API',
      Value: { 'Fn::Join': ['', ['https://', { Ref: 'HttpApi' }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]] },
    });
  });

  it('the string form "POST /orders/{id}" and "*" (the $default route) name routes as Serverless does', () => {
    const c = compileOk(withRoutes([{ httpApi: 'post /orders/{id}' }, { httpApi: '*' }, { httpApi: { method: '*', path: '/files/{proxy+}' } }]));
    expect(props(c, 'HttpApiRoutePostOrdersIdVar').RouteKey).toBe('POST /orders/{id}');
    expect(props(c, 'HttpApiRouteDefault').RouteKey).toBe('$default');
    expect(props(c, 'HttpApiRouteDefault').Target['Fn::Join'][1][1]).toEqual({ Ref: 'HttpApiIntegrationDefault' });
    expect(props(c, 'HttpApiRouteAnyFilesProxyVar').RouteKey).toBe('ANY /files/{proxy+}');
  });

  it('one API per service: two machines share HttpApi, each with a role that names only its own machine', () => {
    const c = compileOk(service([machine('a', { events: [{ httpApi: 'POST /a' }] }), machine('b', { events: [{ httpApi: 'POST /b' }] })]));
    expect(Object.values(c.template.Resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Api')).toHaveLength(1);
    expect(props(c, 'AHttpApiToStepFunctionsRole').Policies[0].PolicyDocument.Statement[0].Resource).toEqual({ Ref: 'AStepFunctionsStateMachine' });
    expect(props(c, 'BHttpApiToStepFunctionsRole').Policies[0].PolicyDocument.Statement[0].Resource).toEqual({ Ref: 'BStepFunctionsStateMachine' });
    expect(props(c, 'HttpApiIntegrationPostB').CredentialsArn).toEqual({ 'Fn::GetAtt': ['BHttpApiToStepFunctionsRole', 'Arn'] });
  });

  it('name, shouldStartNameWithService, disableDefaultEndpoint (no HttpApiUrl), metrics and provider.tags follow provider.httpApi', () => {
    const c = compileOk(withRoutes([{ httpApi: 'POST /x' }], {}, { httpApi: { shouldStartNameWithService: true, disableDefaultEndpoint: true, metrics: true }, tags: { team: 'a', n: 3 } }));
    expect(props(c, 'HttpApi')).toEqual({ Name: 'orders-dev', ProtocolType: 'HTTP', DisableExecuteApiEndpoint: true, Tags: { team: 'a', n: '3' } });
    expect(props(c, 'HttpApiStage')).toMatchObject({ DefaultRouteSettings: { DetailedMetricsEnabled: true }, Tags: { team: 'a', n: '3' } });
    expect(c.template.Outputs?.HttpApiUrl).toBeUndefined();
    expect(props(compileOk(withRoutes([{ httpApi: 'POST /x' }], {}, { httpApi: { name: 'shop' } })), 'HttpApi').Name).toBe('shop');
  });
});

describe('httpApi events: the three Step Functions integrations', () => {
  it('sync: true on an EXPRESS machine is StartSyncExecution, and its role may StartSyncExecution only', () => {
    const c = compileOk(withRoutes([{ httpApi: { method: 'POST', path: '/quote', sync: true } }], { type: 'EXPRESS' }));
    expect(props(c, 'HttpApiIntegrationPostQuote').IntegrationSubtype).toBe('StepFunctions-StartSyncExecution');
    expect(props(c, 'OrdersHttpApiToStepFunctionsRole').Policies[0].PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: ['states:StartSyncExecution'], Resource: { Ref: ORDERS } },
    ]);
  });

  it('sync: true on a STANDARD machine is an error at its sync key, with the fix as hint', () => {
    const c = compile(withRoutes([{ httpApi: { method: 'POST', path: '/quote', sync: true } }]));
    expect(c.errors).toHaveLength(1);
    expect(c.errors[0]).toMatchObject({ code: 'sync-needs-express', path: at('orders', 0, 'sync'), message: 'a synchronous route needs an EXPRESS state machine; orders is STANDARD' });
    expect(c.errors[0].hint).toMatch(/type: EXPRESS/);
    expect(c.template.Resources.HttpApi).toBeUndefined();
  });

  it('action: stop is StopExecution with the execution ARN from the query string (or the mapping given); the role may stop only this machine\'s executions', () => {
    const c = compileOk(withRoutes([{ httpApi: { method: 'DELETE', path: '/orders', action: 'stop' } }, { httpApi: { method: 'POST', path: '/orders/stop', action: 'stop', executionArn: '$request.body.arn' } }]));
    expect(props(c, 'HttpApiIntegrationDeleteOrders')).toMatchObject({ IntegrationSubtype: 'StepFunctions-StopExecution', RequestParameters: { ExecutionArn: '$request.querystring.executionArn' } });
    expect(props(c, 'HttpApiIntegrationPostOrdersStop').RequestParameters).toEqual({ ExecutionArn: '$request.body.arn' });
    const [st] = props(c, 'OrdersHttpApiToStepFunctionsRole').Policies[0].PolicyDocument.Statement;
    expect(st.Action).toEqual(['states:StopExecution']);
    expect(JSON.stringify(st.Resource)).toContain(':execution:');
  });

  it('stop on an EXPRESS machine, input/name with stop, and executionArn without stop are errors', () => {
    const c = compile(
      service([
        machine('fast', { type: 'EXPRESS', events: [{ httpApi: { method: 'DELETE', path: '/fast', action: 'stop' } }] }),
        machine('slow', { events: [{ httpApi: { method: 'DELETE', path: '/slow', action: 'stop', input: '$request.body' } }, { httpApi: { method: 'POST', path: '/slow', executionArn: '$request.body.arn' } }] }),
      ]),
    );
    expect(c.errors.map((e) => [e.path, e.message])).toEqual([
      [at('fast', 0, 'action'), 'fast is EXPRESS: Step Functions stops only STANDARD executions'],
      [at('slow', 0, 'input'), 'input is for starting executions; action: stop takes executionArn'],
      [at('slow', 1, 'executionArn'), 'executionArn is for action: stop'],
    ]);
  });
});

describe('httpApi events: the execution input and name', () => {
  it('input maps path, query, header and context values into JSON text; the result parses once API Gateway fills it in', () => {
    const c = compileOk(
      withRoutes([
        {
          httpApi: {
            method: 'POST',
            path: '/orders/{id}',
            name: '$request.header.Idempotency-Key',
            input: { id: '$request.path.id', q: '$request.querystring.q', who: 'order ${request.header.x-user}', order: '$request.body.order', fixed: 'say "hi"', n: 3, nested: { ip: '$context.identity.sourceIp' } },
          },
        },
      ]),
    );
    const params = props(c, 'HttpApiIntegrationPostOrdersIdVar').RequestParameters;
    expect(params.Name).toBe('$request.header.Idempotency-Key');
    const filled = fillIn(params.Input, {
      'request.path.id': 'o-1',
      'request.querystring.q': 'x',
      'request.header.x-user': 'ann',
      'request.body.order': '{"sku":"a","qty":2}',
      'context.identity.sourceIp': '10.0.0.1',
    });
    expect(JSON.parse(filled)).toEqual({ id: 'o-1', q: 'x', who: 'order ann', order: { sku: 'a', qty: 2 }, fixed: 'say "hi"', n: 3, nested: { ip: '10.0.0.1' } });
  });

  it('input as one body value passes it through; one path value becomes a JSON string', () => {
    const body = compileOk(withRoutes([{ httpApi: { method: 'POST', path: '/a', input: '$request.body.order' } }]));
    expect(props(body, 'HttpApiIntegrationPostA').RequestParameters.Input).toBe('$request.body.order');
    const path = compileOk(withRoutes([{ httpApi: { method: 'POST', path: '/a/{id}', input: '$request.path.id' } }]));
    expect(props(path, 'HttpApiIntegrationPostAIdVar').RequestParameters.Input).toBe('"${request.path.id}"');
  });

  it('a $request.path value that the path does not have is an error naming the path\'s parameters', () => {
    const c = compile(withRoutes([{ httpApi: { method: 'POST', path: '/orders/{orderId}', input: { id: '$request.path.id' } } }]));
    expect(c.errors).toHaveLength(1);
    expect(c.errors[0]).toMatchObject({ path: at('orders', 0, 'input', 'id'), message: '$request.path.id names no parameter of the path /orders/{orderId}', hint: "the path's parameters: orderId" });
  });

  it('GET without input warns that the execution input (the body) is empty', () => {
    const c = compileOk(withRoutes([{ httpApi: 'GET /orders' }]));
    expect(c.warnings.map((w) => w.code)).toEqual(['empty-input']);
    expect(compileOk(withRoutes([{ httpApi: { method: 'GET', path: '/orders', input: { all: true } } }])).warnings).toEqual([]);
  });
});

describe('httpApi events: CORS, access logs, an existing API', () => {
  it('cors: true allows every origin, the default headers, OPTIONS and the routes\' methods (ANY expands)', () => {
    const c = compileOk(withRoutes([{ httpApi: 'POST /a' }, { httpApi: 'ANY /b' }], {}, { httpApi: { cors: true } }));
    expect(c.warnings.map((w) => w.code)).toEqual(['preflight-starts-execution']);
    expect(props(c, 'HttpApi').CorsConfiguration).toEqual({
      AllowHeaders: ['Content-Type', 'X-Amz-Date', 'Authorization', 'X-Api-Key', 'X-Amz-Security-Token', 'X-Amz-User-Agent', 'X-Amzn-Trace-Id'],
      AllowMethods: ['OPTIONS', 'POST', 'GET', 'PUT', 'PATCH', 'HEAD', 'DELETE'],
      AllowOrigins: ['*'],
    });
  });

  it('with cors, an ANY route or "*" warns that preflight requests would start executions', () => {
    const c = compileOk(withRoutes([{ httpApi: 'ANY /b' }, { httpApi: '*' }, { httpApi: 'POST /a' }], {}, { httpApi: { cors: true } }));
    expect(c.warnings.map((w) => [w.code, w.path])).toEqual([
      ['preflight-starts-execution', at('orders', 0)],
      ['preflight-starts-execution', at('orders', 1)],
    ]);
    expect(compileOk(withRoutes([{ httpApi: 'ANY /b' }])).warnings).toEqual([]);
  });

  it('a cors object sets origins, headers, methods, credentials, exposed headers and max age as given', () => {
    const cors = { allowedOrigins: 'https://shop.example.com', allowedHeaders: ['Content-Type'], allowedMethods: ['POST'], allowCredentials: true, exposedResponseHeaders: 'X-Id', maxAge: 600 };
    const c = compileOk(withRoutes([{ httpApi: 'POST /a' }], {}, { httpApi: { cors } }));
    expect(props(c, 'HttpApi').CorsConfiguration).toEqual({
      AllowCredentials: true, AllowHeaders: ['Content-Type'], AllowMethods: ['POST'], AllowOrigins: ['https://shop.example.com'], ExposeHeaders: ['X-Id'], MaxAge: 600,
    });
  });

  it('provider.logs.httpApi makes HttpApiLogGroup under stepf\'s stack name with the retention, and the stage writes to it', () => {
    const c = compileOk(withRoutes([{ httpApi: 'POST /a' }], {}, { logs: { httpApi: true }, logRetentionInDays: 7 }));
    expect(c.r('HttpApiLogGroup')).toEqual({ Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/aws/http-api/orders-dev-stepf', RetentionInDays: 7 } });
    expect(props(c, 'HttpApiStage').AccessLogSettings.DestinationArn).toEqual({ 'Fn::GetAtt': ['HttpApiLogGroup', 'Arn'] });
    expect(JSON.parse(props(c, 'HttpApiStage').AccessLogSettings.Format)).toMatchObject({ requestId: '$context.requestId', routeKey: '$context.routeKey', status: '$context.status' });
    const custom = compileOk(withRoutes([{ httpApi: 'POST /a' }], {}, { logs: { httpApi: { format: '$context.requestId' } } }));
    expect(props(custom, 'HttpApiStage').AccessLogSettings.Format).toBe('$context.requestId');
  });

  it('provider.httpApi.id puts only routes, integrations and roles on that API (no HttpApi, no stage, no HttpApiId output)', () => {
    const c = compileOk(withRoutes([{ httpApi: { method: 'POST', path: '/a', authorizer: { id: 'auth123', scopes: ['s'] } } }], {}, { httpApi: { id: 'abc123' } }));
    expect(c.template.Resources.HttpApi).toBeUndefined();
    expect(c.template.Resources.HttpApiStage).toBeUndefined();
    expect(props(c, 'HttpApiRoutePostA')).toMatchObject({ ApiId: 'abc123', AuthorizationType: 'JWT', AuthorizerId: 'auth123', AuthorizationScopes: ['s'] });
    expect(props(c, 'HttpApiIntegrationPostA').ApiId).toBe('abc123');
    expect(c.template.Outputs?.HttpApiId).toBeUndefined();
    expect((c.template.Outputs?.HttpApiUrl.Value as any)['Fn::Join'][1][1]).toBe('abc123');
  });

  it('cors, authorizers and access logs on an existing API are errors, as in Serverless; authorizer.id without one too', () => {
    const c = compile(withRoutes([{ httpApi: 'POST /a' }], {}, { httpApi: { id: 'abc', cors: true, authorizers: { j: JWT } }, logs: { httpApi: true } }));
    expect(c.errors.map((e) => e.path)).toEqual([['provider', 'httpApi', 'cors'], ['provider', 'httpApi', 'authorizers'], ['provider', 'logs', 'httpApi']]);
    const own = compile(withRoutes([{ httpApi: { method: 'POST', path: '/a', authorizer: { id: 'x' } } }]));
    expect(own.errors[0]).toMatchObject({ path: at('orders', 0, 'authorizer', 'id') });
  });
});

describe('httpApi events: authorizers', () => {
  it('a JWT authorizer by name, with scopes, is HttpApiAuthorizer<Name>; only authorizers a route uses are made', () => {
    const c = compileOk(withRoutes([{ httpApi: { method: 'POST', path: '/admin', authorizer: { name: 'cognito', scopes: ['admin'] } } }], {}, { httpApi: { authorizers: { cognito: JWT, unused: JWT } } }));
    expect(c.r('HttpApiAuthorizerCognito')).toEqual({
      Type: 'AWS::ApiGatewayV2::Authorizer',
      Properties: {
        ApiId: { Ref: 'HttpApi' },
        Name: 'cognito',
        IdentitySource: ['$request.header.Authorization'],
        AuthorizerType: 'JWT',
        JwtConfiguration: { Audience: ['client'], Issuer: 'https://cognito-idp.us-east-1.amazonaws.com/pool' },
      },
    });
    expect(props(c, 'HttpApiRoutePostAdmin')).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: 'HttpApiAuthorizerCognito' }, AuthorizationScopes: ['admin'] });
    expect(c.template.Resources.HttpApiAuthorizerUnused).toBeUndefined();
  });

  it('a Lambda request authorizer by function key gets an invoke permission limited to this authorizer of this API', () => {
    const c = compileOk(withRoutes([{ httpApi: { method: 'POST', path: '/a', authorizer: 'key' } }], {}, { httpApi: { authorizers: { key: { type: 'request', functionName: 'auth', identitySource: '$request.header.X-Key' } } } }));
    const a = props(c, 'HttpApiAuthorizerKey');
    expect(a).toMatchObject({ AuthorizerType: 'REQUEST', AuthorizerPayloadFormatVersion: '2.0', IdentitySource: ['$request.header.X-Key'] });
    expect(JSON.stringify(a.AuthorizerUri)).toContain('function:orders-dev-auth');
    const perm = props(c, 'KeyLambdaAuthorizerPermissionHttpApi');
    expect(perm).toMatchObject({ Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com' });
    expect(perm.SourceArn['Fn::Join'][1].slice(-3)).toEqual([{ Ref: 'HttpApi' }, '/authorizers/', { Ref: 'HttpApiAuthorizerKey' }]);
    expect(props(c, 'HttpApiRoutePostA')).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: 'HttpApiAuthorizerKey' } });
  });

  it('a request authorizer by ARN uses the ARN; managedExternally makes no permission', () => {
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:shared-auth';
    const c = compileOk(withRoutes([{ httpApi: { method: 'POST', path: '/a', authorizer: 'ext' } }], {}, { httpApi: { authorizers: { ext: { type: 'request', functionArn: arn, managedExternally: true } } } }));
    expect(JSON.stringify(props(c, 'HttpApiAuthorizerExt').AuthorizerUri)).toContain(arn);
    expect(c.template.Resources.ExtLambdaAuthorizerPermissionHttpApi).toBeUndefined();
  });

  it('authorizer { type: aws_iam } is AWS_IAM with no authorizer resource', () => {
    const c = compileOk(withRoutes([{ httpApi: { method: 'PUT', path: '/internal', authorizer: { type: 'aws_iam' } } }]));
    expect(props(c, 'HttpApiRoutePutInternal').AuthorizationType).toBe('AWS_IAM');
    expect(Object.values(c.template.Resources).some((r) => r.Type === 'AWS::ApiGatewayV2::Authorizer')).toBe(false);
  });

  it('an unknown authorizer name is an error with the nearest defined one; an unknown function too', () => {
    const unknown = compile(withRoutes([{ httpApi: { method: 'POST', path: '/a', authorizer: 'cognto' } }], {}, { httpApi: { authorizers: { cognito: JWT } } }));
    expect(unknown.errors).toEqual([
      expect.objectContaining({ code: 'unknown-authorizer', path: at('orders', 0, 'authorizer'), message: 'the authorizer "cognto" is not defined in provider.httpApi.authorizers', hint: 'did you mean "cognito"?' }),
    ]);
    const fn = compile(withRoutes([{ httpApi: { method: 'POST', path: '/a', authorizer: 'k' } }], {}, { httpApi: { authorizers: { k: { type: 'request', functionName: 'auht' } } } }));
    expect(fn.errors[0]).toMatchObject({ path: ['provider', 'httpApi', 'authorizers', 'k', 'functionName'], hint: 'did you mean "auth"?' });
  });
});

describe('httpApi events: clashes', () => {
  it('the same method and path on two machines is an error naming both events', () => {
    const c = compile(service([machine('a', { events: [{ httpApi: 'POST /orders' }] }), machine('b', { events: [{ httpApi: { method: 'post', path: '/orders' } }] })]));
    expect(c.errors).toEqual([
      expect.objectContaining({
        code: 'duplicate-route',
        path: at('b', 0),
        message: 'the route POST /orders of state machine b (stepFunctions.stateMachines.b.events[0]) clashes with the same route of state machine a (stepFunctions.stateMachines.a.events[0])',
      }),
    ]);
  });

  it('paths that differ only in parameter names, or only in case (one logical ID), clash too', () => {
    const params = compile(withRoutes([{ httpApi: 'GET /orders/{id}' }, { httpApi: 'GET /orders/{orderId}' }]));
    expect(params.errors.map((e) => e.message)).toEqual([expect.stringContaining('the route GET /orders/{orderId} of state machine orders (stepFunctions.stateMachines.orders.events[1]) clashes with the route GET /orders/{id}')]);
    const cased = compile(withRoutes([{ httpApi: 'POST /Orders' }, { httpApi: 'POST /orders' }]));
    expect(cased.errors[0].hint).toMatch(/logical ID/);
    expect(compileOk(withRoutes([{ httpApi: 'POST /orders' }, { httpApi: 'ANY /orders' }, { httpApi: 'GET /orders/{id}' }])).errors).toEqual([]);
  });
});
