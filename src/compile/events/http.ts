import type { MachineModel } from '../model.js';
import { authorizerNameFromArn, lambdaLogicalId } from '../naming.js';
import { didYouMean } from '../../util/did-you-mean.js';
import { checkKeys, error, nearestKey, type EventContext, isArnLike, isObject, machinePath, type Path } from './common.js';

/** `http` events (reference §5.1), parsed and checked into one shape; api/compile.ts turns them into API Gateway. */

export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'options', 'head', 'delete', 'any'] as const;
const HTTP_KEYS = [
  'path', 'method', 'action', 'sync', 'integration', 'iamRole', 'timeoutInMillis', 'private', 'request', 'response', 'responses', 'cors', 'authorizer',
] as const;
const DEFAULT_CORS_HEADERS = ['Content-Type', 'X-Amz-Date', 'Authorization', 'X-Api-Key', 'X-Amz-Security-Token', 'X-Amz-User-Agent'];
const COGNITO_ARN = /^arn:[a-zA-Z-]*:cognito-idp/;

export interface CorsConfig {
  origin: string;
  origins: string[];
  headers: string[];
  methods: string[];
  allowCredentials: boolean;
  maxAge?: number;
}

export type AuthorizerSpec =
  | { kind: 'iam' }
  | { kind: 'existing'; type: string; authorizerId: unknown; scopes?: string[] }
  | {
      kind: 'lambda' | 'cognito';
      name: string;
      /** The function key when the authorizer is a function of this service. */
      functionKey?: string;
      arn: unknown;
      type: string;
      resultTtlInSeconds?: number;
      identitySource: string;
      identityValidationExpression?: string;
      scopes?: string[];
    };

export interface HttpEvent {
  machine: MachineModel;
  configPath: Path;
  /** Without leading or trailing `/`; '' is the root. */
  path: string;
  /** Lower case. */
  method: string;
  action: string;
  sync: boolean;
  iamRole?: unknown;
  timeoutInMillis?: number;
  private: boolean;
  requestTemplate?: 'lambda_proxy' | Record<string, string>;
  schemas?: Record<string, unknown>;
  response?: { headers: Record<string, string>; templates: Record<string, string> };
  responses?: Record<string, Record<string, unknown>>;
  cors?: CorsConfig;
  authorizer?: AuthorizerSpec;
}

/** `"POST path"` or `{path, method}` → path and method; undefined (with an error) when neither. */
function pathAndMethod(ctx: EventContext, m: MachineModel, raw: unknown, path: Path): { path: string; method: string; obj: Record<string, unknown> } | undefined {
  let obj: Record<string, unknown>;
  if (typeof raw === 'string') {
    const [method, p, ...rest] = raw.trim().split(/\s+/);
    if (rest.length) return void error(ctx, path, `invalid http event "${raw}" in state machine "${m.key}"`, 'the string form is "<METHOD> <path>", e.g. "POST orders"');
    obj = { method, path: p };
  } else if (isObject(raw)) obj = raw;
  else return void error(ctx, path, `invalid http event in state machine "${m.key}"`, 'write http: { path: orders, method: post } or http: "POST orders"');
  if (typeof obj.path !== 'string') {
    return void error(ctx, typeof raw === 'string' ? path : [...path, 'path'], `missing or invalid "path" for the http event of state machine "${m.key}"`, 'e.g. path: orders (or / for the root)');
  }
  if (typeof obj.method !== 'string') {
    return void error(ctx, typeof raw === 'string' ? path : [...path, 'method'], `missing or invalid "method" for the http event of state machine "${m.key}"`, `methods: ${HTTP_METHODS.join(', ')}`);
  }
  const method = obj.method.toLowerCase();
  if (!(HTTP_METHODS as readonly string[]).includes(method)) {
    const near = didYouMean(method, HTTP_METHODS);
    return void error(
      ctx,
      typeof raw === 'string' ? path : [...path, 'method'],
      `invalid API Gateway method "${obj.method}" in state machine "${m.key}"; the methods are ${HTTP_METHODS.join(', ')}`,
      near ? `did you mean "${near}"?` : undefined,
    );
  }
  const p = obj.path.replace(/^\/+/, '').replace(/\/+$/, '');
  if (p.split('/').some((seg) => seg === '') && p !== '') return void error(ctx, [...path, 'path'], `the path "${obj.path}" has an empty segment (//)`);
  return { path: p, method, obj };
}

