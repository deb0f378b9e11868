// One SVG per fixture machine, rendered by the WebAssembly Graphviz: well-formed XML, every state's
// name drawn, one node per state and one drawn edge per transition of the model.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import { toDot } from '../../src/graph/dot.js';
import { renderSvg } from '../../src/graph/svg.js';
import { edgeTitles, fixtureMachines, stateNames, svgGroups, type FixtureMachine } from './helpers.js';

let machines: FixtureMachine[];
beforeAll(async () => {
  machines = await fixtureMachines();
});

const nested = {
  StartAt: 'Fan out',
  States: {
    'Fan out': {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Each', States: { Each: { Type: 'Map', ItemProcessor: { StartAt: 'Item <1>', States: { 'Item <1>': { Type: 'Pass', End: true } } }, End: true } } },
        { StartAt: 'Call', States: { Call: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Retry: [{ ErrorEquals: ['States.ALL'] }], End: true } } },
      ],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed & done' }],
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
    'Failed & done': { Type: 'Fail' },
  },
};

async function check(definition: Record<string, unknown>, title: string): Promise<void> {
  const model = buildGraph(definition, title);
  const svg = await renderSvg(toDot(model));
  const { root, groups } = svgGroups(svg);
  expect(root['@xmlns']).toBe('http://www.w3.org/2000/svg');
  const drawnNodes = groups.filter((g) => g.cls === 'node');
  expect(drawnNodes.map((g) => g.title).sort()).toEqual(model.nodes.map((n) => n.id).sort());
  for (const name of stateNames(definition)) {
    expect(drawnNodes.find((g) => g.title === name)?.texts, `${title}: ${name} drawn with its name`).toContain(name);
  }
  expect(groups.filter((g) => g.cls === 'edge').map((g) => g.title).sort()).toEqual(edgeTitles(model));
  expect(groups.filter((g) => g.cls === 'cluster')).toHaveLength(model.clusters.length);
}

describe('SVG of each fixture machine', () => {
  it('renders every machine of the fixtures (at least 10)', async () => {
    expect(machines.length).toBeGreaterThanOrEqual(10);
    for (const m of machines) await check(m.definition, `${m.fixture}/${m.key}`);
  });

  it('renders Parallel and Map clusters, Catch edges and names with XML characters in them', async () => {
    await check(nested, 'nested');
    const svg = await renderSvg(toDot(buildGraph(nested, 'nested')));
    const { groups } = svgGroups(svg);
    const catchEdge = groups.find((g) => g.cls === 'edge' && g.title === 'Fan out (end)->Failed & done');
    expect(catchEdge?.texts).toEqual(['States.ALL']);
    expect(svg).toMatch(/stroke-dasharray/);
    expect(groups.filter((g) => g.cls === 'cluster').map((g) => g.texts[0])).toEqual(['Parallel: Fan out', 'branch 1', 'Map: Each', 'branch 2']);
    expect(groups.find((g) => g.title === 'Call')?.texts).toEqual(['Call', 'lambda:invoke', 'retry States.ALL x3']);
  });
});
