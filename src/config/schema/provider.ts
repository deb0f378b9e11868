import { array, enum as oneOf, looseObject, optional, record, strictObject, string, union } from 'zod/mini';
import type { output } from 'zod/mini';
import { awsArn, boolean, describe, leaf, number, oneOrMany, plainObject, stringOrIntrinsic, tagMap } from './common.js';
import { buildHttpApiLogs, buildProviderHttpApi } from './http-api.js';

function statements(what: string) {
  return array(plainObject(what));
}

function apiKeys() {
  return array(
    union([string(), looseObject({ name: optional(string()), value: optional(string()) })], {
      error: (iss) => `expected an API key name or {name, value}, got ${describe(iss.input)}`,
    }),
  );
}

function usagePlan() {
  return looseObject({
    quota: optional(looseObject({ limit: optional(number()), offset: optional(number()), period: optional(oneOf(['DAY', 'WEEK', 'MONTH'])) })),
    throttle: optional(looseObject({ burstLimit: optional(number()), rateLimit: optional(number()) })),
  });
}

/** The provider keys both apiGateway.* and provider.* spell (the plugin reads either). */
function apiGatewayShared() {
  return {
    resourcePolicy: optional(statements('a resource policy statement object')),
    apiKeys: optional(apiKeys()),
    // The Serverless Framework also allows a list of named usage plans.
    usagePlan: optional(union([usagePlan(), array(record(string(), usagePlan()))], { error: (iss) => `expected a usage plan object (quota, throttle) or a list of named plans, got ${describe(iss.input)}` })),
  };
}

/**
 * `provider:`, leniently: only the keys stepf reads are typed; the rest of provider (runtime,
 * environment, vpc...) belongs to the Serverless Framework and passes through unchecked.
 */
export function buildProvider() {
  return looseObject({
    stage: optional(string()),
    region: optional(string()),
    stackName: optional(string()),
    profile: optional(string()),
    tags: optional(tagMap()),
    stackTags: optional(tagMap()),
    rolePermissionsBoundary: optional(awsArn('arn:aws:iam::123456789012:policy/boundary')),
    iam: optional(
      looseObject({
        // `iam.role` may also be the ARN of a role for functions; stepf reads only the object form.
        role: optional(
          union([stringOrIntrinsic(), looseObject({ path: optional(string()), permissionsBoundary: optional(awsArn('arn:aws:iam::123456789012:policy/boundary')) })], {
            error: (iss) => `expected a role ARN or an object (path, permissionsBoundary, statements, ...), got ${describe(iss.input)}`,
          }),
        ),
        deploymentRole: optional(awsArn()),
      }),
    ),
    deploymentBucket: optional(
      union([string(), looseObject({ name: optional(string()) })], { error: (iss) => `expected a bucket name or an object with name, got ${describe(iss.input)}` }),
    ),
    stackPolicy: optional(statements('a stack policy statement object')),
    notificationArns: optional(array(string())),
    apiName: optional(string()),
    apiGateway: optional(
      looseObject({
        restApiId: optional(stringOrIntrinsic()),
        restApiRootResourceId: optional(stringOrIntrinsic()),
        restApiResources: optional(record(string(), stringOrIntrinsic())),
        shouldStartNameWithService: optional(boolean()),
        timeoutInMillis: optional(number()),
        request: optional(looseObject({ schemas: optional(record(string(), plainObject('a model: {name, schema, description}'))) })),
        ...apiGatewayShared(),
      }),
    ),
    httpApi: optional(buildProviderHttpApi()),
    // Only logs.httpApi is stepf's (restApi, websocket, lambda, ... logs belong to the Serverless stack).
    logs: optional(looseObject({ httpApi: optional(buildHttpApiLogs()) })),
    endpointType: optional(leaf<string>((v) => typeof v === 'string' && ['REGIONAL', 'EDGE', 'PRIVATE'].includes(v.toUpperCase()), 'REGIONAL, EDGE or PRIVATE')),
    vpcEndpointIds: optional(array(stringOrIntrinsic())),
    timeout: optional(number()),
    versionFunctions: optional(boolean()),
    logRetentionInDays: optional(number()),
    ...apiGatewayShared(),
  });
}

/** One block of custom.stepf.stackResources, as a part of `resources:` is written (a template's format version is ignored). */
function stackResourcesPart() {
  return strictObject({
    AWSTemplateFormatVersion: optional(string()),
    Resources: optional(record(string(), plainObject('a resource: {Type, Properties, ...}'))),
    Outputs: optional(record(string(), plainObject('an output: {Value, ...}'))),
    Conditions: optional(record(string(), plainObject('a condition: {Fn::Equals: [...]}, ...'))),
  });
}

/** `custom.stepf`: stepf's own settings. */
export function buildStepfCustom() {
  return strictObject({
    stackName: optional(string()),
    resources: optional(oneOf(['all', 'referenced'])),
    terminationProtection: optional(boolean()),
    /** Folder of `stepf test` files, relative to the service (default tests/stepf). */
    tests: optional(string()),
    protectedStages: optional(array(string())),
    requireApproval: optional(oneOf(['broadening', 'never'])),
    /** The most resources one stack holds before the service is split into nested stacks (CloudFormation's 500). */
    maxStackResources: optional(leaf<number>((v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 500, 'a whole number from 1 to 500')),
    /** Resources, Outputs and Conditions of stepf's stack alone: `serverless deploy` never reads custom.*, so never deploys them. */
    // As resources: is written: one block, or a list of them (`- ${file(./alarms.yml)}`).
    stackResources: optional(oneOrMany(stackResourcesPart(), 'Resources, Outputs and Conditions (or a list of such blocks)')),
  });
}

export type ProviderConfig = output<ReturnType<typeof buildProvider>>;
export type StepfCustom = output<ReturnType<typeof buildStepfCustom>>;
