// Small rough edges of the first hour (issue 20, item 8) that need no AWS.
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.js';

describe('small rough edges', () => {
  it('a one-state machine is "1 state", not "1 states" (graph --out, validate)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepf-one-'));
    writeFileSync(join(dir, 'serverless.yml'), 'service: one\nstepFunctions:\n  stateMachines:\n    m:\n      definition:\n        StartAt: A\n        States:\n          A: { Type: Pass, End: true }\n');
    const g = runCli(['graph', 'm', '--out', 'm.dot'], { cwd: dir });
    expect(g.status, g.stderr).toBe(0);
    expect(g.stderr).toBe('wrote m.dot (dot, 1 state)\n');
    const v = runCli(['validate'], { cwd: dir });
    expect(v.stdout).toBe('stepf: serverless.yml is valid for stage dev: 1 state machine, 1 state\n');
  });

  it('building a checkout installed without its dev dependencies (npm ci --omit=dev, then npm pack) says to run npm ci first, with no stack trace', () => {
    const clone = mkdtempSync(join(tmpdir(), 'stepf-fresh-clone-'));
    mkdirSync(join(clone, 'scripts'));
    copyFileSync(join(repoRoot, 'scripts', 'build.mjs'), join(clone, 'scripts', 'build.mjs'));
    copyFileSync(join(repoRoot, 'package.json'), join(clone, 'package.json'));
    const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: clone, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('stepf: cannot build: esbuild, a dev dependency, is not installed in this checkout.\n  Run `npm ci` here first (it installs the build tools), then `npm run build`\n');
  });

  it('a checkout that was never built (npm install -g . on a fresh clone links it as is) says how to build it, exit 1, no stack trace', () => {
    const clone = mkdtempSync(join(tmpdir(), 'stepf-unbuilt-'));
    mkdirSync(join(clone, 'bin'));
    for (const f of ['stepf', 'package.json']) copyFileSync(join(repoRoot, 'bin', f), join(clone, 'bin', f));
    copyFileSync(join(repoRoot, 'package.json'), join(clone, 'package.json'));
    const r = spawnSync(process.execPath, [join(clone, 'bin', 'stepf'), 'package'], { cwd: clone, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`stepf: this checkout is not built: ${join(clone, 'dist', 'main.cjs')} is missing.\n  Run \`npm ci && npm run build\` in ${clone}/\n`);
    expect(r.stdout).toBe('');
  });
});

describe('a reader that closes the pipe early', () => {
  it('stepf --help into a closed pipe (as `| head -1` closes it) exits 0 with no EPIPE stack trace', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'stepf'), '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Close our end before the CLI has started, so its one write of the help text meets a closed pipe.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    expect(stderr).not.toMatch(/EPIPE|at .*\.js:\d+/);
    expect(status).toBe(0);
  });
});
