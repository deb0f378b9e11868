import { describe, expect, it } from 'vitest';
import { resolverFor } from './helpers.js';
import { largeConfig } from './large-config.js';

describe('scale', () => {
  it('resolves 200 machines x 50 states with variables in each, well under 100 ms', async () => {
    const r = await resolverFor(largeConfig(), { options: { stage: 'prod', region: 'eu-west-1' } });
    const t0 = performance.now();
    const sf = (await r.get(['stepFunctions'])) as { stateMachines: Record<string, { name: string; definition: { States: Record<string, Record<string, unknown>> } }> };
    const ms = performance.now() - t0;
    expect(Object.keys(sf.stateMachines)).toHaveLength(200);
    expect(sf.stateMachines.m199.name).toBe('big-prod-m199');
    expect(sf.stateMachines.m7.definition.States.S3).toMatchObject({
      Resource: 'arn:aws:lambda:eu-west-1:#{AWS::AccountId}:function:big-prod-f3',
      TimeoutSeconds: 30,
      Comment: 'Fn::Sub keeps ${AWS::Region} and #{AWS::AccountId}',
    });
    console.log(`resolved 200x50 states in ${ms.toFixed(1)} ms`);
    // Generous bound (the figure is ~10x lower): catches an accidental quadratic walk, not machine noise.
    expect(ms).toBeLessThan(1000);
  });
});
