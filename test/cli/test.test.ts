// stepf test through the built CLI: the demo's own tests (fixtures/demo/tests/stepf), failures and their
// diffs, --json, --reporter junit, --min-coverage, worker threads, the Step Functions Local mock config mode
// on AWS's documented example, and graph --coverage. No AWS at all: no endpoint, no credentials.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { copyFixture, repoRoot, runCli } from '../support/cli.js';

const noAws = { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined };
const DEMO_CASES = ['happy path', 'an empty order is rejected', 'a receipt that cannot be queued is caught', 'a throttled receipt is retried'];

describe('stepf test (fixtures/demo)', () => {
  const dir = copyFixture('demo');

  it('runs the demo\'s tests (happy path, a failure, a Catch, a retry): a line per case, full coverage, the summary, exit 0', () => {
    const r = runCli(['test'], { cwd: dir, env: noAws });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    for (const name of DEMO_CASES) expect(lines.some((l) => new RegExp(`^PASS tests/stepf/orders\\.test\\.yml > ${name} \\(\\d+(\\.\\d)? ms\\)$`).test(l)), name).toBe(true);
    expect(r.stdout).toContain('  orders: 11/11 states, 7/7 transitions (100%) in 4 cases');
    expect(r.stdout).toMatch(/\n4 passed, 0 failed \(4 cases in \d+\.\d\d s\)\n$/);
  });

  it('one case: the coverage lists what it never reached; --min-coverage below it exits 4 and says so, above it passes', () => {
    const low = runCli(['test', 'orders', '--case', 'happy path', '--min-coverage', '90'], { cwd: dir, env: noAws });
    expect(low.status).toBe(4);
    expect(low.stdout).toContain('orders: 9/11 states, 5/7 transitions (77.7%) in 1 case');
    expect(low.stdout).toContain('never entered: ReceiptNotQueued, Rejected');
    expect(low.stdout).toContain('never taken: CheckOrder.Default → Rejected, QueueReceipt.Catch[0] → ReceiptNotQueued');
    expect(low.stdout).toContain('1 passed, 0 failed');
    expect(low.stderr).toBe('coverage of orders is 77.7%, below --min-coverage 90\n');
    expect(runCli(['test', '--case', 'happy path', '--min-coverage', '75'], { cwd: dir, env: noAws }).status).toBe(0);
  });

  it('an unknown case lists the known ones (exit 1)', () => {
    const r = runCli(['test', '--case', 'happy pat'], { cwd: dir, env: noAws });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`error: no case 'happy pat' in tests/stepf\n  hint: did you mean 'happy path'? known cases: ${DEMO_CASES.join(', ')}\n`);
  });

  it('--json: every case with its status and output, and coverage with what was not taken', () => {
    const r = runCli(['test', '--json', '--case', 'an empty order is rejected'], { cwd: dir, env: noAws });
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ passed: 1, failed: 0, cases: [{ name: 'an empty order is rejected', passed: true, status: 'FAILED', error: 'EmptyOrder', failures: [] }] });
    expect(out.coverage[0]).toMatchObject({ machine: 'orders', states: { total: 11, taken: 2 }, transitions: { total: 7, taken: 1, untaken: expect.arrayContaining([{ transition: 'CheckOrder.Choices[0]', to: 'PriceLines' }]) } });
  });

  it('worker threads give the same results as one process', () => {
    const strip = (text: string) => (JSON.parse(text).cases as Array<{ ms: number }>).map(({ ms: _ms, ...c }) => c);
    const one = runCli(['test', '--json', '--workers', '1'], { cwd: dir, env: noAws });
    const two = runCli(['test', '--json', '--workers', '2'], { cwd: dir, env: noAws });
    expect(two.status, two.stderr).toBe(0);
    expect(strip(two.stdout)).toEqual(strip(one.stdout));
  });
});

