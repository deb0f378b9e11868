// Execution histories in the shape GetExecutionHistory returns them from AWS, for runs the local runner
// does not produce: branches still in progress when a sibling fails (it runs every branch to the end),
// StopExecution, a state that fails without a failure event of its own.
import type { HistoryEvent, HistoryEventType } from '@aws-sdk/client-sfn';

type Step = [type: HistoryEventType, previous: number, name?: string];

/** Events numbered from 1 in order; a name makes a StateEntered/StateExited event carry it. */
export function history(steps: Step[]): HistoryEvent[] {
  return steps.map(([type, previousEventId, name], i) => {
    const event: HistoryEvent = { id: i + 1, previousEventId, type, timestamp: new Date(Date.UTC(2025, 0, 1, 0, 0, i)) };
    if (type.endsWith('StateEntered')) event.stateEnteredEventDetails = { name: name ?? '?', input: '{}' };
    if (type.endsWith('StateExited')) event.stateExitedEventDetails = { name: name ?? '?', output: '{}' };
    return event;
  });
}

/** The definition `parallelFailureHistory` ran: Parallel `Both` (branches `Bad`, `Slow`), caught into the Fail state `Recover`. */
export const parallelFailureDefinition = {
  StartAt: 'Both',
  States: {
    Both: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Bad', States: { Bad: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true } } },
        { StartAt: 'Slow', States: { Slow: { Type: 'Wait', Seconds: 60, End: true } } },
      ],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Recover' }],
      Next: 'Skipped',
    },
    Recover: { Type: 'Fail', Error: 'Gave up' },
    Skipped: { Type: 'Succeed' },
  },
};

/**
 * A Parallel `Both` with branches `Bad` (a Task that fails) and `Slow` (a Wait still waiting when Bad
 * fails, so Step Functions stops it); a Catch on Both leads to the Fail state `Recover`.
 */
export function parallelFailureHistory(): HistoryEvent[] {
  return history([
    ['ExecutionStarted', 0],
    ['ParallelStateEntered', 0, 'Both'],
    ['ParallelStateStarted', 2],
    ['TaskStateEntered', 3, 'Bad'],
    ['WaitStateEntered', 3, 'Slow'],
    ['TaskScheduled', 4],
    ['TaskStarted', 6],
    ['TaskFailed', 7],
    ['ParallelStateFailed', 8],
    ['ParallelStateExited', 9, 'Both'],
    ['FailStateEntered', 10, 'Recover'],
    ['ExecutionFailed', 11],
  ]);
}
