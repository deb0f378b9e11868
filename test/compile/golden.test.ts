import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageService, type PackageResult } from '../../src/pipeline.js';
import { formatDiagnostic } from '../../src/report/diagnostics.js';
import { UserError } from '../../src/errors.js';
import { lintTemplates } from '../support/cfn-lint.js';

/**
 * Golden templates: every fixture is packaged and compared with fixtures/<name>/stepf.template.json
 * (UPDATE_GOLDEN=1 rewrites them; review the diff). A fixture with expected-error.txt must fail with
 * exactly that message. Every template produced is also checked by cfn-lint. The real configs of
 * fixtures/real/<case> (test/compile/real-configs.test.ts) have their goldens here too; a real config that
 * must fail keeps its message in stepf.error.txt.
 */
const root = resolve(__dirname, '../../fixtures');
const update = process.env.UPDATE_GOLDEN === '1';
const hasConfig = (dir: string) => ['serverless.yml', 'serverless.yaml', 'serverless.json'].some((f) => existsSync(join(dir, f)));
const realCases = existsSync(join(root, 'real')) ? readdirSync(join(root, 'real')).filter((n) => hasConfig(join(root, 'real', n))) : [];
const fixtures = [...readdirSync(root).filter((n) => existsSync(join(root, n, 'serverless.yml'))), ...realCases.map((n) => `real/${n}`)];
const produced = new Map<string, PackageResult>();

const env = { AWS_REGION: process.env.AWS_REGION, AWS_PROFILE: process.env.AWS_PROFILE, AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE };
beforeAll(() => {
  // The region fallback reads the SDK's config: pin it so goldens do not depend on this machine's ~/.aws.
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_CONFIG_FILE = '/nonexistent';
  delete process.env.AWS_PROFILE;
});
afterAll(() => {
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  else process.env[k] = v;
});

describe.each(fixtures)('fixture %s', (name) => {
  const dir = join(root, name);
  const errorFile = join(dir, name.startsWith('real/') ? 'stepf.error.txt' : 'expected-error.txt');

  it('packages to its golden template (or fails with its expected error)', async () => {
    let result: PackageResult | undefined;
    let error: UserError | undefined;
    try {
      result = await packageService({ cwd: dir, stage: 'dev' });
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      error = err;
    }
    if (existsSync(errorFile) || (update && error)) {
      const text = error ? `${error.diagnostics.map((d) => formatDiagnostic(d, dir)).join('\n')}\n` : '(packaged without error)\n';
      if (update) writeFileSync(errorFile, text);
      expect(text).toBe(readFileSync(errorFile, 'utf8'));
      return;
    }
    if (error) throw error;
    const golden = join(dir, 'stepf.template.json');
    const warnings = join(dir, 'stepf.warnings.txt');
    const warningText = result!.warnings.map((d) => formatDiagnostic(d, dir)).join('\n');
    if (!update && !existsSync(golden)) throw new Error(`no golden template for ${name}: run UPDATE_GOLDEN=1 npx vitest run test/compile/golden.test.ts and review it`);
    if (update) {
      // Goldens stay indented for review; the body deploy sends is the compact form of the same template.
      writeFileSync(golden, `${JSON.stringify(result!.template, null, 2)}\n`);
      if (warningText) writeFileSync(warnings, `${warningText}\n`);
      else if (existsSync(warnings)) rmSync(warnings);
    }
    // A split service's nested stacks have goldens of their own, stepf.stack.<logical ID>.json.
    const stackGoldens = readdirSync(dir).filter((f) => /^stepf\.stack\..+\.json$/.test(f));
    if (update) {
      for (const f of stackGoldens) rmSync(join(dir, f));
      for (const c of result!.stacks) writeFileSync(join(dir, `stepf.stack.${c.logicalId}.json`), `${JSON.stringify(c.template, null, 2)}\n`);
    }
    expect(update ? result!.stacks.length : stackGoldens.length).toBe(result!.stacks.length);
    for (const c of result!.stacks) {
      expect(JSON.parse(readFileSync(join(dir, `stepf.stack.${c.logicalId}.json`), 'utf8'))).toEqual(c.template);
      expect(c.body).toBe(JSON.stringify(c.template));
    }
    expect(JSON.parse(readFileSync(golden, 'utf8'))).toEqual(result!.template);
    expect(result!.templateBytes).toBe(Buffer.byteLength(JSON.stringify(result!.template)));
    expect(warningText ? `${warningText}\n` : '').toBe(existsSync(warnings) ? readFileSync(warnings, 'utf8') : '');
    produced.set(name, result!);
  });
});

describe('cfn-lint, the outside judge', () => {
  it('finds no error in any golden template, nested stacks included', async () => {
    expect(produced.size).toBeGreaterThan(0);
    const templates = [...produced].flatMap(([n, r]) => [[n, r.template] as const, ...r.stacks.map((c) => [`${n}/${c.logicalId}`, c.template] as const)]);
    expect(templates.some(([n]) => n.startsWith('split/'))).toBe(true);
    const results = await lintTemplates(Object.fromEntries(templates));
    const errors = Object.entries(results).flatMap(([n, r]) => r.errors.map((e) => `${n}: ${JSON.stringify(e)}`));
    expect(errors).toEqual([]);
  });
});
