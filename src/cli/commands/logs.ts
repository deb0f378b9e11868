// `stepf logs`: an execution's history (GetExecutionHistory) as a timeline, the newest by default;
// `--tail` follows it and each new execution; `--filter`/`--since` (and EXPRESS machines) read CloudWatch Logs.
import type { Command } from 'commander';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { ExitCode, Interrupted, UsageError, userError } from '../../errors.js';
import type { AwsClients } from '../../aws/clients.js';
import { createOutput, type Output } from '../../report/output.js';
import { action } from '../run.js';
import { sinceTime, withAwsOptions, type TargetFlags } from '../options.js';

export interface LogsFlags extends TargetFlags {
  execution?: string;
  last?: boolean;
  tail?: boolean;
  filter?: string;
  since?: string;
}

/** History events that end an execution, with the status they end it in. */
const END_STATUS: Record<string, string> = {
  ExecutionSucceeded: 'SUCCEEDED',
  ExecutionFailed: 'FAILED',
  ExecutionTimedOut: 'TIMED_OUT',
  ExecutionAborted: 'ABORTED',
};
const ENDS = new Set(Object.keys(END_STATUS));
const TAIL_POLL_MS = 1000;
const NEW_EXECUTION_POLL_MS = 2000;

interface Scope {
  out: Output;
  aws: AwsClients;
  machineArn: string;
  label: string;
  key?: string;
  type?: string;
}

async function scopeOf(machine: string | undefined, flags: LogsFlags): Promise<Scope> {
  if (flags.execution && !machine && !flags.arn) {
    const [{ regionOfArn, machineArnOfExecution }, { awsClientsFor }] = await Promise.all([import('../../aws/executions.js'), import('../target.js')]);
    const region = regionOfArn(flags.execution) ?? flags.region ?? process.env.AWS_REGION ?? 'us-east-1';
    const aws = await awsClientsFor(region, flags.profile, flags.verbose);
    const machineArn = machineArnOfExecution(flags.execution);
    return { out: createOutput(flags), aws, machineArn, label: machineArn.split(':').pop() ?? machineArn };
  }
  const { resolveTarget } = await import('../target.js');
  const t = await resolveTarget(flags, machine);
  return { out: createOutput(flags), aws: t.aws, machineArn: t.arn, label: t.label, key: t.key, type: t.summary?.type };
}

export async function runLogs(machine: string | undefined, flags: LogsFlags): Promise<number> {
  if (flags.execution && flags.last) throw new UsageError('--execution and --last both given', 'pass one of them');
  const fromLogs = flags.filter !== undefined || flags.since !== undefined;
  if (fromLogs && flags.execution) throw new UsageError('--filter and --since read CloudWatch Logs; --execution reads one execution\'s history', 'pass one or the other');
  const sinceMs = fromLogs ? sinceTime(flags.since, Date.now()) : undefined;
  const scope = await scopeOf(machine, flags);
  const { out } = scope;
  try {
    const ex = await import('../../aws/executions.js');
    let type = scope.type;
    if (!flags.execution && type === undefined && !fromLogs) type = (await ex.describeStateMachine(scope.aws, scope.machineArn)).type;
    if (fromLogs || type === 'EXPRESS' || flags.execution?.includes(':express:')) {
      // An EXPRESS execution keeps no history: its record is the log events that carry its ARN.
      const filter = flags.execution ? `"${flags.execution}"` : flags.filter;
      return await cloudWatchLogs(scope, { ...flags, filter }, sinceMs ?? Date.now() - 3_600_000);
    }
    if (flags.tail) return await tail(scope, flags);
    const executionArn = flags.execution ?? (await ex.lastExecution(scope.aws, scope.machineArn))?.executionArn;
    if (!executionArn) {
      out.note(`${scope.label} has no executions yet; start one with \`${scope.key ? `stepf invoke ${scope.key}` : 'stepf invoke'}\``);
      return ExitCode.ok;
    }
    const [d, events] = await Promise.all([ex.describeExecution(scope.aws, executionArn), ex.executionHistory(scope.aws, executionArn)]);
    if (flags.json) {
      const { $metadata: _m, ...execution } = d as typeof d & { $metadata?: unknown };
      out.json({ execution, events });
      return ExitCode.ok;
    }
    const [{ renderTimeline }, { colourWanted }, { executionHeader }] = await Promise.all([
      import('../../report/timeline.js'),
      import('../../report/colour.js'),
      import('../../report/execution.js'),
    ]);
    out.result(executionHeader(d));
    out.result(renderTimeline(events, { color: colourWanted(process.stdout), truncate: process.stdout.isTTY ? 120 : undefined }));
    return ExitCode.ok;
  } finally {
    out.debug(scope.aws.summary());
  }
}

