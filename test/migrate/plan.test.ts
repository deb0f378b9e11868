import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Template } from '../../src/compile/types.js';
import { packageService } from '../../src/pipeline.js';
import { migrationTemplates } from '../../src/migrate/templates.js';
import { referencesIn } from '../../src/migrate/refs.js';
import { planMigration, type MigrationPlan } from '../../src/migrate/plan.js';
import { fakePhysicalIds, fixturesRoot, mappedBy, migrationFixtures, readFixtureJson as read, servingMachines } from '../support/migrate-oracle.js';

/**
 * The migration plan held against the plugin itself (test/support/migrate-oracle.ts): every resource the
 * plugin deployed for a machine, and every `resources:` entry stepf's template takes, is mapped (moved, or
 * listed as unmovable with a reason); nothing else is.
 */
const fixtures = migrationFixtures();
const ENV = { region: 'us-east-1', accountId: '123456789012', partition: 'aws' };

function planFor(name: string): { plan: MigrationPlan; plugin: Template; stepf: Template } {
  const plugin = read(name, 'plugin.template.json') as Template;
  const stepf = read(name, 'stepf.template.json') as Template;
  const plan = planMigration({
    serverless: { name: 'svc-dev', template: plugin, physicalIds: fakePhysicalIds(plugin) },
    stepf: { name: 'svc-dev-stepf', template: stepf },
    env: ENV,
  });
  return { plan, plugin, stepf };
}

describe.each(fixtures)('migration plan of fixture %s', (name) => {
  it("maps every resource the plugin deployed for a machine, and every resources: entry stepf's stack takes, and nothing else", () => {
    const { plan } = planFor(name);
    expect(mappedBy(plan)).toEqual(servingMachines(name));
  });

  it('gives each move the physical ID deployed, and a reason to each resource that cannot move', () => {
    const { plan } = planFor(name);
    for (const r of plan.rows.filter((x) => x.action === 'move')) expect(r.physicalId, r.from).toBeTruthy();
    for (const u of plan.unmovable) expect(u.reason, u.logicalId).toMatch(/\w{3,}/);
    expect(new Set(plan.rows.filter((r) => r.to).map((r) => r.to)).size).toBe(plan.rows.filter((r) => r.to).length);
  });
});

