// The path of a local run (src/local) painted on the graph: each state's status, the edges taken.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import type { GraphModel } from '../../src/graph/model.js';
import { executionPath, overlayPath } from '../../src/graph/overlay.js';
import { run } from '../local/helpers.js';
import { fixtureMachines, fixturesRoot } from './helpers.js';
import { history, parallelFailureHistory } from './histories.js';

const statuses = (g: GraphModel) => Object.fromEntries(g.nodes.filter((n) => n.status).map((n) => [n.id, n.status]));
const taken = (g: GraphModel) => g.edges.filter((e) => e.taken).map((e) => `${e.from}->${e.to}`);

async function overlaid(definition: object, input: unknown, mocks: Record<string, unknown> = {}) {
  const r = await run(definition, input, { mocks });
  return { run: r, graph: overlayPath(buildGraph(definition, 'm'), executionPath(r.events), `m: local run ${r.status}`) };
}

describe('overlay of fixtures/demo runs', () => {
  let demo: Record<string, unknown>;
  beforeAll(async () => {
    demo = (await fixtureMachines()).find((m) => m.fixture === 'demo')!.definition;
  });

  it('a successful order: every state on the way is green, the Map item state entered once per item, Rejected not reached', async () => {
    const input = JSON.parse(readFileSync(join(fixturesRoot, 'demo', 'input.json'), 'utf8')) as { items: unknown[] };
    const { graph } = await overlaid(demo, input, { QueueReceipt: { MessageId: 'm-1' } });
    expect(statuses(graph)).toEqual({
      CheckOrder: 'succeeded',
      PriceLines: 'succeeded',
      PriceLine: 'succeeded',
      'PriceLines (end)': 'succeeded',
      Fulfil: 'succeeded',
      ReserveStock: 'succeeded',
      WaitForCourier: 'succeeded',
      Ship: 'succeeded',
      'Fulfil (end)': 'succeeded',
      QueueReceipt: 'succeeded',
      Done: 'succeeded',
      ReceiptNotQueued: 'not-reached',
      Rejected: 'not-reached',
    });
    expect(graph.nodes.find((n) => n.id === 'PriceLine')!.entered).toBe(input.items.length);
    expect(graph.edges.filter((e) => !e.taken).map((e) => `${e.from}->${e.to}`)).toEqual(['CheckOrder->Rejected', 'QueueReceipt->ReceiptNotQueued', 'ReceiptNotQueued->__end__', 'Rejected->__end__']);
    expect(graph.caption).toBe('m: local run SUCCEEDED');
  });

  it('an empty order: the Choice takes its Default to the Fail state, which is red, and nothing else is reached', async () => {
    const { graph } = await overlaid(demo, { items: [] });
    expect(statuses(graph)).toMatchObject({ CheckOrder: 'succeeded', Rejected: 'failed', PriceLines: 'not-reached', Done: 'not-reached', QueueReceipt: 'not-reached' });
    expect(taken(graph)).toEqual(['__start__->CheckOrder', 'CheckOrder->Rejected', 'Rejected->__end__']);
  });

  it('the Fail state\'s edge to End is taken as a failure (the run did not succeed to End); the edges before it are not', async () => {
    const { graph } = await overlaid(demo, { items: [] });
    expect(graph.edges.filter((e) => e.taken).map((e) => [`${e.from}->${e.to}`, e.failure ?? false])).toEqual([
      ['__start__->CheckOrder', false],
      ['CheckOrder->Rejected', false],
      ['Rejected->__end__', true],
    ]);
    const ok = await overlaid(demo, JSON.parse(readFileSync(join(fixturesRoot, 'demo', 'input.json'), 'utf8')), { QueueReceipt: { MessageId: 'm-1' } });
    expect(ok.graph.edges.filter((e) => e.failure)).toEqual([]);
  });
});

