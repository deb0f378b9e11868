// A machine name already taken by a machine stepf's stack does not own (the plugin's, before migration):
// stepf stops before the change set. Against moto server, which would otherwise report success and keep
// the old machine's definition (AWS fails mid-deploy with "already exists").
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CreateStateMachineCommand, DescribeStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import { useEmulator } from '../support/emulator.js';
import { copyFixture } from '../support/cli.js';

const emu = useEmulator();

const stepf = emu.stepf;
const OLD = JSON.stringify({ Comment: 'the plugin deployed me', StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });

function named(name: string): string {
  const dir = copyFixture('hello');
  const yml = join(dir, 'serverless.yml');
  writeFileSync(yml, readFileSync(yml, 'utf8').replace('    hellostepfunc1:\n', `    hellostepfunc1:\n      name: ${name}\n`));
  return dir;
}

describe('a state machine name taken outside stepf\'s stack', () => {
  it('stops before the change set with exit 3, naming the machine and the fixes; no stack is made and the old machine keeps its definition', async () => {
    const sfn = emu.client(SFNClient);
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'taken-by-plugin', definition: OLD, roleArn: 'arn:aws:iam::123456789012:role/plugin' }));
    const dir = named('taken-by-plugin');
    const r = await stepf(dir, ['deploy', '--stage', 'dev', '--stack-name', 'taken']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      `error: DescribeStateMachine: the state machine name "taken-by-plugin" is taken: ${stateMachineArn} exists and is not part of stack taken; nothing was deployed`,
    );
    expect(r.stderr).toContain(
      "hint: if the serverless-step-functions plugin deployed it, `stepf migrate` moves it into stepf's stack with its ARN and history (it shows the plan first); or run `serverless deploy` without the plugin first (that deletes it, with its execution history), or give stepFunctions.stateMachines.hellostepfunc1.name a new value",
    );
    expect(r.stderr).not.toMatch(/creating a change set/);
    await expect(emu.client(CloudFormationClient).send(new DescribeStacksCommand({ StackName: 'taken' }))).rejects.toThrow(/does not exist/);
    expect((await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }))).definition).toBe(OLD);
  });

  it('a name the stack itself holds is not "taken": the second deploy of a named machine updates it', async () => {
    const dir = named('owned-by-stepf');
    expect((await stepf(dir, ['deploy', '--stage', 'dev', '--stack-name', 'owned'])).code).toBe(0);
    const yml = join(dir, 'serverless.yml');
    writeFileSync(yml, readFileSync(yml, 'utf8').replace('A Hello World example', 'An updated Hello World example'));
    const again = await stepf(dir, ['deploy', '--stage', 'dev', '--stack-name', 'owned']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/checking state machine names/);
    expect(again.stderr).toMatch(/Modify\s+\S+\s+AWS::StepFunctions::StateMachine/);
  });
});
