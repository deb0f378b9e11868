// stepf graph through the built CLI, no AWS: formats, where the drawing goes, --local overlays, usage errors.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, repoRoot, runCli } from '../support/cli.js';
import { svgGroups } from '../graph/helpers.js';

const noAws = { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined };

describe('stepf graph (fixtures/demo)', () => {
  const dir = copyFixture('demo');
  writeFileSync(join(dir, 'sqs-ok.json'), '{"MessageId":"m-1"}');

  it('prints SVG on stdout when stdout is not a terminal, with every state drawn', () => {
    const r = runCli(['graph', 'orders'], { cwd: dir, env: noAws });
    expect(r.status, r.stderr).toBe(0);
    const { groups } = svgGroups(r.stdout);
    const titles = groups.filter((g) => g.cls === 'node').map((g) => g.title);
    for (const s of ['CheckOrder', 'PriceLines', 'PriceLine', 'Fulfil', 'ReserveStock', 'WaitForCourier', 'Ship', 'QueueReceipt', 'Done', 'Rejected']) expect(titles).toContain(s);
    expect(r.stderr).toBe('');
  });

  it('--format mermaid and --format dot print text on stdout; the machine key is optional when there is one', () => {
    const m = runCli(['graph', '--format', 'mermaid'], { cwd: dir, env: noAws });
    expect(m.status, m.stderr).toBe(0);
    expect(m.stdout.startsWith('flowchart TD\n')).toBe(true);
    const d = runCli(['graph', 'orders', '-f', 'dot'], { cwd: dir, env: noAws });
    expect(d.status, d.stderr).toBe(0);
    expect(d.stdout).toMatch(/^digraph "orders" \{/);
    expect(d.stdout).toContain('"CheckOrder" -> "Rejected" [label="Default"');
  });

  it('--out picks the format from the extension, writes the file whole and says so on stderr; .md wraps Mermaid in a fence', () => {
    const r = runCli(['graph', 'orders', '--out', 'orders.svg'], { cwd: dir, env: noAws });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('wrote orders.svg (svg, 11 states)\n');
    expect(readFileSync(join(dir, 'orders.svg'), 'utf8')).toMatch(/<\/svg>\n?$/);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    const md = runCli(['graph', 'orders', '--out', 'orders.md'], { cwd: dir, env: noAws });
    expect(md.status, md.stderr).toBe(0);
    expect(readFileSync(join(dir, 'orders.md'), 'utf8')).toMatch(/^```mermaid\nflowchart TD\n[\s\S]*```\n$/);
  });

  it('--local runs the machine and colours its path; the summary names the run on stderr', () => {
    const r = runCli(['graph', 'orders', '--local', '--input', 'input.json', '--mock', 'QueueReceipt=sqs-ok.json', '--format', 'dot'], { cwd: dir, env: noAws });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/"Done" \[[^\]]*class="status-succeeded"/);
    expect(r.stdout).toMatch(/"Rejected" \[[^\]]*class="status-not-reached"/);
    expect(r.stdout).toMatch(/"QueueReceipt" -> "Done" \[penwidth=2.5, class="taken"/);
    expect(r.stderr).toBe('orders: local run SUCCEEDED, 9 of 11 states reached\n');
  });

  it('--local of a run that fails still draws it (exit 0), the Fail state red', () => {
    const r = runCli(['graph', 'orders', '--local', '--data', '{"items":[]}', '--out', 'failed.svg'], { cwd: dir, env: noAws });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('orders: local run FAILED (EmptyOrder), 2 of 11 states reached');
    const { groups } = svgGroups(readFileSync(join(dir, 'failed.svg'), 'utf8'));
    const node = (title: string) => groups.find((g) => g.cls === 'node' && g.title === title);
    expect(node('Rejected')?.classes).toEqual(['status-failed']);
    expect(node('CheckOrder')?.classes).toEqual(['status-succeeded']);
    expect(node('Done')?.classes).toEqual(['status-not-reached']);
    const takenEdges = groups.filter((g) => g.cls === 'edge' && g.classes.includes('taken')).map((g) => [g.title, g.classes.includes('failure')]);
    // The run ended by failing: the Fail state's edge to End is drawn as a failure, not as a success.
    expect(takenEdges).toEqual([
      ['__start__->CheckOrder', false],
      ['CheckOrder->Rejected', false],
      ['Rejected->__end__', true],
    ]);
  });

  it('usage errors exit 2 and name the flag: --mock without --local, an unknown extension, --execution with --last', () => {
    const a = runCli(['graph', 'orders', '--mock', 'QueueReceipt=sqs-ok.json'], { cwd: dir, env: noAws });
    expect(a.status).toBe(2);
    expect(a.stderr).toContain('--mock only apply with --local');
    const b = runCli(['graph', 'orders', '--out', 'orders.png'], { cwd: dir, env: noAws });
    expect(b.status).toBe(2);
    expect(b.stderr).toContain('cannot tell the format from --out orders.png');
    expect(existsSync(join(dir, 'orders.png'))).toBe(false);
    const c = runCli(['graph', 'orders', '--execution', 'arn:aws:states:us-east-1:1:execution:m:x', '--last'], { cwd: dir, env: noAws });
    expect(c.status).toBe(2);
    expect(c.stderr).toContain('--execution and --last both given');
    const d = runCli(['graph', 'orders', '--format', 'png'], { cwd: dir, env: noAws });
    expect(d.status).toBe(2);
    expect(d.stderr).toContain("Allowed choices are svg, mermaid, dot");
  });

  it('an unknown machine key is a user error with a did-you-mean hint', () => {
    const r = runCli(['graph', 'order'], { cwd: dir, env: noAws });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("no state machine 'order'");
    expect(r.stderr).toContain("did you mean 'orders'?");
  });

  it('loads the Graphviz WebAssembly only to draw SVG, and never the AWS SDK without an execution to read', () => {
    const loads = (args: string[]) => {
      const trace = join(dir, `loads-${args.join('-').replace(/[^\w-]/g, '')}.txt`);
      const r = runCli(args, { cwd: dir, env: { ...noAws, STEPF_TRACE_LOADS: trace }, nodeArgs: ['--import', join(repoRoot, 'test/support/trace-loads.mjs')] });
      expect(r.status, r.stderr).toBe(0);
      const dist = readFileSync(trace, 'utf8').split('\n').filter((u) => u.includes('/dist/'));
      return {
        viz: dist.some((u) => readFileSync(new URL(u), 'utf8').includes('graphvizVersion')),
        sdk: dist.some((u) => readFileSync(new URL(u), 'utf8').includes('@aws-sdk/client-')),
      };
    };
    expect(loads(['--help'])).toEqual({ viz: false, sdk: false });
    expect(loads(['graph', 'orders', '--format', 'mermaid'])).toEqual({ viz: false, sdk: false });
    expect(loads(['graph', 'orders', '--out', 'x.svg'])).toEqual({ viz: true, sdk: false });
  });
});
