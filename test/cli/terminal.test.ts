// stepf in a real terminal (tmux, 80 columns): prompts answered and Ctrl-C pressed as a person would,
// the screen checked as a person sees it. Against moto server.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CloudFormationClient, DescribeStacksCommand, ListChangeSetsCommand } from '@aws-sdk/client-cloudformation';
import { useEmulator } from '../support/emulator.js';
import { copyFixture, runCliAsync } from '../support/cli.js';
import { openTerminal, type Terminal } from '../support/tmux.js';

const emu = useEmulator();
const open: Terminal[] = [];

afterAll(async () => {
  for (const t of open) t.close();
});

/** A terminal with no CI variable (CI=1 would turn the spinner off), reaching the emulator. */
function terminal(dir: string, args: string[]): Terminal {
  const t = openTerminal(args, { cwd: dir, env: { ...emu.env, NO_COLOR: '1' }, columns: 80 });
  open.push(t);
  return t;
}

const deployPlain = (dir: string, args: string[]) => runCliAsync(['deploy', ...args], { cwd: dir, env: emu.cliEnv() });
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
    const plainEnv = emu.cliEnv();
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

const cfn = () => emu.client(CloudFormationClient);
const stackStatus = async (name: string) => (await cfn().send(new DescribeStacksCommand({ StackName: name }))).Stacks![0].StackStatus;
/** Change sets of the stack not executed (moto lists executed ones too and ignores the StackName filter). */
const openChangeSets = async (name: string) =>
  ((await cfn().send(new ListChangeSetsCommand({ StackName: name }))).Summaries ?? []).filter((c) => c.StackName === name && c.ExecutionStatus !== 'EXECUTE_COMPLETE');

/** hello plus a second machine, deployed; then the second removed from serverless.yml (its deploy needs a yes). */
async function stackLosingAMachine(stage: string): Promise<string> {
  const dir = copyFixture('hello');
  const yml = join(dir, 'serverless.yml');
  const two = `${readFileSync(yml, 'utf8')}    second:\n      definition:\n        StartAt: P\n        States:\n          P:\n            Type: Pass\n            End: true\n`;
  writeFileSync(yml, two);
  expect((await deployPlain(dir, ['--stage', stage, '--stack-name', stage])).code).toBe(0);
  writeFileSync(yml, two.replace(/    second:[\s\S]*$/, ''));
  return dir;
}

describe('Ctrl-C at a question', () => {
  it('at the deploy approval question: exit 130, one line saying the change set is left and what the next deploy does; no "bug in stepf"', async () => {
    const dir = await stackLosingAMachine('ctrlc1');
    const t = terminal(dir, ['deploy', '--stage', 'ctrlc1', '--stack-name', 'ctrlc1']);
    await t.waitFor(/loses the execution history of SecondStepFunctionsStateMachine \(deleted\)\. Execute it\? \[y\/N\]$/m);
    t.press('C-c');
    expect(await t.exitCode()).toBe(130);
    const all = t.history();
    // One message, wrapped to the 80 columns (its continuation lines are indented): unwrapped here.
    const after = all.slice(all.lastIndexOf('[y/N]')).replace(/\n {2}/g, ' ');
    expect(after).toMatch(
      /^error: interrupted at the question: nothing was executed; the change set is left for review \(arn:aws:cloudformation:[^)]+\) and stack ctrlc1 is unchanged; the next `stepf deploy` makes a new change set$/m,
    );
    expect(after.split('\n').filter((l) => l.trim())).toHaveLength(2);
    expect(all).not.toMatch(/bug in stepf|Aborted with Ctrl\+C/);
    expect(await openChangeSets('ctrlc1')).toHaveLength(1);
    expect(await stackStatus('ctrlc1')).toBe('CREATE_COMPLETE');
  }, 120_000);

  it('at the remove question: exit 130 and one line saying the stack is unchanged; answering n is exit 0, "not removed"', async () => {
    const dir = copyFixture('hello');
    expect((await deployPlain(dir, ['--stage', 'ctrlc2', '--stack-name', 'ctrlc2'])).code).toBe(0);
    const t = terminal(dir, ['remove', '--stage', 'ctrlc2', '--stack-name', 'ctrlc2']);
    await t.waitFor(/\[y\/N\]$/m);
    t.press('C-c');
    expect(await t.exitCode()).toBe(130);
    expect(t.history()).toMatch(/\[y\/N\]\s*\nerror: interrupted at the question: stack ctrlc2 is unchanged$/);
    expect(await stackStatus('ctrlc2')).toBe('CREATE_COMPLETE');

    const no = terminal(dir, ['remove', '--stage', 'ctrlc2', '--stack-name', 'ctrlc2']);
    await no.waitFor(/\[y\/N\]$/m);
    no.press('n', 'Enter');
    expect(await no.exitCode()).toBe(0);
    expect(no.history()).toMatch(/^not removed: stack ctrlc2 is unchanged$/m);
    expect(await stackStatus('ctrlc2')).toBe('CREATE_COMPLETE');
  }, 120_000);
});

describe('IAM broadening at the terminal', () => {
  it('an update that adds a grant shows it and asks; answering n is "not executed", exit 0, the change set left', async () => {
    const dir = copyFixture('hello');
    expect((await deployPlain(dir, ['--stage', 'wide', '--stack-name', 'wide'])).code).toBe(0);
    const yml = join(dir, 'serverless.yml');
    writeFileSync(
      yml,
      readFileSync(yml, 'utf8').replace('    hellostepfunc1:\n', '    hellostepfunc1:\n      iamRoleStatements:\n        - Effect: Allow\n          Action: s3:GetObject\n          Resource: arn:aws:s3:::reports/*\n'),
    );
    const t = terminal(dir, ['deploy', '--stage', 'wide', '--stack-name', 'wide']);
    await t.waitFor(/it widens IAM grants \(1 new\)\. Execute it\? \[y\/N\]$/m);
    expect(t.history()).toMatch(/IAM grants this change set adds:\n {2}\+ Hellostepfunc1StepFunctionsStateMachineRole: Allow s3:GetObject on\s+arn:aws:s3:::reports\/\*/);
    t.press('n', 'Enter');
    expect(await t.exitCode()).toBe(0);
    expect(t.history().replace(/\n {2}(?!execute)/g, ' ')).toMatch(/^not executed \(you answered no\): the change set is left for review \(arn:aws:cloudformation:[^)]+\) and stack wide is unchanged; the next `stepf deploy` makes a new change set$/m);
    expect(await openChangeSets('wide')).toHaveLength(1);
    expect(await stackStatus('wide')).toBe('CREATE_COMPLETE');
  }, 120_000);
});
