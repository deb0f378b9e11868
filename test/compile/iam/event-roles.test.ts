import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageService } from '../../../src/pipeline.js';
import { ACCOUNT, REGION, concretePolicy, decide, type CfnEnv } from './support.js';
import type { IamStatement } from '../../../src/compile/types.js';

const FIXTURES = resolve(import.meta.dirname, '../../../fixtures');
const machineArn = (id: string) => `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${id}`;

const START = ['states:StartExecution', 'states:StartSyncExecution'];

type Res = { Type: string; Properties?: Record<string, unknown> };

/** Logical IDs named by `Ref` anywhere inside a value. */
function refsIn(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, out));
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.Ref === 'string') out.add(o.Ref);
    for (const v of Object.values(o)) refsIn(v, out);
  }
  return out;
}

/** Does the value use this role (`Fn::GetAtt: [role, Arn]`)? */
const usesRole = (value: unknown, role: string) => JSON.stringify(value).includes(JSON.stringify({ 'Fn::GetAtt': [role, 'Arn'] }));

describe('roles of schedules, EventBridge rules, API Gateway and HTTP APIs start only the machines their own events target (iam-simulate)', () => {
  for (const fixture of ['events-schedule', 'events-eventbridge', 'events-http', 'events-http-api']) {
    it(fixture, async () => {
      const { template } = await packageService({ cwd: join(FIXTURES, fixture), stage: 'dev' });
      const resources = template.Resources as Record<string, Res>;
      const machines = Object.keys(resources).filter((id) => resources[id].Type === 'AWS::StepFunctions::StateMachine');
      const env: CfnEnv = { refs: Object.fromEntries(machines.map((id) => [id, machineArn(id)])) };
      const eventRoles = Object.keys(resources).filter(
        (id) => resources[id].Type === 'AWS::IAM::Role' && JSON.stringify(resources[id].Properties).includes('states:StartExecution'),
      );
      expect(eventRoles.length).toBeGreaterThan(0);
      for (const role of eventRoles) {
        // The machines named by the resources (rules, schedules, API methods) that use this role.
        const targeted = new Set<string>();
        for (const [id, r] of Object.entries(resources)) if (id !== role && usesRole(r, role)) for (const ref of refsIn(r)) if (machines.includes(ref)) targeted.add(ref);
        expect(targeted.size, `${role} is used by no event`).toBeGreaterThan(0);
        const policies = (resources[role].Properties!.Policies as Array<{ PolicyDocument: { Statement: IamStatement[] } }>).flatMap((p) => p.PolicyDocument.Statement);
        expect(JSON.stringify(policies)).not.toContain('"*"');
        const policy = concretePolicy(policies, env);
        for (const m of machines) {
          // An EXPRESS machine behind a synchronous API method is started with StartSyncExecution.
          const results = await Promise.all(START.map((action) => decide(policy, { action, resource: machineArn(m) })));
          const result = results.includes('Allowed') ? 'Allowed' : results.every((r) => r === 'ImplicitlyDenied') ? 'ImplicitlyDenied' : results.join();
          expect({ role, machine: m, result }).toEqual({ role, machine: m, result: targeted.has(m) ? 'Allowed' : 'ImplicitlyDenied' });
        }
      }
    });
  }
});
