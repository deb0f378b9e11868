import { isDeepStrictEqual } from 'node:util';
import type { Diagnostic } from '../errors.js';
import { formatPath, UserError } from '../errors.js';
import { compileActivities } from './activities.js';
import { CrossStack } from './cross-stack.js';
import { getAttParts } from './intrinsics.js';
import { compileEventsAlarmsNotifications } from './events/index.js';
import type { ServiceModel } from './model.js';
import {
  activityLogicalId,
  machineLogGroupLogicalId,
  machineLogicalId,
  machineRoleLogicalId,
  machineSelfPolicyLogicalId,
} from './naming.js';
import { substitutePseudo } from './pseudo.js';
import { checkReferences } from './references.js';
import { compileStateMachine } from './state-machine.js';
import { versionLogicalIds } from './versions.js';
import type { CompileResult, MachineSummary, Template } from './types.js';

/** Logical IDs stepf's own stack defines, known before anything is compiled (for cross-stack decisions). */
export function ownLogicalIds(svc: Pick<ServiceModel, 'machines' | 'activities'>): Set<string> {
  const ids = new Set<string>();
  for (const m of svc.machines) {
    ids.add(machineLogicalId(m));
    if (m.role === undefined) {
      ids.add(machineRoleLogicalId(m));
      ids.add(machineSelfPolicyLogicalId(m));
    }
    if (m.loggingConfig) ids.add(machineLogGroupLogicalId(m));
    for (const id of versionLogicalIds(m)) ids.add(id);
  }
  for (const a of svc.activities) ids.add(activityLogicalId(a));
  return ids;
}

/**
 * Pure: the service in, stepf's CloudFormation template out. No AWS, no I/O. `own` is ownLogicalIds(svc),
 * given by a caller that needed it before compiling (to split `resources:`).
 */
export function compileService(svc: ServiceModel, own: ReadonlySet<string> = ownLogicalIds(svc)): CompileResult {
  const template: Template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `Step Functions state machines of ${svc.service} (${svc.stage}), deployed by stepf`,
    Resources: {},
  };
  const warnings: Diagnostic[] = [];
  const errors: Diagnostic[] = [];
  const ownIds = new Set([...own, ...Object.keys(svc.resources.Resources ?? {})]);
  const cross = new CrossStack({
    functions: svc.functions,
    serverlessResources: svc.serverlessResources,
    ownIds,
    serverlessStackName: svc.serverlessStackName,
  });

  const machines: MachineSummary[] = [];
  const seen = new Map<string, string>();
  for (const m of svc.machines) {
    const id = machineLogicalId(m);
    const other = seen.get(id);
    if (other !== undefined) {
      errors.push({
        severity: 'error',
        code: 'duplicate-logical-id',
        message: `state machines "${other}" and "${m.key}" both get the logical ID ${id}`,
        path: ['stepFunctions', 'stateMachines', m.key],
        hint: 'give one of them a different `id` or `name`',
      });
      continue;
    }
    seen.set(id, m.key);
    const r = compileStateMachine(svc, m, cross, template);
    machines.push(r.summary);
    warnings.push(...r.warnings);
  }
  const compiledMachines = svc.machines.filter((m) => machines.some((s) => s.key === m.key));
  const events = compileEventsAlarmsNotifications(svc, compiledMachines, cross, template);
  errors.push(...events.errors);
  warnings.push(...events.warnings);
  compileActivities(svc.activities, template);

  // `resources:` entries taken into stepf's stack, with their references into the Serverless stack rewritten.
  const origin = (section: string, id: string) => svc.resourceOrigin?.get(`${section}.${id}`) ?? ['resources', section, id];
  for (const section of ['Resources', 'Outputs', 'Conditions'] as const) {
    const entries = svc.resources[section] ?? {};
    for (const [id, value] of Object.entries(entries)) {
      const target = (template[section] ??= {}) as Record<string, unknown>;
      const path = origin(section, id);
      const written = formatPath(path);
      const own = cross.rewrite(value, { inDefinition: false, path });
      if (section === 'Outputs' && id in target) {
        // Users hand-write the Output stepf generates (`OrdersArn: Value: !Ref Orders`, often to Export it):
        // one output either way, theirs (with its Export and Description); a different Value wins too, said aloud.
        const generated = (target[id] as { Value?: unknown }).Value;
        if (!isDeepStrictEqual(machineArnAsRef((own as { Value?: unknown }).Value), generated)) {
          warnings.push({
            severity: 'warning',
            code: 'output-replaced',
            message: `${written} has the logical ID of the output stepf generates (${JSON.stringify(generated)}) with a different Value: yours is kept`,
            path,
            hint: `rename your output if you want both, or remove it to get stepf's`,
          });
        }
        target[id] = own;
        continue;
      }
      if (id in target) {
        errors.push({
          severity: 'error',
          code: 'duplicate-logical-id',
          message: `${written} has the same logical ID as one stepf generates`,
          path,
          hint: 'rename the resource, or set the state machine\'s `id` so the generated IDs differ',
        });
        continue;
      }
      target[id] = own;
    }
  }

  if (cross.parameters.size) {
    template.Parameters = {};
    for (const p of cross.parameters.values()) template.Parameters[p.name] = { Type: 'String', Description: p.description };
  }
  errors.push(...cross.problems);
  // `#{X}` everywhere, once: before the reference check, which reads the `${X}` it becomes.
  const final = substitutePseudo(template);
  if (errors.length === 0) {
    errors.push(
      ...checkReferences(final, (id) => {
        if (id.startsWith('output:')) return origin('Outputs', id.slice(7));
        const m = svc.machines.find((x) => machineLogicalId(x) === id || machineRoleLogicalId(x) === id);
        if (m) return ['stepFunctions', 'stateMachines', m.key];
        return origin('Resources', id);
      }),
    );
  }
  if (errors.length) throw new UserError(errors);
  return { template: final, machines, parameters: [...cross.parameters.values()], warnings };
}

/** `Fn::GetAtt [M, Arn]` of a state machine is its ARN, as `Ref M` is: the same output value. */
function machineArnAsRef(value: unknown): unknown {
  const parts = value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1 ? getAttParts((value as Record<string, unknown>)['Fn::GetAtt']) : undefined;
  return parts && parts[1] === 'Arn' ? { Ref: parts[0] } : value;
}