describe('stepf test: failures', () => {
  const dir = copyFixture('demo');
  const file = join(dir, 'tests', 'stepf', 'orders.test.yml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('        status: COMPLETE\n', '        status: SHIPPED\n').replace('attempts: 3', 'attempts: 2'));

  it('a failed case: FAIL line, the first differing path, a diff of expected (-) against actual (+), the summary, exit 4', () => {
    const r = runCli(['test'], { cwd: dir, env: noAws });
    expect(r.status).toBe(4);
    expect(r.stdout).toMatch(/^FAIL tests\/stepf\/orders\.test\.yml > happy path \(/m);
    expect(r.stdout).toContain('\nFAIL tests/stepf/orders.test.yml > happy path\n  the output differs from the expected: at $.status is "COMPLETE", not "SHIPPED"\n');
    expect(r.stdout).toContain('    -   "status": "SHIPPED",\n    +   "status": "COMPLETE",\n');
    expect(r.stdout).toContain('  expected QueueReceipt to be attempted 2 time(s), it was attempted 3\n');
    expect(r.stdout).toMatch(/\n2 passed, 2 failed \(4 cases in /);
  });

  it('--reporter junit: a testsuite per file, a testcase per case, failures with their message', () => {
    const r = runCli(['test', '--reporter', 'junit'], { cwd: dir, env: noAws });
    expect(r.status).toBe(4);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(r.stdout);
    expect(doc.testsuites).toMatchObject({ name: 'stepf test', tests: '4', failures: '2' });
    const cases = doc.testsuites.testsuite.testcase as Array<{ name: string; classname: string; failure?: { message: string } }>;
    expect(cases.map((c) => [c.name, c.classname, Boolean(c.failure)])).toEqual(DEMO_CASES.map((n, i) => [n, 'orders', i === 0 || i === 3]));
    expect(cases[0].failure?.message).toBe('the output differs from the expected: at $.status is "COMPLETE", not "SHIPPED"');
  });

  it('no test files: an error saying where stepf looked and how to add one (exit 1)', () => {
    const empty = copyFixture('demo');
    rmSync(join(empty, 'tests'), { recursive: true });
    const r = runCli(['test'], { cwd: empty, env: noAws });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('error: no test files in tests/stepf\n  hint: write one, e.g. tests/stepf/orders.test.yml (README "stepf test"), or set custom.stepf.tests to the folder that holds them\n');
  });

  it('usage: --input without --mock-config or --remote, --mock-config without --case, --role-arn without --remote (exit 2)', () => {
    expect(runCli(['test', '--input', 'input.json'], { cwd: dir, env: noAws }).stderr).toContain('error: --input only applies with --mock-config or --remote');
    expect(runCli(['test', '--mock-config', 'm.json'], { cwd: dir, env: noAws }).status).toBe(2);
    expect(runCli(['test', '--role-arn', 'arn:aws:iam::1:role/x'], { cwd: dir, env: noAws }).status).toBe(2);
  });
});

describe('stepf test --mock-config (Step Functions Local\'s MockConfigFile.json, AWS\'s documented example)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stepf-sfnlocal-'));
  cpSync(join(repoRoot, 'test', 'testing', 'fixtures', 'sfn-local'), dir, { recursive: true });
  writeFileSync(join(dir, 'in.json'), '{"greeting":"hi"}');
  const SQS = { MD5OfMessageBody: '3bcb6e8e-7h85-4375-b0bc-1a59812c6e51', MessageId: '3bcb6e8e-8b51-4375-b0bc-1a59812c6e51' };

  it('RetryPath runs as LambdaSQSIntegration#RetryPath would: the output on stdout, the retries in the timeline, exit 0', () => {
    const r = runCli(['test', 'lambdaSqs', '--mock-config', 'MockConfigFile.json', '--case', 'RetryPath', '--input', 'in.json'], { cwd: dir, env: noAws });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(SQS);
    expect(r.stderr.match(/TaskFailed +LambdaState/g)).toHaveLength(3);
    expect(r.stderr).toMatch(/\+14\.000s +TaskSucceeded +LambdaState/);
  });

  it('--json gives the run as invoke --local --json does; a Task invoked past its responses fails (exit 4), as in Step Functions Local', () => {
    const ok = runCli(['test', '--mock-config', 'MockConfigFile.json', '--case', 'HappyPath', '--data', '{"a":1}', '--json'], { cwd: dir, env: noAws });
    expect(ok.status, ok.stderr).toBe(0);
    const run = JSON.parse(ok.stdout);
    expect(run).toMatchObject({ executionArn: 'local:lambdaSqs:LambdaSQSIntegration#HappyPath', name: 'LambdaSQSIntegration#HappyPath', status: 'SUCCEEDED', input: '{"a":1}' });
    expect(JSON.parse(run.output)).toEqual(SQS);
    expect(run.events.at(-1).type).toBe('ExecutionSucceeded');
    const cfg = JSON.parse(readFileSync(join(dir, 'MockConfigFile.json'), 'utf8'));
    cfg.StateMachines.LambdaSQSIntegration.TestCases.Short = { LambdaState: 'LambdaMockedResourceNotReady', SQSState: 'MockedSQSSuccess' };
    writeFileSync(join(dir, 'short.json'), JSON.stringify(cfg));
    const short = runCli(['test', '--mock-config', 'short.json', '--case', 'Short'], { cwd: dir, env: noAws });
    expect(short.status).toBe(4);
    expect(short.stderr).toContain('execution LambdaSQSIntegration#Short FAILED\n  LambdaState was invoked 4 times; short.json#Short has responses for 1 (Step Functions Local fails the execution)\n  add responses for invocations 1-3\n');
  });

  it('HybridPath, whose SQSState Step Functions Local would call for real, is an error naming the state (exit 1)', () => {
    const r = runCli(['test', '--mock-config', 'MockConfigFile.json', '--case', 'HybridPath'], { cwd: dir, env: noAws });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("Task state 'SQSState' has no mocked response in case HybridPath of MockConfigFile.json");
  });

  it('an unknown case lists the known ones (exit 1)', () => {
    const r = runCli(['test', '--mock-config', 'MockConfigFile.json', '--case', 'SadPath'], { cwd: dir, env: noAws });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("has no case 'SadPath'\n  hint: known cases: HappyPath, RetryPath, HybridPath\n");
  });

  it('a case whose mocked error nothing catches exits 4 as stepf invoke does, with the error and cause', () => {
    const cfg = JSON.parse(readFileSync(join(dir, 'MockConfigFile.json'), 'utf8'));
    cfg.StateMachines.LambdaSQSIntegration.TestCases.Broken = { LambdaState: 'MockedLambdaSuccess', SQSState: 'LambdaMockedResourceNotReady' };
    writeFileSync(join(dir, 'broken.json'), JSON.stringify(cfg));
    const r = runCli(['test', '--mock-config', 'broken.json', '--case', 'Broken'], { cwd: dir, env: noAws });
    expect(r.status).toBe(4);
    expect(r.stderr).toContain('execution LambdaSQSIntegration#Broken FAILED\n  failed in state: SQSState\n  error: Lambda.ResourceNotReadyException\n  cause: Lambda resource is not ready.\n');
  });

  it('a native test file takes its mocks from a mock config case, and its expectations hold', () => {
    const tests = join(dir, 'tests', 'stepf');
    cpSync(join(dir, 'MockConfigFile.json'), join(tests, 'MockConfigFile.json'));
    writeFileSync(join(tests, 'lambda.test.yml'), `mockConfig: MockConfigFile.json\ncases:\n  retried:\n    mockCase: RetryPath\n    expect:\n      output: ${JSON.stringify(SQS)}\n      states: { LambdaState: { attempts: 4 } }\n`);
    const r = runCli(['test'], { cwd: dir, env: noAws });
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toContain('PASS tests/stepf/lambda.test.yml > retried');
  });
});

