import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { loadConfig } from '../../src/config/load.js';
import { loadScript, resolveTsNode } from '../../src/config/load-script.js';
import { repoRoot, runCli } from '../support/cli.js';

/** serverless.js / .cjs / .mjs / .ts, read as the Serverless Framework v3 reads them. */

const CONFIG = {
  service: 'scripted',
  provider: { name: 'aws', stage: 'dev' },
  stepFunctions: { stateMachines: { hello: { name: 'hello-${sls:stage}', definition: { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } } } } },
};
const YAML = [
  'service: scripted',
  'provider:',
  '  name: aws',
  '  stage: dev',
  'stepFunctions:',
  '  stateMachines:',
  '    hello:',
  '      name: hello-${sls:stage}',
  '      definition:',
  '        StartAt: A',
  '        States:',
  '          A: { Type: Pass, End: true }',
  '',
].join('\n');
const json = JSON.stringify(CONFIG);

function service(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'stepf-script-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function failure(p: Promise<unknown>): Promise<UserError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  return err as UserError;
}

describe('JavaScript configs are found and read without --config', () => {
  it('serverless.js in CommonJS: module.exports is the config', async () => {
    const dir = service({ 'serverless.js': `module.exports = ${json};` });
    const loaded = await loadConfig(dir);
    expect(loaded.file).toBe(join(dir, 'serverless.js'));
    expect(loaded.data).toEqual(CONFIG);
  });

  it('serverless.js in an ES module package: the default export is the config', async () => {
    const dir = service({ 'package.json': '{"type":"module"}', 'serverless.js': `export default ${json};` });
    expect((await loadConfig(dir)).data).toEqual(CONFIG);
  });

  it('serverless.mjs exporting a promise of the config', async () => {
    const dir = service({ 'serverless.mjs': `export default new Promise((ok) => setImmediate(() => ok(${json})));` });
    expect((await loadConfig(dir)).data).toEqual(CONFIG);
  });

  it('serverless.cjs exporting a promise of the config', async () => {
    const dir = service({ 'serverless.cjs': `module.exports = Promise.resolve(${json});` });
    expect((await loadConfig(dir)).data).toEqual(CONFIG);
  });

  it('serverless.yml wins over serverless.js when both are there (the Serverless Framework order)', async () => {
    const dir = service({ 'serverless.yml': 'service: from-yaml\n', 'serverless.js': 'module.exports = { service: "from-js" };' });
    expect((await loadConfig(dir)).data).toEqual({ service: 'from-yaml' });
  });

  it('the config is kept as plain data: functions and undefined values drop out, as in the Serverless Framework', async () => {
    const dir = service({ 'serverless.js': 'module.exports = { service: "a", custom: { f() {}, u: undefined, n: 1 } };' });
    expect((await loadConfig(dir)).data).toEqual({ service: 'a', custom: { n: 1 } });
  });
});

describe('a config module that fails says where', () => {
  it('a throw while the file runs names the file and the line of the throw', async () => {
    const dir = service({ 'serverless.js': 'const a = 1;\nthrow new Error("no stage set");\n' });
    const err = await failure(loadConfig(dir));
    expect(err.diagnostics[0]).toMatchObject({ file: join(dir, 'serverless.js'), line: 2, code: 'config-load-error' });
    expect(err.message).toBe('cannot load serverless.js: no stage set');
  });

  it('a rejected promise is reported as such', async () => {
    const dir = service({ 'serverless.mjs': 'export default Promise.reject(new Error("vault down"));' });
    expect((await failure(loadConfig(dir))).message).toBe('the promise exported by serverless.mjs: vault down');
  });

  it('an ES module without a default export says to add one', async () => {
    const dir = service({ 'serverless.mjs': 'export const service = "a";' });
    const err = await failure(loadConfig(dir));
    expect(err.message).toBe('serverless.mjs has no default export');
    expect(err.diagnostics[0].hint).toMatch(/export default/);
  });

  it('an export that is not an object is refused', async () => {
    const dir = service({ 'serverless.cjs': 'module.exports = ["service"];' });
    expect((await failure(loadConfig(dir))).message).toBe('serverless.cjs must export an object of keys (service, provider, stepFunctions, ...), got an array');
  });
});

describe('TypeScript configs, through ts-node as the Serverless Framework reads them', () => {
  it('ts-node is looked for beside the service first', () => {
    const dir = service({});
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(join(repoRoot, 'node_modules', 'ts-node'), join(dir, 'node_modules', 'ts-node'));
    const found = resolveTsNode([dir, join(repoRoot, 'nowhere')]);
    expect(found.entry).toMatch(/ts-node[\\/]dist[\\/]index\.js$/);
    expect(found.looked).toEqual([dir]);
  });

  it('without ts-node anywhere, serverless.ts is an error that says what is missing, how to install it, and where stepf looked', async () => {
    const dir = service({ 'serverless.ts': `export default ${json};` });
    const empty = mkdtempSync(join(tmpdir(), 'stepf-no-ts-node-'));
    const err = await failure(loadScript(join(dir, 'serverless.ts'), [dir, empty]));
    expect(err.message).toBe('serverless.ts is TypeScript, and reading it needs ts-node, which is not installed here');
    expect(err.diagnostics[0]).toMatchObject({ file: join(dir, 'serverless.ts'), code: 'config-needs-ts-node' });
    expect(err.diagnostics[0].hint).toBe(`install it in the service (npm install --save-dev ts-node typescript), as the Serverless Framework needs too; looked in ${dir}, ${empty}`);
  });

  it('stepf package on a serverless.ts (export default, typed) writes the same template as the same config in YAML', () => {
    const ts = service({
      'serverless.ts': `interface Config { service: string; [k: string]: unknown }\nconst config: Config = ${json};\nexport default config;\n`,
    });
    const yml = service({ 'serverless.yml': YAML });
    const a = runCli(['package', '--stage', 'dev'], { cwd: ts });
    const b = runCli(['package', '--stage', 'dev'], { cwd: yml });
    expect(a.stderr).toBe('');
    expect(a.status).toBe(0);
    expect(b.status).toBe(0);
    expect(readFileSync(join(ts, '.stepf', 'dev', 'template.json'), 'utf8')).toBe(readFileSync(join(yml, '.stepf', 'dev', 'template.json'), 'utf8'));
  });

  it('-c serverless.ts reads TypeScript, not YAML: a type error is reported by ts-node with its line', () => {
    const dir = service({ 'serverless.ts': `const port: number = "eighty";\nexport default ${json};\n` });
    const r = runCli(['package', '-c', 'serverless.ts'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(/YAML/);
    expect(r.stderr).toMatch(/^error: serverless\.ts:1:7: cannot load serverless\.ts: error TS2322: Type .string. is not assignable to type .number.\.$/m);
  });
});
