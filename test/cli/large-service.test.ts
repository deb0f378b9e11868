// 1,000 machines of 50 states (five Lambda tasks each without a Retry) packaged by the built CLI: every file it writes is read back
// and held to CloudFormation's and Step Functions' limits here, by this test's own counting, not by the code
// that split the service.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
// @ts-expect-error: a plain .mjs script shared with the benchmark
import { generateLarge } from '../../scripts/gen-large.mjs';

type Json = Record<string, any>;

/** The text Step Functions gets for a machine resource whose definition is inline (DefinitionString or its Fn::Sub text). */
function inlineDefinition(props: Json): string | undefined {
  const d = props.DefinitionString;
  if (typeof d === 'string') return d;
  const sub = d?.['Fn::Sub'];
  return typeof sub === 'string' ? sub : Array.isArray(sub) ? sub[0] : undefined;
}

describe('a service of 1,000 machines of 50 states, as package writes it', () => {
  it('every template and definition it writes is within every limit, and together they hold every machine once', () => {
    const dir = generateLarge(mkdtempSync(join(tmpdir(), 'stepf-large-')), 1000, 50, { retry: false });
    const out = join(dir, 'out');
    const r = runCli(['package', '--stage', 'dev', '--out', out], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/lambda-no-retry: 1,000 in all/);

    const parentText = readFileSync(join(out, 'template.json'), 'utf8').trimEnd();
    const parent = JSON.parse(parentText) as Json;
    const stackFiles = readdirSync(join(out, 'stacks'));
    const templates: Array<[string, string]> = [['template.json', parentText], ...stackFiles.map((f) => [`stacks/${f}`, readFileSync(join(out, 'stacks', f), 'utf8').trimEnd()] as [string, string])];
    const definitions = new Map(readdirSync(join(out, 'definitions')).map((f) => [f, readFileSync(join(out, 'definitions', f), 'utf8')]));

    // The parent holds only the nested stacks, each named by the hash of the file package wrote for it.
    const nested = Object.entries(parent.Resources as Json);
    expect(nested.length).toBe(stackFiles.length);
    for (const [id, res] of nested) {
      expect(res.Type).toBe('AWS::CloudFormation::Stack');
      const text = readFileSync(join(out, 'stacks', `${id}.json`), 'utf8').trimEnd();
      const hash = createHash('sha256').update(text).digest('hex').slice(0, 20);
      expect(res.Properties.TemplateURL['Fn::Sub']).toContain(`/stacks/${hash}.json`);
    }

    const machines: string[] = [];
    const outputsNamingMachines: string[] = [];
    for (const [file, text] of templates) {
      const t = JSON.parse(text) as Json;
      const where = `${file}: `;
      expect(Buffer.byteLength(text), `${where}bytes`).toBeLessThanOrEqual(1_000_000);
      expect(Object.keys(t.Resources).length, `${where}resources`).toBeLessThanOrEqual(500);
      expect(Object.keys(t.Outputs ?? {}).length, `${where}outputs`).toBeLessThanOrEqual(200);
      expect(Object.keys(t.Parameters ?? {}).length, `${where}parameters`).toBeLessThanOrEqual(200);
      expect(Object.keys(t.Mappings ?? {}).length, `${where}mappings`).toBeLessThanOrEqual(200);
      for (const id of [...Object.keys(t.Resources), ...Object.keys(t.Outputs ?? {})]) expect(id.length).toBeLessThanOrEqual(255);
      for (const [id, res] of Object.entries(t.Resources as Json)) {
        if (res.Type === 'AWS::IAM::Role' && typeof res.Properties?.RoleName === 'string') expect(res.Properties.RoleName.length).toBeLessThanOrEqual(64);
        if (res.Type !== 'AWS::StepFunctions::StateMachine') continue;
        machines.push(id);
        expect(String(res.Properties.StateMachineName).length).toBeLessThanOrEqual(80);
        const inline = inlineDefinition(res.Properties);
        const key = res.Properties.DefinitionS3Location?.Key as string | undefined;
        expect(inline === undefined, `${id} has one definition`).toBe(key !== undefined);
        const body = inline ?? definitions.get(key!.split('/').pop()!);
        expect(body, `${id}: ${key} written`).toBeDefined();
        expect(Buffer.byteLength(body!)).toBeLessThanOrEqual(1_048_576);
        if (key) expect(key).toContain(createHash('sha256').update(body!).digest('hex').slice(0, 20));
      }
      for (const o of Object.values((t.Outputs ?? {}) as Json)) if (o.Value?.Ref) outputsNamingMachines.push(o.Value.Ref);
    }
    expect(machines).toHaveLength(1000);
    expect(new Set(machines).size).toBe(1000);
    expect(outputsNamingMachines.sort()).toEqual([...machines].sort());
    expect(existsSync(join(out, 'definitions'))).toBe(true);
  });
});
