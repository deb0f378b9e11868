// `stepf redrive`: restart a failed standard execution from the states that did not succeed (RedriveExecution).
import { ExitCode } from '../errors.js';
import type { RedriveFlags } from './redrive.js';
import { executionTarget } from './stop-action.js';

export async function runRedrive(arg: string | undefined, flags: RedriveFlags): Promise<number> {
  const t = await executionTarget(arg, flags, 'FAILED', 'redrive');
  try {
    if ('none' in t) {
      process.stderr.write(`${t.none}: nothing to redrive\n`);
      return ExitCode.ok;
    }
    const { redriveExecution } = await import('../aws/executions.js');
    const redriveDate = await redriveExecution(t.aws, t.executionArn);
    if (flags.json) process.stdout.write(`${JSON.stringify({ executionArn: t.executionArn, redriveDate }, null, 2)}\n`);
    else process.stdout.write(`redriven ${t.executionArn}${redriveDate ? ` at ${redriveDate.toISOString()}` : ''}\n  follow it: stepf logs --execution ${t.executionArn} --tail\n`);
    return ExitCode.ok;
  } finally {
    if (flags.verbose) process.stderr.write(`${t.aws.summary()}\n`);
  }
}
