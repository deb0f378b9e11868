import { array, custom, enum as oneOf, optional, pipe, record, strictObject, string, transform, union } from 'zod/mini';
import type { output } from 'zod/mini';
import { awsArn, boolean, describe, isPlainObject, leaf, number, oneOrMany, stringOrIntrinsic } from './common.js';

/**
 * `httpApi` events on state machines and `provider.httpApi` / `provider.logs.httpApi`: API Gateway v2
 * (HTTP APIs), in the Serverless Framework's keys. The compiler takes the parsed values as typed here and
 * checks only what spans items (authorizer names, route clashes, the machine's type).
 */

export const HTTP_API_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'OPTIONS', 'HEAD', 'DELETE', 'ANY'] as const;

/** A path segment: a literal, `{name}`, or `{name+}` (greedy, last segment only). */
const SEGMENT = /^(?:[A-Za-z0-9._~!$&'()*+,;=:@%-]+|\{[A-Za-z0-9._-]+\+?\})$/;

/** Why a route path is not one API Gateway takes, or undefined when it is. */
export function routePathProblem(path: string): { message: string; hint: string } | undefined {
  if (path === '*') return undefined;
  if (!path.startsWith('/')) {
    return { message: `the path "${path}" does not start with /`, hint: `HTTP API paths start with a slash: path: /${path.replace(/^\/*/, '')}` };
  }
  if (path === '/') return undefined;
  const segments = path.slice(1).split('/');
  if (segments.some((s) => s === '')) return { message: `the path "${path}" has an empty segment (// or a trailing /)`, hint: 'remove the extra slash: API Gateway matches /orders and /orders/ as different routes' };
  for (const [i, s] of segments.entries()) {
    if (!SEGMENT.test(s)) {
      return { message: `the path segment "${s}" of "${path}" is not valid`, hint: 'a segment is plain text, {name} for a path parameter, or {name+} (last segment only) for the rest of the path' };
    }
    if (s.endsWith('+}') && i !== segments.length - 1) return { message: `the greedy parameter ${s} of "${path}" is not the last segment`, hint: `{name+} takes the rest of the path: put it last, e.g. /${segments.slice(0, i).join('/')}${i ? '/' : ''}${s}` };
  }
  return undefined;
}

function method() {
  return leaf<string>(
    (v) => typeof v === 'string' && (v === '*' || (HTTP_API_METHODS as readonly string[]).includes(v.toUpperCase())),
    `an HTTP method (${HTTP_API_METHODS.join(', ')} or *; any case)`,
  );
}

function routePath() {
  return pipe(
    string(),
    transform((v: string, ctx) => {
      const problem = routePathProblem(v);
      if (problem) ctx.issues.push({ code: 'custom', input: v, message: problem.message, params: { stepf: 'invalid-path', hint: problem.hint } });
      return v;
    }),
  );
}

/**
 * `"POST /orders"` or `"*"`, as Serverless writes httpApi events on functions. Its problems are reported as
 * `invalid_format` so the event's union names them, instead of falling back to "not any accepted form".
 */
function shorthand() {
  return pipe(
    leaf<string>((v) => typeof v === 'string', '"METHOD /path" (e.g. "POST /orders") or "*"'),
    transform((v: string, ctx) => {
      const fail = (message: string, stepf: string, hint: string) => ctx.issues.push({ code: 'invalid_format', format: 'route', input: v, message, params: { stepf, hint } } as never);
      if (v === '*') return v;
      const parts = v.trim().split(/\s+/);
      if (parts.length !== 2) {
        fail(`"${v}" is not "METHOD /path"`, 'invalid-value', 'e.g. httpApi: "POST /orders", or "*" for every method and path');
        return v;
      }
      const [m, p] = parts;
      if (!(m === '*' || (HTTP_API_METHODS as readonly string[]).includes(m.toUpperCase()))) fail(`"${m}" is not an HTTP method`, 'invalid-value', `methods: ${HTTP_API_METHODS.join(', ')} or *`);
      const problem = routePathProblem(p);
      if (problem) fail(problem.message, 'invalid-path', problem.hint);
      return v;
    }),
  );
}

/** One request value of an HTTP API parameter mapping: its source and, for all but the whole body or path, a name. */
export interface MappingRef {
  source: 'body' | 'path' | 'querystring' | 'header' | 'context' | 'stageVariables';
  name?: string;
}

const REF = /\$\{([^}]*)\}|\$([A-Za-z][\w.-]*(?:\[\d+\])*(?:[\w.-]*)*)/g;

function parseRef(expr: string): MappingRef | { problem: string } {
  const [head, ...rest] = expr.split('.');
  const name = rest.join('.');
  if (head === 'context' || head === 'stageVariables') return name ? { source: head, name } : { problem: `$${head} needs a variable name, e.g. $${head}.${head === 'context' ? 'requestId' : 'name'}` };
  if (head !== 'request') return { problem: `$${expr} is not a request value` };
  const [part, ...names] = rest;
  const n = names.join('.');
  if (part === 'body') return n ? { source: 'body', name: n } : { source: 'body' };
  if (part === 'path') return n ? { source: 'path', name: n } : { source: 'path' };
  if (part === 'querystring' || part === 'header') return n ? { source: part, name: n } : { problem: `$request.${part} needs a name, e.g. $request.${part}.${part === 'header' ? 'x-request-id' : 'id'}` };
  return { problem: `$${expr} is not a request value` };
}

/**
 * The request values in a mapping text: `$request.body[.x]`, `$request.path[.id]`, `$request.querystring.q`,
 * `$request.header.h`, `$context.x`, `$stageVariables.x`, also inside text as `${request.path.id}`. Text
 * without `$` is a fixed value. Returns the references, or the first problem.
 */
export function mappingRefs(text: string): { refs: MappingRef[]; whole: boolean } | { problem: string } {
  const refs: MappingRef[] = [];
  let whole = false;
  for (const m of text.matchAll(REF)) {
    const r = parseRef(m[1] ?? m[2]);
    if ('problem' in r) return r;
    refs.push(r);
    whole = m[0] === text;
  }
  return { refs, whole };
}

const MAPPING_HINT = 'request values are $request.body, $request.body.<field>, $request.path.<param>, $request.querystring.<name>, $request.header.<name>, $context.<variable>, $stageVariables.<name>';

/** Each string in `v` (a mapping text, or an object of them) checked, with the key path of a bad one. */
function mappingIssues(v: unknown, at: PropertyKey[], push: (path: PropertyKey[], message: string) => void): void {
  if (typeof v === 'string') {
    const r = mappingRefs(v);
    if ('problem' in r) push(at, r.problem);
  } else if (isPlainObject(v)) {
    for (const [k, x] of Object.entries(v)) mappingIssues(x, [...at, k], push);
  }
}

function checkMapping<T>(v: T, ctx: { issues: Array<Record<string, unknown>> }): T {
  mappingIssues(v, [], (path, message) => ctx.issues.push({ code: 'custom', input: v, path, message, params: { stepf: 'invalid-mapping', hint: MAPPING_HINT } }));
  return v;
}

/** `name`, `executionArn`: one mapping text. */
function mappingText() {
  return pipe(string(), transform((v: string, ctx) => checkMapping(v, ctx as never)));
}

type InputValue = string | number | boolean | null | { [k: string]: InputValue };
const isInputValue = (v: unknown): v is InputValue =>
  ['string', 'number', 'boolean'].includes(typeof v) || v === null || (isPlainObject(v) && Object.values(v).every(isInputValue));

/** `input`: one mapping text (the whole input), or an object of keys to mapping texts (and fixed numbers, booleans, nested objects). */
function inputMapping() {
  return pipe(
    custom<string | { [k: string]: InputValue }>((v) => typeof v === 'string' || (isPlainObject(v) && isInputValue(v)), {
      error: (iss) => `expected a request value such as $request.body, or an object of keys to request values, got ${describe(iss.input)}`,
    }),
    transform((v: string | { [k: string]: InputValue }, ctx) => checkMapping(v, ctx as never)),
  );
}

function routeAuthorizer() {
  return union(
    [
      string(),
      strictObject({
        name: optional(string()),
        id: optional(stringOrIntrinsic()),
        type: optional(oneOf(['jwt', 'request', 'aws_iam'])),
        scopes: optional(array(string())),
      }),
    ],
    { error: (iss) => `expected the name of an authorizer of provider.httpApi.authorizers, or { name, scopes }, { type: aws_iam } or { id }, got ${describe(iss.input)}` },
  );
}

export function buildHttpApiObject() {
  return strictObject({
    path: routePath(),
    // Optional only for path "*" (the $default route); the compiler says so otherwise.
    method: optional(method()),
    // stepf: StartSyncExecution for EXPRESS machines; the response is the execution's result.
    sync: optional(boolean()),
    action: optional(oneOf(['start', 'stop'])),
    authorizer: optional(routeAuthorizer()),
    input: optional(inputMapping()),
    name: optional(mappingText()),
    executionArn: optional(mappingText()),
  });
}

export function buildHttpApiEvent() {
  return union([shorthand(), buildHttpApiObject()], {
    error: (iss) => `expected "METHOD /path" (e.g. "POST /orders") or an object with method and path, got ${describe(iss.input)}`,
  });
}

function httpApiCors() {
  return union(
    [
      boolean(),
      strictObject({
        allowedOrigins: optional(oneOrMany(string(), 'an origin or a list of origins')),
        allowedHeaders: optional(oneOrMany(string(), 'a header or a list of headers')),
        allowedMethods: optional(oneOrMany(string(), 'a method or a list of methods')),
        allowCredentials: optional(boolean()),
        exposedResponseHeaders: optional(oneOrMany(string(), 'a header or a list of headers')),
        maxAge: optional(number()),
      }),
    ],
    { error: (iss) => `expected true or a CORS object (allowedOrigins, allowedHeaders, allowedMethods, allowCredentials, exposedResponseHeaders, maxAge), got ${describe(iss.input)}` },
  );
}

function httpApiAuthorizer() {
  return strictObject({
    type: optional(oneOf(['jwt', 'request'])),
    name: optional(string()),
    identitySource: optional(oneOrMany(string(), 'an identity source ($request.header.Authorization) or a list of them')),
    issuerUrl: optional(stringOrIntrinsic()),
    audience: optional(oneOrMany(stringOrIntrinsic(), 'an audience (client ID) or a list of them')),
    functionName: optional(string()),
    functionArn: optional(awsArn('arn:aws:lambda:us-east-1:123456789012:function:auth')),
    managedExternally: optional(boolean()),
    resultTtlInSeconds: optional(number()),
    enableSimpleResponses: optional(boolean()),
    payloadVersion: optional(oneOf(['1.0', '2.0'])),
  });
}

type AuthorizerConfig = output<ReturnType<typeof httpApiAuthorizer>>;

/**
 * Each of provider.httpApi.authorizers on its own, whichever routes use it (as Serverless checks every one): a
 * request authorizer names one function, caches only by an identity source, and answers simply only with payload
 * 2.0; a JWT one has its identity source, issuer and audience. That a named function exists is the compiler's.
 */
function httpApiAuthorizers() {
  return pipe(
    record(string(), httpApiAuthorizer()),
    transform((v: Record<string, AuthorizerConfig>, ctx) => {
      // An authorizer with a misspelt or mistyped key is reported for that alone: "needs issuerUrl" beside "did you mean issuerUrl?" is noise.
      const flawed = new Set(ctx.issues.map((i) => i.path?.[0]));
      for (const [key, c] of Object.entries(v)) {
        if (flawed.has(key)) continue;
        const fail = (at: string[], message: string, hint: string, stepf = 'missing-key') => ctx.issues.push({ code: 'custom', input: c, path: [key, ...at], message, params: { stepf, hint } });
        const identity = c.identitySource !== undefined && (!Array.isArray(c.identitySource) || c.identitySource.length > 0);
        if (c.type === 'request') {
          if ((c.functionName === undefined) === (c.functionArn === undefined)) fail([], `the request authorizer "${key}" needs exactly one of functionName and functionArn`, 'functionName: a function of this service, or functionArn: the ARN of one elsewhere');
          if (c.resultTtlInSeconds && !identity) fail(['resultTtlInSeconds'], `authorizer "${key}" caches results (resultTtlInSeconds) but has no identitySource to cache them by`, 'add identitySource: $request.header.Authorization, or set resultTtlInSeconds: 0');
          if (c.enableSimpleResponses && (c.payloadVersion ?? '2.0') !== '2.0') fail(['enableSimpleResponses'], 'simple responses need payloadVersion 2.0', 'remove enableSimpleResponses, or set payloadVersion: "2.0"', 'invalid-event');
          continue;
        }
        const missing = [...(identity ? [] : ['identitySource']), ...(['issuerUrl', 'audience'] as const).filter((k) => c[k] === undefined)];
        const example = 'e.g. identitySource: $request.header.Authorization, issuerUrl: https://cognito-idp.<region>.amazonaws.com/<pool>, audience: [<client id>]';
        if (missing.length) fail([missing[0]], `the JWT authorizer "${key}" needs ${missing.join(' and ')}`, example);
      }
      return v;
    }),
  );
}

/** `provider.httpApi`: every key the Serverless Framework takes (a typo is an error, not silence). */
export function buildProviderHttpApi() {
  return strictObject({
    id: optional(stringOrIntrinsic()),
    name: optional(string()),
    shouldStartNameWithService: optional(boolean()),
    payload: optional(oneOf(['1.0', '2.0'])),
    cors: optional(httpApiCors()),
    authorizers: optional(httpApiAuthorizers()),
    disableDefaultEndpoint: optional(boolean()),
    metrics: optional(boolean()),
    useProviderTags: optional(boolean()),
  });
}

/** `provider.logs.httpApi`: true (Serverless's default format) or `{ format }`. */
export function buildHttpApiLogs() {
  return union([boolean(), strictObject({ format: optional(string()) })], {
    error: (iss) => `expected true or { format: ... }, got ${describe(iss.input)}`,
  });
}

export type HttpApiEvent = output<ReturnType<typeof buildHttpApiEvent>>;
export type HttpApiEventObject = output<ReturnType<typeof buildHttpApiObject>>;
export type ProviderHttpApi = output<ReturnType<typeof buildProviderHttpApi>>;
export type HttpApiAuthorizerConfig = NonNullable<ProviderHttpApi['authorizers']>[string];
export type HttpApiCorsConfig = Exclude<NonNullable<ProviderHttpApi['cors']>, boolean>;
export type HttpApiLogs = output<ReturnType<typeof buildHttpApiLogs>>;
