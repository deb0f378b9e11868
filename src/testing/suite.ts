// Runs cases: in this process for small runs, else spread over worker threads (one per core), which
// take batches from a shared queue. Results come back in the cases' order whatever finished first.
import { availableParallelism } from 'node:os';
import { runCase, type RunCaseOptions } from './run-case.js';
import type { CaseResult, CaseSpec, MachineUnderTest } from './types.js';

export interface SuiteOptions extends RunCaseOptions {
  /** 1 runs in this process; default: one per core when there are enough cases to pay for starting them. */
  workers?: number;
  /** The worker script (dist/test-worker.js); without it, cases run in this process. */
  workerUrl?: URL;
  /** Called as each case ends (in completion order), for a live line per case. */
  onResult?: (r: CaseResult) => void;
}

/** Below this many cases a worker's start-up (about 40 ms) costs more than it saves (measured: README "stepf test"). */
export const PARALLEL_FROM = 200;

export function defaultWorkers(cases: number): number {
  return cases < PARALLEL_FROM ? 1 : Math.max(1, Math.min(availableParallelism(), Math.ceil(cases / 100)));
}

export async function runSuite(cases: CaseSpec[], machines: MachineUnderTest[], opts: SuiteOptions): Promise<CaseResult[]> {
  const workers = Math.min(opts.workers ?? defaultWorkers(cases.length), cases.length);
  if (workers <= 1 || !opts.workerUrl) return runHere(cases, machines, opts);
  return runInWorkers(cases, machines, workers, opts.workerUrl, opts);
}

async function runHere(cases: CaseSpec[], machines: MachineUnderTest[], opts: SuiteOptions): Promise<CaseResult[]> {
  const byKey = new Map(machines.map((m) => [m.key, m]));
  const out: CaseResult[] = [];
  for (const c of cases) {
    const r = await runCase(c, byKey.get(c.machine)!, opts);
    opts.onResult?.(r);
    out.push(r);
  }
  return out;
}

async function runInWorkers(cases: CaseSpec[], machines: MachineUnderTest[], n: number, url: URL, opts: SuiteOptions): Promise<CaseResult[]> {
  const { Worker } = await import('node:worker_threads');
  const results: CaseResult[] = new Array(cases.length);
  // Batches small enough to balance the load, large enough that messages cost little.
  const size = Math.max(1, Math.min(50, Math.ceil(cases.length / (n * 4))));
  let next = 0;
  const take = (): Array<{ index: number; spec: CaseSpec }> => {
    const batch = cases.slice(next, next + size).map((spec, i) => ({ index: next + i, spec }));
    next += batch.length;
    return batch;
  };
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const w = new Worker(url, { workerData: { machines, caseTimeoutMs: opts.caseTimeoutMs } });
      const send = () => {
        const batch = take();
        if (batch.length) w.postMessage(batch);
        else void w.terminate().then(() => resolve());
      };
      w.on('message', (msg: { results?: Array<{ index: number; result: CaseResult }>; error?: { message: string; stack?: string } }) => {
        if (msg.error) {
          void w.terminate();
          reject(Object.assign(new Error(msg.error.message), { stack: msg.error.stack }));
          return;
        }
        for (const { index, result } of msg.results ?? []) {
          results[index] = result;
          opts.onResult?.(result);
        }
        send();
      });
      w.on('error', reject);
      w.on('online', send);
    });
  await Promise.all(Array.from({ length: n }, one));
  return results;
}
