import type { MachineModel } from '../model.js';
import { eventPolicyName, eventRoleLogicalId, eventRuleLogicalId, eventTargetId } from '../naming.js';
import {
  compileInput,
  compileInputTransformer,
  compileRetryPolicy,
  type EventContext,
  machinePath,
  serviceRole,
  startExecutionStatement,
  startTarget,
  userValue,
} from './common.js';

/** `cloudwatchEvent` / `eventBridge` events (reference §5.3, handled alike): one EventBridge rule each. */

export function compileEventBridgeEvents(ctx: EventContext, m: MachineModel): void {
  const roleId = eventRoleLogicalId(m.key);
  const { svc } = ctx;
  let n = 0;
  let needsRole = false;
  (m.events ?? []).forEach((e, i) => {
    // The schema has checked the keys, their types and the input combinations.
    const ev = e.eventBridge ?? e.cloudwatchEvent;
    if (!ev) return;
    // Numbered together, as the plugin does, counting invalid ones so IDs do not shift.
    n += 1;
    const path = machinePath(m, 'events', i, e.eventBridge ? 'eventBridge' : 'cloudwatchEvent');
    const { enabled, name, description } = ev;

    const input = ev.input !== undefined ? compileInput(ctx, ev.input, [...path, 'input']) : undefined;
    const transformer = ev.inputTransformer !== undefined ? compileInputTransformer(ctx, ev.inputTransformer, [...path, 'inputTransformer']) : undefined;
    const retry = compileRetryPolicy(ev.retryPolicy);
    if (ev.iamRole === undefined) needsRole = true;
    ctx.template.Resources[eventRuleLogicalId(m.key, n)] = {
      Type: 'AWS::Events::Rule',
      Properties: {
        ...(ev.eventBusName !== undefined ? { EventBusName: userValue(ctx, ev.eventBusName, [...path, 'eventBusName']) } : {}),
        // The pattern goes in as an object, content filters and all (the plugin stripped `\n` text from it).
        EventPattern: userValue(ctx, ev.event, [...path, 'event']),
        State: enabled === false ? 'DISABLED' : 'ENABLED',
        ...(description !== undefined ? { Description: userValue(ctx, description, [...path, 'description']) } : {}),
        ...(name !== undefined ? { Name: userValue(ctx, name, [...path, 'name']) } : {}),
        Targets: [
          {
            ...(input !== undefined ? { Input: input } : {}),
            ...(ev.inputPath !== undefined ? { InputPath: ev.inputPath } : {}),
            ...(transformer ? { InputTransformer: transformer } : {}),
            Arn: startTarget(m),
            Id: eventTargetId(m.key),
            ...(ev.deadLetterConfig !== undefined ? { DeadLetterConfig: { Arn: userValue(ctx, ev.deadLetterConfig, [...path, 'deadLetterConfig']) } } : {}),
            ...(retry ? { RetryPolicy: retry } : {}),
            RoleArn: ev.iamRole !== undefined ? userValue(ctx, ev.iamRole, [...path, 'iamRole']) : { 'Fn::GetAtt': [roleId, 'Arn'] },
          },
        ],
      },
    };
  });
  if (needsRole) {
    ctx.template.Resources[roleId] = serviceRole(ctx, ['events.amazonaws.com'], eventPolicyName(svc.stage, svc.region, svc.service, m.key), [
      startExecutionStatement([m]),
    ]);
  }
}