function parseCors(ctx: EventContext, raw: unknown, method: string, path: Path): CorsConfig | undefined {
  if (raw === false || raw === undefined || raw === null) return undefined;
  if (raw === true) return { origin: '*', origins: ['*'], headers: [...DEFAULT_CORS_HEADERS], methods: ['OPTIONS', method.toUpperCase()], allowCredentials: false };
  if (!isObject(raw)) return void error(ctx, path, 'cors must be true or an object');
  checkKeys(ctx, raw, ['origin', 'origins', 'headers', 'methods', 'allowCredentials', 'maxAge'], path, 'cors');
  if (raw.origin !== undefined && raw.origins !== undefined) {
    return void error(ctx, path, 'cors takes "origin" or "origins", not both', 'origins: [https://a.example, https://b.example]');
  }
  if (raw.headers !== undefined && !(Array.isArray(raw.headers) && raw.headers.every((h) => typeof h === 'string'))) {
    return void error(ctx, [...path, 'headers'], 'CORS headers must be a list of header names');
  }
  if (raw.methods !== undefined && !(Array.isArray(raw.methods) && raw.methods.every((h) => typeof h === 'string'))) {
    return void error(ctx, [...path, 'methods'], 'CORS methods must be a list of methods');
  }
  if (raw.origins !== undefined && !(Array.isArray(raw.origins) && raw.origins.every((h) => typeof h === 'string'))) {
    return void error(ctx, [...path, 'origins'], 'CORS origins must be a list of origins');
  }
  if (raw.origin !== undefined && typeof raw.origin !== 'string') return void error(ctx, [...path, 'origin'], 'CORS origin must be a string');
  if (raw.maxAge !== undefined && !(Number.isInteger(raw.maxAge) && (raw.maxAge as number) > 0)) {
    return void error(ctx, [...path, 'maxAge'], 'maxAge should be an integer over 0');
  }
  const methods = [...((raw.methods as string[] | undefined) ?? [])].map((x) => x.toUpperCase());
  if (!methods.includes('OPTIONS')) methods.push('OPTIONS');
  if (!methods.includes(method.toUpperCase())) methods.push(method.toUpperCase());
  return {
    origin: (raw.origin as string | undefined) ?? '*',
    origins: (raw.origins as string[] | undefined) ?? [],
    headers: (raw.headers as string[] | undefined) ?? [...DEFAULT_CORS_HEADERS],
    methods,
    allowCredentials: Boolean(raw.allowCredentials),
    ...(raw.maxAge !== undefined ? { maxAge: raw.maxAge as number } : {}),
  };
}

