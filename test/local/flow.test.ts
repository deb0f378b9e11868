// Map, Parallel, Retry/Catch and Wait on the local interpreter, with mocks, against hand-computed
// outputs and virtual-clock times (nothing sleeps).
import { describe, expect, test } from 'vitest';
import { run, T0, types } from './helpers.js';

const elapsed = (r: { events: Array<{ timestamp?: Date }> }): number => r.events.at(-1)!.timestamp!.getTime() - T0.getTime();

describe('Map', () => {
  test('ItemsPath, ItemSelector with $$.Map.Item, ResultSelector-free output in item order', async () => {
    const def = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemsPath: '$.orders',
          ItemSelector: { 'index.$': '$$.Map.Item.Index', 'order.$': '$$.Map.Item.Value', 'currency.$': '$.currency' },
          ItemProcessor: {
            StartAt: 'Price',
            States: { Price: { Type: 'Pass', Parameters: { 'line.$': "States.Format('{}:{}{}', $.index, $.order.amount, $.currency)" }, OutputPath: '$.line', End: true } },
          },
          ResultPath: '$.lines',
          End: true,
        },
      },
    };
    const r = await run(def, { currency: 'EUR', orders: [{ amount: 5 }, { amount: 7 }] });
    expect(r.output).toEqual({ currency: 'EUR', orders: [{ amount: 5 }, { amount: 7 }], lines: ['0:5EUR', '1:7EUR'] });
    expect(r.events.find((e) => e.type === 'MapStateStarted')?.mapStateStartedEventDetails).toEqual({ length: 2 });
    expect(r.events.filter((e) => e.type === 'MapIterationSucceeded').map((e) => e.mapIterationSucceededEventDetails)).toEqual([
      { name: 'M', index: 0 },
      { name: 'M', index: 1 },
    ]);
  });

  test('the legacy Iterator and Parameters fields work like ItemProcessor and ItemSelector', async () => {
    const def = {
      StartAt: 'M',
      States: {
        M: { Type: 'Map', Parameters: { 'v.$': '$$.Map.Item.Value' }, Iterator: { StartAt: 'I', States: { I: { Type: 'Pass', End: true } } }, End: true },
      },
    };
    expect((await run(def, [1, 2])).output).toEqual([{ v: 1 }, { v: 2 }]);
  });

  test('a mocked Task inside the Map is called once per item, with the sequence in order', async () => {
    const def = {
      StartAt: 'M',
      States: { M: { Type: 'Map', ItemProcessor: { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', End: true } } }, End: true } },
    };
    const r = await run(def, ['a', 'b', 'c'], { mocks: { T: { sequence: [1, 2, 3] } } });
    expect(r.output).toEqual([1, 2, 3]);
  });

  test('an empty item list gives []', async () => {
    const def = { StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', End: true } } }, End: true } } };
    expect((await run(def, [])).output).toEqual([]);
  });

  test('a failed iteration fails the Map with its error unless failures are tolerated', async () => {
    const processor = { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', End: true } } };
    const mocks = { T: { sequence: ['ok', { error: 'Boom', cause: 'item 2' }, 'ok', 'ok'] } };
    const strict = await run({ StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: processor, End: true } } }, [1, 2, 3, 4], { mocks });
    expect([strict.status, strict.error, strict.cause]).toEqual(['FAILED', 'Boom', 'item 2']);
    expect(types(strict)).toContain('MapIterationFailed');
    expect(types(strict)).toContain('MapStateFailed');

    const tolerant = await run({ StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: processor, ToleratedFailurePercentage: 25, End: true } } }, [1, 2, 3, 4], { mocks });
    expect(tolerant.output).toEqual(['ok', { Error: 'Boom', Cause: 'item 2' }, 'ok', 'ok']);

    const exceeded = await run({ StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: processor, ToleratedFailureCount: 0, End: true } } }, [1, 2, 3, 4], { mocks });
    expect(exceeded.error).toBe('States.ExceedToleratedFailureThreshold');
  });

  test('items that are not an array are States.Runtime', async () => {
    const def = { StartAt: 'M', States: { M: { Type: 'Map', ItemsPath: '$.x', ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', End: true } } }, End: true } } };
    expect((await run(def, { x: { not: 'array' } })).error).toBe('States.Runtime');
  });
});

describe('Parallel', () => {
  test('each branch gets the (Parameters) input; the output is the array of branch outputs, then ResultSelector and ResultPath', async () => {
    const def = {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Parameters: { 'n.$': '$.n' },
          Branches: [
            { StartAt: 'Double', States: { Double: { Type: 'Pass', Parameters: { 'v.$': 'States.MathAdd($.n, $.n)' }, End: true } } },
            { StartAt: 'Charge', States: { Charge: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } } },
          ],
          ResultSelector: { 'doubled.$': '$[0].v', 'charge.$': '$[1].Payload' },
          ResultPath: '$.result',
          End: true,
        },
      },
    };
    const r = await run(def, { n: 21, keep: 'me' }, { mocks: { Charge: { Payload: 'charged' } } });
    expect(r.output).toEqual({ n: 21, keep: 'me', result: { doubled: 42, charge: 'charged' } });
    expect(types(r).filter((t) => t.startsWith('Parallel'))).toEqual(['ParallelStateEntered', 'ParallelStateStarted', 'ParallelStateSucceeded', 'ParallelStateExited']);
  });

  test('branches run side by side on the virtual clock: the Parallel takes as long as its longest branch', async () => {
    const def = {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'W5', States: { W5: { Type: 'Wait', Seconds: 5, End: true } } },
            { StartAt: 'W3', States: { W3: { Type: 'Wait', Seconds: 3, End: true } } },
          ],
          End: true,
        },
      },
    };
    const r = await run(def, {});
    expect(elapsed(r)).toBe(5000);
    // The 3-second branch ends first in the history.
    expect(r.events.filter((e) => e.type === 'WaitStateExited').map((e) => e.stateExitedEventDetails?.name)).toEqual(['W3', 'W5']);
  });

  test('a failing branch fails the Parallel, which a Catch can handle', async () => {
    const def = {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Ok', States: { Ok: { Type: 'Pass', End: true } } },
            { StartAt: 'Bad', States: { Bad: { Type: 'Fail', Error: 'Branch.Broke', Cause: 'on purpose' } } },
          ],
          Catch: [{ ErrorEquals: ['Branch.Broke'], ResultPath: '$.err', Next: 'Recovered' }],
          End: true,
        },
        Recovered: { Type: 'Pass', End: true },
      },
    };
    const r = await run(def, { id: 1 });
    expect(r.output).toEqual({ id: 1, err: { Error: 'Branch.Broke', Cause: 'on purpose' } });
    expect(types(r)).toContain('ParallelStateFailed');
  });
});

