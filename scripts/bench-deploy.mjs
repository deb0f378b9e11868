#!/usr/bin/env node
// Wall time of `stepf deploy` (create), an unchanged redeploy, an update and `stepf remove` of a fixture
// against the local emulator, and the AWS API calls each deploy makes; then the same one-state change
// deployed through a change set and with --hotswap, whole processes in pairs, as a ratio with where each
// one's time goes. Needs `npm run build` first.
//   node scripts/bench-deploy.mjs [fixture=sample-app|hello] [runs=3]
import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot, startEmulator } from './emulator.mjs';

const run = promisify(execFile);
const fixture = process.argv[2] ?? 'hello';
const runs = Number(process.argv[3] ?? 3);
// STEPF_BIN measures another build (e.g. a release) with the same script.
const bin = process.env.STEPF_BIN ?? join(repoRoot, 'bin', 'stepf');

const emu = await startEmulator({ logFile: join(mkdtempSync(join(tmpdir(), 'stepf-bench-')), 'moto.log') });
const env = { ...process.env, ...emu.env, CI: '1', NO_COLOR: '1' };

async function stepf(cwd, args) {
  const t = process.hrtime.bigint();
  const r = await run(process.execPath, [bin, ...args], { cwd, env });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  let calls;
  let deployMs;
  try {
    ({ awsCalls: calls, deployMs } = JSON.parse(r.stdout));
  } catch {
    calls = undefined;
  }
  return { ms, calls, deployMs };
}

const rows = { create: [], unchanged: [], update: [], remove: [] };
let hotswap;
let cpu;

/** User + system CPU seconds of one process, from GNU time (the emulator's own CPU is not counted). */
async function cpuOf(args, cwd) {
  const r = await run('/usr/bin/time', ['-f', '%U %S', process.execPath, ...args], { cwd, env }).catch((err) => err);
  const [user, sys] = String(r.stderr).trim().split('\n').pop().split(' ').map(Number);
  return (user + sys) * 1000;
}

/** CPU of a no-change deploy and an invoke of a one-Pass machine, each paired with a bare `node -e 0`. */
async function benchCpu() {
  const dir = mkdtempSync(join(tmpdir(), 'stepf-bench-cpu-'));
  writeFileSync(join(dir, 'serverless.yml'), 'service: bcpu\nprovider:\n  name: aws\nstepFunctions:\n  stateMachines:\n    flow:\n      definition:\n        StartAt: A\n        States:\n          A: { Type: Pass, End: true }\n');
  await stepf(dir, ['deploy', '--yes']);
  const out = { deploy: [], invoke: [] };
  for (let i = 0; i < Math.max(runs, 5) * 2; i++) {
    const base = await cpuOf(['-e', '0'], dir);
    out.deploy.push((await cpuOf([bin, 'deploy'], dir)) - base);
    out.invoke.push((await cpuOf([bin, 'invoke', 'flow', '--data', '{}'], dir)) - base);
  }
  await stepf(dir, ['remove', '--yes']);
  return out;
}

/**
 * One whole `stepf deploy` process and the figures its --json gives. --verbose logs each AWS call as it ends,
 * with its duration: read as it arrives, the calls' intervals give the wall time with a call in flight.
 */
function deployRun(cwd, args) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const since = () => Number(process.hrtime.bigint() - t0) / 1e6;
    const child = spawn(process.execPath, [bin, 'deploy', ...args, '--json', '--verbose'], { cwd, env });
    let stdout = '';
    let stderr = '';
    const calls = [];
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      const at = since();
      stderr += d;
      for (const m of String(d).matchAll(/^aws #\d+ \S+ \w+ \((\d+) ms/gm)) calls.push([at - Number(m[1]), at]);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = since();
      if (code !== 0) return reject(new Error(`bench: stepf deploy ${args.join(' ')} exited ${code}:\n${stderr}`));
      const out = JSON.parse(stdout);
      resolve({ ms, result: out.result, calls: out.awsCalls, elapsedMs: out.elapsedMs, deployMs: out.deployMs, callMs: inFlight(calls) });
    });
  });
}

/** The length of the union of intervals: time with at least one of them open. */
function inFlight(intervals) {
  let total = 0;
  let end = -Infinity;
  for (const [a, b] of [...intervals].sort((x, y) => x[0] - y[0])) {
    if (b <= end) continue;
    total += b - Math.max(a, end);
    end = b;
  }
  return total;
}

