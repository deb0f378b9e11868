import { array, optional, strictObject, string, union } from 'zod/mini';
import type { output } from 'zod/mini';
import { describe, isIntrinsic, leaf, type Intrinsic, stringish } from './common.js';
import { buildInputTransformer } from './events.js';

export const EXECUTION_STATUSES = ['ABORTED', 'FAILED', 'RUNNING', 'SUCCEEDED', 'TIMED_OUT'] as const;
export const NOTIFICATION_TARGETS = ['sns', 'sqs', 'kinesis', 'firehose', 'lambda', 'stepFunctions'] as const;

/** Target ARNs take any string (the plugin's notification schema does), or an intrinsic. */
function target() {
  return leaf<string | Intrinsic>((v) => typeof v === 'string' || isIntrinsic(v), 'an ARN or an intrinsic function (Ref, Fn::GetAtt, ...)');
}

function withParams<S extends Parameters<typeof strictObject>[0]>(shape: S, what: string) {
  return union([target(), strictObject(shape)], { error: (iss) => `expected ${what}, got ${describe(iss.input)}` });
}

export function buildNotificationTarget() {
  return strictObject({
    sns: optional(target()),
    sqs: optional(withParams({ arn: target(), messageGroupId: stringish() }, 'a queue ARN, an intrinsic, or {arn, messageGroupId}')),
    kinesis: optional(withParams({ arn: target(), partitionKeyPath: optional(string()) }, 'a stream ARN, an intrinsic, or {arn, partitionKeyPath}')),
    firehose: optional(target()),
    lambda: optional(target()),
    stepFunctions: optional(target()),
    inputPath: optional(string()),
    inputTransformer: optional(buildInputTransformer()),
  });
}

export function buildNotifications() {
  const targets = optional(array(buildNotificationTarget()));
  return strictObject({ ABORTED: targets, FAILED: targets, RUNNING: targets, SUCCEEDED: targets, TIMED_OUT: targets });
}

export type NotificationTarget = output<ReturnType<typeof buildNotificationTarget>>;
export type NotificationsConfig = output<ReturnType<typeof buildNotifications>>;
