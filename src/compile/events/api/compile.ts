import { replacePseudo } from '../../pseudo.js';
import {
  API_ROLE_LOGICAL_ID,
  API_ROLE_POLICY_NAME,
  apiDeploymentLogicalId,
  apiKeyLogicalId,
  apiMethodLogicalId,
  apiResourceLogicalId,
  authorizerLogicalId,
  authorizerPermissionLogicalId,
  endpointModelLogicalId,
  machineLogicalId,
  providerModelLogicalId,
  REST_API_LOGICAL_ID,
  requestValidatorLogicalId,
  restApiName,
  SERVICE_ENDPOINT_OUTPUT,
  USAGE_PLAN_LOGICAL_ID,
  usagePlanKeyLogicalId,
} from '../../naming.js';
import type { MachineModel } from '../../model.js';
import type { IamStatement, Resource } from '../../types.js';
import { error, type EventContext, executionsOf, isObject, type Path, serviceRole, startTarget, userValue, warn } from '../common.js';
import type { CorsConfig, HttpEvent } from '../http.js';
import { defaultRequestTemplates, JSON_TYPE, lambdaProxyRequestTemplates, MOCK_REQUEST, SYNC_EXECUTION_RESPONSE } from './templates.js';
import { hexDigest } from '../../../util/hash.js';

/**
 * http events → API Gateway (REST) resources. By default stepf's stack has its own RestApi; with
 * provider.apiGateway.restApiId the methods go onto that existing API instead.
 */

const P = ['provider', 'apiGateway'];

interface ApiTarget {
  restApiId: unknown;
  rootResourceId?: unknown;
  own: boolean;
  predefined: Map<string, unknown>;
}

function apiGatewayConfig(ctx: EventContext): Record<string, unknown> {
  const a = ctx.svc.provider.apiGateway;
  return isObject(a) ? a : {};
}

function apiTarget(ctx: EventContext): ApiTarget | undefined {
  const ag = apiGatewayConfig(ctx);
  const predefined = new Map<string, unknown>();
  // The schema has made it a map of paths to resource IDs.
  for (const [p, id] of Object.entries((ag.restApiResources ?? {}) as Record<string, unknown>)) predefined.set(p.replace(/^\/+|\/+$/g, ''), userValue(ctx, id, [...P, 'restApiResources', p]));
  if (ag.restApiId !== undefined) {
    return {
      own: false,
      restApiId: userValue(ctx, ag.restApiId, [...P, 'restApiId']),
      ...(ag.restApiRootResourceId !== undefined ? { rootResourceId: userValue(ctx, ag.restApiRootResourceId, [...P, 'restApiRootResourceId']) } : {}),
      predefined,
    };
  }
  if (predefined.size) warn(ctx, [...P, 'restApiResources'], 'restApiResources is ignored without restApiId: stepf makes its own REST API');
  return { own: true, restApiId: { Ref: REST_API_LOGICAL_ID }, rootResourceId: { 'Fn::GetAtt': [REST_API_LOGICAL_ID, 'RootResourceId'] }, predefined: new Map() };
}

function restApiResource(ctx: EventContext): Resource | undefined {
  const { svc } = ctx;
  const pr = svc.provider;
  const ag = apiGatewayConfig(ctx);
  let type = 'EDGE';
  // The schema has checked it is REGIONAL, EDGE or PRIVATE, in any case.
  if (typeof pr.endpointType === 'string') type = pr.endpointType.toUpperCase();
  const vpce = pr.vpcEndpointIds;
  if (vpce !== undefined && type !== 'PRIVATE') return void error(ctx, ['provider', 'vpcEndpointIds'], 'VPC endpoint IDs are only for private APIs', 'set provider.endpointType: PRIVATE');
  const policy = ag.resourcePolicy ?? pr.resourcePolicy;
  const name = restApiName(svc.service, svc.stage, typeof pr.apiName === 'string' ? pr.apiName : undefined, ag.shouldStartNameWithService === true);
  return {
    Type: 'AWS::ApiGateway::RestApi',
    Properties: {
      Name: name,
      EndpointConfiguration: { Types: [type], ...(vpce !== undefined ? { VpcEndpointIds: userValue(ctx, vpce, ['provider', 'vpcEndpointIds']) } : {}) },
      ...(Array.isArray(policy) && policy.length
        ? { Policy: { Version: '2012-10-17', Statement: userValue(ctx, policy, ag.resourcePolicy !== undefined ? [...P, 'resourcePolicy'] : ['provider', 'resourcePolicy']) } }
        : {}),
    },
  };
}

