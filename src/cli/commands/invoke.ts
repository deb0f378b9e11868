// `stepf invoke`: start an execution (STANDARD: StartExecution and polling; EXPRESS: StartSyncExecution),
// print its output, or its status, error, cause and failing state; `--local` runs the definition here.
import { Option, type Command } from 'commander';
import type { DescribeExecutionOutput, HistoryEvent } from '@aws-sdk/client-sfn';
import { ExecutionError, ExitCode, Interrupted, UsageError, type ExecutionEnd } from '../../errors.js';
import { createOutput, type Output } from '../../report/output.js';
import { action } from '../run.js';
import { configInput, durationFlag, withAwsOptions, type TargetFlags } from '../options.js';
import type { ExecutionInput } from '../execution-input.js';
import type { Target } from '../target.js';

export interface InvokeFlags extends TargetFlags {
  input?: string;
  /** The plugin's name for --input (`sls invoke stepf --path input.json`). */
  path?: string;
  data?: string;
  name?: string;
  async?: boolean;
  timeout?: string;
  timeline?: boolean;
  local?: boolean;
  mock?: string[];
  mocks?: string;
  alias?: string;
  version?: string;
}

interface Terminal {
  out: Output;
  /** stdout is a terminal: pretty output. */
  prettyOut: boolean;
  /** stderr gets colour. */
  colourErr: boolean;
  /** stderr is an interactive terminal: spinner. */
  spinner: boolean;
}

async function terminal(flags: InvokeFlags): Promise<Terminal> {
  const [{ colourWanted }, { isInteractive }] = await Promise.all([import('../../report/colour.js'), import('../../report/progress.js')]);
  return {
    out: createOutput(flags),
    prettyOut: Boolean(process.stdout.isTTY),
    colourErr: colourWanted(process.stderr),
    spinner: isInteractive(process.stderr),
  };
}

function isEnd(status: string | undefined): status is ExecutionEnd {
  return status === 'FAILED' || status === 'TIMED_OUT' || status === 'ABORTED';
}

async function spinner(on: boolean, text: string): Promise<{ update(t: string): void; stop(): void }> {
  if (!on) return { update() {}, stop() {} };
  const { ttyProgress } = await import('../../report/progress.js');
  const p = await ttyProgress({});
  p.phase(text);
  return { update: (t) => p.phase(t), stop: () => p.stop() };
}

async function printTimeline(events: HistoryEvent[], term: Terminal): Promise<void> {
  const { renderTimeline } = await import('../../report/timeline.js');
  term.out.note(renderTimeline(events, { color: term.colourErr, truncate: term.spinner ? 120 : undefined }));
}

export async function runInvoke(machine: string | undefined, flags: InvokeFlags): Promise<number> {
  if (flags.local && flags.arn) throw new UsageError('--local runs the definition from serverless.yml; it cannot take --arn', 'name the machine by its key');
  if (!flags.local && (flags.mock?.length || flags.mocks)) throw new UsageError('--mock and --mocks only apply with --local', 'add --local, or drop the mocks');
  if (flags.async && flags.local) throw new UsageError('--async does not apply with --local');
  if (flags.local && (flags.alias !== undefined || flags.version !== undefined)) throw new UsageError('--alias and --version name deployed versions; --local runs the definition in serverless.yml', 'drop --local to start the deployed alias or version');
  const timeoutMs = flags.timeout === undefined ? undefined : durationFlag('--timeout', flags.timeout);
  if (flags.path !== undefined) {
    if (flags.input !== undefined) throw new UsageError('--path and --input both given: they are the same (--path is the plugin\'s name for it)', 'pass one of them');
    if (flags.data !== undefined) throw new UsageError('--path and --data both given', 'pass one of them (the plugin let --data win; stepf asks)');
    flags.input = flags.path;
  }
  // The input is checked before anything else, so a typo costs no AWS call.
  const { readExecutionInput } = await import('../execution-input.js');
  const input = await readExecutionInput(flags);
  const term = await terminal(flags);
  if (flags.local) return runLocalInvoke(machine, flags, input, term);
  const { qualifyTarget, resolveTarget } = await import('../target.js');
  const machineTarget = await resolveTarget(flags, machine, pluginName(flags, machine, term.out));
  const target = await qualifyTarget(machineTarget, flags);
  return runRemoteInvoke(target, flags, input, term, timeoutMs);
}

