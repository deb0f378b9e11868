import { execFile, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '../..');
export const stepfBin = join(repoRoot, 'bin', 'stepf');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would (npm test builds dist/ first). */
export function runCli(args: string[], opts: { cwd: string; env?: Record<string, string | undefined>; input?: string; nodeArgs?: string[] }): CliResult {
  const r = spawnSync(process.execPath, [...(opts.nodeArgs ?? []), stepfBin, ...args], {
    cwd: opts.cwd,
    env: { ...process.env, AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/nonexistent', NO_COLOR: '1', ...opts.env },
    input: opts.input ?? '',
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A private copy of a fixture folder, so a test can write into it. */
export function copyFixture(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `stepf-${name}-`));
  cpSync(join(repoRoot, 'fixtures', name), dir, { recursive: true });
  return dir;
}

export interface AsyncCliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI without blocking the test process (an emulator in this process must keep serving). */
export function runCliAsync(args: string[], opts: { cwd: string; env: Record<string, string | undefined>; input?: string }): Promise<AsyncCliResult> {
  return new Promise((done) => {
    const child = execFile(process.execPath, [stepfBin, ...args], { cwd: opts.cwd, env: opts.env }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      done({ code, stdout, stderr });
    });
    child.stdin?.end(opts.input ?? '');
  });
}
