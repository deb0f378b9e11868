// `stepf test`: the suite of test files (a line per case, failures with diffs, coverage, a summary; or
// --json / --reporter junit), one Step Functions Local mock config case run as `invoke --local` runs,
// or one state on AWS (--remote, the TestState API).
import { Option, type Command } from 'commander';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { ExecutionError, ExitCode, UsageError, UserError, userError } from '../../errors.js';
import type { PackageResult } from '../../pipeline.js';
import { createOutput, type Output } from '../../report/output.js';
import { action } from '../run.js';
import { durationFlag, parseParams, withConfigOptions, type TargetFlags } from '../options.js';

export interface TestFlags extends TargetFlags {
  case?: string;
  mockConfig?: string;
  input?: string;
  data?: string;
  tests?: string;
  minCoverage?: string;
  reporter?: 'text' | 'junit';
  caseTimeout?: string;
  workers?: string;
  remote?: string;
  roleArn?: string;
  inspection?: 'INFO' | 'DEBUG' | 'TRACE';
}

export function registerTest(program: Command): void {
  withConfigOptions(
    program
      .command('test')
      .argument('[machine]', 'only the tests of this state machine (its key under stepFunctions.stateMachines)')
      .description('run state machine tests here, without AWS: test files under tests/stepf/, or a Step Functions Local mock config case; with coverage'),
  )
    .option('--case <name>', 'only this case (with --mock-config: the test case of the mock config file to run)')
    .option('--mock-config <file>', 'run one case of a Step Functions Local MockConfigFile.json as `stepf invoke --local` would (needs --case)')
    .option('-i, --input <file>', 'with --mock-config or --remote: the input, a JSON file or - for stdin (default {})')
    .option('-d, --data <json>', 'with --mock-config or --remote: the input as JSON text')
    .option('--tests <dir>', 'the folder of test files (default: custom.stepf.tests, else tests/stepf)')
    .option('--min-coverage <percent>', 'fail (exit 4) when a tested machine\'s coverage of states and transitions is below this')
    .addOption(new Option('--reporter <name>', 'text, or junit (JUnit XML on stdout)').choices(['text', 'junit']).default('text'))
    .option('--json', 'the results and coverage as JSON on stdout')
    .option('--case-timeout <duration>', 'real time a case may take (default 10s); Wait states and retries take none: they run on a virtual clock')
    .option('--workers <n>', 'worker threads (default: one per core for 200 cases or more, else none)')
    .option('--remote <state>', 'run this one state on AWS through the TestState API (the deployed machine\'s definition and role)')
    .option('--role-arn <arn>', 'with --remote: the role TestState runs the state with (default: the machine\'s)')
    .addOption(new Option('--inspection <level>', 'with --remote: INFO, DEBUG (each data-flow step) or TRACE (the HTTP request and response)').choices(['INFO', 'DEBUG', 'TRACE']))
    .option('--arn <arn>', 'with --remote: the deployed machine by ARN (no serverless.yml needed)')
    .option('--profile <name>', 'with --remote: AWS profile')
    .option('--stack-name <name>', 'with --remote: stack name (default: custom.stepf.stackName, else <service>-<stage>-stepf)')
    .action(
      action((machine: string | undefined, flags: TestFlags) => runTest(machine, flags)),
    );
}

const DEFAULT_CASE_TIMEOUT_MS = 10_000;

interface Terminal {
  out: Output;
  prettyOut: boolean;
  colourErr: boolean;
  truncate?: number;
}

async function terminal(flags: TestFlags): Promise<Terminal> {
  const [{ colourWanted }, { isInteractive }] = await Promise.all([import('../../report/colour.js'), import('../../report/progress.js')]);
  return { out: createOutput(flags), prettyOut: Boolean(process.stdout.isTTY), colourErr: colourWanted(process.stderr), truncate: isInteractive(process.stderr) ? 120 : undefined };
}

async function printTimeline(events: HistoryEvent[], term: Terminal): Promise<void> {
  const { renderTimeline } = await import('../../report/timeline.js');
  term.out.note(renderTimeline(events, { color: term.colourErr, truncate: term.truncate }));
}

function checkFlags(flags: TestFlags): void {
  const remoteOnly = [flags.roleArn && '--role-arn', flags.inspection && '--inspection', flags.arn && '--arn', flags.profile && '--profile'].filter(Boolean);
  if (!flags.remote && remoteOnly.length) throw new UsageError(`${remoteOnly.join(', ')} only appl${remoteOnly.length > 1 ? 'y' : 'ies'} with --remote`, 'add --remote <state> to run one state on AWS');
  if (flags.remote && flags.mockConfig) throw new UsageError('--remote and --mock-config both given', 'pass one of them');
  if (flags.mockConfig && flags.case === undefined) throw new UsageError('--mock-config needs --case: the test case to run', 'for example --mock-config MockConfigFile.json --case HappyPath');
  const inputFlags = [flags.input !== undefined && '--input', flags.data !== undefined && '--data'].filter(Boolean);
  if (!flags.mockConfig && !flags.remote && inputFlags.length) {
    throw new UsageError(`${inputFlags.join(', ')} only appl${inputFlags.length > 1 ? 'y' : 'ies'} with --mock-config or --remote`, 'a test file gives each case its input');
  }
  if (flags.reporter === 'junit' && flags.json) throw new UsageError('--json and --reporter junit both given', 'pass one of them');
}

