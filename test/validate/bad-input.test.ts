import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stepfBin } from '../support/cli.js';

/**
 * The bad-input corpus: each bad-input/<case>/serverless.yml holds one mistake, and expected.txt what
 * `stepf validate` prints for it (UPDATE_BAD_INPUT=1 rewrites them; review the diff).
 */
const root = resolve(__dirname, 'bad-input');
const update = process.env.UPDATE_BAD_INPUT === '1';
const cases = readdirSync(root).filter((n) => existsSync(join(root, n, 'serverless.yml'))).sort();
/** Mistakes in the file as a whole (its syntax, or a missing top-level block): no config path to name. */
const FILE_LEVEL = /^(yaml-|no-stepfunctions-block$)/;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function runValidate(dir: string): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [stepfBin, 'validate', '--stage', 'dev'], {
      cwd: dir,
      env: { ...process.env, AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/nonexistent', NO_COLOR: '1', STEPF_DEBUG: undefined },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

/** Machine-independent text: the case folder's absolute path becomes `.`. */
const normalize = (text: string, dir: string) => text.split(dir).join('.');

const results = new Map<string, Run>();
beforeAll(async () => {
  const queue = [...cases];
  const worker = async () => {
    for (let c = queue.shift(); c; c = queue.shift()) results.set(c, await runValidate(join(root, c)));
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}, 180_000);

it('the corpus holds at least 60 cases', () => {
  expect(cases.length).toBeGreaterThanOrEqual(60);
});

describe.each(cases)('%s', (name) => {
  const dir = join(root, name);
  it('fails with exit 1 and prints exactly its expected message', () => {
    const r = results.get(name)!;
    const text = normalize(r.stderr, dir);
    const file = join(dir, 'expected.txt');
    if (update) writeFileSync(file, text);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(text).toBe(readFileSync(file, 'utf8'));
  });

  it('names the file with line and column, the config path, and a hint; no stack trace', () => {
    const r = results.get(name)!;
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).not.toContain('this is a bug in stepf');
    const blocks = r.stderr.split(/^(?=error: )/m).filter((b) => b.startsWith('error: '));
    expect(blocks.length).toBeGreaterThan(0);
    for (const b of blocks) {
      const [head] = b.split('\n');
      // error: <file>:<line>:<column> <config.path>: <message>
      const m = /^error: (\S+?):(\d+):(\d+)(?: (\S+))?: (.+)$/.exec(head);
      expect(m, head).not.toBeNull();
      expect(m![1]).toMatch(/\.(yml|yaml|json)$/);
      if (!FILE_LEVEL.test(name)) expect(m![4], `config path in: ${head}`).toBeTruthy();
      expect(b, `hint for: ${head}`).toMatch(/\n {2}hint: \S/);
    }
  });
});
