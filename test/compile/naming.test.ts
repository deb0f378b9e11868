import { describe, expect, it } from 'vitest';
import { activityLogicalId, machineLogicalId, machineOutputKey, machineRoleLogicalId, normalize } from '../../src/compile/naming.js';

describe('naming follows the plugin (reference §2)', () => {
  it('normalizes - and _ and upper-cases the first letter only', () => {
    expect(normalize('my-machine_1')).toBe('MyDashmachineUnderscore1');
  });
  it('a machine with no id or name gets <Key>StepFunctionsStateMachine', () => {
    expect(machineLogicalId({ key: 'hellostepfunc1' })).toBe('Hellostepfunc1StepFunctionsStateMachine');
    expect(machineOutputKey({ key: 'hellostepfunc1' })).toBe('Hellostepfunc1StepFunctionsStateMachineArn');
    expect(machineRoleLogicalId({ key: 'hellostepfunc1' })).toBe('Hellostepfunc1StepFunctionsStateMachineRole');
  });
  it('id wins over name, and name over key', () => {
    expect(machineLogicalId({ key: 'k', name: 'stateMachineBeta1' })).toBe('StateMachineBeta1');
    expect(machineLogicalId({ key: 'k', name: 'n', id: 'my-id' })).toBe('MyDashid');
    expect(machineOutputKey({ key: 'k', name: 'MyStateMachine' })).toBe('MyStateMachineArn');
  });
  it('activities get <Name>StepFunctionsActivity', () => {
    expect(activityLogicalId('my-activity')).toBe('MyDashactivityStepFunctionsActivity');
  });
});