async function loadService(flags: TestFlags): Promise<PackageResult> {
  const { packageService } = await import('../../pipeline.js');
  // No AWS: remote variables (${ssm:}, ${cf:}) are errors here, as in `stepf package`.
  return packageService({ cwd: process.cwd(), stage: flags.stage, region: flags.region, config: flags.config, stackName: flags.stackName, params: parseParams(flags.param) });
}

export async function runTest(machine: string | undefined, flags: TestFlags): Promise<number> {
  checkFlags(flags);
  if (flags.remote) return runRemote(machine, flags.remote, flags);
  const caseTimeoutMs = flags.caseTimeout === undefined ? DEFAULT_CASE_TIMEOUT_MS : durationFlag('--case-timeout', flags.caseTimeout);
  if (flags.mockConfig) return runMockConfigCase(machine, flags);
  let minCoverage: number | undefined;
  if (flags.minCoverage !== undefined) {
    minCoverage = Number(flags.minCoverage.replace(/%$/, ''));
    if (!Number.isFinite(minCoverage) || minCoverage < 0 || minCoverage > 100) throw new UsageError(`--min-coverage ${flags.minCoverage}: not a percentage`, 'write it like 90 (0 to 100)');
  }
  let workers: number | undefined;
  if (flags.workers !== undefined) {
    workers = Number(flags.workers);
    if (!Number.isInteger(workers) || workers < 1) throw new UsageError(`--workers ${flags.workers}: not a whole number of at least 1`);
  }
  const out = createOutput(flags);
  const pkg = await loadService(flags);
  const [{ collectCases, machinesUnderTest }, { pickMachine }] = await Promise.all([import('../../testing/discover.js'), import('../target.js')]);
  const machines = machinesUnderTest(pkg.machines);
  if (machine !== undefined) pickMachine(pkg.machines, machine, pkg.configFile);
  const { cases } = await collectCases(machines, { configFile: pkg.configFile, testsDir: flags.tests ?? pkg.testsDir, machine, caseName: flags.case });
  const [{ runSuite }, { coverageOf, percent }, report, { colourWanted }] = await Promise.all([
    import('../../testing/suite.js'),
    import('../../testing/coverage.js'),
    import('../../report/test-results.js'),
    import('../../report/colour.js'),
  ]);
  const text = !flags.json && flags.reporter !== 'junit';
  const colour = colourWanted(process.stdout);
  const started = performance.now();
  const results = await runSuite(cases, machines, {
    caseTimeoutMs,
    workers,
    workerUrl: new URL('./test-worker.js', import.meta.url),
    onResult: text ? (r) => out.result(report.caseLine(r, colour)) : undefined,
  });
  const seconds = (performance.now() - started) / 1000;
  const tested = machines.filter((m) => cases.some((c) => c.machine === m.key));
  const coverage = coverageOf(tested, results);
  const below = minCoverage === undefined ? [] : coverage.filter((c) => percent(c) < minCoverage!);
  if (flags.json) out.result(report.resultsJson(results, coverage, minCoverage));
  else if (flags.reporter === 'junit') out.result(report.junitReport(results, seconds));
  else out.result(report.failureDetails(results, colour) + report.coverageReport(coverage, colour) + report.summaryLine(results, seconds, colour));
  // The verdict on coverage goes to stderr, so it is seen whatever the reporter.
  for (const c of below) out.note(`coverage of ${c.machine} is ${report.formatPercent(percent(c))}, below --min-coverage ${minCoverage}`);
  return results.every((r) => r.passed) && below.length === 0 ? ExitCode.ok : ExitCode.executionFailed;
}

