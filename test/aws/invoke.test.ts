// stepf invoke / logs / executions / stop: the built CLI (node bin/stepf) against moto server, on a machine
// deployed with `stepf deploy`; results checked through the Step Functions API (DescribeExecution, history).
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, ListExecutionsCommand, SFNClient, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { useEmulator } from '../support/emulator.js';
import { stepfBin } from '../support/cli.js';
import { follow } from './follow.js';

const run = promisify(execFile);
const emu = useEmulator({ processEnv: true });
let sfn: SFNClient;
let dir: string;
let machineArn: string;

const SERVERLESS = `
service: inv
provider:
  name: aws
  region: us-east-1
custom:
  stepf:
    stackName: inv-test
stepFunctions:
  stateMachines:
    flow:
      name: inv-flow
      definition:
        StartAt: Route
        States:
          Route:
            Type: Choice
            Choices:
              - Variable: $.fail
                BooleanEquals: true
                Next: Boom
              - Variable: $.wait
                IsPresent: true
                Next: Hold
            Default: Save
          Hold:
            Type: Wait
            SecondsPath: $.wait
            Next: Save
          Save:
            Type: Task
            Resource: arn:aws:states:::dynamodb:putItem
            Parameters:
              TableName: !Ref Orders
              Item:
                id:
                  S.$: $.id
            ResultPath: $.saved
            Next: Notify
          Notify:
            Type: Task
            Resource: arn:aws:states:::sns:publish
            Parameters:
              TopicArn: !Ref Topic
              Message.$: $.id
            ResultPath: $.published
            Next: Enqueue
          Enqueue:
            Type: Task
            Resource: arn:aws:states:::sqs:sendMessage
            Parameters:
              QueueUrl: !Ref Queue
              MessageBody.$: $.id
            ResultPath: $.queued
            Next: Shape
          Shape:
            Type: Pass
            Parameters:
              id.$: $.id
              done: true
              queued.$: $.queued.MessageId
            Next: Finish
          Finish:
            Type: Succeed
          Boom:
            Type: Fail
            Error: OrderRejected
            Cause: the order asked to fail
    limited:
      name: inv-limited
      definition:
        TimeoutSeconds: 1
        StartAt: TooLong
        States:
          TooLong:
            Type: Wait
            Seconds: 30
            End: true
resources:
  Resources:
    Orders:
      Type: AWS::DynamoDB::Table
      Properties:
        TableName: inv-orders
        BillingMode: PAY_PER_REQUEST
        AttributeDefinitions:
          - AttributeName: id
            AttributeType: S
        KeySchema:
          - AttributeName: id
            KeyType: HASH
    Topic:
      Type: AWS::SNS::Topic
    Queue:
      Type: AWS::SQS::Queue
      Properties:
        QueueName: inv-queue
`;

function stepf(args: string[], input?: string) {
  return emu.stepf(dir, args, { input });
}

async function history(executionArn: string) {
  return (await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];
}

beforeAll(async () => {
  sfn = new SFNClient({});
  dir = mkdtempSync(join(tmpdir(), 'stepf-invoke-'));
  writeFileSync(join(dir, 'serverless.yml'), SERVERLESS);
  writeFileSync(join(dir, 'order.json'), '{"id": "o-1"}\n');
  writeFileSync(join(dir, 'broken.json'), '{\n  "id": "o-1",\n  "qty": 2,\n}\n');
  const deployed = await stepf(['deploy', '--yes', '--json']);
  expect(deployed.code, deployed.stderr).toBe(0);
  machineArn = (JSON.parse(deployed.stdout) as { machines: Array<{ key: string; arn: string }> }).machines.find((m) => m.key === 'flow')!.arn;
}, 60_000);