describe('Retry and Catch', () => {
  const retrying = (retry: object[], catchers: object[] = []) => ({
    StartAt: 'T',
    States: {
      T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Retry: retry, Catch: catchers, End: true },
      Fallback: { Type: 'Pass', End: true },
    },
  });

  test('retries with backoff on the virtual clock, then succeeds (2 s + 4 s)', async () => {
    const r = await run(retrying([{ ErrorEquals: ['Flaky'], IntervalSeconds: 2, BackoffRate: 2, MaxAttempts: 3 }]), {}, {
      mocks: { T: { sequence: [{ error: 'Flaky' }, { error: 'Flaky' }, { done: true }] } },
    });
    expect(r.output).toEqual({ done: true });
    expect(types(r).filter((t) => t === 'TaskFailed' || t === 'TaskScheduled')).toEqual(['TaskScheduled', 'TaskFailed', 'TaskScheduled', 'TaskFailed', 'TaskScheduled']);
    expect(elapsed(r)).toBe(6000);
  });

  // states-language.net, "Complex retry scenarios": the fourth error (ErrorB) finds the first retrier's
  // MaxAttempts of 2 already spent across ErrorA and ErrorB, so the Catch takes it. (The AWS developer
  // guide tells the same example with one more retry; we follow the specification.)
  test('complex retry scenario of the specification: ErrorA, ErrorB, ErrorC, ErrorB ends in the catcher after 1+2+5 s', async () => {
    const r = await run(
      retrying(
        [
          { ErrorEquals: ['ErrorA', 'ErrorB'], IntervalSeconds: 1, BackoffRate: 2.0, MaxAttempts: 2 },
          { ErrorEquals: ['ErrorC'], IntervalSeconds: 5 },
        ],
        [{ ErrorEquals: ['States.ALL'], Next: 'Fallback' }],
      ),
      {},
      { mocks: { T: { sequence: ['ErrorA', 'ErrorB', 'ErrorC', 'ErrorB', 'ErrorB'].map((error) => ({ error })) } } },
    );
    expect(r.output).toEqual({ Error: 'ErrorB', Cause: '' });
    expect(elapsed(r)).toBe(1000 + 2000 + 5000);
  });

  test('MaxAttempts 0 never retries; States.ALL retries anything else; MaxDelaySeconds caps the wait', async () => {
    const r = await run(
      retrying([
        { ErrorEquals: ['Fatal'], MaxAttempts: 0 },
        { ErrorEquals: ['States.ALL'], IntervalSeconds: 10, BackoffRate: 10, MaxAttempts: 2, MaxDelaySeconds: 30 },
      ]),
      {},
      { mocks: { T: { sequence: [{ error: 'Other' }, { error: 'Other' }, { error: 'Fatal', cause: 'stop' }] } } },
    );
    expect([r.status, r.error, r.cause]).toEqual(['FAILED', 'Fatal', 'stop']);
    expect(elapsed(r)).toBe(10_000 + 30_000);
  });

  test('States.TaskFailed matches any error but States.Timeout', async () => {
    const catchers = [{ ErrorEquals: ['States.TaskFailed'], Next: 'Fallback' }];
    expect((await run(retrying([], catchers), {}, { mocks: { T: { error: 'Lambda.Unknown' } } })).status).toBe('SUCCEEDED');
    expect((await run(retrying([], catchers), {}, { mocks: { T: { error: 'States.Timeout' } } })).status).toBe('FAILED');
  });

  test('Catch with ResultPath keeps the input and adds the error output; the state exits with it', async () => {
    const r = await run(retrying([], [{ ErrorEquals: ['Declined'], ResultPath: '$.error', Next: 'Fallback' }]), { card: '4242' }, {
      mocks: { T: { error: 'Declined', cause: 'insufficient funds' } },
    });
    expect(r.output).toEqual({ card: '4242', error: { Error: 'Declined', Cause: 'insufficient funds' } });
    expect(types(r)).toEqual([
      'ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskFailed', 'TaskStateExited',
      'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded',
    ]);
  });

  test('an uncaught error fails the execution with its error and cause', async () => {
    const r = await run(retrying([]), {}, { mocks: { T: { error: 'Nope', cause: 'really' } } });
    expect([r.status, r.error, r.cause]).toEqual(['FAILED', 'Nope', 'really']);
    expect(r.events.at(-1)).toMatchObject({ type: 'ExecutionFailed', executionFailedEventDetails: { error: 'Nope', cause: 'really' } });
  });

  test('$$.State.RetryCount counts the retries', async () => {
    const def = {
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { 'n.$': '$$.State.RetryCount' }, Retry: [{ ErrorEquals: ['X'] }], End: true } },
    };
    const r = await run(def, {}, { mocks: { T: { sequence: [{ error: 'X' }, { error: 'X' }, 'ok'] } } });
    expect(r.events.filter((e) => e.type === 'TaskScheduled').map((e) => e.taskScheduledEventDetails?.parameters)).toEqual(['{"n":0}', '{"n":1}', '{"n":2}']);
  });
});