/** One case of a Step Functions Local mock config file, run and reported as `stepf invoke --local` does. */
async function runMockConfigCase(machine: string | undefined, flags: TestFlags): Promise<number> {
  const { readExecutionInput } = await import('../execution-input.js');
  const input = await readExecutionInput(flags);
  const term = await terminal(flags);
  const out = term.out;
  const pkg = await loadService(flags);
  const { pickMachine } = await import('../target.js');
  const summary = pickMachine(pkg.machines, machine, pkg.configFile);
  if (!summary.definition) throw new UsageError(`state machine ${summary.key} has no definition to run`);
  const [{ readMockConfig }, local, { formatOutput, failureReport }] = await Promise.all([
    import('../../testing/aws-mock-config.js'),
    import('../../local/index.js'),
    import('../../report/execution.js'),
  ]);
  const { resolve } = await import('node:path');
  const config = await readMockConfig(resolve(process.cwd(), flags.mockConfig!));
  const name = summary.name ?? summary.key;
  const tc = config.testCase([summary.key, name], flags.case!);
  const attempts = new Map<string, number>();
  const executionName = `${name}#${flags.case}`;
  let run;
  try {
    run = await local.runLocal(summary.definition, input.value, {
      outcomes: tc.mocks,
      context: { executionName, stateMachineName: name },
      observer: { attempt: (s) => attempts.set(s, (attempts.get(s) ?? 0) + 1) },
    });
  } catch (err) {
    if (err instanceof UserError && err.diagnostics[0]?.code === 'missing-mock') {
      const state = /'(.*)'/.exec(err.diagnostics[0].message)?.[1] ?? '?';
      throw userError(`Task state '${state}' has no mocked response in case ${flags.case} of ${flags.mockConfig}`, {
        file: config.file,
        hint: `add "${state}": "<a MockedResponses name>" to the case's entry under StateMachines (Step Functions Local would call the real service; stepf never does)`,
      });
    }
    throw err;
  }
  // Step Functions Local fails an execution that calls a Task more often than its responses cover.
  const over = Object.entries(tc.invocations).map(([state, defined]) => ({ state, defined, n: attempts.get(state) ?? 0 })).find((x) => x.n > x.defined);
  const exhausted = over && `${over.state} was invoked ${over.n} times; ${flags.mockConfig}#${flags.case} has responses for ${over.defined} (Step Functions Local fails the execution)`;
  if (flags.json) {
    const ended = exhausted ? { status: 'FAILED', cause: exhausted } : run.status === 'SUCCEEDED' ? { status: run.status, output: JSON.stringify(run.output) } : { status: run.status, error: run.error, cause: run.cause };
    out.json({ executionArn: `local:${summary.key}:${executionName}`, name: executionName, input: input.text, ...ended, events: run.events });
  } else {
    await printTimeline(run.events, term);
  }
  if (exhausted) {
    if (!flags.json) out.note(`execution ${executionName} FAILED\n  ${exhausted}\n  add responses for invocations ${over!.defined}-${over!.n - 1}`);
    return ExitCode.executionFailed;
  }
  if (run.status === 'SUCCEEDED') {
    if (!flags.json) out.result(`${formatOutput(JSON.stringify(run.output ?? null), term.prettyOut)}\n`);
    return ExitCode.ok;
  }
  const { failingState } = await import('../../report/timeline.js');
  out.note(failureReport({ name: executionName, status: run.status, error: run.error, cause: run.cause }, failingState(run.events), undefined));
  return new ExecutionError(run.status, '').exitCode;
}

/** One state through TestState: its status, output or error, next state, and with DEBUG the data flow. */
async function runRemote(machine: string | undefined, stateName: string, flags: TestFlags): Promise<number> {
  const [{ readExecutionInput }, { resolveTarget }] = await Promise.all([import('../execution-input.js'), import('../target.js')]);
  const input = await readExecutionInput(flags);
  const term = await terminal(flags);
  const out = term.out;
  const target = await resolveTarget(flags, machine);
  const [{ describeStateMachine }, { testState }, { formatOutput }] = await Promise.all([import('../../aws/executions.js'), import('../../aws/test-state.js'), import('../../report/execution.js')]);
  try {
    const described = await describeStateMachine(target.aws, target.arn);
    const definition = described.definition ?? '{}';
    const { forEachState } = await import('../../util/states.js');
    const names: string[] = [];
    forEachState(JSON.parse(definition), (n) => names.push(n));
    if (!names.includes(stateName)) {
      const { didYouMean } = await import('../../util/did-you-mean.js');
      const close = didYouMean(stateName, names);
      throw userError(`the deployed ${target.label} has no state named ${stateName}`, { hint: `${close ? `did you mean ${close}? ` : ''}its states: ${names.join(', ')}` });
    }
    const answer = await testState(target.aws, { definition, stateName, roleArn: flags.roleArn ?? described.roleArn, input: input.text, inspectionLevel: flags.inspection });
    const { $metadata: _m, ...result } = answer as typeof answer & { $metadata?: unknown };
    if (flags.json) {
      out.json(result);
    } else {
      const lines = [`state ${stateName} of ${target.label}: ${answer.status ?? 'UNKNOWN'}${answer.nextState ? `, next: ${answer.nextState}` : ''}`];
      if (answer.error) lines.push(`  error: ${answer.error}`);
      if (answer.cause) lines.push(`  cause: ${answer.cause}`);
      const data = answer.inspectionData;
      if (data) {
        const steps: Array<[string, string | undefined]> = [
          ['input', data.input], ['after InputPath', data.afterInputPath], ['after Parameters', data.afterParameters], ['after Arguments', data.afterArguments],
          ['result', data.result], ['after ResultSelector', data.afterResultSelector], ['after ResultPath', data.afterResultPath],
        ];
        for (const [label, value] of steps) if (value !== undefined) lines.push(`  ${label}: ${value}`);
        if (data.request) lines.push(`  request: ${JSON.stringify(data.request)}`);
        if (data.response) lines.push(`  response: ${JSON.stringify(data.response)}`);
      }
      out.note(lines.join('\n'));
      if (answer.output !== undefined) out.result(`${formatOutput(answer.output, term.prettyOut)}\n`);
    }
    return answer.status === 'FAILED' ? ExitCode.executionFailed : ExitCode.ok;
  } finally {
    out.debug(target.aws.summary());
  }
}
