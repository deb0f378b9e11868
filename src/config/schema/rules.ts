import type { ConfigPath, Diagnostic } from '../../errors.js';
import { didYouMean } from '../../util/did-you-mean.js';
import { isPlainObject } from './common.js';
import { EVENT_TYPES } from './events.js';
import { NOTIFICATION_TARGETS } from './notifications.js';
import { checkAliasRules } from './aliases.js';

/**
 * Checks across keys (one of, not both) that a per-key schema cannot express. They run on the raw
 * value, beside the schema, so a config with type errors still gets these reported in the same run.
 */

type Obj = Record<string, unknown>;

function present(o: Obj, keys: readonly string[]): string[] {
  return keys.filter((k) => o[k] !== undefined);
}

function quoteList(keys: readonly string[]): string {
  return keys.map((k) => `"${k}"`).join(', ');
}

function conflict(out: Diagnostic[], path: ConfigPath, message: string, hint?: string): void {
  out.push({ severity: 'error', code: 'conflict', path, message, ...(hint ? { hint } : {}) });
}

function missing(out: Diagnostic[], path: ConfigPath, message: string, hint?: string): void {
  out.push({ severity: 'error', code: 'missing-key', path, message, ...(hint ? { hint } : {}) });
}

function invalid(out: Diagnostic[], path: ConfigPath, message: string, hint?: string): void {
  out.push({ severity: 'error', code: 'invalid-event', path, message, ...(hint ? { hint } : {}) });
}

/** The variables an alarm's nameTemplate may use (`$[stateMachineName]-$[metricName]`). */
const ALARM_NAME_VARS = ['stateMachineName', 'cloudWatchMetricName', 'metricName'];

function checkInputs(o: Obj, path: ConfigPath, out: Diagnostic[]): void {
  const given = present(o, ['input', 'inputPath', 'inputTransformer']);
  if (given.length > 1) {
    conflict(out, [...path, given[1]], `${quoteList(given)} cannot be used together: an event target takes one of input, inputPath or inputTransformer`);
  }
}

function checkStatement(st: Obj, path: ConfigPath, out: Diagnostic[]): void {
  for (const [a, b] of [
    ['Action', 'NotAction'],
    ['Resource', 'NotResource'],
  ] as const) {
    if (st[a] !== undefined && st[b] !== undefined) conflict(out, [...path, b], `"${a}" and "${b}" cannot both be set in one statement`);
    else if (st[a] === undefined && st[b] === undefined) missing(out, path, `the statement has neither "${a}" nor "${b}"`, `add ${a}: ... to the statement`);
  }
  if (st.Principal !== undefined && st.NotPrincipal !== undefined) conflict(out, [...path, 'NotPrincipal'], '"Principal" and "NotPrincipal" cannot both be set in one statement');
}

function checkSchedule(s: Obj, path: ConfigPath, out: Diagnostic[]): void {
  checkInputs(s, path, out);
  const scheduler = s.method === 'scheduler';
  if (scheduler && s.inputTransformer !== undefined) conflict(out, [...path, 'inputTransformer'], '"inputTransformer" is not supported with method: scheduler', 'use input, or method: eventBus');
  if (scheduler && s.inputPath !== undefined) conflict(out, [...path, 'inputPath'], '"inputPath" is not supported with method: scheduler', 'use input, or method: eventBus');
  if (!scheduler && s.timezone !== undefined) conflict(out, [...path, 'timezone'], '"timezone" is only supported with method: scheduler', 'add method: scheduler to the schedule');
}

function checkHttp(h: Obj, path: ConfigPath, out: Diagnostic[]): void {
  if (isPlainObject(h.cors) && h.cors.origin !== undefined && h.cors.origins !== undefined) {
    conflict(out, [...path, 'cors', 'origins'], '"origin" and "origins" cannot be used together in cors', 'list every origin under origins');
  }
  const a = h.authorizer;
  if (isPlainObject(a)) {
    const iam = typeof a.type === 'string' && a.type.toUpperCase() === 'AWS_IAM';
    const shared = a.type !== undefined && a.authorizerId !== undefined;
    if (!iam && !shared && a.name === undefined && a.arn === undefined) {
      missing(out, [...path, 'authorizer'], 'the authorizer needs a name (a function in this service), an arn, or type with authorizerId');
    }
  }
}

