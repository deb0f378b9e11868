// One case run and judged: each kind of expectation passes when it holds and fails with a message naming
// what differs; Wait states and timeouts run on the virtual clock; the real-time limit names the state.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTestFile } from '../../src/testing/test-file.js';
import { runCase } from '../../src/testing/run-case.js';
import type { CaseResult, MachineUnderTest } from '../../src/testing/types.js';
import { machine } from './helpers.js';

const ORDER: MachineUnderTest = machine(
  {
    StartAt: 'Check',
    States: {
      Check: { Type: 'Choice', Choices: [{ Variable: '$.qty', NumericGreaterThan: 0, Next: 'Charge' }], Default: 'Empty' },
      Charge: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { 'Payload.$': '$' },
        ResultSelector: { 'id.$': '$.Payload.id' },
        ResultPath: '$.charge',
        Retry: [{ ErrorEquals: ['Busy'], MaxAttempts: 2, IntervalSeconds: 1 }],
        Catch: [{ ErrorEquals: ['Declined'], ResultPath: '$.error', Next: 'Refused' }],
        Next: 'Cool',
      },
      Cool: { Type: 'Wait', Seconds: 86_400, Next: 'Done' },
      Done: { Type: 'Pass', Parameters: { 'id.$': '$.charge.id', 'qty.$': '$.qty', status: 'OK' }, End: true },
      Refused: { Type: 'Pass', Parameters: { status: 'REFUSED', 'why.$': '$.error.Cause' }, End: true },
      Empty: { Type: 'Fail', Error: 'EmptyOrder', Cause: 'no items' },
    },
  },
  'order',
);

async function run(yaml: string, m: MachineUnderTest = ORDER, opts = { caseTimeoutMs: 10_000 }): Promise<CaseResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'stepf-case-'));
  const file = join(dir, 't.test.yml');
  writeFileSync(file, yaml);
  const specs = await readTestFile(file, [m], dir);
  return Promise.all(specs.map((s) => runCase(s, m, opts)));
}

const messages = (r: CaseResult) => r.failures.map((f) => f.message);

