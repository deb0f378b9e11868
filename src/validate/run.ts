import type { Diagnostic } from '../errors.js';
import type { MachineModel } from '../compile/model.js';

/** The checks package, deploy and validate all run on each machine; `asl: false` (--no-validate) skips the ASL part only. */
export function validateMachines(machines: MachineModel[], opts: { asl: boolean }): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const m of machines) {
    const basePath = ['stepFunctions', 'stateMachines', m.key];
    // The ASL checks (validate/asl) plug in here.
    void opts;
    void basePath;
  }
  return out;
}
