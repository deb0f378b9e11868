import type { HttpApiLogs, ProviderHttpApi } from '../../../config/schema/index.js';
import {
  HTTP_API_ID_OUTPUT,
  HTTP_API_LOG_GROUP_LOGICAL_ID,
  HTTP_API_LOGICAL_ID,
  HTTP_API_STAGE_LOGICAL_ID,
  HTTP_API_URL_OUTPUT,
  httpApiAuthorizerLogicalId,
  httpApiAuthorizerPermissionLogicalId,
  httpApiIntegrationLogicalId,
  httpApiLogGroupName,
  httpApiPolicyName,
  httpApiRoleLogicalId,
  httpApiRouteLogicalId,
  lambdaLogicalId,
  machineLogicalId,
  restApiName,
} from '../../naming.js';
import type { IamStatement, Resource } from '../../types.js';
import { error, type EventContext, executionsOf, nearestKey, serviceRole, startTarget, userValue, warn } from '../common.js';
import { inputParameter } from './input.js';
import { collectHttpApiRoutes, type Route, type RouteAuth } from './routes.js';

/**
 * httpApi events → an HTTP API (API Gateway v2) with a `$default` stage, one AWS_PROXY integration per route
 * (StepFunctions-StartExecution / -StartSyncExecution / -StopExecution), and a role per state machine that
 * may call exactly those actions on exactly that machine. With provider.httpApi.id, only the routes,
 * integrations and roles go onto that existing API, as the Serverless Framework does.
 */

const P = ['provider', 'httpApi'];
const SUBTYPE = { start: 'StepFunctions-StartExecution', sync: 'StepFunctions-StartSyncExecution', stop: 'StepFunctions-StopExecution' } as const;
const ACTION = { start: 'states:StartExecution', sync: 'states:StartSyncExecution', stop: 'states:StopExecution' } as const;
const CORS_HEADERS = ['Content-Type', 'X-Amz-Date', 'Authorization', 'X-Api-Key', 'X-Amz-Security-Token', 'X-Amz-User-Agent', 'X-Amzn-Trace-Id'];
const ALL_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'OPTIONS', 'HEAD', 'DELETE'];
/** Serverless's default access log format. */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
});

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function httpApiConfig(ctx: EventContext): { api: ProviderHttpApi; logs?: HttpApiLogs } {
  return { api: ctx.svc.provider.httpApi ?? {}, logs: ctx.svc.provider.logs?.httpApi };
}

/** provider.tags on the API and its stage, as Serverless tags them. */
function tags(ctx: EventContext): Record<string, unknown> | undefined {
  const t = ctx.svc.provider.tags;
  if (!t || !Object.keys(t).length) return undefined;
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v !== null && typeof v === 'object' ? userValue(ctx, v, ['provider', 'tags', k]) : String(v ?? '')]));
}

function corsConfiguration(api: ProviderHttpApi, routes: Route[]): Record<string, unknown> | undefined {
  const c = api.cors;
  if (!c) return undefined;
  const o = c === true ? {} : c;
  const methods = new Set(o.allowedMethods === undefined ? ['OPTIONS'] : list(o.allowedMethods));
  if (o.allowedMethods === undefined) for (const r of routes) for (const m of r.method === 'ANY' ? ALL_METHODS : [r.method]) methods.add(m);
  return {
    ...(o.allowCredentials ? { AllowCredentials: true } : {}),
    AllowHeaders: o.allowedHeaders === undefined ? CORS_HEADERS : list(o.allowedHeaders),
    AllowMethods: [...methods],
    AllowOrigins: o.allowedOrigins === undefined ? ['*'] : list(o.allowedOrigins),
    ...(o.exposedResponseHeaders !== undefined ? { ExposeHeaders: list(o.exposedResponseHeaders) } : {}),
    ...(o.maxAge !== undefined ? { MaxAge: o.maxAge } : {}),
  };
}

