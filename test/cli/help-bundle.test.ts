// bin/stepf prints help from dist/help.cjs (the program and its registrations without the code the commands
// run): its output must be main.cjs's, byte for byte, for every command and every way of asking.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.js';

const COMMANDS = ['package', 'validate', 'diff', 'deploy', 'migrate', 'watch', 'info', 'remove', 'rollback', 'invoke', 'logs', 'executions', 'stop', 'redrive', 'graph', 'test'];

/** The same arguments run by dist/main.cjs itself, the file every other command runs. */
function fromMain(args: string[]) {
  const r = spawnSync(process.execPath, [join(repoRoot, 'dist', 'main.cjs'), ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('help printed from dist/help.cjs', () => {
  it.each([['--help'], ['-h'], ['help'], ['help', 'deploy'], ['nosuch', '--help']])('stepf %s prints what main.cjs prints, with its exit code', (...args) => {
    const r = runCli(args, { cwd: repoRoot });
    expect(r).toEqual(fromMain(args));
  });

  it.each(COMMANDS)('stepf %s --help prints what main.cjs prints', (command) => {
    const r = runCli([command, '--help'], { cwd: repoRoot });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Usage: stepf ${command}`);
    expect(r).toEqual(fromMain([command, '--help']));
  });

  it('is a tenth of main.cjs or less, and holds no code a command runs (no compile stage, no YAML parser, no AWS SDK import)', async () => {
    const { statSync, readFileSync } = await import('node:fs');
    expect(statSync(join(repoRoot, 'dist', 'help.cjs')).size * 8).toBeLessThan(statSync(join(repoRoot, 'dist', 'main.cjs')).size);
    const text = readFileSync(join(repoRoot, 'dist', 'help.cjs'), 'utf8');
    expect(text).not.toContain('./vendor/');
    for (const name of ['compileStateMachine', 'IAM_TABLE_BROTLI', 'buildLineIndex', 'js-yaml']) expect(text).not.toContain(name);
  });
});
