import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError, formatPath } from '../../src/errors.js';
import { packageService } from '../../src/pipeline.js';
import { validateDefinition } from '../../src/validate/asl/index.js';

/** README: "All errors are reported together". One mistake must not hide another that can still be read. */

const base = ['stepFunctions', 'stateMachines', 'm', 'definition'];
const errorPaths = (def: unknown) =>
  validateDefinition(def, { basePath: base, machineKey: 'm' })
    .filter((d) => d.severity === 'error')
    .map((d) => formatPath(d.path!.slice(base.length)));

describe('a state with a bad Type is still checked', () => {
  it('a misspelt Type (task) and a broken InputPath in the same state are both reported', () => {
    const def = { StartAt: 'A', States: { A: { Type: 'task', Resource: 'arn:aws:states:::sqs:sendMessage', InputPath: '$.foo[', End: true } } };
    expect(errorPaths(def)).toEqual(['States.A.Type', 'States.A.InputPath']);
  });

  it('a misspelt Type is checked as the type it was meant to be: an unknown field of that type is reported too', () => {
    const def = { StartAt: 'A', States: { A: { Type: 'Tsak', Resource: 'arn:aws:states:::sqs:sendMessage', Retyr: [], End: true } } };
    expect(errorPaths(def)).toEqual(['States.A.Type', 'States.A.Retyr']);
  });

  it('a Type nothing resembles still leads on through its Next: the states after it are not called unreachable', () => {
    const def = { StartAt: 'A', States: { A: { Type: 'Frobnicate', Next: 'B' }, B: { Type: 'Pass', OutputPath: '$..x[', Next: 'C' }, C: { Type: 'Pass', End: true } } };
    expect(errorPaths(def)).toEqual(['States.A.Type', 'States.B.OutputPath']);
  });

  it('a state with no Type but a Resource gets the Task checks (its Retry is checked)', () => {
    const def = { StartAt: 'A', States: { A: { Resource: 'arn:aws:states:::sqs:sendMessage', Retry: [{ ErrorEquals: [], MaxAttempts: -1 }], End: true } } };
    const paths = errorPaths(def);
    expect(paths[0]).toBe('States.A');
    expect(paths.slice(1).every((p) => p.startsWith('States.A.Retry'))).toBe(true);
    expect(paths.length).toBeGreaterThan(1);
  });
});

describe('a schema error does not stop the definition checks', () => {
  it('package reports a bad provider key, a bad machine type, a bad name and the broken paths of both machines in one run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepf-all-errors-'));
    writeFileSync(
      join(dir, 'serverless.yml'),
      [
        'service: hello',
        'provider:',
        '  name: aws',
        '  stackTags: 5',
        'stepFunctions:',
        '  stateMachines:',
        '    hello:',
        '      type: STANDART',
        '      definition:',
        '        StartAt: A',
        '        States:',
        '          A: { Type: Pass, InputPath: "$.foo[", End: true }',
        '    other:',
        '      name: bad name!',
        '      definition: \'{"StartAt":"A","States":{"A":{"Type":"Pass","OutputPath":"$..x[","End":true}}}\'',
        '',
      ].join('\n'),
    );
    const err = await packageService({ cwd: dir, stage: 'dev', region: 'us-east-1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    const paths = (err as UserError).diagnostics.map((d) => formatPath(d.path!));
    expect(paths).toEqual([
      'provider.stackTags',
      'stepFunctions.stateMachines.hello.type',
      'stepFunctions.stateMachines.hello.definition.States.A.InputPath',
      'stepFunctions.stateMachines.other.name',
      'stepFunctions.stateMachines.other.definition.States.A.OutputPath',
    ]);
    // Each still has its place in the file.
    expect((err as UserError).diagnostics.every((d) => d.file && d.line)).toBe(true);
  });

  it('a definition the schema rejects (not JSON) is reported once, not checked again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepf-all-errors-'));
    writeFileSync(join(dir, 'serverless.yml'), 'service: hello\nstepFunctions:\n  stateMachines:\n    m:\n      definition: "{not json"\n');
    const err = (await packageService({ cwd: dir, stage: 'dev', region: 'us-east-1' }).catch((e: unknown) => e)) as UserError;
    expect(err.diagnostics.map((d) => formatPath(d.path!))).toEqual(['stepFunctions.stateMachines.m.definition']);
  });
});
