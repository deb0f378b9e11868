// Pure: what a deploy does to the versions and aliases of machines with `versions: true`, read from the two
// templates: whether a new version is published (the machine changed, so its revision does), and how each
// alias moves to it (at once, or by its DeploymentPreference with the alarms it watches).
import type { Resource, Template } from '../compile/types.js';
import type { ResourceChange } from './index.js';

export interface AliasMove {
  alias: string;
  change: 'added' | 'removed' | 'modified' | 'moves' | 'unchanged';
  /** `CANARY: 10%, the rest after 5 min`, `LINEAR: 20% every 10 min`, `at once`. */
  how: string;
  alarms: string[];
}

export interface VersionChange {
  machine: string;
  /** publishes: a new version; none: the machine is unchanged; stops: `versions` was turned off. */
  version: 'publishes' | 'none' | 'stops';
  aliases: AliasMove[];
}

const VERSION = 'AWS::StepFunctions::StateMachineVersion';
const ALIAS = 'AWS::StepFunctions::StateMachineAlias';

const ref = (v: unknown): string | undefined => (v && typeof v === 'object' ? (v as { Ref?: string }).Ref : undefined);

function versionsByMachine(t: Template | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, r] of Object.entries(t?.Resources ?? {})) if (r.Type === VERSION) out.set(ref(r.Properties?.StateMachineArn) ?? '', id);
  return out;
}

function aliasesOf(t: Template | undefined, versionId: string | undefined): Array<[string, Resource]> {
  return Object.entries(t?.Resources ?? {}).filter(([, r]) => {
    if (r.Type !== ALIAS) return false;
    const p = r.Properties ?? {};
    const v = ref((p.DeploymentPreference as { StateMachineVersionArn?: unknown } | undefined)?.StateMachineVersionArn) ?? ref((p.RoutingConfiguration as Array<{ StateMachineVersionArn?: unknown }> | undefined)?.[0]?.StateMachineVersionArn);
    return versionId !== undefined && v === versionId;
  });
}

function how(r: Resource): { how: string; alarms: string[] } {
  const d = r.Properties?.DeploymentPreference as { Type?: string; Percentage?: number; Interval?: number; Alarms?: unknown[] } | undefined;
  const alarms = (d?.Alarms ?? []).map((a) => ref(a) ?? String(a));
  if (!d || d.Type === 'ALL_AT_ONCE') return { how: 'at once', alarms };
  if (d.Type === 'CANARY') return { how: `CANARY: ${d.Percentage}% first, the rest after ${d.Interval} min`, alarms };
  return { how: `LINEAR: ${d.Percentage}% more every ${d.Interval} min`, alarms };
}

export function diffVersions(deployed: Template | undefined, next: Template, resources: ResourceChange[]): VersionChange[] {
  const before = versionsByMachine(deployed);
  const after = versionsByMachine(next);
  const changed = new Set(resources.map((r) => r.logicalId));
  const out: VersionChange[] = [];
  for (const machine of new Set([...before.keys(), ...after.keys()])) {
    const vNext = after.get(machine);
    const vPrev = before.get(machine);
    if (!vNext) {
      out.push({ machine, version: 'stops', aliases: aliasesOf(deployed, vPrev).map(([, r]) => ({ alias: String(r.Properties?.Name), change: 'removed', how: '', alarms: [] })) });
      continue;
    }
    // The version follows the machine's revision: any change to the machine (or a new version resource) publishes.
    const publishes = !deployed || !vPrev || changed.has(machine);
    const prevAliases = new Map(aliasesOf(deployed, vPrev).map(([id, r]) => [id, r]));
    const aliases: AliasMove[] = aliasesOf(next, vNext).map(([id, r]) => {
      const change = !prevAliases.has(id) ? 'added' : changed.has(id) ? 'modified' : publishes ? 'moves' : 'unchanged';
      return { alias: String(r.Properties?.Name), change, ...how(r) };
    });
    for (const [id, r] of prevAliases) if (!next.Resources[id]) aliases.push({ alias: String(r.Properties?.Name), change: 'removed', how: '', alarms: [] });
    if (publishes || aliases.some((a) => a.change !== 'unchanged')) out.push({ machine, version: publishes ? 'publishes' : 'none', aliases });
  }
  return out;
}

/** One line per machine and one per alias, for `stepf diff`. */
export function versionChangeLines(changes: VersionChange[]): string[] {
  const lines: string[] = [];
  for (const c of changes) {
    lines.push(`  ${c.machine}: ${c.version === 'publishes' ? 'publishes a new version' : c.version === 'stops' ? 'stops publishing versions (the published ones stay)' : 'no new version'}`);
    for (const a of c.aliases) {
      const watch = a.alarms.length ? `; rolls back on ${a.alarms.length === 1 ? 'alarm' : 'alarms'} ${a.alarms.join(', ')}` : '';
      const what =
        a.change === 'removed' ? 'is removed'
        : a.change === 'added' ? `is created on the new version`
        : a.change === 'moves' ? `moves to the new version (${a.how})`
        : a.change === 'modified' ? `changes${c.version === 'publishes' ? ' and moves to the new version' : ''} (${a.how})`
        : 'stays';
      lines.push(`    ${a.alias} ${what}${a.change === 'removed' ? '' : watch}`);
    }
  }
  return lines;
}
