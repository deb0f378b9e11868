// The timeline of an execution history: one line per relevant event, payloads cut to a width, the
// failing state named with its error and cause; colour only when asked.
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { describe, expect, test } from 'vitest';
import { failingState, renderTimeline } from '../../src/report/timeline.js';
import { runLocal } from '../../src/local/index.js';

const t = (ms: number) => new Date(Date.parse('2024-05-01T12:00:00.000Z') + ms);

/** A failed execution as GetExecutionHistory returns it (trimmed to the fields the timeline reads). */
const awsFailed: HistoryEvent[] = [
  { id: 1, previousEventId: 0, timestamp: t(0), type: 'ExecutionStarted', executionStartedEventDetails: { input: '{"orderId":"o-1"}', roleArn: 'arn:aws:iam::1:role/r' } },
  { id: 2, previousEventId: 1, timestamp: t(12), type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'Charge', input: '{"orderId":"o-1"}' } },
  { id: 3, previousEventId: 2, timestamp: t(15), type: 'TaskScheduled', taskScheduledEventDetails: { resourceType: 'lambda', resource: 'invoke', region: 'us-east-1', parameters: '{"FunctionName":"charge","Payload":{"orderId":"o-1"}}' } },
  { id: 4, previousEventId: 3, timestamp: t(40), type: 'TaskStarted', taskStartedEventDetails: { resourceType: 'lambda', resource: 'invoke' } },
  { id: 5, previousEventId: 4, timestamp: t(1234), type: 'TaskFailed', taskFailedEventDetails: { resourceType: 'lambda', resource: 'invoke', error: 'CardDeclined', cause: 'insufficient funds' } },
  { id: 6, previousEventId: 5, timestamp: t(1250), type: 'ExecutionFailed', executionFailedEventDetails: { error: 'CardDeclined', cause: 'insufficient funds' } },
];

describe('renderTimeline', () => {
  test('a failed real execution: one line per relevant event, the failing state named at the end', () => {
    expect(renderTimeline(awsFailed, { color: false })).toBe(
      [
        '12:00:00.000  +0.000s  ExecutionStarted          input {"orderId":"o-1"}',
        '12:00:00.012  +0.012s  TaskStateEntered  Charge  input {"orderId":"o-1"}',
        '12:00:00.015  +0.015s  TaskScheduled     Charge  lambda:invoke {"FunctionName":"charge","Payload":{"orderId":"o-1"}}',
        '12:00:01.234  +1.234s  TaskFailed        Charge  error CardDeclined: insufficient funds',
        '12:00:01.250  +1.250s  ExecutionFailed           error CardDeclined: insufficient funds',
        "failed in state 'Charge': CardDeclined: insufficient funds",
        '',
      ].join('\n'),
    );
  });

  test('payloads are cut to the truncate width with an ellipsis; errors are not', () => {
    const out = renderTimeline(awsFailed, { color: false, truncate: 10 });
    expect(out).toContain('input {"orderId…');
    expect(out).toContain('lambda:invoke {"Functio…');
    expect(out).toContain('error CardDeclined: insufficient funds');
  });

  test('colour only when asked: red failures, bold failing state', () => {
    expect(renderTimeline(awsFailed, { color: false })).not.toMatch(/\u001b\[/);
    const coloured = renderTimeline(awsFailed, { color: true });
    expect(coloured).toContain('\u001b[31mTaskFailed');
    expect(coloured).toContain('\u001b[1mCharge');
    expect(coloured).toContain("\u001b[31mfailed in state 'Charge'");
  });

  test('a local run renders with the same renderer (Wait time shows in the elapsed column)', async () => {
    const def = { StartAt: 'Pause', States: { Pause: { Type: 'Wait', Seconds: 2, Next: 'Done' }, Done: { Type: 'Succeed' } } };
    const r = await runLocal(def, { a: 1 }, { context: { now: () => t(0) } });
    expect(renderTimeline(r.events, { color: false })).toBe(
      [
        '12:00:00.000  +0.000s  ExecutionStarted            input {"a":1}',
        '12:00:00.000  +0.000s  WaitStateEntered     Pause  input {"a":1}',
        '12:00:02.000  +2.000s  WaitStateExited      Pause  output {"a":1}',
        '12:00:02.000  +2.000s  SucceedStateEntered  Done   input {"a":1}',
        '12:00:02.000  +2.000s  SucceedStateExited   Done   output {"a":1}',
        '12:00:02.000  +2.000s  ExecutionSucceeded          output {"a":1}',
        '',
      ].join('\n'),
    );
  });

  test('Map and Parallel progress lines carry their state, iterations their index', async () => {
    const def = {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemProcessor: { StartAt: 'Both', States: { Both: { Type: 'Parallel', Branches: [{ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }], End: true } } },
          ToleratedFailureCount: 1,
          End: true,
        },
      },
    };
    const r = await runLocal(def, [1], { context: { now: () => t(0) } });
    const lines = renderTimeline(r.events, { color: false }).split('\n');
    const nameOf = (type: string) => lines.find((l) => l.includes(` ${type} `))?.split(/\s{2,}/)[3];
    expect(nameOf('MapStateStarted')).toBe('Each');
    expect(nameOf('ParallelStateStarted')).toBe('Both');
    expect(nameOf('ParallelStateSucceeded')).toBe('Both');
    expect(nameOf('MapStateSucceeded')).toBe('Each');
  });

  test('an empty history renders as nothing', () => {
    expect(renderTimeline([], { color: false })).toBe('');
  });
});

describe('failingState', () => {
  test('names the task state whose failure ended the execution', () => {
    expect(failingState(awsFailed)).toEqual({ state: 'Charge', error: 'CardDeclined', cause: 'insufficient funds' });
  });

  test('is undefined for a successful execution', () => {
    expect(failingState(awsFailed.slice(0, 4))).toBeUndefined();
  });

  test('a Fail state inside a Map iteration, after a caught task failure elsewhere', async () => {
    const def = {
      StartAt: 'Try',
      States: {
        Try: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: null, Next: 'Each' }], Next: 'Each' },
        Each: {
          Type: 'Map',
          ItemProcessor: { StartAt: 'Check', States: { Check: { Type: 'Fail', Error: 'Item.Bad', Cause: 'no stock' } } },
          End: true,
        },
      },
    };
    const r = await runLocal(def, [1], { mocks: { Try: { error: 'Queue.Down' } } });
    expect(failingState(r.events)).toEqual({ state: 'Check', error: 'Item.Bad', cause: 'no stock' });
  });

  test('a Choice without a match: the state that was running', async () => {
    const def = { StartAt: 'Route', States: { Route: { Type: 'Choice', Choices: [{ Variable: '$.a', IsPresent: true, Next: 'X' }] }, X: { Type: 'Succeed' } } };
    const r = await runLocal(def, {}, {});
    expect(failingState(r.events)).toMatchObject({ state: 'Route', error: 'States.NoChoiceMatched' });
  });
});
