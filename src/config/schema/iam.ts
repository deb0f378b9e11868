import { array, enum as oneOf, optional, record, strictObject, string, union, unknown } from 'zod/mini';
import type { output } from 'zod/mini';
import { describe, isIntrinsic, isPlainObject, leaf, stringOrIntrinsic } from './common.js';

/** Action / Resource style values: one string or intrinsic, or a list of them. */
function stringsOrIntrinsics(what: string) {
  const item = stringOrIntrinsic();
  return union([item, array(item)], { error: (iss) => `expected ${what}, got ${describe(iss.input)}` });
}

/** `"*"`, `{AWS: ..., Service: ..., Federated: ..., CanonicalUser: ...}`, or an intrinsic. */
function principal() {
  return leaf<string | Record<string, unknown>>(
    (v) => v === '*' || isIntrinsic(v) || (isPlainObject(v) && Object.keys(v).length > 0),
    'a principal: "*" or an object such as {AWS: ..., Service: ...}',
  );
}

/**
 * One IAM policy statement, with every field IAM allows (the plugin accepted only Effect/Action/
 * Resource). Which of Action/NotAction and Resource/NotResource is present is checked in rules.ts,
 * so every problem is reported together.
 */
export function buildIamStatement() {
  return strictObject({
    Sid: optional(string()),
    Effect: oneOf(['Allow', 'Deny']),
    Action: optional(stringsOrIntrinsics('an action ("states:StartExecution") or a list of actions')),
    NotAction: optional(stringsOrIntrinsics('an action or a list of actions')),
    Resource: optional(stringsOrIntrinsics('a resource ARN, "*", an intrinsic function, or a list of them')),
    NotResource: optional(stringsOrIntrinsics('a resource ARN, "*", an intrinsic function, or a list of them')),
    Principal: optional(principal()),
    NotPrincipal: optional(principal()),
    Condition: optional(record(string(), record(string(), unknown()))),
  });
}

export type IamStatement = output<ReturnType<typeof buildIamStatement>>;
