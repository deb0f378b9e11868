// Names CloudFormation generates for unnamed resources: the emulator launcher makes them as CloudFormation
// does (scripts/moto-launcher.py), and a deploy that fails on a generated name says so. Against moto server.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CloudFormationClient, CreateStackCommand, DescribeStackResourcesCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { generatedNameIn } from '../../src/aws/generated-names.js';
import type { Template } from '../../src/compile/types.js';
import { useEmulator, type EmulatorUse } from '../support/emulator.js';
import { copyFixture } from '../support/cli.js';

const launcher = useEmulator();
const plain = useEmulator({ motoNames: true });

async function physicalIds(emu: EmulatorUse, stackName: string): Promise<Record<string, string>> {
  const res = (await emu.client(CloudFormationClient).send(new DescribeStackResourcesCommand({ StackName: stackName }))).StackResources ?? [];
  return Object.fromEntries(res.map((r) => [r.LogicalResourceId!, r.PhysicalResourceId!]));
}

describe('the emulator launcher names unnamed resources as CloudFormation does', () => {
  it("the plugin's hello-world (no name:) deploys on its first try under the default stack name; the machine is named <LogicalId>-<12 chars>", async () => {
    const dir = copyFixture('hello');
    const r = await launcher.stepf(dir, ['deploy', '--stage', 'dev', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.stackName).toBe('example-stepf-nodejs-dev-stepf');
    expect(out.machines[0].name).toMatch(/^Hellostepfunc1StepFunctionsStateMachine-[A-Z0-9]{12}$/);
  });

  it('a long stack name and logical ID are cut to each type\'s limit: a role within 64 characters, a machine within 80, with no "--"', async () => {
    const stackName = `a-very-long-stack-name-that-goes-on-and-on-${'x'.repeat(40)}`;
    const longId = `Machine${'L'.repeat(90)}`;
    const body = JSON.stringify({
      Resources: {
        [`${longId}Role`]: {
          Type: 'AWS::IAM::Role',
          Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'states.amazonaws.com' }, Action: 'sts:AssumeRole' }] } },
        },
        [longId]: {
          Type: 'AWS::StepFunctions::StateMachine',
          Properties: { DefinitionString: '{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}', RoleArn: { 'Fn::GetAtt': [`${longId}Role`, 'Arn'] } },
        },
      },
    });
    await launcher.client(CloudFormationClient).send(new CreateStackCommand({ StackName: stackName, TemplateBody: body, Capabilities: ['CAPABILITY_IAM'] }));
    expect((await launcher.client(CloudFormationClient).send(new DescribeStacksCommand({ StackName: stackName }))).Stacks![0].StackStatus).toBe('CREATE_COMPLETE');
    const ids = await physicalIds(launcher, stackName);
    const machineName = ids[longId].split(':').pop()!;
    expect(machineName).toMatch(/^MachineL+-[A-Z0-9]{12}$/);
    expect(machineName.length).toBeLessThanOrEqual(80);
    const roleName = ids[`${longId}Role`];
    expect(roleName.length).toBeLessThanOrEqual(64);
    // <stack cut>-<logical ID cut>-<12 chars>, each part cut to about half of what is left
    const [, stackPart, idPart] = /^(.+)-(MachineL*)-[A-Z0-9]{12}$/.exec(roleName) ?? [];
    expect(stackName.startsWith(stackPart)).toBe(true);
    expect(`${longId}Role`.startsWith(idPart)).toBe(true);
    expect(stackPart.length).toBeGreaterThanOrEqual(20);
    expect(idPart.length).toBeGreaterThanOrEqual(20);
    expect(roleName).not.toMatch(/--/);
  });
});

describe('a deploy that fails on a generated name says so (moto\'s own names, as a plain moto server makes them)', () => {
  it("exits 3 naming the generated name, with a hint that blames the name, not the config; a name: of its own recovers", async () => {
    const dir = copyFixture('hello');
    const bad = await plain.stepf(dir, ['deploy', '--stage', 'dev']);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/example-stepf-nodejs-dev-stepf-Hellostepfunc1StepFunctionsStateMachine-\w+' at 'name' failed to satisfy constraint: Member must have length less than or equal to 80/);
    expect(bad.stderr).toMatch(/hint: that name was generated from the stack name and Hellostepfunc1StepFunctionsStateMachine \(the template sets no StateMachineName\) and this endpoint refused it/);
    expect(bad.stderr).toMatch(/Give the machine a `name:` in serverless\.yml, or use a shorter --stack-name; the next `stepf deploy` deletes this unfinished stack/);
    expect(bad.stderr).not.toMatch(/fix the resource named above/);
    expect((await plain.client(CloudFormationClient).send(new DescribeStacksCommand({ StackName: 'example-stepf-nodejs-dev-stepf' }))).Stacks![0].StackStatus).toBe('REVIEW_IN_PROGRESS');

    const yml = join(dir, 'serverless.yml');
    writeFileSync(yml, readFileSync(yml, 'utf8').replace('    hellostepfunc1:\n', '    hellostepfunc1:\n      name: hello-fixed\n'));
    const ok = await plain.stepf(dir, ['deploy', '--stage', 'dev', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toMatch(/REVIEW_IN_PROGRESS.*deleting it and creating it again/);
    expect(JSON.parse(ok.stdout).machines[0].arn).toMatch(/:stateMachine:hello-fixed$/);
  });
});

describe('which resource a failure message blames', () => {
  const body: Template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      Hello: { Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionString: '{}' } },
      HelloRole: { Type: 'AWS::IAM::Role', Properties: {} },
      Named: { Type: 'AWS::StepFunctions::StateMachine', Properties: { StateMachineName: 'Named-ABCDEFGHIJKL' } },
    },
  };

  it('a generated name in the message names its unnamed resource (the longest logical ID that matches)', () => {
    expect(generatedNameIn("Value 'stack-HelloRole-ABCDEFGHIJKL' at 'roleName' failed", body)).toEqual({ logicalId: 'HelloRole', type: 'AWS::IAM::Role', nameProperty: 'RoleName' });
    expect(generatedNameIn("Value 'stack-Hello-ABCDEFGHIJKL' at 'name' failed", body)).toMatchObject({ logicalId: 'Hello' });
  });

  it('a resource with a name of its own is never blamed, nor is a message without a generated name', () => {
    expect(generatedNameIn("Value 'Named-ABCDEFGHIJKL' at 'name' failed", body)).toBeUndefined();
    expect(generatedNameIn('Hello (AWS::StepFunctions::StateMachine) CREATE_FAILED: Invalid State Machine Definition', body)).toBeUndefined();
  });
});
