// `stepf diff` as a reviewer reads it (IAM first, then resources with their properties, a state machine's
// definition as states and a unified diff), and as data for --json.
import { versionChangeLines } from '../diff/versions.js';
import { sectionLabel, type PropertyChange, type ResourceChange, type TemplateDiff } from '../diff/index.js';
import { show } from '../diff/values.js';
import { palette, type Palette } from './colour.js';

export interface DiffView {
  stackName: string;
  region: string;
  stage: string;
  diff: TemplateDiff;
  /** Machines whose live definition is not the one in CloudFormation's template (hotswapped, or edited by hand). */
  drifted: string[];
}

const MARK = { added: '+', removed: '-', modified: '~' } as const;

function paint(p: Palette, change: 'added' | 'removed' | 'modified') {
  return change === 'added' ? p.green : change === 'removed' ? p.red : p.yellow;
}

function table(rows: string[][], indent = '  '): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => `${indent}${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')}`.trimEnd());
}

function iamLines(v: DiffView, p: Palette): string[] {
  if (!v.diff.iam.length) return [];
  const rows = [['', 'Holder', 'Effect', 'Actions', 'Resources']];
  const marks: Array<'added' | 'removed'> = [];
  for (const s of v.diff.iam) {
    const holder = `${s.holder} (${s.where})`;
    const actions = s.principal ? `principal ${s.principal}: ${s.actions.join(', ')}` : s.actions.join(', ');
    rows.push([MARK[s.change], holder, s.effect, actions, `${s.resources.join(', ') || '-'}${s.condition ? ` when ${s.condition}` : ''}`]);
    marks.push(s.change);
  }
  const lines = table(rows);
  return [p.bold('IAM statement changes'), lines[0], ...lines.slice(1).map((l, i) => paint(p, marks[i])(l)), ''];
}

function replacementText(r: Pick<PropertyChange, 'replacement'>): string {
  return r.replacement === 'yes' ? ' (replaces the resource)' : r.replacement === 'unknown' ? ' (may replace the resource)' : '';
}

function value(v: unknown): string {
  const s = show(v);
  return s.length > 100 ? `${s.slice(0, 97)}...` : s;
}

function resourceLines(r: ResourceChange, p: Palette): string[] {
  const c = paint(p, r.change);
  const head = c(`[${MARK[r.change]}] ${r.type} ${r.logicalId}`) + (r.change === 'modified' && r.replacement === 'yes' ? p.red(' (replaced)') : r.change === 'modified' && r.replacement === 'unknown' ? p.yellow(' (may be replaced)') : '');
  const lines = [head];
  for (const prop of r.properties) {
    const pc = paint(p, prop.change);
    const def = r.definition && (prop.property === 'DefinitionString' || prop.property === 'Definition');
    const detail = def ? '' : prop.change === 'modified' ? `: ${value(prop.before)} → ${value(prop.after)}` : prop.change === 'added' ? `: ${value(prop.after)}` : `: ${value(prop.before)}`;
    lines.push(`    ${pc(`[${MARK[prop.change]}] ${prop.property}`)}${detail}${replacementText(prop)}`);
  }
  if (r.definition) {
    const d = r.definition;
    const states = d.states.map((s) => paint(p, s.change)(`${MARK[s.change]} ${s.state}${s.fields.length ? ` (${s.fields.join(', ')})` : ''}`));
    if (states.length) lines.push(`      states: ${states.join(', ')}`);
    if (d.fields.length && r.change === 'modified') lines.push(`      definition fields: ${d.fields.join(', ')}`);
    if (r.change === 'modified' && d.unified) {
      for (const l of d.unified.split('\n')) lines.push(`      ${l.startsWith('+') ? p.green(l) : l.startsWith('-') ? p.red(l) : l.startsWith('@@') ? p.dim(l) : l}`);
    }
  }
  return lines;
}

export function diffText(v: DiffView, p: Palette = palette(false)): string {
  const d = v.diff;
  const lines: string[] = [];
  lines.push(d.stackExists ? `stack ${v.stackName} (${v.region}, stage ${v.stage}) against CloudFormation's template` : `stack ${v.stackName} does not exist in ${v.region}: a deploy creates everything below`);
  if (v.drifted.length) {
    lines.push(
      p.yellow(`! ${v.drifted.join(', ')}: the live definition differs from CloudFormation's template (hotswapped, or changed outside CloudFormation).`),
      p.yellow("  This diff compares against CloudFormation's template; `stepf deploy` (without --hotswap) puts the stack back in line."),
    );
  }
  if (d.empty) {
    lines.push(p.green('no differences'));
    return `${lines.join('\n')}\n`;
  }
  lines.push('', ...iamLines(v, p));
  if (d.resources.length) lines.push(p.bold('Resources'), ...d.resources.flatMap((r) => resourceLines(r, p)), '');
  if (d.versions?.length) lines.push(p.bold('Versions and aliases'), ...versionChangeLines(d.versions), '');
  const sections = d.sections.map((c) => ({ ...c, key: `${sectionLabel(c)}${c.decides ? ` (the condition of ${c.decides.join(', ')})` : ''}` }));
  for (const [title, list] of [['Outputs', d.outputs], ['Parameter values', d.parameters], ['Template sections', sections]] as const) {
    if (!list.length) continue;
    lines.push(p.bold(title));
    for (const e of list) lines.push(paint(p, e.change)(`[${MARK[e.change]}] ${e.key}${e.change === 'modified' ? `: ${value(e.before)} → ${value(e.after)}` : `: ${value(e.after ?? e.before)}`}`));
    lines.push('');
  }
  const n = d.resources.length;
  const s = d.sections.length;
  lines.push(`${n} resource${n === 1 ? '' : 's'} to change${d.iam.length ? `, ${d.iam.length} IAM statement${d.iam.length === 1 ? '' : 's'} added or removed` : ''}${s ? `, ${s} other template change${s === 1 ? '' : 's'}` : ''}`);
  return `${lines.join('\n')}\n`;
}

export function diffJson(v: DiffView): Record<string, unknown> {
  return { ok: true, stackName: v.stackName, region: v.region, stage: v.stage, drifted: v.drifted, ...v.diff };
}
