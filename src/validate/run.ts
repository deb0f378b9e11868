import type { Diagnostic } from '../errors.js';
import type { MachineModel } from '../compile/model.js';
import { machineLogicalId } from '../compile/naming.js';
import { validateDefinition } from './asl/index.js';
import { checkLogicalId, checkPseudoParameters, checkStateMachineName } from './names.js';

function logicalIdDiagnostics(m: MachineModel, base: string[]): Diagnostic[] {
  const id = machineLogicalId(m);
  if (m.id !== undefined) return checkLogicalId(id, [...base, 'id'], 'set id to letters and digits only, e.g. id: OrderWorkflow');
  if (m.name !== undefined) {
    return checkLogicalId(id, [...base, 'name'], `stepf derives the logical ID from name (as the plugin does): set id to letters and digits, e.g. id: ${id.replace(/[^A-Za-z0-9]/g, '') || 'MyStateMachine'}`);
  }
  return checkLogicalId(id, base, `stepf derives the logical ID from the key "${m.key}": rename the key, or set id to letters and digits`);
}

/** The checks package, deploy and validate all run on each machine; `asl: false` (--no-validate) skips the ASL part only. */
export function validateMachines(machines: MachineModel[], opts: { asl: boolean }): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const m of machines) {
    const basePath = ['stepFunctions', 'stateMachines', m.key];
    const nameProblems = m.name !== undefined ? checkStateMachineName(m.name, [...basePath, 'name']) : [];
    out.push(...nameProblems);
    // A bad name gives a bad logical ID too (unless id is set): one mistake, one message.
    if (nameProblems.length === 0 || m.id !== undefined) out.push(...logicalIdDiagnostics(m, basePath));
    for (const [k, v] of Object.entries(m)) if (k !== 'key') out.push(...checkPseudoParameters(v, [...basePath, k]));
    if (opts.asl) out.push(...validateDefinition(m.definition, { basePath: [...basePath, 'definition'], machineKey: m.key }));
  }
  return out;
}
