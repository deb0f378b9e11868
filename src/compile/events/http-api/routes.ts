import type { HttpApiAuthorizerConfig, HttpApiEvent, ProviderHttpApi } from '../../../config/schema/index.js';
import { mappingRefs } from '../../../config/schema/http-api.js';
import type { MachineModel } from '../../model.js';
import { httpApiRouteLogicalId } from '../../naming.js';
import { error, type EventContext, isObject, machinePath, nearestKey, type Path, warn } from '../common.js';

/**
 * `httpApi` events, as the schema typed them, checked across items: the machine's type, the authorizers
 * of provider.httpApi, the route's path parameters, and clashes between routes.
 */

export type RouteAction = 'start' | 'sync' | 'stop';

export type RouteAuth =
  | { kind: 'iam' }
  | { kind: 'named'; key: string; config: HttpApiAuthorizerConfig; scopes?: string[] }
  | { kind: 'existing'; id: unknown; type: 'JWT' | 'CUSTOM'; scopes?: string[] };

export interface Route {
  machine: MachineModel;
  configPath: Path;
  /** `POST /orders`, or `*` for the $default route. */
  routeKey: string;
  method: string;
  path: string;
  action: RouteAction;
  auth?: RouteAuth;
  input?: string | Record<string, unknown>;
  name?: string;
  executionArn?: string;
}

function providerHttpApi(ctx: EventContext): ProviderHttpApi {
  return ctx.svc.provider.httpApi ?? {};
}

/** The parameter names of a route path: `/orders/{id}/{rest+}` → id, rest. */
function pathParameters(path: string): string[] {
  return [...path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => m[1]);
}

function routeOf(raw: HttpApiEvent): { method?: string; path: string; obj: Exclude<HttpApiEvent, string> } {
  if (typeof raw === 'string') {
    if (raw === '*') return { path: '*', obj: { path: '*' } };
    const [method, path] = raw.trim().split(/\s+/);
    return { method, path, obj: { path, method } };
  }
  return { method: raw.method, path: raw.path, obj: raw };
}

function resolveAuth(ctx: EventContext, raw: NonNullable<Exclude<HttpApiEvent, string>['authorizer']>, at: Path): RouteAuth | undefined {
  const api = providerHttpApi(ctx);
  const a = typeof raw === 'string' ? { name: raw } : raw;
  if (a.type === 'aws_iam') {
    if (a.name !== undefined || a.id !== undefined || a.scopes !== undefined) {
      return void error(ctx, at, 'an aws_iam authorizer takes no name, id or scopes', 'write authorizer: { type: aws_iam }: callers sign requests with SigV4 and IAM decides');
    }
    return { kind: 'iam' };
  }
  if (a.id !== undefined) {
    if (api.id === undefined) {
      return void error(ctx, [...at, 'id'], 'authorizer.id names an authorizer of an existing API, but stepf makes its own HTTP API here', 'set provider.httpApi.id to that API, or define the authorizer under provider.httpApi.authorizers and name it');
    }
    return { kind: 'existing', id: a.id, type: a.type === 'request' ? 'CUSTOM' : 'JWT', ...(a.scopes ? { scopes: a.scopes } : {}) };
  }
  if (a.name === undefined) return void error(ctx, at, 'the authorizer needs a name (of provider.httpApi.authorizers), type: aws_iam, or an id', 'e.g. authorizer: { name: cognito, scopes: [admin] }');
  const defined = Object.keys(api.authorizers ?? {});
  const config = api.authorizers?.[a.name];
  if (!config) {
    const near = nearestKey(a.name, defined);
    return void error(
      ctx,
      typeof raw === 'string' ? at : [...at, 'name'],
      `the authorizer "${a.name}" is not defined in provider.httpApi.authorizers`,
      near ? `did you mean "${near}"?` : defined.length ? `defined authorizers: ${defined.join(', ')}` : 'define it under provider.httpApi.authorizers.<name> (type: jwt with issuerUrl and audience, or type: request with functionName)',
      'unknown-authorizer',
    );
  }
  if (a.scopes && config.type === 'request') {
    return void error(ctx, [...at, 'scopes'], `scopes apply to JWT authorizers; "${a.name}" is a Lambda request authorizer`, 'remove scopes, or check them in the authorizer function');
  }
  return { kind: 'named', key: a.name, config, ...(a.scopes ? { scopes: a.scopes } : {}) };
}