describe('overlay of hand-written runs', () => {
  const withCatch = {
    StartAt: 'Charge',
    States: {
      Charge: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Retry: [{ ErrorEquals: ['Flaky'], MaxAttempts: 2, IntervalSeconds: 1 }],
        Catch: [{ ErrorEquals: ['Declined'], Next: 'Refund' }],
        Next: 'Ship',
      },
      Ship: { Type: 'Pass', End: true },
      Refund: { Type: 'Pass', End: true },
    },
  };

  it('a Task whose error a Catch takes is orange, the dashed Catch edge is taken and its Next is not', async () => {
    const { graph } = await overlaid(withCatch, {}, { Charge: { error: 'Declined', cause: 'card' } });
    expect(statuses(graph)).toEqual({ Charge: 'caught', Refund: 'succeeded', Ship: 'not-reached' });
    expect(taken(graph)).toEqual(['__start__->Charge', 'Charge->Refund', 'Refund->__end__']);
    expect(graph.edges.find((e) => e.kind === 'catch')!.taken).toBe(true);
  });

  it('a Task that succeeds after a retry is green, not caught', async () => {
    const { graph } = await overlaid(withCatch, {}, { Charge: { sequence: [{ error: 'Flaky' }, { ok: 1 }] } });
    expect(statuses(graph)).toEqual({ Charge: 'succeeded', Ship: 'succeeded', Refund: 'not-reached' });
    expect(taken(graph)).toEqual(['__start__->Charge', 'Charge->Ship', 'Ship->__end__']);
  });

  it('an error no Catch takes: the Task is red and the execution stops there', async () => {
    const { graph, run: r } = await overlaid(withCatch, {}, { Charge: { error: 'Other' } });
    expect(r.status).toBe('FAILED');
    expect(statuses(graph)).toEqual({ Charge: 'failed', Ship: 'not-reached', Refund: 'not-reached' });
    expect(taken(graph)).toEqual(['__start__->Charge']);
  });

  it('a Parallel whose branch fails: the branch state is red, the Parallel and its join orange, the Catch leaves from the join', async () => {
    const def = {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Good', States: { Good: { Type: 'Pass', End: true } } },
            { StartAt: 'Bad', States: { Bad: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true } } },
          ],
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Cleanup' }],
          Next: 'Finish',
        },
        Cleanup: { Type: 'Pass', End: true },
        Finish: { Type: 'Succeed' },
      },
    };
    const { graph } = await overlaid(def, {}, { Bad: { error: 'Queue.Gone' } });
    expect(statuses(graph)).toEqual({ Both: 'caught', Good: 'succeeded', Bad: 'failed', 'Both (end)': 'caught', Cleanup: 'succeeded', Finish: 'not-reached' });
    expect(taken(graph).sort()).toEqual(['Both (end)->Cleanup', 'Both->Bad', 'Both->Good', 'Cleanup->__end__', 'Good->Both (end)', '__start__->Both'].sort());
  });

  it('a Map whose iteration fails without a Catch: the Map and the item state are red', async () => {
    const def = {
      StartAt: 'Each',
      States: {
        Each: { Type: 'Map', ItemProcessor: { StartAt: 'Check', States: { Check: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true } } }, Next: 'After' },
        After: { Type: 'Succeed' },
      },
    };
    const { graph } = await overlaid(def, [1, 2], { Check: { sequence: [{ ok: 1 }, { error: 'Nope' }] } });
    expect(statuses(graph)).toEqual({ Each: 'failed', Check: 'failed', 'Each (end)': 'failed', After: 'not-reached' });
    expect(graph.nodes.find((n) => n.id === 'Check')!.entered).toBe(2);
    expect(taken(graph).sort()).toEqual(['Check->Each (end)', 'Each->Check', '__start__->Each'].sort());
  });

  it('a loop: the states in it count their entries', async () => {
    const def = {
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Result: 0, ResultPath: '$.n', Next: 'More?' },
        'More?': { Type: 'Choice', Choices: [{ Variable: '$.n', NumericLessThan: 3, Next: 'Inc' }], Default: 'Out' },
        Inc: { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($.n, 1)' }, Next: 'More?' },
        Out: { Type: 'Succeed' },
      },
    };
    const { graph } = await overlaid(def, {});
    expect(graph.nodes.filter((n) => n.entered).map((n) => [n.id, n.entered])).toEqual([
      ['Init', 1],
      ['More?', 4],
      ['Inc', 3],
      ['Out', 1],
    ]);
    expect(taken(graph)).toEqual(['__start__->Init', 'Init->More?', 'More?->Inc', 'More?->Out', 'Inc->More?', 'Out->__end__']);
  });

  it('a history cut before the end (an execution still running) shows its current state as running', async () => {
    const r = await run(withCatch, {}, { mocks: { Charge: { ok: 1 } } });
    const cut = r.events.slice(0, r.events.findIndex((e) => e.type === 'PassStateEntered') + 1);
    const path = executionPath(cut);
    expect(path.status).toBe('RUNNING');
    expect(Object.fromEntries([...path.states].map(([k, v]) => [k, v.status]))).toEqual({ Charge: 'succeeded', Ship: 'running' });
  });
});

