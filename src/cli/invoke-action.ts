// `stepf invoke`: start an execution (STANDARD: StartExecution and polling; EXPRESS: StartSyncExecution),
// print its output, or its status, error, cause and failing state; `--local` runs the definition here.
import type { DescribeExecutionOutput, HistoryEvent } from '@aws-sdk/client-sfn';
import { ExecutionError, ExitCode, Interrupted, UsageError, type ExecutionEnd } from '../errors.js';
import { parseDuration } from './deploy.js';
import type { InvokeFlags } from './invoke.js';
import { readExecutionInput, type ExecutionInput } from './invoke-input.js';
import { pickMachine, resolveTarget, type Target } from './target-action.js';

export interface Terminal {
  /** stdout is a terminal: pretty output. */
  prettyOut: boolean;
  /** stderr gets colour. */
  colourErr: boolean;
  /** stderr is an interactive terminal: spinner. */
  spinner: boolean;
}

export async function terminal(): Promise<Terminal> {
  const [{ colourWanted }, { isInteractive }] = await Promise.all([import('../report/colour.js'), import('../report/progress.js')]);
  return {
    prettyOut: Boolean(process.stdout.isTTY),
    colourErr: colourWanted(process.stderr),
    spinner: isInteractive(process.stderr),
  };
}

/** Output JSON: pretty for a person, one line for a pipe. */
export function formatOutput(text: string | undefined, pretty: boolean): string {
  if (text === undefined) return 'null';
  try {
    return JSON.stringify(JSON.parse(text), null, pretty ? 2 : undefined);
  } catch {
    return text;
  }
}

/** An SDK answer as JSON, without the SDK's $metadata. */
export function resultJson(value: object): string {
  const { $metadata: _m, ...rest } = value as { $metadata?: unknown };
  return `${JSON.stringify(rest, null, 2)}\n`;
}

/** `90s`, `10m`, `1h`, `500ms` (a bare number is minutes), or a UsageError naming the flag. */
export function durationFlag(flag: string, text: string): number {
  try {
    return parseDuration(text, 0);
  } catch {
    throw new UsageError(`${flag} ${text}: not a duration`, 'write it like 90s, 10m or 1h');
  }
}

export function isEnd(status: string | undefined): status is ExecutionEnd {
  return status === 'FAILED' || status === 'TIMED_OUT' || status === 'ABORTED';
}

/** The lines on stderr for an execution that did not succeed. */
export function failureReport(
  e: { name?: string; status?: string; error?: string; cause?: string },
  failing: { state?: string; error?: string; cause?: string } | undefined,
  more: string | undefined,
): string {
  const lines = [`execution ${e.name ?? ''} ${e.status}`.replace(/\s+/g, ' ')];
  if (failing?.state) lines.push(`  failed in state: ${failing.state}`);
  const error = e.error ?? failing?.error;
  const cause = e.cause ?? failing?.cause;
  if (error) lines.push(`  error: ${error}`);
  if (cause) lines.push(`  cause: ${cause}`);
  if (more) lines.push(`  ${more}`);
  return `${lines.join('\n')}\n`;
}

/** Ctrl-C aborts the wait (the command then says what goes on in AWS); a second one quits at once. */
export function ctrlC(): { signal: AbortSignal; dispose(): void } {
  const ac = new AbortController();
  const onSigint = () => {
    if (ac.signal.aborted) process.exit(ExitCode.interrupted);
    ac.abort();
  };
  process.on('SIGINT', onSigint);
  return { signal: ac.signal, dispose: () => process.off('SIGINT', onSigint) };
}

export async function spinner(on: boolean, text: string): Promise<{ update(t: string): void; stop(): void }> {
  if (!on) return { update() {}, stop() {} };
  const { ttyProgress } = await import('../report/progress.js');
  const p = await ttyProgress({});
  p.phase(text);
  return { update: (t) => p.phase(t), stop: () => p.stop() };
}

export async function printTimeline(events: HistoryEvent[], term: Terminal): Promise<void> {
  const { renderTimeline } = await import('../report/timeline.js');
  process.stderr.write(renderTimeline(events, { color: term.colourErr, truncate: term.spinner ? 120 : undefined }));
}

export async function runInvoke(machine: string | undefined, flags: InvokeFlags): Promise<number> {
  if (flags.local && flags.arn) throw new UsageError('--local runs the definition from serverless.yml; it cannot take --arn', 'name the machine by its key');
  if (!flags.local && (flags.mock?.length || flags.mocks)) throw new UsageError('--mock and --mocks only apply with --local', 'add --local, or drop the mocks');
  if (flags.async && flags.local) throw new UsageError('--async does not apply with --local');
  const timeoutMs = flags.timeout === undefined ? undefined : durationFlag('--timeout', flags.timeout);
  // The input is checked before anything else, so a typo costs no AWS call.
  const input = await readExecutionInput(flags);
  const term = await terminal();
  if (flags.local) return runLocalInvoke(machine, flags, input, term);
  const target = await resolveTarget(flags, machine);
  return runRemoteInvoke(target, flags, input, term, timeoutMs);
}

