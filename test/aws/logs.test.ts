// stepf logs --tail and CloudWatch Logs (--filter, --since, EXPRESS machines): the built CLI against moto on
// stack-deployed machines. Two things moto does not do are done by the test, and the test names say so:
// moto's CloudFormation ignores a machine's LoggingConfiguration, so the test copies the one from stepf's
// template onto the machine (UpdateStateMachine); and moto's Step Functions writes no execution logs, so
// the test seeds Step Functions-shaped log records into the log group (PutLogEvents).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand, UpdateStateMachineCommand } from '@aws-sdk/client-sfn';
import { CloudWatchLogsClient, CreateLogStreamCommand, DescribeLogGroupsCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { useEmulator } from '../support/emulator.js';
import { follow as followIn } from './follow.js';

const emu = useEmulator();
let sfn: SFNClient;
let cwl: CloudWatchLogsClient;
let dir: string;
const arns: Record<string, string> = {};
const groups: Record<string, string> = {};

const SERVERLESS = `
service: lg
provider:
  name: aws
  region: us-east-1
custom:
  stepf:
    stackName: logs-test
stepFunctions:
  stateMachines:
    waiter:
      name: logs-waiter
      definition:
        StartAt: Start
        States:
          Start:
            Type: Pass
            Next: Hold
          Hold:
            Type: Wait
            SecondsPath: $.wait
            Next: Done
          Done:
            Type: Pass
            Result: { done: true }
            End: true
    logged:
      name: logs-logged
      loggingConfig:
        level: ALL
        includeExecutionData: true
      definition:
        StartAt: Only
        States:
          Only: { Type: Pass, End: true }
    express:
      name: logs-express
      type: EXPRESS
      loggingConfig:
        level: ALL
        includeExecutionData: true
      definition:
        StartAt: Only
        States:
          Only: { Type: Pass, End: true }
`;

function stepf(args: string[]) {
  return emu.stepf(dir, args);
}

function follow(args: string[]) {
  return followIn(args, { cwd: dir, env: emu.cliEnv() });
}

async function start(machine: string, name: string, input: object): Promise<string> {
  const r = await sfn.send(new StartExecutionCommand({ stateMachineArn: arns[machine], name, input: JSON.stringify(input) }));
  return r.executionArn!;
}

/** Step Functions-shaped log records, as AWS writes them for a machine with logging on. */
function record(machine: string, execution: string, type: string, details: Record<string, string>, id = 1): string {
  return JSON.stringify({
    id: String(id),
    type,
    details,
    previous_event_id: String(id - 1),
    event_timestamp: String(Date.now()),
    execution_arn: `arn:aws:states:us-east-1:123456789012:${machine === 'express' ? 'express' : 'execution'}:logs-${machine}:${execution}`,
  });
}

let streamCount = 0;
async function seed(machine: string, events: Array<{ timestamp: number; message: string }>): Promise<void> {
  const logStreamName = `states/logs-${machine}/seeded-${++streamCount}`;
  await cwl.send(new CreateLogStreamCommand({ logGroupName: groups[machine], logStreamName }));
  await cwl.send(new PutLogEventsCommand({ logGroupName: groups[machine], logStreamName, logEvents: events }));
}

beforeAll(async () => {
  sfn = emu.client(SFNClient);
  cwl = emu.client(CloudWatchLogsClient);
  dir = mkdtempSync(join(tmpdir(), 'stepf-logs-'));
  writeFileSync(join(dir, 'serverless.yml'), SERVERLESS);
  const deployed = await stepf(['deploy', '--yes', '--json']);
  expect(deployed.code, deployed.stderr).toBe(0);
  for (const m of (JSON.parse(deployed.stdout) as { machines: Array<{ key: string; arn: string }> }).machines) arns[m.key] = m.arn;

  // What CloudFormation does on AWS and moto skips: the machine gets the template's LoggingConfiguration.
  const packaged = await stepf(['package', '--stdout']);
  expect(packaged.code, packaged.stderr).toBe(0);
  const template = JSON.parse(packaged.stdout) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
  const logGroups = (await cwl.send(new DescribeLogGroupsCommand({}))).logGroups ?? [];
  for (const [key, name] of [['logged', 'logs-logged'], ['express', 'logs-express']] as const) {
    const machine = Object.values(template.Resources).find((r) => r.Type === 'AWS::StepFunctions::StateMachine' && r.Properties.StateMachineName === name)!;
    const lc = machine.Properties.LoggingConfiguration as { Level: string; IncludeExecutionData: boolean; Destinations: Array<{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [string, string] } } }> };
    const groupResource = template.Resources[lc.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'][0]];
    groups[key] = groupResource.Properties.LogGroupName as string;
    const group = logGroups.find((g) => g.logGroupName === groups[key]);
    expect(group, `the stack created log group ${groups[key]}`).toBeDefined();
    await sfn.send(
      new UpdateStateMachineCommand({
        stateMachineArn: arns[key],
        loggingConfiguration: { level: lc.Level as 'ALL', includeExecutionData: lc.IncludeExecutionData, destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: group!.arn } }] },
      }),
    );
  }
}, 60_000);

