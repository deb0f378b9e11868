// The execution input of `stepf invoke`: checked as JSON before any AWS call, each mistake named with its
// line and column; and how results are printed (pretty for a person, one line for a pipe).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { findJsonError, lineColumn, parseInput, readExecutionInput } from '../../src/cli/execution-input.js';
import { sinceTime } from '../../src/cli/options.js';
import { executionHeader, executionsTable, failureReport, formatOutput } from '../../src/report/execution.js';
import { UsageError, UserError } from '../../src/errors.js';

describe('findJsonError', () => {
  it.each([
    ['{"a":1}', undefined],
    ['  [1, "x", true, null, -0.5e3]  ', undefined],
    ['{"a":1,}', 'a trailing comma before }'],
    ['[1,]', 'a trailing comma before ]'],
    ["{'a':1}", "unexpected ''': expected a property name in double quotes"],
    ["'x'", 'strings need double quotes, not single quotes'],
    ['{"a" 1}', "unexpected '1': expected ':' after the property name"],
    ['{"a":1 "b":2}', `unexpected '"': expected ',' or '}'`],
    ['{"a":"x', 'a string is not closed (missing ")'],
    ['"a\tb"', 'a control character (a raw line break or tab) inside a string; escape it'],
    ['"\\q"', 'unknown escape \\q'],
    ['"\\u12"', 'a \\u escape needs four hex digits'],
    ['{"a":tru}', "unexpected 't': expected a value"],
    ['{"a":01}', "unexpected '1': expected ',' or '}'"],
    ['{} {}', "unexpected '{' after the JSON value"],
    ['', 'no JSON value (the input is empty)'],
  ])('%j → %s', (text, message) => {
    const err = findJsonError(text);
    expect(err?.message).toBe(message);
    // Everything it accepts, JSON.parse accepts too, and the other way round.
    if (message === undefined) expect(() => JSON.parse(text)).not.toThrow();
    else expect(() => JSON.parse(text)).toThrow();
  });

  it('points at the offending character', () => {
    const text = '{\n  "id": "o-1",\n  "qty": 2,\n}\n';
    const err = findJsonError(text)!;
    expect(lineColumn(text, err.offset)).toEqual({ line: 4, column: 1 });
  });
});

describe('readExecutionInput', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stepf-input-'));
  writeFileSync(join(dir, 'ok.json'), '\uFEFF{"id": 1.50}\n');
  writeFileSync(join(dir, 'bad.json'), '{\n  "id": 1\n  "qty": 2\n}');

  it('defaults to {} and keeps a file\'s text as written (numbers keep their spelling, a BOM is dropped)', async () => {
    expect(await readExecutionInput({}, dir)).toEqual({ text: '{}', value: {}, source: 'default {}' });
    expect(await readExecutionInput({ input: 'ok.json' }, dir)).toMatchObject({ text: '{"id": 1.50}', value: { id: 1.5 } });
  });

  it('reads stdin for --input -', async () => {
    expect((await readExecutionInput({ input: '-' }, dir, Readable.from(['{"a":', '[1]}']))).value).toEqual({ a: [1] });
  });

  it('a file with a mistake is a UserError with its path, line and column', async () => {
    const err = (await readExecutionInput({ input: 'bad.json' }, dir).catch((e: unknown) => e)) as UserError;
    expect(err).toBeInstanceOf(UserError);
    expect(err.diagnostics[0]).toMatchObject({ file: join(dir, 'bad.json'), line: 3, column: 3, code: 'input-json' });
    expect(err.diagnostics[0].message).toContain("expected ',' or '}'");
  });

  it('--data names line and column in the message (there is no file)', () => {
    expect(() => parseInput('[1,\n2,]', '--data')).toThrow(/--data\) is not valid JSON at line 2, column 3: a trailing comma before \]/);
  });

  it('a missing file, or --input with --data, is an error before anything runs', async () => {
    await expect(readExecutionInput({ input: 'nope.json' }, dir)).rejects.toThrow(/cannot read --input file nope.json: ENOENT/);
    await expect(readExecutionInput({ input: 'ok.json', data: '{}' }, dir)).rejects.toBeInstanceOf(UsageError);
  });
});

describe('printing results', () => {
  it('output is pretty (2 spaces) in a terminal and one line on a pipe; text that is not JSON is printed as it is', () => {
    expect(formatOutput('{"a":[1,2]}', true)).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}');
    expect(formatOutput('{ "a" : [1, 2] }', false)).toBe('{"a":[1,2]}');
    expect(formatOutput(undefined, false)).toBe('null');
    expect(formatOutput('not json', true)).toBe('not json');
  });

  it('a failed execution is reported with its status, failing state, error and cause', () => {
    expect(failureReport({ name: 'r1', status: 'FAILED', error: 'Boom', cause: 'why' }, { state: 'Charge' }, 'history: stepf logs x')).toBe(
      'execution r1 FAILED\n  failed in state: Charge\n  error: Boom\n  cause: why\n  history: stepf logs x\n',
    );
  });

  it('executions are a table, newest first as given, with a running one\'s duration so far', () => {
    const now = Date.parse('2024-05-01T10:01:00Z');
    const table = executionsTable(
      [
        { name: 'b', status: 'RUNNING', startDate: new Date('2024-05-01T10:00:30Z'), executionArn: 'x', stateMachineArn: 'm' },
        { name: 'a-long-name', status: 'SUCCEEDED', startDate: new Date('2024-05-01T10:00:00Z'), stopDate: new Date('2024-05-01T10:00:01.5Z'), executionArn: 'y', stateMachineArn: 'm' },
      ],
      now,
    );
    expect(table).toBe(
      'NAME         STATUS     START                     DURATION\n' +
        'b            RUNNING    2024-05-01T10:00:30.000Z  30.0s so far\n' +
        'a-long-name  SUCCEEDED  2024-05-01T10:00:00.000Z  1.5s\n',
    );
  });

  it('the logs header names the execution, its status, start and duration', () => {
    expect(executionHeader({ name: 'r1', status: 'SUCCEEDED', startDate: new Date('2024-05-01T10:00:00Z'), stopDate: new Date('2024-05-01T10:02:05Z') })).toBe(
      'execution r1  SUCCEEDED  started 2024-05-01T10:00:00.000Z, 2m05s\n',
    );
  });

  it('--since takes a duration or an ISO time (default one hour)', () => {
    const now = Date.parse('2024-05-01T10:00:00Z');
    expect(sinceTime(undefined, now)).toBe(now - 3_600_000);
    expect(sinceTime('15m', now)).toBe(now - 900_000);
    expect(sinceTime('2024-05-01T08:00:00Z', now)).toBe(Date.parse('2024-05-01T08:00:00Z'));
    expect(() => sinceTime('yesterday', now)).toThrow(UsageError);
    expect(() => sinceTime('2024-13-45', now)).toThrow(/not a time/);
  });
});
