// README.md and `stepf <cmd> --help` agree on the flags of invoke, logs, executions, stop and redrive:
// every flag the built CLI takes is in the command's README table, and every flag in a table exists.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.js';

const COMMANDS = ['invoke', 'logs', 'executions', 'stop', 'redrive'] as const;
/** Flags every AWS command takes; the README lists them once, in the section's opening paragraph. */
const COMMON = ['--stage', '--region', '--config', '--param', '--bound', '--allow-file', '--profile', '--stack-name', '--verbose'];

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('### Running state machines'), readme.indexOf('\n## ', readme.indexOf('### Running state machines')));

function helpFlags(command: string): string[] {
  const r = runCli([command, '--help'], { cwd: repoRoot });
  expect(r.status, r.stderr).toBe(0);
  const options = r.stdout.slice(r.stdout.indexOf('Options:'));
  return [...options.matchAll(/^ {2}(?:-\w, )?(--[a-z][a-z-]*)/gm)].map((m) => m[1]).filter((f) => f !== '--help');
}

function readmeTableFlags(command: string): { text: string; flags: string[] } {
  const start = section.indexOf(`#### ${command}\n`);
  expect(start, `README has a #### ${command} part`).toBeGreaterThan(0);
  const end = section.indexOf('\n#### ', start + 1);
  const text = section.slice(start, end < 0 ? undefined : end);
  const rows = text.split('\n').filter((l) => l.startsWith('| `'));
  return { text, flags: rows.flatMap((l) => [...l.split('|')[1].matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0])) };
}

describe('README and --help agree on the run commands', () => {
  it('the section names the flags all of them share', () => {
    const intro = section.slice(0, section.indexOf('#### '));
    for (const f of [...COMMON, '--json', '--arn']) expect(intro, f).toContain(f);
  });

  it.each(COMMANDS)('stepf %s: every flag in --help is in its README table, and every table flag is in --help', (command) => {
    const help = helpFlags(command);
    const { flags } = readmeTableFlags(command);
    const own = help.filter((f) => !COMMON.includes(f));
    expect(own.length).toBeGreaterThan(0);
    expect(own.filter((f) => !flags.includes(f)), 'flags missing from the README').toEqual([]);
    expect(flags.filter((f) => !help.includes(f)), 'README flags the CLI does not take').toEqual([]);
  });
});

describe('README and --help agree on every command', () => {
  const commands = [...runCli(['--help'], { cwd: repoRoot }).stdout.matchAll(/^ {2}([a-z]+) \[options\]/gm)].map((m) => m[1]);

  it('stepf --help lists every command, and the README has a part for each', () => {
    expect(commands).toEqual(expect.arrayContaining(['package', 'validate', 'deploy', 'info', 'remove', 'invoke', 'logs', 'executions', 'stop', 'redrive', 'graph']));
    for (const c of commands) expect(readme, `README names stepf ${c}`).toMatch(new RegExp(`(#### ${c}\\n|### \`stepf ${c}\`|\`stepf ${c}\`)`));
  });

  it('every flag of every command is in the README', () => {
    const missing = commands.flatMap((c) => helpFlags(c).filter((f) => !new RegExp(`(?<![\\w-])${f}(?![\\w-])`).test(readme)).map((f) => `stepf ${c} ${f}`));
    expect(missing).toEqual([]);
  });
});