/** An authorizer of provider.httpApi.authorizers (only those a state machine route uses), with its invoke permission. */
function authorizerResources(ctx: EventContext, key: string, apiId: unknown, out: Record<string, Resource>): boolean {
  const { api } = httpApiConfig(ctx);
  const c = api.authorizers![key];
  const at = [...P, 'authorizers', key];
  const id = httpApiAuthorizerLogicalId(key);
  if (out[id]) return true;
  const identitySource = list(c.identitySource);
  const props: Record<string, unknown> = { ApiId: apiId, Name: c.name ?? key, ...(identitySource.length ? { IdentitySource: identitySource } : {}) };
  // The schema has checked each authorizer on its own (config/schema/http-api.ts); what spans functions: is here.
  if (c.type === 'request') {
    let arn: unknown = c.functionArn;
    if (c.functionName !== undefined) {
      const fns = ctx.svc.functions.map((f) => f.key);
      if (!fns.includes(c.functionName)) {
        const near = nearestKey(c.functionName, fns);
        error(ctx, [...at, 'functionName'], `the function "${c.functionName}" of authorizer "${key}" is not in functions:`, near ? `did you mean "${near}"?` : 'give a function key of this service, or functionArn for a function elsewhere', 'unknown-function');
        return false;
      }
      arn = { 'Fn::GetAtt': [lambdaLogicalId(c.functionName), 'Arn'] };
    }
    const payload = c.payloadVersion ?? '2.0';
    const fn = userValue(ctx, arn, [...at, c.functionName !== undefined ? 'functionName' : 'functionArn']);
    Object.assign(props, {
      AuthorizerType: 'REQUEST',
      AuthorizerPayloadFormatVersion: payload,
      ...(c.enableSimpleResponses !== undefined ? { EnableSimpleResponses: c.enableSimpleResponses } : {}),
      ...(c.resultTtlInSeconds !== undefined ? { AuthorizerResultTtlInSeconds: c.resultTtlInSeconds } : {}),
      AuthorizerUri: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:', { Ref: 'AWS::Region' }, ':lambda:path/2015-03-31/functions/', fn, '/invocations']] },
    });
    if (!c.managedExternally) {
      // API Gateway may invoke the function only as this authorizer of this API (Serverless allowed the whole API, `/*`).
      out[httpApiAuthorizerPermissionLogicalId(key)] = {
        Type: 'AWS::Lambda::Permission',
        Properties: {
          FunctionName: fn,
          Action: 'lambda:InvokeFunction',
          Principal: 'apigateway.amazonaws.com',
          SourceArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':execute-api:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':', apiId, '/authorizers/', { Ref: id }]] },
        },
      };
    }
  } else {
    Object.assign(props, {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Audience: list(c.audience).map((a, i) => userValue(ctx, a, [...at, 'audience', i])), Issuer: userValue(ctx, c.issuerUrl, [...at, 'issuerUrl']) },
    });
  }
  out[id] = { Type: 'AWS::ApiGatewayV2::Authorizer', Properties: props };
  return true;
}

function routeAuthorization(ctx: EventContext, auth: RouteAuth | undefined, apiId: unknown, out: Record<string, Resource>, r: Route): Record<string, unknown> {
  if (!auth) return {};
  if (auth.kind === 'iam') return { AuthorizationType: 'AWS_IAM' };
  const scopes = auth.scopes ? { AuthorizationScopes: auth.scopes } : {};
  if (auth.kind === 'existing') return { AuthorizationType: auth.type, AuthorizerId: userValue(ctx, auth.id, [...r.configPath, 'authorizer', 'id']), ...scopes };
  if (!authorizerResources(ctx, auth.key, apiId, out)) return {};
  return { AuthorizationType: auth.config.type === 'request' ? 'CUSTOM' : 'JWT', AuthorizerId: { Ref: httpApiAuthorizerLogicalId(auth.key) }, ...scopes };
}

function requestParameters(r: Route): Record<string, unknown> {
  if (r.action === 'stop') return { ExecutionArn: r.executionArn ?? '$request.querystring.executionArn' };
  return { StateMachineArn: startTarget(r.machine), Input: inputParameter(r.input), ...(r.name !== undefined ? { Name: r.name } : {}) };
}

/** What the role of one machine may do: each action its routes use, on this machine (or its executions, to stop one). */
function roleStatements(routes: Route[]): IamStatement[] {
  const m = routes[0].machine;
  const actions = [...new Set(routes.map((r) => r.action))].sort();
  return actions.map((a) => {
    // StopExecution names an execution, never the machine: STANDARD executions only (EXPRESS ones cannot be stopped).
    return { Effect: 'Allow', Action: [ACTION[a]], Resource: a === 'stop' ? executionsOf(machineLogicalId(m)) : startTarget(m) };
  });
}

