// The Step Functions Local mock config reader, against AWS's documented example (fixtures/sfn-local: the
// LambdaSQSIntegration machine and its MockConfigFile.json, facts typed by hand from the developer guide).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { runLocal } from '../../src/local/index.js';
import { readMockConfig } from '../../src/testing/aws-mock-config.js';
import { readTestFile } from '../../src/testing/test-file.js';
import { runCase } from '../../src/testing/run-case.js';
import { example, exampleMachine } from './helpers.js';

const file = join(example, 'MockConfigFile.json');

async function thrown(p: Promise<unknown>): Promise<UserError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(UserError);
  return err as UserError;
}

function writeConfig(config: unknown): string {
  const f = join(mkdtempSync(join(tmpdir(), 'stepf-mockcfg-')), 'MockConfigFile.json');
  writeFileSync(f, JSON.stringify(config, null, 2));
  return f;
}

describe('AWS\'s documented MockConfigFile.json', () => {
  it('lists the machine and its three test cases', async () => {
    const config = await readMockConfig(file);
    expect(config.machines()).toEqual(['LambdaSQSIntegration']);
    expect(config.cases('LambdaSQSIntegration')).toEqual(['HappyPath', 'RetryPath', 'HybridPath']);
  });

  it('RetryPath expands "0", "1-2" and "3" into four invocations of LambdaState, in order', async () => {
    const tc = (await readMockConfig(file)).testCase(['LambdaSQSIntegration'], 'RetryPath');
    expect(tc.invocations).toEqual({ LambdaState: 4, SQSState: 1 });
    expect(tc.mocks.LambdaState).toEqual([
      { error: 'Lambda.ResourceNotReadyException', cause: 'Lambda resource is not ready.' },
      { error: 'Lambda.TimeoutException', cause: 'Lambda timed out.' },
      { error: 'Lambda.TimeoutException', cause: 'Lambda timed out.' },
      { result: { StatusCode: 200, Payload: { StatusCode: 200, body: 'Hello from Lambda!' } } },
    ]);
  });

  it('RetryPath runs as AWS describes it: three failures retried on the virtual clock (2 s, 4 s, 8 s), then SQSState', async () => {
    const tc = (await readMockConfig(file)).testCase(['LambdaSQSIntegration'], 'RetryPath');
    const run = await runLocal(exampleMachine().definition, { hello: 1 }, { outcomes: tc.mocks });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toEqual({ MD5OfMessageBody: '3bcb6e8e-7h85-4375-b0bc-1a59812c6e51', MessageId: '3bcb6e8e-8b51-4375-b0bc-1a59812c6e51' });
    const scheduled = run.events.filter((e) => e.type === 'TaskScheduled').map((e) => e.timestamp!.getTime() - run.events[0].timestamp!.getTime());
    expect(scheduled).toEqual([0, 2000, 6000, 14000, 14000]);
  });

  it('HybridPath (SQSState left to the real service) fails its case naming SQSState and the mock to add: stepf never calls AWS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepf-hybrid-'));
    const t = join(dir, 'hybrid.test.yml');
    writeFileSync(t, `mockConfig: ${file}\ncases:\n  hybrid:\n    mockCase: HybridPath\n`);
    const [spec] = await readTestFile(t, [exampleMachine()], dir);
    const r = await runCase(spec, exampleMachine(), { caseTimeoutMs: 10_000 });
    expect(r.passed).toBe(false);
    expect(r.failures[0].message).toMatch(/^Task state 'SQSState' has no mock in this case: add one under the case's mocks, e\.g\. mocks: \{ SQSState: /);
  });

  it('a case calling a Task more often than its responses cover fails, as Step Functions Local fails the execution', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepf-over-'));
    const t = join(dir, 'over.test.yml');
    // LambdaMockedResourceNotReady has one response; the Retry makes four invocations.
    const cfg = writeConfig({
      StateMachines: { LambdaSQSIntegration: { TestCases: { Short: { LambdaState: 'LambdaMockedResourceNotReady', SQSState: 'Ok' } } } },
      MockedResponses: { LambdaMockedResourceNotReady: { '0': { Throw: { Error: 'Lambda.ResourceNotReadyException', Cause: 'not ready' } } }, Ok: { '0': { Return: {} } } },
    });
    writeFileSync(t, `mockConfig: ${cfg}\ncases:\n  short:\n    mockCase: Short\n    expect: { status: FAILED }\n`);
    const [spec] = await readTestFile(t, [exampleMachine()], dir);
    const r = await runCase(spec, exampleMachine(), { caseTimeoutMs: 10_000 });
    expect(r.failures.map((f) => f.message)).toEqual([expect.stringMatching(/^LambdaState was invoked 4 times, but .*MockConfigFile\.json#Short has responses for 1$/)]);
  });

  it('an unknown case is an error listing the known ones, with a did-you-mean', async () => {
    const err = await thrown(Promise.resolve().then(async () => (await readMockConfig(file)).testCase(['LambdaSQSIntegration'], 'HapyPath')));
    expect(err.diagnostics[0]).toMatchObject({ message: "has no case 'HapyPath'", path: ['StateMachines', 'LambdaSQSIntegration', 'TestCases'], line: 4 });
    expect(err.diagnostics[0].hint).toBe("did you mean 'HappyPath'? known cases: HappyPath, RetryPath, HybridPath");
  });

  it('a machine is found by its key or its name; neither lists the file\'s machines', async () => {
    const config = await readMockConfig(file);
    expect(config.testCase(['lambdaSqs', 'LambdaSQSIntegration'], 'HappyPath').invocations).toEqual({ LambdaState: 1, SQSState: 1 });
    const err = await thrown(Promise.resolve().then(() => config.testCase(['orders', 'stepf-demo-orders'], 'HappyPath')));
    expect(err.diagnostics[0].message).toBe(`mock config file ${file} has no StateMachines entry for 'orders' or 'stepf-demo-orders'`);
    expect(err.diagnostics[0].hint).toBe('its state machines: LambdaSQSIntegration');
  });

  const refused: Array<[string, Record<string, unknown>, string]> = [
    ['a gap in the invocations', { '0': { Return: 1 }, '2': { Return: 2 } }, 'leaves invocation 1 without a response'],
    ['overlapping ranges', { '0-1': { Return: 1 }, '1': { Return: 2 } }, 'overlaps an earlier range'],
    ['a key that is no invocation number', { first: { Return: 1 } }, '"first" is not an invocation number or range'],
    ['a backwards range', { '2-1': { Return: 1 } }, '"2-1" is not an invocation number or range'],
    ['both Return and Throw', { '0': { Return: 1, Throw: { Error: 'E' } } }, 'must hold exactly one field, Return or Throw'],
    ['a Throw without an Error string', { '0': { Throw: { Cause: 'x' } } }, 'must be { "Error": "...", "Cause": "..." } with string values'],
  ];
  it.each(refused)('refuses %s, naming the response', async (_what, response, message) => {
    const cfg = writeConfig({ StateMachines: { M: { TestCases: { C: { LambdaState: 'R' } } } }, MockedResponses: { R: response } });
    const err = await thrown(Promise.resolve().then(async () => (await readMockConfig(cfg)).testCase(['M'], 'C')));
    expect(err.diagnostics[0].message).toBe(message);
    expect(err.diagnostics[0].path?.slice(0, 2)).toEqual(['MockedResponses', 'R']);
    expect(err.diagnostics[0].line).toBeGreaterThan(1);
  });

  it('a Return shaped like a stepf error mock ({ error, cause }) stays a result', async () => {
    const cfg = writeConfig({ StateMachines: { M: { TestCases: { C: { LambdaState: 'R' } } } }, MockedResponses: { R: { '0': { Return: { error: 'x', cause: 'y' } } } } });
    const tc = (await readMockConfig(cfg)).testCase(['M'], 'C');
    expect(tc.mocks.LambdaState).toEqual([{ result: { error: 'x', cause: 'y' } }]);
  });

  it('a case naming a MockedResponses entry the file lacks is an error with a did-you-mean', async () => {
    const cfg = writeConfig({ StateMachines: { M: { TestCases: { C: { LambdaState: 'MockedLambdaSucess' } } } }, MockedResponses: { MockedLambdaSuccess: { '0': { Return: 1 } } } });
    const err = await thrown(Promise.resolve().then(async () => (await readMockConfig(cfg)).testCase(['M'], 'C')));
    expect(err.diagnostics[0]).toMatchObject({ message: 'names MockedResponses.MockedLambdaSucess, which the file does not define', hint: "did you mean 'MockedLambdaSuccess'? its MockedResponses: MockedLambdaSuccess" });
  });
});
