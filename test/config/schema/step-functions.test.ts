import { describe, expect, it } from 'vitest';
import { checkStepFunctions } from '../../../src/config/schema/index.js';
import { DEF, summary } from './helpers.js';

const machines = { stateMachines: { m: { definition: DEF } } };

describe('the stepFunctions block', () => {
  it('accepts stateMachines, activities, validate and noOutput', () => {
    const r = checkStepFunctions({ ...machines, activities: ['myTask'], validate: true, noOutput: false }, { mode: 'error' });
    expect(r.diagnostics).toEqual([]);
    expect(r.config).toEqual({ ...machines, activities: ['myTask'], validate: true, noOutput: false });
  });

  it('reports a missing or non-object block and a missing stateMachines', () => {
    expect(summary(checkStepFunctions(undefined, { mode: 'warn' }).diagnostics)).toEqual(['error missing-key stepFunctions']);
    expect(summary(checkStepFunctions(['a'], { mode: 'warn' }).diagnostics)).toEqual(['error invalid-type stepFunctions']);
    const r = checkStepFunctions({ activities: [] }, { mode: 'warn' });
    expect(summary(r.diagnostics)).toEqual(['error missing-key stepFunctions.stateMachines']);
    expect(r.diagnostics[0].message).toBe('"stateMachines" is required');
  });

  it('reports stateMachines that is not a map', () => {
    const r = checkStepFunctions({ stateMachines: [{ definition: DEF }] }, { mode: 'warn' });
    expect(summary(r.diagnostics)).toEqual(['error invalid-type stepFunctions.stateMachines']);
    expect(r.diagnostics[0].message).toBe('expected a map of state machine names to their settings, got a list');
  });

  it('checks the types of activities, validate and noOutput', () => {
    const r = checkStepFunctions({ ...machines, activities: 'myTask', validate: 'yes', noOutput: 1 }, { mode: 'warn' });
    expect(summary(r.diagnostics)).toEqual([
      'error invalid-type stepFunctions.activities',
      'error invalid-type stepFunctions.validate',
      'error invalid-type stepFunctions.noOutput',
    ]);
  });

  for (const [key, meant] of [
    ['statemachines', 'stateMachines'],
    ['stateMachine', 'stateMachines'],
    ['activity', 'activities'],
    ['validates', 'validate'],
    ['noOutputs', 'noOutput'],
  ]) {
    it(`makes the misspelt key "${key}" an error in every mode, suggesting "${meant}"`, () => {
      for (const mode of ['warn', 'error', 'off'] as const) {
        const r = checkStepFunctions({ ...machines, [key]: {} }, { mode });
        expect(summary(r.diagnostics)).toEqual([`error unknown-key stepFunctions.${key}`]);
        expect(r.diagnostics[0].hint).toBe(`did you mean "${meant}"?`);
        expect(r.diagnostics[0].message).toMatch(/would be dropped/);
      }
    });
  }

  it('warns about another unknown key, errors under configValidationMode: error, stays silent under off', () => {
    const value = { ...machines, foo: 1 };
    expect(summary(checkStepFunctions(value, { mode: 'warn' }).diagnostics)).toEqual(['warning unknown-key stepFunctions.foo']);
    expect(summary(checkStepFunctions(value, { mode: 'error' }).diagnostics)).toEqual(['error unknown-key stepFunctions.foo']);
    expect(checkStepFunctions(value, { mode: 'off' }).diagnostics).toEqual([]);
  });

  it('drops unknown top-level keys from the parsed config', () => {
    const r = checkStepFunctions({ ...machines, foo: 1 }, { mode: 'warn' });
    expect(r.config).toEqual(machines);
  });

  it('reports every problem of every machine in one run, in file order', () => {
    const r = checkStepFunctions(
      {
        stateMachines: {
          a: { definition: DEF, tpye: 'EXPRESS' },
          b: { definition: 'not json' },
          c: { definition: DEF, retain: 'no', role: 'x' },
        },
        statemachines: {},
      },
      { mode: 'warn' },
    );
    expect(summary(r.diagnostics)).toEqual([
      'error unknown-key stepFunctions.stateMachines.a.tpye',
      'error invalid-json stepFunctions.stateMachines.b.definition',
      'error invalid-type stepFunctions.stateMachines.c.retain',
      'error invalid-type stepFunctions.stateMachines.c.role',
      'error unknown-key stepFunctions.statemachines',
    ]);
  });
});
