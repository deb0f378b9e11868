// Conformance of stepf's local interpreter with moto's own Step Functions interpreter, on the fixtures'
// definitions: each machine moto can run is deployed with `stepf deploy` (through scripts/moto-launcher.py,
// so stack-made machines run), executed by moto, and run again locally with the Task results moto's run
// produced as mocks; both must end the same way, with the same output (or error and cause) and the same
// states entered (in the same order, but for states of concurrent Parallel branches). moto runs Lambda tasks only with Docker, which these machines lack, so
// machines with Lambda tasks (hello, s3-trigger, sample-app, features, task-options) are not compared, nor
// distributed-map (an ItemReader, which the local run refuses by name), nor events-alarms-notifications (its
// notification rules target Lambda functions of the Serverless stack, which does not exist in moto).
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient, StartExecutionCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runLocal } from '../../src/local/index.js';
import type { MockOutcome } from '../../src/local/types.js';
import { packageService } from '../../src/pipeline.js';
import { repoRoot, runCliAsync } from '../support/cli.js';
import { useEmulator } from '../support/emulator.js';

/** Fixtures whose machines moto runs, and the inputs each machine is run with. */
const CASES: Record<string, Record<string, unknown[]>> = {
  demo: {
    orders: [JSON.parse(readFileSync(join(repoRoot, 'fixtures', 'demo', 'input.json'), 'utf8')), { orderId: 'o-2', items: [] }],
  },
  standalone: { pipeline: [{ ok: true, message: 'hello' }, { ok: false }] },
  'string-definition': { fromFile: [{ a: 1 }], fromString: [{}] },
  'events-schedule': { nightly: [{ x: [1, 2] }], 'custom-role': [{}] },
};

const emu = useEmulator();
let sfn: SFNClient;
const deployed = new Map<string, { arn: string; definition: Record<string, unknown> }>();
const dirs = new Map<string, string>();

beforeAll(async () => {
  sfn = emu.client(SFNClient);
  for (const fixture of Object.keys(CASES)) {
    const dir = mkdtempSync(join(tmpdir(), `stepf-conf-${fixture}-`));
    dirs.set(fixture, dir);
    cpSync(join(repoRoot, 'fixtures', fixture), dir, { recursive: true });
    // A short stack name: moto names unnamed machines <stack>-<LogicalId>-<12 chars>, at most 80 characters.
    const r = await runCliAsync(['deploy', '--stage', 'conf', '--yes', '--json', '--stack-name', `conf-${dirs.size - 1}`], { cwd: dir, env: emu.cliEnv() });
    expect(r.code, `${fixture}: ${r.stderr}`).toBe(0);
    const machines = (JSON.parse(r.stdout) as { machines: Array<{ key: string; arn: string }> }).machines;
    const pkg = await packageService({ cwd: dir, stage: 'conf' });
    for (const m of machines) deployed.set(`${fixture}/${m.key}`, { arn: m.arn, definition: pkg.machines.find((s) => s.key === m.key)!.definition! });
  }
}, 240_000);

let runs = 0;
async function runOnMoto(arn: string, input: unknown): Promise<{ status: string; output?: unknown; error?: string; cause?: string; events: HistoryEvent[] }> {
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: JSON.stringify(input), name: `conf-${++runs}-${Date.now()}` }));
  for (let i = 0; i < 400; i++) {
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (d.status !== 'RUNNING') {
      const events = (await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];
      const failed = events.find((e) => e.type === 'ExecutionFailed')?.executionFailedEventDetails;
      return { status: d.status!, output: d.output === undefined ? undefined : JSON.parse(d.output), error: d.error ?? failed?.error, cause: d.cause ?? failed?.cause, events };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`execution ${executionArn} did not end`);
}

const entered = (events: HistoryEvent[]) => events.filter((e) => e.type?.endsWith('StateEntered')).map((e) => e.stateEnteredEventDetails!.name!);

/** What each Task state answered in moto's run, in order: the mocks of the local run. */
function taskOutcomes(events: HistoryEvent[]): Record<string, MockOutcome[]> {
  const byId = new Map(events.map((e) => [e.id, e]));
  const out: Record<string, MockOutcome[]> = {};
  for (const e of events) {
    const ok = e.taskSucceededEventDetails;
    const bad = e.taskFailedEventDetails;
    if (!ok && !bad) continue;
    let p = byId.get(e.previousEventId);
    while (p && p.type !== 'TaskStateEntered') p = byId.get(p.previousEventId);
    const state = p!.stateEnteredEventDetails!.name!;
    (out[state] ??= []).push(ok ? { result: JSON.parse(ok.output ?? 'null') } : { error: bad!.error ?? '', cause: bad!.cause ?? '' });
  }
  return out;
}

describe('the local interpreter agrees with moto\'s on the fixtures\' definitions', () => {
  const all = Object.entries(CASES).flatMap(([fixture, machines]) => Object.entries(machines).flatMap(([key, inputs]) => inputs.map((input, i) => ({ fixture, key, input, i }))));
  it.each(all)('$fixture/$key, input $i: same status, output or error, and states entered', async ({ fixture, key, input }) => {
    const m = deployed.get(`${fixture}/${key}`);
    expect(m, `${fixture}/${key} was deployed`).toBeDefined();
    const moto = await runOnMoto(m!.arn, input);
    const local = await runLocal(m!.definition, input, { outcomes: taskOutcomes(moto.events) });
    expect(local.status).toBe(moto.status);
    if (moto.status === 'SUCCEEDED') expect(local.output).toEqual(moto.output);
    else expect({ error: local.error, cause: local.cause }).toEqual({ error: moto.error, cause: moto.cause });
    // moto runs Parallel branches on threads, so states of different branches interleave in either order:
    // the states entered must be the same, and those of the machine's own States in the same order.
    const top = new Set(Object.keys((m!.definition as { States: Record<string, unknown> }).States));
    const topOrder = (events: HistoryEvent[]) => entered(events).filter((n) => top.has(n));
    expect([...entered(local.events)].sort()).toEqual([...entered(moto.events)].sort());
    expect(topOrder(local.events)).toEqual(topOrder(moto.events));
  }, 60_000);
});

describe('stepf test --remote against moto (moto has no TestState)', () => {
  it('reads the deployed machine by its key, then says the endpoint lacks TestState and what to run instead (exit 3)', async () => {
    const stack = `conf-${Object.keys(CASES).indexOf('demo')}`;
    const r = await runCliAsync(['test', 'orders', '--remote', 'CheckOrder', '--data', '{"items":[]}', '--stage', 'conf', '--stack-name', stack], {
      cwd: dirs.get('demo')!,
      env: emu.cliEnv(),
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`error: TestState: the endpoint ${emu.endpoint} does not implement TestState\n  hint: stepf test --remote needs AWS itself; run the machine here with \`stepf test\` instead\n`);
  });
});