/** The resource ID for a path: predefined, the root, or a new AWS::ApiGateway::Resource (parents first). */
function resourceIdFor(ctx: EventContext, api: ApiTarget, path: string, out: Record<string, Resource>, where: Path): unknown {
  if (api.predefined.has(path)) return api.predefined.get(path);
  if (path === '') {
    if (api.rootResourceId === undefined) {
      error(ctx, [...P, 'restApiRootResourceId'], 'with restApiId, stepf needs restApiRootResourceId (or restApiResources for the parent paths) to add methods', 'set provider.apiGateway.restApiRootResourceId to the API\'s root resource ID', 'missing-key');
      return undefined;
    }
    return api.rootResourceId;
  }
  const id = apiResourceLogicalId(path);
  if (!out[id]) {
    const slash = path.lastIndexOf('/');
    const parent = resourceIdFor(ctx, api, slash < 0 ? '' : path.slice(0, slash), out, where);
    if (parent === undefined) return undefined;
    out[id] = { Type: 'AWS::ApiGateway::Resource', Properties: { ParentId: parent, PathPart: path.slice(slash + 1), RestApiId: api.restApiId } };
  } else if ((out[id].Properties as { PathPart: string }).PathPart !== path.slice(path.lastIndexOf('/') + 1)) {
    error(ctx, where, `two different paths get the logical ID ${id}`, 'rename one of the paths');
  }
  return { Ref: id };
}

function corsOrigin(c: CorsConfig): string {
  return c.origins.length ? c.origins.join(',') : c.origin;
}

/** The OPTIONS preflight for a path (MOCK integration), with the merged CORS settings of the path's events. */
function corsMethod(c: CorsConfig, resourceId: unknown, restApiId: unknown): Resource {
  const methods = c.methods.join(',').replace('ANY', 'DELETE,GET,HEAD,PATCH,POST,PUT');
  const headers: Record<string, string> = {
    'Access-Control-Allow-Origin': `'${corsOrigin(c)}'`,
    'Access-Control-Allow-Headers': `'${c.headers.join(',')}'`,
    'Access-Control-Allow-Methods': `'${methods}'`,
    'Access-Control-Allow-Credentials': `'${c.allowCredentials}'`,
    ...(c.maxAge !== undefined ? { 'Access-Control-Max-Age': `'${c.maxAge}'` } : {}),
  };
  const params = (v: (h: string) => unknown) => Object.fromEntries(Object.keys(headers).map((h) => [`method.response.header.${h}`, v(h)]));
  return {
    Type: 'AWS::ApiGateway::Method',
    Properties: {
      AuthorizationType: 'NONE',
      HttpMethod: 'OPTIONS',
      MethodResponses: [{ StatusCode: '200', ResponseParameters: params(() => true), ResponseModels: {} }],
      RequestParameters: {},
      Integration: {
        Type: 'MOCK',
        RequestTemplates: { [JSON_TYPE]: MOCK_REQUEST },
        ContentHandling: 'CONVERT_TO_TEXT',
        IntegrationResponses: [{ StatusCode: '200', ResponseParameters: params((h) => headers[h]), ResponseTemplates: { [JSON_TYPE]: '' } }],
      },
      ResourceId: resourceId,
      RestApiId: restApiId,
    },
  };
}

function mergeCors(a: CorsConfig | undefined, b: CorsConfig): CorsConfig {
  if (!a) return { ...b, headers: [...b.headers], methods: [...b.methods], origins: [...b.origins] };
  const union = (x: string[], y: string[]) => [...new Set([...x, ...y])];
  return {
    origin: b.origin || a.origin,
    origins: union(a.origins, b.origins),
    headers: union(a.headers, b.headers),
    methods: union(a.methods, b.methods),
    allowCredentials: a.allowCredentials || b.allowCredentials,
    ...(b.maxAge !== undefined ? { maxAge: b.maxAge } : a.maxAge !== undefined ? { maxAge: a.maxAge } : {}),
  };
}