function parseAuthorizer(ctx: EventContext, raw: unknown, path: Path): AuthorizerSpec | undefined {
  const fnKeys = ctx.svc.functions.map((f) => f.key);
  const byFunction = (name: string, p: Path): { functionKey: string; arn: unknown } | undefined => {
    if (!fnKeys.includes(name)) {
      const near = nearestKey(name, fnKeys);
      return void error(ctx, p, `the authorizer "${name}" names no function of this service`, near ? `did you mean "${near}"?` : 'give a function key from `functions:`, or the authorizer function\'s ARN');
    }
    return { functionKey: name, arn: { 'Fn::GetAtt': [lambdaLogicalId(name), 'Arn'] } };
  };
  if (typeof raw === 'string') {
    if (raw.toUpperCase() === 'AWS_IAM') return { kind: 'iam' };
    if (!raw.includes(':')) {
      const fn = byFunction(raw, path);
      if (!fn) return undefined;
      return { kind: 'lambda', name: raw, ...fn, type: 'TOKEN', identitySource: 'method.request.header.Authorization' };
    }
    const cognito = COGNITO_ARN.test(raw);
    return {
      kind: cognito ? 'cognito' : 'lambda',
      name: authorizerNameFromArn(raw),
      arn: raw,
      type: cognito ? 'COGNITO_USER_POOLS' : 'TOKEN',
      identitySource: 'method.request.header.Authorization',
    };
  }
  if (!isObject(raw)) return void error(ctx, path, 'authorizer must be a function name, an ARN, aws_iam, or an object');
  checkKeys(ctx, raw, ['name', 'arn', 'type', 'authorizerId', 'scopes', 'resultTtlInSeconds', 'identitySource', 'identityValidationExpression', 'claims'], path, 'authorizer');
  const type = typeof raw.type === 'string' ? raw.type.toUpperCase() : undefined;
  if (raw.type !== undefined && !['TOKEN', 'REQUEST', 'COGNITO_USER_POOLS', 'AWS_IAM', 'CUSTOM'].includes(type ?? '')) {
    return void error(ctx, [...path, 'type'], `unknown authorizer type "${String(raw.type)}"`, 'types: TOKEN, REQUEST, COGNITO_USER_POOLS, AWS_IAM (or CUSTOM with authorizerId)');
  }
  if (raw.scopes !== undefined && !(Array.isArray(raw.scopes) && raw.scopes.every((s) => typeof s === 'string'))) {
    return void error(ctx, [...path, 'scopes'], 'scopes must be a list of OAuth scopes');
  }
  const scopes = raw.scopes as string[] | undefined;
  if (type && raw.authorizerId !== undefined) return { kind: 'existing', type, authorizerId: raw.authorizerId, ...(scopes ? { scopes } : {}) };
  if (type === 'AWS_IAM') return { kind: 'iam' };
  if (raw.claims !== undefined) {
    return void error(ctx, [...path, 'claims'], 'claims filtering works only with a Lambda integration; state machine endpoints use the Step Functions integration', 'remove `claims`');
  }
  let name: string;
  let arn: unknown;
  let functionKey: string | undefined;
  if (raw.arn !== undefined) {
    if (!isArnLike(raw.arn)) return void error(ctx, [...path, 'arn'], 'authorizer.arn must be an ARN (or an intrinsic)');
    if (typeof raw.name === 'string') name = raw.name;
    else if (typeof raw.arn === 'string') name = authorizerNameFromArn(raw.arn);
    else return void error(ctx, [...path, 'name'], 'an authorizer given by an intrinsic ARN needs a `name`');
    arn = raw.arn;
  } else if (typeof raw.name === 'string') {
    const fn = byFunction(raw.name, [...path, 'name']);
    if (!fn) return undefined;
    ({ functionKey, arn } = fn);
    name = raw.name;
  } else {
    return void error(ctx, path, 'the authorizer needs a `name` (a function of this service) or an `arn`', 'or `type` + `authorizerId` for an authorizer that already exists');
  }
  const cognito = type === 'COGNITO_USER_POOLS' || (typeof arn === 'string' && COGNITO_ARN.test(arn));
  const ttl = raw.resultTtlInSeconds === undefined ? 300 : Number.parseInt(String(raw.resultTtlInSeconds), 10);
  if (Number.isNaN(ttl) || ttl < 0 || ttl > 3600) return void error(ctx, [...path, 'resultTtlInSeconds'], 'resultTtlInSeconds must be a whole number from 0 to 3600');
  if (raw.identitySource !== undefined && typeof raw.identitySource !== 'string') return void error(ctx, [...path, 'identitySource'], 'identitySource must be a string such as method.request.header.Authorization');
  if (raw.identityValidationExpression !== undefined && typeof raw.identityValidationExpression !== 'string') {
    return void error(ctx, [...path, 'identityValidationExpression'], 'identityValidationExpression must be a regular expression string');
  }
  return {
    kind: cognito ? 'cognito' : 'lambda',
    name,
    ...(functionKey ? { functionKey } : {}),
    arn,
    type: cognito ? 'COGNITO_USER_POOLS' : (type ?? 'TOKEN'),
    resultTtlInSeconds: ttl,
    identitySource: (raw.identitySource as string | undefined) ?? 'method.request.header.Authorization',
    ...(typeof raw.identityValidationExpression === 'string' ? { identityValidationExpression: raw.identityValidationExpression } : {}),
    ...(cognito && scopes ? { scopes } : {}),
  };
}

