import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { packageService } from '../../src/pipeline.js';
import { UserError } from '../../src/errors.js';
import { stepfBin } from '../support/cli.js';
import { adversarialCases } from './adversarial.js';

/**
 * stepf never crashes on a broken config: the valid fixtures, mutated at random (a key deleted, a value
 * of another type, garbage inserted, the file cut short), either package or fail with a clean error.
 */
const fixturesRoot = resolve(__dirname, '../../fixtures');
const fixtures = readdirSync(fixturesRoot).filter((n) => existsSync(join(fixturesRoot, n, 'serverless.yml'))).sort();
const texts = new Map(fixtures.map((n) => [n, readFileSync(join(fixturesRoot, n, 'serverless.yml'), 'utf8')]));

const KEY_LINE = /^(\s*(?:- )?)([^\s#:][^:#]*):( .*)?$/;
const VALUES = ['42', 'true', 'null', '[]', '{}', '"text"', '[1, 2]', '{ a: 1 }', "'${self:nowhere}'", '-1', '""'];

type Mutation = { op: 'delete' | 'retype' | 'garbage' | 'truncate'; at: number; value: number; garbage: string };

function keyLines(lines: string[]): number[] {
  return lines.flatMap((l, i) => (KEY_LINE.test(l) ? [i] : []));
}

export function mutate(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const keys = keyLines(lines);
  switch (m.op) {
    case 'delete': {
      if (!keys.length) return text;
      const i = keys[m.at % keys.length];
      const indent = lines[i].search(/\S/);
      let end = i + 1;
      while (end < lines.length && (lines[end].trim() === '' || lines[end].search(/\S/) > indent)) end += 1;
      lines.splice(i, end - i);
      return lines.join('\n');
    }
    case 'retype': {
      if (!keys.length) return text;
      const i = keys[m.at % keys.length];
      const [, lead, key] = KEY_LINE.exec(lines[i])!;
      lines[i] = `${lead}${key}: ${VALUES[m.value % VALUES.length]}`;
      return lines.join('\n');
    }
    case 'garbage': {
      const p = m.at % (text.length + 1);
      return text.slice(0, p) + m.garbage + text.slice(p);
    }
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
  }
}

const mutation = fc.record({
  op: fc.constantFrom('delete' as const, 'retype' as const, 'garbage' as const, 'truncate' as const),
  at: fc.nat(),
  value: fc.nat(),
  garbage: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(': x', '\n  - ', '${', '}', '!Ref', '"', '\t', '[', '#{AWS::', '{%')),
});
const fixture = fc.constantFrom(...fixtures);

const scratch = mkdtempSync(join(tmpdir(), 'stepf-mutation-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A private copy of the fixture folder (its ${file()} targets included) with the mutated serverless.yml. */
function prepare(name: string, text: string, tag: string): string {
  const dir = join(scratch, `${name}-${tag}`);
  if (!existsSync(dir)) cpSync(join(fixturesRoot, name), dir, { recursive: true });
  writeFileSync(join(dir, 'serverless.yml'), text);
  rmSync(join(dir, 'out'), { recursive: true, force: true });
  return dir;
}

describe('mutated fixtures', () => {
  it('packageService either succeeds or throws a UserError, never anything else', async () => {
    await fc.assert(
      fc.asyncProperty(fixture, mutation, async (name, m) => {
        const dir = prepare(name, mutate(texts.get(name)!, m), 'inproc');
        try {
          const r = await packageService({ cwd: dir, stage: 'dev', region: 'us-east-1' });
          expect(r.template.Resources).toBeTypeOf('object');
        } catch (err) {
          if (!(err instanceof UserError)) throw err;
          for (const d of err.diagnostics) expect(d.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: Number(process.env.STEPF_MUTATION_RUNS ?? 300) },
    );
  }, 120_000);

  it('the CLI exits 0 with a template, or 1 with a clean message and nothing written', () => {
    fc.assert(
      fc.property(fixture, mutation, (name, m) => {
        const dir = prepare(name, mutate(texts.get(name)!, m), 'cli');
        const r = spawnSync(process.execPath, [stepfBin, 'package', '--stage', 'dev', '--out', 'out'], {
          cwd: dir,
          env: { ...process.env, AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/nonexistent', NO_COLOR: '1', STEPF_DEBUG: undefined },
          encoding: 'utf8',
        });
        expect([0, 1]).toContain(r.status);
        expect(r.stderr).not.toMatch(/^\s+at /m);
        expect(r.stderr).not.toContain('this is a bug in stepf');
        const out = join(dir, 'out');
        const written = existsSync(out) ? readdirSync(out) : [];
        if (r.status === 0) {
          // A service too large for one stack (fixtures/split) also writes its nested stacks' templates.
          expect(written.filter((f) => f !== 'stacks')).toEqual(['template.json']);
          JSON.parse(readFileSync(join(out, 'template.json'), 'utf8'));
          if (written.includes('stacks')) {
            const children = readdirSync(join(out, 'stacks'));
            expect(children.length).toBeGreaterThan(0);
            for (const c of children) JSON.parse(readFileSync(join(out, 'stacks', c), 'utf8'));
          }
        } else {
          expect(r.stderr).toMatch(/^error: /m);
          expect(written).toEqual([]);
        }
      }),
      { numRuns: 40 },
    );
  }, 180_000);

  /**
   * A hang guard, not a benchmark: 2 s of CPU (ulimit -t: the kernel stops the process), so a
   * loaded machine does not fail a case that is merely waiting for a core; a wall-clock backstop catches a
   * process blocked without using CPU (reading a FIFO).
   */
  const CPU_SECONDS = 2;
  const WALL_MS = 20_000;

  it('adversarial configs (bombs, cycles, 10,000-deep nesting, 50 MB files, NUL bytes, duplicate keys, CRLF, BOMs) end within 2 s of CPU with exit 0 or 1 and no stack trace', () => {
    let ran = 0;
    const skipped: string[] = [];
    for (const c of adversarialCases()) {
      const dir = join(scratch, `adversarial-${ran + skipped.length}`);
      mkdirSync(dir, { recursive: true });
      for (const [name, content] of Object.entries(c.files)) writeFileSync(join(dir, name), content);
      if (c.prepare && !c.prepare(dir)) {
        skipped.push(c.name);
        continue;
      }
      const r = spawnSync('/bin/sh', ['-c', `ulimit -t ${CPU_SECONDS} && exec "$0" "$@"`, process.execPath, stepfBin, 'package', '--stage', 'dev', '--out', 'out'], {
        cwd: dir,
        env: { ...process.env, AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/nonexistent', NO_COLOR: '1', STEPF_DEBUG: undefined },
        encoding: 'utf8',
        timeout: WALL_MS,
        killSignal: 'SIGKILL',
      });
      expect(r.signal, `${c.name}: stopped by ${r.signal}: over ${CPU_SECONDS} s of CPU, or blocked past ${WALL_MS} ms`).toBeNull();
      expect(r.stderr, c.name).not.toMatch(/^\s+at /m);
      expect(r.stderr, c.name).not.toContain('this is a bug in stepf');
      expect(r.status, `${c.name}:\n${r.stderr}`).toBe(c.exit);
      if (c.exit === 1) expect(r.stderr, c.name).toMatch(/^error: /m);
      else expect(existsSync(join(dir, 'out', 'template.json')), c.name).toBe(true);
      rmSync(dir, { recursive: true, force: true });
      ran++;
    }
    console.log(`adversarial configs: ${ran} ran${skipped.length ? `, ${skipped.length} skipped (${skipped.join('; ')})` : ''}`);
    expect(ran).toBeGreaterThanOrEqual(25);
  }, 120_000);
});
