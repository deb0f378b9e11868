// JSONPath-state data flow: InputPath → Parameters → task → ResultSelector → ResultPath → OutputPath,
// against the AWS developer guide's examples ("Processing input and output", "ResultPath",
// "Parameters") and hand-computed cases; the path selectors; the context object; variables.
import { describe, expect, test } from 'vitest';
import { evaluate, run } from './helpers.js';

const task = (extra: object) => ({ StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true, ...extra } } });

describe('input and output processing', () => {
  test("the guide's example: InputPath $.lambda, ResultPath $.data.lambdaresult, OutputPath $.data", async () => {
    const input = { comment: 'An input comment.', data: { val1: 23, val2: 17 }, extra: 'foo', lambda: { who: 'AWS Step Functions' } };
    const r = await run(task({ InputPath: '$.lambda', ResultPath: '$.data.lambdaresult', OutputPath: '$.data' }), input, {
      mocks: { T: 'Hello, AWS Step Functions!' },
    });
    // ResultPath writes into the raw input (which still has data), not into the InputPath selection.
    expect(r.output).toEqual({ val1: 23, val2: 17, lambdaresult: 'Hello, AWS Step Functions!' });
    expect(r.events.find((e) => e.type === 'TaskScheduled')?.taskScheduledEventDetails?.parameters).toBe('{"who":"AWS Step Functions"}');
  });

  test("ResultPath $, null and $.taskresult (the guide's ResultPath page)", async () => {
    const input = { comment: 'This is a test', details: 'Default example', who: 'Step Functions' };
    const mocks = { T: 'Hello, Step Functions!' };
    expect((await run(task({ ResultPath: '$' }), input, { mocks })).output).toBe('Hello, Step Functions!');
    expect((await run(task({ ResultPath: null }), input, { mocks })).output).toEqual(input);
    expect((await run(task({ ResultPath: '$.taskresult' }), input, { mocks })).output).toEqual({ ...input, taskresult: 'Hello, Step Functions!' });
  });

  test("Parameters select and rename (the guide's Parameters example)", async () => {
    const input = {
      comment: 'Example for Parameters.',
      product: { details: { color: 'blue', size: 'small', material: 'cotton' }, availability: 'in stock', sku: '2317', cost: '$23' },
    };
    const def = {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Pass',
          Parameters: { comment: 'Selecting what I care about.', MyDetails: { 'size.$': '$.product.details.size', 'exists.$': '$.product.availability', StaticValue: 'foo' } },
          End: true,
        },
      },
    };
    expect((await run(def, input)).output).toEqual({ comment: 'Selecting what I care about.', MyDetails: { size: 'small', exists: 'in stock', StaticValue: 'foo' } });
  });

  test("ResultSelector picks from the raw result before ResultPath (the guide's EMR example, shortened)", async () => {
    const result = { resourceType: 'elasticmapreduce', resource: 'createCluster.sync', output: { SdkHttpMetadata: { httpStatusCode: 200 }, ClusterId: 'AKIAIOSFODNN7EXAMPLE' } };
    const r = await run(task({ ResultSelector: { 'ClusterId.$': '$.output.ClusterId', 'ResourceType.$': '$.resourceType' }, ResultPath: '$.EMROutput' }), { Name: 'MyWorkflowCluster' }, {
      mocks: { T: result },
    });
    expect(r.output).toEqual({ Name: 'MyWorkflowCluster', EMROutput: { ClusterId: 'AKIAIOSFODNN7EXAMPLE', ResourceType: 'elasticmapreduce' } });
  });

  test('all five steps in order, hand-computed', async () => {
    const input = { order: { id: 'o-1', lines: [{ sku: 'a', qty: 2 }, { sku: 'b', qty: 1 }] }, keep: true };
    const r = await run(
      task({
        InputPath: '$.order',
        Parameters: { 'orderId.$': '$.id', 'skus.$': '$.lines[*].sku', 'state.$': '$$.State.Name' },
        ResultSelector: { 'charged.$': '$.Payload.amount' },
        ResultPath: '$.payment',
        OutputPath: '$.payment',
      }),
      input,
      { mocks: { T: { Payload: { amount: 42 }, StatusCode: 200 } } },
    );
    const scheduled = r.events.find((e) => e.type === 'TaskScheduled')!;
    expect(JSON.parse(scheduled.taskScheduledEventDetails!.parameters!)).toEqual({ orderId: 'o-1', skus: ['a', 'b'], state: 'T' });
    expect(r.output).toEqual({ charged: 42 });
  });

  test('InputPath null and OutputPath null give {}', async () => {
    expect((await run({ StartAt: 'P', States: { P: { Type: 'Pass', InputPath: null, End: true } } }, { a: 1 })).output).toEqual({});
    expect((await run({ StartAt: 'P', States: { P: { Type: 'Pass', OutputPath: null, End: true } } }, { a: 1 })).output).toEqual({});
  });

  test('Pass Result with ResultPath merges into the input; a deeper ResultPath creates objects', async () => {
    const def = { StartAt: 'P', States: { P: { Type: 'Pass', Result: { x: 1 }, ResultPath: '$.a.b.c', End: true } } };
    expect((await run(def, { a: { keep: 1 } })).output).toEqual({ a: { keep: 1, b: { c: { x: 1 } } } });
  });

  test('ResultPath into a string input is States.ResultPathMatchFailure', async () => {
    const r = await run({ StartAt: 'P', States: { P: { Type: 'Pass', Result: 1, ResultPath: '$.x', End: true } } }, 'text');
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.ResultPathMatchFailure');
  });

  test('a missing InputPath, Parameters path or OutputPath is States.Runtime', async () => {
    const missingInput = await run({ StartAt: 'P', States: { P: { Type: 'Pass', InputPath: '$.nope', End: true } } }, { a: 1 });
    expect([missingInput.error, missingInput.cause]).toEqual(['States.Runtime', expect.stringContaining("'$.nope'")]);
    const missingParam = await run({ StartAt: 'P', States: { P: { Type: 'Pass', Parameters: { 'x.$': '$.nope' }, End: true } } }, { a: 1 });
    expect(missingParam.cause).toMatch(/'\$\.nope' specified for the field 'Parameters.x.\$'/);
    const missingOutput = await run({ StartAt: 'P', States: { P: { Type: 'Pass', OutputPath: '$.nope', End: true } } }, { a: 1 });
    expect(missingOutput.error).toBe('States.Runtime');
  });

  test('States.Runtime is not caught even by States.ALL', async () => {
    const def = {
      StartAt: 'T',
      States: {
        T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', ResultSelector: { 'x.$': '$.missing' }, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'C' }], End: true },
        C: { Type: 'Succeed' },
      },
    };
    const r = await run(def, {}, { mocks: { T: {} } });
    expect(r).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });
});

