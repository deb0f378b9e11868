// `stepf migrate` (the plan) against moto server: the plugin's own template (fixtures/<name>/plugin.template.json,
// made by scripts/oracle.sh) deployed there as the Serverless stack, then `stepf migrate --stage dev --json` run
// in the fixture. The fixtures are those whose plugin template moto can deploy: moto fails a stack on
// Fn::GetAtt of a state machine and on several resource types (reference/local-aws.md); the pure plan test
// covers every fixture.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand, GetTemplateCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { useEmulator } from '../support/emulator.js';
import { fakePhysicalIds, fixturesRoot, mappedBy, readFixtureJson, servingMachines } from '../support/migrate-oracle.js';
import type { Template } from '../../src/compile/types.js';
import { planMigration } from '../../src/migrate/plan.js';
import { migrationTemplates } from '../../src/migrate/templates.js';

const FIXTURES = [
  'hello',
  'demo',
  'distributed-map',
  'events-alarms-notifications',
  'sample-app',
  'standalone',
  'real/marcostrotti-human',
  'real/vstudios-callback-repo',
  'real/plugin-schedule',
  'real/plugin-notifications',
];

const emu = useEmulator();
let cfn: CloudFormationClient;

beforeAll(async () => {
  cfn = emu.client(CloudFormationClient);
});

const stepf = emu.stepf;

function copy(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `stepf-migrate-${name.replace('/', '-')}-`));
  cpSync(join(fixturesRoot, name), dir, { recursive: true });
  return dir;
}

/** Deploys the plugin's template as the Serverless stack of the fixture (its name from `stepf package`). */
async function deployPluginStack(name: string, dir: string): Promise<string> {
  const pkg = await stepf(dir, ['package', '--stage', 'dev', '--json']);
  expect(pkg.code, pkg.stderr).toBe(0);
  const stackName = JSON.parse(pkg.stdout).serverlessStackName as string;
  await cfn.send(new CreateStackCommand({ StackName: stackName, TemplateBody: JSON.stringify(readFixtureJson(name, 'plugin.template.json')), Capabilities: ['CAPABILITY_NAMED_IAM'] }));
  const status = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0]?.StackStatus;
  expect(status).toBe('CREATE_COMPLETE');
  return stackName;
}

