import { array, enum as oneOf, literal, optional, record, strictObject, string, union } from 'zod/mini';
import type { output } from 'zod/mini';
import { awsArn, boolean, describe, isIntrinsic, isPlainObject, leaf, number, numberLike, plainObject, stringOrIntrinsic, wholeNumber } from './common.js';
import { buildHttpApiEvent } from './http-api.js';

export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'options', 'head', 'delete', 'any'] as const;
const INTEGRATIONS = ['lambda', 'lambda-proxy', 'lambda_proxy', 'aws', 'aws-proxy', 'aws_proxy', 'http', 'http-proxy', 'http_proxy', 'mock'];

/** `"POST path"`: the plugin splits on a single space. */
function isHttpShorthand(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const [method, path, ...rest] = v.split(' ');
  return rest.length === 0 && typeof path === 'string' && path !== '' && (HTTP_METHODS as readonly string[]).includes(method.toLowerCase());
}

function httpMethod() {
  return leaf<string>(
    (v) => typeof v === 'string' && (HTTP_METHODS as readonly string[]).includes(v.toLowerCase()),
    `an HTTP method (${HTTP_METHODS.join(', ')}; any case)`,
  );
}

export function buildInputTransformer() {
  return strictObject({
    inputPathsMap: optional(record(string(), string())),
    inputTemplate: string(),
  });
}

/** EventBridge's (and Scheduler's) limits for a target's RetryPolicy. */
export function buildRetryPolicy() {
  return strictObject({
    maximumEventAgeInSeconds: optional(wholeNumber(60, 86400, 'a whole number of seconds', 'how long an undelivered event is retried: 60 seconds to 24 hours (86400)')),
    maximumRetryAttempts: optional(wholeNumber(0, 185, 'a whole number of retries', 'how many times delivering an event is retried: 0 to 185')),
  });
}

/** Execution input: an object (stringified for the target) or a string. */
function eventInput() {
  return leaf<string | Record<string, unknown>>((v) => typeof v === 'string' || isPlainObject(v), 'the execution input: an object or a string');
}

function cors() {
  return union(
    [
      boolean(),
      strictObject({
        origin: optional(string()),
        origins: optional(array(string())),
        headers: optional(array(string())),
        methods: optional(array(string())),
        allowCredentials: optional(boolean()),
        maxAge: optional(number()),
      }),
    ],
    { error: (iss) => `expected true or a CORS object (origin, headers, methods, ...), got ${describe(iss.input)}` },
  );
}

function authorizer() {
  return union(
    [
      string(),
      strictObject({
        name: optional(string()),
        arn: optional(stringOrIntrinsic()),
        type: optional(string()),
        authorizerId: optional(stringOrIntrinsic()),
        scopes: optional(array(string())),
        resultTtlInSeconds: optional(numberLike()),
        identitySource: optional(string()),
        identityValidationExpression: optional(string()),
        claims: optional(array(string())),
      }),
    ],
    { error: (iss) => `expected an authorizer: aws_iam, a function name, an ARN, or an object (name, arn, type, authorizerId, ...), got ${describe(iss.input)}` },
  );
}

function request() {
  return strictObject({
    template: optional(
      union([literal('lambda_proxy'), record(string(), stringOrIntrinsic())], {
        error: (iss) => `expected lambda_proxy or a map of content type to mapping template, got ${describe(iss.input)}`,
      }),
    ),
    // A JSON schema object, {schema, name, description}, or the key of a provider.apiGateway.request.schemas model.
    schemas: optional(record(string(), union([string(), plainObject()], { error: (iss) => `expected a JSON schema object, {schema, name, description} or the name of a provider model, got ${describe(iss.input)}` }))),
  });
}

function response() {
  return strictObject({
    headers: optional(record(string(), string())),
    template: optional(record(string(), string())),
  });
}

function responses() {
  return record(
    string(),
    strictObject({
      statusCode: optional(numberLike()),
      selectionPattern: optional(string()),
      responseParameters: optional(record(string(), string())),
      responseTemplates: optional(record(string(), string())),
    }),
  );
}

