// The path of a local run (src/local) painted on the graph: each state's status, the edges taken.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import type { GraphModel } from '../../src/graph/model.js';
import { executionPath, overlayPath } from '../../src/graph/overlay.js';
import { run } from '../local/helpers.js';
import { fixtureMachines, fixturesRoot } from './helpers.js';

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
      Rejected: 'not-reached',
    });
    expect(graph.nodes.find((n) => n.id === 'PriceLine')!.entered).toBe(input.items.length);
    expect(graph.edges.filter((e) => !e.taken).map((e) => `${e.from}->${e.to}`)).toEqual(['CheckOrder->Rejected', 'Rejected->__end__']);
    expect(graph.caption).toBe('m: local run SUCCEEDED');
  });

  it('an empty order: the Choice takes its Default to the Fail state, which is red, and nothing else is reached', async () => {
    const { graph } = await overlaid(demo, { items: [] });
    expect(statuses(graph)).toMatchObject({ CheckOrder: 'succeeded', Rejected: 'failed', PriceLines: 'not-reached', Done: 'not-reached', QueueReceipt: 'not-reached' });
    expect(taken(graph)).toEqual(['__start__->CheckOrder', 'CheckOrder->Rejected', 'Rejected->__end__']);
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
    expect(taken(graph)).toHaveLength(6);
  });

  it('a history cut before the end (an execution still running) shows its current state as running', async () => {
    const r = await run(withCatch, {}, { mocks: { Charge: { ok: 1 } } });
    const cut = r.events.slice(0, r.events.findIndex((e) => e.type === 'PassStateEntered') + 1);
    const path = executionPath(cut);
    expect(path.status).toBe('RUNNING');
    expect(Object.fromEntries([...path.states].map(([k, v]) => [k, v.status]))).toEqual({ Charge: 'succeeded', Ship: 'running' });
  });
});
