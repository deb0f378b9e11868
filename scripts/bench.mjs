// `npm run bench`: whole-process timings of the CLI as ratios to a bare `node -e 0` measured in the same run
// (runs interleaved, medians quoted), so the figures hold when the machine's speed drifts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateLarge } from './gen-large.mjs';
import { generateTestSuite } from './gen-tests.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const stepf = join(root, 'bin', 'stepf');
const runs = Number(process.env.BENCH_RUNS ?? 15);

function time(cmd, args, cwd, okStatus = [0]) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (!okStatus.includes(r.status)) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/** Peak memory (max RSS, MiB) of one run, from GNU time where the machine has it. */
function peakMiB(args, cwd) {
  if (!existsSync('/usr/bin/time')) return undefined;
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const kb = Number(String(r.stderr).trim().split('\n').pop());
  return Number.isFinite(kb) ? { mib: kb / 1024, status: r.status } : undefined;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Interleaves the case with the baseline, pair by pair; returns medians and the median of ratios. */
function bench(name, args, cwd, n = runs, okStatus = [0]) {
  time(process.execPath, ['-e', '0']);
  time(process.execPath, args, cwd, okStatus);
  const base = [];
  const mine = [];
  const ratios = [];
  for (let i = 0; i < n; i++) {
    const b = time(process.execPath, ['-e', '0']);
    const m = time(process.execPath, args, cwd, okStatus);
    base.push(b);
    mine.push(m);
    ratios.push(m / b);
  }
  return { name, baseMs: median(base), ms: median(mine), ratio: median(ratios) };
}

const loadBefore = loadavg()[0];
const results = [];
results.push({ ...bench('stepf --version', [stepf, '--version']), target: 1.5 });
results.push({ ...bench('stepf --help', [stepf, '--help']), target: 1.3 });
const fixtures = join(root, 'fixtures');
for (const name of readdirSync(fixtures).sort()) {
  const dir = join(fixtures, name);
  if (!existsSync(join(dir, 'serverless.yml'))) continue;
  // A fixture that package refuses on purpose (unsupported keys) is reported, not timed.
  const probe = spawnSync(process.execPath, [stepf, 'package', '--stage', 'dev', '--stdout'], { cwd: dir, stdio: 'ignore' });
  if (probe.status !== 0) {
    results.push({ name: `stepf package fixtures/${name}`, skipped: `exit ${probe.status}` });
    continue;
  }
  results.push({ ...bench(`stepf package fixtures/${name}`, [stepf, 'package', '--stage', 'dev', '--stdout'], dir), target: name === 'hello' ? 1.6 : 2.5 });
}
// The large configs: Lambda tasks with their Retry written, and without (five a machine, as real fleets have).
// 1,000 x 50 is split into nested stacks with its definitions in S3: package writes every file of that.
for (const [machines, limitMs] of [[200, 600], [1000, 2000]]) {
  for (const retry of [true, false]) {
    const dir = generateLarge(mkdtempSync(join(tmpdir(), 'stepf-bench-')), machines, 50, { retry });
    const args = [stepf, 'package', '--stage', 'dev', '--out', join(dir, 'out')];
    const peak = peakMiB(args, dir);
    const name = `stepf package (${machines} x 50${retry ? '' : `, ${machines * 5} tasks warn`})`;
    results.push({ ...bench(name, args, dir, 5), limitMs, peak: peak?.mib });
  }
}
// stepf test: 1,000 cases of a 50-state machine (mocked Tasks with Retry and Catch, Choices, hour-long Waits on
// the virtual clock), the whole command, in worker threads (the default for 200 cases or more) and in one process.
const suite = generateTestSuite(mkdtempSync(join(tmpdir(), 'stepf-bench-tests-')), 1000, 50);
results.push({ ...bench('stepf test (1000 cases x 50 states)', [stepf, 'test'], suite, 5), limitMs: 5000 });
results.push({ ...bench('stepf test --workers 1 (1000 cases x 50 states)', [stepf, 'test', '--workers', '1'], suite, 5), limitMs: 5000 });

const pad = (s, n) => String(s).padEnd(n);
// The figures are ratios because the machine's speed drifts; the load says how far to trust them.
console.log(`stepf bench: ${runs} interleaved runs per case, medians (node ${process.version}; ${cpus().length} cores, load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after)`);
for (const r of results) {
  if (r.skipped) {
    console.log(`${pad(r.name, 48)} skipped (${r.skipped})`);
    continue;
  }
  const verdict = r.target ? (r.ratio <= r.target ? 'ok' : 'OVER') : r.ms <= r.limitMs ? 'ok' : 'OVER';
  const goal = r.target ? `target <= ${r.target}x` : `target < ${r.limitMs} ms`;
  const extra = r.peak ? `  peak ${r.peak.toFixed(0)} MiB` : '';
  console.log(`${pad(r.name, 48)} ${pad(`${r.ms.toFixed(1)} ms`, 10)} node -e 0: ${pad(`${r.baseMs.toFixed(1)} ms`, 9)} ratio ${r.ratio.toFixed(2)}x  ${goal}  ${verdict}${extra}`);
}
// The start-up goals, together (the deploy part below prints its CPU goals).
const goal = (name) => results.find((r) => r.name === name);
for (const [label, r] of [['stepf --help', goal('stepf --help')], ['stepf package (hello)', goal('stepf package fixtures/hello')]]) {
  if (r?.ratio !== undefined) console.log(`goal: ${pad(label, 22)} ${r.ratio.toFixed(2)}x bare node (goal <= ${r.target}x): ${r.ratio <= r.target ? 'met' : 'NOT met'}`);
}
if (existsSync(join(root, 'scripts', 'bench-deploy.mjs')) && !process.argv.includes('--no-deploy')) {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'bench-deploy.mjs')], { stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = r.status ?? 1;
}
