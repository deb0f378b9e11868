// CloudWatch Logs of a state machine with loggingConfig (the only record EXPRESS executions leave):
// the log group from DescribeStateMachine, its events through FilterLogEvents, every page.
import type { FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import type { DescribeStateMachineOutput } from '@aws-sdk/client-sfn';
import { sdk, type AwsClients } from './clients.js';
import { call } from './explain.js';

/** `arn:aws:logs:us-east-1:123:log-group:/aws/vendedlogs/states/x:*` → `/aws/vendedlogs/states/x`. */
export function logGroupNameOfArn(arn: string): string {
  const m = /:log-group:(.+?)(?::\*)?$/.exec(arn);
  return m ? m[1] : arn;
}

/** The machine's log group, when logging is on (level other than OFF and a destination). */
export function machineLogGroup(machine: Pick<DescribeStateMachineOutput, 'loggingConfiguration'>): string | undefined {
  const lc = machine.loggingConfiguration;
  if (!lc || lc.level === 'OFF') return undefined;
  const arn = lc.destinations?.find((d) => d.cloudWatchLogsLogGroup?.logGroupArn)?.cloudWatchLogsLogGroup?.logGroupArn;
  return arn ? logGroupNameOfArn(arn) : undefined;
}

export interface LogQuery {
  logGroupName: string;
  /** CloudWatch Logs filter pattern syntax, e.g. `"FAILED"` or `{ $.type = "ExecutionFailed" }`. */
  filterPattern?: string;
  /** Epoch milliseconds. */
  startTime?: number;
  endTime?: number;
  /** Stop after this many events. */
  limit?: number;
}

/** Matching events, oldest first, across every page (up to `limit`). */
export async function filterLogEvents(aws: AwsClients, q: LogQuery): Promise<FilteredLogEvent[]> {
  const logs = await aws.cloudWatchLogs();
  const { FilterLogEventsCommand } = await sdk.cloudWatchLogs();
  const limit = q.limit ?? 10_000;
  const out: FilteredLogEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await call(
      'FilterLogEvents',
      () =>
        logs.send(
          new FilterLogEventsCommand({
            logGroupName: q.logGroupName,
            filterPattern: q.filterPattern,
            startTime: q.startTime,
            endTime: q.endTime,
            nextToken,
            limit: Math.min(10_000, limit - out.length),
          }),
        ),
    );
    out.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken && out.length < limit);
  return out.sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0)).slice(0, limit);
}

/** One log line for a person: time, and the message (a Step Functions log record is JSON: shown by its type and state). */
export function formatLogEvent(e: FilteredLogEvent): string {
  const t = new Date(e.timestamp ?? 0).toISOString().replace('T', ' ').slice(0, 23);
  const msg = (e.message ?? '').trimEnd();
  try {
    const rec = JSON.parse(msg) as { type?: string; details?: { name?: string; error?: string; cause?: string }; execution_arn?: string };
    if (rec && typeof rec === 'object' && rec.type) {
      const parts = [rec.type, rec.details?.name, rec.details?.error, rec.details?.cause].filter(Boolean);
      const exec = rec.execution_arn ? `  ${rec.execution_arn.split(':').pop()}` : '';
      return `${t}${exec}  ${parts.join('  ')}`;
    }
  } catch {
    // not a Step Functions record: shown as it is
  }
  return `${t}  ${msg}`;
}
