#!/usr/bin/env node
// Wall time of `stepf deploy` (create), an unchanged redeploy, an update and `stepf remove` of a fixture
// against the local emulator, and the AWS API calls each deploy makes; then the same one-state change
// deployed through a change set and with --hotswap, interleaved, as a ratio. Needs `npm run build` first.
//   node scripts/bench-deploy.mjs [fixture=sample-app|hello] [runs=3]
import { execFile } from 'node:child_process';
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

/** A named machine whose one Pass state's Result changes between deploys: a change set, then --hotswap, in turns. */
async function benchHotswap() {
  const dir = mkdtempSync(join(tmpdir(), 'stepf-bench-hotswap-'));
  const yml = (n) => `service: bhs\nprovider:\n  name: aws\nstepFunctions:\n  stateMachines:\n    flow:\n      name: bhs-flow\n      definition:\n        StartAt: Check\n        States:\n          Check:\n            Type: Choice\n            Choices:\n              - Variable: $.n\n                NumericGreaterThan: 1\n                Next: Big\n            Default: Small\n          Big:\n            Type: Pass\n            Result: big-${n}\n            End: true\n          Small:\n            Type: Pass\n            End: true\n`;
  const S = ['--stage', 'hs', '--json', '--yes'];
  writeFileSync(join(dir, 'serverless.yml'), yml(0));
  await stepf(dir, ['deploy', ...S]);
  const out = { changeSet: [], hotswap: [] };
  for (let i = 1; i <= Math.max(runs, 5) * 2; i++) {
    writeFileSync(join(dir, 'serverless.yml'), yml(i));
    const hot = i % 2 === 0;
    out[hot ? 'hotswap' : 'changeSet'].push(await stepf(dir, hot ? ['deploy', '--hotswap', ...S] : ['deploy', ...S]));
  }
  await stepf(dir, ['remove', ...S]);
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
const cs = median(hotswap.changeSet.map((r) => r.ms));
const hs = median(hotswap.hotswap.map((r) => r.ms));
const csDeploy = median(hotswap.changeSet.map((r) => r.deployMs));
const hsDeploy = median(hotswap.hotswap.map((r) => r.deployMs));
const callsOf = (v) => median(v.map((r) => r.calls ?? NaN));
const ratio = csDeploy / hsDeploy;
process.stdout.write(
  `  one-state change (1 named machine), ${hotswap.hotswap.length} runs each, interleaved, medians:\n` +
    `    change set  ${cs.toFixed(0).padStart(5)} ms whole process, ${csDeploy.toFixed(0).padStart(4)} ms after packaging, AWS calls ${callsOf(hotswap.changeSet)}\n` +
    `    --hotswap   ${hs.toFixed(0).padStart(5)} ms whole process, ${hsDeploy.toFixed(0).padStart(4)} ms after packaging, AWS calls ${callsOf(hotswap.hotswap)}\n` +
    `    hotswap deploy step ${ratio.toFixed(1)}x faster (goal >= 5x: ${ratio >= 5 ? 'ok' : 'UNDER'}), whole process ${(cs / hs).toFixed(2)}x; ` +
    `calls per machine ${callsOf(hotswap.hotswap)} (goal <= 3: ${callsOf(hotswap.hotswap) <= 3 ? 'ok' : 'OVER'}). moto executes change sets synchronously: on AWS a change set takes tens of seconds\n`,
);
if (cpu) {
  for (const [k, v] of Object.entries(cpu)) {
    const over = median(v);
    process.stdout.write(`  ${k === 'deploy' ? 'deploy (no change)' : 'invoke (1 Pass state)'} CPU over bare node: median ${over.toFixed(0)} ms of ${v.length} paired runs (goal <= 200 ms: ${over <= 200 ? 'ok' : 'OVER'})\n`);
  }
}
