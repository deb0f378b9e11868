// A worker thread of `stepf test`: runs the batches of cases it is sent, answers with their results.
import { parentPort, workerData } from 'node:worker_threads';
import { runCase } from './run-case.js';
import type { CaseSpec, MachineUnderTest } from './types.js';

const data = workerData as { machines: MachineUnderTest[]; caseTimeoutMs: number };
const machines = new Map(data.machines.map((m) => [m.key, m]));

parentPort!.on('message', (batch: Array<{ index: number; spec: CaseSpec }>) => {
  void (async () => {
    try {
      const results = [];
      for (const { index, spec } of batch) results.push({ index, result: await runCase(spec, machines.get(spec.machine)!, { caseTimeoutMs: data.caseTimeoutMs }) });
      parentPort!.postMessage({ results });
    } catch (err) {
      const e = err as Error;
      parentPort!.postMessage({ error: { message: e.message, stack: e.stack } });
    }
  })();
});