describe('stepf invoke against moto (a stack-deployed machine of Choice, Wait, DynamoDB, SNS, SQS, Pass, Succeed, Fail)', () => {
  it('runs the machine named by its key to SUCCEEDED and prints its output as compact JSON on a pipe', async () => {
    const r = await stepf(['invoke', 'flow', '--input', 'order.json', '--name', 'first-order']);
    expect(r.code, r.stderr).toBe(0);
    // Compact (one line) and the SQS message ID from the emulator's queue.
    expect(r.stdout).toMatch(/^\{"id":"o-1","done":true,"queued":"[0-9a-f-]{36}"\}\n$/);
    const arn = `${machineArn.replace(':stateMachine:', ':execution:')}:first-order`;
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
    expect(d.status).toBe('SUCCEEDED');
    const types = (await history(arn)).map((e) => e.type);
    // The three service tasks really ran in the emulator.
    expect(types.filter((t) => t === 'TaskSucceeded')).toHaveLength(3);
  });

  it('reads input from stdin with --input - and from --data', async () => {
    const a = await stepf(['invoke', 'flow', '--input', '-'], '{"id":"from-stdin"}');
    expect(a.code, a.stderr).toBe(0);
    expect(JSON.parse(a.stdout)).toMatchObject({ id: 'from-stdin', done: true });
    const b = await stepf(['invoke', 'flow', '--data', '{"id":"from-data"}']);
    expect(b.code, b.stderr).toBe(0);
    expect(JSON.parse(b.stdout).id).toBe('from-data');
  });

  it('takes the plugin\'s flags: --name <machine key> names the machine (the execution gets a generated name), --path the input file', async () => {
    const r = await stepf(['invoke', '--name', 'flow', '--path', 'order.json', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { name: string; status: string; stateMachineArn: string };
    expect(out).toMatchObject({ status: 'SUCCEEDED', stateMachineArn: machineArn });
    expect(out.name.startsWith('stepf-')).toBe(true);
    expect(r.stderr).toContain('note: --name flow names the state machine flow');
  });

  it('gives each run a unique default execution name', async () => {
    const list = (await sfn.send(new ListExecutionsCommand({ stateMachineArn: machineArn }))).executions ?? [];
    const names = list.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((n) => n?.startsWith('stepf-')).length).toBeGreaterThanOrEqual(2);
  });

  it('exits 4 for a Fail state, with status, error, cause and the failing state on stderr', async () => {
    const r = await stepf(['invoke', 'flow', '--data', '{"id":"x","fail":true}', '--name', 'must-fail']);
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('execution must-fail FAILED');
    expect(r.stderr).toContain('failed in state: Boom');
    expect(r.stderr).toContain('error: OrderRejected');
    expect(r.stderr).toContain('cause: the order asked to fail');
    expect(r.stderr).toContain('stepf logs flow --execution arn:aws:states:us-east-1:123456789012:execution:inv-flow:must-fail');
  });

  it('exits 5 with TIMED_OUT when the machine\'s TimeoutSeconds passes (moto\'s interpreter enforces it)', async () => {
    const r = await stepf(['invoke', 'limited', '--name', 'too-long']);
    expect(r.code, r.stderr).toBe(5);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('execution too-long TIMED_OUT');
    expect(r.stderr).toContain('failed in state: TooLong');
    expect(r.stderr).toContain('stepf logs limited --execution');
  }, 30_000);

  it('exits 6 with ABORTED when the execution is stopped while invoke waits', async () => {
    const arn = `${machineArn.replace(':stateMachine:', ':execution:')}:stopped-meanwhile`;
    const invoke = follow(['invoke', 'flow', '--data', '{"id":"s","wait":30}', '--name', 'stopped-meanwhile', '--verbose'], { cwd: dir, env: emu.cliEnv() });
    try {
      // A DescribeExecution answer means invoke is polling.
      await invoke.until('stderr', /:DescribeExecution ok/);
      await sfn.send(new StopExecutionCommand({ executionArn: arn, error: 'Operator', cause: 'stopped by the test' }));
      const { code } = await invoke.exit;
      expect(code, invoke.stderr()).toBe(6);
      expect(invoke.stdout()).toBe('');
      expect(invoke.stderr()).toContain('execution stopped-meanwhile ABORTED');
      expect(invoke.stderr()).toContain('failed in state: Hold');
    } finally {
      invoke.child.kill('SIGKILL');
    }
  }, 30_000);

  it('--timeout stops waiting with exit 5 and says the execution goes on', async () => {
    const r = await stepf(['invoke', 'flow', '--data', '{"id":"t","wait":30}', '--name', 'outwaited', '--timeout', '1s']);
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toContain('execution outwaited is still RUNNING after --timeout 1s');
    const arn = `${machineArn.replace(':stateMachine:', ':execution:')}:outwaited`;
    expect(r.stderr).toContain(`stepf stop ${arn}`);
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn: arn }))).status).toBe('RUNNING');
    await sfn.send(new StopExecutionCommand({ executionArn: arn }));
  }, 30_000);

  it('Ctrl-C while invoke waits exits 130, prints the stop command, and leaves the execution running', async () => {
    const arn = `${machineArn.replace(':stateMachine:', ':execution:')}:interrupted`;
    const invoke = follow(['invoke', 'flow', '--data', '{"id":"c","wait":30}', '--name', 'interrupted', '--verbose'], { cwd: dir, env: emu.cliEnv() });
    try {
      await invoke.until('stderr', /:DescribeExecution ok/);
      invoke.child.kill('SIGINT');
      const { code } = await invoke.exit;
      expect(code, invoke.stderr()).toBe(130);
      expect(invoke.stderr()).toContain(`stopped waiting; the execution goes on: ${arn}`);
      expect(invoke.stderr()).toContain(`stepf stop ${arn}`);
      expect(invoke.stderr()).not.toMatch(/\n\s+at /);
      expect((await sfn.send(new DescribeExecutionCommand({ executionArn: arn }))).status).toBe('RUNNING');
      // Stopped by its ARN, as the message says.
      const stopped = await stepf(['stop', arn, '--cause', 'interrupted test', '--json']);
      expect(stopped.code, stopped.stderr).toBe(0);
      expect(JSON.parse(stopped.stdout)).toMatchObject({ executionArn: arn });
      expect((await sfn.send(new DescribeExecutionCommand({ executionArn: arn }))).status).toBe('ABORTED');
    } finally {
      invoke.child.kill('SIGKILL');
    }
  }, 30_000);

  it('--json prints the whole DescribeExecution result', async () => {
    const r = await stepf(['invoke', 'flow', '--data', '{"id":"j"}', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(d).toMatchObject({ status: 'SUCCEEDED', stateMachineArn: machineArn });
    expect(JSON.parse(d.output as string)).toMatchObject({ id: 'j', done: true });
    expect(d).not.toHaveProperty('$metadata');
  });

  it('--arn runs a machine without reading serverless.yml', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'stepf-noconfig-'));
    const r = await run(process.execPath, [stepfBin, 'invoke', '--arn', machineArn, '--data', '{"id":"by-arn"}'], { cwd: empty, env: { ...process.env, ...emu.env, CI: '1' } });
    expect(JSON.parse(r.stdout).id).toBe('by-arn');
  });

  it('checks the input before any AWS call: a syntax error names the file, line and column', async () => {
    const r = await stepf(['invoke', 'flow', '--input', 'broken.json', '--verbose']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/broken\.json:4:1/);
    expect(r.stderr).toContain('trailing comma before }');
    expect(r.stderr).not.toMatch(/AWS API call|aws #1/);
  });

  it('an unknown machine key lists the known ones', async () => {
    const r = await stepf(['invoke', 'flwo']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("no state machine 'flwo'");
    expect(r.stderr).toContain('known state machines: flow');
  });

  it('--async prints the execution ARN at once; stop aborts it; executions lists it ABORTED; logs shows its history', async () => {
    const started = await stepf(['invoke', 'flow', '--data', '{"id":"slow","wait":30}', '--name', 'slow-one', '--async']);
    expect(started.code, started.stderr).toBe(0);
    const arn = started.stdout.trim();
    expect(arn).toBe(`${machineArn.replace(':stateMachine:', ':execution:')}:slow-one`);
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn: arn }))).status).toBe('RUNNING');

    const stopped = await stepf(['stop', 'flow', '--last', '--cause', 'test says stop']);
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stdout).toContain(`stopped ${arn}`);
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn: arn }))).status).toBe('ABORTED');

    const list = await stepf(['executions', 'flow', '--status', 'ABORTED']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^NAME +STATUS +START +DURATION\n/);
    expect(list.stdout).toMatch(/slow-one +ABORTED +\d{4}-\d\d-\d\dT/);
    expect(list.stdout).not.toContain('SUCCEEDED');

    const logs = await stepf(['logs', '--execution', arn]);
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stdout).toMatch(/execution slow-one {2}ABORTED/);
    expect(logs.stdout).toMatch(/WaitStateEntered +Hold/);
    expect(logs.stdout).toMatch(/ExecutionAborted/);
  });

  it('logs --last shows the newest execution\'s real history as a timeline, the failing state highlighted', async () => {
    const failed = await stepf(['invoke', 'flow', '--data', '{"id":"y","fail":true}', '--name', 'newest-fail']);
    expect(failed.code).toBe(4);
    const r = await stepf(['logs', 'flow', '--last']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^execution newest-fail {2}FAILED {2}started /);
    expect(r.stdout).toMatch(/ChoiceStateEntered +Route +input \{"id":"y","fail":true\}/);
    expect(r.stdout).toMatch(/FailStateEntered +Boom/);
    expect(r.stdout).toContain("failed in state 'Boom': OrderRejected: the order asked to fail");
    const json = await stepf(['logs', 'flow', '--last', '--json']);
    const parsed = JSON.parse(json.stdout) as { execution: { name: string }; events: Array<{ type: string }> };
    expect(parsed.execution.name).toBe('newest-fail');
    expect(parsed.events.map((e) => e.type)).toEqual((await history(`${machineArn.replace(':stateMachine:', ':execution:')}:newest-fail`)).map((e) => e.type));
  });

  it('executions --json and --limit list newest first', async () => {
    const r = await stepf(['executions', 'flow', '--limit', '2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { executions: Array<{ name: string }> };
    expect(out.executions).toHaveLength(2);
    expect(out.executions[0].name).toBe('newest-fail');
  });

  it('redrive against moto says the endpoint lacks it (moto has no redrive) with exit 3', async () => {
    const arn = `${machineArn.replace(':stateMachine:', ':execution:')}:newest-fail`;
    const r = await stepf(['redrive', arn]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('does not implement RedriveExecution');
  });

  it('on a pipe, with no NO_COLOR or CI set, nothing is coloured and no spinner is drawn', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...emu.env, TERM: 'xterm-256color' };
    delete env.NO_COLOR;
    delete env.CI;
    delete env.FORCE_COLOR;
    const runs = [
      ['invoke', 'flow', '--data', '{"id":"p","fail":true}', '--timeline'],
      ['invoke', 'flow', '--data', '{"id":"p2"}'],
      ['logs', 'flow', '--last'],
      ['executions', 'flow', '--limit', '3'],
    ];
    for (const args of runs) {
      const r = await run(process.execPath, [stepfBin, ...args], { cwd: dir, env }).catch((e: { stdout: string; stderr: string }) => e);
      expect(r.stdout + r.stderr, args.join(' ')).not.toMatch(/\u001b|[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
      expect(r.stdout + r.stderr, args.join(' ')).not.toBe('');
    }
  });

  it('logs --filter on a machine without loggingConfig says how to turn logging on', async () => {
    const r = await stepf(['logs', 'flow', '--filter', 'FAILED']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('sends no logs to CloudWatch Logs');
    expect(r.stderr).toContain('loggingConfig');
  });
});