function stringMap(ctx: EventContext, v: unknown, path: Path, what: string): Record<string, string> | undefined {
  if (!isObject(v) || !Object.values(v).every((x) => typeof x === 'string')) {
    return void error(ctx, path, `${what} must map names to strings`);
  }
  return v as Record<string, string>;
}

function parseHttp(ctx: EventContext, m: MachineModel, raw: unknown, index: number): HttpEvent | undefined {
  const configPath = machinePath(m, 'events', index, 'http');
  const pm = pathAndMethod(ctx, m, raw, configPath);
  if (!pm) return undefined;
  const { obj } = pm;
  if (typeof raw !== 'string') checkKeys(ctx, obj, HTTP_KEYS, configPath, 'an http event');
  const ev: HttpEvent = { machine: m, configPath, path: pm.path, method: pm.method, action: 'StartExecution', sync: false, private: false };
  const before = ctx.errors.length;
  const at = (k: string, ...rest: Path) => [...configPath, k, ...rest];

  if (obj.sync !== undefined && typeof obj.sync !== 'boolean') error(ctx, at('sync'), 'sync must be true or false');
  ev.sync = obj.sync === true || obj.action === 'StartSyncExecution';
  if (obj.action !== undefined) {
    if (typeof obj.action !== 'string' || !/^[A-Z][A-Za-z]+$/.test(obj.action)) {
      error(ctx, at('action'), 'action must be a Step Functions API action such as StartExecution or StartSyncExecution');
    } else ev.action = obj.action;
  }
  if (obj.sync === true) {
    if (obj.action !== undefined && obj.action !== 'StartSyncExecution') error(ctx, at('sync'), `sync: true starts a synchronous execution; it cannot be combined with action: ${String(obj.action)}`);
    ev.action = 'StartSyncExecution';
  }
  if (ev.sync && m.type !== 'EXPRESS') {
    error(ctx, obj.sync === true ? at('sync') : at('action'), `a synchronous endpoint needs an EXPRESS state machine; ${m.key} is ${m.type ?? 'STANDARD'}`, 'add `type: EXPRESS` to the state machine, or drop sync to start executions asynchronously');
  }
  if (obj.iamRole !== undefined) {
    if (!isArnLike(obj.iamRole)) error(ctx, at('iamRole'), 'iamRole must be an IAM role ARN (or an intrinsic)');
    else ev.iamRole = obj.iamRole;
  }
  if (obj.timeoutInMillis !== undefined || isObject(ctx.svc.provider.apiGateway)) {
    const t = obj.timeoutInMillis ?? (ctx.svc.provider.apiGateway as Record<string, unknown> | undefined)?.timeoutInMillis;
    if (t !== undefined) {
      if (!Number.isInteger(t) || (t as number) < 50 || (t as number) > 29000) {
        error(ctx, obj.timeoutInMillis !== undefined ? at('timeoutInMillis') : ['provider', 'apiGateway', 'timeoutInMillis'], 'timeoutInMillis must be a whole number from 50 to 29000');
      } else ev.timeoutInMillis = t as number;
    }
  }
  if (obj.private !== undefined && typeof obj.private !== 'boolean') error(ctx, at('private'), 'private must be true or false');
  ev.private = obj.private === true;

  if (obj.request !== undefined) {
    if (!isObject(obj.request)) error(ctx, at('request'), 'request must be an object (template, schemas)');
    else {
      checkKeys(ctx, obj.request, ['template', 'schemas'], at('request'), 'request');
      const t = obj.request.template;
      if (t === 'lambda_proxy') ev.requestTemplate = 'lambda_proxy';
      else if (t !== undefined) {
        const map = stringMap(ctx, t, at('request', 'template'), 'request.template');
        if (map) ev.requestTemplate = map;
      }
      if (obj.request.schemas !== undefined) {
        if (!isObject(obj.request.schemas)) error(ctx, at('request', 'schemas'), 'request.schemas must map content types to JSON schemas');
        else ev.schemas = obj.request.schemas;
      }
    }
  }
  if (obj.response !== undefined) {
    if (!isObject(obj.response)) error(ctx, at('response'), 'response must be an object (headers, template)');
    else {
      checkKeys(ctx, obj.response, ['headers', 'template'], at('response'), 'response');
      const headers = obj.response.headers === undefined ? {} : stringMap(ctx, obj.response.headers, at('response', 'headers'), 'response.headers');
      const t = obj.response.template;
      const templates = t === undefined ? {} : typeof t === 'string' ? { 'application/json': t } : stringMap(ctx, t, at('response', 'template'), 'response.template');
      if (headers && templates) ev.response = { headers, templates };
    }
  }
  if (obj.responses !== undefined) {
    if (!isObject(obj.responses) || !Object.values(obj.responses).every(isObject)) error(ctx, at('responses'), 'responses must map status codes to { statusCode, selectionPattern, responseParameters, responseTemplates }');
    else {
      for (const [code, r] of Object.entries(obj.responses as Record<string, Record<string, unknown>>)) {
        checkKeys(ctx, r, ['statusCode', 'selectionPattern', 'responseParameters', 'responseTemplates'], at('responses', code), 'a response');
        const status = r.statusCode ?? code;
        if (!/^[1-5]\d\d$/.test(String(status))) error(ctx, at('responses', code), `"${String(status)}" is not an HTTP status code`);
      }
      ev.responses = obj.responses as Record<string, Record<string, unknown>>;
    }
  }
  if (obj.cors !== undefined) ev.cors = parseCors(ctx, obj.cors, pm.method, at('cors'));
  if (obj.authorizer !== undefined) ev.authorizer = parseAuthorizer(ctx, obj.authorizer, at('authorizer'));
  return ctx.errors.length > before ? undefined : ev;
}

