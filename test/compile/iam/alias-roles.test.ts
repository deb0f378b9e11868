import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageService } from '../../../src/pipeline.js';
import type { IamStatement } from '../../../src/compile/types.js';
import { ACCOUNT, REGION, concretePolicy, decide, type CfnEnv } from './support.js';

const FIXTURES = resolve(import.meta.dirname, '../../../fixtures');

type Res = { Type: string; Properties?: Record<string, unknown> };

/** The ARNs CloudFormation would give: a machine's Ref is its ARN, an alias's Ref is the machine's ARN and `:<name>`. */
function arns(resources: Record<string, Res>): { env: CfnEnv; machines: Record<string, string>; aliases: Record<string, string> } {
  const machines: Record<string, string> = {};
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type === 'AWS::StepFunctions::StateMachine') machines[id] = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${id}`;
  }
  const aliases: Record<string, string> = {};
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type !== 'AWS::StepFunctions::StateMachineAlias') continue;
    const version = (r.Properties!.DeploymentPreference as { StateMachineVersionArn?: { Ref: string } } | undefined)?.StateMachineVersionArn
      ?? (r.Properties!.RoutingConfiguration as Array<{ StateMachineVersionArn: { Ref: string } }>)[0].StateMachineVersionArn;
    const machine = (resources[version.Ref].Properties!.StateMachineArn as { Ref: string }).Ref;
    aliases[id] = `${machines[machine]}:${String(r.Properties!.Name)}`;
  }
  return { env: { refs: { ...machines, ...aliases } }, machines, aliases };
}

describe('event and notification roles of a machine with an alias may start that alias, not the unqualified machine nor another alias (iam-simulate)', () => {
  for (const fixture of ['versions-canary', 'versions-linear', 'versions-all-at-once']) {
    it(fixture, async () => {
      const { template } = await packageService({ cwd: join(FIXTURES, fixture), stage: 'dev' });
      const resources = template.Resources as Record<string, Res>;
      const { env, machines, aliases } = arns(resources);
      const roles = Object.keys(resources).filter((id) => resources[id].Type === 'AWS::IAM::Role' && JSON.stringify(resources[id].Properties).includes('states:Start'));
      expect(roles.length).toBeGreaterThan(0);
      for (const role of roles) {
        const statements = (resources[role].Properties!.Policies as Array<{ PolicyDocument: { Statement: IamStatement[] } }>).flatMap((p) => p.PolicyDocument.Statement);
        const policy = concretePolicy(statements, env);
        const granted = Object.entries(aliases).filter(([id]) => JSON.stringify(statements).includes(JSON.stringify({ Ref: id })));
        // Events start the first alias of their machine (live, prod.v2), never the second (beta).
        expect(granted.length, `${role} grants no alias`).toBeGreaterThan(0);
        for (const [, arn] of granted) expect(arn).toMatch(/:(live|prod\.v2)$/);
        const start = (arn: string) =>
          Promise.all(['states:StartExecution', 'states:StartSyncExecution'].map((action) => decide(policy, { action, resource: arn }))).then((r) =>
            r.includes('Allowed') ? 'Allowed' : 'Denied',
          );
        for (const [, arn] of granted) {
          expect({ role, arn, result: await start(arn) }).toEqual({ role, arn, result: 'Allowed' });
          const machine = arn.slice(0, arn.lastIndexOf(':'));
          for (const other of [machine, `${machine}:other`, `${machine}:7`]) {
            expect({ role, other, result: await start(other) }).toEqual({ role, other, result: 'Denied' });
          }
        }
        for (const [id, arn] of Object.entries(machines)) expect({ role, id, result: await start(arn) }).toEqual({ role, id, result: 'Denied' });
        for (const [id, arn] of Object.entries(aliases)) {
          if (!granted.some(([g]) => g === id)) expect({ role, id, result: await start(arn) }).toEqual({ role, id, result: 'Denied' });
        }
      }
    });
  }
});