describe.each(FIXTURES)('stepf migrate (plan) of fixture %s, the plugin\'s template deployed to moto', (name) => {
  it("maps exactly what the plugin deployed for the machines, with the physical IDs deployed, and changes nothing", async () => {
    const dir = copy(name);
    const stackName = await deployPluginStack(name, dir);
    const templateBefore = (await cfn.send(new GetTemplateCommand({ StackName: stackName }))).TemplateBody;
    const resources = (await cfn.send(new ListStackResourcesCommand({ StackName: stackName }))).StackResourceSummaries ?? [];

    const physical = Object.fromEntries(resources.map((x) => [x.LogicalResourceId, x.PhysicalResourceId]));
    const r = await stepf(dir, ['migrate', '--stage', 'dev', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.serverlessStack).toBe(stackName);
    // moto skips some types (CloudWatch alarms, API keys, stages) and leaves some physical IDs empty (Lambda
    // permissions): those are not deployed, so not in the plan; the pure test has them.
    expect(mappedBy(plan)).toEqual(servingMachines(name).filter((id) => physical[id]));
    for (const row of plan.rows.filter((x: { action: string }) => x.action === 'move')) expect(row.physicalId, row.from).toBe(physical[row.from]);

    expect((await cfn.send(new GetTemplateCommand({ StackName: stackName }))).TemplateBody).toBe(templateBefore);
    await expect(cfn.send(new DescribeStacksCommand({ StackName: plan.stepfStack }))).rejects.toThrow(/does not exist/);
  });
});

describe('stepf migrate (plan) as text', () => {
  it('prints the table, what cannot move with its hint, and the next commands in order', async () => {
    const dir = copy('real/marcostrotti-human');
    // The stack exists from the test above when it ran first; deploy it here otherwise.
    const exists = await cfn.send(new DescribeStacksCommand({ StackName: 'sls-step-fn-human-interaction-example-dev' })).then(() => true, () => false);
    if (!exists) await deployPluginStack('real/marcostrotti-human', dir);
    const r = await stepf(dir, ['migrate', '--stage', 'dev']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Migration plan: sls-step-fn-human-interaction-example-dev → sls-step-fn-human-interaction-example-dev-stepf (us-east-1)');
    expect(r.stdout).toMatch(/move\s+StateDashmachine\s+→\s+StateDashmachine\s+StepFunctions::StateMachine\s+arn:aws:states:us-east-1:123456789012:stateMachine:state-machine/);
    expect(r.stdout).toMatch(/ApiGatewayRestApi \(ApiGateway::RestApi, \w+\): the Serverless stack's API also serves the functions' http events/);
    expect(r.stdout).toMatch(/hint: stepf's stack gets its own API \(a new URL\); to keep the URLs, share this API: provider.apiGateway.restApiId/);
    expect(r.stdout).toMatch(/1\. stepf migrate --stage dev --execute.*\n\s+2\. remove serverless-step-functions from plugins:.*serverless deploy --stage dev.*\n\s+3\. stepf deploy --stage dev/);
  });

  it("says where the resources: entries stepf's stack takes go, as the step between --execute and removing the plugin (text and --json)", async () => {
    const dir = copy('real/plugin-notifications');
    const exists = await cfn.send(new DescribeStacksCommand({ StackName: 'integration-notifications-dev' })).then(() => true, () => false);
    if (!exists) await deployPluginStack('real/plugin-notifications', dir);
    const json = JSON.parse((await stepf(dir, ['migrate', '--stage', 'dev', '--json'])).stdout);
    expect(json.stackResourcesMove).toEqual([
      { from: 'resources.Resources.NotificationTopic', to: 'custom.stepf.stackResources.Resources.NotificationTopic' },
      { from: 'resources.Resources.NotificationQueue', to: 'custom.stepf.stackResources.Resources.NotificationQueue' },
    ]);
    const r = await stepf(dir, ['migrate', '--stage', 'dev']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/resources\.Resources\.NotificationTopic\s+→\s+custom\.stepf\.stackResources\.Resources\.NotificationTopic/);
    expect(r.stdout).toMatch(/1\. stepf migrate --stage dev --execute.*\n\s+2\. in serverless\.yml, move resources\.Resources\.NotificationTopic → custom\.stepf\.stackResources\.Resources\.NotificationTopic, resources\.Resources\.NotificationQueue → custom\.stepf\.stackResources\.Resources\.NotificationQueue, unchanged.*\n\s+3\. remove serverless-step-functions/);
  });

  it('says so, exit 3, when the plugin never deployed the service', async () => {
    const r = await stepf(copy('string-definition'), ['migrate', '--stage', 'dev']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/error: DescribeStacks: stack \S+-dev does not exist in us-east-1: there is nothing the plugin deployed to take over/);
    expect(r.stderr).toMatch(/hint: .*needs no migration \(stepf deploy\)/);
  });
});

describe('stepf migrate --execute against moto (moto lacks stack refactoring: the refactor path itself is tested with injected answers)', () => {
  it('stops with the endpoint\'s refusal, exit 3, and leaves both stacks as they were', async () => {
    const dir = copy('standalone');
    const exists = await cfn.send(new DescribeStacksCommand({ StackName: 'stepf-standalone-dev' })).then(() => true, () => false);
    if (!exists) await deployPluginStack('standalone', dir);
    const before = (await cfn.send(new GetTemplateCommand({ StackName: 'stepf-standalone-dev' }))).TemplateBody;
    const r = await stepf(dir, ['migrate', '--stage', 'dev', '--execute']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/error: CreateStackRefactor: /);
    expect((await cfn.send(new GetTemplateCommand({ StackName: 'stepf-standalone-dev' }))).TemplateBody).toBe(before);
    await expect(cfn.send(new DescribeStacksCommand({ StackName: 'stepf-standalone-dev-stepf' }))).rejects.toThrow(/does not exist/);
  });
});

describe('stepf migrate --import against moto (moto ignores DeletionPolicy Retain when a resource leaves a stack and treats an IMPORT change set as a create)', () => {
  it('runs the Retain and removal updates for real, then reports that the IMPORT did not take the resources over, naming each (exit 3)', async () => {
    const dir = copy('real/plugin-cloudwatch-event');
    const stackName = await deployPluginStack('real/plugin-cloudwatch-event', dir);
    const r = await stepf(dir, ['migrate', '--stage', 'dev', '--import']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/error: ListStackResources: the IMPORT change set did not take over \S+ \(/);
    expect(r.stderr).toContain("hint: stepf's stack holds other resources under those logical IDs");
    // The Serverless stack went through both updates: the moved resources left it.
    const left = ((await cfn.send(new ListStackResourcesCommand({ StackName: stackName }))).StackResourceSummaries ?? []).map((x) => x.LogicalResourceId);
    expect(left.some((id) => id?.endsWith('Role') && id !== 'IamRoleLambdaExecution')).toBe(false);
  });
});

describe('stepf migrate after the move, against moto (the two stacks as a move leaves them, deployed there)', () => {
  it('plans nothing to move, and --execute then changes nothing and says so (exit 0)', async () => {
    const name = 'real/plugin-circular-dependency';
    const dir = copy(name);
    const pkg = JSON.parse((await stepf(dir, ['package', '--stage', 'dev', '--json'])).stdout);
    const plugin = readFixtureJson(name, 'plugin.template.json') as Template;
    const input = { serverless: { name: pkg.serverlessStackName, template: plugin, physicalIds: fakePhysicalIds(plugin) }, stepf: { name: pkg.stackName, template: readFixtureJson(name, 'stepf.template.json') as Template }, env: { region: 'us-east-1', accountId: '123456789012', partition: 'aws' } };
    const moved = migrationTemplates(input, planMigration(input));
    expect(moved.moves.length).toBeGreaterThan(0);
    for (const [stackName, t] of [[pkg.serverlessStackName, moved.serverless], [pkg.stackName, moved.stepf]] as const) {
      await cfn.send(new CreateStackCommand({ StackName: stackName, TemplateBody: JSON.stringify(t), Capabilities: ['CAPABILITY_NAMED_IAM'] }));
    }
    const plan = await stepf(dir, ['migrate', '--stage', 'dev', '--json']);
    expect(plan.code, plan.stderr).toBe(0);
    const json = JSON.parse(plan.stdout);
    expect(json.nothingToMove).toBe(true);
    expect(json.rows.filter((r: { action: string }) => r.action === 'done').map((r: { to: string }) => r.to).sort()).toEqual(moved.moves.map((m) => m.to).sort());

    const before = (await cfn.send(new GetTemplateCommand({ StackName: pkg.stackName }))).TemplateBody;
    const again = await stepf(dir, ['migrate', '--stage', 'dev', '--execute']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`nothing of the plugin's is left to move: ${pkg.stackName} holds it`);
    expect(again.stderr).not.toMatch(/creating a stack refactor|CreateStackRefactor/);
    expect((await cfn.send(new GetTemplateCommand({ StackName: pkg.stackName }))).TemplateBody).toBe(before);
  });
});
