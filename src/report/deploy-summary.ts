// The end of deploy, info and remove: what a person reads, and the --json shape a script reads.
import type { ChangeRow } from '../aws/events.js';
import type { DeployedMachine, Endpoint } from '../aws/deployed.js';
import type { VersionsView } from '../aws/versions.js';
import { palette, statusPaint, type Palette } from './colour.js';

export interface StackView {
  stackName: string;
  region: string;
  stage: string;
  stackId?: string;
  status?: string;
  lastUpdated?: string;
  machines: DeployedMachine[];
  endpoints: Endpoint[];
  outputs: Record<string, string>;
  /** info: the versions and aliases of each machine with `versions: true`, by key. */
  versions?: Record<string, VersionsView>;
}

export interface DeployView extends StackView {
  result: 'up-to-date' | 'deployed' | 'change-set-created' | 'hotswapped' | 'not-executed';
  /** hotswapped: the machines updated directly; after an up-to-date change set: drifted machines put back. */
  hotswapped?: Array<{ logicalId: string; arn: string; updated: string[] }>;
  /** Why --hotswap deployed through a change set instead. */
  fellBackBecause?: string[];
  /** For not-executed: what is left, and what the next deploy does with it. */
  left?: string;
  changeSetArn?: string;
  changes: ChangeRow[];
  elapsedMs: number;
  /** The part of elapsedMs after packaging: reading the stack, applying the change, reading it back. */
  deployMs?: number;
  awsCalls: number;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

function machineLines(machines: DeployedMachine[], p: Palette, withLast: boolean): string[] {
  if (!machines.length) return ['  (none)'];
  const wk = Math.max(...machines.map((m) => m.key.length));
  return machines.map((m) => {
    const last = withLast
      ? m.lastExecution === null
        ? '  last execution: never run'
        : m.lastExecution
          ? `  last execution: ${statusPaint(p, m.lastExecution.status === 'SUCCEEDED' ? '_COMPLETE' : m.lastExecution.status === 'RUNNING' ? '_IN_PROGRESS' : 'FAILED')(m.lastExecution.status)}${m.lastExecution.startDate ? ` at ${m.lastExecution.startDate}` : ''}`
          : ''
      : '';
    return `  ${m.key.padEnd(wk)}  ${m.type.padEnd(8)}  ${m.arn ?? '(not in the stack)'}${last}`;
  });
}

function tail(v: StackView, p: Palette, withLast: boolean): string[] {
  const lines = ['state machines:', ...machineLines(v.machines, p, withLast)];
  if (v.endpoints.length) lines.push('endpoints:', ...v.endpoints.map((e) => `  ${e.method} - ${e.url}`));
  const outs = Object.entries(v.outputs);
  if (outs.length) lines.push('outputs:', ...outs.map(([k, val]) => `  ${k}: ${val}`));
  return lines;
}

export function deployText(v: DeployView, p: Palette = palette(false)): string {
  const head =
    v.result === 'up-to-date'
      ? `${p.green('✓')} stack ${v.stackName} is up to date (no changes)`
      : v.result === 'change-set-created'
        ? `change set created and not executed (--no-execute): ${v.changeSetArn}\n  execute it with: aws cloudformation execute-change-set --change-set-name ${v.changeSetArn}\n  or run stepf deploy again without --no-execute`
        : v.result === 'not-executed'
          ? `not executed (you answered no): ${v.left ?? `the change set is left for review (${v.changeSetArn})`}\n  execute it later with: aws cloudformation execute-change-set --change-set-name ${v.changeSetArn}`
          : v.result === 'hotswapped'
            ? v.hotswapped?.length
              ? `${p.green('✓')} hotswapped ${v.hotswapped.map((m) => `${m.logicalId} (${m.updated.join(', ')})`).join(', ')} in ${v.region}, without CloudFormation`
              : `${p.green('✓')} stack ${v.stackName} is up to date (no changes)`
            : `${p.green('✓')} deployed ${v.stackName} (${v.status}) in ${v.region}`;
  const lines = [head];
  if (v.result === 'hotswapped' && v.hotswapped?.length) lines.push(...driftLines(v.stackName, p));
  if (v.fellBackBecause?.length) lines.push(`${p.yellow('!')} --hotswap fell back to a change set: ${v.fellBackBecause.join('; ')}`);
  if (v.result !== 'hotswapped' && v.hotswapped?.length) lines.push(`put back the definition CloudFormation has for ${v.hotswapped.map((m) => m.logicalId).join(', ')} (it had drifted)`);
  if (v.result !== 'change-set-created' && v.result !== 'not-executed') lines.push(...tail(v, p, false));
  lines.push(`${p.dim(`done in ${seconds(v.elapsedMs)}`)}`);
  return `${lines.join('\n')}\n`;
}

/** What a hotswap leaves behind, said plainly (as the CDK does). */
export function driftLines(stackName: string, p: Palette = palette(false)): string[] {
  return [
    `${p.yellow('!')} stack ${stackName} has drifted: CloudFormation's template still holds the previous definition.`,
    '  The next `stepf deploy` (without --hotswap) brings CloudFormation back in line; until then `stepf diff`',
    "  compares against CloudFormation's template, not against what runs.",
  ];
}

export function deployJson(v: DeployView): Record<string, unknown> {
  return {
    ok: true,
    result: v.result,
    ...(v.hotswapped ? { hotswapped: v.hotswapped, drifted: v.result === 'hotswapped' && v.hotswapped.length > 0 } : {}),
    ...(v.fellBackBecause ? { fellBackBecause: v.fellBackBecause } : {}),
    stackName: v.stackName,
    stackId: v.stackId,
    stackStatus: v.status,
    region: v.region,
    stage: v.stage,
    changeSetArn: v.changeSetArn,
    changes: v.changes,
    machines: v.machines,
    endpoints: v.endpoints,
    outputs: v.outputs,
    elapsedMs: v.elapsedMs,
    ...(v.deployMs !== undefined ? { deployMs: v.deployMs } : {}),
    awsCalls: v.awsCalls,
  };
}

export function infoText(v: StackView, p: Palette = palette(false)): string {
  const lines = [
    `stack:   ${v.stackName} (${v.region}, stage ${v.stage})`,
    `status:  ${statusPaint(p, v.status ?? '')(v.status ?? 'unknown')}`,
    `updated: ${v.lastUpdated ?? 'unknown'}`,
    ...tail(v, p, true),
    ...versionLines(v.versions, p),
  ];
  return `${lines.join('\n')}\n`;
}

/** `orders: v8 latest (8 published)` and per alias `live: v7 90%, v8 10%, shifting, 3 min left; watching alarm ...`. */
function versionLines(versions: StackView['versions'], p: Palette): string[] {
  const entries = Object.entries(versions ?? {});
  if (!entries.length) return [];
  const lines = ['versions and aliases:'];
  for (const [key, v] of entries) {
    lines.push(`  ${key}: ${v.unavailable !== undefined ? `versions not listed (${v.unavailable})` : v.latest !== undefined ? `v${v.latest} latest (${v.count} published)` : 'no version published yet'}`);
    for (const a of v.aliases) {
      const routing = a.shifting ? p.yellow(a.routing) : a.routing;
      lines.push(`    ${a.name}: ${routing}${a.alarms.length ? `; watching ${a.alarms.length === 1 ? 'alarm' : 'alarms'} ${a.alarms.join(', ')}` : ''}`);
    }
    if (!v.aliases.length) lines.push('    (no alias deployed)');
  }
  return lines;
}

export function infoJson(v: StackView): Record<string, unknown> {
  return {
    ok: true,
    stackName: v.stackName,
    stackId: v.stackId,
    stackStatus: v.status,
    lastUpdated: v.lastUpdated,
    region: v.region,
    stage: v.stage,
    machines: v.machines,
    endpoints: v.endpoints,
    outputs: v.outputs,
    ...(v.versions ? { versions: v.versions } : {}),
  };
}