/** Follows the given (or newest) execution, then every new one, until Ctrl-C. */
async function tail(scope: Scope, flags: LogsFlags): Promise<number> {
  const { out } = scope;
  const [ex, { renderTimeline }, { colourWanted }, { realClock }, { executionHeader }, { interruptSignal }] = await Promise.all([
    import('../../aws/executions.js'),
    import('../../report/timeline.js'),
    import('../../report/colour.js'),
    import('../../aws/poll.js'),
    import('../../report/execution.js'),
    import('../terminal.js'),
  ]);
  const colour = colourWanted(process.stdout);
  const interrupt = interruptSignal();
  // Executions that exist now are old news: only the one followed first, then those started later, are shown.
  const existing = await ex.listExecutions(scope.aws, scope.machineArn, { limit: 10 });
  const seen = new Set(existing.map((e) => e.executionArn ?? ''));
  let current = flags.execution ?? existing[0]?.executionArn;
  if (!current) out.note(`${scope.label} has no executions yet; waiting for one (Ctrl-C to stop)`);
  try {
    for (;;) {
      if (current) {
        seen.add(current);
        const d = await ex.describeExecution(scope.aws, current);
        if (!flags.json) out.result(executionHeader({ ...d, stopDate: undefined }));
        let printed = 0;
        let events: HistoryEvent[] = [];
        for (;;) {
          events = await ex.executionHistory(scope.aws, current);
          if (flags.json) {
            for (const e of events.slice(printed)) out.jsonLine({ executionArn: current, ...e });
            printed = events.length;
          } else {
            const lines = renderTimeline(events, { color: colour, truncate: process.stdout.isTTY ? 120 : undefined }).split('\n').filter(Boolean);
            for (const l of lines.slice(printed)) out.result(`${l}\n`);
            printed = lines.length;
          }
          if (events.some((e) => ENDS.has(e.type ?? ''))) break;
          await realClock.sleep(TAIL_POLL_MS, interrupt.signal);
        }
        if (!flags.json) {
          const end = events.find((e) => ENDS.has(e.type ?? ''));
          out.result(`execution ${current.split(':').pop()} ended: ${END_STATUS[end?.type ?? '']}\n\n`);
        }
        out.note(`waiting for new executions of ${scope.label} (Ctrl-C to stop)`);
      }
      // Wait for an execution this tail has not shown yet.
      current = undefined;
      while (!current) {
        await realClock.sleep(NEW_EXECUTION_POLL_MS, interrupt.signal);
        const recent = await ex.listExecutions(scope.aws, scope.machineArn, { limit: 10 });
        current = recent.filter((e) => e.executionArn && !seen.has(e.executionArn)).pop()?.executionArn;
      }
    }
  } catch (err) {
    if (err instanceof Interrupted) return ExitCode.interrupted;
    throw err;
  } finally {
    interrupt.dispose();
  }
}

async function cloudWatchLogs(scope: Scope, flags: LogsFlags, startTime: number): Promise<number> {
  const { out } = scope;
  const [ex, logs, { realClock }, { resultJson }, { interruptSignal }] = await Promise.all([
    import('../../aws/executions.js'),
    import('../../aws/logs.js'),
    import('../../aws/poll.js'),
    import('../../report/execution.js'),
    import('../terminal.js'),
  ]);
  const sm = await ex.describeStateMachine(scope.aws, scope.machineArn);
  const group = logs.machineLogGroup(sm);
  if (!group) {
    const express = sm.type === 'EXPRESS';
    throw userError(`${scope.label} sends no logs to CloudWatch Logs${express ? ', and EXPRESS executions keep no history' : ''}`, {
      code: 'no-logging',
      hint: `add loggingConfig: { level: ALL, includeExecutionData: true } to the machine in serverless.yml and deploy${express ? '' : ', or drop --filter/--since to read the execution history'}`,
    });
  }
  const show = (events: import('@aws-sdk/client-cloudwatch-logs').FilteredLogEvent[]) => {
    for (const e of events) {
      if (flags.json) out.jsonLine(e);
      else out.result(`${logs.formatLogEvent(e)}\n`);
    }
  };
  const first = await logs.filterLogEvents(scope.aws, { logGroupName: group, filterPattern: flags.filter, startTime });
  if (!flags.tail) {
    if (flags.json) out.result(resultJson({ logGroupName: group, events: first }));
    else if (!first.length) out.note(`no log events in ${group} since ${new Date(startTime).toISOString()}${flags.filter ? ` matching ${flags.filter}` : ''}`);
    else show(first);
    return ExitCode.ok;
  }
  show(first);
  const seen = new Set(first.map((e) => e.eventId));
  let from = Math.max(startTime, ...first.map((e) => e.timestamp ?? 0));
  const interrupt = interruptSignal();
  try {
    for (;;) {
      await realClock.sleep(NEW_EXECUTION_POLL_MS, interrupt.signal);
      const next = (await logs.filterLogEvents(scope.aws, { logGroupName: group, filterPattern: flags.filter, startTime: from })).filter((e) => !seen.has(e.eventId));
      for (const e of next) seen.add(e.eventId);
      from = Math.max(from, ...next.map((e) => e.timestamp ?? 0));
      show(next);
    }
  } catch (err) {
    if (err instanceof Interrupted) return ExitCode.interrupted;
    throw err;
  } finally {
    interrupt.dispose();
  }
}

export function registerLogs(program: Command): void {
  withAwsOptions(
    program
      .command('logs')
      .argument('[machine]', 'the state machine\'s key under stepFunctions.stateMachines (optional when there is one)')
      .description('show an execution\'s history as a timeline (the last one by default), or the machine\'s CloudWatch Logs'),
  )
    .option('--arn <arn>', 'a deployed state machine\'s ARN instead of a key (no serverless.yml needed)')
    .option('-e, --execution <arn>', 'the execution to show (default: the newest)')
    .option('--last', 'the newest execution (the default)')
    .option('-f, --tail', 'follow: new events of a running execution, then each new execution, until Ctrl-C')
    .option('--filter <pattern>', 'read CloudWatch Logs (machines with loggingConfig, EXPRESS machines) with this filter pattern')
    .option('--since <duration|time>', 'CloudWatch Logs from this long ago (e.g. 15m, 2h) or this ISO time (default 1h)')
    .action(action(runLogs));
}