describe('stepf logs --tail against moto', () => {
  it('follows the running execution to its end, then new executions (not older ones), and Ctrl-C exits 130 without a stack trace', async () => {
    // An execution that ended before the tail began: the tail must not show it as new.
    const old = await start('waiter', 'old-one', { wait: 0 });
    await expect.poll(async () => (await sfn.send(new DescribeExecutionCommand({ executionArn: old }))).status, { timeout: 20_000 }).toBe('SUCCEEDED');
    const running = await start('waiter', 'held', { wait: 4 });

    const tail = follow(['logs', 'waiter', '--tail']);
    try {
      await tail.until('stdout', /^execution held {2}RUNNING/m);
      await tail.until('stdout', /WaitStateEntered +Hold/);
      // The Wait state was shown while the execution was still running: the tail follows, not replays.
      expect((await sfn.send(new DescribeExecutionCommand({ executionArn: running }))).status).toBe('RUNNING');
      await tail.until('stdout', /execution held ended: SUCCEEDED\n/);
      expect(tail.stdout()).toMatch(/ExecutionSucceeded +output \{"done":true\}/);
      await tail.until('stderr', /waiting for new executions of waiter/);

      await start('waiter', 'next-one', { wait: 0 });
      await tail.until('stdout', /execution next-one ended: SUCCEEDED\n/);
      expect(tail.stdout()).not.toContain('old-one');

      tail.child.kill('SIGINT');
      const { code } = await tail.exit;
      expect(code).toBe(130);
      expect(tail.stderr()).not.toMatch(/\n\s+at /);
      expect(tail.stderr()).not.toContain('error');
    } finally {
      tail.child.kill('SIGKILL');
    }
  }, 60_000);

  it('--tail --json prints one history event per line, each with its execution ARN', async () => {
    const arn = await start('waiter', 'json-tail', { wait: 0 });
    const tail = follow(['logs', 'waiter', '--tail', '--json', '--execution', arn]);
    try {
      await tail.until('stderr', /waiting for new executions/);
      const lines = tail.stdout().trim().split('\n').map((l) => JSON.parse(l) as { executionArn: string; type: string });
      expect(lines[0]).toMatchObject({ executionArn: arn, type: 'ExecutionStarted' });
      expect(lines[lines.length - 1].type).toBe('ExecutionSucceeded');
      tail.child.kill('SIGINT');
      expect((await tail.exit).code).toBe(130);
    } finally {
      tail.child.kill('SIGKILL');
    }
  }, 30_000);
});