function parseRoute(ctx: EventContext, m: MachineModel, raw: HttpApiEvent, index: number): Route | undefined {
  const configPath = machinePath(m, 'events', index, 'httpApi');
  const at = (k: string) => (typeof raw === 'string' ? configPath : [...configPath, k]);
  const { method: rawMethod, path, obj } = routeOf(raw);
  const before = ctx.errors.length;
  let method: string;
  if (path === '*') {
    if (rawMethod !== undefined && rawMethod !== '*') error(ctx, at('method'), 'the path "*" (the $default route) takes every method', 'remove method, or give a path such as /orders');
    method = 'ANY';
  } else if (rawMethod === undefined) {
    return void error(ctx, at('method'), `the httpApi event of state machine "${m.key}" has no method`, 'e.g. method: POST (or * for every method)', 'missing-key');
  } else method = rawMethod === '*' ? 'ANY' : rawMethod.toUpperCase();

  const action: RouteAction = obj.action === 'stop' ? 'stop' : obj.sync ? 'sync' : 'start';
  const type = m.type ?? 'STANDARD';
  if (obj.sync && obj.action === 'stop') error(ctx, at('sync'), 'sync: true starts a synchronous execution; it cannot be combined with action: stop', 'drop sync, or the action');
  else if (action === 'sync' && type !== 'EXPRESS') {
    error(ctx, at('sync'), `a synchronous route needs an EXPRESS state machine; ${m.key} is ${type}`, 'add `type: EXPRESS` to the state machine, or drop sync to start executions asynchronously', 'sync-needs-express');
  }
  if (action === 'stop') {
    if (type === 'EXPRESS') error(ctx, at('action'), `${m.key} is EXPRESS: Step Functions stops only STANDARD executions`, 'remove this route: an EXPRESS execution ends on its own (at most 5 minutes)');
    for (const k of ['input', 'name'] as const) if (obj[k] !== undefined) error(ctx, at(k), `${k} is for starting executions; action: stop takes executionArn`, `remove ${k}`);
  } else if (obj.executionArn !== undefined) {
    error(ctx, at('executionArn'), 'executionArn is for action: stop', 'add action: stop, or remove executionArn');
  }

  // A path parameter named in a mapping must be one of the route's.
  const params = pathParameters(path);
  const checkRefs = (v: unknown, p: Path) => {
    if (typeof v === 'string') {
      const r = mappingRefs(v);
      if ('problem' in r) return;
      for (const ref of r.refs) {
        if (ref.source === 'path' && ref.name !== undefined && !params.includes(ref.name)) {
          error(ctx, p, `$request.path.${ref.name} names no parameter of the path ${path}`, params.length ? `the path's parameters: ${params.join(', ')}` : `add {${ref.name}} to the path, e.g. ${path === '/' ? '' : path}/{${ref.name}}`);
        }
      }
    } else if (isObject(v)) for (const [k, x] of Object.entries(v)) checkRefs(x, [...p, k]);
  };
  for (const k of ['input', 'name', 'executionArn'] as const) checkRefs(obj[k], at(k));

  if (action !== 'stop' && obj.input === undefined && (method === 'GET' || method === 'HEAD')) {
    warn(ctx, at('method'), `${method} ${path} starts ${m.key} with the request body as input, but ${method} requests have none`, 'map the input from the path or query string: input: { id: $request.path.id }', 'empty-input');
  }
  const auth = obj.authorizer === undefined ? undefined : resolveAuth(ctx, obj.authorizer, at('authorizer'));
  if (ctx.errors.length > before) return undefined;
  return {
    machine: m,
    configPath,
    routeKey: path === '*' ? '*' : `${method} ${path}`,
    method,
    path,
    action,
    ...(auth ? { auth } : {}),
    ...(obj.input !== undefined ? { input: obj.input } : {}),
    ...(obj.name !== undefined ? { name: obj.name } : {}),
    ...(obj.executionArn !== undefined ? { executionArn: obj.executionArn } : {}),
  };
}

function describeEvent(r: Route): string {
  return `state machine ${r.machine.key} (${r.configPath.slice(0, -1).join('.').replace(/\.(\d+)(?=\.|$)/g, '[$1]')})`;
}

/** `/orders/{id}` and `/orders/{orderId}` are one route to API Gateway. */
function routeShape(r: Route): string {
  return r.routeKey.replace(/\{[^}+]+\}/g, '{}').replace(/\{[^}]+\+\}/g, '{+}');
}

/** Every httpApi event of every machine; two routes with one method and path (or one logical ID) are an error naming both. */
export function collectHttpApiRoutes(ctx: EventContext, machines: MachineModel[]): Route[] {
  const out: Route[] = [];
  const byShape = new Map<string, Route>();
  const byId = new Map<string, Route>();
  for (const m of machines) {
    (m.events ?? []).forEach((e, i) => {
      if (e.httpApi === undefined) return;
      const r = parseRoute(ctx, m, e.httpApi, i);
      if (!r) return;
      const other = byShape.get(routeShape(r)) ?? byId.get(httpApiRouteLogicalId(r.routeKey));
      if (other) {
        const same = other.routeKey === r.routeKey;
        return error(
          ctx,
          r.configPath,
          `the route ${r.routeKey} of ${describeEvent(r)} clashes with ${same ? 'the same route' : `the route ${other.routeKey}`} of ${describeEvent(other)}`,
          same ? 'a method and path start one state machine: change the path or the method of one of them' : 'API Gateway (or the logical ID, which ignores case and parameter names) cannot tell them apart: rename one path',
          'duplicate-route',
        );
      }
      byShape.set(routeShape(r), r);
      byId.set(httpApiRouteLogicalId(r.routeKey), r);
      out.push(r);
    });
  }
  return out;
}
