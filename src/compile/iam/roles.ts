import type { IamStatement } from '../types.js';

/**
 * The statement of an API Gateway, EventBridge or Scheduler role: start only the state machines its
 * own events target (`{Ref: <machine logical ID>}` or ARNs), never `*`.
 */
export function startExecutionStatement(machineRefs: unknown[]): IamStatement {
  const unique = [...new Map(machineRefs.map((r) => [JSON.stringify(r), r])).values()];
  return { Effect: 'Allow', Action: ['states:StartExecution'], Resource: unique };
}
