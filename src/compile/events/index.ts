import type { Diagnostic } from '../../errors.js';
import { compileAlarms } from '../alarms.js';
import type { CrossStack } from '../cross-stack.js';
import type { MachineModel, ServiceModel } from '../model.js';
import { compileNotifications, newNotificationState } from '../notifications.js';
import { compileVersions } from '../versions.js';
import type { Template } from '../types.js';
import { compileHttpApi } from './api/compile.js';
import type { EventContext } from './common.js';
import { compileEventBridgeEvents } from './event-bridge.js';
import { collectHttpEvents } from './http.js';
import { compileHttpApiEvents } from './http-api/compile.js';
import { compileSchedules } from './schedule.js';

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
  // The schema has checked `events:` (a list, one known kind per item): each compiler takes its own kind.
  for (const m of machines) {
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
