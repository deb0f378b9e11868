import { CrossStack } from '../../../src/compile/cross-stack.js';
import { compileEventsAlarmsNotifications } from '../../../src/compile/events/index.js';
import type { MachineModel, ServiceModel } from '../../../src/compile/model.js';
import { machineLogicalId } from '../../../src/compile/naming.js';
import { substitutePseudo } from '../../../src/compile/pseudo.js';
import { checkReferences } from '../../../src/compile/references.js';
import type { Template } from '../../../src/compile/types.js';
import type { Diagnostic } from '../../../src/errors.js';

export const DEFINITION = { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } };

/** A machine as compile takes it; `events`, `alarms` and `notifications` as these tests write them, standing in for the schema's output. */
export function machine(key: string, extra: Omit<Partial<MachineModel>, 'events' | 'alarms' | 'notifications'> & { events?: unknown[]; alarms?: unknown; notifications?: unknown } = {}): MachineModel {
  return { key, definition: DEFINITION, ...extra } as MachineModel;
}

export function service(machines: MachineModel[], extra: Partial<ServiceModel> = {}): ServiceModel {
  return {
    service: 'orders',
    stage: 'dev',
    region: 'us-east-1',
    stackName: 'orders-dev-stepf',
    serverlessStackName: 'orders-dev',
    provider: {},
    functions: [],
    machines,
    activities: [],
    noOutput: false,
    resources: {},
    serverlessResources: {},
    ...extra,
  };
}

export interface Compiled {
  template: Template;
  errors: Diagnostic[];
  warnings: Diagnostic[];
  /** checkReferences on the result: every Ref/GetAtt/${} names something. */
  referenceProblems: Diagnostic[];
  r: (id: string) => Record<string, unknown>;
}

/**
 * Compiles events/alarms/notifications with stand-in state machines (the machine compiler is tested elsewhere),
 * ending as compileService does: `#{X}` substituted in one pass, then the reference check.
 */
export function compile(svc: ServiceModel): Compiled {
  const built: Template = { AWSTemplateFormatVersion: '2010-09-09', Resources: {} };
  for (const m of svc.machines) {
    built.Resources[machineLogicalId(m)] = { Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionString: JSON.stringify(DEFINITION), RoleArn: 'arn:aws:iam::123456789012:role/x' } };
  }
  for (const [id, r] of Object.entries(svc.resources.Resources ?? {})) built.Resources[id] = r as unknown as Template['Resources'][string];
  const ownIds = new Set(Object.keys(built.Resources));
  const cross = new CrossStack({ functions: svc.functions, serverlessResources: svc.serverlessResources, ownIds, serverlessStackName: svc.serverlessStackName });
  const { errors, warnings } = compileEventsAlarmsNotifications(svc, svc.machines, cross, built);
  errors.push(...cross.problems);
  if (cross.parameters.size) {
    built.Parameters = {};
    for (const p of cross.parameters.values()) built.Parameters[p.name] = { Type: 'String' };
  }
  const template = substitutePseudo(built);
  const referenceProblems = checkReferences(template, (id) => [id]);
  const r = (id: string) => {
    const res = template.Resources[id];
    if (!res) throw new Error(`no resource ${id}; have ${Object.keys(template.Resources).join(', ')}`);
    return res as unknown as Record<string, unknown>;
  };
  return { template, errors, warnings, referenceProblems, r };
}

/** Compiles and expects no error and no broken reference. */
export function compileOk(svc: ServiceModel): Compiled {
  const c = compile(svc);
  if (c.errors.length) throw new Error(`unexpected errors: ${JSON.stringify(c.errors, null, 2)}`);
  if (c.referenceProblems.length) throw new Error(`broken references: ${JSON.stringify(c.referenceProblems, null, 2)}`);
  return c;
}

export function props(c: Compiled, id: string): Record<string, any> {
  return c.r(id).Properties as Record<string, any>;
}
