import type { MachineModel } from '../model.js';
import { eventPolicyName, eventRoleLogicalId, eventRuleLogicalId, eventTargetId } from '../naming.js';
import {
  checkInputExclusive,
  checkKeys,
  compileInput,
  compileInputTransformer,
  compileRetryPolicy,
  error,
  type EventContext,
  isArnLike,
  isObject,
  machinePath,
  optionalBoolean,
  optionalText,
  serviceRole,
  startExecutionStatement,
  startTarget,
  userValue,
} from './common.js';

/** `cloudwatchEvent` / `eventBridge` events (reference §5.3, handled alike): one EventBridge rule each. */

const KEYS = [
  'event', 'eventBusName', 'enabled', 'input', 'inputPath', 'inputTransformer', 'description', 'name', 'iamRole', 'deadLetterConfig',
  'retryPolicy',
] as const;

export function compileEventBridgeEvents(ctx: EventContext, m: MachineModel): void {
  const roleId = eventRoleLogicalId(m.key);
  const { svc } = ctx;
  let n = 0;
  let needsRole = false;
  (m.events ?? []).forEach((e, i) => {
    if (!isObject(e)) return;
    const kind = 'eventBridge' in e ? 'eventBridge' : 'cloudwatchEvent' in e ? 'cloudwatchEvent' : undefined;
    if (!kind) return;
    // Numbered together, as the plugin does, counting invalid ones so IDs do not shift.
    n += 1;
    const path = machinePath(m, 'events', i, kind);
    const ev = e[kind];
    if (!isObject(ev)) return error(ctx, path, `the ${kind} event of state machine "${m.key}" is not an object`, 'it needs at least `event:` (the event pattern)');
    checkKeys(ctx, ev, KEYS, path, `an ${kind} event`);
    if (!isObject(ev.event)) {
      return error(ctx, [...path, 'event'], `missing "event" (the event pattern) for the ${kind} event of state machine ${m.key}`, 'e.g. event: { source: [aws.ec2], detail-type: [EC2 Instance State-change Notification] }');
    }
    if (!checkInputExclusive(ctx, ev, path)) return;
    if (ev.iamRole !== undefined && !isArnLike(ev.iamRole)) return error(ctx, [...path, 'iamRole'], 'iamRole must be an IAM role ARN (or an intrinsic)');
    if (ev.deadLetterConfig !== undefined && !isArnLike(ev.deadLetterConfig)) {
      return error(ctx, [...path, 'deadLetterConfig'], 'deadLetterConfig must be the ARN of an SQS queue (or an intrinsic such as !GetAtt MyDlq.Arn)');
    }
    if (ev.inputPath !== undefined && typeof ev.inputPath !== 'string') return error(ctx, [...path, 'inputPath'], 'inputPath must be a JSON path string, e.g. $.detail');
    const enabled = optionalBoolean(ctx, ev, 'enabled', path);
    const name = optionalText(ctx, ev, 'name', path);
    const description = optionalText(ctx, ev, 'description', path);
    if (ev.eventBusName !== undefined && !isArnLike(ev.eventBusName)) return error(ctx, [...path, 'eventBusName'], 'eventBusName must be a bus name or ARN (or an intrinsic)');

    const input = ev.input !== undefined ? compileInput(ctx, ev.input, [...path, 'input']) : undefined;
    const transformer = ev.inputTransformer !== undefined ? compileInputTransformer(ctx, ev.inputTransformer, [...path, 'inputTransformer']) : undefined;
    const retry = ev.retryPolicy !== undefined ? compileRetryPolicy(ctx, ev.retryPolicy, [...path, 'retryPolicy']) : undefined;
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
            ...(retry && Object.keys(retry).length ? { RetryPolicy: retry } : {}),
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
