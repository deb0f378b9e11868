// JSONata states: Arguments, Output (including the Output another local runner ignored on Node 20),
// Assign, Condition, Items/ItemSelector, Wait Seconds, Fail Error/Cause, Catch errorOutput, with
// QueryLanguage at the top level or per state.
import { describe, expect, test } from 'vitest';
import { run } from './helpers.js';

describe('JSONata', () => {
  test('a Pass state Output is evaluated (not ignored)', async () => {
    const def = { QueryLanguage: 'JSONata', StartAt: 'P', States: { P: { Type: 'Pass', Output: { total: '{% $sum($states.input.items.price) %}', fixed: 'text' }, End: true } } };
    expect((await run(def, { items: [{ price: 2 }, { price: 3.5 }] })).output).toEqual({ total: 5.5, fixed: 'text' });
  });

  test('Task Arguments go to the task; Output reads $states.result; without Output the result is the output', async () => {
    const def = {
      QueryLanguage: 'JSONata',
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Arguments: { FunctionName: 'charge', Payload: { amount: '{% $states.input.cents / 100 %}' } },
          Output: { charged: '{% $states.result.Payload.ok %}', from: '{% $states.input.cents %}' },
          Next: 'U',
        },
        U: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true },
      },
    };
    const r = await run(def, { cents: 250 }, { mocks: { T: { Payload: { ok: true } }, U: { MessageId: 'm-1' } } });
    expect(JSON.parse(r.events.find((e) => e.type === 'TaskScheduled')!.taskScheduledEventDetails!.parameters!)).toEqual({ FunctionName: 'charge', Payload: { amount: 2.5 } });
    expect(r.output).toEqual({ MessageId: 'm-1' });
    expect(r.events.find((e) => e.type === 'TaskStateExited')!.stateExitedEventDetails!.output).toBe('{"charged":true,"from":250}');
  });

  test('Assign sets variables for later states; Output of the same state still sees the old values', async () => {
    const def = {
      QueryLanguage: 'JSONata',
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Assign: { count: 1 }, Next: 'B' },
        B: { Type: 'Pass', Assign: { count: '{% $count + 1 %}' }, Output: { seen: '{% $count %}' }, Next: 'C' },
        C: { Type: 'Pass', Output: '{% {"count": $count, "prev": $states.input.seen} %}', End: true },
      },
    };
    const r = await run(def, {});
    expect(r.output).toEqual({ count: 2, prev: 1 });
  });

  test('Choice Condition picks the first true rule; a rule brings its own Output', async () => {
    const def = {
      QueryLanguage: 'JSONata',
      StartAt: 'C',
      States: {
        C: {
          Type: 'Choice',
          Choices: [
            { Condition: '{% $states.input.n > 10 %}', Next: 'Big', Output: { size: 'big' } },
            { Condition: '{% $states.input.n > 0 %}', Next: 'Small' },
          ],
          Default: 'Zero',
        },
        Big: { Type: 'Succeed' },
        Small: { Type: 'Succeed' },
        Zero: { Type: 'Succeed', Output: 'zero' },
      },
    };
    expect((await run(def, { n: 11 })).output).toEqual({ size: 'big' });
    expect((await run(def, { n: 5 })).output).toEqual({ n: 5 });
    expect((await run(def, { n: 0 })).output).toBe('zero');
  });

  test('a Condition that is not boolean is States.QueryEvaluationError', async () => {
    const def = { QueryLanguage: 'JSONata', StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.n %}', Next: 'X' }] }, X: { Type: 'Succeed' } } };
    expect((await run(def, { n: 3 })).error).toBe('States.QueryEvaluationError');
  });

  test('an expression that yields nothing, or throws, is States.QueryEvaluationError (catchable)', async () => {
    const def = {
      QueryLanguage: 'JSONata',
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Arguments: '{% $states.input.missing %}',
          Catch: [{ ErrorEquals: ['States.QueryEvaluationError'], Output: '{% $states.errorOutput.Error %}', Next: 'Done' }],
          End: true,
        },
        Done: { Type: 'Succeed' },
      },
    };
    expect((await run(def, {}, { mocks: { T: 1 } })).output).toBe('States.QueryEvaluationError');
  });

  test('Map Items and ItemSelector with $states.context.Map.Item; Output of the Map', async () => {
    const def = {
      QueryLanguage: 'JSONata',
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          Items: '{% $states.input.xs %}',
          ItemSelector: { i: '{% $states.context.Map.Item.Index %}', v: '{% $states.context.Map.Item.Value * $states.input.k %}' },
          ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', Output: '{% $states.input.i & ":" & $states.input.v %}', End: true } } },
          Output: '{% $join($states.result, ",") %}',
          End: true,
        },
      },
    };
    expect((await run(def, { xs: [1, 2, 3], k: 10 })).output).toBe('0:10,1:20,2:30');
  });

  test('Parallel Arguments and Output; variables from outside are read inside branches, and branch ones stay inside', async () => {
    const def = {
      QueryLanguage: 'JSONata',
      StartAt: 'Set',
      States: {
        Set: { Type: 'Pass', Assign: { base: 100 }, Next: 'P' },
        P: {
          Type: 'Parallel',
          Arguments: { x: '{% $states.input.x %}' },
          Branches: [
            { StartAt: 'B1', States: { B1: { Type: 'Pass', Assign: { inner: 1 }, Output: '{% $base + $states.input.x %}', End: true } } },
            { StartAt: 'B2', States: { B2: { Type: 'Pass', Output: '{% $states.input.x * 2 %}', End: true } } },
          ],
          Output: '{% {"sum": $sum($states.result), "inner": $exists($inner)} %}',
          End: true,
        },
      },
    };
    expect((await run(def, { x: 5 })).output).toEqual({ sum: 115, inner: false });
  });

  test('Wait Seconds from an expression; Fail Error and Cause from expressions', async () => {
    const def = {
      QueryLanguage: 'JSONata',
      StartAt: 'W',
      States: {
        W: { Type: 'Wait', Seconds: '{% $states.input.delay %}', Next: 'F' },
        F: { Type: 'Fail', Error: '{% "E." & $states.input.code %}', Cause: '{% "after " & $string($states.input.delay) & "s" %}' },
      },
    };
    const r = await run(def, { delay: 7, code: 'Late' });
    expect([r.error, r.cause]).toEqual(['E.Late', 'after 7s']);
    expect(r.events.at(-1)!.timestamp!.getTime() - r.events[0].timestamp!.getTime()).toBe(7000);
  });

  test('QueryLanguage per state mixes JSONPath and JSONata states', async () => {
    const def = {
      StartAt: 'Path',
      States: {
        Path: { Type: 'Pass', Parameters: { 'v.$': '$.a' }, Next: 'Nata' },
        Nata: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $states.input.v + 1 %}', End: true },
      },
    };
    expect((await run(def, { a: 1 })).output).toBe(2);
  });

  test('$states.context carries the execution and state', async () => {
    const def = { QueryLanguage: 'JSONata', StartAt: 'P', States: { P: { Type: 'Pass', Output: '{% $states.context.Execution.Name & "/" & $states.context.State.Name %}', End: true } } };
    expect((await run(def, {})).output).toBe('exec-1/P');
  });

  test('a JSONPath field in a JSONata state, and a syntax error, are clear UserErrors', async () => {
    const bad = { QueryLanguage: 'JSONata', StartAt: 'P', States: { P: { Type: 'Pass', Parameters: {}, End: true } } };
    await expect(run(bad, {})).rejects.toThrow(/'P' is a JSONata state and cannot use Parameters/);
    const syntax = { QueryLanguage: 'JSONata', StartAt: 'P', States: { P: { Type: 'Pass', Output: '{% $states.input. %}', End: true } } };
    await expect(run(syntax, {})).rejects.toThrow(/Output of state 'P' is not a valid JSONata expression/);
  });
});