function checkEvent(ev: Obj, path: ConfigPath, out: Diagnostic[]): void {
  const kinds = present(ev, EVENT_TYPES);
  const others = Object.keys(ev).filter((k) => !(EVENT_TYPES as readonly string[]).includes(k));
  if (kinds.length === 0 && others.length === 0) {
    missing(out, path, `the event has no type: expected one of ${quoteList(EVENT_TYPES)}`);
  } else if (kinds.length > 1) {
    conflict(out, [...path, kinds[1]], `one event item holds ${quoteList(kinds)}: each item of events takes one event`, `start each event with its own "- " line`);
  }
  if (isPlainObject(ev.http)) checkHttp(ev.http, [...path, 'http'], out);
  if (isPlainObject(ev.schedule)) checkSchedule(ev.schedule, [...path, 'schedule'], out);
  for (const k of ['cloudwatchEvent', 'eventBridge']) if (isPlainObject(ev[k])) checkInputs(ev[k] as Obj, [...path, k], out);
}

function checkAlarms(al: Obj, path: ConfigPath, out: Diagnostic[]): void {
  if (isPlainObject(al.topics) && present(al.topics, ['ok', 'alarm', 'insufficientData']).length === 0) {
    missing(out, [...path, 'topics'], 'alarms.topics names no topic', 'add at least one of ok, alarm, insufficientData');
  }
  if (Array.isArray(al.metrics) && al.metrics.length === 0) missing(out, [...path, 'metrics'], 'alarms.metrics is empty', 'list at least one metric, e.g. executionsFailed');
  if (typeof al.nameTemplate === 'string') {
    for (const v of al.nameTemplate.match(/(?<=\$\[)[^\][]*(?=])/g) ?? []) {
      if (ALARM_NAME_VARS.includes(v)) continue;
      const near = didYouMean(v, ALARM_NAME_VARS);
      invalid(out, [...path, 'nameTemplate'], `nameTemplate uses $[${v}], which is not a variable`, near ? `did you mean $[${near}]?` : `the variables are ${ALARM_NAME_VARS.map((x) => `$[${x}]`).join(', ')}`);
    }
  }
  (Array.isArray(al.metrics) ? al.metrics : []).forEach((x, i) => {
    const id = isPlainObject(x) ? x.logicalId : undefined;
    if (typeof id === 'string' && !/^[A-Za-z0-9]+$/.test(id)) invalid(out, [...path, 'metrics', i, 'logicalId'], 'logicalId must be letters and digits only (a CloudFormation logical ID)');
  });
}

function checkNotifications(n: Obj, type: unknown, path: ConfigPath, out: Diagnostic[]): void {
  for (const [status, targets] of Object.entries(n)) {
    if (!Array.isArray(targets)) continue;
    targets.forEach((t, i) => {
      if (!isPlainObject(t)) return;
      const kinds = present(t, NOTIFICATION_TARGETS);
      const typed = [...NOTIFICATION_TARGETS, 'inputPath', 'inputTransformer'] as string[];
      // An unknown key (`email:`) is reported by the schema already; "no type" would only repeat it.
      if (kinds.length === 0 && Object.keys(t).every((k) => typed.includes(k))) missing(out, [...path, status, i], `the notification target has no type: expected one of ${quoteList(NOTIFICATION_TARGETS)}`);
      else if (kinds.length > 1) conflict(out, [...path, status, i, kinds[1]], `one notification target holds ${quoteList(kinds)}`, 'give each target its own "- " item');
      if (t.inputPath !== undefined && t.inputTransformer !== undefined) conflict(out, [...path, status, i, 'inputTransformer'], '"inputPath" and "inputTransformer" cannot be used together');
    });
  }
  if (type === 'EXPRESS' && Object.keys(n).length > 0) {
    out.push({
      severity: 'warning',
      code: 'ignored',
      path,
      message: 'notifications are not sent for EXPRESS state machines (Step Functions emits no status-change events for them)',
      hint: 'use loggingConfig for EXPRESS machines, or remove notifications',
    });
  }
}

/** Rules for one `stateMachines.<key>` value. */
export function checkMachineRules(m: unknown, path: ConfigPath, out: Diagnostic[]): void {
  if (!isPlainObject(m)) return;
  if (m.role !== undefined && m.iamRoleStatements !== undefined) {
    conflict(
      out,
      [...path, 'iamRoleStatements'],
      '"role" and "iamRoleStatements" cannot be used together: with role, stepf generates no role, so these statements would be dropped',
      'add the statements to the role you name in role, or remove role to let stepf generate one',
    );
  }
  if (Array.isArray(m.iamRoleStatements)) {
    m.iamRoleStatements.forEach((st, i) => {
      if (isPlainObject(st)) checkStatement(st, [...path, 'iamRoleStatements', i], out);
    });
  }
  if (Array.isArray(m.events)) {
    m.events.forEach((ev, i) => {
      if (isPlainObject(ev)) checkEvent(ev, [...path, 'events', i], out);
    });
  }
  if (isPlainObject(m.alarms)) checkAlarms(m.alarms, [...path, 'alarms'], out);
  if (isPlainObject(m.notifications)) checkNotifications(m.notifications, m.type, [...path, 'notifications'], out);
  checkAliasRules(m, path, out);
}
