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