describe('stepf logs from CloudWatch Logs against moto (moto\'s Step Functions writes no execution logs, so the test seeds them; moto\'s CloudFormation ignores LoggingConfiguration, so the test sets it from the template)', () => {
  const now = Date.now();

  beforeAll(async () => {
    await seed('logged', [
      { timestamp: now - 3 * 3_600_000, message: record('logged', 'ancient', 'ExecutionFailed', { error: 'Old', cause: 'three hours ago' }) },
      { timestamp: now - 60_000, message: record('logged', 'e1', 'ExecutionStarted', { input: '{}' }) },
      { timestamp: now - 59_000, message: record('logged', 'e1', 'PassStateEntered', { name: 'Only' }, 2) },
      { timestamp: now - 58_000, message: record('logged', 'e2', 'ExecutionFailed', { error: 'Boom', cause: 'it broke' }, 3) },
    ]);
    await seed('express', [{ timestamp: now - 30_000, message: record('express', 'x1', 'ExecutionSucceeded', { output: '{"ok":true}' }) }]);
  });

  it('--filter reads the log group named by the machine\'s logging configuration and prints matching records as lines', async () => {
    const r = await stepf(['logs', 'logged', '--filter', 'ExecutionFailed']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    // The default --since is 1h: the 3-hour-old failure is left out.
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} {2}e2 {2}ExecutionFailed {2}Boom {2}it broke$/);
  });

  it('--since reaches further back (a duration or an ISO time)', async () => {
    const r = await stepf(['logs', 'logged', '--filter', 'ExecutionFailed', '--since', '4h']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ancient {2}ExecutionFailed {2}Old {2}three hours ago\n.*e2 {2}ExecutionFailed {2}Boom/);
    const iso = new Date(now - 2 * 60_000).toISOString();
    const all = await stepf(['logs', 'logged', '--since', iso]);
    expect(all.code, all.stderr).toBe(0);
    // No --filter: every record since then, oldest first; the 3-hour-old one is before --since.
    expect(all.stdout.trim().split('\n').map((l) => l.split('  ').slice(1).join(' '))).toEqual(['e1 ExecutionStarted', 'e1 PassStateEntered Only', 'e2 ExecutionFailed Boom it broke']);
  });

  it('--json gives the log group and the raw FilterLogEvents events', async () => {
    const r = await stepf(['logs', 'logged', '--filter', 'PassStateEntered', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { logGroupName: string; events: Array<{ message: string; timestamp: number }> };
    expect(out.logGroupName).toBe(groups.logged);
    expect(out.events).toHaveLength(1);
    expect(JSON.parse(out.events[0].message)).toMatchObject({ type: 'PassStateEntered', details: { name: 'Only' } });
  });

  it('nothing matching says so on stderr with exit 0', async () => {
    const r = await stepf(['logs', 'logged', '--filter', 'NoSuchThing']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`no log events in ${groups.logged}`);
    expect(r.stderr).toContain('matching NoSuchThing');
  });

  it('an EXPRESS machine (type from serverless.yml; moto makes every machine STANDARD) reads CloudWatch Logs without --filter', async () => {
    const r = await stepf(['logs', 'express']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/x1 {2}ExecutionSucceeded\n$/);
  });

  it('--execution of an EXPRESS execution (no history) shows the log records that carry its ARN', async () => {
    await seed('express', [{ timestamp: Date.now() - 20_000, message: record('express', 'x2', 'ExecutionFailed', { error: 'Nope', cause: 'x2 failed' }) }]);
    const r = await stepf(['logs', '--execution', 'arn:aws:states:us-east-1:123456789012:express:logs-express:x2']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\S+ \S+ {2}x2 {2}ExecutionFailed {2}Nope {2}x2 failed\n$/);
  });

  it('--filter --tail prints new log events as they arrive until Ctrl-C (exit 130)', async () => {
    const tail = follow(['logs', 'logged', '--filter', 'ExecutionFailed', '--tail']);
    try {
      await tail.until('stdout', /e2 {2}ExecutionFailed/);
      await seed('logged', [{ timestamp: Date.now(), message: record('logged', 'e3', 'ExecutionFailed', { error: 'Again', cause: 'later' }) }]);
      await tail.until('stdout', /e3 {2}ExecutionFailed {2}Again {2}later/);
      expect(tail.stdout().match(/e2 {2}ExecutionFailed/g)).toHaveLength(1);
      tail.child.kill('SIGINT');
      expect((await tail.exit).code).toBe(130);
      expect(tail.stderr()).not.toMatch(/\n\s+at /);
    } finally {
      tail.child.kill('SIGKILL');
    }
  }, 30_000);
});