function integrationResponses(ctx: EventContext, ev: HttpEvent): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  if (ev.responses) {
    for (const [code, r] of Object.entries(ev.responses)) {
      out.push({
        StatusCode: String(r.statusCode ?? code),
        SelectionPattern: r.selectionPattern !== undefined ? String(r.selectionPattern) : String(code),
        ResponseParameters: userValue(ctx, r.responseParameters ?? {}, [...ev.configPath, 'responses', code, 'responseParameters']),
        ResponseTemplates: userValue(ctx, r.responseTemplates ?? {}, [...ev.configPath, 'responses', code, 'responseTemplates']),
      });
    }
  } else {
    const headers = Object.fromEntries(Object.entries(ev.response?.headers ?? {}).map(([k, v]) => [`method.response.header.${k}`, v]));
    const templates: Record<string, unknown> = ev.sync ? { [JSON_TYPE]: SYNC_EXECUTION_RESPONSE } : {};
    Object.assign(templates, ev.response?.templates ?? {});
    out.push({ StatusCode: '200', SelectionPattern: '', ResponseParameters: headers, ResponseTemplates: templates });
    out.push({ StatusCode: '400', SelectionPattern: '400', ResponseParameters: {}, ResponseTemplates: {} });
  }
  if (ev.cors) {
    for (const r of out) (r.ResponseParameters as Record<string, unknown>)['method.response.header.Access-Control-Allow-Origin'] = `'${corsOrigin(ev.cors)}'`;
  }
  return out;
}

function requestTemplates(ev: HttpEvent): Record<string, unknown> {
  if (ev.requestTemplate === 'lambda_proxy') return lambdaProxyRequestTemplates(startTarget(ev.machine));
  const defaults = defaultRequestTemplates(startTarget(ev.machine));
  if (ev.requestTemplate) return { ...defaults, ...ev.requestTemplate };
  // With a custom action the plugin sends the body through untouched (WHEN_NO_TEMPLATES).
  if (ev.action !== 'StartExecution' && !ev.sync) return {};
  return defaults;
}

/** Resources for the methods' state machine actions: what they start for Start*, the machines and their executions for the rest. */
function actionResources(action: string, machines: MachineModel[]): unknown[] {
  if (action === 'StartExecution' || action === 'StartSyncExecution') return machines.map(startTarget);
  const ids = machines.map(machineLogicalId);
  return [...ids.map((id) => ({ Ref: id })), ...ids.flatMap((id) => [executionsOf(id, 'execution'), executionsOf(id, 'express')])];
}

