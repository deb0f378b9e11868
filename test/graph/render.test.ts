// dot and Mermaid text of a model: shapes by type, dashed Catch edges, escaping, the overlay's colours.
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import { toDot } from '../../src/graph/dot.js';
import { toMermaid } from '../../src/graph/mermaid.js';
import { executionPath, overlayPath } from '../../src/graph/overlay.js';
import { run } from '../local/helpers.js';
import { parallelFailureDefinition, parallelFailureHistory } from './histories.js';

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

describe('overlay colours in dot and Mermaid', () => {
  const model = overlayPath(buildGraph(parallelFailureDefinition, 'm'), executionPath(parallelFailureHistory()), 'm: execution x FAILED');

  it('dot: a stopped state is grey with a red border; the Fail state\'s edge to End is red and classed a failure', () => {
    const dot = toDot(model);
    expect(dot).toMatch(/^ {6}"Slow" \[[^\n]*fillcolor="#e0e0e0", color="#e53935"[^\n]*class="status-aborted"/m);
    expect(dot).toMatch(/^ {2}"Recover" -> "__end__" \[penwidth=2.5, class="taken failure", color="#c62828"\]$/m);
    expect(dot).toMatch(/^ {2}"Both \(end\)" -> "Recover" \[[^\n]*class="taken", color="#ef6c00"/m);
    // The legend lists the statuses drawn, one table cell each, and says what a red arrow means.
    expect(dot).toContain('BGCOLOR="#e0e0e0"></TD><TD ALIGN="LEFT"><FONT POINT-SIZE="9">stopped unfinished</FONT></TD>');
    expect(dot).not.toContain('>succeeded<');
    expect(dot).toContain('bold arrows: taken; red: where it failed');
  });

  it('Mermaid: the title names the colours used, aborted included; the Fail state\'s link to End is red', () => {
    const text = toMermaid(model);
    expect(text).toContain('title: "m: execution x FAILED (red: failed, orange: caught by a Catch, grey with a red border: stopped unfinished, grey: not reached; thick arrows: taken, red where it failed)"');
    const ids = new Map(model.nodes.map((n, i) => [n.id, `n${i}`]));
    expect(text).toContain(`class ${ids.get('Slow')} status_aborted`);
    expect(text).toMatch(/classDef status_aborted fill:#e0e0e0,stroke:#e53935/);
    const i = model.edges.findIndex((e) => e.from === 'Recover' && e.to === '__end__');
    expect(text).toContain(`linkStyle ${i} stroke:#c62828,stroke-width:3px`);
  });
});
