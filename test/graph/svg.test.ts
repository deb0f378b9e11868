// One SVG per fixture machine, rendered by the WebAssembly Graphviz: well-formed XML, every state's
// name drawn, one node per state and one drawn edge per transition of the model.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import { toDot } from '../../src/graph/dot.js';
import { executionPath, overlayPath } from '../../src/graph/overlay.js';
import { renderSvg } from '../../src/graph/svg.js';
import { run } from '../local/helpers.js';
import { parallelFailureDefinition, parallelFailureHistory } from './histories.js';
import { edgeTitles, fixtureMachines, overlaps, stateNames, svgGroups, svgLayout, type Box, type FixtureMachine } from './helpers.js';

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

/** Texts that run into one another or out of their node's shape, as DejaVu Sans (the widest font asked for) draws them. */
function collisions(svg: string): string[] {
  const groups = svgLayout(svg);
  const found: string[] = [];
  const slack = 0.5;
  for (const g of groups.filter((x) => x.cls === 'node')) {
    const outline = g.shapes.reduce<Box | undefined>((b, s) => (b ? { x0: Math.min(b.x0, s.x0), x1: Math.max(b.x1, s.x1), y0: Math.min(b.y0, s.y0), y1: Math.max(b.y1, s.y1) } : s), undefined);
    for (const t of g.texts) {
      if (!outline || t.x0 < outline.x0 - slack || t.x1 > outline.x1 + slack) found.push(`${g.title}: '${t.text}' runs out of its node`);
    }
  }
  const texts = groups.flatMap((g) => g.texts.map((t) => ({ ...t, where: `${g.cls} ${g.title}` })));
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      if (overlaps(texts[i], texts[j])) found.push(`'${texts[i].text}' (${texts[i].where}) overlaps '${texts[j].text}' (${texts[j].where})`);
    }
  }
  return found;
}

describe('SVG text placement', () => {
  it('every text fits its node and runs into no other text, in every fixture machine and in an overlaid run', async () => {
    for (const m of machines) expect(collisions(await renderSvg(toDot(buildGraph(m.definition, `${m.fixture}/${m.key}`)))), `${m.fixture}/${m.key}`).toEqual([]);
    expect(collisions(await renderSvg(toDot(buildGraph(nested, 'nested'))))).toEqual([]);
    const demo = machines.find((m) => m.fixture === 'demo')!.definition;
    const r = await run(demo, { items: [{ sku: 'a', qty: 1, price: 2 }, { sku: 'b', qty: 2, price: 3 }] }, { mocks: { QueueReceipt: { MessageId: 'm-1' } } });
    const svg = await renderSvg(toDot(overlayPath(buildGraph(demo, 'orders'), executionPath(r.events), 'orders: local run SUCCEEDED')));
    expect(svg).toContain('PriceLine</text>');
    expect(svg).toContain('×2</text>');
    expect(collisions(svg)).toEqual([]);
  });

  it('the overlay legend gives each colour key and its words a place of their own, above the drawing', async () => {
    const model = overlayPath(buildGraph(parallelFailureDefinition, 'm'), executionPath(parallelFailureHistory()), 'm: execution x FAILED');
    // Four statuses, so the legend wraps onto a second row.
    expect(new Set(model.nodes.map((n) => n.status))).toEqual(new Set([undefined, 'caught', 'failed', 'aborted', 'not-reached']));
    const svg = await renderSvg(toDot(model));
    expect(collisions(svg)).toEqual([]);
    const graph = svgLayout(svg).find((g) => g.cls === 'graph')!;
    const words = ['failed', 'caught by a Catch', 'stopped unfinished', 'not reached'];
    expect(graph.texts.map((t) => t.text)).toEqual(['m: execution x FAILED', ...words, 'bold arrows: taken; red: where it failed']);
    const swatches = graph.shapes.filter((s) => s.fill && s.fill !== 'none' && s.fill !== 'white');
    expect(swatches.map((s) => s.fill)).toEqual(['#ffcdd2', '#ffe0b2', '#e0e0e0', '#fafafa']);
    const items: Box[] = [...graph.texts, ...swatches];
    for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) expect(overlaps(items[i], items[j]), `legend items ${i} and ${j}`).toBe(false);
    // Each swatch sits just left of its words.
    swatches.forEach((s, i) => {
      const t = graph.texts.find((x) => x.text === words[i])!;
      expect(t.x0 - s.x1).toBeGreaterThan(0);
      expect(t.x0 - s.x1).toBeLessThan(12);
    });
    const lowestLegend = Math.max(...items.map((b) => b.y1));
    for (const g of svgLayout(svg).filter((x) => x.cls === 'node')) for (const s of g.shapes) expect(s.y0, g.title).toBeGreaterThan(lowestLegend);
  });
});