describe('migration plan', () => {
  it('moves the machine and its role of a service with no http events, renaming nothing', () => {
    const { plan } = planFor('hello');
    expect(plan.rows.map((r) => `${r.action} ${r.from} -> ${r.to}`)).toEqual([
      'move Hellostepfunc1StepFunctionsStateMachineRole -> Hellostepfunc1StepFunctionsStateMachineRole',
      'move Hellostepfunc1StepFunctionsStateMachine -> Hellostepfunc1StepFunctionsStateMachine',
    ]);
    expect(plan.unmovable).toEqual([]);
    expect(plan.outputsLeaving).toEqual(['Hellostepfunc1StepFunctionsStateMachineArn']);
  });

  it("pairs the plugin's API deployment with stepf's, whose ID is a hash, when the API moves", () => {
    const { plan } = planFor('events-http');
    const deployment = plan.rows.find((r) => r.type === 'AWS::ApiGateway::Deployment');
    expect(deployment).toMatchObject({ action: 'move', from: 'ApiGatewayDeployment0000000000000', to: expect.stringMatching(/^ApiGatewayDeployment[0-9a-f]{10}$/) });
    expect(plan.rows.find((r) => r.from === 'ApiGatewayRestApi')?.action).toBe('move');
  });

  it("keeps an API the functions' http events share in the Serverless stack, with the machines' methods on it", () => {
    const { plan } = planFor('real/alvaromoca-example');
    const api = plan.unmovable.find((u) => u.logicalId === 'ApiGatewayRestApi');
    expect(api?.reason).toMatch(/also serves the functions' http events/);
    expect(api?.hint).toMatch(/restApiId/);
    const methods = plan.unmovable.filter((u) => u.type === 'AWS::ApiGateway::Method');
    expect(methods.length).toBeGreaterThan(0);
    for (const m of methods) expect(m.reason).toMatch(/belongs to the Serverless stack's API/);
    expect(plan.rows.find((r) => r.to === 'ApiGatewayRestApi')).toMatchObject({ action: 'create', why: expect.stringMatching(/cannot move/) });
  });

  it('pairs notification policies by the topic or queue they are attached to (their IDs end in a hash)', () => {
    const { plan } = planFor('events-alarms-notifications');
    const policies = plan.rows.filter((r) => r.type === 'AWS::SNS::TopicPolicy' || r.type === 'AWS::SQS::QueuePolicy');
    expect(policies.map((r) => r.action)).toEqual(['move', 'move']);
    for (const p of policies) expect(p.from).not.toBe(p.to);
  });

  it("creates what the plugin never made (stepf's log group), moving the machine as it is", () => {
    const { plan } = planFor('features');
    expect(plan.rows.find((r) => r.to === 'LoggedMachineLogGroup')).toMatchObject({ action: 'create' });
    expect(plan.rows.find((r) => r.to === 'LoggedMachine')).toMatchObject({ action: 'move' });
  });

  it("stops a machine the Serverless stack's functions refer to, naming the reference and the ARN to use instead", () => {
    const plugin = read('hello', 'plugin.template.json') as Template;
    const stepf = read('hello', 'stepf.template.json') as Template;
    const withRef = structuredClone(plugin);
    (withRef.Resources.HelloLambdaFunction.Properties as Record<string, unknown>).Environment = { Variables: { MACHINE: { Ref: 'Hellostepfunc1StepFunctionsStateMachine' } } };
    const ids = fakePhysicalIds(withRef);
    const plan = planMigration({ serverless: { name: 's', template: withRef, physicalIds: ids }, stepf: { name: 's-stepf', template: stepf }, env: ENV });
    const u = plan.unmovable.find((x) => x.logicalId === 'Hellostepfunc1StepFunctionsStateMachine');
    expect(u?.reason).toMatch(/HelloLambdaFunction, which stays in the Serverless stack, refers to it/);
    expect(u?.hint).toContain(ids.Hellostepfunc1StepFunctionsStateMachine);
    expect(plan.rows.find((r) => r.to === 'Hellostepfunc1StepFunctionsStateMachine')?.action).toBe('create');
  });

  it('says everything is done on a re-run after the move: the Serverless stack has none of it left', () => {
    const plugin = read('hello', 'plugin.template.json') as Template;
    const stepf = read('hello', 'stepf.template.json') as Template;
    const ids = fakePhysicalIds(plugin);
    const left = structuredClone(plugin);
    for (const id of Object.keys(stepf.Resources)) delete left.Resources[id];
    const moved = Object.fromEntries(Object.keys(stepf.Resources).map((id) => [id, ids[id]]));
    const plan = planMigration({
      serverless: { name: 's', template: left, physicalIds: Object.fromEntries(Object.keys(left.Resources).map((id) => [id, ids[id]])) },
      stepf: { name: 's-stepf', template: stepf, deployed: { name: 's-stepf', template: stepf, physicalIds: moved } },
      env: ENV,
    });
    expect(plan.nothingToMove).toBe(true);
    expect(plan.rows.map((r) => r.action)).toEqual(['done', 'done']);
  });

  it("does not take over a machine when stepf's stack already made its own of that logical ID", () => {
    const plugin = read('hello', 'plugin.template.json') as Template;
    const stepf = read('hello', 'stepf.template.json') as Template;
    const own = { Hellostepfunc1StepFunctionsStateMachine: 'arn:aws:states:us-east-1:123456789012:stateMachine:other', Hellostepfunc1StepFunctionsStateMachineRole: 'other-role' };
    const plan = planMigration({
      serverless: { name: 's', template: plugin, physicalIds: fakePhysicalIds(plugin) },
      stepf: { name: 's-stepf', template: stepf, deployed: { name: 's-stepf', template: stepf, physicalIds: own } },
      env: ENV,
    });
    expect(plan.unmovable.map((u) => u.logicalId).sort()).toEqual(Object.keys(own).sort());
    expect(plan.unmovable[0].reason).toMatch(/already has its own/);
  });
});

describe('migration plan onto a shared API (provider.apiGateway.restApiId)', () => {
  async function sharedApiTemplate(): Promise<Template> {
    const dir = mkdtempSync(join(tmpdir(), 'stepf-shared-api-'));
    cpSync(join(fixturesRoot, 'real/alvaromoca-example'), dir, { recursive: true });
    const yml = join(dir, 'serverless.yml');
    writeFileSync(yml, readFileSync(yml, 'utf8').replace('provider:\n', 'provider:\n  apiGateway:\n    restApiId: apigatewayrestapi-phys\n    restApiRootResourceId: root-123\n'));
    return (await packageService({ cwd: dir, stage: 'dev' })).template;
  }

  it("moves the machines' methods and resources onto the API the functions share, given its root resource ID; the API stays", async () => {
    const plugin = read('real/alvaromoca-example', 'plugin.template.json') as Template;
    const stepf = await sharedApiTemplate();
    expect(stepf.Resources.ApiGatewayRestApi).toBeUndefined();
    const plan = planMigration({
      serverless: { name: 's', template: plugin, physicalIds: fakePhysicalIds(plugin) },
      stepf: { name: 's-stepf', template: stepf },
      env: ENV,
      knownAttributes: { 'ApiGatewayRestApi.RootResourceId': 'root-123' },
    });
    expect(plan.unmovable).toEqual([]);
    const moved = plan.rows.filter((r) => r.action === 'move').map((r) => r.from);
    expect(moved).toEqual(expect.arrayContaining(['ApiGatewayResourceHellostep', 'ApiGatewayMethodHellostepGet', 'StepFunctionsUnderscoretest04']));
    expect(moved).not.toContain('ApiGatewayRestApi');
    const templates = migrationTemplates({ serverless: { name: 's', template: plugin, physicalIds: fakePhysicalIds(plugin) }, stepf: { name: 's-stepf', template: stepf }, env: ENV, knownAttributes: { 'ApiGatewayRestApi.RootResourceId': 'root-123' } }, plan);
    expect(templates.stepf.Resources.ApiGatewayResourceHellostep.Properties).toMatchObject({ RestApiId: 'apigatewayrestapi-phys', ParentId: 'root-123' });
  });

  it('without the root resource ID, a resource at the root of the shared API cannot move, and says why', async () => {
    const plugin = read('real/alvaromoca-example', 'plugin.template.json') as Template;
    const plan = planMigration({ serverless: { name: 's', template: plugin, physicalIds: fakePhysicalIds(plugin) }, stepf: { name: 's-stepf', template: await sharedApiTemplate() }, env: ENV });
    expect(plan.unmovable.find((u) => u.logicalId === 'ApiGatewayResourceHellostep')?.reason).toBe('it refers to ApiGatewayRestApi.RootResourceId in the Serverless stack, a value CloudFormation alone knows');
  });
});

describe.each(fixtures)('the Serverless stack after the move, fixture %s', (name) => {
  it('holds what the Framework deploys without the plugin, besides what could not move: serverless deploy without the plugin then adds nothing and deletes only those', () => {
    const { plan, plugin, stepf } = planFor(name);
    const input = { serverless: { name: 'svc-dev', template: plugin, physicalIds: fakePhysicalIds(plugin) }, stepf: { name: 'svc-dev-stepf', template: stepf }, env: ENV };
    const t = migrationTemplates(input, plan);
    const alone = read(name, 'without-plugin.resources.json') as Record<string, string>;
    const versionless = (ids: string[], types: Record<string, string>) => ids.filter((id) => types[id] !== 'AWS::Lambda::Version').sort();
    // What cannot move and is the plugin's alone is what serverless deploy then deletes (a shared API stays).
    const unmovable = new Set(plan.unmovable.map((u) => u.logicalId).filter((id) => !(id in alone)));
    const after = Object.keys(t.serverless.Resources).filter((id) => !unmovable.has(id));
    const moved = new Set(t.moves.map((m) => m.from));
    const types = Object.fromEntries(Object.entries(plugin.Resources).map(([id, r]) => [id, r.Type]));
    expect(versionless(after, types)).toEqual(versionless(Object.keys(alone).filter((id) => !moved.has(id)), alone));
    for (const m of t.moves) expect(t.stepf.Resources[m.to]?.Type).toBe(m.type);
  });
});

describe('migration plan: what stays and is read across', () => {
  it("says where the entries of serverless.yml's resources: that stepf's stack takes go (serverless deploy reads that block too)", async () => {
    const pkg = await packageService({ cwd: join(fixturesRoot, 'demo'), stage: 'dev' });
    const plugin = read('demo', 'plugin.template.json') as Template;
    const plan = planMigration({ serverless: { name: 's', template: plugin, physicalIds: fakePhysicalIds(plugin) }, stepf: { name: 's-stepf', template: pkg.template }, env: ENV, takenResources: pkg.takenResources });
    expect(plan.stackResourcesMove).toEqual([{ from: 'resources.Resources.ReceiptsQueue', to: 'custom.stepf.stackResources.Resources.ReceiptsQueue' }]);
    expect(plan.rows.find((r) => r.from === 'ReceiptsQueue')?.action).toBe('move');
  });

  it("marks keep what stays in the Serverless stack and stepf's stack reads through a Parameter", async () => {
    const pkg = await packageService({ cwd: join(fixturesRoot, 'cross-stack'), stage: 'dev', params: {} });
    const plugin = read('cross-stack', 'plugin.template.json') as Template;
    const reads = Object.fromEntries(pkg.parameters.filter((p) => p.source.kind !== 'output').map((p) => [p.name, p.source.logicalId]));
    expect(Object.keys(reads).length).toBeGreaterThan(0);
    const plan = planMigration({ serverless: { name: pkg.serverlessStackName, template: plugin, physicalIds: fakePhysicalIds(plugin) }, stepf: { name: pkg.stackName, template: pkg.template }, env: ENV, readsFromServerless: reads });
    for (const [param, id] of Object.entries(reads)) {
      expect(plan.rows.find((r) => r.from === id)).toMatchObject({ action: 'keep', why: `stepf's stack reads it (Parameter ${param})`, physicalId: fakePhysicalIds(plugin)[id] });
    }
  });
});

describe.each(fixtures)('migration plan of fixture %s, checked for references across the two stacks', (name) => {
  it('leaves no reference between what moves and what stays, except by value', () => {
    const { plan, plugin } = planFor(name);
    const moved = new Set(plan.rows.filter((r) => r.action === 'move').map((r) => r.from!));
    const ids = new Set(Object.keys(plugin.Resources));
    const deployed = fakePhysicalIds(plugin);
    for (const [id, r] of Object.entries(plugin.Resources)) {
      if (moved.has(id) || !deployed[id]) continue;
      const into = referencesIn(r.Properties ?? {}, ids).filter((ref) => moved.has(ref.id));
      expect(into, `${id} stays and refers to a moved resource`).toEqual([]);
    }
  });
});
