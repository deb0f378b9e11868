// The end of deploy, info and remove: what a person reads, and the --json shape a script reads.
import type { ChangeRow } from '../aws/events.js';
import type { DeployedMachine, Endpoint } from '../aws/deployed.js';
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
}

export interface DeployView extends StackView {
  result: 'up-to-date' | 'deployed' | 'change-set-created' | 'not-executed';
  /** For not-executed: what is left, and what the next deploy does with it. */
  left?: string;
  changeSetArn?: string;
  changes: ChangeRow[];
  elapsedMs: number;
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
          : `${p.green('✓')} deployed ${v.stackName} (${v.status}) in ${v.region}`;
  const lines = [head];
  if (v.result !== 'change-set-created' && v.result !== 'not-executed') lines.push(...tail(v, p, false));
  lines.push(`${p.dim(`done in ${seconds(v.elapsedMs)}`)}`);
  return `${lines.join('\n')}\n`;
}

export function deployJson(v: DeployView): Record<string, unknown> {
  return {
    ok: true,
    result: v.result,
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
    awsCalls: v.awsCalls,
  };
}

export function infoText(v: StackView, p: Palette = palette(false)): string {
  const lines = [
    `stack:   ${v.stackName} (${v.region}, stage ${v.stage})`,
    `status:  ${statusPaint(p, v.status ?? '')(v.status ?? 'unknown')}`,
    `updated: ${v.lastUpdated ?? 'unknown'}`,
    ...tail(v, p, true),
  ];
  return `${lines.join('\n')}\n`;
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
  };
}