export function compileHttpApi(ctx: EventContext, events: HttpEvent[]): void {
  if (!events.length) return;
  const errorsBefore = ctx.errors.length;
  const { svc } = ctx;
  const api = apiTarget(ctx);
  if (!api) return;
  const out: Record<string, Resource> = {};
  if (api.own) {
    const r = restApiResource(ctx);
    if (r) out[REST_API_LOGICAL_ID] = r;
  }
  const ag = apiGatewayConfig(ctx);
  const providerSchemas = isObject(ag.request) && isObject(ag.request.schemas) ? ag.request.schemas : {};
  const validatorId = requestValidatorLogicalId(svc.service);
  const methodIds: string[] = [];
  const cors = new Map<string, CorsConfig>();
  // action → the machines (by logical ID) whose methods use it without their own role
  const roleActions = new Map<string, Map<string, MachineModel>>();

  for (const ev of events) {
    const resourceId = resourceIdFor(ctx, api, ev.path, out, [...ev.configPath]);
    if (resourceId === undefined) continue;
    const methodId = apiMethodLogicalId(ev.path, ev.method);
    const responses = integrationResponses(ctx, ev);
    // A method response for every status an integration response can produce (the plugin kept only 200 and 400).
    const methodResponses = [...new Map(responses.map((r) => [r.StatusCode as string, r])).values()].map((r) => ({
      StatusCode: r.StatusCode,
      ResponseParameters: Object.fromEntries(Object.keys((r.ResponseParameters as Record<string, unknown>) ?? {}).map((k) => [k, true])),
      ResponseModels: {},
    }));
    if (!ev.iamRole) {
      const machines = roleActions.get(`states:${ev.action}`) ?? new Map<string, MachineModel>();
      machines.set(machineLogicalId(ev.machine), ev.machine);
      roleActions.set(`states:${ev.action}`, machines);
    }
    const props: Record<string, unknown> = {
      HttpMethod: ev.method.toUpperCase(),
      RequestParameters: {},
      AuthorizationType: 'NONE',
      ApiKeyRequired: ev.private,
      ResourceId: resourceId,
      RestApiId: api.restApiId,
      Integration: {
        IntegrationHttpMethod: 'POST',
        Type: 'AWS',
        Credentials: ev.iamRole ? userValue(ctx, ev.iamRole, [...ev.configPath, 'iamRole']) : { 'Fn::GetAtt': [API_ROLE_LOGICAL_ID, 'Arn'] },
        Uri: { 'Fn::Sub': `arn:\${AWS::Partition}:apigateway:\${AWS::Region}:states:action/${ev.action}` },
        PassthroughBehavior: ev.action !== 'StartExecution' && !ev.sync ? 'WHEN_NO_TEMPLATES' : 'NEVER',
        RequestTemplates: requestTemplates(ev),
        IntegrationResponses: responses,
        ...(ev.timeoutInMillis !== undefined ? { TimeoutInMillis: ev.timeoutInMillis } : {}),
      },
      MethodResponses: methodResponses,
    };
    const method: Resource = { Type: 'AWS::ApiGateway::Method', Properties: props };

    const auth = ev.authorizer;
    if (auth?.kind === 'iam') props.AuthorizationType = 'AWS_IAM';
    else if (auth?.kind === 'existing') {
      props.AuthorizationType = auth.type;
      props.AuthorizerId = userValue(ctx, auth.authorizerId, [...ev.configPath, 'authorizer', 'authorizerId']);
      if (auth.scopes) props.AuthorizationScopes = auth.scopes;
    } else if (auth) {
      const authId = authorizerLogicalId(auth.name);
      const arn = userValue(ctx, auth.arn, [...ev.configPath, 'authorizer']);
      const authProps: Record<string, unknown> = {
        ...(auth.resultTtlInSeconds !== undefined ? { AuthorizerResultTtlInSeconds: auth.resultTtlInSeconds } : {}),
        IdentitySource: auth.identitySource,
        Name: auth.name,
        RestApiId: api.restApiId,
        ...(auth.identityValidationExpression !== undefined ? { IdentityValidationExpression: auth.identityValidationExpression } : {}),
        Type: auth.type,
      };
      if (auth.kind === 'cognito') authProps.ProviderARNs = [arn];
      else {
        authProps.AuthorizerUri = {
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:', { Ref: 'AWS::Region' }, ':lambda:path/2015-03-31/functions/', arn, '/invocations']],
        };
      }
      const authorizer: Resource = { Type: 'AWS::ApiGateway::Authorizer', Properties: authProps };
      if (out[authId] && JSON.stringify(out[authId]) !== JSON.stringify(authorizer)) {
        error(ctx, [...ev.configPath, 'authorizer'], `the authorizer "${auth.name}" is configured differently on another endpoint`, 'configure it the same way everywhere, or give it another name');
      }
      out[authId] = authorizer;
      if (auth.kind === 'lambda') {
        // API Gateway may invoke the function only as this API's authorizer (the plugin's permission had no SourceArn).
        out[authorizerPermissionLogicalId(auth.functionKey, auth.name)] = {
          Type: 'AWS::Lambda::Permission',
          Properties: {
            FunctionName: arn,
            Action: 'lambda:InvokeFunction',
            Principal: 'apigateway.amazonaws.com',
            SourceArn: {
              'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':execute-api:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':', api.restApiId, '/authorizers/', { Ref: authId }]],
            },
          },
        };
      }
      props.AuthorizationType = auth.kind === 'cognito' ? 'COGNITO_USER_POOLS' : 'CUSTOM';
      props.AuthorizerId = { Ref: authId };
      if (auth.kind === 'cognito' && auth.scopes) props.AuthorizationScopes = auth.scopes;
    }

    if (ev.schemas) {
      const models: Record<string, unknown> = {};
      for (const [contentType, schema] of Object.entries(ev.schemas)) {
        const sPath = [...ev.configPath, 'request', 'schemas', contentType];
        let modelId: string;
        if (typeof schema === 'string') {
          const def = providerSchemas[schema];
          if (def === undefined) {
            error(ctx, sPath, `"${schema}" names no schema in provider.apiGateway.request.schemas`, 'define it there, or write the JSON schema inline');
            continue;
          }
          modelId = providerModelLogicalId(schema);
          const d = isObject(def) && def.schema !== undefined ? def : { schema: def };
          out[modelId] = {
            Type: 'AWS::ApiGateway::Model',
            Properties: {
              RestApiId: api.restApiId,
              Schema: d.schema,
              ContentType: JSON_TYPE,
              ...(typeof d.name === 'string' ? { Name: d.name } : {}),
              ...(typeof d.description === 'string' ? { Description: d.description } : {}),
            },
          };
        } else if (isObject(schema)) {
          const d = schema.schema !== undefined ? schema : { schema };
          modelId = endpointModelLogicalId(methodId, contentType);
          out[modelId] = {
            Type: 'AWS::ApiGateway::Model',
            Properties: {
              RestApiId: api.restApiId,
              ContentType: contentType,
              Schema: d.schema,
              ...(typeof d.name === 'string' ? { Name: d.name } : {}),
              ...(typeof d.description === 'string' ? { Description: d.description } : {}),
            },
          };
        } else {
          error(ctx, sPath, 'a request schema is a JSON schema object, { schema, name, description }, or the name of a provider schema');
          continue;
        }
        models[contentType] = { Ref: modelId };
      }
      if (Object.keys(models).length) {
        out[validatorId] ??= {
          Type: 'AWS::ApiGateway::RequestValidator',
          Properties: {
            RestApiId: api.restApiId,
            ValidateRequestBody: true,
            ValidateRequestParameters: true,
            Name: `${svc.service}-${svc.stage} | Validate request body and querystring parameters`,
          },
        };
        props.RequestValidatorId = { Ref: validatorId };
        props.RequestModels = models;
      }
    }
    out[methodId] = method;
    methodIds.push(methodId);
    if (ev.cors) cors.set(ev.path, mergeCors(cors.get(ev.path), ev.cors));
  }

  for (const [path, c] of cors) {
    const id = apiMethodLogicalId(path, 'options');
    if (out[id]) {
      const ev = events.find((e) => e.path === path && e.method === 'options')!;
      error(ctx, ev.configPath, `/${path} has an OPTIONS endpoint and cors: the CORS preflight is also OPTIONS`, 'remove cors from the events of this path, or the OPTIONS endpoint');
      continue;
    }
    out[id] = corsMethod(c, resourceIdFor(ctx, api, path, out, []), api.restApiId);
    methodIds.push(id);
  }
  if (ctx.errors.length > errorsBefore) return;

  if (roleActions.size) {
    // The role may start only the machines its methods target (the plugin's allowed states:* actions on `*`).
    const statements: IamStatement[] = [...roleActions.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([action, machines]) => {
        const sorted = [...machines.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, m]) => m);
        const resources = actionResources(action.slice('states:'.length), sorted);
        return { Effect: 'Allow', Action: [action], Resource: resources.length === 1 ? resources[0] : resources };
      });
    out[API_ROLE_LOGICAL_ID] = serviceRole(ctx, ['apigateway.amazonaws.com'], API_ROLE_POLICY_NAME, statements);
  }

  // The deployment's ID is a hash of everything a deployment snapshots (as the template will hold it, `#{X}`
  // substituted): unchanged API, unchanged ID, no redeploy.
  const hash = hexDigest('sha256', JSON.stringify(replacePseudo({ stage: svc.stage, resources: Object.keys(out).sort().map((id) => [id, out[id]]) }))).slice(0, 10);
  const deploymentId = apiDeploymentLogicalId(hash);
  out[deploymentId] = {
    Type: 'AWS::ApiGateway::Deployment',
    Properties: { RestApiId: api.restApiId, StageName: svc.stage },
    DependsOn: [...methodIds].sort(),
  };

  const pr = svc.provider;
  const apiKeys = ag.apiKeys ?? pr.apiKeys;
  const usagePlan = ag.usagePlan ?? pr.usagePlan;
  const keysPath = ag.apiKeys !== undefined ? [...P, 'apiKeys'] : ['provider', 'apiKeys'];
  if (!api.own && (apiKeys !== undefined || usagePlan !== undefined)) {
    warn(ctx, keysPath, 'apiKeys and usagePlan are left to the stack that owns the shared REST API (restApiId); stepf makes none', 'the usage plan of that API stage covers stepf\'s private methods too');
  } else if (api.own && (apiKeys !== undefined || usagePlan !== undefined)) {
    compileKeysAndPlan(ctx, out, api.restApiId, deploymentId, apiKeys, usagePlan, keysPath);
  } else if (events.some((e) => e.private)) {
    const ev = events.find((e) => e.private)!;
    warn(ctx, [...ev.configPath, 'private'], 'this endpoint requires an API key, but provider.apiGateway.apiKeys defines none', 'add apiKeys, or remove private: true');
  }
  if (ctx.errors.length > errorsBefore) return;

  for (const [id, r] of Object.entries(out)) {
    if (id in ctx.template.Resources) {
      error(ctx, ['stepFunctions'], `the API Gateway resource ${id} clashes with another resource of stepf's stack`, undefined, 'duplicate-logical-id');
      return;
    }
    ctx.template.Resources[id] = r;
  }
  ctx.template.Outputs ??= {};
  ctx.template.Outputs[SERVICE_ENDPOINT_OUTPUT] = {
    Description: 'URL of the service endpoint',
    Value: { 'Fn::Join': ['', ['https://', api.restApiId, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, `/${svc.stage}`]] },
  };
}

