// stepf info, rollback and invoke --alias/--version: the built CLI against moto. moto's CloudFormation skips
// StateMachineVersion and StateMachineAlias resources, so the machine is deployed by `stepf deploy` and its
// versions and aliases are made through the Step Functions API (UpdateStateMachine publish,
// CreateStateMachineAlias), as a deploy would have made them on AWS. What moto cannot do at all (start an
// execution through an alias or a version, ListStateMachineVersions) goes through a proxy that answers those
// calls, and the test names say so.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateStateMachineAliasCommand, DescribeStateMachineAliasCommand, SFNClient, UpdateStateMachineAliasCommand, UpdateStateMachineCommand } from '@aws-sdk/client-sfn';
import { useEmulator } from '../support/emulator.js';
import { startFaultProxy } from './fault-proxy.js';

const emu = useEmulator({ processEnv: true });
let sfn: SFNClient;
let dir: string;
let machineArn: string;
let proxy: Awaited<ReturnType<typeof startFaultProxy>>;

const SERVERLESS = `
service: ver
provider:
  name: aws
  region: us-east-1
custom:
  stepf:
    stackName: ver-test
stepFunctions:
  stateMachines:
    flow:
      name: ver-flow
      versions: true
      aliases:
        - name: live
          deployment: { type: CANARY, percentage: 10, interval: 5 }
        - name: beta
      definition:
        StartAt: P
        States:
          P: { Type: Pass, Result: { v: 1 }, End: true }
`;

const def = (v: number) => JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Result: { v }, End: true } } });

function stepf(args: string[], endpoint = emu.endpoint) {
  return emu.stepf(dir, args, { env: { AWS_ENDPOINT_URL: endpoint } });
}

async function routing(): Promise<Array<{ version: string; weight: number }>> {
  const a = await sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: `${machineArn}:live` }));
  return (a.routingConfiguration ?? []).map((r) => ({ version: r.stateMachineVersionArn!.split(':').pop()!, weight: r.weight! }));
}

async function setRouting(routes: Array<[number, number]>): Promise<void> {
  await sfn.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn: `${machineArn}:live`, routingConfiguration: routes.map(([v, weight]) => ({ stateMachineVersionArn: `${machineArn}:${v}`, weight })) }));
}

beforeAll(async () => {
  sfn = new SFNClient({});
  dir = mkdtempSync(join(tmpdir(), 'stepf-versions-'));
  writeFileSync(join(dir, 'serverless.yml'), SERVERLESS);
  const deployed = await stepf(['deploy', '--yes', '--json', '--description', 'first']);
  expect(deployed.code, deployed.stderr).toBe(0);
  machineArn = (JSON.parse(deployed.stdout) as { machines: Array<{ key: string; arn: string }> }).machines[0].arn;
  // Three versions and the `live` alias part-way from v2 to v3, as a CANARY deploy leaves it.
  for (const v of [1, 2, 3]) await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: machineArn, definition: def(v), publish: true, versionDescription: `release ${v}` }));
  await sfn.send(
    new CreateStateMachineAliasCommand({
      name: 'live',
      routingConfiguration: [
        { stateMachineVersionArn: `${machineArn}:2`, weight: 90 },
        { stateMachineVersionArn: `${machineArn}:3`, weight: 10 },
      ],
    }),
  );
  proxy = await startFaultProxy(emu.endpoint);
}, 60_000);
afterAll(async () => {
  await proxy?.close();
});

