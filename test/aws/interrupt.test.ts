// Ctrl-C at each step of a deploy (the signal aborted as the step begins), against moto server: the
// error says in one line what the deploy left, and the next deploy does what that line says.
import { beforeAll, describe, expect, it } from 'vitest';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { AwsClients } from '../../src/aws/clients.js';
import { deployStack, type DeployRequest } from '../../src/aws/deploy.js';
import { Interrupted } from '../../src/errors.js';
import { useEmulator } from '../support/emulator.js';
import { baseRequest, passMachine, recordingSink, template } from './helpers.js';

useEmulator({ processEnv: true });
let cfn: CloudFormationClient;

beforeAll(async () => {
  cfn = new CloudFormationClient({});
});

const req = (stackName: string, result = 'one'): DeployRequest => ({ ...baseRequest, stackName, template: template(passMachine('Hello', `${stackName}-hello`, result)), readBack: { machines: [], stage: 'dev' } });

/** Deploys with Ctrl-C pressed as the phase starting with `phase` begins; returns the error. */
async function interruptedAt(r: DeployRequest, phase: string | 'before'): Promise<Interrupted> {
  const ac = new AbortController();
  if (phase === 'before') ac.abort();
  const sink = recordingSink();
  const onPhase = sink.phase;
  sink.phase = (t: string) => {
    onPhase(t);
    if (t.startsWith(phase)) ac.abort();
  };
  const err = await deployStack({ aws: new AwsClients({ region: 'us-east-1' }), sink, signal: ac.signal }, r).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Interrupted);
  return err as Interrupted;
}

async function status(name: string): Promise<string | undefined> {
  try {
    return (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0]?.StackStatus;
  } catch {
    return undefined;
  }
}

const deploy = (r: DeployRequest) => deployStack({ aws: new AwsClients({ region: 'us-east-1' }), sink: recordingSink() }, r);

describe('Ctrl-C during a deploy says what was left', () => {
  it('before anything was sent (while packaging): nothing changed, no stack was made', async () => {
    const err = await interruptedAt(req('int-before'), 'before');
    expect(err.message).toBe('interrupted while checking stack int-before: this deploy changed nothing (a delete of an unfinished stack it started goes on in CloudFormation); the next `stepf deploy` starts from the stack as it is');
    expect(await status('int-before')).toBeUndefined();
  });

  it('while the first change set is made: the line says a REVIEW_IN_PROGRESS stack may be left; the next deploy creates the stack', async () => {
    const err = await interruptedAt(req('int-plan'), 'creating a change set');
    expect(err.message).toMatch(/^interrupted while CloudFormation prepared the change set: nothing was executed; any change set it made is left unexecuted \(stack int-plan REVIEW_IN_PROGRESS, which the next `stepf deploy` deletes and creates again\)$/);
    expect((await deploy(req('int-plan'))).result).toBe('deployed');
    expect(await status('int-plan')).toBe('CREATE_COMPLETE');
  });

  it('as the change set is executed: CloudFormation carries on with it (moto finishes it at once); the next deploy finds the stack up to date', async () => {
    const err = await interruptedAt(req('int-apply'), 'executing the change set');
    expect(err.message).toBe('interrupted: CloudFormation carries on with the create in AWS. `stepf info` shows how it ends; the next `stepf deploy` waits for it first');
    expect(await status('int-apply')).toBe('CREATE_COMPLETE');
    expect((await deploy(req('int-apply'))).result).toBe('up-to-date');
  });

  it('after the update, while reading the stack back: the stack is UPDATE_COMPLETE and stepf info lists it', async () => {
    expect((await deploy(req('int-report'))).result).toBe('deployed');
    const err = await interruptedAt(req('int-report', 'two'), 'reading the stack');
    expect(err.message).toBe('interrupted after the deploy: stack int-report is UPDATE_COMPLETE; `stepf info` lists its machines and outputs');
    expect(await status('int-report')).toBe('UPDATE_COMPLETE');
  });
});
