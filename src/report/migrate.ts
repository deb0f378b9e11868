// `stepf migrate` as a person reads it (the table of what moves, what cannot and why, where stepf's template
// differs from what is deployed, what to run next) and as data for --json.
import type { MigrationPlan, StackResourcesMove } from '../migrate/plan.js';
import type { Palette } from './colour.js';
import { plural } from '../util/plural.js';

export interface MigrateView {
  /** The plan (after a move in this run: the plan it followed). */
  plan: MigrationPlan;
  /** After a move in this run: the plan read back from both stacks. */
  after?: MigrationPlan;
  region: string;
  stage: string;
  notes: string[];
  /** After --execute: the path taken and what it did. */
  executed?: { path: 'refactor' | 'import'; id?: string; why?: string };
}

/** The differences shown per resource in text (--json has them all). */
const SHOWN_DIFFERENCES = 8;

function table(rows: string[][], indent = '  '): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => `${indent}${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')}`.trimEnd());
}

function clip(s: string, n = 100): string {
  const one = s.replace(/\s*\n\s*/g, ' ');
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}

/** Where a resources: entry is written: its config path, and the file of its `${file()}` part. */
function from(m: StackResourcesMove): string {
  return m.file ? `${m.from} (in ${m.file})` : m.from;
}

/** The commands to run after this one, in order. */
export function nextSteps(v: MigrateView): string[] {
  const { plan } = v;
  const stage = `--stage ${v.stage}`;
  const steps: string[] = [];
  if (!v.executed && !plan.nothingToMove) steps.push(`stepf migrate ${stage} --execute   # moves the resources marked move, replacing none`);
  const moves = plan.stackResourcesMove;
  if (moves.length) {
    const list = (ms: typeof moves) => ms.map((m) => `${from(m)} → ${m.to}`).join(', ');
    const copied = moves.filter((m) => m.copy);
    const moved = moves.filter((m) => !m.copy);
    steps.push(
      `in serverless.yml, move ${list(moved)}, unchanged${copied.length ? `; copy ${list(copied)} (an entry that stays uses ${copied.length === 1 ? 'it' : 'them'} too)` : ''}   # serverless deploy never reads custom.stepf, so it leaves ${moved.length === 1 ? 'it' : 'them'} to stepf's stack`,
    );
  }
  steps.push(`remove serverless-step-functions from plugins: in serverless.yml, then serverless deploy ${stage}   # a no-op on what moved${plan.unmovable.length ? '; deletes what cannot move' : ''}`);
  steps.push(`stepf deploy ${stage}   # creates what is marked create${plan.rows.some((r) => r.differences?.length) ? ' and applies the differences listed' : ''}`);
  return steps;
}

export function migrateText(v: MigrateView, p: Palette): string {
  const { plan } = v;
  const out: string[] = [];
  out.push(p.bold(`${v.executed ? 'Migrated' : 'Migration plan'}: ${plan.serverlessStack} → ${plan.stepfStack} (${v.region})`), '');
  if (v.executed) out.push(`  path taken: ${v.executed.path === 'refactor' ? 'stack refactor' : 'resource import (DeletionPolicy Retain, removed from the Serverless stack, IMPORT change set)'}${v.executed.id ? ` ${v.executed.id}` : ''}${v.executed.why ? ` (${v.executed.why})` : ''}`, '');
  if (plan.rows.length) {
    const rows = [['action', 'Serverless stack', '', "stepf's stack", 'type', 'physical ID']];
    for (const r of plan.rows) rows.push([r.action, r.from ?? '', r.from && r.to ? '→' : '', r.to ?? '', r.type.replace(/^AWS::/, ''), r.physicalId ?? (r.why ? `(${r.why})` : '')]);
    out.push(...table(rows), '');
  }
  const now = v.after ?? plan;
  if (v.after) {
    const count = (p: MigrationPlan, a: string) => p.rows.filter((r) => r.action === a).length;
    out.push(`  moved ${plural(count(plan, 'move'), 'resource')}; read back: ${count(now, 'done')} in ${now.stepfStack}, ${count(now, 'move')} still to move`, '');
  }
  if (now.nothingToMove) out.push(`  nothing of the plugin's is left to move${now.rows.some((r) => r.action === 'done') ? `: ${now.stepfStack} holds it` : ''}`, '');
  if (plan.unmovable.length) {
    out.push(p.yellow(`Cannot move (${plan.unmovable.length}); serverless deploy without the plugin deletes them:`));
    for (const u of plan.unmovable) {
      out.push(`  ${u.logicalId} (${u.type.replace(/^AWS::/, '')}${u.physicalId ? `, ${u.physicalId}` : ''}): ${u.reason}`);
      if (u.hint) out.push(`    hint: ${u.hint}`);
    }
    out.push('');
  }
  const differing = plan.rows.filter((r) => r.differences?.length);
  if (differing.length) {
    out.push(p.bold("stepf's template differs from what is deployed (the move keeps what is deployed; stepf deploy then makes these changes):"));
    for (const r of differing) {
      out.push(`  ${r.to}`);
      for (const d of r.differences!.slice(0, SHOWN_DIFFERENCES)) out.push(`    ${d.path}: ${p.red(clip(d.deployed))} → ${p.green(clip(d.stepf))}`);
      if (r.differences!.length > SHOWN_DIFFERENCES) out.push(`    … ${r.differences!.length - SHOWN_DIFFERENCES} more (--json lists them all)`);
    }
    out.push('');
  }
  if (plan.outputsLeaving.length) out.push(`Outputs leaving the Serverless stack: ${plan.outputsLeaving.join(', ')}`, '');
  if (plan.stackResourcesMove.length) {
    out.push(p.yellow("From serverless.yml's resources: into stepf's stack; serverless deploy reads that block too, so they go where it never reads:"));
    out.push(...table(plan.stackResourcesMove.map((m) => [from(m), '→', m.copy ? `${m.to} (copy: an entry that stays uses it too)` : m.to])), '');
  }
  for (const n of v.notes) out.push(`note: ${n}`);
  if (v.notes.length) out.push('');
  out.push('Next:', ...nextSteps(v).map((s, i) => `  ${i + 1}. ${s}`));
  return `${out.join('\n')}\n`;
}

export function migrateJson(v: MigrateView): Record<string, unknown> {
  return {
    ok: true,
    serverlessStack: v.plan.serverlessStack,
    stepfStack: v.plan.stepfStack,
    region: v.region,
    stage: v.stage,
    ...(v.executed ? { executed: v.executed } : {}),
    ...(v.after ? { after: { rows: v.after.rows, unmovable: v.after.unmovable, nothingToMove: v.after.nothingToMove } } : {}),
    rows: v.plan.rows,
    unmovable: v.plan.unmovable,
    outputsLeaving: v.plan.outputsLeaving,
    stackResourcesMove: v.plan.stackResourcesMove,
    nothingToMove: (v.after ?? v.plan).nothingToMove,
    notes: v.notes,
    next: nextSteps(v),
  };
}