describe('Wait', () => {
  const wait = (fields: object) => ({ StartAt: 'W', States: { W: { Type: 'Wait', ...fields, End: true } } });

  test('Seconds and SecondsPath advance the virtual clock without sleeping', async () => {
    const before = Date.now();
    expect(elapsed(await run(wait({ Seconds: 3600 }), {}))).toBe(3_600_000);
    expect(elapsed(await run(wait({ SecondsPath: '$.s' }), { s: 90 }))).toBe(90_000);
    expect(Date.now() - before).toBeLessThan(2000);
  });

  test('Timestamp and TimestampPath wait until then; a past time does not wait', async () => {
    expect(elapsed(await run(wait({ Timestamp: '2024-05-01T12:30:00Z' }), {}))).toBe(30 * 60_000);
    expect(elapsed(await run(wait({ TimestampPath: '$.at' }), { at: '2024-05-01T13:00:00+01:00' }))).toBe(0);
    expect(elapsed(await run(wait({ TimestampPath: '$.at' }), { at: '2024-05-01T11:00:00Z' }))).toBe(0);
  });

  test('a negative or non-integer SecondsPath and a bad TimestampPath are States.Runtime', async () => {
    expect((await run(wait({ SecondsPath: '$.s' }), { s: -1 })).error).toBe('States.Runtime');
    expect((await run(wait({ SecondsPath: '$.s' }), { s: 1.5 })).error).toBe('States.Runtime');
    expect((await run(wait({ TimestampPath: '$.t' }), { t: 'tomorrow' })).error).toBe('States.Runtime');
  });

  test('Wait passes its input through (InputPath/OutputPath apply)', async () => {
    expect((await run(wait({ Seconds: 1, InputPath: '$.a', OutputPath: '$.b' }), { a: { b: 7 } })).output).toBe(7);
  });
});

describe('Fail and Succeed', () => {
  test('Fail with ErrorPath and CausePath (a path and an intrinsic)', async () => {
    const def = { StartAt: 'F', States: { F: { Type: 'Fail', ErrorPath: '$.code', CausePath: "States.Format('order {} failed', $.id)" } } };
    const r = await run(def, { code: 'Order.Failed', id: 7 });
    expect([r.error, r.cause]).toEqual(['Order.Failed', 'order 7 failed']);
    expect(types(r)).toEqual(['ExecutionStarted', 'FailStateEntered', 'ExecutionFailed']);
  });

  test('a loop is stopped by maxSteps with a clear error', async () => {
    const def = { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'A' } } };
    await expect(run(def, {}, { maxSteps: 50 })).rejects.toThrow(/stopped after 50 states \(at 'A'\)/);
  });
});
