// The history a local run records, checked event by event: the same shape as SFN GetExecutionHistory.
import { expect, test } from 'vitest';
import { run } from './helpers.js';

const at = (ms: number) => new Date(Date.parse('2024-05-01T12:00:00.000Z') + ms);

test('a Pass, a Wait and a failing Lambda task give exactly this history', async () => {
  const def = {
    StartAt: 'Hello',
    States: {
      Hello: { Type: 'Pass', Result: 'hi', ResultPath: '$.greeting', Next: 'Pause' },
      Pause: { Type: 'Wait', Seconds: 2, Next: 'Call' },
      Call: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:call', End: true },
    },
  };
  const r = await run(def, { n: 1 }, { mocks: { Call: { error: 'Oops', cause: 'bad input' } } });
  expect(r.status).toBe('FAILED');
  expect(r.events).toEqual([
    {
      id: 1, previousEventId: 0, timestamp: at(0), type: 'ExecutionStarted',
      executionStartedEventDetails: { input: '{"n":1}', inputDetails: { truncated: false }, roleArn: 'arn:aws:iam::000000000000:role/Machine-local' },
    },
    { id: 2, previousEventId: 1, timestamp: at(0), type: 'PassStateEntered', stateEnteredEventDetails: { name: 'Hello', input: '{"n":1}', inputDetails: { truncated: false } } },
    {
      id: 3, previousEventId: 2, timestamp: at(0), type: 'PassStateExited',
      stateExitedEventDetails: { name: 'Hello', output: '{"n":1,"greeting":"hi"}', outputDetails: { truncated: false } },
    },
    { id: 4, previousEventId: 3, timestamp: at(0), type: 'WaitStateEntered', stateEnteredEventDetails: { name: 'Pause', input: '{"n":1,"greeting":"hi"}', inputDetails: { truncated: false } } },
    {
      id: 5, previousEventId: 4, timestamp: at(2000), type: 'WaitStateExited',
      stateExitedEventDetails: { name: 'Pause', output: '{"n":1,"greeting":"hi"}', outputDetails: { truncated: false } },
    },
    { id: 6, previousEventId: 5, timestamp: at(2000), type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'Call', input: '{"n":1,"greeting":"hi"}', inputDetails: { truncated: false } } },
    {
      id: 7, previousEventId: 6, timestamp: at(2000), type: 'LambdaFunctionScheduled',
      lambdaFunctionScheduledEventDetails: { resource: 'arn:aws:lambda:us-east-1:123456789012:function:call', input: '{"n":1,"greeting":"hi"}', inputDetails: { truncated: false } },
    },
    { id: 8, previousEventId: 7, timestamp: at(2000), type: 'LambdaFunctionStarted' },
    { id: 9, previousEventId: 8, timestamp: at(2000), type: 'LambdaFunctionFailed', lambdaFunctionFailedEventDetails: { error: 'Oops', cause: 'bad input' } },
    { id: 10, previousEventId: 9, timestamp: at(2000), type: 'ExecutionFailed', executionFailedEventDetails: { error: 'Oops', cause: 'bad input' } },
  ]);
});

test('branch events keep their own previousEventId chain after the history is put in time order', async () => {
  const def = {
    StartAt: 'P',
    States: {
      P: {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'Slow', States: { Slow: { Type: 'Wait', Seconds: 5, End: true } } },
          { StartAt: 'Fast', States: { Fast: { Type: 'Pass', End: true } } },
        ],
        End: true,
      },
    },
  };
  const r = await run(def, {});
  const byId = new Map(r.events.map((e) => [e.id, e]));
  const ids = r.events.map((e) => e.id);
  expect(ids).toEqual(ids.map((_, i) => i + 1));
  const fastEntered = r.events.find((e) => e.stateEnteredEventDetails?.name === 'Fast')!;
  expect(byId.get(fastEntered.previousEventId!)!.type).toBe('ParallelStateStarted');
  const slowExited = r.events.find((e) => e.type === 'WaitStateExited')!;
  expect(byId.get(slowExited.previousEventId!)!.stateEnteredEventDetails?.name).toBe('Slow');
  for (let i = 1; i < r.events.length; i++) expect(r.events[i].timestamp!.getTime()).toBeGreaterThanOrEqual(r.events[i - 1].timestamp!.getTime());
});

test('a Resource left as Fn::GetAtt (a definition straight from serverless.yml) is a Lambda function task', async () => {
  const def = { StartAt: 'Hello', States: { Hello: { Type: 'Task', Resource: { 'Fn::GetAtt': ['hello', 'Arn'] }, End: true } } };
  const r = await run(def, {}, { mocks: { Hello: 'hi' } });
  expect(r.output).toBe('hi');
  expect(r.events.find((e) => e.type === 'LambdaFunctionScheduled')?.lambdaFunctionScheduledEventDetails?.resource).toBe('hello');
});
