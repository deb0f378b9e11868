import type { MachineModel } from '../model.js';
import { authorizerNameFromArn, lambdaLogicalId } from '../naming.js';
import type { HttpEvent as HttpEventConfig, HttpEventObject } from '../../config/schema/index.js';
import { error, nearestKey, type EventContext, machinePath, type Path } from './common.js';

/**
 * `http` events (reference §5.1) into one shape; api/compile.ts turns them into API Gateway. The schema
 * (config/schema/events.ts, rules.ts) has checked keys, types, methods and `origin` with `origins`: what is
 * left here are the values it cannot judge and what depends on the rest of the service.
 */
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

/** `"POST path"` or `{path, method}` → path (without outer slashes) and lower-case method. */
function pathAndMethod(ctx: EventContext, raw: HttpEventConfig, path: Path): { path: string; method: string; obj: HttpEventObject } | undefined {
  const obj: HttpEventObject = typeof raw === 'string' ? { method: raw.split(' ')[0], path: raw.split(' ')[1] } : raw;
  const p = obj.path.replace(/^\/+/, '').replace(/\/+$/, '');
  if (p.split('/').some((seg) => seg === '') && p !== '') return void error(ctx, [...path, 'path'], `the path "${obj.path}" has an empty segment (//)`);
  return { path: p, method: obj.method.toLowerCase(), obj };
}

function parseCors(ctx: EventContext, raw: HttpEventObject['cors'], method: string, path: Path): CorsConfig | undefined {
  if (raw === false || raw === undefined) return undefined;
  if (raw === true) return { origin: '*', origins: ['*'], headers: [...DEFAULT_CORS_HEADERS], methods: ['OPTIONS', method.toUpperCase()], allowCredentials: false };
  if (raw.maxAge !== undefined && !(Number.isInteger(raw.maxAge) && raw.maxAge > 0)) {
    return void error(ctx, [...path, 'maxAge'], 'maxAge should be an integer over 0');
  }
  const methods = (raw.methods ?? []).map((x) => x.toUpperCase());
  if (!methods.includes('OPTIONS')) methods.push('OPTIONS');
  if (!methods.includes(method.toUpperCase())) methods.push(method.toUpperCase());
  return {
    origin: raw.origin ?? '*',
    origins: raw.origins ?? [],
    headers: raw.headers ?? [...DEFAULT_CORS_HEADERS],
    methods,
    allowCredentials: Boolean(raw.allowCredentials),
    ...(raw.maxAge !== undefined ? { maxAge: raw.maxAge } : {}),
  };
}

function parseAuthorizer(ctx: EventContext, raw: NonNullable<HttpEventObject['authorizer']>, path: Path): AuthorizerSpec | undefined {
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
  const type = typeof raw.type === 'string' ? raw.type.toUpperCase() : undefined;
  if (raw.type !== undefined && !['TOKEN', 'REQUEST', 'COGNITO_USER_POOLS', 'AWS_IAM', 'CUSTOM'].includes(type ?? '')) {
    return void error(ctx, [...path, 'type'], `unknown authorizer type "${String(raw.type)}"`, 'types: TOKEN, REQUEST, COGNITO_USER_POOLS, AWS_IAM (or CUSTOM with authorizerId)');
  }
  const scopes = raw.scopes;
  if (type && raw.authorizerId !== undefined) return { kind: 'existing', type, authorizerId: raw.authorizerId, ...(scopes ? { scopes } : {}) };
  if (type === 'AWS_IAM') return { kind: 'iam' };
  if (raw.claims !== undefined) {
    return void error(ctx, [...path, 'claims'], 'claims filtering works only with a Lambda integration; state machine endpoints use the Step Functions integration', 'remove `claims`');
  }
  let name: string;
  let arn: unknown;
  let functionKey: string | undefined;
  if (raw.arn !== undefined) {
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
  return {
    kind: cognito ? 'cognito' : 'lambda',
    name,
    ...(functionKey ? { functionKey } : {}),
    arn,
    type: cognito ? 'COGNITO_USER_POOLS' : (type ?? 'TOKEN'),
    resultTtlInSeconds: ttl,
    identitySource: raw.identitySource ?? 'method.request.header.Authorization',
    ...(raw.identityValidationExpression !== undefined ? { identityValidationExpression: raw.identityValidationExpression } : {}),
    ...(cognito && scopes ? { scopes } : {}),
  };
}

function parseHttp(ctx: EventContext, m: MachineModel, raw: HttpEventConfig, index: number): HttpEvent | undefined {
  const configPath = machinePath(m, 'events', index, 'http');
  const pm = pathAndMethod(ctx, raw, configPath);
  if (!pm) return undefined;
  const { obj } = pm;
  const ev: HttpEvent = { machine: m, configPath, path: pm.path, method: pm.method, action: 'StartExecution', sync: false, private: obj.private === true };
  const before = ctx.errors.length;
  const at = (k: string, ...rest: Path) => [...configPath, k, ...rest];

  ev.sync = obj.sync === true || obj.action === 'StartSyncExecution';
  if (obj.action !== undefined) {
    if (!/^[A-Z][A-Za-z]+$/.test(obj.action)) error(ctx, at('action'), 'action must be a Step Functions API action such as StartExecution or StartSyncExecution');
    else ev.action = obj.action;
  }
  if (obj.sync === true) {
    if (obj.action !== undefined && obj.action !== 'StartSyncExecution') error(ctx, at('sync'), `sync: true starts a synchronous execution; it cannot be combined with action: ${obj.action}`);
    ev.action = 'StartSyncExecution';
  }
  if (ev.sync && m.type !== 'EXPRESS') {
    error(ctx, obj.sync === true ? at('sync') : at('action'), `a synchronous endpoint needs an EXPRESS state machine; ${m.key} is ${m.type ?? 'STANDARD'}`, 'add `type: EXPRESS` to the state machine, or drop sync to start executions asynchronously');
  }
  if (obj.iamRole !== undefined) ev.iamRole = obj.iamRole;
  const t = obj.timeoutInMillis ?? (ctx.svc.provider.apiGateway as { timeoutInMillis?: number } | undefined)?.timeoutInMillis;
  if (t !== undefined) {
    if (!Number.isInteger(t) || t < 50 || t > 29000) {
      error(ctx, obj.timeoutInMillis !== undefined ? at('timeoutInMillis') : ['provider', 'apiGateway', 'timeoutInMillis'], 'timeoutInMillis must be a whole number from 50 to 29000');
    } else ev.timeoutInMillis = t;
  }

  const template = obj.request?.template;
  if (template === 'lambda_proxy') ev.requestTemplate = 'lambda_proxy';
  else if (template !== undefined) {
    // The schema lets an intrinsic through for each content type; a mapping template is text.
    if (!Object.values(template).every((x) => typeof x === 'string')) error(ctx, at('request', 'template'), 'request.template must map names to strings');
    else ev.requestTemplate = template as Record<string, string>;
  }
  if (obj.request?.schemas !== undefined) ev.schemas = obj.request.schemas;
  if (obj.response !== undefined) ev.response = { headers: obj.response.headers ?? {}, templates: obj.response.template ?? {} };
  if (obj.responses !== undefined) {
    for (const [code, r] of Object.entries(obj.responses)) {
      const status = r.statusCode ?? code;
      if (!/^[1-5]\d\d$/.test(String(status))) error(ctx, at('responses', code), `"${String(status)}" is not an HTTP status code`);
    }
    ev.responses = obj.responses;
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
      if (e.http === undefined) return;
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
