import { array, enum as oneOf, optional, pipe, strictObject, string, union } from 'zod/mini';
import type { output } from 'zod/mini';
import { describe, isIntrinsic, leaf, number, type Intrinsic } from './common.js';

export const ALARM_METRICS = ['executionsTimedOut', 'executionsFailed', 'executionsAborted', 'executionThrottled', 'executionsSucceeded'] as const;
const TREAT_MISSING_DATA = ['missing', 'ignore', 'breaching', 'notBreaching'] as const;

/** Alarm topics take any string (not only `arn:`), as the plugin's alarm schema does. */
function topic() {
  return leaf<string | Intrinsic>(
    (v) => typeof v === 'string' || isIntrinsic(v),
    'an SNS topic ARN or an intrinsic function (Ref, Fn::GetAtt, Fn::Sub, ...)',
  );
}

function period() {
  return pipe(
    number(),
    leaf<number>((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1, 'a whole number of seconds (1 or more)'),
  );
}

export function buildAlarms() {
  const metricName = oneOf(ALARM_METRICS);
  return strictObject({
    topics: strictObject({
      ok: optional(topic()),
      alarm: optional(topic()),
      insufficientData: optional(topic()),
    }),
    metrics: array(
      union(
        [
          metricName,
          strictObject({
            metric: metricName,
            logicalId: optional(string()),
            alarmName: optional(string()),
            treatMissingData: optional(oneOf(TREAT_MISSING_DATA)),
            period: optional(period()),
          }),
        ],
        { error: (iss) => `expected a metric name (${ALARM_METRICS.join(', ')}) or an object with metric, got ${describe(iss.input)}` },
      ),
    ),
    nameTemplate: optional(string()),
    treatMissingData: optional(oneOf(TREAT_MISSING_DATA)),
    period: optional(period()),
  });
}

export type AlarmsConfig = output<ReturnType<typeof buildAlarms>>;
