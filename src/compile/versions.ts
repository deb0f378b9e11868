import { didYouMean } from '../util/did-you-mean.js';
import { ALARM_METRICS } from './alarms.js';
import { error, type EventContext, isObject, machinePath } from './events/common.js';
import type { MachineModel } from './model.js';
import { alarmLogicalId, machineAliasLogicalId, machineAliasOutputKey, machineLogicalId, machineVersionLogicalId } from './naming.js';

/**
 * `versions: true` and `aliases` (issue 15): an `AWS::StepFunctions::StateMachineVersion` published whenever
 * the machine's revision changes, and per alias an `AWS::StepFunctions::StateMachineAlias` that points at the
 * newest version, at once or through a DeploymentPreference (CANARY, LINEAR, ALL_AT_ONCE) under which
 * CloudFormation shifts traffic and rolls back when one of the named alarms fires.
 */

const ALARM = 'AWS::CloudWatch::Alarm';
/** PublishStateMachineVersion takes at most 256 characters (CloudFormation's own limit is larger). */
const DESCRIPTION_MAX = 256;

/** The names in `aliases[].deployment.alarms` that are not metric names: logical IDs of `resources:` alarms. */
export function deploymentAlarmIds(machines: MachineModel[]): Set<string> {
  const ids = new Set<string>();
  for (const m of machines) {
    for (const a of m.aliases ?? []) for (const name of a.deployment?.alarms ?? []) if (!(name in ALARM_METRICS)) ids.add(name);
  }
  return ids;
}

/** Logical IDs of the versions and aliases a machine gets (known before compiling, for cross-stack decisions). */
export function versionLogicalIds(m: MachineModel): string[] {
  if (m.versions !== true) return [];
  return [machineVersionLogicalId(m), ...(m.aliases ?? []).map((a) => machineAliasLogicalId(m, a.name))];
}

/** The logical ID of the machine's alarm on this metric, if its `alarms:` has one. */
function machineAlarmId(m: MachineModel, metric: keyof typeof ALARM_METRICS): string | undefined {
  const metrics = m.alarms?.metrics ?? [];
  for (const item of metrics) {
    if (item === metric) return alarmLogicalId(m, ALARM_METRICS[metric].cw);
    if (isObject(item) && item.metric === metric) return typeof item.logicalId === 'string' ? item.logicalId : alarmLogicalId(m, ALARM_METRICS[metric].cw);
  }
  return undefined;
}

function alarmIds(r: Record<string, { Type?: unknown }> | undefined): string[] {
  return Object.entries(r ?? {}).filter(([, v]) => v.Type === ALARM).map(([id]) => id);
}

/** An alarm name of `deployment.alarms` → `Ref` of the alarm (its name), or an error with the nearest candidate. */
function alarmRef(ctx: EventContext, m: MachineModel, name: string, path: Array<string | number>): { Ref: string } | undefined {
  if (name in ALARM_METRICS) {
    const id = machineAlarmId(m, name as keyof typeof ALARM_METRICS);
    if (id) return { Ref: id };
    error(
      ctx,
      path,
      `the alarm "${name}" names a metric this state machine has no alarm on`,
      `add ${name} to ${machinePath(m, 'alarms', 'metrics').join('.')} (with topics), or name an ${ALARM} of resources: by its logical ID`,
      'unknown-alarm',
    );
    return undefined;
  }
  const taken = ctx.svc.resources.Resources?.[name];
  const made = ctx.template.Resources[name];
  const found = taken ?? made;
  if (found) {
    if (found.Type === ALARM) return { Ref: name };
    error(ctx, path, `"${name}" is an ${String(found.Type)}, not an ${ALARM}`, 'name an alarm: one of the machine\'s alarms by metric, or an alarm of resources: by its logical ID', 'unknown-alarm');
    return undefined;
  }
  const own = (m.alarms?.metrics ?? []).map((x) => (typeof x === 'string' ? x : x.metric));
  const candidates = [...own, ...alarmIds(ctx.svc.resources.Resources), ...alarmIds(ctx.svc.serverlessResources), ...alarmIds(ctx.template.Resources)];
  const near = didYouMean(name, candidates);
  error(
    ctx,
    path,
    `the alarm "${name}" is neither one of this state machine's alarms nor an ${ALARM} of resources:`,
    near ? `did you mean "${near}"?` : candidates.length ? `alarms here: ${[...new Set(candidates)].join(', ')}` : `name a metric of the machine's alarms: (${Object.keys(ALARM_METRICS).join(', ')}) or the logical ID of an ${ALARM} under resources.Resources`,
    'unknown-alarm',
  );
  return undefined;
}

/** The version and aliases of one machine, and the aliases' ARNs as Outputs. */
export function compileVersions(ctx: EventContext, m: MachineModel): void {
  if (m.versions !== true) return;
  const smId = machineLogicalId(m);
  const versionId = machineVersionLogicalId(m);
  const description = ctx.svc.versionDescription?.trim().slice(0, DESCRIPTION_MAX);
  ctx.template.Resources[versionId] = {
    Type: 'AWS::StepFunctions::StateMachineVersion',
    // Replaced whenever the machine's revision changes: the old version stays, so an alias can still route
    // to it during a shift and `stepf rollback` can return to it. A republished revision is the same version.
    DeletionPolicy: 'Retain',
    UpdateReplacePolicy: 'Retain',
    Properties: {
      StateMachineArn: { Ref: smId },
      StateMachineRevisionId: { 'Fn::GetAtt': [smId, 'StateMachineRevisionId'] },
      ...(description ? { Description: description } : {}),
    },
  };
  const version = { Ref: versionId };
  (m.aliases ?? []).forEach((a, i) => {
    const path = machinePath(m, 'aliases', i);
    const d = a.deployment;
    const alarms = (d?.alarms ?? []).map((name, j) => alarmRef(ctx, m, name, [...path, 'deployment', 'alarms', j]));
    if (alarms.some((x) => x === undefined)) return;
    const unique = [...new Map(alarms.map((x) => [x!.Ref, x!])).values()];
    const id = machineAliasLogicalId(m, a.name);
    ctx.template.Resources[id] = {
      Type: 'AWS::StepFunctions::StateMachineAlias',
      Properties: {
        Name: a.name,
        ...(d
          ? {
              DeploymentPreference: {
                StateMachineVersionArn: version,
                Type: d.type,
                ...(d.percentage !== undefined ? { Percentage: d.percentage } : {}),
                ...(d.interval !== undefined ? { Interval: d.interval } : {}),
                ...(unique.length ? { Alarms: unique } : {}),
              },
            }
          : { RoutingConfiguration: [{ StateMachineVersionArn: version, Weight: 100 }] }),
      },
    };
    if (!ctx.svc.noOutput) {
      ctx.template.Outputs ??= {};
      ctx.template.Outputs[machineAliasOutputKey(m, a.name)] = { Description: `Alias ${a.name} of the state machine`, Value: { Ref: id } };
    }
  });
}
