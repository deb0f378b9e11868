import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageService } from '../../../src/pipeline.js';
import type { IamStatement } from '../../../src/compile/types.js';
import { ACCOUNT, REGION, concretePolicy, decide, type CfnEnv } from './support.js';

const FIXTURES = resolve(import.meta.dirname, '../../../fixtures');
const machineArn = (id: string) => `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${id}`;
const executionArn = (id: string) => `arn:aws:states:${REGION}:${ACCOUNT}:execution:${id}:run-1`;
const ACTION: Record<string, string> = {
  'StepFunctions-StartExecution': 'states:StartExecution',
  'StepFunctions-StartSyncExecution': 'states:StartSyncExecution',
  'StepFunctions-StopExecution': 'states:StopExecution',
};
/** The resource a call of this action names: the machine to start, or one of its executions to stop. */
const resourceFor = (action: string, machine: string) => (action === 'states:StopExecution' ? executionArn(machine) : machineArn(machine));

type Res = { Type: string; Properties: Record<string, any> };

describe('the role of each state machine behind the HTTP API may call exactly its routes\' actions on exactly that machine (iam-simulate)', () => {
  for (const fixture of ['events-http-api', 'events-http-api-existing']) {
    it(fixture, async () => {
      const { template } = await packageService({ cwd: join(FIXTURES, fixture), stage: 'dev' });
      const resources = template.Resources as Record<string, Res>;
      const machines = Object.keys(resources).filter((id) => resources[id].Type === 'AWS::StepFunctions::StateMachine');
      const env: CfnEnv = { refs: Object.fromEntries(machines.map((id) => [id, machineArn(id)])) };
      const integrations = Object.values(resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Integration');
      const roles = [...new Set(integrations.map((i) => i.Properties.CredentialsArn['Fn::GetAtt'][0] as string))];
      expect(roles.length).toBeGreaterThan(0);
      let checked = 0;
      for (const role of roles) {
        const mine = integrations.filter((i) => i.Properties.CredentialsArn['Fn::GetAtt'][0] === role);
        // The machine of a stop integration is the role's only machine (its ExecutionArn comes from the request).
        const own = [...new Set(mine.map((i) => i.Properties.RequestParameters.StateMachineArn?.Ref).filter(Boolean))];
        const roleMachine = own[0] ?? machines.find((m) => JSON.stringify(resources[role].Properties).includes(m));
        expect(own.length, `${role} serves one machine`).toBeLessThanOrEqual(1);
        const used = new Set(mine.map((i) => ACTION[i.Properties.IntegrationSubtype]));
        const statements = (resources[role].Properties.Policies as Array<{ PolicyDocument: { Statement: IamStatement[] } }>).flatMap((p) => p.PolicyDocument.Statement);
        expect(JSON.stringify(statements)).not.toContain('"*"');
        const policy = concretePolicy(statements, env);
        for (const action of Object.values(ACTION)) {
          for (const m of machines) {
            const result = await decide(policy, { action, resource: resourceFor(action, m) });
            const expected = used.has(action) && m === roleMachine ? 'Allowed' : 'ImplicitlyDenied';
            expect({ role, action, machine: m, result }).toEqual({ role, action, machine: m, result: expected });
            checked++;
          }
        }
      }
      expect(checked).toBe(roles.length * 3 * machines.length);
    });
  }
});