/** Every http event of every machine, checked; duplicates (same path and method) are an error. */
export function collectHttpEvents(ctx: EventContext, machines: MachineModel[]): HttpEvent[] {
  const out: HttpEvent[] = [];
  const seen = new Map<string, HttpEvent>();
  for (const m of machines) {
    (m.events ?? []).forEach((e, i) => {
      if (!isObject(e) || !('http' in e)) return;
      const ev = parseHttp(ctx, m, e.http, i);
      if (!ev) return;
      const key = `${ev.method.toUpperCase()} /${ev.path}`;
      const other = seen.get(key);
      if (other) {
        return error(ctx, ev.configPath, `${key} is already the endpoint of state machine ${other.machine.key}`, 'each path and method can start one state machine; change the path or the method', 'duplicate-endpoint');
      }
      seen.set(key, ev);
      out.push(ev);
    });
  }
  return out;
}

/**
 * The endpoints the deploy prints as `METHOD - <ServiceEndpoint><path>`: the path with a leading `/`
 * ('' for the root), duplicate slashes removed, as the plugin printed them. Pure; invalid events are skipped.
 */
export function httpEndpoints(machines: Array<Pick<MachineModel, 'events'>> | Record<string, { events?: unknown[] }>): Array<{ method: string; path: string }> {
  const list = Array.isArray(machines) ? machines : Object.values(machines);
  const out: Array<{ method: string; path: string }> = [];
  for (const m of list) {
    for (const e of m.events ?? []) {
      if (!isObject(e) || !('http' in e)) continue;
      let method: unknown;
      let path: unknown;
      if (typeof e.http === 'string') [method, path] = e.http.trim().split(/\s+/);
      else if (isObject(e.http)) ({ method, path } = e.http);
      if (typeof method !== 'string' || typeof path !== 'string') continue;
      const p = `/${path}`.replace(/\/+/g, '/').replace(/\/$/, '');
      out.push({ method: method.toUpperCase(), path: p });
    }
  }
  return out;
}

