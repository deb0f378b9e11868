// Pure: where an alias stands in a gradual deployment (CloudFormation's DeploymentPreference), from its
// routing as DescribeStateMachineAlias gives it, and how that reads: `v7 90%, v8 10%, shifting, 3 min left`.
import type { AliasRouting } from './versions.js';

export interface DeploymentPreference {
  type: 'ALL_AT_ONCE' | 'CANARY' | 'LINEAR' | string;
  percentage?: number;
  interval?: number;
}

export interface Shift {
  /** The version executions move away from, and the one they move to (the newer). */
  from: number;
  to: number;
  /** The share of executions the new version has now. */
  percent: number;
  /** Minutes until the last step, when the deployment preference is known. */
  minutesLeft?: number;
}

/** An alias routing to two versions is part-way: the newer one is where a deployment moves it. */
export function shiftOf(routing: AliasRouting, pref: DeploymentPreference | undefined, now: Date): Shift | undefined {
  if (routing.routes.length !== 2) return undefined;
  const [a, b] = [...routing.routes].sort((x, y) => x.version - y.version);
  const shift: Shift = { from: a.version, to: b.version, percent: b.weight };
  if (pref?.interval && (pref.type === 'CANARY' || (pref.type === 'LINEAR' && pref.percentage))) {
    // Each step waits `interval` minutes from the last routing change (the alias's updateDate).
    const steps = pref.type === 'CANARY' ? 1 : Math.ceil((100 - b.weight) / pref.percentage!);
    const since = routing.updated ? (now.getTime() - routing.updated.getTime()) / 60000 : 0;
    shift.minutesLeft = Math.max(0, Math.ceil(steps * pref.interval - since));
  }
  return shift;
}

/** `v7 90%, v8 10%` (oldest first), with `, shifting, 3 min left` while a deployment moves it. */
export function routingText(routing: AliasRouting, shift?: Shift, shifting = false): string {
  const routes = [...routing.routes].sort((x, y) => x.version - y.version).map((r) => `v${Number.isNaN(r.version) ? '?' : r.version} ${r.weight}%`);
  if (!shift || !shifting) return routes.join(', ');
  return `${routes.join(', ')}, shifting${shift.minutesLeft !== undefined ? `, ${shift.minutesLeft} min left` : ''}`;
}

/** The DeploymentPreference of an alias resource in a template, read back into the config's terms. */
export function preferenceOf(resource: { Properties?: Record<string, unknown> } | undefined): DeploymentPreference | undefined {
  const p = resource?.Properties?.DeploymentPreference as { Type?: string; Percentage?: number; Interval?: number } | undefined;
  if (!p?.Type) return undefined;
  return { type: p.Type, ...(p.Percentage !== undefined ? { percentage: p.Percentage } : {}), ...(p.Interval !== undefined ? { interval: p.Interval } : {}) };
}