describe('overlay of AWS histories: what Step Functions stopped is aborted, not failed', () => {
  const paths = (events: Parameters<typeof executionPath>[0]) => Object.fromEntries([...executionPath(events).states].map(([k, v]) => [k, v.status]));

  it('a Parallel branch fails while its sibling waits: the failing Task is red, the stopped Wait aborted, the Parallel caught', () => {
    const path = executionPath(parallelFailureHistory());
    expect(path.status).toBe('FAILED');
    expect(paths(parallelFailureHistory())).toEqual({ Both: 'caught', Bad: 'failed', Slow: 'aborted', Recover: 'failed' });
  });

  it('the same without a Catch: the Parallel fails with its branch, the sibling is still only aborted', () => {
    const events = history([
      ['ExecutionStarted', 0],
      ['ParallelStateEntered', 0, 'Both'],
      ['ParallelStateStarted', 2],
      ['WaitStateEntered', 3, 'Slow'],
      ['TaskStateEntered', 3, 'Bad'],
      ['TaskScheduled', 5],
      ['TaskStarted', 6],
      ['TaskFailed', 7],
      ['ParallelStateFailed', 8],
      ['ExecutionFailed', 9],
    ]);
    expect(paths(events)).toEqual({ Both: 'failed', Bad: 'failed', Slow: 'aborted' });
    const model = overlayPath(buildGraph(
      {
        StartAt: 'Both',
        States: {
          Both: {
            Type: 'Parallel',
            End: true,
            Branches: [
              { StartAt: 'Bad', States: { Bad: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true } } },
              { StartAt: 'Slow', States: { Slow: { Type: 'Wait', Seconds: 60, End: true } } },
            ],
          },
        },
      },
      'm',
    ), executionPath(events));
    expect(statuses(model)).toEqual({ Both: 'failed', Bad: 'failed', Slow: 'aborted', 'Both (end)': 'failed' });
    expect(taken(model).sort()).toEqual(['Both->Bad', 'Both->Slow', '__start__->Both']);
  });

  it('a Map iteration fails while another is in a Wait: the item Task is red, the Wait aborted, the Map red', () => {
    const events = history([
      ['ExecutionStarted', 0],
      ['MapStateEntered', 0, 'Each'],
      ['MapStateStarted', 2],
      ['MapIterationStarted', 3],
      ['MapIterationStarted', 3],
      ['TaskStateEntered', 4, 'Check'],
      ['TaskStateEntered', 5, 'Check'],
      ['TaskScheduled', 6],
      ['TaskScheduled', 7],
      ['TaskStarted', 8],
      ['TaskStarted', 9],
      ['TaskSucceeded', 10],
      ['TaskStateExited', 12, 'Check'],
      ['WaitStateEntered', 13, 'Hold'],
      ['TaskFailed', 11],
      ['MapIterationFailed', 15],
      ['MapStateFailed', 16],
      ['ExecutionFailed', 17],
    ]);
    expect(paths(events)).toEqual({ Each: 'failed', Check: 'failed', Hold: 'aborted' });
    expect(executionPath(events).states.get('Check')!.entered).toBe(2);
  });

  it('a stopped execution (StopExecution): the state it was in is aborted, the ones before it succeeded', () => {
    const events = history([
      ['ExecutionStarted', 0],
      ['PassStateEntered', 0, 'Prepare'],
      ['PassStateExited', 2, 'Prepare'],
      ['WaitStateEntered', 3, 'Hold'],
      ['ExecutionAborted', 4],
    ]);
    expect(executionPath(events).status).toBe('ABORTED');
    expect(paths(events)).toEqual({ Prepare: 'succeeded', Hold: 'aborted' });
  });

  it('a state that fails with no failure event of its own (a Choice no rule matched) is red, not aborted', () => {
    const events = history([
      ['ExecutionStarted', 0],
      ['ChoiceStateEntered', 0, 'Route'],
      ['ExecutionFailed', 2],
    ]);
    expect(paths(events)).toEqual({ Route: 'failed' });
  });

  it('a Task that failed, was retried and then succeeded is green', () => {
    const events = history([
      ['ExecutionStarted', 0],
      ['TaskStateEntered', 0, 'Call'],
      ['TaskScheduled', 2],
      ['TaskStarted', 3],
      ['TaskFailed', 4],
      ['TaskScheduled', 5],
      ['TaskStarted', 6],
      ['TaskSucceeded', 7],
      ['TaskStateExited', 8, 'Call'],
      ['ExecutionSucceeded', 9],
    ]);
    expect(paths(events)).toEqual({ Call: 'succeeded' });
  });
});
