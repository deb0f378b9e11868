// The package as a user installs it: `npm pack` of this checkout, installed into an empty folder with no
// dev dependencies, then run from there. A file missing from `files`, or a module the bundle leaves to
// node_modules (a dev dependency at run time), fails here.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { IAM_TABLE_BROTLI } from '../../src/compile/iam/generated/iam-table.js';
import { copyFixture, repoRoot, runCli } from '../support/cli.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
let packed: { files: Array<{ path: string }>; size: number; unpackedSize: number; filename: string };
let app: string;
let installed: string;

function sizeOf(path: string): number {
  const s = statSync(path);
  return s.isDirectory() ? readdirSync(path).reduce((n, f) => n + sizeOf(join(path, f)), 0) : s.size;
}

/** The installed stepf, run in `cwd` with an environment that has no path back to this checkout. */
function installedCli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [join(app, 'node_modules', '.bin', 'stepf'), ...args], {
    cwd,
    env: { PATH: process.env.PATH, HOME: app, AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/nonexistent', NO_COLOR: '1' },
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  const out = mkdtempSync(join(tmpdir(), 'stepf-pack-'));
  // --ignore-scripts: npm test has just built dist/; prepack would rebuild it under the CLI tests running beside this one.
  const json = execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', out], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  [packed] = JSON.parse(json) as Array<typeof packed>;
  app = mkdtempSync(join(tmpdir(), 'stepf-installed-'));
  writeFileSync(join(app, 'package.json'), '{ "name": "app", "private": true }\n');
  execFileSync(npm, ['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', join(out, packed.filename)], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
  installed = join(app, 'node_modules', 'stepf');
}, 120_000);

describe('the packed tarball, installed into an empty folder without dev dependencies', () => {
  it('holds bin/, the bundle, the licences of what it bundles, package.json, README and stepf\'s own LICENSE (MIT, as package.json says): no source maps, no sources, the IAM table once', () => {
    const paths = packed.files.map((f) => f.path).sort();
    expect(paths.filter((p) => !/^dist\/(vendor\/)?[\w-]+\.js$/.test(p))).toEqual(['LICENSE', 'README.md', 'bin/load-main.js', 'bin/package.json', 'bin/stepf', 'dist/THIRD-PARTY-LICENSES.txt', 'dist/help.cjs', 'dist/main.cjs', 'package.json']);
    expect(readFileSync(join(installed, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
    expect(JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).license).toBe('MIT');
    expect(paths).toContain('dist/main.cjs');
    const withTable = paths.filter((p) => /\.c?js$/.test(p) && readFileSync(join(installed, p), 'utf8').includes(IAM_TABLE_BROTLI[0].slice(0, 200)));
    expect(withTable).toHaveLength(1);
  });

  it('installs stepf alone (no runtime dependency: the bundle holds them), under 15 MB of node_modules, and runs no install script', () => {
    const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg.dependencies).toBeUndefined();
    expect(Object.keys((pkg.scripts ?? {}) as object).filter((s) => /^(pre|post)?install$|^prepare$/.test(s))).toEqual([]);
    expect(readdirSync(join(app, 'node_modules')).filter((f) => !f.startsWith('.')).sort()).toEqual(['stepf']);
    expect(sizeOf(join(app, 'node_modules'))).toBeLessThan(15 * 1024 * 1024);
  });

  it('stepf --version prints the package version', () => {
    const r = installedCli(['--version'], app);
    expect(r).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('stepf package writes the same template as this checkout, equal to the golden one', () => {
    const dir = copyFixture('hello');
    const r = installedCli(['package', '--stage', 'dev', '--stdout'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(runCli(['package', '--stage', 'dev', '--stdout'], { cwd: dir }).stdout);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(readFileSync(join(repoRoot, 'fixtures', 'hello', 'stepf.template.json'), 'utf8')));
  });

  it('stepf graph draws the same SVG as this checkout (Graphviz as WebAssembly, from the bundle)', () => {
    const dir = copyFixture('demo');
    const r = installedCli(['graph', 'orders'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^<\?xml|^<svg/);
    expect(r.stdout).toBe(runCli(['graph', 'orders'], { cwd: dir }).stdout);
  });

  it('stepf test runs the test files of fixtures/demo in worker threads (dist/test-worker.js, started by file name)', () => {
    const r = installedCli(['test', '--workers', '2'], copyFixture('demo'));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^4 passed, 0 failed/m);
  });

  it('a JSONata machine validates and runs locally (jsonata comes from the bundle, not node_modules)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepf-jsonata-'));
    writeFileSync(
      join(dir, 'serverless.yml'),
      'service: jx\nprovider: { name: aws, region: us-east-1 }\nstepFunctions:\n  stateMachines:\n    add:\n      definition:\n        QueryLanguage: JSONata\n        StartAt: A\n        States:\n          A: { Type: Pass, Output: "{% $states.input.x + 1 %}", End: true }\n',
    );
    const v = installedCli(['validate'], dir);
    expect(v.status, v.stderr).toBe(0);
    const r = installedCli(['invoke', 'add', '--local', '--data', '{"x":41}'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toBe(42);
  });
});
