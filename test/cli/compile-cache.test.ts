// bin/load-main.js keeps V8's compiled code of dist/main.cjs (and help.cjs) on disk, one file per command, and never trusts
// a folder another user could write to. What these tests hold: the same output with and without it, a file
// that is read back as it was written (V8 accepted it: a rejected one is written again), a bad file replaced.
import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, repoRoot, runCli } from '../support/cli.js';

const buildOf = (file: string) => /^\/\/ stepf \S+ build (\w+)\n/.exec(readFileSync(join(repoRoot, 'dist', file), 'utf8').slice(0, 200))![1];
/** The cache file of a command's run of main.cjs (or of help.cjs, which prints help). */
const fileFor = (command: string, file = 'main.cjs') => `${buildOf(file)}-${process.version}-${process.arch}-${command}.v8`;

function withCache(args: string[], cwd: string, root: string, env: Record<string, string | undefined> = {}) {
  return runCli(args, { cwd, env: { NODE_COMPILE_CACHE: root, NODE_DISABLE_COMPILE_CACHE: undefined, ...env } });
}

describe('the compiled code of dist/main.cjs, kept on disk', () => {
  const golden = readFileSync(join(repoRoot, 'fixtures', 'hello', 'stepf.template.json'), 'utf8');

  it('is written by the first run of a command and read back by the next, which prints the same template', () => {
    const root = mkdtempSync(join(tmpdir(), 'stepf-cc-'));
    const dir = copyFixture('hello');
    const first = withCache(['package', '--stage', 'dev', '--stdout'], dir, root);
    expect(first.status, first.stderr).toBe(0);
    const file = join(root, 'stepf', fileFor('package'));
    const written = statSync(file);
    expect(written.size).toBeGreaterThan(0);
    const second = withCache(['package', '--stage', 'dev', '--stdout'], dir, root);
    expect(second).toEqual(first);
    expect(JSON.parse(second.stdout)).toEqual(JSON.parse(golden));
    // Not written again: V8 took it (a file it rejects is replaced, a new inode).
    expect(statSync(file).ino).toBe(written.ino);
  });

  it('keeps one file per command, and one for a run without a command (--help)', () => {
    const root = mkdtempSync(join(tmpdir(), 'stepf-cc-'));
    const dir = copyFixture('hello');
    expect(withCache(['--help'], dir, root).status).toBe(0);
    expect(withCache(['validate', '--stage', 'dev'], dir, root).status).toBe(0);
    expect(readdirSync(join(root, 'stepf')).sort()).toEqual([fileFor('none', 'help.cjs'), fileFor('validate')].sort());
  });

  it('a file that is not compiled code (cut short, or another build\'s) is ignored and written anew; the output is the same', () => {
    const root = mkdtempSync(join(tmpdir(), 'stepf-cc-'));
    const dir = copyFixture('hello');
    const clean = withCache(['package', '--stage', 'dev', '--stdout'], dir, root);
    const file = join(root, 'stepf', fileFor('package'));
    writeFileSync(file, 'not V8 code');
    const before = statSync(file);
    const r = withCache(['package', '--stage', 'dev', '--stdout'], dir, root);
    expect(r).toEqual(clean);
    expect(statSync(file).ino).not.toBe(before.ino);
    expect(readFileSync(file, 'utf8')).not.toBe('not V8 code');
  });

  it('a folder other users can write to is not used (code read from it would run as this user)', () => {
    const root = mkdtempSync(join(tmpdir(), 'stepf-cc-'));
    const dir = copyFixture('hello');
    withCache(['--help'], dir, root);
    chmodSync(join(root, 'stepf'), 0o777);
    for (const f of readdirSync(join(root, 'stepf'))) writeFileSync(join(root, 'stepf', f), 'planted');
    const r = withCache(['--help'], dir, root);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: stepf');
    expect(readFileSync(join(root, 'stepf', fileFor('none', 'help.cjs')), 'utf8')).toBe('planted');
    expect(readdirSync(join(root, 'stepf'))).toEqual([fileFor('none', 'help.cjs')]);
  });

  it('NODE_DISABLE_COMPILE_CACHE=1 turns it off, as it does Node\'s own', () => {
    const root = mkdtempSync(join(tmpdir(), 'stepf-cc-'));
    const dir = copyFixture('hello');
    const r = withCache(['package', '--stage', 'dev', '--stdout'], dir, root, { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(golden));
    expect(readdirSync(root)).toEqual([]);
  });
});
