import type { Diagnostic } from '../../errors.js';
import { compileAlarms } from '../alarms.js';
import type { CrossStack } from '../cross-stack.js';
import type { MachineModel, ServiceModel } from '../model.js';
import { compileNotifications, newNotificationState } from '../notifications.js';
import { compileVersions } from '../versions.js';
import type { Template } from '../types.js';
import { compileHttpApi } from './api/compile.js';
import { type EventContext, error, isObject, machinePath } from './common.js';
import { compileEventBridgeEvents } from './event-bridge.js';
import { collectHttpEvents } from './http.js';
import { compileHttpApiEvents } from './http-api/compile.js';
import { compileSchedules } from './schedule.js';

export { httpEndpoints } from './http.js';

const EVENT_KINDS = ['http', 'httpApi', 'schedule', 'cloudwatchEvent', 'eventBridge'];

/**
 * Events, alarms and notifications of every machine into `template` (reference §5, §6.1, §6.2).
 * Returns the problems found; the caller stops on any error.
 */
export function compileEventsAlarmsNotifications(
  svc: ServiceModel,
  machines: MachineModel[],
  cross: CrossStack,
  template: Template,
): { errors: Diagnostic[]; warnings: Diagnostic[] } {
  const ctx: EventContext = { svc, cross, template, errors: [], warnings: [] };
  const notifications = newNotificationState();
  for (const m of machines) {
    if (m.events !== undefined && m.events !== null && !Array.isArray(m.events)) {
      error(ctx, machinePath(m, 'events'), 'events must be a list', 'events: [ { httpApi: { method: POST, path: /orders } } ]');
      continue;
    }
    (m.events ?? []).forEach((e, i) => {
      const kinds = isObject(e) ? Object.keys(e).filter((k) => EVENT_KINDS.includes(k)) : [];
      if (kinds.length !== 1) {
        // The plugin ignored such items silently.
        error(
          ctx,
          machinePath(m, 'events', i),
          kinds.length ? `an event has one kind; this one has ${kinds.join(' and ')}` : `unknown event${isObject(e) ? ` ${Object.keys(e).join(', ')}` : ''}`,
          `state machine events are ${EVENT_KINDS.join(', ')} (functions' events such as s3 or sqs belong to the Lambda functions)`,
          'unknown-event',
        );
      }
    });
    compileSchedules(ctx, m);
    compileEventBridgeEvents(ctx, m);
    compileAlarms(ctx, m);
    compileVersions(ctx, m);
    compileNotifications(ctx, m, notifications);
  }
  compileHttpApi(ctx, collectHttpEvents(ctx, machines));
  compileHttpApiEvents(ctx, machines);
  return { errors: ctx.errors, warnings: ctx.warnings };
}
