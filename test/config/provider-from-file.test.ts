import { describe, expect, it } from 'vitest';
import { packageService } from '../../src/pipeline.js';
import { serviceDir } from './variables/helpers.js';

const machine = `stepFunctions:
  stateMachines:
    hello:
      definition:
        StartAt: A
        States:
          A: { Type: Pass, End: true }
`;

describe('provider: given through ${file()} (the plugin fixtures share base.yml that way)', () => {
  it("is read: its tags reach the machine and its region the stack, while a value stepf never reads (an ${ssm:} environment) stays unresolved", async () => {
    const dir = serviceDir({
      'serverless.yml': `service: shared\nprovider: \${file(./base.yml):provider}\n${machine}`,
      'base.yml': 'provider:\n  name: aws\n  region: eu-west-1\n  tags:\n    team: orders\n  environment:\n    SECRET: ${ssm:/shared/secret}\n',
    });
    const result = await packageService({ cwd: dir, stage: 'dev' });
    expect(result.region).toBe('eu-west-1');
    const res = result.template.Resources as Record<string, { Type: string; Properties: { Tags?: unknown } }>;
    const sm = Object.values(res).find((r) => r.Type === 'AWS::StepFunctions::StateMachine')!;
    expect(sm.Properties.Tags).toEqual([{ Key: 'team', Value: 'orders' }]);
  });

  it('a key stepf reads that cannot be resolved is still an error naming it', async () => {
    const dir = serviceDir({
      'serverless.yml': `service: shared\nprovider: \${file(./base.yml):provider}\n${machine}`,
      'base.yml': 'provider:\n  name: aws\n  tags:\n    team: ${env:STEPF_TEST_UNSET_TEAM}\n',
    });
    await expect(packageService({ cwd: dir, stage: 'dev' })).rejects.toThrow(/STEPF_TEST_UNSET_TEAM/);
  });
});
