#!/usr/bin/env node
// The local AWS emulator: moto server (pinned in .venv by scripts/venv.sh) started through
// scripts/moto-launcher.py on a free loopback port, with the Step Functions interpreter on.
//
//   node scripts/emulator.mjs start [--port N]   starts it in the background, prints `export ...` lines
//   node scripts/emulator.mjs stop               stops the one `start` began
//   import { startEmulator } from './scripts/emulator.mjs'   (tests, demo): one server per caller
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const python = join(repoRoot, '.venv', 'bin', 'python');
const launcher = join(repoRoot, 'scripts', 'moto-launcher.py');
const stateFile = join(repoRoot, '.stepf', 'emulator.json');

/** A port nobody listens on right now (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function ready(endpoint, child, timeoutMs, log) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto server exited with code ${child.exitCode} before it was ready:\n${log()}`);
    try {
      const r = await fetch(`${endpoint}/moto-api/`);
      if (r.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto server did not answer ${endpoint}/moto-api/ within ${timeoutMs} ms:\n${log()}`);
}

/** The environment a client needs to talk to the emulator (fake credentials, no profile files). */
export function emulatorEnv(endpoint) {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_SESSION_TOKEN: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    // moto answers some bad requests with an HTML 500; retrying those only hides the real error.
    AWS_MAX_ATTEMPTS: '1',
  };
}

/**
 * Starts moto on a free loopback port and waits until it answers. Throws (never skips) when it cannot.
 * `detached` keeps it running after this process exits (the `start` command).
 */
export async function startEmulator(opts = {}) {
  if (!existsSync(python)) {
    throw new Error(`the emulator's Python venv is missing (${python}): run \`bash scripts/venv.sh\` (needs python3 and PyPI)`);
  }
  const port = opts.port ?? (await freePort());
  const endpoint = `http://127.0.0.1:${port}`;
  let output = '';
  const stdio = opts.logFile ? ['ignore', openSync(opts.logFile, 'a'), openSync(opts.logFile, 'a')] : ['ignore', 'pipe', 'pipe'];
  // motoNames: moto's own generated names (a plain moto server), not CloudFormation's (see the launcher).
  const child = spawn(python, [launcher, String(port), ...(opts.motoNames ? ['--moto-names'] : [])], { stdio, detached: Boolean(opts.detached), env: { ...process.env, PYTHONUNBUFFERED: '1' } });
  const keep = (b) => {
    output = (output + b.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const log = () => (opts.logFile && existsSync(opts.logFile) ? readFileSync(opts.logFile, 'utf8').slice(-4000) : output);
  try {
    await ready(endpoint, child, opts.timeoutMs ?? 60_000, log);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  const version = /moto (\S+) on/.exec(log())?.[1] ?? 'unknown';
  if (opts.detached) child.unref();
  let stopped = false;
  return {
    endpoint,
    port,
    pid: child.pid,
    version,
    env: emulatorEnv(endpoint),
    stop: () =>
      new Promise((resolve) => {
        if (stopped || child.exitCode !== null) return resolve();
        stopped = true;
        const t = setTimeout(() => child.kill('SIGKILL'), 3000);
        child.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

async function main(argv) {
  const [cmd, ...rest] = argv;
  if (cmd === 'start') {
    if (existsSync(stateFile)) {
      const prev = JSON.parse(readFileSync(stateFile, 'utf8'));
      let alive = false;
      try {
        process.kill(prev.pid, 0);
        alive = (await fetch(`${prev.endpoint}/moto-api/`)).status === 200;
      } catch {
        alive = false;
      }
      if (alive) {
        process.stderr.write(`stepf emulator: already running at ${prev.endpoint} (pid ${prev.pid})\n`);
        for (const [k, v] of Object.entries(emulatorEnv(prev.endpoint))) process.stdout.write(`export ${k}=${v}\n`);
        return 0;
      }
    }
    execFileSync('bash', [join(repoRoot, 'scripts', 'venv.sh')], { stdio: 'inherit' });
    const i = rest.indexOf('--port');
    const port = i >= 0 ? Number(rest[i + 1]) : undefined;
    mkdirSync(dirname(stateFile), { recursive: true });
    const emu = await startEmulator({ port, detached: true, logFile: join(repoRoot, '.stepf', 'emulator.log') });
    writeFileSync(stateFile, JSON.stringify({ pid: emu.pid, port: emu.port, endpoint: emu.endpoint, version: emu.version }, null, 2));
    process.stderr.write(`stepf emulator: moto ${emu.version} at ${emu.endpoint} (pid ${emu.pid}); stop it with: node scripts/emulator.mjs stop\n`);
    for (const [k, v] of Object.entries(emu.env)) process.stdout.write(`export ${k}=${v}\n`);
    return 0;
  }
  if (cmd === 'stop') {
    if (!existsSync(stateFile)) {
      process.stderr.write('stepf emulator: not running (no .stepf/emulator.json)\n');
      return 0;
    }
    const { pid } = JSON.parse(readFileSync(stateFile, 'utf8'));
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
    rmSync(stateFile, { force: true });
    process.stderr.write(`stepf emulator: stopped (pid ${pid})\n`);
    return 0;
  }
  process.stderr.write('usage: node scripts/emulator.mjs start [--port N] | stop\n');
  return 2;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2));
}
