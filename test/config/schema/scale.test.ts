import { describe, expect, it } from 'vitest';
import { checkStepFunctions } from '../../../src/config/schema/index.js';

function bigConfig(machines: number, states: number) {
  const stateMachines: Record<string, unknown> = {};
  for (let i = 0; i < machines; i++) {
    const States: Record<string, unknown> = {};
    for (let j = 0; j < states; j++) {
      States[`S${j}`] = j === states - 1 ? { Type: 'Succeed' } : { Type: 'Task', Resource: { 'Fn::GetAtt': [`fn${j}`, 'Arn'] }, Next: `S${j + 1}` };
    }
    stateMachines[`machine${i}`] = {
      name: `machine-${i}`,
      definition: i % 2 ? JSON.stringify({ StartAt: 'S0', States }) : { StartAt: 'S0', States },
      loggingConfig: { level: 'ERROR', destinations: [{ 'Fn::GetAtt': ['Logs', 'Arn'] }] },
      events: [{ http: `POST m${i}` }, { schedule: 'rate(1 hour)' }],
      tags: { index: i },
    };
  }
  return { stateMachines };
}

describe('a large config', () => {
  it('checks 200 machines of 50 states in one call and keeps every definition', () => {
    const r = checkStepFunctions(bigConfig(200, 50), { mode: 'error' });
    expect(r.diagnostics).toEqual([]);
    const keys = Object.keys(r.config.stateMachines);
    expect(keys).toHaveLength(200);
    expect(keys[199]).toBe('machine199');
    for (const m of Object.values(r.config.stateMachines)) expect(Object.keys(m.definition.States as object)).toHaveLength(50);
  });

  it('reports one error per broken machine among 200, not just the first', () => {
    const value = bigConfig(200, 5);
    for (let i = 0; i < 200; i += 20) (value.stateMachines[`machine${i}`] as Record<string, unknown>).retian = true;
    const r = checkStepFunctions(value, { mode: 'error' });
    expect(r.diagnostics).toHaveLength(10);
    expect(r.diagnostics.every((d) => d.code === 'unknown-key' && d.hint === 'did you mean "retain"?')).toBe(true);
  });
});
