// Test files: mistakes are errors at file:line:column with the key's path and a hint, never a skipped case.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { findTestFiles, readTestFile } from '../../src/testing/test-file.js';
import { machine } from './helpers.js';

const M = machine({ StartAt: 'Go', States: { Go: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Next: 'Done' }, Done: { Type: 'Succeed' } } }, 'orders');

async function error(yaml: string) {
  const dir = mkdtempSync(join(tmpdir(), 'stepf-tf-'));
  const file = join(dir, 'bad.test.yml');
  writeFileSync(file, yaml);
  const err = await readTestFile(file, [M], dir).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(UserError);
  const d = (err as UserError).diagnostics[0];
  return { message: d.message, hint: d.hint, at: `${d.line}:${d.column}`, path: d.path?.join('.') };
}

describe('test file mistakes', () => {
  it('an unknown key, with a did-you-mean, at its line and column', async () => {
    expect(await error('cases:\n  one:\n    expect:\n      outptu: {}\n')).toEqual({ message: 'unknown key outptu', hint: 'did you mean output?', at: '4:7', path: 'cases.one.expect.outptu' });
  });

  it('an unknown machine lists the known ones', async () => {
    expect(await error('machine: order\ncases:\n  one: {}\n')).toMatchObject({ message: 'no state machine order in this service', hint: 'did you mean orders? known state machines: orders', at: '1:10' });
  });

  it('a path or states entry naming a state the machine lacks', async () => {
    expect(await error('cases:\n  one:\n    expect: { path: [Go, Dne] }\n')).toMatchObject({ message: 'the machine has no state named Dne', hint: 'did you mean Done?', path: 'cases.one.expect.path.1' });
    expect(await error('cases:\n  one:\n    mocks: { Og: 1 }\n')).toMatchObject({ message: 'the machine has no state named Og', path: 'cases.one.mocks.Og' });
  });

  it('a status that is not one of the three, and error with SUCCEEDED', async () => {
    expect(await error('cases:\n  one: { expect: { status: OK } }\n')).toMatchObject({ message: 'expect.status must be one of SUCCEEDED, FAILED, TIMED_OUT', at: '2:28' });
    expect(await error('cases:\n  one: { expect: { status: SUCCEEDED, error: X } }\n')).toMatchObject({ message: 'expect.error and expect.cause need status FAILED or TIMED_OUT' });
  });

  it('output and outputIncludes together, attempts that is not a count, mockCase without mockConfig', async () => {
    expect((await error('cases:\n  one: { expect: { output: 1, outputIncludes: 1 } }\n')).message).toBe('output and outputIncludes both given');
    expect((await error('cases:\n  one: { expect: { states: { Go: { attempts: -1 } } } }\n')).message).toBe('attempts must be a whole number (0: never run)');
    expect((await error('cases:\n  one: { mockCase: HappyPath }\n')).message).toBe('mockCase needs mockConfig (here or at the top of the file)');
  });

  it('no cases, and YAML that does not parse (with its position)', async () => {
    expect((await error('machine: orders\n')).message).toBe('cases must be an object of cases by name (at least one)');
    const bad = await error('cases:\n  one: {\n');
    expect(bad.message).toMatch(/^test file .*bad\.test\.yml is not valid YAML or JSON: /);
  });

  it('a case without expect must succeed (an empty case is no silent pass)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepf-tf-'));
    writeFileSync(join(dir, 'a.test.yml'), 'cases:\n  bare: {}\n  failing: { expect: { error: Boom } }\n');
    const specs = await readTestFile(join(dir, 'a.test.yml'), [M], dir);
    expect(specs.map((s) => [s.id, s.expect])).toEqual([
      ['a.test.yml > bare', { status: 'SUCCEEDED' }],
      ['a.test.yml > failing', { status: 'FAILED', error: 'Boom' }],
    ]);
  });

  it('finds *.test.yml, *.test.yaml and *.test.json in nested folders, sorted; other files (inputs, mock configs) are not tests', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepf-find-'));
    mkdirSync(join(dir, 'b'));
    for (const f of ['z.test.json', 'a.test.yml', 'b/c.test.yaml', 'input.json', 'MockConfigFile.json', 'notes.yml']) writeFileSync(join(dir, f), '{}');
    expect((await findTestFiles(dir)).map((f) => f.slice(dir.length + 1))).toEqual(['a.test.yml', 'b/c.test.yaml', 'z.test.json']);
  });
});
