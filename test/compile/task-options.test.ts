import { describe, expect, it } from 'vitest';
import { configureTaskTimeouts } from '../../src/compile/task-timeouts.js';

const fns = [{ key: 'hello', name: 'svc-dev-hello', timeout: 30 }, { key: 'worker', name: 'svc-dev-worker' }];
const base = ['stepFunctions', 'stateMachines', 'm'];

describe('configureTaskTimeouts', () => {
  it('sets the function timeout, else provider.timeout, else 6, on Lambda tasks in branches too; leaves TimeoutSecondsPath and other tasks alone', () => {
    const def = {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'A', States: { A: { Type: 'Task', Resource: { Ref: 'hello' }, End: true } } },
            { StartAt: 'B', States: { B: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: { Ref: 'WorkerLambdaFunction' } }, End: true } } },
          ],
          Next: 'C',
        },
        C: { Type: 'Task', Resource: { 'Fn::GetAtt': ['hello', 'Arn'] }, TimeoutSecondsPath: '$.t', Next: 'D' },
        D: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Parameters: { TopicArn: 'x' }, End: true },
      },
    };
    type Def = { States: Record<string, { TimeoutSeconds?: number; Branches?: Array<{ States: Record<string, { TimeoutSeconds?: number }> }> }> };
    const withProvider = configureTaskTimeouts(def, fns, 12, base).definition as unknown as Def;
    const branches = withProvider.States.P.Branches!;
    expect(branches[0].States.A.TimeoutSeconds).toBe(30);
    expect(branches[1].States.B.TimeoutSeconds).toBe(12);
    expect(withProvider.States.C).not.toHaveProperty('TimeoutSeconds');
    expect(withProvider.States.D).not.toHaveProperty('TimeoutSeconds');
    const noProvider = configureTaskTimeouts(def, fns, undefined, base).definition as unknown as Def;
    expect(noProvider.States.P.Branches![1].States.B.TimeoutSeconds).toBe(6);
    expect(def.States.P.Branches[0].States.A).not.toHaveProperty('TimeoutSeconds'); // the input is not changed
  });

  it('warns, with the state\'s path, when a task waits longer than its function may run', () => {
    const def = { StartAt: 'A', States: { A: { Type: 'Task', Resource: { Ref: 'hello' }, TimeoutSeconds: 90, End: true } } };
    const r = configureTaskTimeouts(def, fns, undefined, base);
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'task-timeout-exceeds-function', path: [...base, 'definition', 'States', 'A', 'TimeoutSeconds'] })]);
    expect((r.definition.States as Record<string, { TimeoutSeconds: number }>).A.TimeoutSeconds).toBe(90);
  });
});
