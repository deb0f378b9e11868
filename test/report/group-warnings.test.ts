import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/errors.js';
import { groupWarnings } from '../../src/report/group-warnings.js';
import { createOutput } from '../../src/report/output.js';
import { UserError } from '../../src/errors.js';
import { Writable } from 'node:stream';

const at = (code: string, m: number): Diagnostic => ({
  severity: 'warning',
  code,
  message: `${code} message`,
  hint: `${code} hint`,
  file: '/svc/serverless.yml',
  line: 10 + m,
  column: 11,
  path: ['stepFunctions', 'stateMachines', `machine${m}`],
});

function capture(): { stream: Writable; text: () => string } {
  let buf = '';
  const stream = new Writable({ write: (c, _e, cb) => ((buf += String(c)), cb()) });
  return { stream, text: () => buf };
}

describe('warnings at scale', () => {
  it('a kind seen more than three times is one warning with its count, its first places and --verbose for all', () => {
    const list = [at('other', 0), ...Array.from({ length: 5000 }, (_, m) => at('lambda-no-retry', m)), at('other', 1)];
    const shown = groupWarnings(list, { cwd: '/svc' });
    expect(shown).toHaveLength(3);
    expect(shown[0]).toBe(list[0]);
    expect(shown[1]).toMatchObject({ line: 10, path: ['stepFunctions', 'stateMachines', 'machine0'], hint: 'lambda-no-retry hint' });
    expect(shown[1].message).toBe(
      'lambda-no-retry message [lambda-no-retry: 5,000 in all; also at serverless.yml:11:11 stepFunctions.stateMachines.machine1, serverless.yml:12:11 stepFunctions.stateMachines.machine2 and 4,997 more (--verbose lists every one)]',
    );
    expect(shown[2]).toBe(list[5001]);
  });

  it('three of a kind, and anything with --verbose, are shown one by one as before', () => {
    const three = [at('a', 0), at('a', 1), at('a', 2)];
    expect(groupWarnings(three)).toEqual(three);
    const many = Array.from({ length: 10 }, (_, m) => at('a', m));
    expect(groupWarnings(many, { verbose: true })).toEqual(many);
  });

  it('the output channel prints grouped warnings, and --verbose every one', () => {
    const list = Array.from({ length: 10 }, (_, m) => at('lambda-no-retry', m));
    for (const [verbose, lines] of [[false, 1], [true, 10]] as const) {
      const err = capture();
      createOutput({ verbose, streams: { stdout: capture().stream, stderr: err.stream } }).warnings(list);
      expect(err.text().split('\n').filter((l) => l.startsWith('warning:'))).toHaveLength(lines);
    }
  });

  it('an error that carries warnings (a template over a limit) prints them grouped before the error', () => {
    const err = capture();
    const e = new UserError([{ severity: 'error', code: 'limit-resources', message: 'too many' }], Array.from({ length: 10 }, (_, m) => at('lambda-no-retry', m)));
    createOutput({ streams: { stdout: capture().stream, stderr: err.stream } }).error(e);
    const lines = err.text().split('\n').filter((l) => /^(warning|error):/.test(l));
    expect(lines.map((l) => l.split(':')[0])).toEqual(['warning', 'error']);
    expect(lines[0]).toContain('10 in all');
  });
});
