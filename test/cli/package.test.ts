import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, repoRoot, runCli } from '../support/cli.js';

const noStackTrace = (s: string) => expect(s).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe('stepf basics', () => {
  it('--version prints the package version', () => {
    const r = runCli(['--version'], { cwd: repoRoot });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version);
  });

  it('--help lists the commands and the exit code table', () => {
    const r = runCli(['--help'], { cwd: repoRoot });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('package');
    expect(r.stdout).toMatch(/7\s+stopped for approval/);
  });

  it('an unknown command or flag is a usage error, exit 2', () => {
    expect(runCli(['frobnicate'], { cwd: repoRoot }).status).toBe(2);
    const r = runCli(['package', '--nope'], { cwd: repoRoot });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown option '--nope'");
  });
});

describe('stepf package', () => {
  it('writes .stepf/<stage>/template.json and prints each machine with logical ID, type and state count', () => {
    const dir = copyFixture('hello');
    const r = runCli(['package', '--stage', 'dev'], { cwd: dir });
    // hello's Lambda task has no Retry: a warning (validate's lambda-no-retry), never an error.
    expect(r.stderr.split('\n').filter((l) => /^\w+:/.test(l)).map((l) => l.split(' ')[0])).toEqual(['warning:']);
    expect(r.status).toBe(0);
    const template = JSON.parse(readFileSync(join(dir, '.stepf/dev/template.json'), 'utf8'));
    expect(template.Resources.Hellostepfunc1StepFunctionsStateMachine.Type).toBe('AWS::StepFunctions::StateMachine');
    expect(r.stdout).toMatch(/hellostepfunc1\s+Hellostepfunc1StepFunctionsStateMachine\s+STANDARD\s+1 state\b/);
    expect(r.stdout).toContain('example-stepf-nodejs-dev-stepf');
    expect(r.stdout).toContain('.stepf/dev/template.json');
  });

  it('--out, --stdout and --json', () => {
    const dir = copyFixture('hello');
    expect(runCli(['package', '--stage', 'prod', '--out', 'build'], { cwd: dir }).status).toBe(0);
    expect(existsSync(join(dir, 'build/template.json'))).toBe(true);

    const out = runCli(['package', '--stage', 'dev', '--stdout'], { cwd: dir });
    expect(out.status).toBe(0);
    expect(JSON.parse(out.stdout).AWSTemplateFormatVersion).toBe('2010-09-09');
    // Written compact, as deploy sends it; --pretty indents the same template for reading.
    expect(out.stdout.trimEnd()).not.toContain('\n');
    const pretty = runCli(['package', '--stage', 'dev', '--stdout', '--pretty'], { cwd: dir });
    expect(pretty.stdout).toContain('\n  "Resources": {');
    expect(JSON.parse(pretty.stdout)).toEqual(JSON.parse(out.stdout));

    const json = runCli(['package', '--stage', 'dev', '--json'], { cwd: dir });
    expect(json.status).toBe(0);
    const summary = JSON.parse(json.stdout);
    expect(summary).toMatchObject({ ok: true, stackName: 'example-stepf-nodejs-dev-stepf', stage: 'dev' });
    expect(summary.machines[0]).toMatchObject({ key: 'hellostepfunc1', logicalId: 'Hellostepfunc1StepFunctionsStateMachine', states: 1 });
  });

  it('--out makes missing folders; a path it cannot write is exit 1 naming the file, not a crash', () => {
    const dir = copyFixture('hello');
    expect(runCli(['package', '--stage', 'dev', '--out', 'a/b/c'], { cwd: dir }).status).toBe(0);
    expect(existsSync(join(dir, 'a/b/c/template.json'))).toBe(true);
    writeFileSync(join(dir, 'plain-file'), 'x');
    const r = runCli(['package', '--stage', 'dev', '--out', 'plain-file/out'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cannot write .*plain-file\/out\/template\.json/);
    expect(r.stderr).toContain('hint: choose another path with --out');
    noStackTrace(r.stderr);
  });

  it('--json lists, per machine, the IAM actions its generated role grants and on what', () => {
    const dir = copyFixture('cross-stack');
    const json = runCli(['package', '--stage', 'dev', '--json'], { cwd: dir });
    expect(json.status).toBe(0);
    const orders = JSON.parse(json.stdout).machines.find((m: { key: string }) => m.key === 'orders');
    const granted = Object.fromEntries(orders.grants.map((g: { actions: string[]; resources: unknown[] }) => [g.actions.join(','), g.resources]));
    expect(granted['dynamodb:PutItem']).toContainEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/orders-dev' });
    expect(granted['sqs:SendMessage']).toEqual([{ 'Fn::Sub': 'arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:jobs-dev' }]);
    expect(JSON.stringify(orders.grants)).not.toContain('"*"');
  });

  it('a broken config exits 1 with file:line:column, config path and hint, and writes nothing', () => {
    const dir = copyFixture('hello');
    const file = join(dir, 'serverless.yml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('    hellostepfunc1:\n', '    hellostepfunc1:\n      tracingConfg:\n        enabled: true\n'));
    const r = runCli(['package', '--stage', 'dev'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/serverless\.yml:\d+:\d+/);
    expect(r.stderr).toMatch(/serverless\.yml:18:7 stepFunctions\.stateMachines\.hellostepfunc1\.tracingConfg/);
    expect(r.stderr).toContain('tracingConfig');
    expect(r.stderr).toContain('hint:');
    noStackTrace(r.stderr);
    expect(existsSync(join(dir, '.stepf'))).toBe(false);
  });

  it.each([
    {
      what: "a retry policy outside EventBridge's limits, at its line and column, with the range and a hint",
      fixture: 'events-eventbridge',
      edit: ['maximumEventAgeInSeconds: 600', 'maximumEventAgeInSeconds: 30'],
      says: /serverless\.yml:37:41 stepFunctions\.stateMachines\.\w+\.events\[\d\]\.eventBridge\.retryPolicy\.maximumEventAgeInSeconds: expected a whole number of seconds from 60 to 86400, got a number \(30\)\n\s+hint: how long an undelivered event is retried/,
    },
    {
      what: "a JWT authorizer without its audience, at the authorizer's line and column, naming what it needs",
      fixture: 'events-http-api',
      edit: ['        audience: [client-1]\n', ''],
      says: /serverless\.yml:21:7 provider\.httpApi\.authorizers\.cognito\.audience: the JWT authorizer "cognito" needs audience\n\s+hint: e\.g\. identitySource/,
    },
  ])('exits 1 on $what, and writes nothing', ({ fixture, edit, says }) => {
    const dir = copyFixture(fixture);
    const file = join(dir, 'serverless.yml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(edit[0], edit[1]));
    const r = runCli(['package', '--stage', 'dev'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(says);
    noStackTrace(r.stderr);
    expect(existsSync(join(dir, '.stepf'))).toBe(false);
  });

  it('an error after an earlier success leaves the earlier template whole (temp file + rename)', () => {
    const dir = copyFixture('hello');
    expect(runCli(['package', '--stage', 'dev'], { cwd: dir }).status).toBe(0);
    const before = readFileSync(join(dir, '.stepf/dev/template.json'), 'utf8');
    writeFileSync(join(dir, 'serverless.yml'), 'service: x\nstepFunctions:\n  stateMachines: [oops\n');
    const r = runCli(['package', '--stage', 'dev'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(readFileSync(join(dir, '.stepf/dev/template.json'), 'utf8')).toBe(before);
    expect(readdirSync(join(dir, '.stepf/dev'))).toEqual(['template.json']);
  });

  it('needs no AWS credentials and never loads the AWS SDK', () => {
    const dir = copyFixture('hello');
    const trace = join(dir, 'loads.txt');
    const r = runCli(['package', '--stage', 'dev'], {
      cwd: dir,
      env: { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_PROFILE: undefined, STEPF_TRACE_LOADS: trace },
      nodeArgs: ['--import', join(repoRoot, 'test/support/trace-loads.mjs')],
    });
    expect(r.status).toBe(0);
    const loaded = readFileSync(trace, 'utf8').split('\n').filter((u) => u.startsWith('file:'));
    expect(loaded.some((u) => u.includes('/dist/'))).toBe(true);
    for (const url of loaded) {
      expect(url).not.toContain('@aws-sdk');
      if (url.includes('/dist/')) expect(readFileSync(new URL(url), 'utf8')).not.toContain('@aws-sdk/client-');
    }
  });
});