/**
 * The plugin's `--name` is the machine's key (`sls invoke stepf --name hello`); stepf's names the execution.
 * With no machine named otherwise and a `--name` that is a key of this service, the plugin user's meaning is
 * the only one that fits: it names the machine, said on stderr.
 */
function pluginName(flags: InvokeFlags, machine: string | undefined, out: Output): (machines: Array<{ key: string }>) => string | undefined {
  return (machines) => {
    const key = flags.name;
    if (machine !== undefined || flags.arn !== undefined || key === undefined || !machines.some((m) => m.key === key)) return machine;
    out.note(`note: --name ${key} names the state machine ${key} (as in \`sls invoke stepf --name\`); the execution gets a generated name. For an execution name: stepf invoke ${key} --name <execution-name>`);
    flags.name = undefined;
    return key;
  };
}

async function runRemoteInvoke(target: Target, flags: InvokeFlags, input: ExecutionInput, term: Terminal, timeoutMs: number | undefined): Promise<number> {
  const [ex, { formatOutput, failureReport, resultJson }, { interruptSignal }] = await Promise.all([
    import('../../aws/executions.js'),
    import('../../report/execution.js'),
    import('../terminal.js'),
  ]);
  const { aws, arn } = target;
  const { out } = term;
  const type = target.summary?.type ?? (await ex.describeStateMachine(aws, arn)).type ?? 'STANDARD';
  const name = flags.name ?? ex.defaultExecutionName();
  try {
    if (flags.async) {
      const started = await ex.startExecution(aws, { stateMachineArn: arn, input: input.text, name });
      out.result(flags.json ? resultJson({ executionArn: started.executionArn, startDate: started.startDate }) : `${started.executionArn}\n`);
      return ExitCode.ok;
    }
    if (type === 'EXPRESS') {
      const spin = await spinner(term.spinner, `running ${target.label} (EXPRESS, ${name})`);
      const sync = await ex.startSyncExecution(aws, { stateMachineArn: arn, input: input.text, name }).finally(() => spin.stop());
      if (flags.json) out.result(resultJson(sync));
      const hint = `EXPRESS executions keep no history; their states are in CloudWatch Logs: stepf logs ${target.key ?? `--arn ${arn}`}`;
      if (flags.timeline) out.note(`no timeline: ${hint}`);
      if (sync.status === 'SUCCEEDED') {
        if (!flags.json) out.result(`${formatOutput(sync.output, term.prettyOut)}\n`);
        return ExitCode.ok;
      }
      out.note(failureReport(sync, undefined, hint));
      return new ExecutionError(isEnd(sync.status) ? sync.status : 'FAILED', '').exitCode;
    }
    const started = await ex.startExecution(aws, { stateMachineArn: arn, input: input.text, name });
    const spin = await spinner(term.spinner, `running ${target.label} (${name})`);
    const interrupt = interruptSignal();
    let waited;
    try {
      waited = await ex.waitForExecution(aws, started.executionArn, { timeoutMs, signal: interrupt.signal });
    } catch (err) {
      if (err instanceof Interrupted) {
        spin.stop();
        out.note(`stopped waiting; the execution goes on: ${started.executionArn}\n  stop it with: stepf stop ${started.executionArn}`);
        return ExitCode.interrupted;
      }
      throw err;
    } finally {
      spin.stop();
      interrupt.dispose();
    }
    return await reportExecution(target, waited.execution, waited.gaveUp, flags, term);
  } finally {
    out.debug(aws.summary());
  }
}

async function reportExecution(target: Target, d: DescribeExecutionOutput, gaveUp: boolean, flags: InvokeFlags, term: Terminal): Promise<number> {
  const [ex, { formatOutput, failureReport, resultJson }] = await Promise.all([import('../../aws/executions.js'), import('../../report/execution.js')]);
  const { out } = term;
  if (flags.json) out.result(resultJson(d));
  const arn = d.executionArn ?? '';
  const logsCmd = `stepf logs ${target.key ?? ''} --execution ${arn}`.replace(/\s+/g, ' ');
  if (gaveUp) {
    out.note(`execution ${d.name} is still RUNNING after --timeout ${flags.timeout}; stepf stopped waiting (the execution goes on)\n  follow it: ${logsCmd} --tail\n  stop it: stepf stop ${arn}`);
    return ExitCode.executionTimedOut;
  }
  const needHistory = flags.timeline || isEnd(d.status);
  const events = needHistory ? await ex.executionHistory(target.aws, arn) : [];
  if (flags.timeline) await printTimeline(events, term);
  if (d.status === 'SUCCEEDED') {
    if (!flags.json) out.result(`${formatOutput(d.output, term.prettyOut)}\n`);
    return ExitCode.ok;
  }
  const { failingState } = await import('../../report/timeline.js');
  out.note(failureReport(d, failingState(events), `history: ${logsCmd}`));
  return new ExecutionError(isEnd(d.status) ? d.status : 'FAILED', '').exitCode;
}

