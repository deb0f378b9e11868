// The execution helpers with injected SDK responses and a fake clock: the polling schedule, giving up at
// --timeout, Ctrl-C, newest-first listing, names and ARNs.
import { describe, expect, it } from 'vitest';
import { DescribeExecutionCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { AwsClients } from '../../src/aws/clients.js';
import {
  defaultExecutionName,
  listExecutions,
  machineArnOfExecution,
  regionOfArn,
  waitForExecution,
} from '../../src/aws/executions.js';
import { formatLogEvent, logGroupNameOfArn, machineLogGroup } from '../../src/aws/logs.js';
import type { Clock } from '../../src/aws/poll.js';
import { Interrupted } from '../../src/errors.js';
import { useInjected } from '../support/injected.js';

const EXEC = 'arn:aws:states:eu-west-1:123456789012:execution:orders:run-1';
const sfn = useInjected(SFNClient);
const aws = () => new AwsClients({ region: 'eu-west-1' });

/** A clock whose sleeps return at once and are recorded. */
function fakeClock(): Clock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw new Interrupted();
      slept.push(ms);
      now += ms;
    },
  };
}

describe('waitForExecution', () => {
  it('polls DescribeExecution from 250 ms growing by half to at most 5 s until the execution leaves RUNNING', async () => {
    const running = { status: 'RUNNING' as const, executionArn: EXEC, stateMachineArn: 'm', startDate: new Date() };
    let n = 0;
    sfn.on(DescribeExecutionCommand).callsFake(() => (++n < 10 ? running : { ...running, status: 'SUCCEEDED', output: '{}' }));
    const clock = fakeClock();
    const r = await waitForExecution(aws(), EXEC, { clock });
    expect(r).toMatchObject({ gaveUp: false, polls: 10, execution: { status: 'SUCCEEDED' } });
    expect(clock.slept).toEqual([250, 375, 563, 844, 1266, 1898, 2848, 4271, 5000]);
  });

  it('gives up at the timeout while the execution still runs, never sleeping past it', async () => {
    sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING', executionArn: EXEC, stateMachineArn: 'm', startDate: new Date() });
    const clock = fakeClock();
    const r = await waitForExecution(aws(), EXEC, { clock, timeoutMs: 1000 });
    expect(r.gaveUp).toBe(true);
    expect(r.execution.status).toBe('RUNNING');
    expect(clock.slept).toEqual([250, 375, 375]);
    expect(clock.slept.reduce((a, b) => a + b, 0)).toBe(1000);
  });

  it('an aborted signal (Ctrl-C) ends the wait with Interrupted', async () => {
    sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING', executionArn: EXEC, stateMachineArn: 'm', startDate: new Date() });
    const ac = new AbortController();
    ac.abort();
    await expect(waitForExecution(aws(), EXEC, { clock: fakeClock(), signal: ac.signal })).rejects.toBeInstanceOf(Interrupted);
  });

  it('an execution that does not exist is an AWS error that says how to list executions', async () => {
    sfn.on(DescribeExecutionCommand).rejects(Object.assign(new Error('no'), { name: 'ExecutionDoesNotExist', $metadata: {} }));
    await expect(waitForExecution(aws(), EXEC, { clock: fakeClock() })).rejects.toMatchObject({ exitCode: 3, hint: expect.stringContaining('stepf executions') });
  });
});

describe('listExecutions', () => {
  it('sorts newest first (some emulators do not) and stops at the limit across pages', async () => {
    const item = (name: string, t: number) => ({ name, executionArn: `${EXEC}-${name}`, stateMachineArn: 'm', status: 'SUCCEEDED' as const, startDate: new Date(t) });
    sfn.on(ListExecutionsCommand).resolvesOnce({ executions: [item('a', 1), item('c', 3)], nextToken: 't' }).resolvesOnce({ executions: [item('b', 2)] });
    expect((await listExecutions(aws(), 'm', { limit: 3 })).map((e) => e.name)).toEqual(['c', 'b', 'a']);
    expect(sfn.commandCalls(ListExecutionsCommand).map((c) => c.args[0].input.maxResults)).toEqual([3, 1]);
  });
});

describe('names and ARNs', () => {
  it('the default execution name is stepf-<date>-<time>-<8 hex>, different each call', () => {
    const a = defaultExecutionName(Date.UTC(2024, 4, 1, 10, 0, 0));
    expect(a).toMatch(/^stepf-20240501-100000-[0-9a-f]{8}$/);
    expect(defaultExecutionName(Date.UTC(2024, 4, 1, 10, 0, 0))).not.toBe(a);
  });

  it('an execution ARN (standard or express) names its machine and region', () => {
    expect(machineArnOfExecution(EXEC)).toBe('arn:aws:states:eu-west-1:123456789012:stateMachine:orders');
    expect(machineArnOfExecution('arn:aws:states:eu-west-1:123456789012:express:fast:n1:abc')).toBe('arn:aws:states:eu-west-1:123456789012:stateMachine:fast');
    expect(regionOfArn(EXEC)).toBe('eu-west-1');
    expect(regionOfArn('orders')).toBeUndefined();
  });
});

describe('CloudWatch Logs helpers', () => {
  const arn = 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vendedlogs/states/orders:*';

  it('the log group comes from the machine\'s logging configuration, none when logging is OFF', () => {
    expect(logGroupNameOfArn(arn)).toBe('/aws/vendedlogs/states/orders');
    const destinations = [{ cloudWatchLogsLogGroup: { logGroupArn: arn } }];
    expect(machineLogGroup({ loggingConfiguration: { level: 'ERROR', destinations } })).toBe('/aws/vendedlogs/states/orders');
    expect(machineLogGroup({ loggingConfiguration: { level: 'OFF', destinations } })).toBeUndefined();
    expect(machineLogGroup({})).toBeUndefined();
  });

  it('a Step Functions log record is one line: time, execution, type, state or error and cause; other text as it is', () => {
    const timestamp = Date.parse('2024-05-01T10:00:00.123Z');
    const message = JSON.stringify({ type: 'TaskFailed', details: { error: 'Boom', cause: 'why' }, execution_arn: `${EXEC}` });
    expect(formatLogEvent({ timestamp, message })).toBe('2024-05-01 10:00:00.123  run-1  TaskFailed  Boom  why');
    expect(formatLogEvent({ timestamp, message: 'plain text\n' })).toBe('2024-05-01 10:00:00.123  plain text');
  });
});
