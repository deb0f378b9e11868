// Which AWS SDK clients each command loads, traced in the built CLI (test/support/trace-loads.mjs) against
// moto: exactly the services it calls (as --verbose counts them), so a hello deploy or an invoke does not
// pay for S3, SSM, STS or API Gateway. A static import of a command class anywhere on a command's path
// would load its whole client; the command classes come from `sdk` in src/aws/clients.ts instead.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCliAsync, stepfBin } from '../support/cli.js';
import { useEmulator } from '../support/emulator.js';

const run = promisify(execFile);
const emu = useEmulator();
let dir: string;

const SERVERLESS = `
service: loads
provider:
  name: aws
  region: us-east-1
stepFunctions:
  stateMachines:
    flow:
      definition:
        StartAt: A
        States:
          A: { Type: Pass, End: true }
`;

/** The verbose log's service names, as the SDK client classes are named. */
const CLIENT_OF: Record<string, string> = { cloudformation: 'CloudFormation', states: 'SFN', s3: 'S3', apigateway: 'APIGateway', ssm: 'SSM', sts: 'STS', logs: 'CloudWatchLogs' };

interface Traced {
  /** SDK clients whose code the process loaded (nested credential clients such as SSO count too). */
  loaded: string[];
  /** Services the command called, from its --verbose call log. */
  called: string[];
}

async function trace(args: string[], cwd = dir): Promise<Traced> {
  const file = join(mkdtempSync(join(tmpdir(), 'stepf-loads-')), 'loads.txt');
  const r = await run(process.execPath, ['--import', join(repoRoot, 'test/support/trace-loads.mjs'), stepfBin, ...args, '--verbose'], {
    cwd,
    env: { ...process.env, ...emu.env, STEPF_TRACE_LOADS: file, NO_COLOR: '1' },
  });
  const loaded = new Set<string>();
  for (const url of readFileSync(file, 'utf8').split('\n')) {
    if (!url.startsWith('file:') || !url.includes('/dist/')) continue;
    for (const m of readFileSync(new URL(url), 'utf8').matchAll(/\b(\w+)Client\s*=\s*class\s+extends\b/g)) loaded.add(m[1]);
  }
  const called = new Set([...r.stderr.matchAll(/^aws #\d+ ([\w-]+):/gm)].map((m) => CLIENT_OF[m[1]] ?? m[1]));
  return { loaded: [...loaded].sort(), called: [...called].sort() };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stepf-loads-svc-'));
  writeFileSync(join(dir, 'serverless.yml'), SERVERLESS);
  const r = await runCliAsync(['deploy'], { cwd: dir, env: { ...process.env, ...emu.env } });
  expect(r.code, r.stderr).toBe(0);
});

describe('each command loads only the AWS clients it calls', () => {
  it('deploy with no change: CloudFormation and Step Functions (the drift check), nothing else', async () => {
    const t = await trace(['deploy']);
    expect(t.loaded).toEqual(['CloudFormation', 'SFN']);
    expect(t.loaded).toEqual(t.called);
  });

  it('invoke: CloudFormation (which machine) and Step Functions; no S3, SSM, STS or API Gateway', async () => {
    const t = await trace(['invoke', 'flow', '--data', '{}']);
    expect(t.loaded).toEqual(['CloudFormation', 'SFN']);
    expect(t.loaded).toEqual(t.called);
  });

  it('info, executions, logs and diff load the clients of the services they call, and only those', async () => {
    for (const args of [['info'], ['executions', 'flow'], ['logs', 'flow'], ['diff']]) {
      const t = await trace(args);
      expect(t.called.length, args.join(' ')).toBeGreaterThan(0);
      expect(t.loaded, args.join(' ')).toEqual(t.called);
    }
  });

  it('a ${ssm:} variable loads SSM (diff reads it); package loads no client at all', async () => {
    await emu.client(SSMClient).send(new PutParameterCommand({ Name: '/loads/comment', Value: 'from ssm', Type: 'String' }));
    const withSsm = mkdtempSync(join(tmpdir(), 'stepf-loads-ssm-'));
    writeFileSync(join(withSsm, 'serverless.yml'), SERVERLESS.replace('StartAt: A', 'Comment: ${ssm:/loads/comment}\n        StartAt: A'));
    const diff = await trace(['diff'], withSsm);
    // Variables are read before the command's own clients exist, so --verbose does not count that GetParameter.
    expect(diff.loaded).toEqual([...diff.called, 'SSM'].sort());
    expect(await trace(['package', '--stdout'])).toEqual({ loaded: [], called: [] });
  });

  it('no source file but src/aws/clients.ts imports a value from an @aws-sdk/client-* package (types only)', () => {
    const offenders = (readdirSync(join(repoRoot, 'src'), { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts') && f !== join('aws', 'clients.ts'))
      .filter((f) => /^import (?!type )[^;]*from '@aws-sdk\/client-/m.test(readFileSync(join(repoRoot, 'src', f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