async function runLocalInvoke(machine: string | undefined, flags: InvokeFlags, input: ExecutionInput, term: Terminal): Promise<number> {
  const [{ packageService }, { pickMachine }, local, { formatOutput, failureReport }] = await Promise.all([
    import('../../pipeline.js'),
    import('../target.js'),
    import('../../local/index.js'),
    import('../../report/execution.js'),
  ]);
  const { out } = term;
  // No AWS: remote variables (${ssm:}, ${cf:}) are errors here, as in `stepf package`.
  const pkg = await packageService({ ...configInput(flags), stackName: flags.stackName });
  const summary = pickMachine(pkg.machines, pluginName(flags, machine, out)(pkg.machines), pkg.configFile);
  if (!summary.definition) throw new UsageError(`state machine ${summary.key} has no definition to run`);
  const mocks = await local.loadMocks({ mock: flags.mock, mocks: flags.mocks });
  const name = flags.name ?? `local-${Date.now()}`;
  const run = await local.runLocal(summary.definition, input.value, {
    mocks,
    context: { executionName: name, stateMachineName: summary.name ?? summary.key },
  });
  if (flags.json) {
    out.result(
      `${JSON.stringify(
        {
          executionArn: `local:${summary.key}:${name}`,
          name,
          status: run.status,
          input: input.text,
          ...(run.status === 'SUCCEEDED' ? { output: JSON.stringify(run.output) } : { error: run.error, cause: run.cause }),
          events: run.events,
        },
        null,
        2,
      )}\n`,
    );
  } else {
    await printTimeline(run.events, term);
  }
  if (run.status === 'SUCCEEDED') {
    if (!flags.json) out.result(`${formatOutput(JSON.stringify(run.output ?? null), term.prettyOut)}\n`);
    return ExitCode.ok;
  }
  const { failingState } = await import('../../report/timeline.js');
  out.note(failureReport({ name, status: run.status, error: run.error, cause: run.cause }, failingState(run.events), undefined));
  return new ExecutionError(run.status, '').exitCode;
}

export function registerInvoke(program: Command): void {
  withAwsOptions(
    program
      .command('invoke')
      .argument('[machine]', 'the state machine\'s key under stepFunctions.stateMachines (optional when there is one)')
      .description('run a state machine: start an execution, wait for it, print its output (or run it locally with --local)'),
  )
    .option('--arn <arn>', 'a deployed state machine\'s ARN instead of a key (no serverless.yml needed)')
    .option('-i, --input <file>', 'execution input: a JSON file, or - for stdin (default {})')
    .option('-p, --path <file>', 'the same as --input (the plugin\'s name for it)')
    .option('-d, --data <json>', 'execution input as JSON text')
    .option('-n, --name <name>', 'execution name (default: stepf-<time>-<random>, unique per run); with no machine given, a machine key here names the machine, as in the plugin')
    .option('--alias <name>', 'start the execution through this alias of the machine (its routing picks the version)')
    .option('--version <n>', 'start this published version of the machine')
    .option('--async', 'print the execution ARN and return without waiting')
    .option('-t, --timeout <duration>', 'STANDARD machines: stop waiting after this long (e.g. 90s, 10m; the execution goes on) and exit 5')
    .option('--timeline', 'also print the execution\'s timeline on stderr (always with --local; with --local --json it is in the JSON)')
    .option('--local', 'run the definition on this machine without AWS; Task states need --mock or --mocks')
    .addOption(new Option('--mock <state=file...>', 'with --local: the result of Task state <state> from a JSON/YAML file; repeatable'))
    .option('--mocks <file>', 'with --local: a JSON/YAML file of mocks by state name')
    .action(action(runInvoke));
}
