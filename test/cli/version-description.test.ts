// The versions a deploy publishes say --description, else the git commit: the built CLI, in a real git repo.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const CONFIG = `service: svc
provider:
  name: aws
  region: us-east-1
stepFunctions:
  stateMachines:
    orders:
      versions: true
      definition:
        StartAt: A
        States:
          A: { Type: Pass, End: true }
`;

function description(stdout: string): unknown {
  return JSON.parse(stdout).Resources.OrdersStepFunctionsStateMachineVersion.Properties.Description;
}

describe('stepf package: the version description', () => {
  const git = (dir: string, ...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } }).trim();

  it('is the commit ("<short hash> <subject>") in a git work tree, and --description wins over it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepf-git-'));
    writeFileSync(join(dir, 'serverless.yml'), CONFIG);
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'Faster refunds');
    const hash = git(dir, 'log', '-1', '--format=%h');
    const fromGit = runCli(['package', '--stdout'], { cwd: dir });
    expect(fromGit.status, fromGit.stderr).toBe(0);
    expect(description(fromGit.stdout)).toBe(`${hash} Faster refunds`);
    const given = runCli(['package', '--stdout', '--description', 'release 42'], { cwd: dir });
    expect(description(given.stdout)).toBe('release 42');
  });

  it('is absent outside a git work tree without --description', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepf-nogit-'));
    writeFileSync(join(dir, 'serverless.yml'), CONFIG);
    const r = runCli(['package', '--stdout'], { cwd: dir, env: { GIT_CEILING_DIRECTORIES: tmpdir() } });
    expect(r.status, r.stderr).toBe(0);
    expect(description(r.stdout)).toBeUndefined();
  });
});