describe('expectations', () => {
  it('a happy path passes on status, equal output, exact path, a state\'s input and output, and attempts', async () => {
    const [r] = await run(`
mocks: { Charge: { Payload: { id: c-1 } } }
cases:
  ok:
    input: { qty: 2 }
    expect:
      status: SUCCEEDED
      output: { id: c-1, qty: 2, status: OK }
      path: [Check, Charge, Cool, Done]
      states:
        Charge: { input: { qty: 2 }, output: { qty: 2, charge: { id: c-1 } }, attempts: 1 }
`);
    expect(messages(r)).toEqual([]);
    expect(r.passed).toBe(true);
  });

  it('a one-day Wait runs on the virtual clock: the case passes without waiting a day', async () => {
    const [r] = await run(`
cases:
  waits:
    input: { qty: 1 }
    mocks: { Charge: { Payload: { id: c } } }
    expect: { pathIncludes: [Cool, Done] }
`);
    expect(r.passed).toBe(true);
    expect(r.ms).toBeLessThan(86_400_000);
  });

  it('the output differing names the first differing path and gives a line diff, expected (-) against actual (+)', async () => {
    const [r] = await run(`
cases:
  wrong:
    input: { qty: 2 }
    mocks: { Charge: { Payload: { id: c-1 } } }
    expect: { output: { id: c-1, qty: 3, status: OK } }
`);
    expect(messages(r)).toEqual(['the output differs from the expected: at $.qty is 2, not 3']);
    expect(r.failures[0].diff).toEqual(['  {', '    "id": "c-1",', '-   "qty": 3,', '+   "qty": 2,', '    "status": "OK"', '  }']);
  });

  it('outputIncludes passes on a subset and fails naming a missing key; output (equal) fails on an extra key', async () => {
    const results = await run(`
mocks: { Charge: { Payload: { id: c-1 } } }
cases:
  subset: { input: { qty: 2 }, expect: { outputIncludes: { status: OK } } }
  missing: { input: { qty: 2 }, expect: { outputIncludes: { status: OK, total: 4 } } }
  extra: { input: { qty: 2 }, expect: { output: { id: c-1, status: OK } } }
`);
    expect(results.map(messages)).toEqual([
      [],
      ['the output does not include the expected: at $.total is missing (expected 4)'],
      ['the output differs from the expected: at $.qty is not expected (got 2)'],
    ]);
  });

  it('a failure caught by a Catch: error and cause of a FAILED run, and the Catch path', async () => {
    const results = await run(`
cases:
  declined:
    input: { qty: 1 }
    mocks: { Charge: { error: Declined, cause: card declined } }
    expect: { output: { status: REFUSED, why: card declined }, path: [Check, Charge, Refused] }
  empty:
    input: { qty: 0 }
    expect: { error: EmptyOrder, cause: no items }
  wrong error:
    input: { qty: 0 }
    expect: { error: Empty, cause: nothing }
`);
    expect(results.map(messages)).toEqual([[], [], ['expected error "Empty", got "EmptyOrder"', 'expected cause "nothing", got "no items"']]);
  });

  it('a status that differs says what the run ended with', async () => {
    const [r] = await run('cases:\n  empty: { input: { qty: 0 } }\n');
    expect(messages(r)).toEqual(['expected status SUCCEEDED, got FAILED (EmptyOrder: no items)']);
  });

  it('attempts of a retried state count each retry; a wrong count says both', async () => {
    const results = await run(`
cases:
  retried:
    input: { qty: 1 }
    mocks: { Charge: { sequence: [{ error: Busy }, { error: Busy }, { Payload: { id: c-3 } }] } }
    expect: { outputIncludes: { id: c-3 }, states: { Charge: { attempts: 3 } } }
  miscounted:
    input: { qty: 1 }
    mocks: { Charge: { sequence: [{ error: Busy }, { Payload: { id: c-2 } }] } }
    expect: { states: { Charge: { attempts: 3 } } }
  never run:
    input: { qty: 0 }
    expect: { status: FAILED, states: { Charge: { attempts: 0 } } }
`);
    expect(results.map(messages)).toEqual([[], ['expected Charge to be attempted 3 time(s), it was attempted 2'], []]);
  });

  it('pathIncludes needs the states in that order; a state never entered or out of order is named', async () => {
    const results = await run(`
mocks: { Charge: { Payload: { id: c } } }
cases:
  in order: { input: { qty: 1 }, expect: { pathIncludes: [Check, Done] } }
  not entered: { input: { qty: 1 }, expect: { pathIncludes: [Check, Refused] } }
  out of order: { input: { qty: 1 }, expect: { pathIncludes: [Done, Check] } }
`);
    expect(results.map(messages)).toEqual([
      [],
      ['the path does not include Check → Refused: Refused was never entered; the path was Check → Charge → Cool → Done'],
      ['the path does not include Done → Check: Check was not in the expected order; the path was Check → Charge → Cool → Done'],
    ]);
  });

  it('a state\'s expected input or output when the run never entered it says so', async () => {
    const [r] = await run(`
cases:
  empty: { input: { qty: 0 }, expect: { status: FAILED, states: { Done: { outputIncludes: { status: OK } } } } }
`);
    expect(messages(r)).toEqual(['expected state Done to run, but the run never entered it']);
  });

  it('a Task with no mock fails the case naming the state and the mock to add (never a pass)', async () => {
    const [r] = await run('cases:\n  unmocked: { input: { qty: 1 } }\n');
    expect(r.passed).toBe(false);
    expect(messages(r)).toEqual([
      "Task state 'Charge' has no mock in this case: add one under the case's mocks, e.g. mocks: { Charge: <its result> }, or { Charge: { error: ..., cause: ... } } to fail it",
    ]);
  });
});

describe('timeouts', () => {
  const slow = machine({ TimeoutSeconds: 3600, StartAt: 'Nap', States: { Nap: { Type: 'Wait', Seconds: 7200, Next: 'Done' }, Done: { Type: 'Succeed' } } }, 'slow');

  it('a machine\'s TimeoutSeconds is checked on the virtual clock: a two-hour Wait in a one-hour machine ends TIMED_OUT', async () => {
    const [r] = await run('cases:\n  nap: { expect: { status: TIMED_OUT, error: States.Timeout } }\n', slow);
    expect(messages(r)).toEqual([]);
    expect(r.cause).toBe("the execution ran past its TimeoutSeconds (3600) in state 'Nap'");
  });

  it('a case past --case-timeout (real time) fails naming the state it was in', async () => {
    // A clock that moves a second per reading: the limit of 2.5 s passes while the run enters its third state.
    let t = 0;
    const [r] = await run(
      'mocks: { Charge: { Payload: { id: c } } }\ncases:\n  slow: { input: { qty: 1 } }\n',
      ORDER,
      { caseTimeoutMs: 2500, now: () => (t += 1000) } as never,
    );
    expect(messages(r)).toEqual(['the case ran past --case-timeout (2500 ms of real time) in state Cool']);
  });
});

describe('coverage keys', () => {
  it('a run records the states it entered and each transition it took by rule: Choices[i], Default, Catch[j], Next', async () => {
    const results = await run(`
cases:
  declined: { input: { qty: 1 }, mocks: { Charge: { error: Declined } }, expect: { outputIncludes: { status: REFUSED } } }
  empty: { input: { qty: 0 }, expect: { status: FAILED } }
`);
    expect(results[0].states.sort()).toEqual(['Charge', 'Check', 'Refused']);
    expect(results[0].transitions.sort()).toEqual(['Charge.Catch[0]', 'Check.Choices[0]']);
    expect(results[1].transitions).toEqual(['Check.Default']);
  });
});
