import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFile } from '../../../src/config/load.js';
import { judgeFile, type FileAccess } from '../../../src/config/variables/file-access.js';
import { createResolver } from '../../../src/config/variables/resolve.js';
import { runCli } from '../../support/cli.js';
import { resolverFor, serviceDir, userErrorOf } from '../variables/helpers.js';

/** A resolver over serverless.yml in dir, with a symlink link → target made first. */
function resolverWithLink(yaml: string, link: string, target: string) {
  const dir = serviceDir({ 'serverless.yml': yaml });
  symlinkSync(target, join(dir, link));
  return createResolver({ root: loadFile(join(dir, 'serverless.yml')), options: {}, env: {} });
}

/** `${file()}` outside the service folder is read with a warning; known secret locations are refused unless --allow-file names them. */
const access = (over: Partial<FileAccess> = {}): FileAccess => ({ serviceDir: '/srv/app', allowed: [], home: '/home/ci', ...over });

describe('judgeFile', () => {
  it('inside the service folder, outside it, and known secret locations', () => {
    expect(judgeFile('/srv/app/conf/a.yml', access()).kind).toBe('inside');
    expect(judgeFile('/srv/shared/a.yml', access()).kind).toBe('outside');
    expect(judgeFile('/etc/hostname', access()).kind).toBe('outside');
    for (const secret of [
      '/home/ci/.aws/credentials',
      '/home/ci/.ssh/id_ed25519',
      '/home/other/.aws/config',
      '/root/.ssh/authorized_keys',
      '/home/ci/.docker/config.json',
      '/home/ci/.kube/config',
      '/home/ci/.npmrc',
      '/home/ci/.config/gh/hosts.yml',
      '/etc/shadow',
      '/etc/ssh/ssh_host_rsa_key',
      '/proc/1/environ',
      '/proc/self/environ',
      '/run/secrets/db',
      '/var/run/secrets/kubernetes.io/serviceaccount/token',
    ]) {
      expect(judgeFile(secret, access()), secret).toMatchObject({ kind: 'secret' });
    }
    expect(judgeFile('/home/ci/.aws/credentials', access()).kind === 'secret' && judgeFile('/home/ci/.aws/credentials', access())).toMatchObject({ what: 'AWS credentials and config' });
    // A home folder that is the service's own parent: only the secret names in it count.
    expect(judgeFile('/home/ci/notes.txt', access()).kind).toBe('outside');
  });

  it('--allow-file names a file or a folder that may be read', () => {
    expect(judgeFile('/home/ci/.aws/config', access({ allowed: ['/home/ci/.aws/config'] })).kind).toBe('allowed');
    expect(judgeFile('/srv/shared/a.yml', access({ allowed: ['/srv/shared'] })).kind).toBe('allowed');
    expect(judgeFile('/srv/shared-other/a.yml', access({ allowed: ['/srv/shared'] })).kind).toBe('outside');
  });

  it('a symlink is judged by where it leads', () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'stepf-access-')));
    mkdirSync(join(dir, 'svc'));
    mkdirSync(join(dir, 'home/.aws'), { recursive: true });
    writeFileSync(join(dir, 'home/.aws/credentials'), 'secret');
    writeFileSync(join(dir, 'outside.yml'), 'a: 1');
    symlinkSync(join(dir, 'home/.aws/credentials'), join(dir, 'svc/creds.txt'));
    symlinkSync(join(dir, 'outside.yml'), join(dir, 'svc/in.yml'));
    const a = access({ serviceDir: join(dir, 'svc'), home: join(dir, 'home') });
    expect(judgeFile(join(dir, 'svc/creds.txt'), a)).toEqual({ kind: 'secret', real: join(dir, 'home/.aws/credentials'), what: 'AWS credentials and config' });
    expect(judgeFile(join(dir, 'svc/in.yml'), a)).toEqual({ kind: 'outside', real: join(dir, 'outside.yml') });
  });
});