export function compileHttpApiEvents(ctx: EventContext, machines: Parameters<typeof collectHttpApiRoutes>[1]): void {
  const routes = collectHttpApiRoutes(ctx, machines);
  if (!routes.length) return;
  const errorsBefore = ctx.errors.length;
  const { svc } = ctx;
  const { api, logs } = httpApiConfig(ctx);
  const own = api.id === undefined;
  if (!own) {
    // An existing API keeps its own settings (Serverless refuses these too).
    for (const [k, v] of [['cors', api.cors], ['authorizers', api.authorizers]] as const) {
      if (v !== undefined && v !== false) error(ctx, [...P, k], `provider.httpApi.${k} cannot be set up on an existing HTTP API (provider.httpApi.id)`, `configure ${k} on that API where it is defined, or remove provider.httpApi.id to let stepf make its own`);
    }
    if (logs) error(ctx, ['provider', 'logs', 'httpApi'], 'access logs cannot be set up on an existing HTTP API (provider.httpApi.id)', 'configure them on that API\'s stage, or remove provider.httpApi.id');
  }
  if (ctx.errors.length > errorsBefore) return;
  const apiId = own ? { Ref: HTTP_API_LOGICAL_ID } : userValue(ctx, api.id, [...P, 'id']);
  const out: Record<string, Resource> = {};
  const t = tags(ctx);

  if (own) {
    const cors = corsConfiguration(api, routes);
    // API Gateway answers preflights itself only for routes with a method: an ANY route receives them.
    if (cors) {
      for (const r of routes.filter((x) => x.method === 'ANY' && x.action !== 'stop')) {
        warn(ctx, r.configPath, `with cors, browsers' OPTIONS preflight requests reach ${r.routeKey === '*' ? 'the $default route' : r.routeKey} and start ${r.machine.key}`, 'give the route the methods it serves (one event each) instead of ANY or *', 'preflight-starts-execution');
      }
    }
    out[HTTP_API_LOGICAL_ID] = {
      Type: 'AWS::ApiGatewayV2::Api',
      Properties: {
        Name: restApiName(svc.service, svc.stage, api.name, api.shouldStartNameWithService === true),
        ProtocolType: 'HTTP',
        ...(api.disableDefaultEndpoint !== undefined ? { DisableExecuteApiEndpoint: api.disableDefaultEndpoint } : {}),
        ...(t ? { Tags: t } : {}),
        ...(cors ? { CorsConfiguration: cors } : {}),
      },
    };
    if (logs) {
      out[HTTP_API_LOG_GROUP_LOGICAL_ID] = {
        Type: 'AWS::Logs::LogGroup',
        Properties: { LogGroupName: httpApiLogGroupName(svc.stackName), ...(typeof svc.provider.logRetentionInDays === 'number' ? { RetentionInDays: svc.provider.logRetentionInDays } : {}) },
      };
    }
    out[HTTP_API_STAGE_LOGICAL_ID] = {
      Type: 'AWS::ApiGatewayV2::Stage',
      Properties: {
        ApiId: apiId,
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: { DetailedMetricsEnabled: api.metrics === true },
        ...(logs
          ? { AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [HTTP_API_LOG_GROUP_LOGICAL_ID, 'Arn'] }, Format: (logs !== true && logs.format) || ACCESS_LOG_FORMAT } }
          : {}),
        ...(t ? { Tags: t } : {}),
      },
    };
  }

  const byMachine = new Map<string, Route[]>();
  for (const r of routes) {
    const roleId = httpApiRoleLogicalId(r.machine.key);
    byMachine.set(roleId, [...(byMachine.get(roleId) ?? []), r]);
    const integrationId = httpApiIntegrationLogicalId(r.routeKey);
    out[integrationId] = {
      Type: 'AWS::ApiGatewayV2::Integration',
      Properties: {
        ApiId: apiId,
        IntegrationType: 'AWS_PROXY',
        IntegrationSubtype: SUBTYPE[r.action],
        CredentialsArn: { 'Fn::GetAtt': [roleId, 'Arn'] },
        // AWS service integrations take only payload format 1.0.
        PayloadFormatVersion: '1.0',
        RequestParameters: requestParameters(r),
      },
    };
    out[httpApiRouteLogicalId(r.routeKey)] = {
      Type: 'AWS::ApiGatewayV2::Route',
      Properties: {
        ApiId: apiId,
        RouteKey: r.routeKey === '*' ? '$default' : r.routeKey,
        Target: { 'Fn::Join': ['/', ['integrations', { Ref: integrationId }]] },
        ...routeAuthorization(ctx, r.auth, apiId, out, r),
      },
    };
  }
  for (const [roleId, rs] of byMachine) {
    const m = rs[0].machine;
    out[roleId] = serviceRole(ctx, ['apigateway.amazonaws.com'], httpApiPolicyName(svc.stage, svc.region, svc.service, m.key), roleStatements(rs));
  }
  if (ctx.errors.length > errorsBefore) return;

  for (const [id, r] of Object.entries(out)) {
    if (id in ctx.template.Resources) {
      error(ctx, ['stepFunctions'], `the HTTP API resource ${id} clashes with another resource of stepf's stack`, 'rename the resource under resources:, or the route', 'duplicate-logical-id');
      return;
    }
    ctx.template.Resources[id] = r;
  }
  ctx.template.Outputs ??= {};
  if (own) ctx.template.Outputs[HTTP_API_ID_OUTPUT] = { Description: 'Id of the HTTP API', Value: apiId };
  if (api.disableDefaultEndpoint !== true) {
    ctx.template.Outputs[HTTP_API_URL_OUTPUT] = {
      Description: 'URL of the HTTP API',
      Value: { 'Fn::Join': ['', ['https://', apiId, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]] },
    };
  }
}