/** Wall time of a bare `node -e 0`: the process start every stepf run pays too. */
async function bareNode() {
  const t = process.hrtime.bigint();
  await run(process.execPath, ['-e', '0']);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/**
 * A named machine whose one Pass state's Result changes between deploys, deployed through a change set and
 * with --hotswap in pairs (which goes first alternates), each pair beside a bare node; whole processes, as a
 * user runs them.
 */
async function benchHotswap() {
  const dir = mkdtempSync(join(tmpdir(), 'stepf-bench-hotswap-'));
  const yml = (n) => `service: bhs\nprovider:\n  name: aws\nstepFunctions:\n  stateMachines:\n    flow:\n      name: bhs-flow\n      definition:\n        StartAt: Check\n        States:\n          Check:\n            Type: Choice\n            Choices:\n              - Variable: $.n\n                NumericGreaterThan: 1\n                Next: Big\n            Default: Small\n          Big:\n            Type: Pass\n            Result: big-${n}\n            End: true\n          Small:\n            Type: Pass\n            End: true\n`;
  const S = ['--stage', 'hs', '--yes'];
  let n = 0;
  const change = () => writeFileSync(join(dir, 'serverless.yml'), yml(n++));
  change();
  await stepf(dir, ['deploy', ...S, '--json']);
  const out = { changeSet: [], hotswap: [], node: [] };
  const deploy = async (kind) => {
    change();
    const r = await deployRun(dir, kind === 'hotswap' ? [...S, '--hotswap'] : S);
    const expected = kind === 'hotswap' ? 'hotswapped' : 'deployed';
    if (r.result !== expected) throw new Error(`bench: a ${kind} deploy ended ${r.result}, not ${expected}`);
    out[kind].push(r);
  };
  for (let i = 0; i < Math.max(runs, 5) * 2; i++) {
    out.node.push(await bareNode());
    for (const kind of i % 2 ? ['hotswap', 'changeSet'] : ['changeSet', 'hotswap']) await deploy(kind);
  }
  await stepf(dir, ['remove', ...S, '--json']);
  return out;
}
try {
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), `stepf-bench-${fixture}-`));
    cpSync(join(repoRoot, 'fixtures', fixture), dir, { recursive: true });
    const stage = `bench${i}`;
    // a short stack name: moto rejects the over-80-character names it generates for unnamed machines
    const S = ['--stage', stage, '--stack-name', `b${i}`, '--json', '--yes'];
    rows.create.push(await stepf(dir, ['deploy', ...S]));
    rows.unchanged.push(await stepf(dir, ['deploy', ...S]));
    const yml = join(dir, 'serverless.yml');
    writeFileSync(yml, readFileSync(yml, 'utf8').replace(/Comment: "/, 'Comment: "bench update: '));
    rows.update.push(await stepf(dir, ['deploy', ...S]));
    rows.remove.push(await stepf(dir, ['remove', ...S]));
  }
  hotswap = await benchHotswap();
  if (existsSync('/usr/bin/time')) cpu = await benchCpu();
} finally {
  await emu.stop();
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
process.stdout.write(`stepf deploy bench: fixture ${fixture}, moto ${emu.version}, ${runs} runs, node ${process.version}\n`);
for (const [k, v] of Object.entries(rows)) {
  const calls = v.map((r) => r.calls).filter((c) => c !== undefined);
  process.stdout.write(`  ${k.padEnd(10)} median ${median(v.map((r) => r.ms)).toFixed(0).padStart(5)} ms   AWS calls ${calls.length ? median(calls) : '-'}\n`);
}
const total = median(rows.create.map((r, i) => r.ms + rows.remove[i].ms));
process.stdout.write(`  deploy + remove (create then delete): median ${total.toFixed(0)} ms\n`);
const hsm = (kind, f) => median(hotswap[kind].map(f));
const part = (kind) => ({
  whole: hsm(kind, (r) => r.ms),
  start: hsm(kind, (r) => r.ms - r.elapsedMs),
  packaging: hsm(kind, (r) => r.elapsedMs - r.deployMs),
  deploy: hsm(kind, (r) => r.deployMs),
  aws: hsm(kind, (r) => r.callMs),
  calls: hsm(kind, (r) => r.calls),
});
const cs = part('changeSet');
const hs = part('hotswap');
const pairRatio = (f) => median(hotswap.changeSet.map((c, i) => f(c) / f(hotswap.hotswap[i])));
const wholeRatio = pairRatio((r) => r.ms);
const deployRatio = pairRatio((r) => r.deployMs);
// What the ratio would be if hotswap's AWS calls took no time at all: what is left, the change set pays too.
const bound = median(hotswap.changeSet.map((c, i) => c.ms / (hotswap.hotswap[i].ms - hotswap.hotswap[i].callMs)));
const row = (name, p) =>
  `    ${name.padEnd(11)} ${p.whole.toFixed(0).padStart(4)} ms = start-up ${p.start.toFixed(0).padStart(3)} + packaging ${p.packaging.toFixed(0).padStart(3)} + deploy ${p.deploy.toFixed(0).padStart(3)} (AWS calls in flight ${p.aws.toFixed(0).padStart(3)} ms, ${p.calls} calls; the rest, SDK loading first, ${(p.deploy - p.aws).toFixed(0).padStart(3)})\n`;
process.stdout.write(
  `  one-state change of 1 named machine: the whole \`stepf deploy\` and \`stepf deploy --hotswap\` processes, ${hotswap.hotswap.length} pairs (order alternating), medians:\n` +
    row('change set', cs) +
    row('--hotswap', hs) +
    `    bare node -e 0 ${median(hotswap.node).toFixed(0)} ms (start-up above: node, the CLI and its modules, and exit; each part is the median of its own)\n` +
    `    hotswap ${wholeRatio.toFixed(2)}x faster as a whole process (goal >= 5x: ${wholeRatio >= 5 ? 'ok' : 'UNDER'}), its deploy phase ${deployRatio.toFixed(1)}x; ` +
    `${hs.calls} AWS calls for 1 machine (goal <= 3: ${hs.calls <= 3 ? 'ok' : 'OVER'})\n` +
    `    were hotswap's AWS calls instant, it would be ${bound.toFixed(1)}x: start-up, packaging and loading the SDK are the same in both` +
    `${bound < 5 ? ', so 5x cannot be reached on moto' : ''}.\n    moto applies a change set at once; on AWS, CloudFormation takes tens of seconds to create and execute one (not measured here)\n`,
);
if (cpu) {
  for (const [k, v] of Object.entries(cpu)) {
    const over = median(v);
    process.stdout.write(`  ${k === 'deploy' ? 'deploy (no change)' : 'invoke (1 Pass state)'} CPU over bare node: median ${over.toFixed(0)} ms of ${v.length} paired runs (goal <= 200 ms: ${over <= 200 ? 'ok' : 'OVER'})\n`);
  }
}
