// stepf in a real terminal (tmux, 80 columns): prompts answered and Ctrl-C pressed as a person would,
// the screen checked as a person sees it. Against moto server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../support/emulator.js';
import { copyFixture, runCliAsync } from '../support/cli.js';
import { openTerminal, type Terminal } from '../support/tmux.js';

let emu: Emulator;
const open: Terminal[] = [];

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  for (const t of open) t.close();
  await emu?.stop();
});

/** A terminal with no CI variable (CI=1 would turn the spinner off), reaching the emulator. */
function terminal(dir: string, args: string[]): Terminal {
  const t = openTerminal(args, { cwd: dir, env: { ...emu.env, NO_COLOR: '1' }, columns: 80 });
  open.push(t);
  return t;
}

const deployPlain = (dir: string, args: string[]) => runCliAsync(['deploy', ...args], { cwd: dir, env: { ...process.env, ...emu.env, CI: '1', NO_COLOR: '1' } });
const SPINNER = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;

describe('stepf in an 80-column terminal', () => {
  it('deploy: the change set table and the stack events fit 80 columns, no spinner frame is left behind, and no "reading values" phase without cross-stack values', async () => {
    const dir = copyFixture('hello');
    const t = terminal(dir, ['deploy', '--stage', 'tty1', '--stack-name', 'tty1']);
    expect(await t.exitCode()).toBe(0);
    const all = t.history();
    expect(all).toMatch(/Hellostepfunc1StepFunctionsStateMachineRole\n\s+AWS::IAM::Role/);
    expect(all).toMatch(/CREATE_COMPLETE/);
    // Up to the last stack event (the summary after it prints ARNs whole, to be copied): the warning, its
    // long hint, the change set, the events.
    const progress = all.slice(0, all.lastIndexOf('CREATE_COMPLETE'));
    expect(progress).toMatch(/^warning: serverless\.yml:\d+:\d+\n {2}stepFunctions\.stateMachines\.hellostepfunc1\.definition\.States\.HelloWorld1: this/m);
    expect(progress).toMatch(/^ {2}hint: add Retry/m);
    for (const line of progress.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(all).not.toMatch(SPINNER);
    expect(all).not.toMatch(/from the Serverless stack/);
  });

  it('remove answered yes: the spinner line of "deleting" is gone once it is done; events fit 80 columns', async () => {
    const dir = copyFixture('hello');
    expect((await deployPlain(dir, ['--stage', 'tty2', '--stack-name', 'tty2'])).code).toBe(0);
    const t = terminal(dir, ['remove', '--stage', 'tty2', '--stack-name', 'tty2']);
    await t.waitFor(/\[y\/N\]$/m);
    t.press('y', 'Enter');
    expect(await t.exitCode()).toBe(0);
    const all = t.history();
    expect(all).toMatch(/DELETE_COMPLETE/);
    expect(all).toMatch(/^removed stack tty2 from us-east-1 in \d+\.\ds$/m);
    expect(all).not.toMatch(SPINNER);
    expect(all).not.toMatch(/deleting tty2 \(\d+s\)/);
    for (const line of all.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
  }, 120_000);
});

describe('the same warning in every command', () => {
  it('package, validate and deploy print the same warning block: file:line:column, state path, message and hint', async () => {
    const dir = copyFixture('hello');
    const plainEnv = { ...process.env, ...emu.env, CI: '1', NO_COLOR: '1' };
    const warningOf = (stderr: string) => /^warning: [\s\S]*?\n {2}hint: .*$/m.exec(stderr)?.[0];
    const pkg = await runCliAsync(['package', '--stage', 'same'], { cwd: dir, env: plainEnv });
    const val = await runCliAsync(['validate', '--stage', 'same'], { cwd: dir, env: plainEnv });
    const dep = await deployPlain(dir, ['--stage', 'same', '--stack-name', 'same']);
    expect(dep.code, dep.stderr).toBe(0);
    const expected = warningOf(pkg.stderr);
    expect(expected).toMatch(/^warning: serverless\.yml:\d+:\d+ stepFunctions\.stateMachines\.hellostepfunc1\.definition\.States\.HelloWorld1: this Lambda task has no Retry/);
    expect(warningOf(val.stderr)).toBe(expected);
    expect(warningOf(dep.stderr)).toBe(expected);
  });
});
