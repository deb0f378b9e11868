// A service split into nested stacks, deployed by the built CLI against moto server. custom.stepf.
// maxStackResources: 5 makes a stack of two machines (new groups fill a stack to 80%: 4 resources), so
// the split is tested on a few machines. moto supports AWS::CloudFormation::Stack (TemplateURL read from
// its S3) but replaces a nested stack on any update instead of updating it (a named machine keeps its
// ARN), ignores IncludeNestedStacks (its change set lists the nested stacks, not their resources) and gives
// stack-level events only; what these tests check holds on AWS as on moto.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { CreateStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import { useEmulator } from '../support/emulator.js';

const emu = useEmulator({ processEnv: true });
let cfn: CloudFormationClient;

beforeAll(async () => {
  cfn = new CloudFormationClient({});
});

const stepf = emu.stepf;

function service(keys: string[]): string {
  const machines = keys
    .map(
      (k) => `    ${k}:
      name: split-${k}
      definition:
        StartAt: A
        States:
          A:
            Type: Pass
            Result: { machine: ${k} }
            End: true
`,
    )
    .join('');
  return `service: split\nprovider:\n  name: aws\ncustom:\n  stepf:\n    maxStackResources: 5\nstepFunctions:\n  stateMachines:\n${machines}`;
}

async function resources(stack: string) {
  return (await cfn.send(new ListStackResourcesCommand({ StackName: stack }))).StackResourceSummaries ?? [];
}

/** Nested stack logical ID → its physical ID and the machines (logical IDs) it holds. */
async function layout(stack: string): Promise<Record<string, { id: string; machines: string[] }>> {
  const out: Record<string, { id: string; machines: string[] }> = {};
  for (const r of await resources(stack)) {
    expect(r.ResourceType).toBe('AWS::CloudFormation::Stack');
    const inside = await resources(r.PhysicalResourceId!);
    out[r.LogicalResourceId!] = { id: r.PhysicalResourceId!, machines: inside.filter((x) => x.ResourceType === 'AWS::StepFunctions::StateMachine').map((x) => x.LogicalResourceId!).sort() };
  }
  return out;
}