describe('path selectors in Parameters', () => {
  const doc = {
    store: {
      book: [
        { title: 'A', price: 8, tags: ['x'] },
        { title: 'B', price: 12 },
        { title: 'C', price: 5, isbn: '1' },
      ],
      bicycle: { price: 20 },
    },
    'odd key': 'v',
  };
  test.each([
    ['$.store.book[0].title', 'A'],
    ["$['store']['book'][1]['title']", 'B'],
    ['$.store.book[-1].title', 'C'],
    ["$['odd key']", 'v'],
    ['$.store.book[*].title', ['A', 'B', 'C']],
    ['$.store.book[0:2].price', [8, 12]],
    ['$.store.book[0,2].title', ['A', 'C']],
    ['$.store.book[?(@.price < 10)].title', ['A', 'C']],
    ['$.store.book[?(@.isbn)].title', ['C']],
    ["$.store.book[?(@.title == 'B' || @.price > 7 && @.price < 9)].title", ['A', 'B']],
    ['$..price', [8, 12, 5, 20]],
    ['$.store.*.price', [20]],
  ])('%s', async (path, expected) => {
    expect(await evaluate(path, doc)).toEqual(expected);
  });
  test('an indefinite path that matches nothing is an empty list, not an error', async () => {
    expect(await evaluate('$.store.book[?(@.price > 100)].title', doc)).toEqual([]);
  });
});

describe('context object and variables', () => {
  test('$$ gives the execution input and name, the state name and entered time, the task token', async () => {
    const r = await run(
      task({
        Parameters: {
          'input.$': '$$.Execution.Input',
          'name.$': '$$.Execution.Name',
          'id.$': '$$.Execution.Id',
          'state.$': '$$.State.Name',
          'entered.$': '$$.State.EnteredTime',
          'token.$': '$$.Task.Token',
          'machine.$': '$$.StateMachine.Name',
        },
        ResultPath: null,
      }),
      { a: 1 },
      { mocks: { T: null } },
    );
    expect(JSON.parse(r.events.find((e) => e.type === 'TaskScheduled')!.taskScheduledEventDetails!.parameters!)).toEqual({
      input: { a: 1 },
      name: 'exec-1',
      id: 'arn:aws:states:local:000000000000:execution:Machine:exec-1',
      state: 'T',
      entered: '2024-05-01T12:00:00.000Z',
      token: 'local-task-token-1',
      machine: 'Machine',
    });
  });

  test('Assign stores variables read later as $name, in paths and in intrinsics', async () => {
    const def = {
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Result: { total: 3 }, Assign: { 'total.$': '$.total', label: 'fixed' }, Next: 'B' },
        B: { Type: 'Pass', Parameters: { 't.$': '$total', 'msg.$': "States.Format('{} of {}', $label, $total)" }, End: true },
      },
    };
    const r = await run(def, {});
    expect(r.output).toEqual({ t: 3, msg: 'fixed of 3' });
    const exited = r.events.find((e) => e.type === 'PassStateExited')!;
    expect(exited.stateExitedEventDetails!.assignedVariables).toEqual({ total: '3', label: '"fixed"' });
  });
});