async function runRemoteInvoke(target: Target, flags: InvokeFlags, input: ExecutionInput, term: Terminal, timeoutMs: number | undefined): Promise<number> {
  const ex = await import('../aws/executions.js');
  const { aws, arn } = target;
  const type = target.summary?.type ?? (await ex.describeStateMachine(aws, arn)).type ?? 'STANDARD';
  const name = flags.name ?? ex.defaultExecutionName();
  try {
    if (flags.async) {
      const started = await ex.startExecution(aws, { stateMachineArn: arn, input: input.text, name });
      process.stdout.write(flags.json ? resultJson({ executionArn: started.executionArn, startDate: started.startDate }) : `${started.executionArn}\n`);
      return ExitCode.ok;
    }
    if (type === 'EXPRESS') {
      const spin = await spinner(term.spinner, `running ${target.label} (EXPRESS, ${name})`);
      const out = await ex.startSyncExecution(aws, { stateMachineArn: arn, input: input.text, name }).finally(() => spin.stop());
      if (flags.json) process.stdout.write(resultJson(out));
      const hint = `EXPRESS executions keep no history; their states are in CloudWatch Logs: stepf logs ${target.key ?? `--arn ${arn}`}`;
      if (flags.timeline) process.stderr.write(`no timeline: ${hint}\n`);
      if (out.status === 'SUCCEEDED') {
        if (!flags.json) process.stdout.write(`${formatOutput(out.output, term.prettyOut)}\n`);
        return ExitCode.ok;
      }
      process.stderr.write(failureReport(out, undefined, hint));
      return new ExecutionError(isEnd(out.status) ? out.status : 'FAILED', '').exitCode;
    }
    const started = await ex.startExecution(aws, { stateMachineArn: arn, input: input.text, name });
    const spin = await spinner(term.spinner, `running ${target.label} (${name})`);
    const interrupt = ctrlC();
    let waited;
    try {
      waited = await ex.waitForExecution(aws, started.executionArn, { timeoutMs, signal: interrupt.signal });
    } catch (err) {
      if (err instanceof Interrupted) {
        spin.stop();
        process.stderr.write(`stopped waiting; the execution goes on: ${started.executionArn}\n  stop it with: stepf stop ${started.executionArn}\n`);
        return ExitCode.interrupted;
      }
      throw err;
    } finally {
      spin.stop();
      interrupt.dispose();
    }
    return await reportExecution(target, waited.execution, waited.gaveUp, flags, term);
  } finally {
    if (flags.verbose) process.stderr.write(`${aws.summary()}\n`);
  }
}

async function reportExecution(target: Target, d: DescribeExecutionOutput, gaveUp: boolean, flags: InvokeFlags, term: Terminal): Promise<number> {
  const ex = await import('../aws/executions.js');
  if (flags.json) process.stdout.write(resultJson(d));
  const arn = d.executionArn ?? '';
  const logsCmd = `stepf logs ${target.key ?? ''} --execution ${arn}`.replace(/\s+/g, ' ');
  if (gaveUp) {
    process.stderr.write(`execution ${d.name} is still RUNNING after --timeout ${flags.timeout}; stepf stopped waiting (the execution goes on)\n  follow it: ${logsCmd} --tail\n  stop it: stepf stop ${arn}\n`);
    return ExitCode.executionTimedOut;
  }
  const needHistory = flags.timeline || isEnd(d.status);
  const events = needHistory ? await ex.executionHistory(target.aws, arn) : [];
  if (flags.timeline) await printTimeline(events, term);
  if (d.status === 'SUCCEEDED') {
    if (!flags.json) process.stdout.write(`${formatOutput(d.output, term.prettyOut)}\n`);
    return ExitCode.ok;
  }
  const { failingState } = await import('../report/timeline.js');
  process.stderr.write(failureReport(d, failingState(events), `history: ${logsCmd}`));
  return new ExecutionError(isEnd(d.status) ? d.status : 'FAILED', '').exitCode;
}

async function runLocalInvoke(machine: string | undefined, flags: InvokeFlags, input: ExecutionInput, term: Terminal): Promise<number> {
  const [{ packageService }, { parseParams }, local] = await Promise.all([import('../pipeline.js'), import('./common.js'), import('../local/index.js')]);
  // No AWS: remote variables (${ssm:}, ${cf:}) are errors here, as in `stepf package`.
  const pkg = await packageService({ cwd: process.cwd(), stage: flags.stage, region: flags.region, config: flags.config, stackName: flags.stackName, params: parseParams(flags.param) });
  const summary = pickMachine(pkg.machines, machine, pkg.configFile);
  if (!summary.definition) throw new UsageError(`state machine ${summary.key} has no definition to run`);
  const mocks = await local.loadMocks({ mock: flags.mock, mocks: flags.mocks });
  const name = flags.name ?? `local-${Date.now()}`;
  const run = await local.runLocal(summary.definition, input.value, {
    mocks,
    context: { executionName: name, stateMachineName: summary.name ?? summary.key },
  });
  if (flags.json) {
    process.stdout.write(
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
    if (!flags.json) process.stdout.write(`${formatOutput(JSON.stringify(run.output ?? null), term.prettyOut)}\n`);
    return ExitCode.ok;
  }
  const { failingState } = await import('../report/timeline.js');
  process.stderr.write(failureReport({ name, status: run.status, error: run.error, cause: run.cause }, failingState(run.events), undefined));
  return new ExecutionError('FAILED', '').exitCode;
}
