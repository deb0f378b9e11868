import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import { packageService } from '../../../src/pipeline.js';
import { serviceDir } from '../variables/helpers.js';

/**
 * A self-referencing alias, wherever a config can hold one, is a located error naming the alias (it was
 * 'Maximum call stack size exceeded', "a bug in stepf"). Each case puts `REC` (an anchor holding its own alias)
 * in one place of an otherwise valid service.
 */
const service = (at: Record<string, string>) => `service: s
provider:
  name: aws
  tags: ${at.tags ?? '{team: a}'}
custom:
  note: ${at.custom ?? 'x'}
functions:
  hello:
    handler: h.hello
    environment: ${at.functions ?? '{A: b}'}
resources:
  Resources:
    Q:
      Type: AWS::SQS::Queue
      Properties: ${at.resources ?? '{}'}
stepFunctions:
  stateMachines:
    m:
      events:
        - schedule: ${at.events ?? 'rate(1 hour)'}
      alarms:
        topics: {ok: arn:aws:sns:us-east-1:123456789012:t}
        metrics: ${at.alarms ?? '[executionsFailed]'}
      definition:
        StartAt: T
        States:
          T:
            Type: Task
            Resource: arn:aws:lambda:us-east-1:123456789012:function:f
            Retry:
              - ErrorEquals: ${at.retry ?? '[States.ALL]'}
            Next: P
          P:
            Type: Pass
            Result: ${at.definition ?? '1'}
            End: true
`;

async function cycleError(yaml: string, files: Record<string, string> = {}) {
  const dir = serviceDir({ 'serverless.yml': yaml, ...files });
  try {
    await packageService({ cwd: dir, stage: 'dev', region: 'us-east-1' });
  } catch (err) {
    if (err instanceof UserError) return { d: err.diagnostics[0], dir };
    throw err;
  }
  throw new Error('expected a UserError');
}

const REC = '&rec [a, *rec]';
const PLACES = ['definition', 'retry', 'events', 'alarms', 'tags', 'functions', 'resources', 'custom'];

describe('a cyclic alias is a located error naming it', () => {
  it('the service without a cycle packages (the cases below differ only by the cycle)', async () => {
    const dir = serviceDir({ 'serverless.yml': service({}) });
    await expect(packageService({ cwd: dir, stage: 'dev', region: 'us-east-1' })).resolves.toBeTruthy();
  });

  it.each(PLACES)('in %s', async (place) => {
    const yaml = service({ [place]: REC });
    const { d } = await cycleError(yaml);
    expect(d.code).toBe('yaml-alias-cycle');
    expect(d.message).toBe('the alias *rec repeats &rec, which holds this very alias: a cycle that never ends');
    expect(d.hint).toMatch(/move &rec so that \*rec is not inside it/);
    const line = yaml.split('\n')[d.line! - 1];
    expect(line.slice(d.column! - 1)).toMatch(/^\*rec\]/);
    expect(d.file).toMatch(/serverless\.yml$/);
  });

  it('through a merge key: a node merged with << from a node that holds its own alias', async () => {
    const yaml = `${service({ definition: '{<<: *base, Extra: 1}' }).replace('custom:\n', 'custom:\n  base: &base {Kind: x, Again: *base}\n')}`;
    const { d } = await cycleError(yaml);
    expect(d.code).toBe('yaml-alias-cycle');
    expect(d.message).toMatch(/^the alias \*base repeats &base, which holds this very alias/);
    expect(yaml.split('\n')[d.line! - 1]).toContain('Again: *base');
  });

  it('deeper inside the anchor: the error says which node the alias repeats', async () => {
    const { d } = await cycleError(service({ definition: '&outer {a: {b: [*outer]}}' }));
    expect(d.message).toBe(
      'the alias *outer repeats &outer, which holds this very alias: a cycle that never ends (&outer is stepFunctions.stateMachines.m.definition.States.P.Result)',
    );
    expect(d.path).toEqual(['stepFunctions', 'stateMachines', 'm', 'definition', 'States', 'P', 'Result', 'a', 'b', 0]);
  });

  it('in a file read through ${file()}: the error stands in that file', async () => {
    const { d } = await cycleError(service({ definition: '${file(./result.yml)}' }), { 'result.yml': 'x: 1\nloop: &l {again: *l}\n' });
    expect(d.code).toBe('yaml-alias-cycle');
    expect(d.file).toMatch(/result\.yml$/);
    expect(d.line).toBe(2);
  });
});

describe('test files of stepf test go through the same shape bounds', () => {
  it('a cyclic alias or a bomb in a test file is an error naming the file, not a hang', async () => {
    const { readDataFile } = await import('../../../src/testing/data-file.js');
    const dir = serviceDir({
      'loop.test.yml': 'cases: &c [{name: a, input: *c}]\n',
      'bomb.test.yml': `a: &a [x, x, x, x, x, x, x, x, x]\n${'bcdefghij'.split('').map((n, i) => `${n}: &${n} [${Array(9).fill(`*${'abcdefghij'[i]}`).join(', ')}]`).join('\n')}\n`,
    });
    const loop = await readDataFile(`${dir}/loop.test.yml`, 'test file').catch((e: unknown) => e);
    expect(loop).toBeInstanceOf(UserError);
    expect((loop as UserError).diagnostics[0]).toMatchObject({ code: 'config-cycle', file: `${dir}/loop.test.yml` });
    const bomb = await readDataFile(`${dir}/bomb.test.yml`, 'test file').catch((e: unknown) => e);
    expect(bomb).toBeInstanceOf(UserError);
    expect((bomb as UserError).diagnostics[0].code).toBe('limit-exceeded');
  });
});