describe('${file()} outside the service', () => {
  it('is read, with a warning at the variable naming the resolved path', async () => {
    const r = await resolverFor('x: ${file(../shared.yml):v}\n', { files: { '../shared.yml': 'v: shared\n' } });
    expect(await r.get(['x'])).toBe('shared');
    const [w] = r.warnings();
    expect(w).toMatchObject({ severity: 'warning', code: 'file-outside-service', path: ['x'], line: 1, column: 4 });
    expect(w.message).toMatch(/^\$\{file\(\.\.\/shared\.yml\):v\} reads \/.+\/shared\.yml, outside the service folder \//);
    expect(w.hint).toMatch(/--allow-file \/.+\/shared\.yml/);
  });

  it('through a symlink inside the service: the warning names where it leads', async () => {
    const dir = serviceDir({ 'target.yml': 'v: 1\n' });
    const r = await resolverWithLink('x: ${file(./link.yml):v}\n', 'link.yml', join(dir, 'target.yml'));
    expect(await r.get(['x'])).toBe(1);
    expect(r.warnings()[0].message).toContain(`reads ${realpathSync(join(dir, 'target.yml'))}, outside`);
  });

  it('no warning for a file inside, nor for one --allow-file names', async () => {
    const inside = await resolverFor('x: ${file(./a.yml):v}\n', { files: { 'a.yml': 'v: 1\n' } });
    expect(await inside.get(['x'])).toBe(1);
    expect(inside.warnings()).toEqual([]);
    const outsideDir = serviceDir({ 'shared.yml': 'v: 2\n' });
    const allowed = await resolverFor(`x: \${file(${outsideDir}/shared.yml):v}\n`, { allowFiles: [outsideDir] });
    expect(await allowed.get(['x'])).toBe(2);
    expect(allowed.warnings()).toEqual([]);
  });

  it('a known secret location is an error and is not read, also through a symlink', async () => {
    const direct = await resolverFor('x: ${file(/proc/self/environ)}\n');
    const d = (await userErrorOf(direct.get(['x']))).diagnostics[0];
    expect(d).toMatchObject({ code: 'file-secret', path: ['x'], line: 1 });
    expect(d.message).toMatch(/^\$\{file\(\/proc\/self\/environ\)\} would read \/proc\/\d+\/environ, a known secret location \(process memory and environment/);
    expect(d.hint).toMatch(/^if the config really needs this file, pass --allow-file \/proc\/\d+\/environ$/);

    const linked = await resolverWithLink('x: ${file(./env.txt)}\n', 'env.txt', '/proc/self/environ');
    expect((await userErrorOf(linked.get(['x']))).diagnostics[0].code).toBe('file-secret');
    // A fallback does not hide it.
    const fallback = await resolverFor("x: ${file(/root/.aws/credentials), 'none'}\n");
    expect((await userErrorOf(fallback.get(['x']))).diagnostics[0].code).toBe('file-secret');
  });
});

describe('stepf validate with a secret file (CLI)', () => {
  it('is exit 1 naming the resolved path; --allow-file lets it through', () => {
    const home = realpathSync(mkdtempSync(join(tmpdir(), 'stepf-home-')));
    mkdirSync(join(home, '.aws'));
    writeFileSync(join(home, '.aws/config'), '[default]\nregion = eu-west-1\n');
    const dir = serviceDir({
      'serverless.yml': `service: s
provider: {name: aws}
stepFunctions:
  stateMachines:
    m:
      definition:
        StartAt: P
        States:
          P: {Type: Pass, Result: '\${file(./aws.ini)}', End: true}
`,
    });
    symlinkSync(join(home, '.aws/config'), join(dir, 'aws.ini'));
    const env = { HOME: home, AWS_CONFIG_FILE: '/nonexistent' };
    const refused = runCli(['validate', '--stage', 'dev'], { cwd: dir, env });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`error: serverless.yml:9:35 stepFunctions.stateMachines.m.definition.States.P.Result: \${file(./aws.ini)} would read ${home}/.aws/config, a known secret location (AWS credentials and config); stepf does not read it`);
    const allowed = runCli(['validate', '--stage', 'dev', '--allow-file', `${home}/.aws/config`], { cwd: dir, env });
    expect(allowed.stderr).toBe('');
    expect(allowed.status).toBe(0);
  });
});
