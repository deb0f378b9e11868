import type { ALARM_METRICS as METRIC_NAMES } from '../config/schema/alarms.js';
import { error, type EventContext, machinePath, userValue } from './events/common.js';
import type { MachineModel } from './model.js';
import { alarmLogicalId, machineLogicalId } from './naming.js';

/**
 * `alarms` (reference §6.1): one CloudWatch alarm per metric on the machine's AWS/States metrics. Where the
 * plugin only logged a malformed config or an unknown metric and made no alarm, stepf stops with an error:
 * the schema (config/schema/alarms.ts) checks keys, metric names, treatMissingData and period; what is left
 * here is what it cannot judge (no topic, no metric, a name template's variables, logical IDs).
 */

/** The CloudWatch name and the words of each metric the schema allows (typed by its list, so they cannot drift). */
export const ALARM_METRICS: Record<(typeof METRIC_NAMES)[number], { cw: string; text: string }> = {
  executionsTimedOut: { cw: 'ExecutionsTimedOut', text: 'executions timed out' },
  executionsFailed: { cw: 'ExecutionsFailed', text: 'executions failed' },
  executionsAborted: { cw: 'ExecutionsAborted', text: 'executions were aborted' },
  executionThrottled: { cw: 'ExecutionThrottled', text: 'execution were throttled' },
  executionsSucceeded: { cw: 'ExecutionsSucceeded', text: 'executions succeeded' },
};

export function compileAlarms(ctx: EventContext, m: MachineModel): void {
  // The schema's typed output (pipeline.ts checked stepFunctions before compile).
  const cfg = m.alarms;
  if (cfg === undefined || cfg === null) return;
  const path = machinePath(m, 'alarms');
  // Topics, metrics, nameTemplate's variables and logicalIds are checked by the schema (config/schema/rules.ts).
  const topics = cfg.topics;
  const defaultTreat = cfg.treatMissingData ?? 'missing';
  const defaultPeriod = cfg.period ?? 60;
  const nameTemplate = cfg.nameTemplate;

  const actions = (k: 'ok' | 'alarm' | 'insufficientData') => (topics[k] !== undefined ? [userValue(ctx, topics[k], [...path, 'topics', k])] : []);
  const okActions = actions('ok');
  const alarmActions = actions('alarm');
  const insufficientActions = actions('insufficientData');
  const stateMachineName = m.name ?? m.key;
  const smId = machineLogicalId(m);
  const seen = new Map<string, number>();
  const seenJson = new Set<string>();

  cfg.metrics.forEach((raw, i) => {
    const mPath = [...path, 'metrics', i];
    // The plugin de-duplicated identical entries; keep that.
    const key = JSON.stringify(raw);
    if (seenJson.has(key)) return;
    seenJson.add(key);
    const obj = typeof raw === 'string' ? { metric: raw } : raw;
    const name = obj.metric;
    const { cw, text } = ALARM_METRICS[name];
    const logicalId = obj.logicalId ?? alarmLogicalId(m, cw);
    const other = seen.get(logicalId);
    if (other !== undefined) {
      return error(ctx, mPath, `alarms.metrics[${other}] and [${i}] both make the alarm ${logicalId}`, 'give one of them its own `logicalId`', 'duplicate-logical-id');
    }
    if (logicalId in ctx.template.Resources) {
      return error(ctx, mPath, `the alarm's logical ID ${logicalId} is already used in stepf's stack`, 'give the metric its own `logicalId`', 'duplicate-logical-id');
    }
    seen.set(logicalId, i);
    const treat = obj.treatMissingData ?? defaultTreat;
    const per = obj.period ?? defaultPeriod;
    const alarmName =
      obj.alarmName ??
      nameTemplate?.replace(/\$\[([^\][]*)\]/g, (_s, v: string) => ({ stateMachineName, cloudWatchMetricName: cw, metricName: name })[v] ?? '');
    ctx.template.Resources[logicalId] = {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        Namespace: 'AWS/States',
        MetricName: cw,
        AlarmDescription: `${stateMachineName}[${ctx.svc.stage}][${ctx.svc.region}]: ${text}`,
        Threshold: 1,
        Period: per,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Statistic: 'Sum',
        OKActions: okActions,
        AlarmActions: alarmActions,
        InsufficientDataActions: insufficientActions,
        TreatMissingData: treat,
        Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: smId } }],
        ...(alarmName ? { AlarmName: userValue(ctx, alarmName, [...mPath, 'alarmName']) } : {}),
      },
    };
  });
}
