// EXPRESS invoke and redrive with injected SDK responses: moto has no StartSyncExecution and no RedriveExecution.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DescribeStateMachineCommand,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  SFNClient,
  StartExecutionCommand,
  StartSyncExecutionCommand,
} from '@aws-sdk/client-sfn';
import { runInvoke } from '../../src/cli/commands/invoke.js';
import { runRedrive } from '../../src/cli/commands/redrive.js';
import { useInjected } from '../support/injected.js';

const MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:fast';
const sfn = useInjected(SFNClient);
let out: string;
let err: string;

beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((out += String(c)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((err += String(c)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('EXPRESS invoke (injected responses: moto has no StartSyncExecution)', () => {
  it('uses StartSyncExecution with a unique name and prints the output', async () => {
    sfn.on(DescribeStateMachineCommand).resolves({ type: 'EXPRESS', stateMachineArn: MACHINE, name: 'fast', definition: '{}', roleArn: 'r', creationDate: new Date() });
    sfn.on(StartSyncExecutionCommand).resolves({ status: 'SUCCEEDED', output: '{"total":3}', executionArn: `${MACHINE}:x`, startDate: new Date(), stopDate: new Date() });
    const code = await runInvoke(undefined, { arn: MACHINE, data: '{"a":1}' });
    expect(code).toBe(0);
    expect(out).toBe('{"total":3}\n');
    const calls = sfn.commandCalls(StartSyncExecutionCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0].args[0].input).toMatchObject({ stateMachineArn: MACHINE, input: '{"a":1}' });
    expect(calls[0].args[0].input.name).toMatch(/^stepf-\d{8}-\d{6}-[0-9a-f]{8}$/);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('--timeline on an EXPRESS machine says there is no history and where its logs are', async () => {
    sfn.on(DescribeStateMachineCommand).resolves({ type: 'EXPRESS', stateMachineArn: MACHINE, name: 'fast', definition: '{}', roleArn: 'r', creationDate: new Date() });
    sfn.on(StartSyncExecutionCommand).resolves({ status: 'SUCCEEDED', output: '{}', executionArn: `${MACHINE}:x`, startDate: new Date(), stopDate: new Date() });
    expect(await runInvoke(undefined, { arn: MACHINE, timeline: true })).toBe(0);
    expect(err).toContain(`no timeline: EXPRESS executions keep no history; their states are in CloudWatch Logs: stepf logs --arn ${MACHINE}`);
  });

  it('a FAILED express execution prints error and cause and exits 4; TIMED_OUT exits 5', async () => {
    sfn.on(DescribeStateMachineCommand).resolves({ type: 'EXPRESS', stateMachineArn: MACHINE, name: 'fast', definition: '{}', roleArn: 'r', creationDate: new Date() });
    sfn.on(StartSyncExecutionCommand).resolvesOnce({ status: 'FAILED', name: 'e1', error: 'Boom', cause: 'it broke', executionArn: 'a', startDate: new Date(), stopDate: new Date() })
      .resolvesOnce({ status: 'TIMED_OUT', name: 'e2', executionArn: 'b', startDate: new Date(), stopDate: new Date() });
    expect(await runInvoke(undefined, { arn: MACHINE })).toBe(4);
    expect(err).toContain('execution e1 FAILED');
    expect(err).toContain('error: Boom');
    expect(err).toContain('cause: it broke');
    expect(err).toContain('CloudWatch Logs');
    expect(await runInvoke(undefined, { arn: MACHINE })).toBe(5);
  });

  it('--async on an EXPRESS machine starts it with StartExecution and prints the ARN', async () => {
    sfn.on(DescribeStateMachineCommand).resolves({ type: 'EXPRESS', stateMachineArn: MACHINE, name: 'fast', definition: '{}', roleArn: 'r', creationDate: new Date() });
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:aws:states:eu-west-1:123456789012:express:fast:n1:abc', startDate: new Date() });
    expect(await runInvoke(undefined, { arn: MACHINE, async: true })).toBe(0);
    expect(out).toBe('arn:aws:states:eu-west-1:123456789012:express:fast:n1:abc\n');
    expect(sfn.commandCalls(StartSyncExecutionCommand)).toHaveLength(0);
  });
});

describe('redrive (injected responses: moto has no redrive)', () => {
  const EXEC = 'arn:aws:states:eu-west-1:123456789012:execution:fast:failed-one';

  it('redrives an execution given by ARN and says how to follow it', async () => {
    sfn.on(RedriveExecutionCommand).resolves({ redriveDate: new Date('2024-05-01T10:00:00Z') });
    expect(await runRedrive(EXEC, {})).toBe(0);
    expect(sfn.commandCalls(RedriveExecutionCommand)[0].args[0].input).toEqual({ executionArn: EXEC });
    expect(out).toContain(`redriven ${EXEC} at 2024-05-01T10:00:00.000Z`);
    expect(out).toContain(`stepf logs --execution ${EXEC} --tail`);
  });

  it('--last redrives the newest FAILED execution of the machine', async () => {
    sfn.on(ListExecutionsCommand).resolves({ executions: [{ executionArn: EXEC, stateMachineArn: MACHINE, name: 'failed-one', status: 'FAILED', startDate: new Date() }] });
    sfn.on(RedriveExecutionCommand).resolves({ redriveDate: new Date() });
    expect(await runRedrive(undefined, { last: true, arn: MACHINE })).toBe(0);
    expect(sfn.commandCalls(ListExecutionsCommand)[0].args[0].input).toMatchObject({ stateMachineArn: MACHINE, statusFilter: 'FAILED' });
    expect(sfn.commandCalls(RedriveExecutionCommand)[0].args[0].input).toEqual({ executionArn: EXEC });
  });

  it('an execution that cannot be redriven is exit 3 with what can be', async () => {
    const e = Object.assign(new Error('Execution is SUCCEEDED'), { name: 'ExecutionNotRedrivable', $metadata: {} });
    sfn.on(RedriveExecutionCommand).rejects(e);
    await expect(runRedrive(EXEC, {})).rejects.toMatchObject({ exitCode: 3, hint: expect.stringContaining('FAILED, TIMED_OUT or ABORTED') });
  });

  it('a machine key in place of an execution ARN is a usage error pointing at --last', async () => {
    await expect(runRedrive('orders', {})).rejects.toMatchObject({ exitCode: 2, hint: expect.stringContaining('stepf redrive orders --last') });
  });
});
