// The graph model of fixtures' machines, checked as data: nodes, edges and clusters.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import type { GraphModel } from '../../src/graph/model.js';
import { fixtureMachines, stateNames, type FixtureMachine } from './helpers.js';

let machines: FixtureMachine[];
beforeAll(async () => {
  machines = await fixtureMachines();
});

const machine = (fixture: string, key: string) => {
  const m = machines.find((x) => x.fixture === fixture && x.key === key);
  if (!m) throw new Error(`no machine ${fixture}/${key}`);
  return buildGraph(m.definition, key);
};
const edges = (g: GraphModel) => g.edges.map((e) => [e.from, e.to, e.kind, ...(e.label ? [e.label] : [])]);
const nodes = (g: GraphModel) => g.nodes.map((n) => [n.id, n.kind, ...(n.cluster ? [n.cluster] : [])]);

describe('graph model of the fixtures', () => {
  it('covers every machine of every fixture that packages (at least hello, sample-app, features, demo)', () => {
    const fixtures = new Set(machines.map((m) => m.fixture));
    for (const f of ['hello', 'sample-app', 'features', 'demo']) expect(fixtures).toContain(f);
    expect(machines.length).toBeGreaterThanOrEqual(10);
  });

  it('draws each state once, joins each edge to drawn nodes, and gives every non-terminal state a way out', () => {
    for (const m of machines) {
      const g = buildGraph(m.definition, m.key);
      const ids = new Set(g.nodes.map((n) => n.id));
      expect(ids.size, `${m.fixture}/${m.key}: unique ids`).toBe(g.nodes.length);
      const drawn = g.nodes.filter((n) => !['start', 'end', 'join'].includes(n.kind)).map((n) => n.name).sort();
      expect(drawn, `${m.fixture}/${m.key}`).toEqual(stateNames(m.definition).sort());
      for (const e of g.edges) {
        expect(ids.has(e.from), `${m.fixture}/${m.key}: edge from ${e.from}`).toBe(true);
        expect(ids.has(e.to), `${m.fixture}/${m.key}: edge to ${e.to}`).toBe(true);
      }
      for (const n of g.nodes) {
        if (n.kind === 'end' || n.kind === 'Parallel' || n.kind === 'Map') continue;
        const isNestedFail = n.kind === 'Fail' && n.cluster !== undefined;
        if (!isNestedFail) expect(g.edges.some((e) => e.from === n.id), `${m.fixture}/${m.key}: ${n.id} has no way out`).toBe(true);
      }
      expect(g.edges.filter((e) => e.kind === 'start')).toHaveLength(1);
      for (const c of g.clusters) if (c.parent) expect(g.clusters.some((p) => p.id === c.parent)).toBe(true);
    }
  });

  it('has one edge per transition the definition names (Next, each Choice rule, Default, each Catch, End, into each branch)', () => {
    // Read straight from the definition, not from the builder: `from -> to` by state name, END for the
    // enclosing scope's end (the machine's End, or where a Parallel or Map is left).
    const transitions = (def: unknown, exit: string, top: boolean): string[] => {
      const out: string[] = [];
      const states = ((def as { States?: Record<string, Record<string, unknown>> }).States ?? {}) as Record<string, Record<string, unknown>>;
      for (const [name, st] of Object.entries(states)) {
        const from = st.Type === 'Parallel' || st.Type === 'Map' ? `${name} (end)` : name;
        for (const rule of (st.Choices as Array<{ Next?: string }> | undefined) ?? []) if (rule.Next) out.push(`${from}->${rule.Next}`);
        if (typeof st.Default === 'string') out.push(`${from}->${st.Default}`);
        if (typeof st.Next === 'string') out.push(`${from}->${st.Next}`);
        if (st.End === true || st.Type === 'Succeed' || (st.Type === 'Fail' && top)) out.push(`${from}->${exit}`);
        for (const c of (st.Catch as Array<{ Next?: string }> | undefined) ?? []) if (c.Next) out.push(`${from}->${c.Next}`);
        const inner = [...((st.Branches as unknown[] | undefined) ?? []), ...(st.ItemProcessor ?? st.Iterator ? [st.ItemProcessor ?? st.Iterator] : [])];
        for (const b of inner) {
          out.push(`${name}->${(b as { StartAt: string }).StartAt}`);
          out.push(...transitions(b, `${name} (end)`, false));
        }
      }
      return out;
    };
    let checked = 0;
    for (const m of machines) {
      const g = buildGraph(m.definition, m.key);
      const drawn = g.edges.filter((e) => e.kind !== 'start').map((e) => `${e.from}->${e.to}`.replace(/__end__$/, 'END'));
      expect(drawn.sort(), `${m.fixture}/${m.key}`).toEqual(transitions(m.definition, 'END', true).sort());
      checked += drawn.length;
    }
    expect(checked).toBeGreaterThanOrEqual(30);
  });

  it('hello: start, one Lambda Task named by its function, end', () => {
    const g = machine('hello', 'hellostepfunc1');
    expect(nodes(g)).toEqual([
      ['__start__', 'start'],
      ['HelloWorld1', 'Task'],
      ['__end__', 'end'],
    ]);
    // The function name, cut to 40 characters.
    expect(g.nodes[1].details).toEqual(['lambda example-stepf-nodejs-dev-foobar-…']);
    expect(edges(g)).toEqual([
      ['__start__', 'HelloWorld1', 'start'],
      ['HelloWorld1', '__end__', 'end'],
    ]);
    expect(g.clusters).toEqual([]);
  });

  it('sample-app: two Tasks in a row', () => {
    const g = machine('sample-app', 'hellostepfunc1');
    expect(edges(g)).toEqual([
      ['__start__', 'StartEC2', 'start'],
      ['StartEC2', 'WriteS3', 'next'],
      ['WriteS3', '__end__', 'end'],
    ]);
  });

  it('features: Retry is shown on the node, a lambda:invoke names its function, Wait its seconds, an activity its name', () => {
    const logged = machine('features', 'logged');
    const work = logged.nodes.find((n) => n.id === 'Work')!;
    // A long error list is cut; the attempt count stays.
    expect(work.details).toEqual(['worker', 'retry Lambda.ServiceException, Lambda.AWS… x3']);
    const named = logged.nodes.find((n) => n.id === 'Named')!;
    expect(named.details).toEqual(['lambda:invoke named', 'retry States.ALL x3']);
    const waiting = machine('features', 'waiting');
    expect(waiting.nodes.map((n) => [n.id, n.kind, n.details])).toEqual([
      ['__start__', 'start', []],
      ['Wait', 'Wait', ['wait 5s']],
      ['Say', 'Pass', []],
      ['Approve', 'Task', ['ApprovalDashdevStepFunctionsActivity']],
      ['__end__', 'end', []],
    ]);
  });

  it('demo: Choice rule labels and Default, the Map and the Parallel as clusters with their nested states, joins where they are left', () => {
    const g = machine('demo', 'orders');
    expect(g.clusters).toEqual([
      { id: 'cluster_1', kind: 'map', label: 'Map: PriceLines', state: 'PriceLines' },
      { id: 'cluster_2', kind: 'parallel', label: 'Parallel: Fulfil', state: 'Fulfil' },
      { id: 'cluster_3', kind: 'branch', label: 'branch 1', state: 'Fulfil', parent: 'cluster_2' },
      { id: 'cluster_4', kind: 'branch', label: 'branch 2', state: 'Fulfil', parent: 'cluster_2' },
    ]);
    expect(nodes(g)).toEqual([
      ['__start__', 'start'],
      ['CheckOrder', 'Choice'],
      ['PriceLines', 'Map', 'cluster_1'],
      ['PriceLine', 'Pass', 'cluster_1'],
      ['PriceLines (end)', 'join', 'cluster_1'],
      ['Fulfil', 'Parallel', 'cluster_2'],
      ['ReserveStock', 'Pass', 'cluster_3'],
      ['WaitForCourier', 'Wait', 'cluster_4'],
      ['Ship', 'Pass', 'cluster_4'],
      ['Fulfil (end)', 'join', 'cluster_2'],
      ['QueueReceipt', 'Task'],
      ['Done', 'Pass'],
      ['ReceiptNotQueued', 'Pass'],
      ['Rejected', 'Fail'],
      ['__end__', 'end'],
    ]);
    expect(edges(g)).toEqual([
      ['__start__', 'CheckOrder', 'start'],
      ['CheckOrder', 'PriceLines', 'choice', '$.items[0] is present'],
      ['CheckOrder', 'Rejected', 'default', 'Default'],
      ['PriceLines', 'PriceLine', 'branch'],
      ['PriceLine', 'PriceLines (end)', 'end'],
      ['PriceLines (end)', 'Fulfil', 'next'],
      ['Fulfil', 'ReserveStock', 'branch'],
      ['ReserveStock', 'Fulfil (end)', 'end'],
      ['Fulfil', 'WaitForCourier', 'branch'],
      ['WaitForCourier', 'Ship', 'next'],
      ['Ship', 'Fulfil (end)', 'end'],
      ['Fulfil (end)', 'QueueReceipt', 'next'],
      ['QueueReceipt', 'Done', 'next'],
      ['QueueReceipt', 'ReceiptNotQueued', 'catch', 'States.ALL'],
      ['Done', '__end__', 'end'],
      ['ReceiptNotQueued', '__end__', 'end'],
      ['Rejected', '__end__', 'end'],
    ]);
  });
});