describe('a service split into nested stacks (moto: nested stacks replaced on update, no IncludeNestedStacks, stack-level events)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stepf-split-'));
  const yml = join(dir, 'serverless.yml');
  const stackName = 'split-dev-stepf';
  let before: Record<string, { id: string; machines: string[] }>;

  it('deploys a parent whose nested stacks hold the machines with their roles, and invoke runs a machine of the second one', async () => {
    writeFileSync(yml, service(['a', 'b', 'c']));
    const first = await stepf(dir, ['deploy', '--stage', 'dev', '--json']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/2 nested stack templates read from s3:\/\/stepf-deployments-123456789012-us-east-1\/stepf\/split-dev-stepf\/stacks\/: 2 uploaded/);
    // The nested stacks' events are streamed with the parent's, prefixed by the nested stack.
    expect(first.stderr).toMatch(/CREATE_COMPLETE\s+StepfGroup2\s+AWS::CloudFormation::Stack/);
    before = await layout(stackName);
    expect(Object.fromEntries(Object.entries(before).map(([k, v]) => [k, v.machines]))).toEqual({ StepfGroup1: ['SplitDasha', 'SplitDashb'], StepfGroup2: ['SplitDashc'] });
    const roles = (await resources(before.StepfGroup2.id)).filter((r) => r.ResourceType === 'AWS::IAM::Role').map((r) => r.LogicalResourceId);
    expect(roles).toEqual(['SplitDashcRole']);

    const run = await stepf(dir, ['invoke', 'c', '--stage', 'dev', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const execution = JSON.parse(run.stdout);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output)).toEqual({ machine: 'c' });

    const info = JSON.parse((await stepf(dir, ['info', '--stage', 'dev', '--json'])).stdout);
    expect(info.machines.map((m: { key: string; arn: string }) => [m.key, m.arn])).toEqual(
      ['a', 'b', 'c'].map((k) => [k, `arn:aws:states:us-east-1:123456789012:stateMachine:split-${k}`]),
    );
  });

  it('an unchanged redeploy is up to date and uploads nothing', async () => {
    const again = await stepf(dir, ['deploy', '--stage', 'dev']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/is up to date/);
    expect(again.stderr).toMatch(/2 nested stack templates read from \S+: 0 uploaded, 2 unchanged/);
  });

  it('a new machine goes to the nested stack with room, and only that nested stack changes', async () => {
    writeFileSync(yml, service(['a', 'b', 'c', 'd']));
    // diff compares the service as one template: the nested stacks' templates joined, against the one compiled.
    const diff = await stepf(dir, ['diff', '--stage', 'dev', '--json']);
    expect(diff.code, diff.stderr).toBe(0);
    const d = JSON.parse(diff.stdout);
    expect(JSON.stringify(d)).not.toContain('StepfGroup');
    expect(d.resources.map((x: { logicalId: string; change: string }) => `${x.change} ${x.logicalId}`).sort()).toEqual(['added SplitDashd', 'added SplitDashdRole']);
    const r = await stepf(dir, ['deploy', '--stage', 'dev', '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).changes.map((c: { action: string; logicalId: string }) => `${c.action} ${c.logicalId}`)).toEqual(['Modify StepfGroup2']);
    const after = await layout(stackName);
    expect(after.StepfGroup1).toEqual(before.StepfGroup1);
    expect(after.StepfGroup2.machines).toEqual(['SplitDashc', 'SplitDashd']);
    before = after;
  });

  it('removing a machine changes only its nested stack, and no machine moves to fill the room it leaves', async () => {
    writeFileSync(yml, service(['b', 'c', 'd']));
    const r = await stepf(dir, ['deploy', '--stage', 'dev', '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).changes.map((c: { action: string; logicalId: string }) => `${c.action} ${c.logicalId}`)).toEqual(['Modify StepfGroup1']);
    const after = await layout(stackName);
    // Packaged from scratch, c would join b in StepfGroup1: the deployed layout keeps it where it is.
    expect(after.StepfGroup1.machines).toEqual(['SplitDashb']);
    expect(after.StepfGroup2).toEqual(before.StepfGroup2);
  });

  it('a new IAM grant inside a nested stack needs a yes, and a name taken outside the stack stops the deploy, as on one stack', async () => {
    const withTask = service(['b', 'c', 'd']).replace(
      '            Result: { machine: c }\n            End: true',
      '            Result: { machine: c }\n            Next: Save\n          Save:\n            Type: Task\n            Resource: arn:aws:states:::dynamodb:putItem\n            Parameters:\n              TableName: split-jobs\n              Item: { id: { S: x } }\n            End: true',
    );
    writeFileSync(yml, withTask);
    const asked = await stepf(dir, ['deploy', '--stage', 'dev']);
    expect(asked.code, asked.stderr).toBe(7);
    expect(asked.stderr).toMatch(/widens IAM grants/);
    expect(asked.stderr).toMatch(/SplitDashcRole: .*dynamodb:PutItem/);

    await new SFNClient({}).send(new CreateStateMachineCommand({ name: 'split-e', roleArn: 'arn:aws:iam::123456789012:role/outside', definition: '{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}' }));
    writeFileSync(yml, service(['b', 'c', 'd', 'e']));
    const taken = await stepf(dir, ['deploy', '--stage', 'dev', '--yes']);
    expect(taken.code, taken.stderr).toBe(3);
    expect(taken.stderr).toMatch(/the state machine name "split-e" is taken/);
    writeFileSync(yml, service(['b', 'c', 'd']));
  });

  it('remove deletes the parent and its nested stacks', async () => {
    const r = await stepf(dir, ['remove', '--stage', 'dev', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    for (const s of [stackName, before.StepfGroup1.id, before.StepfGroup2.id]) {
      const left = await cfn.send(new DescribeStacksCommand({ StackName: s })).then((o) => o.Stacks?.[0]?.StackStatus, () => 'gone');
      expect(['gone', 'DELETE_COMPLETE']).toContain(left);
    }
  });
});