describe('stepf graph --coverage', () => {
  it('draws the states and transitions the tests took in the overlay colours, the untaken ones grey', () => {
    const dir = copyFixture('demo');
    const file = join(dir, 'tests', 'stepf', 'orders.test.yml');
    // Keep only the happy path.
    writeFileSync(file, readFileSync(file, 'utf8').split('\n  an empty order is rejected:')[0]);
    const r = runCli(['graph', 'orders', '--coverage', '-f', 'dot'], { cwd: dir, env: noAws });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('"CheckOrder" -> "PriceLines" [label="$.items[0] is present", penwidth=2.5, class="taken", color="#2e7d32"]');
    expect(r.stdout).toContain('"CheckOrder" -> "Rejected" [label="Default", fontcolor="#cfd8dc", color="#cfd8dc"]');
    expect(r.stdout).toContain('"QueueReceipt" -> "ReceiptNotQueued" [label="States.ALL", style=dashed, fontcolor="#cfd8dc", color="#cfd8dc"]');
    expect(r.stdout).toMatch(/"Rejected" \[shape=octagon[^\n]*class="status-not-reached"\]/);
    expect(r.stdout).toMatch(/"QueueReceipt" \[shape=box[^\n]*class="status-succeeded"\]/);
    expect(r.stderr).toContain('orders: coverage of 1 test case: 9/11 states, 5/7 transitions, 77.7%');
  });
});
