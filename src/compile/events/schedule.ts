import type { ScheduleEvent, ScheduleEventObject } from '../../config/schema/index.js';
import type { MachineModel } from '../model.js';
import {
  schedulePolicyName,
  scheduleRoleLogicalId,
  scheduleRuleLogicalId,
  schedulerScheduleLogicalId,
  scheduleTargetId,
} from '../naming.js';
import type { Resource } from '../types.js';
import {
  compileInput,
  compileInputTransformer,
  compileRetryPolicy,
  error,
  type EventContext,
  machinePath,
  type Path,
  serviceRole,
  startExecutionStatement,
  startTarget,
  userValue,
} from './common.js';

/** `schedule` events (reference §5.2): an EventBridge rule, or with `method: scheduler` an EventBridge Scheduler schedule. */

const PRINCIPAL = { eventBus: 'events.amazonaws.com', scheduler: 'scheduler.amazonaws.com' } as const;

/** Why an expression is wrong, or undefined when EventBridge would take it. `at(...)` is Scheduler only. */
export function scheduleExpressionProblem(expr: string, method: 'eventBus' | 'scheduler'): string | undefined {
  const rate = /^rate\((.*)\)$/.exec(expr);
  if (rate) {
    const m = /^\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*$/.exec(rate[1]);
    if (!m) return 'a rate is `rate(<n> minute|minutes|hour|hours|day|days)`';
    const n = Number(m[1]);
    if (n < 1) return 'a rate must be at least 1';
    const plural = m[2].endsWith('s');
    if (n === 1 && plural) return `write rate(1 ${m[2].slice(0, -1)}): AWS rejects the plural for 1`;
    if (n > 1 && !plural) return `write rate(${n} ${m[2]}s): AWS rejects the singular for more than 1`;
    return undefined;
  }
  const cron = /^cron\((.*)\)$/.exec(expr);
  if (cron) {
    const fields = cron[1].trim().split(/\s+/);
    if (fields.length !== 6) return `a cron expression has 6 fields (minutes hours day-of-month month day-of-week year); this one has ${fields.length}`;
    if (fields[2] !== '?' && fields[4] !== '?') return 'cron: one of day-of-month (3rd field) and day-of-week (5th field) must be ?';
    return undefined;
  }
  if (/^at\(.*\)$/.test(expr)) {
    return method === 'scheduler' ? undefined : 'at(...) one-time schedules need `method: scheduler`';
  }
  return 'a schedule is rate(...) or cron(...)' + (method === 'scheduler' ? ' or at(...)' : '');
}

/** One rule or schedule: the event's settings (as the schema typed them) with one of its expressions. */
interface ScheduleSpec extends Omit<ScheduleEventObject, 'rate' | 'method' | 'enabled'> {
  index: number;
  path: Path;
  method: 'eventBus' | 'scheduler';
  expression: string;
  enabled: boolean;
}

/**
 * One spec per schedule expression (a `rate` list gives several), or undefined after reporting an error. The
 * schema (config/schema/events.ts, rules.ts) has checked keys, types and the input and scheduler-only
 * combinations; what is left is the expression itself and what depends on how many there are.
 */
function parseSchedule(ctx: EventContext, m: MachineModel, value: ScheduleEvent, index: number): ScheduleSpec[] | undefined {
  const path = machinePath(m, 'events', index, 'schedule');
  if (typeof value === 'string') {
    const problem = scheduleExpressionProblem(value, 'eventBus');
    if (problem) return void error(ctx, path, `invalid schedule "${value}": ${problem}`, 'e.g. schedule: rate(10 minutes) or cron(0 12 * * ? *)');
    return [{ index, path, method: 'eventBus', expression: value, enabled: true }];
  }
  const method = value.method ?? 'eventBus';
  // Serverless v3 takes a list of expressions (`rate: [cron(0 6 * * ? *), rate(1 day)]`): one rule each.
  const rates = Array.isArray(value.rate) ? value.rate : [value.rate];
  if (rates.length === 0 || rates.some((r) => typeof r !== 'string')) {
    return void error(ctx, [...path, 'rate'], `missing "rate" for the schedule event of state machine ${m.key}`, 'e.g. rate: rate(10 minutes), rate: cron(0 12 * * ? *), or a list of them');
  }
  for (const [i, rate] of (rates as string[]).entries()) {
    const problem = scheduleExpressionProblem(rate, method);
    const at = Array.isArray(value.rate) ? [...path, 'rate', i] : [...path, 'rate'];
    if (problem) return void error(ctx, at, `invalid schedule "${rate}": ${problem}`, 'e.g. rate: rate(10 minutes) or rate: cron(0 12 * * ? *)');
  }
  if (rates.length > 1 && value.name !== undefined) {
    // Every rule would get the same Name, which CloudFormation refuses (Serverless v3 refuses it for functions too).
    return void error(ctx, [...path, 'name'], 'a schedule with more than one rate expression cannot have a name: each expression is its own rule, and rule names are unique', 'remove name, or write one schedule event per expression, each with its own name');
  }
  const { rate: _rate, method: _method, enabled, ...settings } = value;
  return (rates as string[]).map((expression) => ({ ...settings, index, path, method, expression, enabled: enabled ?? true }));
}

