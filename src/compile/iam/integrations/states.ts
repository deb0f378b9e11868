import { A, asIs, P, R, regional, type Res, selectPart, splitSub, sub } from '../arn.js';
import type { Grant, Handler, TaskCtx } from '../types.js';
import type { Val } from '../values.js';
import { eventsRule, isSync } from './common.js';

/** Executions of a state machine named by its ARN (qualified or not): `execution:<name>:*`. */
export function executionsOf(machine: Val): Res {
  if (machine.kind === 'text' && machine.text.startsWith('arn:')) {
    const f = splitSub(machine.text, ':');
    if (f.length >= 7) return sub(`arn:${f[1]}:states:${f[3]}:${f[4]}:execution:${f[6]}:*`);
  }
  if (machine.kind === 'ref') {
    const v = machine.value;
    return sub(`arn:${P}:states:`, selectPart(v, ':', 3), ':', selectPart(v, ':', 4), ':execution:', selectPart(v, ':', 6), ':*');
  }
  return regional('states', 'execution:*');
}

function machineArn(v: Val): Res {
  if (v.kind === 'text' && !v.text.startsWith('arn:')) return regional('states', 'stateMachine:', v);
  return v.kind === 'text' || v.kind === 'ref' ? asIs(v) : regional('states', 'stateMachine:*');
}

/** states:startExecution[.sync|.sync:2|.waitForTaskToken] and aws-sdk:sfn:startSyncExecution. */
export function startExecutionGrants(t: TaskCtx, action = 'states:StartExecution'): Grant[] {
  const m = t.params.get('StateMachineArn');
  const grants: Grant[] = [{ actions: [action], resources: [machineArn(m)] }];
  if (isSync(t.pattern)) {
    grants.push({ actions: ['states:DescribeExecution', 'states:StopExecution'], resources: [executionsOf(m)] });
    grants.push(eventsRule('StepFunctionsGetEventsForStepFunctionsExecutionRule'));
  }
  return grants;
}

export const startExecution: Handler = (t) => startExecutionGrants(t);

/** Other Step Functions API calls through the AWS SDK: the execution, machine or activity they name. */
export function sfnSdkGrants(t: TaskCtx, actions: string[], sdkAction: string): Grant[] {
  if (sdkAction === 'startExecution') return startExecutionGrants(t);
  if (sdkAction === 'startSyncExecution') return startExecutionGrants(t, 'states:StartSyncExecution');
  const exec = t.params.get('ExecutionArn');
  if (exec.kind !== 'absent') return [{ actions, resources: [exec.kind === 'dynamic' ? regional('states', 'execution:*') : asIs(exec)] }];
  const act = t.params.get('ActivityArn');
  if (act.kind !== 'absent') return [{ actions, resources: [act.kind === 'dynamic' ? regional('states', 'activity:*') : asIs(act)] }];
  const sm = [t.params.get('StateMachineArn'), t.params.get('ResourceArn'), t.params.get('MapRunArn')].find((v) => v.kind !== 'absent');
  if (sm) return [{ actions, resources: [sm.kind === 'dynamic' ? regional('states', '*') : asIs(sm)] }];
  return [{ actions, resources: [regional('states', '*')] }];
}

/**
 * A Distributed Map starts child executions of its own machine: StartExecution on the machine, Describe and
 * Stop on its map-run executions (`execution:<name>/<label>:<id>`), and RedriveExecution on them: redriving
 * the parent redrives its failed Standard children with the machine's role ("IAM policies for using
 * Distributed Map states", redrive example). These name the machine, so they go in the separate policy
 * (a Ref from the role to its machine would be a cycle).
 */
export function distributedMapGrants(machineLogicalId: string): Grant[] {
  return [
    { actions: ['states:StartExecution'], resources: [{ Ref: machineLogicalId }], self: true },
    {
      actions: ['states:DescribeExecution', 'states:StopExecution', 'states:RedriveExecution'],
      resources: [{ 'Fn::Sub': `arn:${P}:states:${R}:${A}:execution:\${${machineLogicalId}.Name}/*` }],
      self: true,
    },
  ];
}

/**
 * HTTP Task: InvokeHTTPEndpoint has no resource types (iam-data), so `*`, narrowed by the endpoint and method
 * condition keys the Step Functions guide documents. `IfExists`, because the Service Authorization Reference
 * (and so iam-data) does not list those keys: if AWS ever omits them, the grant still works.
 */
export const httpInvoke: Handler = (t) => {
  const grants: Grant[] = [];
  const endpoint = t.params.get('ApiEndpoint');
  const method = t.params.get('Method');
  const cond: Record<string, Record<string, unknown>> = {};
  if (endpoint.kind === 'text' || endpoint.kind === 'ref') {
    const e = asIs(endpoint);
    // Query parameters may be appended at run time.
    cond.StringLikeIfExists = { 'states:HTTPEndpoint': typeof e === 'string' ? [e, `${e}?*`] : e };
  }
  if (method.kind === 'text') cond.StringEqualsIfExists = { 'states:HTTPMethod': method.text };
  grants.push({ actions: ['states:InvokeHTTPEndpoint'], resources: ['*'], ...(Object.keys(cond).length ? { condition: cond } : {}) });
  const conn = t.params.get('Authentication', 'ConnectionArn');
  grants.push({ actions: ['events:RetrieveConnectionCredentials'], resources: [conn.kind === 'text' || conn.kind === 'ref' ? asIs(conn) : regional('events', 'connection/*')] });
  grants.push({ actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: [connectionSecret(conn)] });
  return grants;
};

/** The secret EventBridge keeps for a connection: `secret:events!connection/<name>/*`. */
function connectionSecret(conn: Val): Res {
  if (conn.kind === 'text') {
    const name = splitSub(conn.text, ':')[5]?.split('/')[1];
    if (name) return regional('secretsmanager', `secret:events!connection/${name}/*`);
  }
  if (conn.kind === 'ref') return regional('secretsmanager', 'secret:events!connection/', selectPart({ 'Fn::Select': [5, { 'Fn::Split': [':', conn.value] }] }, '/', 1), '/*');
  return regional('secretsmanager', 'secret:events!connection/*');
}
