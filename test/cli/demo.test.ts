import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli.js';

describe('npm run demo (the README\'s first command)', () => {
  it('deploys fixtures/demo to the emulator, runs the order workflow to SUCCEEDED and stops the emulator', () => {
    const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'demo.mjs')], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('$ stepf deploy --stage demo --yes');
    expect(r.stdout).toContain('status: SUCCEEDED');
    expect(r.stdout).toMatch(/"orderId": "order-1001",\s+"status": "COMPLETE"/);
    expect(r.stdout).toContain('WaitStateExited  WaitForCourier');
    expect(r.stdout).toMatch(/TaskSucceeded/);
  }, 120_000);
});
