import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, loadFile } from '../../src/config/load.js';
import { UserError } from '../../src/errors.js';

const write = (name: string, text: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'stepf-load-'));
  writeFileSync(join(dir, name), text);
  return dir;
};

describe('loader', () => {
  it('turns CloudFormation short-form tags into long forms', async () => {
    const dir = write(
      'serverless.yml',
      [
        'a: !Ref X',
        'b: !GetAtt X.Arn',
        'c: !Sub "${AWS::Region}"',
        'd: !Join [":", [a, b]]',
        'e: !ImportValue shared',
        'f: !If [Cond, a, b]',
        'g: !Select [0, !GetAZs ""]',
        'h: !Condition IsProd',
        'i: !Base64 abc',
        'j: !Split [",", "a,b"]',
        'k: !Not [!Equals [a, b]]',
        'l: !FindInMap [M, K, V]',
        'm: !Cidr [x, 1, 2]',
        'n: !And [!Condition A, !Or [!Condition B, !Condition C]]',
      ].join('\n'),
    );
    expect((await loadConfig(dir)).data).toEqual({
      a: { Ref: 'X' },
      b: { 'Fn::GetAtt': ['X', 'Arn'] },
      c: { 'Fn::Sub': '${AWS::Region}' },
      d: { 'Fn::Join': [':', ['a', 'b']] },
      e: { 'Fn::ImportValue': 'shared' },
      f: { 'Fn::If': ['Cond', 'a', 'b'] },
      g: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
      h: { Condition: 'IsProd' },
      i: { 'Fn::Base64': 'abc' },
      j: { 'Fn::Split': [',', 'a,b'] },
      k: { 'Fn::Not': [{ 'Fn::Equals': ['a', 'b'] }] },
      l: { 'Fn::FindInMap': ['M', 'K', 'V'] },
      m: { 'Fn::Cidr': ['x', 1, 2] },
      n: { 'Fn::And': [{ Condition: 'A' }, { 'Fn::Or': [{ Condition: 'B' }, { Condition: 'C' }] }] },
    });
  });

  it('finds serverless.yaml and serverless.json too', async () => {
    expect((await loadConfig(write('serverless.yaml', 'service: a'))).data).toEqual({ service: 'a' });
    expect((await loadConfig(write('serverless.json', '{"service":"b"}'))).data).toEqual({ service: 'b' });
  });

  it('a YAML syntax error names file, line and column', async () => {
    const dir = write('serverless.yml', 'service: a\nprovider:\n  name: aws\n   bad: indent\n');
    try {
      await loadConfig(dir);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(UserError);
      const d = (err as UserError).diagnostics[0];
      expect(d.file).toBe(join(dir, 'serverless.yml'));
      expect(d.line).toBe(4);
      expect(d.column).toBeGreaterThan(0);
      expect(d.hint).toBeTruthy();
    }
  });

  it('a JSON syntax error names line and column', async () => {
    const dir = write('serverless.json', '{\n  "service": "a",\n  oops\n}');
    const err = await loadConfig(dir).then(
      () => undefined,
      (e: unknown) => e as UserError,
    );
    expect(err?.diagnostics[0]).toMatchObject({ line: 3, code: 'json-syntax' });
  });

  it('a missing config names the folder and hints at --config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepf-empty-'));
    await expect(loadConfig(dir)).rejects.toThrow(/no serverless.yml/);
  });

  it('locate() maps a config path to its line and column', () => {
    const dir = write('serverless.yml', 'service: a\nstepFunctions:\n  stateMachines:\n    hello:\n      definition:\n        StartAt: X\n');
    const f = loadFile(join(dir, 'serverless.yml'));
    expect(f.locate(['stepFunctions', 'stateMachines', 'hello', 'definition', 'StartAt'])).toEqual({ line: 6, column: 18 });
    expect(f.locate(['stepFunctions', 'stateMachines', 'hello'])).toEqual({ line: 4, column: 5 });
    // A path that goes further than the file points at the deepest part that exists.
    expect(f.locate(['stepFunctions', 'stateMachines', 'hello', 'nope'])).toEqual({ line: 4, column: 5 });
  });
});