describe('stepf info (moto)', () => {
  it("shows the alias's routing as moto has it; moto has no ListStateMachineVersions, so the version list is said to be unavailable", async () => {
    await setRouting([[2, 90], [3, 10]]);
    const r = await stepf(['info']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('versions and aliases:');
    expect(r.stdout).toMatch(/ {2}flow: versions not listed \(/);
    expect(r.stdout).toContain('    live: v2 90%, v3 10%');
    const j = JSON.parse((await stepf(['info', '--json'])).stdout) as { versions: Record<string, { aliases: Array<{ name: string; routing: string; shifting: boolean }> }> };
    expect(j.versions.flow.aliases).toEqual([expect.objectContaining({ name: 'live', routing: 'v2 90%, v3 10%', shifting: false })]);
  });

  it('lists the versions ListStateMachineVersions returns, newest first (injected: moto lacks ListStateMachineVersions)', async () => {
    proxy.setRule((action) =>
      action === 'ListStateMachineVersions'
        ? { status: 200, json: { stateMachineVersions: [1, 3, 2].map((v) => ({ stateMachineVersionArn: `${machineArn}:${v}`, creationDate: 1_700_000_000 + v })) } }
        : undefined,
    );
    const r = await stepf(['info'], proxy.endpoint);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('  flow: v3 latest (3 published)');
  });
});

describe('stepf rollback (moto)', () => {
  it('part-way through a shift, moves the alias back to the version it shifts away from, at once, and says the stack has drifted', async () => {
    await setRouting([[2, 90], [3, 10]]);
    const r = await stepf(['rollback', 'flow']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('live: v2 90%, v3 10% → v2 100% (release 2)\n');
    expect(r.stderr).toContain('the stack has drifted: CloudFormation still records live as it deployed it (v2 90%, v3 10%) until the next deploy that publishes a version');
    expect(await routing()).toEqual([{ version: '2', weight: 100 }]);
  });

  it('at 100% on one version, moves back to the version before it; --to picks one', async () => {
    await setRouting([[3, 100]]);
    expect((await stepf(['rollback', 'flow', '--alias', 'live'])).code).toBe(0);
    expect(await routing()).toEqual([{ version: '2', weight: 100 }]);
    const j = await stepf(['rollback', 'flow', '--to', '1', '--json']);
    expect(j.code, j.stderr).toBe(0);
    expect(JSON.parse(j.stdout)).toMatchObject({ alias: 'live', version: 1, changed: true, drifted: true });
    expect(await routing()).toEqual([{ version: '1', weight: 100 }]);
  });

  it('with nowhere to go it changes nothing and says why: no earlier version, an unknown version, already there', async () => {
    await setRouting([[1, 100]]);
    const none = await stepf(['rollback', 'flow']);
    expect(none.code).toBe(3);
    expect(none.stderr).toContain('flow has no version before v1 for live to go back to');
    const missing = await stepf(['rollback', 'flow', '--to', '9']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('flow has no version 9');
    const same = await stepf(['rollback', 'flow', '--to', '1']);
    expect(same.code).toBe(0);
    expect(same.stdout).toBe('live already sends every execution to v1: nothing to roll back\n');
    expect(await routing()).toEqual([{ version: '1', weight: 100 }]);
  });

  it('an alias serverless.yml does not list is a usage error with the aliases it has', async () => {
    const r = await stepf(['rollback', 'flow', '--alias', 'lve']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("state machine flow has no alias lve in serverless.yml");
    expect(r.stderr).toContain("did you mean 'live'? its aliases: live, beta");
  });
});

describe('stepf invoke --alias / --version', () => {
  it('checks the alias and version before starting anything (moto): listed but not deployed, not listed, no such version', async () => {
    const beta = await stepf(['invoke', 'flow', '--alias', 'beta']);
    expect(beta.code).toBe(3);
    expect(beta.stderr).toContain('alias beta of flow is not deployed');
    const typo = await stepf(['invoke', 'flow', '--alias', 'liv']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("did you mean 'live'?");
    const v9 = await stepf(['invoke', 'flow', '--version', '9']);
    expect(v9.code).toBe(3);
    expect(v9.stderr).toContain('flow has no version 9');
    const both = await stepf(['invoke', 'flow', '--version', '1', '--alias', 'live']);
    expect(both.code).toBe(2);
  });

  it('starts the execution with the alias ARN, or the version ARN, and prints its output (injected StartExecution and DescribeExecution: moto cannot start an execution through an alias or a version)', async () => {
    const started: string[] = [];
    proxy.setRule((action, _n, body) => {
      if (action === 'StartExecution') {
        const arn = (JSON.parse(body) as { stateMachineArn: string }).stateMachineArn;
        started.push(arn);
        return { status: 200, json: { executionArn: `${machineArn.replace(':stateMachine:', ':execution:')}:e${started.length}`, startDate: 1_700_000_000 } };
      }
      if (action === 'DescribeExecution') {
        const arn = started[started.length - 1];
        return { status: 200, json: { executionArn: 'x', stateMachineArn: machineArn, name: 'e', status: 'SUCCEEDED', startDate: 1_700_000_000, stopDate: 1_700_000_001, input: '{}', output: JSON.stringify({ via: arn.split(':').pop() }) } };
      }
      return undefined;
    });
    const alias = await stepf(['invoke', 'flow', '--alias', 'live', '--data', '{}'], proxy.endpoint);
    expect(alias.code, alias.stderr).toBe(0);
    expect(JSON.parse(alias.stdout)).toEqual({ via: 'live' });
    const version = await stepf(['invoke', 'flow', '--version', '2', '--data', '{}'], proxy.endpoint);
    expect(version.code, version.stderr).toBe(0);
    expect(JSON.parse(version.stdout)).toEqual({ via: '2' });
    expect(started).toEqual([`${machineArn}:live`, `${machineArn}:2`]);
  });
});
