import { array, enum as oneOf, optional, pipe, strictObject, string, transform } from 'zod/mini';
import type { output } from 'zod/mini';
import { awsArn, boolean, deferred, describe, isPlainObject, leaf, number, oneOrMany, stringOrIntrinsic, tagMap } from './common.js';
import { buildIamStatement } from './iam.js';
import { buildEventItem } from './events.js';
import { buildAlarms } from './alarms.js';
import { buildNotifications } from './notifications.js';
import { buildAlias } from './aliases.js';

/**
 * `definition`: an object, or a string holding JSON (parsed here, so the compiler always gets an object;
 * the plugin passed strings through unparsed). The ASL inside is checked by src/validate, not here.
 */
export function buildDefinition() {
  return pipe(
    leaf<string | Record<string, unknown>>(
      (v) => typeof v === 'string' || isPlainObject(v),
      'the state machine definition: an object (StartAt, States, ...) or a JSON string',
    ),
    transform((v: string | Record<string, unknown>, ctx): Record<string, unknown> => {
      if (typeof v !== 'string') return v;
      let parsed: unknown;
      try {
        parsed = JSON.parse(v);
      } catch (err) {
        ctx.issues.push({
          code: 'custom',
          input: v,
          message: `the definition is a string but not valid JSON (${(err as Error).message})`,
          params: { stepf: 'invalid-json', hint: 'write the definition as YAML under `definition:`, or fix the JSON (quotes, commas, brackets)' },
        });
        return {};
      }
      if (!isPlainObject(parsed)) {
        ctx.issues.push({
          code: 'custom',
          input: v,
          message: `the definition string holds JSON, but ${describe(parsed)} rather than an object with StartAt and States`,
          params: { stepf: 'invalid-json' },
        });
        return {};
      }
      return parsed;
    }),
  );
}

export function buildLoggingConfig() {
  return strictObject({
    level: optional(oneOf(['ALL', 'ERROR', 'FATAL', 'OFF'])),
    includeExecutionData: optional(boolean()),
    destinations: optional(array(awsArn('arn:aws:logs:us-east-1:123456789012:log-group:name:*'))),
  });
}

export function buildTracingConfig() {
  return strictObject({ enabled: optional(boolean()) });
}

export function buildEncryptionConfig() {
  return strictObject({
    KmsKeyId: optional(stringOrIntrinsic()),
    KmsDataKeyReusePeriodSeconds: optional(number()),
    Type: optional(oneOf(['AWS_OWNED_KEY', 'CUSTOMER_MANAGED_KMS_KEY'])),
  });
}

/**
 * `stepFunctions.stateMachines.<key>`: every key the plugin accepts; anything else is an error.
 * The larger optional families are built on first use, so configs without them never pay.
 */
export function buildStateMachine() {
  return strictObject({
    definition: buildDefinition(),
    name: optional(string()),
    id: optional(string()),
    type: optional(oneOf(['STANDARD', 'EXPRESS'])),
    role: optional(awsArn()),
    iamRoleStatements: deferred(() => array(buildIamStatement())),
    kmsKeyArns: optional(array(awsArn('arn:aws:kms:us-east-1:123456789012:key/id'))),
    encryptionConfig: optional(buildEncryptionConfig()),
    loggingConfig: optional(buildLoggingConfig()),
    tracingConfig: optional(buildTracingConfig()),
    tags: optional(tagMap()),
    inheritGlobalTags: optional(boolean()),
    dependsOn: optional(oneOrMany(string(), 'a logical ID or a list of logical IDs')),
    retain: optional(boolean()),
    useExactVersion: optional(boolean()),
    configureTaskTimeouts: optional(boolean()),
    events: deferred(() => array(buildEventItem())),
    alarms: deferred(buildAlarms),
    notifications: deferred(buildNotifications),
    versions: optional(boolean()),
    aliases: deferred(() => array(buildAlias())),
  });
}

export type StateMachineConfig = output<ReturnType<typeof buildStateMachine>>;
export type LoggingConfig = output<ReturnType<typeof buildLoggingConfig>>;
export type TracingConfig = output<ReturnType<typeof buildTracingConfig>>;
export type EncryptionConfig = output<ReturnType<typeof buildEncryptionConfig>>;
