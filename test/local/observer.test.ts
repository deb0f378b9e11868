// The hooks `stepf test` uses: an observer that sees states entered, transitions by rule and attempts
// (it changes nothing), outcomes given already read, and the machine's TimeoutSeconds on the virtual clock.
import { describe, expect, it } from 'vitest';
import { run, types } from './helpers.js';

const FLOW = {
  StartAt: 'Route',
  States: {
    Route: { Type: 'Choice', Choices: [{ Variable: '$.a', IsPresent: true, Next: 'Work' }, { Variable: '$.b', IsPresent: true, Next: 'Work' }], Default: 'Done' },
    Work: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Retry: [{ ErrorEquals: ['Busy'], MaxAttempts: 3 }], Catch: [{ ErrorEquals: ['Other'], Next: 'Done' }, { ErrorEquals: ['States.ALL'], Next: 'Done' }], Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
};

function observed() {
  const log: string[] = [];
  return { log, observer: { stateEntered: (s: string) => log.push(`enter ${s}`), transition: (f: string, via: string, to: string) => log.push(`${f}.${via} -> ${to}`), attempt: (s: string) => log.push(`attempt ${s}`) } };
}

describe('observer', () => {
  it('names the Choice rule that matched (the second rule to the same state is Choices[1]), each attempt, and the Catch taken', async () => {
    const o = observed();
    const r = await run(FLOW, { b: 1 }, { mocks: { Work: { sequence: [{ error: 'Busy' }, { error: 'Boom' }] } }, observer: o.observer });
    expect(r.status).toBe('SUCCEEDED');
    expect(o.log).toEqual(['enter Route', 'Route.Choices[1] -> Work', 'enter Work', 'attempt Work', 'attempt Work', 'Work.Catch[1] -> Done', 'enter Done']);
  });

  it('a Default and a Next are named so; an observer that throws stops the run with its own error', async () => {
    const o = observed();
    await run(FLOW, {}, { observer: o.observer });
    expect(o.log).toEqual(['enter Route', 'Route.Default -> Done', 'enter Done']);
    const stop = run(FLOW, { a: 1 }, { mocks: { Work: {} }, observer: { stateEntered: (s) => { if (s === 'Work') throw new Error('stop at Work'); } } });
    await expect(stop).rejects.toThrow('stop at Work');
  });

  it('outcomes already read are used as mocks are (a result shaped like { error } stays a result)', async () => {
    const r = await run(FLOW, { a: 1 }, { outcomes: { Work: [{ result: { error: 'not an error' } }] } });
    expect(r.output).toEqual({ error: 'not an error' });
  });
});

describe('TimeoutSeconds of the machine, on the virtual clock', () => {
  it('a Wait past it ends the execution TIMED_OUT with States.Timeout, which no Catch can take', async () => {
    const def = { TimeoutSeconds: 60, StartAt: 'Nap', States: { Nap: { Type: 'Wait', Seconds: 61, Next: 'Done' }, Done: { Type: 'Succeed' } } };
    const r = await run(def, {});
    expect(r).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout', cause: "the execution ran past its TimeoutSeconds (60) in state 'Nap'" });
    expect(types(r).slice(-1)).toEqual(['ExecutionTimedOut']);
    expect((await run({ ...def, TimeoutSeconds: 61 }, {})).status).toBe('SUCCEEDED');
  });
});
