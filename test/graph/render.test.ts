// dot and Mermaid text of a model: shapes by type, dashed Catch edges, escaping, the overlay's colours.
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import { toDot } from '../../src/graph/dot.js';
import { toMermaid } from '../../src/graph/mermaid.js';
import { executionPath, overlayPath } from '../../src/graph/overlay.js';
import { run } from '../local/helpers.js';

const definition = {
  StartAt: 'Check "it"',
  States: {
    'Check "it"': { Type: 'Choice', Choices: [{ Variable: '$.ok', BooleanEquals: true, Next: 'Work & play' }], Default: 'Nope' },
    'Work & play': { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Nope' }], Next: 'Hold' },
    Hold: { Type: 'Wait', Seconds: 3, Next: 'Yes' },
    Yes: { Type: 'Succeed' },
    Nope: { Type: 'Fail', Error: 'No' },
  },
};

describe('dot', () => {
  const dot = toDot(buildGraph(definition, 'm'));

  it('shapes nodes by state type and quotes names with quotes in them', () => {
    expect(dot).toMatch(/^ {2}"Check \\"it\\"" \[shape=diamond/m);
    expect(dot).toMatch(/^ {2}"Work & play" \[shape=box, style="rounded,filled"/m);
    expect(dot).toMatch(/^ {2}"Hold" \[shape=hexagon/m);
    expect(dot).toMatch(/^ {2}"Nope" \[shape=octagon/m);
    expect(dot).toMatch(/^ {2}"__end__" \[shape=doublecircle/m);
    // HTML labels escape & and quotes.
    expect(dot).toContain('<B>Work &amp; play</B>');
    expect(dot).toContain('<FONT POINT-SIZE="9">wait 3s</FONT>');
  });

  it('draws Catch edges dashed with their errors, Choice edges with their rule', () => {
    expect(dot).toMatch(/"Work & play" -> "Nope" \[label="States.ALL", style=dashed/);
    expect(dot).toMatch(/"Check \\"it\\"" -> "Work & play" \[label="\$.ok == true"/);
  });
});

describe('Mermaid', () => {
  it('writes a flowchart with shapes, escaped labels, dashed Catch links and classes', () => {
    const text = toMermaid(buildGraph(definition, 'm'));
    expect(text.split('\n')[0]).toBe('flowchart TD');
    expect(text).toContain('n1{"Check #quot;it#quot;"}');
    expect(text).toContain('n2("Work &amp; play<br/><small>sqs:sendMessage</small>")');
    expect(text).toContain('n3{{"Hold<br/><small>wait 3s</small>"}}');
    expect(text).toContain('n5[["Nope"]]');
    expect(text).toContain('n2 -.->|"States.ALL"| n5');
    expect(text).toContain('n1 -->|"$.ok == true"| n2');
    expect(text).toMatch(/classDef kind_Task fill:#e3f2fd/);
    expect(text).toMatch(/class n2 kind_Task/);
  });

  it('with an overlay: a title with the run, thick links taken, nodes classed by status', async () => {
    const r = await run(definition, { ok: true }, { mocks: { 'Work & play': { error: 'Boom' } } });
    const text = toMermaid(overlayPath(buildGraph(definition, 'm'), executionPath(r.events), 'm: local run FAILED'));
    expect(text).toMatch(/^---\ntitle: "m: local run FAILED \(green: succeeded, red: failed, orange: caught by a Catch/);
    expect(text).toContain('n0 ==> n1');
    expect(text).toContain('n2 -.->|"States.ALL"| n5');
    expect(text).toMatch(/class n1 status_succeeded/);
    expect(text).toMatch(/class n2 status_caught/);
    expect(text).toMatch(/class n3,n4 status_not_reached/);
    expect(text).toMatch(/class n5 status_failed/);
    expect(text).toMatch(/linkStyle 0 stroke:#2e7d32,stroke-width:3px/);
  });
});