/** Compiles the machine's schedule events into ctx.template. */
export function compileSchedules(ctx: EventContext, m: MachineModel): void {
  const specs: ScheduleSpec[] = [];
  (m.events ?? []).forEach((e, i) => {
    if (e.schedule === undefined) return;
    const parsed = parseSchedule(ctx, m, e.schedule, i);
    // Numbering counts every expression (as Serverless numbers a function's), valid or not, so IDs do not
    // shift while the user fixes one.
    const rate = typeof e.schedule === 'string' ? undefined : e.schedule.rate;
    specs.push(...(parsed ?? Array.from({ length: Array.isArray(rate) ? Math.max(rate.length, 1) : 1 }, () => ({ index: -1 }) as ScheduleSpec)));
  });
  if (!specs.length) return;
  const roleId = scheduleRoleLogicalId(m.key);
  const { svc } = ctx;
  const principals = new Set<string>();

  specs.forEach((s, i) => {
    if (s.index < 0) return;
    const n = i + 1;
    const roleArn = s.role !== undefined ? userValue(ctx, s.role, [...s.path, 'role']) : { 'Fn::GetAtt': [roleId, 'Arn'] };
    if (s.role === undefined) principals.add(PRINCIPAL[s.method]);
    const input = s.input !== undefined ? compileInput(ctx, s.input, [...s.path, 'input']) : undefined;
    const common = {
      ...(s.name !== undefined ? { Name: userValue(ctx, s.name, [...s.path, 'name']) } : {}),
      ...(s.description !== undefined ? { Description: userValue(ctx, s.description, [...s.path, 'description']) } : {}),
    };
    const retry = compileRetryPolicy(s.retryPolicy);
    let resource: Resource;
    if (s.method === 'scheduler') {
      resource = {
        Type: 'AWS::Scheduler::Schedule',
        Properties: {
          ScheduleExpression: s.expression,
          State: s.enabled ? 'ENABLED' : 'DISABLED',
          ...(s.timezone !== undefined ? { ScheduleExpressionTimezone: s.timezone } : {}),
          ...common,
          Target: {
            Arn: startTarget(m),
            RoleArn: roleArn,
            ...(input !== undefined ? { Input: input } : {}),
            // The plugin dropped retryPolicy in scheduler mode; Scheduler targets take it.
            ...(retry ? { RetryPolicy: retry } : {}),
          },
          FlexibleTimeWindow: { Mode: 'OFF' },
        },
      };
      ctx.template.Resources[schedulerScheduleLogicalId(m.key, n)] = resource;
    } else {
      const transformer = s.inputTransformer !== undefined ? compileInputTransformer(ctx, s.inputTransformer, [...s.path, 'inputTransformer']) : undefined;
      resource = {
        Type: 'AWS::Events::Rule',
        Properties: {
          ScheduleExpression: s.expression,
          State: s.enabled ? 'ENABLED' : 'DISABLED',
          ...common,
          Targets: [
            {
              ...(input !== undefined ? { Input: input } : {}),
              ...(s.inputPath !== undefined ? { InputPath: s.inputPath } : {}),
              ...(transformer ? { InputTransformer: transformer } : {}),
              Arn: startTarget(m),
              Id: scheduleTargetId(m.key),
              ...(retry ? { RetryPolicy: retry } : {}),
              RoleArn: roleArn,
            },
          ],
        },
      };
      ctx.template.Resources[scheduleRuleLogicalId(m.key, n)] = resource;
    }
  });

  if (principals.size) {
    // One role per machine, as the plugin names it; it trusts every service that uses it (the plugin kept only the last).
    ctx.template.Resources[roleId] = serviceRole(ctx, [...principals].sort(), schedulePolicyName(svc.stage, svc.region, svc.service, m.key), [
      startExecutionStatement([m]),
    ]);
  }
}
