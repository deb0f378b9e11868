// What `stepf test` prints: a line per case as it ends, the failures with their diffs, coverage per
// machine, and the summary line `N passed, M failed`; or the whole run as JSON, or as JUnit XML for CI.
import type { MachineCoverage } from '../testing/coverage.js';
import { percent } from '../testing/coverage.js';
import type { CaseResult } from '../testing/types.js';
import { palette } from './colour.js';

export function caseLine(r: CaseResult, colour: boolean): string {
  const p = palette(colour);
  const mark = r.passed ? p.green('PASS') : p.red('FAIL');
  return `${mark} ${r.id} ${p.dim(`(${r.ms} ms)`)}\n`;
}

/** Every failed case with what was wrong, the diffs indented under it. */
export function failureDetails(results: CaseResult[], colour: boolean): string {
  const p = palette(colour);
  const out: string[] = [];
  for (const r of results) {
    if (r.passed) continue;
    out.push('', p.bold(p.red(`FAIL ${r.id}`)));
    for (const f of r.failures) {
      out.push(`  ${f.message}`);
      for (const line of f.diff ?? []) out.push(`    ${line.startsWith('-') ? p.red(line) : line.startsWith('+') ? p.green(line) : line}`);
    }
  }
  if (results.some((r) => r.failures.some((f) => f.diff?.length))) out.push('', p.dim('  (diffs: - expected, + actual)'));
  return out.length ? `${out.join('\n')}\n` : '';
}

export function coverageReport(coverage: MachineCoverage[], colour: boolean): string {
  const p = palette(colour);
  const out: string[] = ['', 'coverage:'];
  for (const c of coverage) {
    const pct = percent(c);
    out.push(`  ${c.machine}: ${c.states.taken.size}/${c.states.total.length} states, ${c.transitions.taken.size}/${c.transitions.total.length} transitions (${formatPercent(pct)}) in ${c.cases} case${c.cases === 1 ? '' : 's'}`);
    const states = c.states.total.filter((s) => !c.states.taken.has(s));
    const edges = c.transitions.total.filter((t) => !c.transitions.taken.has(t.key));
    if (states.length) out.push(`    ${p.yellow('never entered')}: ${states.join(', ')}`);
    if (edges.length) out.push(`    ${p.yellow('never taken')}: ${edges.map((t) => `${t.key} → ${t.to}`).join(', ')}`);
  }
  return `${out.join('\n')}\n`;
}

export const formatPercent = (n: number): string => `${Math.floor(n * 10) / 10}%`;

export function summaryLine(results: CaseResult[], seconds: number, colour: boolean): string {
  const p = palette(colour);
  const failed = results.filter((r) => !r.passed).length;
  const passed = results.length - failed;
  const text = `${passed} passed, ${failed} failed`;
  return `\n${failed ? p.red(text) : p.green(text)} ${p.dim(`(${results.length} case${results.length === 1 ? '' : 's'} in ${seconds.toFixed(2)} s)`)}\n`;
}

export function resultsJson(results: CaseResult[], coverage: MachineCoverage[], minCoverage?: number): string {
  const failed = results.filter((r) => !r.passed).length;
  return `${JSON.stringify(
    {
      passed: results.length - failed,
      failed,
      cases: results.map(({ states: _s, transitions: _t, ...r }) => r),
      coverage: coverage.map((c) => ({
        machine: c.machine,
        percent: Math.floor(percent(c) * 10) / 10,
        states: { total: c.states.total.length, taken: c.states.taken.size, untaken: c.states.total.filter((s) => !c.states.taken.has(s)) },
        transitions: {
          total: c.transitions.total.length,
          taken: c.transitions.taken.size,
          untaken: c.transitions.total.filter((t) => !c.transitions.taken.has(t.key)).map((t) => ({ transition: t.key, to: t.to })),
        },
        ...(minCoverage !== undefined ? { belowMinimum: percent(c) < minCoverage } : {}),
      })),
    },
    null,
    2,
  )}\n`;
}

const xml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** JUnit XML: a testsuite per test file, a testcase per case; the classname is the machine. */
export function junitReport(results: CaseResult[], seconds: number): string {
  const files = new Map<string, CaseResult[]>();
  for (const r of results) files.set(r.file, [...(files.get(r.file) ?? []), r]);
  const failed = results.filter((r) => !r.passed).length;
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="stepf test" tests="${results.length}" failures="${failed}" time="${seconds.toFixed(3)}">`];
  for (const [file, list] of files) {
    const time = list.reduce((t, r) => t + r.ms, 0) / 1000;
    out.push(`  <testsuite name="${xml(file)}" tests="${list.length}" failures="${list.filter((r) => !r.passed).length}" time="${time.toFixed(3)}">`);
    for (const r of list) {
      const head = `    <testcase name="${xml(r.name)}" classname="${xml(r.machine)}" time="${(r.ms / 1000).toFixed(3)}"`;
      if (r.passed) {
        out.push(`${head}/>`);
        continue;
      }
      const body = r.failures.map((f) => [f.message, ...(f.diff ?? []).map((l) => `  ${l}`)].join('\n')).join('\n');
      out.push(`${head}>`, `      <failure message="${xml(r.failures[0]?.message ?? 'failed')}">${xml(body)}</failure>`, '    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
