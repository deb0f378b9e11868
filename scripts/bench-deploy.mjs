#!/usr/bin/env node
// Wall time of `stepf deploy` (create), an unchanged redeploy, an update and `stepf remove` of a fixture
// against the local emulator, and the AWS API calls each deploy makes. Needs `npm run build` first.
//   node scripts/bench-deploy.mjs [fixture=sample-app|hello] [runs=3]
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
  try {
    calls = JSON.parse(r.stdout).awsCalls;
  } catch {
    calls = undefined;
  }
  return { ms, calls };
}

const rows = { create: [], unchanged: [], update: [], remove: [] };
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
