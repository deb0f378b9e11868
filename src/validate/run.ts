import type { ConfigPath, Diagnostic } from '../errors.js';
import type { MachineModel } from '../compile/model.js';
import { machineLogicalId } from '../compile/naming.js';
import { validateDefinition } from './asl/index.js';
import { loadJsonataFor } from './asl/jsonata.js';
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
export async function validateMachines(machines: MachineModel[], opts: { asl: boolean }): Promise<Diagnostic[]> {
  if (opts.asl) await loadJsonataFor(machines.map((m) => m.definition));
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

function within(path: ConfigPath, base: ConfigPath): boolean {
  return base.every((seg, i) => path[i] === seg);
}

function readableDefinition(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * After schema errors, the machine keys that still read (none of `known` lies inside them) get the same
 * checks, so a bad `type:` does not hide a broken JSONPath until it is fixed: every error in one run.
 */
export async function validateReadableMachines(stateMachines: unknown, known: Diagnostic[], opts: { asl: boolean }): Promise<Diagnostic[]> {
  if (!stateMachines || typeof stateMachines !== 'object' || Array.isArray(stateMachines)) return [];
  const broken = known.filter((d) => d.severity === 'error' && d.path).map((d) => d.path!);
  const machines: MachineModel[] = [];
  for (const [key, raw] of Object.entries(stateMachines as Record<string, unknown>)) {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) continue;
    const readable: Record<string, unknown> = { key };
    for (const [field, value] of Object.entries(raw)) {
      if (broken.some((p) => within(p, ['stepFunctions', 'stateMachines', key, field]))) continue;
      readable[field] = field === 'definition' ? readableDefinition(value) : value;
    }
    if (readable.definition === undefined) continue;
    machines.push(readable as unknown as MachineModel);
  }
  return validateMachines(machines, opts);
}