function compileKeysAndPlan(
  ctx: EventContext,
  out: Record<string, Resource>,
  restApiId: unknown,
  deploymentId: string,
  apiKeys: unknown,
  usagePlan: unknown,
  keysPath: Path,
): void {
  const { svc } = ctx;
  const keys: Array<{ name: unknown; value?: unknown; description?: unknown }> = [];
  if (apiKeys !== undefined) {
    for (const [i, k] of (apiKeys as unknown[]).entries()) {
      if (typeof k === 'string') keys.push({ name: k });
      else if (isObject(k) && typeof k.name === 'string') keys.push({ name: k.name, value: k.value, description: k.description });
      else return error(ctx, [...keysPath, i], 'an API key is a name, or { name, value }', 'usage-plan-grouped keys ({ <plan>: [keys] }) are not supported');
    }
  }
  out[USAGE_PLAN_LOGICAL_ID] = {
    Type: 'AWS::ApiGateway::UsagePlan',
    DependsOn: [deploymentId],
    Properties: {
      ApiStages: [{ ApiId: restApiId, Stage: svc.stage }],
      Description: `Usage plan for ${svc.service} ${svc.stage} stage`,
      UsagePlanName: `${svc.service}-${svc.stage}`,
      ...(isObject(usagePlan) && isObject(usagePlan.quota)
        ? { Quota: { Limit: usagePlan.quota.limit, Offset: usagePlan.quota.offset, Period: usagePlan.quota.period } }
        : {}),
      ...(isObject(usagePlan) && isObject(usagePlan.throttle)
        ? { Throttle: { BurstLimit: usagePlan.throttle.burstLimit, RateLimit: usagePlan.throttle.rateLimit } }
        : {}),
    },
  };
  keys.forEach((k, i) => {
    const id = apiKeyLogicalId(i + 1);
    out[id] = {
      Type: 'AWS::ApiGateway::ApiKey',
      DependsOn: [deploymentId],
      Properties: {
        Enabled: true,
        Name: userValue(ctx, k.name, [...keysPath, i]),
        ...(k.value !== undefined ? { Value: userValue(ctx, k.value, [...keysPath, i, 'value']) } : {}),
        ...(k.description !== undefined ? { Description: userValue(ctx, k.description, [...keysPath, i, 'description']) } : {}),
      },
    };
    out[usagePlanKeyLogicalId(i + 1)] = {
      Type: 'AWS::ApiGateway::UsagePlanKey',
      Properties: { KeyId: { Ref: id }, KeyType: 'API_KEY', UsagePlanId: { Ref: USAGE_PLAN_LOGICAL_ID } },
    };
  });
}
