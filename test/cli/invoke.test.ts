// stepf invoke --local through the built CLI: no AWS at all (no endpoint, no credentials), Task states mocked.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, runCli } from '../support/cli.js';

const noAws = { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined };

describe('stepf invoke --local (fixtures/demo: Choice, Map, Parallel, Wait, Pass, Fail, an SQS task)', () => {
  const dir = copyFixture('demo');
  writeFileSync(join(dir, 'sqs-ok.json'), '{"MessageId":"m-1"}');
  writeFileSync(join(dir, 'mocks.yml'), 'QueueReceipt:\n  MessageId: m-2\n');

  it('runs the workflow with --mock, prints the hand-computed output on stdout and the timeline on stderr', () => {
    const r = runCli(['invoke', 'orders', '--local', '--input', 'input.json', '--mock', 'QueueReceipt=sqs-ok.json'], { cwd: dir, env: noAws });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      orderId: 'order-1001',
      status: 'COMPLETE',
      lines: [
        { sku: 'tea-green', qty: 2, unitPrice: 4.5 },
        { sku: 'mug-blue', qty: 1, unitPrice: 12 },
      ],
      fulfilment: ['reserved', 'shipped'],
    });
    expect(r.stderr).toMatch(/WaitStateExited +WaitForCourier/);
    expect(r.stderr).toMatch(/TaskSucceeded +QueueReceipt +output \{"MessageId":"m-1"\}/);
  });

  it('takes mocks from a --mocks file and input from --data', () => {
    const r = runCli(['invoke', '--local', '--data', '{"orderId":"o2","items":[{"sku":"a","qty":1,"price":1}]}', '--mocks', 'mocks.yml', '--json'], { cwd: dir, env: noAws });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { status: string; output: string; events: Array<{ type: string }> };
    expect(out.status).toBe('SUCCEEDED');
    expect(JSON.parse(out.output)).toMatchObject({ orderId: 'o2', status: 'COMPLETE' });
    expect(out.events.some((e) => e.type === 'TaskSucceeded')).toBe(true);
  });

  it('a Fail state exits 4 with the failing state, error and cause on stderr', () => {
    const r = runCli(['invoke', 'orders', '--local', '--data', '{"items":[]}'], { cwd: dir, env: noAws });
    expect(r.status).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('failed in state: Rejected');
    expect(r.stderr).toContain('error: EmptyOrder');
    expect(r.stderr).toContain('cause: an order needs at least one item');
  });

  it('a Task without a mock is an error naming the state and the flag, never a silent result', () => {
    const r = runCli(['invoke', 'orders', '--local', '--input', 'input.json'], { cwd: dir, env: noAws });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("Task state 'QueueReceipt' has no mock");
    expect(r.stderr).toContain('--mock QueueReceipt=result.json');
  });

  it('--data that is not JSON names the line and column before anything runs', () => {
    const r = runCli(['invoke', 'orders', '--local', '--data', "{'items': []}"], { cwd: dir, env: noAws });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('not valid JSON at line 1, column 2');
    expect(r.stderr).toContain('double quotes');
  });

  it('--mock without --local is a usage error', () => {
    const r = runCli(['invoke', 'orders', '--mock', 'QueueReceipt=sqs-ok.json'], { cwd: dir, env: noAws });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('only apply with --local');
  });
});

describe('stepf invoke takes the plugin\'s flags (sls invoke stepf --name <machine> --path <file> --data <json>)', () => {
  const dir = copyFixture('demo');
  writeFileSync(
    join(dir, 'serverless.yml'),
    `service: two
provider: { name: aws }
stepFunctions:
  stateMachines:
    first:
      definition: { StartAt: A, States: { A: { Type: Pass, Result: first, End: true } } }
    second:
      definition: { StartAt: A, States: { A: { Type: Pass, Result: second, End: true } } }
`,
  );
  writeFileSync(join(dir, 'in.json'), '{"x":1}');

  it('--name <machine key> with no machine named picks that machine, says so, and the execution gets a generated name', () => {
    const r = runCli(['invoke', '--local', '--name', 'second', '--json'], { cwd: dir, env: noAws });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { output: string; name: string; executionArn: string };
    expect(JSON.parse(out.output)).toBe('second');
    expect(out.executionArn.startsWith('local:second:')).toBe(true);
    expect(out.name).not.toBe('second');
    expect(r.stderr).toContain('note: --name second names the state machine second');
    expect(r.stderr).toContain('stepf invoke second --name <execution-name>');
  });

  it('with the machine named, --name is the execution name; a --name that is no machine key is too', () => {
    const named = runCli(['invoke', 'first', '--local', '--name', 'second', '--json'], { cwd: dir, env: noAws });
    expect(named.status, named.stderr).toBe(0);
    expect(JSON.parse(named.stdout)).toMatchObject({ name: 'second', executionArn: 'local:first:second' });
    expect(named.stderr).not.toContain('note:');
    const other = runCli(['invoke', '--local', '--name', 'run-1'], { cwd: dir, env: noAws });
    expect(other.status).toBe(2);
    expect(other.stderr).toContain('which state machine? this service has 2: first, second');
  });

  it('--path is --input under the plugin\'s name; with --input or --data too it is a usage error', () => {
    const r = runCli(['invoke', 'first', '--local', '--path', 'in.json', '--json'], { cwd: dir, env: noAws });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse((JSON.parse(r.stdout) as { input: string }).input)).toEqual({ x: 1 });
    const both = runCli(['invoke', 'first', '--local', '--path', 'in.json', '--input', 'in.json'], { cwd: dir, env: noAws });
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('--path and --input both given');
    expect(runCli(['invoke', 'first', '--local', '-p', 'in.json', '--data', '{}'], { cwd: dir, env: noAws }).stderr).toContain('--path and --data both given');
  });
});
