// The one output channel: results on stdout, everything for people on stderr, JSON error documents with a
// stable code per kind of error.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ApprovalRequired, AwsError, Interrupted, UsageError, userError } from '../../src/errors.js';
import { createOutput } from '../../src/report/output.js';
import { copyFixture, repoRoot, runCli } from '../support/cli.js';

function capture(opts: { json?: boolean; verbose?: boolean } = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const text = { out: '', err: '' };
  stdout.on('data', (b) => (text.out += String(b)));
  stderr.on('data', (b) => (text.err += String(b)));
  return { out: createOutput({ ...opts, streams: { stdout, stderr } }), text };
}

describe('createOutput', () => {
  it('puts results on stdout and notes on stderr, one newline each, an empty note writing nothing', () => {
    const { out, text } = capture();
    out.result('answer\n');
    out.json({ a: 1 });
    out.jsonLine({ b: 2 });
    out.note('one line');
    out.note('own newline\n');
    out.note('');
    expect(text.out).toBe('answer\n{\n  "a": 1\n}\n{"b":2}\n');
    expect(text.err).toBe('one line\nown newline\n');
  });

  it('prints --verbose lines only when verbose', () => {
    const quiet = capture();
    quiet.out.debug('3 AWS API calls');
    expect(quiet.text.err).toBe('');
    const loud = capture({ verbose: true });
    loud.out.debug('3 AWS API calls');
    expect(loud.text.err).toBe('3 AWS API calls\n');
  });

  it.each([
    [userError('bad key', { code: 'unknown-key' }), 'bad-input', 1],
    [new UsageError('which machine?'), 'usage', 2],
    [new AwsError('throttled', 'DescribeStacks', 'wait'), 'aws', 3],
    [new ApprovalRequired('needs a yes'), 'approval-required', 7],
    [new Interrupted(), 'interrupted', 130],
    [new Error('oops'), 'bug', 1],
  ] as const)('with --json an error is a document on stdout with its stable code (%s)', (err, code, exit) => {
    const { out, text } = capture({ json: true });
    expect(out.error(err)).toBe(exit);
    const doc = JSON.parse(text.out);
    expect(doc).toMatchObject({ ok: false, exitCode: exit, error: { code } });
    expect(text.err).toMatch(/^(error|warning): /);
  });

  it('without --json an error goes to stderr only, with its hint', () => {
    const { out, text } = capture();
    out.error(new AwsError('throttled', 'DescribeStacks', 'wait a minute'));
    expect(text.out).toBe('');
    expect(text.err).toBe('error: DescribeStacks: throttled\n  hint: wait a minute\n');
  });
});

describe('the CLI writes through the channel', () => {
  it('stepf package --json on a broken config prints the error document with code bad-input and the diagnostic code', () => {
    const dir = copyFixture('hello');
    writeFileSync(join(dir, 'serverless.yml'), 'service: x\nstepFunctions:\n  stateMachines: [oops\n');
    const r = runCli(['package', '--json', '--stage', 'dev'], { cwd: dir });
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.error.code).toBe('bad-input');
    expect(doc.error.diagnostics[0].code).toBe('yaml-syntax');
  });

  it('no file outside src/report writes to stdout or stderr itself', () => {
    const src = join(repoRoot, 'src');
    const files = (function walk(dir: string): string[] {
      return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
    })(src).filter((f) => f.endsWith('.ts') && !relative(src, f).startsWith('report/'));
    const writers = files.filter((f) => /process\.(stdout|stderr)\.write|console\.(log|error|warn|info)/.test(readFileSync(f, 'utf8')));
    expect(writers.map((f) => relative(repoRoot, f))).toEqual([]);
  });
});
