import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * cfn-lint, the outside judge: it knows every resource type's real schema, so a template it rejects would
 * fail in CloudFormation. Runs the project-local .venv/bin/cfn-lint (scripts/venv.sh makes it). One
 * process lints many templates: one template takes ~1.2 s (0.6 s of it is start-up), ten ~2.5 s, thirty ~5.3 s.
 */

export interface LintFinding {
  /** Rule id, e.g. E3601; the first letter is the level (E error, W warning, I informational). */
  rule: string;
  message: string;
  /** Where in the template, e.g. ['Resources', 'Machine', 'Properties', 'DefinitionString']. */
  path: Array<string | number>;
  line: number;
  column: number;
}

export interface LintResult {
  /** E-level findings: CloudFormation would reject or mis-deploy the template. */
  errors: LintFinding[];
  /** W- and I-level findings. */
  warnings: LintFinding[];
}

export interface LintOptions {
  region?: string;
  /** Rule ids (or prefixes such as W3005) to skip, passed as --ignore-checks. */
  ignoreChecks?: string[];
  /** The cfn-lint executable; defaults to the project venv's. */
  cfnLint?: string;
}

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const cfnLintPath = join(repoRoot, '.venv', 'bin', 'cfn-lint');

interface RawFinding {
  Filename: string;
  Level: string;
  Message: string;
  Rule: { Id: string };
  Location: { Path?: Array<string | number> | null; Start: { LineNumber: number; ColumnNumber: number } };
}

export async function lintTemplate(template: object | string, options: LintOptions = {}): Promise<LintResult> {
  const results = await lintTemplates({ template }, options);
  return results.template!;
}

/** Lints every template in one cfn-lint process; the result has the same keys as the input. */
export async function lintTemplates(
  templates: Record<string, object | string>,
  options: LintOptions = {},
): Promise<Record<string, LintResult>> {
  const names = Object.keys(templates);
  const results: Record<string, LintResult> = Object.fromEntries(names.map((n) => [n, { errors: [], warnings: [] }]));
  if (names.length === 0) return results;
  const cfnLint = options.cfnLint ?? cfnLintPath;
  if (!existsSync(cfnLint)) {
    throw new Error(`cfn-lint not found at ${cfnLint}: run \`bash scripts/venv.sh\` to create the project's Python venv`);
  }

  const dir = await mkdtemp(join(tmpdir(), 'stepf-cfn-lint-'));
  try {
    // Files are named by index so any template name is safe; the map leads back to the name.
    const fileToName = new Map<string, string>();
    await Promise.all(
      names.map(async (name, i) => {
        const body = templates[name]!;
        const text = typeof body === 'string' ? body : JSON.stringify(body, null, 2);
        const ext = typeof body === 'string' && !text.trimStart().startsWith('{') ? 'yaml' : 'json';
        const file = join(dir, `${i}.${ext}`);
        fileToName.set(file, name);
        await writeFile(file, text);
      }),
    );
    const args = ['--format', 'json', '--regions', options.region ?? 'us-east-1'];
    if (options.ignoreChecks?.length) args.push('--ignore-checks', ...options.ignoreChecks);
    args.push('--', ...fileToName.keys());
    const { stdout, stderr, code } = await run(cfnLint, args);
    // Exit code is a bit mask: 2 errors, 4 warnings, 8 informational; anything else means cfn-lint itself failed.
    if (code === null || (code & ~(2 | 4 | 8)) !== 0) {
      throw new Error(`cfn-lint failed (exit ${code}): ${stderr.trim() || stdout.trim()}`);
    }
    let findings: RawFinding[];
    try {
      findings = JSON.parse(stdout || '[]') as RawFinding[];
    } catch {
      throw new Error(`cfn-lint printed something that is not JSON (exit ${code}): ${stdout.slice(0, 500)} ${stderr.slice(0, 500)}`);
    }
    for (const f of findings) {
      const name = fileToName.get(f.Filename) ?? fileToName.get(resolve(f.Filename));
      if (name === undefined) throw new Error(`cfn-lint reported a file it was not given: ${f.Filename}`);
      const finding: LintFinding = {
        rule: f.Rule.Id,
        message: f.Message,
        path: f.Location.Path ?? [],
        line: f.Location.Start.LineNumber,
        column: f.Location.Start.ColumnNumber,
      };
      (f.Rule.Id.startsWith('E') ? results[name]!.errors : results[name]!.warnings).push(finding);
    }
    return results;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One line per finding, for test failure messages and notes: `name: E3601 Resources/X/... message`. */
export function formatFindings(results: Record<string, LintResult>, level: 'errors' | 'warnings' = 'errors'): string[] {
  return Object.entries(results).flatMap(([name, r]) =>
    r[level].map((f) => `${name}: ${f.rule} ${f.path.join('/')} ${f.message}`),
  );
}

function run(cmd: string, args: string[]): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ stdout, stderr, code }));
  });
}