describe('graph model of hand-written definitions', () => {
  it('Catch edges carry their error names, leave a Parallel from its join, and Retry lines list each retrier', () => {
    const g = buildGraph({
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [{ StartAt: 'A', States: { A: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true } } }],
          Retry: [{ ErrorEquals: ['States.Timeout'], MaxAttempts: 2 }, { ErrorEquals: ['States.ALL'] }],
          Catch: [{ ErrorEquals: ['Custom.Error', 'States.TaskFailed'], Next: 'Recover' }],
          Next: 'Done',
        },
        Recover: { Type: 'Pass', Next: 'Done' },
        Done: { Type: 'Succeed' },
      },
    });
    expect(g.nodes.find((n) => n.id === 'Both')!.details).toEqual(['retry States.Timeout x2', 'retry States.ALL x3']);
    expect(edges(g)).toEqual([
      ['__start__', 'Both', 'start'],
      ['Both', 'A', 'branch'],
      ['A', 'Both (end)', 'end'],
      ['Both (end)', 'Done', 'next'],
      ['Both (end)', 'Recover', 'catch', 'Custom.Error, States.TaskFailed'],
      ['Recover', 'Done', 'next'],
      ['Done', '__end__', 'end'],
    ]);
  });

  it('a Fail inside a Map has no edge out of the cluster; a Map inside a Parallel nests its cluster', () => {
    const g = buildGraph({
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          End: true,
          Branches: [
            {
              StartAt: 'M',
              States: {
                M: { Type: 'Map', ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED' }, StartAt: 'Bad', States: { Bad: { Type: 'Fail', Error: 'X' } } }, End: true },
              },
            },
          ],
        },
      },
    });
    expect(g.clusters.map((c) => [c.id, c.kind, c.parent])).toEqual([
      ['cluster_1', 'parallel', undefined],
      ['cluster_2', 'branch', 'cluster_1'],
      ['cluster_3', 'map', 'cluster_2'],
    ]);
    expect(g.nodes.find((n) => n.id === 'M')!.details).toEqual(['distributed']);
    expect(g.edges.filter((e) => e.from === 'Bad')).toEqual([]);
    expect(edges(g)).toContainEqual(['M (end)', 'P (end)', 'end']);
    expect(edges(g)).toContainEqual(['P (end)', '__end__', 'end']);
  });

  it('a state name used in two branches gets a second id, and a Next to a missing state is drawn as a lone node', () => {
    const g = buildGraph({
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Next: 'Nowhere',
          Branches: [
            { StartAt: 'Same', States: { Same: { Type: 'Pass', End: true } } },
            { StartAt: 'Same', States: { Same: { Type: 'Pass', End: true } } },
          ],
        },
      },
    });
    expect(g.nodes.filter((n) => n.name === 'Same').map((n) => n.id)).toEqual(['Same', 'Same (2)']);
    expect(g.nodes.find((n) => n.id === 'Nowhere')).toMatchObject({ kind: 'unknown', details: ['no such state'] });
    expect(edges(g)).toContainEqual(['P (end)', 'Nowhere', 'next']);
  });

  it('JSONata Choice conditions are labelled without their {% %}', () => {
    const g = buildGraph({
      QueryLanguage: 'JSONata',
      StartAt: 'C',
      States: {
        C: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.n > 3 %}', Next: 'Big' }], Default: 'Small' },
        Big: { Type: 'Succeed' },
        Small: { Type: 'Succeed' },
      },
    });
    expect(g.edges.filter((e) => e.from === 'C').map((e) => e.label)).toEqual(['$states.input.n > 3', 'Default']);
  });
});
