import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli.js';

describe('npm run demo (the README\'s first command)', () => {
  it('deploys fixtures/demo to the emulator, invokes the order workflow, prints its result and timeline, and stops the emulator', () => {
    rmSync(join(repoRoot, 'fixtures', 'demo', '.stepf', 'demo', 'orders.svg'), { force: true });
    const started = Date.now();
    const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'demo.mjs')], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
    const seconds = (Date.now() - started) / 1000;
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('$ stepf deploy --stage demo --yes');
    expect(r.stdout).toContain('$ stepf invoke orders --stage demo --input input.json');
    expect(r.stdout).toMatch(/order result:\n\{\n {2}"orderId": "order-1001",\n {2}"status": "COMPLETE"/);
    expect(r.stdout).toContain('"fulfilment": [\n    "reserved",\n    "shipped"\n  ]');
    expect(r.stdout).toContain('$ stepf logs orders --stage demo --last');
    expect(r.stdout).toMatch(/execution stepf-\S+ {2}SUCCEEDED/);
    expect(r.stdout).toMatch(/WaitStateExited +WaitForCourier/);
    expect(r.stdout).toMatch(/TaskSucceeded +QueueReceipt/);
    expect(r.stdout).toContain('$ stepf graph orders --stage demo --last --out .stepf/demo/orders.svg');
    const svg = readFileSync(join(repoRoot, 'fixtures', 'demo', '.stepf', 'demo', 'orders.svg'), 'utf8');
    expect(svg).toMatch(/^<\?xml|^<svg/);
    for (const state of ['CheckOrder', 'PriceLines', 'Fulfil', 'QueueReceipt', 'Done']) expect(svg).toContain(`>${state}<`);
    expect(r.stdout).toContain('demo finished: the order workflow SUCCEEDED; the emulator is stopped');
    // The venv exists already here, so this is the "after the install" figure the README promises.
    expect(seconds).toBeLessThan(60);
  }, 120_000);
});
