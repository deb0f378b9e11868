import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Template } from '../../src/compile/types.js';
import { packageService } from '../../src/pipeline.js';
import { planMigration } from '../../src/migrate/plan.js';
import { migrationTemplates } from '../../src/migrate/templates.js';
import { referencesIn } from '../../src/migrate/refs.js';
import { loadConfig } from '../../src/config/load.js';
import { createResolver } from '../../src/config/variables/resolve.js';
import { fakePhysicalIds, fixturesRoot, readFixtureJson as read } from '../support/migrate-oracle.js';

/**
 * After `stepf migrate`, serverless deploy without the plugin is a no-op on what moved, once the plan's step
 * "move resources.X under custom.stepf.stackResources" is done. Held against the Framework itself:
 * fixtures/migrated/<case>/serverless.yml is a migrate fixture with that step done (nothing else changed),
 * and its without-plugin.resources.json (and .outputs.json) is what `serverless package` writes for it without the plugin
 * (`bash scripts/oracle.sh --without-plugin migrated/<case>`, checked in as the other oracle outputs are).
 */
const CASES: Array<[migrated: string, original: string]> = [
  ['migrated/demo', 'demo'],
  ['migrated/standalone', 'standalone'],
  ['migrated/real-plugin-notifications', 'real/plugin-notifications'],
  ['migrated/real-vstudios-shared-authorizer', 'real/vstudios-shared-authorizer'],
  // resources: as a list of ${file()} parts, and stackResources as a list of parts beside them.
  ['migrated/real-fittest-step-function-sync', 'real/fittest-step-function-sync'],
];
const ENV = { region: 'us-east-1', accountId: '123456789012', partition: 'aws' };
const versionless = (ids: string[], types: Record<string, string>) => ids.filter((id) => types[id] !== 'AWS::Lambda::Version').sort();

const env = { AWS_REGION: process.env.AWS_REGION, AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE };
beforeAll(() => {
  // As the goldens are made: the region fallback must not read this machine's ~/.aws.
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_CONFIG_FILE = '/nonexistent';
});
afterAll(() => {
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  else process.env[k] = v;
});

async function stackResourceIds(name: string): Promise<string[]> {
  const loaded = await loadConfig(join(fixturesRoot, name));
  const resolver = await createResolver({ root: loaded, options: { stage: 'dev' } });
  const value = await resolver.get(['custom', 'stepf', 'stackResources']);
  const parts = (Array.isArray(value) ? value : [value]) as Array<Record<string, Record<string, unknown>>>;
  return parts.flatMap((p) => ['Resources', 'Outputs', 'Conditions'].flatMap((section) => Object.keys(p[section] ?? {}).map((id) => `${section}.${id}`)));
}

async function planOf(original: string) {
  const pkg = await packageService({ cwd: join(fixturesRoot, original), stage: 'dev', params: {} });
  const plugin = read(original, 'plugin.template.json') as Template;
  const input = { serverless: { name: 'svc-dev', template: plugin, physicalIds: fakePhysicalIds(plugin) }, stepf: { name: 'svc-dev-stepf', template: pkg.template }, env: ENV, takenResources: pkg.takenResources };
  const plan = planMigration(input);
  return { pkg, plugin, plan, after: migrationTemplates(input, plan) };
}

describe.each(CASES)('%s (fixtures/%s with the plan\'s move to custom.stepf.stackResources done)', (migrated, original) => {
  it('before the move, serverless package without the plugin holds resources the migration moves (the gap)', async () => {
    const { after } = await planOf(original);
    const alone = read(original, 'without-plugin.resources.json') as Record<string, string>;
    expect(after.moves.filter((m) => m.from in alone).length).toBeGreaterThan(0);
  });

  it('the plan prints exactly the move that was done: every entry now under custom.stepf.stackResources, from where it was', async () => {
    const { plan } = await planOf(original);
    const moved = await packageService({ cwd: join(fixturesRoot, migrated), stage: 'dev', params: {} });
    const written = moved.template;
    const before = await packageService({ cwd: join(fixturesRoot, original), stage: 'dev', params: {} });
    // What the migrated config writes under stackResources (one block or a list of ${file()} parts), by section.
    const own = await stackResourceIds(migrated);
    expect(plan.stackResourcesMove.map((m) => m.to.replace('custom.stepf.stackResources.', '')).sort()).toEqual(own.sort());
    for (const m of plan.stackResourcesMove) {
      const [section, id] = m.to.split('.').slice(-2);
      expect(m.from).toMatch(new RegExp(`^resources(\\[\\d+\\])?\\.${section}\\.${id}$`));
      expect(before.takenResources.some((e) => e.section === section && e.id === id)).toBe(true);
      // A `${file()}` part of resources: is named, so the user knows which file to cut it from.
      if (m.from.startsWith('resources[')) expect(m.file).toMatch(/^\.\/stateMachines\/test\/(foo|Bar)\/resources\.yaml$/);
      else expect(m.file).toBeUndefined();
      if (section !== 'Conditions') expect((written[section as 'Resources'] ?? {})[id], m.to).toBeDefined();
    }
  });

  it("stepf packages it to the same template as before the move, and warns no more: stepf deploy is a no-op on what moved", async () => {
    const moved = await packageService({ cwd: join(fixturesRoot, migrated), stage: 'dev', params: {} });
    expect(moved.template).toEqual(read(original, 'stepf.template.json'));
    expect(moved.takenResources).toEqual([]);
    expect(moved.warnings.filter((w) => w.code === 'resources-deployed-twice')).toEqual([]);
  });

  it("serverless package without the plugin holds none of what moved: the Serverless template migrate leaves behind (resources and outputs), less only what cannot move", async () => {
    const { plan, plugin, after } = await planOf(original);
    const alone = read(migrated, 'without-plugin.resources.json') as Record<string, string>;
    for (const m of after.moves) expect(alone[m.from], `${m.from} moved, yet serverless deploy would make it again`).toBeUndefined();
    const types = Object.fromEntries(Object.entries(plugin.Resources).map(([id, r]) => [id, r.Type]));
    // What cannot move and is the plugin's alone is what serverless deploy without the plugin deletes.
    const unmovable = new Set(plan.unmovable.map((u) => u.logicalId).filter((id) => !(id in alone)));
    const left = Object.keys(after.serverless.Resources).filter((id) => !unmovable.has(id));
    expect(versionless(Object.keys(alone), alone)).toEqual(versionless(left, types));
    // Outputs too: those naming what moved left with it, and serverless deploy writes none of them again (nor
    // those naming what cannot move, which it deletes).
    const ids = new Set(Object.keys(after.serverless.Resources));
    const outputsLeft = Object.entries(after.serverless.Outputs ?? {}).filter(([, o]) => !referencesIn(o.Value, ids).some((r) => unmovable.has(r.id)));
    expect(read(migrated, 'without-plugin.outputs.json')).toEqual(outputsLeft.map(([k]) => k).sort());
  });
});