export function buildHttpObject() {
  return strictObject({
    path: string(),
    method: httpMethod(),
    action: optional(string()),
    // stepf: StartSyncExecution for EXPRESS machines, the execution output as the HTTP response.
    sync: optional(boolean()),
    iamRole: optional(awsArn()),
    timeoutInMillis: optional(number()),
    private: optional(boolean()),
    integration: optional(
      leaf<string>((v) => typeof v === 'string' && INTEGRATIONS.includes(v.toLowerCase()), `an integration (${INTEGRATIONS.filter((i) => !i.includes('_')).join(', ')})`),
    ),
    request: optional(request()),
    response: optional(response()),
    responses: optional(responses()),
    cors: optional(cors()),
    authorizer: optional(authorizer()),
  });
}

export function buildHttpEvent() {
  return union([leaf<string>(isHttpShorthand, '"METHOD path" (e.g. "POST users/create")'), buildHttpObject()], {
    error: (iss) => `expected "METHOD path" (e.g. "POST users/create") or an object with path and method, got ${describe(iss.input)}`,
  });
}

export function buildScheduleObject() {
  return strictObject({
    // One expression, or a list of them (Serverless v3): one rule each.
    rate: leaf<unknown>(
      (v) => typeof v === 'string' || isIntrinsic(v) || (Array.isArray(v) && v.every((x) => typeof x === 'string' || isIntrinsic(x))),
      'a schedule expression, an intrinsic, or a list of them',
    ),
    enabled: optional(boolean()),
    input: optional(eventInput()),
    inputPath: optional(string()),
    inputTransformer: optional(buildInputTransformer()),
    name: optional(stringOrIntrinsic()),
    description: optional(stringOrIntrinsic()),
    role: optional(awsArn()),
    method: optional(oneOf(['eventBus', 'scheduler'])),
    timezone: optional(string()),
    retryPolicy: optional(buildRetryPolicy()),
  });
}

export function buildScheduleEvent() {
  return union([string(), buildScheduleObject()], {
    error: (iss) => `expected a schedule expression ("rate(10 minutes)", "cron(0 12 * * ? *)") or an object with rate, got ${describe(iss.input)}`,
  });
}

/** `cloudwatchEvent` and `eventBridge` are handled identically by the plugin. */
export function buildRuleEvent() {
  return strictObject({
    event: plainObject('an event pattern object (source, detail-type, detail, ...)'),
    enabled: optional(boolean()),
    input: optional(eventInput()),
    inputPath: optional(string()),
    inputTransformer: optional(buildInputTransformer()),
    description: optional(stringOrIntrinsic()),
    name: optional(stringOrIntrinsic()),
    eventBusName: optional(stringOrIntrinsic()),
    iamRole: optional(awsArn()),
    deadLetterConfig: optional(awsArn('arn:aws:sqs:us-east-1:123456789012:my-dlq')),
    retryPolicy: optional(buildRetryPolicy()),
  });
}

export const EVENT_TYPES = ['http', 'httpApi', 'schedule', 'cloudwatchEvent', 'eventBridge'] as const;

/** One item of `events:`; exactly one event type per item is checked in rules.ts. */
export function buildEventItem() {
  const rule = optional(buildRuleEvent());
  return strictObject(
    {
      http: optional(buildHttpEvent()),
      httpApi: optional(buildHttpApiEvent()),
      schedule: optional(buildScheduleEvent()),
      cloudwatchEvent: rule,
      eventBridge: rule,
    },
    { error: (iss) => (iss.code === 'invalid_type' ? `expected an event such as {http: ...}, {httpApi: ...}, {schedule: ...}, {cloudwatchEvent: ...} or {eventBridge: ...}, got ${describe(iss.input)}` : undefined) },
  );
}

export type HttpEvent = output<ReturnType<typeof buildHttpEvent>>;
export type HttpEventObject = output<ReturnType<typeof buildHttpObject>>;
export type ScheduleEvent = output<ReturnType<typeof buildScheduleEvent>>;
export type ScheduleEventObject = output<ReturnType<typeof buildScheduleObject>>;
export type RuleEvent = output<ReturnType<typeof buildRuleEvent>>;
export type CloudWatchEvent = RuleEvent;
export type EventBridgeEvent = RuleEvent;
export type EventItem = output<ReturnType<typeof buildEventItem>>;
export type InputTransformer = output<ReturnType<typeof buildInputTransformer>>;
export type RetryPolicy = output<ReturnType<typeof buildRetryPolicy>>;
