import { didYouMean } from '../util/did-you-mean.js';
import { checkKeys, error, type EventContext, isArnLike, isObject, machinePath, type Path, userValue } from './events/common.js';
import type { MachineModel } from './model.js';
import { alarmLogicalId, machineLogicalId } from './naming.js';

/**
 * `alarms` (reference §6.1): one CloudWatch alarm per metric on the machine's AWS/States metrics. Where the
 * plugin only logged a malformed config or an unknown metric and made no alarm, stepf stops with an error.
 */

export const ALARM_METRICS = {
  executionsTimedOut: { cw: 'ExecutionsTimedOut', text: 'executions timed out' },
  executionsFailed: { cw: 'ExecutionsFailed', text: 'executions failed' },
  executionsAborted: { cw: 'ExecutionsAborted', text: 'executions were aborted' },
  executionThrottled: { cw: 'ExecutionThrottled', text: 'execution were throttled' },
  executionsSucceeded: { cw: 'ExecutionsSucceeded', text: 'executions succeeded' },
} as const;
type MetricName = keyof typeof ALARM_METRICS;

const TREAT_MISSING = ['missing', 'ignore', 'breaching', 'notBreaching'];
const TEMPLATE_VARS = ['stateMachineName', 'cloudWatchMetricName', 'metricName'];

function metricName(ctx: EventContext, v: unknown, path: Path): MetricName | undefined {
  if (typeof v === 'string' && v in ALARM_METRICS) return v as MetricName;
  const near = typeof v === 'string' ? didYouMean(v, Object.keys(ALARM_METRICS)) : undefined;
  error(
    ctx,
    path,
    `unknown alarm metric ${JSON.stringify(v)}`,
    near ? `did you mean "${near}"?` : `the metrics are ${Object.keys(ALARM_METRICS).join(', ')}`,
    'unknown-metric',
  );
  return undefined;
}

function treatMissing(ctx: EventContext, v: unknown, path: Path): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string' && TREAT_MISSING.includes(v)) return v;
  error(ctx, path, `treatMissingData must be one of ${TREAT_MISSING.join(', ')}`);
  return undefined;
}

function period(ctx: EventContext, v: unknown, path: Path): number | undefined {
  if (v === undefined) return undefined;
  if (Number.isInteger(v) && (v as number) >= 1) return v as number;
  error(ctx, path, 'period must be a whole number of seconds (10, 30, or a multiple of 60)');
  return undefined;
}

export function compileAlarms(ctx: EventContext, m: MachineModel): void {
  const cfg = m.alarms;
  if (cfg === undefined || cfg === null) return;
  const path = machinePath(m, 'alarms');
  if (!isObject(cfg)) return error(ctx, path, 'alarms must be an object with topics and metrics');
  checkKeys(ctx, cfg, ['topics', 'metrics', 'nameTemplate', 'treatMissingData', 'period'], path, 'alarms');
  const errorsBefore = ctx.errors.length;

  const topics = cfg.topics;
  if (!isObject(topics) || !['ok', 'alarm', 'insufficientData'].some((k) => topics[k] !== undefined)) {
    error(ctx, [...path, 'topics'], 'alarms need topics with at least one of ok, alarm, insufficientData', 'topics: { alarm: arn:aws:sns:us-east-1:123456789012:alerts }');
  } else {
    checkKeys(ctx, topics, ['ok', 'alarm', 'insufficientData'], [...path, 'topics'], 'alarms.topics');
    for (const k of ['ok', 'alarm', 'insufficientData']) {
      if (topics[k] !== undefined && !isArnLike(topics[k])) error(ctx, [...path, 'topics', k], `topics.${k} must be an SNS topic ARN (or an intrinsic)`);
    }
  }
  if (!Array.isArray(cfg.metrics) || cfg.metrics.length === 0) {
    error(ctx, [...path, 'metrics'], 'alarms need metrics: a list of at least one metric', `the metrics are ${Object.keys(ALARM_METRICS).join(', ')}`);
  }
  const defaultTreat = treatMissing(ctx, cfg.treatMissingData, [...path, 'treatMissingData']) ?? 'missing';
  const defaultPeriod = period(ctx, cfg.period, [...path, 'period']) ?? 60;
  let nameTemplate: string | undefined;
  if (cfg.nameTemplate !== undefined) {
    if (typeof cfg.nameTemplate !== 'string') error(ctx, [...path, 'nameTemplate'], 'nameTemplate must be a string');
    else {
      nameTemplate = cfg.nameTemplate;
      for (const v of cfg.nameTemplate.match(/(?<=\$\[)[^\][]*(?=])/g) ?? []) {
        if (!TEMPLATE_VARS.includes(v)) {
          const near = didYouMean(v, TEMPLATE_VARS);
          error(ctx, [...path, 'nameTemplate'], `nameTemplate uses $[${v}], which is not a variable`, near ? `did you mean $[${near}]?` : `the variables are ${TEMPLATE_VARS.map((x) => `$[${x}]`).join(', ')}`);
        }
      }
    }
  }
  if (ctx.errors.length > errorsBefore || !Array.isArray(cfg.metrics) || !isObject(topics)) return;

  const actions = (k: string) => (topics[k] !== undefined ? [userValue(ctx, topics[k], [...path, 'topics', k])] : []);
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
    let name: MetricName | undefined;
    let obj: Record<string, unknown> = {};
    if (isObject(raw)) {
      checkKeys(ctx, raw, ['metric', 'logicalId', 'alarmName', 'treatMissingData', 'period'], mPath, 'an alarm metric');
      obj = raw;
      name = metricName(ctx, raw.metric, [...mPath, 'metric']);
    } else name = metricName(ctx, raw, mPath);
    if (!name) return;
    const { cw, text } = ALARM_METRICS[name];
    const logicalId = typeof obj.logicalId === 'string' ? obj.logicalId : alarmLogicalId(m, cw);
    if (obj.logicalId !== undefined && (typeof obj.logicalId !== 'string' || !/^[A-Za-z0-9]+$/.test(obj.logicalId))) {
      return error(ctx, [...mPath, 'logicalId'], 'logicalId must be letters and digits only (a CloudFormation logical ID)');
    }
    const other = seen.get(logicalId);
    if (other !== undefined) {
      return error(ctx, mPath, `alarms.metrics[${other}] and [${i}] both make the alarm ${logicalId}`, 'give one of them its own `logicalId`', 'duplicate-logical-id');
    }
    if (logicalId in ctx.template.Resources) {
      return error(ctx, mPath, `the alarm's logical ID ${logicalId} is already used in stepf's stack`, 'give the metric its own `logicalId`', 'duplicate-logical-id');
    }
    seen.set(logicalId, i);
    const treat = treatMissing(ctx, obj.treatMissingData, [...mPath, 'treatMissingData']) ?? defaultTreat;
    const per = period(ctx, obj.period, [...mPath, 'period']) ?? defaultPeriod;
    if (obj.alarmName !== undefined && typeof obj.alarmName !== 'string') return error(ctx, [...mPath, 'alarmName'], 'alarmName must be a string');
    const alarmName =
      (obj.alarmName as string | undefined) ??
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
