// `npm run demo`: start the local AWS emulator, `stepf deploy` fixtures/demo, `stepf invoke` the order
// workflow on sample input, print its output, `stepf logs --last` its timeline, `stepf graph --last` it as
// an SVG (fixtures/demo/.stepf/demo/orders.svg), stop the emulator (also
// on failure). Exit 0 when the order completes.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot, startEmulator } from './emulator.mjs';

const demoDir = join(repoRoot, 'fixtures', 'demo');
/** Runs the built CLI in fixtures/demo; `capture` keeps its stdout for the demo to print. */
const stepf = (args, env, capture = false) => {
  process.stdout.write(`\n$ stepf ${args.join(' ')}\n`);
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'stepf'), ...args], {
    cwd: demoDir,
    env,
    stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'],
    encoding: 'utf8',
  });
  return { code: r.status ?? 1, stdout: r.stdout ?? '' };
};

const venv = spawnSync('bash', [join(repoRoot, 'scripts', 'venv.sh')], { stdio: 'inherit' });
if (venv.status !== 0) process.exit(venv.status ?? 1);
const emu = await startEmulator();
process.stdout.write(`local AWS emulator (moto) on ${emu.endpoint}\n`);
const env = { ...process.env, ...emu.env, CI: process.env.CI ?? '' };
let code = 1;
try {
  code = stepf(['deploy', '--stage', 'demo', '--yes'], env).code;
  if (code === 0) {
    const invoke = stepf(['invoke', 'orders', '--stage', 'demo', '--input', 'input.json'], env, true);
    code = invoke.code;
    if (code === 0) process.stdout.write(`order result:\n${JSON.stringify(JSON.parse(invoke.stdout), null, 2)}\n`);
    // The timeline of the same run, read back from the execution history (shown whatever invoke said).
    const logs = stepf(['logs', 'orders', '--stage', 'demo', '--last'], env);
    if (code === 0) code = logs.code;
    // The same run drawn on the workflow: open the SVG in a browser.
    const graph = stepf(['graph', 'orders', '--stage', 'demo', '--last', '--out', '.stepf/demo/orders.svg'], env);
    if (code === 0) code = graph.code;
  }
} catch (err) {
  process.stderr.write(`demo: ${err instanceof Error ? err.message : String(err)}\n`);
  code = 1;
} finally {
  await emu.stop();
}
process.stdout.write(code === 0 ? '\ndemo finished: the order workflow SUCCEEDED; the emulator is stopped\n' : `\ndemo failed (exit ${code}); the emulator is stopped\n`);
process.exit(code);
