// What moto cannot produce, injected: every test here names the gap it covers.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  ListStackResourcesCommand,
  UpdateTerminationProtectionCommand,
  type StackEvent,
} from '@aws-sdk/client-cloudformation';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DescribeStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import { AwsClients } from '../../src/aws/clients.js';
import { deployStack, type DeployRequest } from '../../src/aws/deploy.js';
import type { Clock } from '../../src/aws/poll.js';
import { ApprovalRequired, AwsError, Interrupted } from '../../src/errors.js';
import { useEmulator } from '../support/emulator.js';
import { startFaultProxy } from './fault-proxy.js';
import { baseRequest, passMachine, recordingSink, template } from './helpers.js';
import { useInjected } from '../support/injected.js';

const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/app/1';
const CS_ARN = 'arn:aws:cloudformation:us-east-1:123456789012:changeSet/stepf-1/1';

/** A clock whose sleeps return at once and advance virtual time; records the delays asked for. */
function fakeClock(): Clock & { delays: number[] } {
  let t = Date.parse('2026-01-01T00:00:00Z');
  const delays: number[] = [];
  return {
    delays,
    now: () => t,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw new Interrupted();
      delays.push(ms);
      t += ms;
    },
  };
}

function ev(id: string, logicalId: string, status: string, type = 'AWS::StepFunctions::StateMachine', reason?: string, at = 10): StackEvent {
  return { EventId: id, StackId: STACK_ID, StackName: 'app', LogicalResourceId: logicalId, ResourceType: type, ResourceStatus: status as StackEvent['ResourceStatus'], ResourceStatusReason: reason, Timestamp: new Date(Date.parse('2026-01-01T00:00:00Z') + at * 1000) };
}

const body = template(passMachine('Hello', 'app-hello'));
function req(extra: Partial<DeployRequest> = {}): DeployRequest {
  return { ...baseRequest, stackName: 'app', template: body, ...extra };
}

describe('injected CloudFormation states (aws-sdk-client-mock; moto never reports these)', () => {
  const cf = useInjected(CloudFormationClient);
  const sts = useInjected(STSClient);
  const sfn = useInjected(SFNClient);
  // What deploy reads before the change set, as an unchanged stack answers: its machine already holds
  // its name (aws/deploy/names.ts), and its template is this one (no IAM broadening, aws/deploy/approve.ts).
  function unchangedStack() {
    cf.on(ListStackResourcesCommand).resolves({
      StackResourceSummaries: [{ LogicalResourceId: 'Hello', PhysicalResourceId: 'arn:aws:states:us-east-1:123456789012:stateMachine:app-hello', ResourceType: 'AWS::StepFunctions::StateMachine', ResourceStatus: 'UPDATE_COMPLETE', LastUpdatedTimestamp: new Date() }],
    });
    cf.on(GetTemplateCommand).resolves({ TemplateBody: JSON.stringify(body) });
  }
  beforeEach(() => {
    unchangedStack();
    // A first create (no stack to read the account from) asks STS, and finds the name free.
    sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/test' });
    sfn.on(DescribeStateMachineCommand).rejects(Object.assign(new Error('State Machine Does Not Exist'), { name: 'StateMachineDoesNotExist' }));
  });

  function deps(clock = fakeClock(), signal?: AbortSignal) {
    return { aws: new AwsClients({ region: 'us-east-1' }), sink: recordingSink(), clock, signal };
  }
  function readyChangeSet(changes: Array<{ action: string; id: string; type?: string; replacement?: string }> = [{ action: 'Modify', id: 'Hello' }]) {
    cf.on(CreateChangeSetCommand).resolves({ Id: CS_ARN, StackId: STACK_ID });
    cf.on(DescribeChangeSetCommand).resolves({
      Status: 'CREATE_COMPLETE',
      CreationTime: new Date('2026-01-01T00:00:05Z'),
      Changes: changes.map((c) => ({ Type: 'Resource', ResourceChange: { Action: c.action as 'Modify', LogicalResourceId: c.id, ResourceType: c.type ?? 'AWS::StepFunctions::StateMachine', Replacement: c.replacement as 'True' | undefined } })),
    });
  }

  it('a long UPDATE_IN_PROGRESS with per-resource events (moto has neither) is streamed once each, in order, with backoff from 1 s', async () => {
    cf.on(DescribeStacksCommand)
      .resolvesOnce({ Stacks: [{ StackName: 'app', StackId: STACK_ID, StackStatus: 'CREATE_COMPLETE', CreationTime: new Date() }] })
      .resolvesOnce({ Stacks: [{ StackName: 'app', StackId: STACK_ID, StackStatus: 'UPDATE_IN_PROGRESS', CreationTime: new Date() }] })
      .resolvesOnce({ Stacks: [{ StackName: 'app', StackId: STACK_ID, StackStatus: 'UPDATE_IN_PROGRESS', CreationTime: new Date() }] })
      .resolvesOnce({ Stacks: [{ StackName: 'app', StackId: STACK_ID, StackStatus: 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', CreationTime: new Date() }] })
      .resolves({ Stacks: [{ StackName: 'app', StackId: STACK_ID, StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date() }] });
    readyChangeSet();
    cf.on(ExecuteChangeSetCommand).resolves({});
    const old = ev('old', 'app', 'CREATE_COMPLETE', 'AWS::CloudFormation::Stack', undefined, 1);
    const e1 = ev('e1', 'app', 'UPDATE_IN_PROGRESS', 'AWS::CloudFormation::Stack', 'User Initiated', 10);
    const e2 = ev('e2', 'Hello', 'UPDATE_IN_PROGRESS', undefined, undefined, 11);
    const e3 = ev('e3', 'Hello', 'UPDATE_COMPLETE', undefined, undefined, 20);
    const e4 = ev('e4', 'app', 'UPDATE_COMPLETE', 'AWS::CloudFormation::Stack', undefined, 30);
    cf.on(DescribeStackEventsCommand)
      .resolvesOnce({ StackEvents: [e1, old] })
      .resolvesOnce({ StackEvents: [e2, e1, old] })
      .resolvesOnce({ StackEvents: [e3, e2, e1, old] })
      .resolves({ StackEvents: [e4, e3, e2, e1, old] });
    const clock = fakeClock();
    const d = deps(clock);
    const out = await deployStack(d, req());
    expect(out.result).toBe('deployed');
    expect(d.sink.events.map((e) => `${e.logicalId} ${e.status}`)).toEqual(['app UPDATE_IN_PROGRESS', 'Hello UPDATE_IN_PROGRESS', 'Hello UPDATE_COMPLETE', 'app UPDATE_COMPLETE']);
    expect(clock.delays).toEqual([1000, 1500, 2250]);
  });

  it('a change set that FAILS for a reason other than "no changes" (moto never fails one) is deleted and explained', async () => {
    cf.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'app', StackId: STACK_ID, StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date() }] });
    cf.on(CreateChangeSetCommand).resolves({ Id: CS_ARN, StackId: STACK_ID });
    cf.on(DescribeChangeSetCommand)
      .resolvesOnce({ Status: 'CREATE_IN_PROGRESS' })
      .resolves({ Status: 'FAILED', StatusReason: 'Template error: instance of Fn::GetAtt references undefined resource Nope' });
    cf.on(DeleteChangeSetCommand).resolves({});
    const clock = fakeClock();
    const err = await deployStack(deps(clock), req()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsError);
    expect((err as AwsError).message).toContain('references undefined resource Nope');
    expect((err as AwsError).hint).toMatch(/stack was not changed/);
    expect(cf.commandCalls(DeleteChangeSetCommand)[0].args[0].input).toEqual({ ChangeSetName: CS_ARN });
    expect(cf.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
    expect(clock.delays).toEqual([1000]);
  });

  it('custom.stepf.terminationProtection turns protection on after the deploy, once (moto has no UpdateTerminationProtection)', async () => {
    cf.on(DescribeStacksCommand)
      .resolvesOnce({ Stacks: [{ StackName: 'app', StackId: STACK_ID, StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date(), EnableTerminationProtection: false }] })
      .resolves({ Stacks: [{ StackName: 'app', StackId: STACK_ID, StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date(), EnableTerminationProtection: false }] });
    cf.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
    readyChangeSet();
    cf.on(ExecuteChangeSetCommand).resolves({});
    cf.on(UpdateTerminationProtectionCommand).resolves({});
    const d = deps();
    const out = await deployStack(d, req({ terminationProtection: true }));
    expect(out.result).toBe('deployed');
    expect(cf.commandCalls(UpdateTerminationProtectionCommand).map((c) => c.args[0].input)).toEqual([
      { StackName: STACK_ID, EnableTerminationProtection: true },
    ]);
    expect(d.sink.notes.join('\n')).toContain('termination protection on');
  });

  it('termination protection already on is left alone (no call)', async () => {
    cf.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'app', StackId: STACK_ID, StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date(), EnableTerminationProtection: true }] });
    cf.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
    readyChangeSet();
    cf.on(ExecuteChangeSetCommand).resolves({});
    await deployStack(deps(), req({ terminationProtection: true }));
    expect(cf.commandCalls(UpdateTerminationProtectionCommand)).toHaveLength(0);
  });

  it('a stack in ROLLBACK_COMPLETE (moto has no rollbacks) is deleted and created again, saying so', async () => {
    cf.on(DescribeStacksCommand, { StackName: 'app' })
      .resolvesOnce({ Stacks: [{ StackName: 'app', StackId: STACK_ID, StackStatus: 'ROLLBACK_COMPLETE', CreationTime: new Date() }] })
      .resolves({ Stacks: [{ StackName: 'app', StackId: 'new', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date() }] });
    cf.on(DescribeStacksCommand, { StackName: STACK_ID }).resolves({ Stacks: [{ StackName: 'app', StackId: STACK_ID, StackStatus: 'DELETE_COMPLETE', CreationTime: new Date() }] });
    cf.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
    cf.on(DeleteStackCommand).resolves({});
    readyChangeSet([{ action: 'Add', id: 'Hello' }]);
    cf.on(ExecuteChangeSetCommand).resolves({});
    const d = deps();
    const out = await deployStack(d, req());
    expect(out.result).toBe('deployed');
    expect(d.sink.notes.join('\n')).toMatch(/ROLLBACK_COMPLETE.*deleting it and creating it again/);
    expect(cf.commandCalls(DeleteStackCommand)[0].args[0].input.StackName).toBe(STACK_ID);
    expect(cf.commandCalls(CreateChangeSetCommand)[0].args[0].input.ChangeSetType).toBe('CREATE');
  });

  it('UPDATE_ROLLBACK_FAILED (moto has no rollbacks) is explained and nothing is sent', async () => {
    cf.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'app', StackId: STACK_ID, StackStatus: 'UPDATE_ROLLBACK_FAILED', StackStatusReason: 'Role gone', CreationTime: new Date() }] });
    const err = await deployStack(deps(), req()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsError);
    expect((err as AwsError).message).toMatch(/UPDATE_ROLLBACK_FAILED.*could not roll it back \(Role gone\)/);
    expect((err as AwsError).hint).toContain('continue-update-rollback --stack-name app');
    expect(cf.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
  });

  it('a stack busy in UPDATE_IN_PROGRESS (moto is never busy) fails at once with --no-wait, and is waited for without it', async () => {
    cf.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'app', StackId: STACK_ID, StackStatus: 'UPDATE_IN_PROGRESS', CreationTime: new Date() }] });
    const err = await deployStack(deps(), req({ wait: false })).catch((e: unknown) => e);
    expect((err as AwsError).message).toMatch(/UPDATE_IN_PROGRESS: another deploy or delete is running/);
    expect(cf.commandCalls(CreateChangeSetCommand)).toHaveLength(0);

    cf.reset();
    unchangedStack();
    cf.on(DescribeStacksCommand)
      .resolvesOnce({ Stacks: [{ StackName: 'app', StackId: STACK_ID, StackStatus: 'UPDATE_IN_PROGRESS', CreationTime: new Date() }] })
      .resolvesOnce({ Stacks: [{ StackName: 'app', StackId: STACK_ID, StackStatus: 'UPDATE_IN_PROGRESS', CreationTime: new Date() }] })
      .resolves({ Stacks: [{ StackName: 'app', StackId: STACK_ID, StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date() }] });
    cf.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
    readyChangeSet();
    cf.on(ExecuteChangeSetCommand).resolves({});
    const d = deps();
    const out = await deployStack(d, req());
    expect(out.result).toBe('deployed');
    expect(d.sink.notes.join('\n')).toMatch(/UPDATE_IN_PROGRESS: waiting for it to finish/);
    expect(cf.commandCalls(CreateChangeSetCommand)[0].args[0].input.ChangeSetType).toBe('UPDATE');
  });

  it('a wait longer than --wait-timeout stops with a clear error while CloudFormation carries on (moto finishes at once)', async () => {
    cf.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'app', StackId: STACK_ID, StackStatus: 'UPDATE_IN_PROGRESS', CreationTime: new Date() }] });
    cf.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
    const clock = fakeClock();
    const err = await deployStack(deps(clock), req({ waitTimeoutMs: 10_000 })).catch((e: unknown) => e);
    expect((err as AwsError).message).toMatch(/still UPDATE_IN_PROGRESS after 0 min; CloudFormation carries on/);
    expect(clock.delays.reduce((a, b) => a + b, 0)).toBe(10_000);
  });

  it('a failed update (moto has no UPDATE_ROLLBACK_COMPLETE) names the first failed resource, not the cancelled ones', async () => {
    cf.on(DescribeStacksCommand)
      .resolvesOnce({ Stacks: [{ StackName: 'app', StackId: STACK_ID, StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date() }] })
      .resolves({ Stacks: [{ StackName: 'app', StackId: STACK_ID, StackStatus: 'UPDATE_ROLLBACK_COMPLETE', CreationTime: new Date() }] });
    readyChangeSet();
    cf.on(ExecuteChangeSetCommand).resolves({});
    cf.on(DescribeStackEventsCommand).resolves({
      StackEvents: [
        ev('e4', 'app', 'UPDATE_ROLLBACK_COMPLETE', 'AWS::CloudFormation::Stack', undefined, 40),
        ev('e3', 'Other', 'UPDATE_FAILED', 'AWS::SQS::Queue', 'Resource update cancelled', 31),
        ev('e2', 'Hello', 'UPDATE_FAILED', undefined, 'Invalid State Machine Definition: MISSING_TRANSITION_TARGET', 30),
        ev('e1', 'app', 'UPDATE_IN_PROGRESS', 'AWS::CloudFormation::Stack', 'User Initiated', 10),
      ],
    });
    const d = deps();
    const err = await deployStack(d, req()).catch((e: unknown) => e);
    expect((err as AwsError).message).toBe(
      'deploy failed, stack app is UPDATE_ROLLBACK_COMPLETE: Hello (AWS::StepFunctions::StateMachine) UPDATE_FAILED: Invalid State Machine Definition: MISSING_TRANSITION_TARGET',
    );
    expect((err as AwsError).hint).toMatch(/back to its previous version/);
    expect(d.sink.events).toHaveLength(4);
  });

  it('a change set that replaces a state machine (moto never reports Replacement) needs approval: a no is "not executed", no terminal is exit 7', async () => {
    cf.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'app', StackId: STACK_ID, StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date() }] });
    readyChangeSet([{ action: 'Modify', id: 'Hello', replacement: 'True' }, { action: 'Modify', id: 'HelloRole', type: 'AWS::IAM::Role', replacement: 'True' }]);
    const asked: string[] = [];
    const no = await deployStack(deps(), req({ confirm: async (q) => (asked.push(q), false) }));
    expect(no.result).toBe('not-executed');
    expect(asked[0]).toMatch(/loses the execution history of Hello \(replaced\)/);
    expect(await deployStack(deps(), req()).catch((e: unknown) => e)).toBeInstanceOf(ApprovalRequired);
    expect(cf.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
    expect(cf.commandCalls(DeleteChangeSetCommand)).toHaveLength(0);
    cf.on(ExecuteChangeSetCommand).resolves({});
    cf.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
    const ok = await deployStack(deps(), req({ confirm: async () => true }));
    expect(ok.result).toBe('deployed');
  });

  it('Ctrl-C while CloudFormation works (moto is synchronous) stops waiting and says the update carries on', async () => {
    cf.on(DescribeStacksCommand)
      .resolvesOnce({ Stacks: [{ StackName: 'app', StackId: STACK_ID, StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date() }] })
      .resolves({ Stacks: [{ StackName: 'app', StackId: STACK_ID, StackStatus: 'UPDATE_IN_PROGRESS', CreationTime: new Date() }] });
    readyChangeSet();
    cf.on(ExecuteChangeSetCommand).resolves({});
    cf.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
    const ac = new AbortController();
    const clock = fakeClock();
    const sleep = clock.sleep;
    clock.sleep = async (ms, signal) => {
      ac.abort();
      return sleep(ms, signal);
    };
    const err = await deployStack(deps(clock, ac.signal), req()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Interrupted);
    expect((err as Interrupted).exitCode).toBe(130);
    expect((err as Error).message).toMatch(/carries on with the update in AWS.*next `stepf deploy` waits for it first.*cancel-update-stack --stack-name app/);
  });
});

describe('injected HTTP faults through a proxy in front of moto (moto never throttles, expires tokens or drops connections)', () => {
  const emu = useEmulator();
  let proxy: Awaited<ReturnType<typeof startFaultProxy>>;
  beforeAll(async () => {
    proxy = await startFaultProxy(emu.endpoint);
    Object.assign(process.env, emu.env, { AWS_ENDPOINT_URL: proxy.endpoint, AWS_MAX_ATTEMPTS: '3' });
  });
  afterAll(async () => {
    await proxy?.close();
  });
  const deps = () => ({ aws: new AwsClients({ region: 'us-east-1' }), sink: recordingSink() });
  const throttle = { status: 400, code: 'Throttling', message: 'Rate exceeded' };

  it('throttling is retried by the SDK and the deploy succeeds', async () => {
    proxy.setRule((action, n) => (action === 'CreateChangeSet' && n < 2 ? throttle : undefined));
    const d = deps();
    const out = await deployStack(d, { ...baseRequest, stackName: 'throttled', template: template(passMachine('Hello', 'throttled-hello')) });
    expect(out.result).toBe('deployed');
    expect(d.aws.calls.find((c) => c.operation === 'CreateChangeSet')?.attempts).toBe(3);
    expect(proxy.seen.filter((a) => a === 'CreateChangeSet')).toHaveLength(3);
  });

  it('throttling that outlasts the SDK retries is one clear line with what to do', async () => {
    proxy.setRule((action) => (action === 'DescribeStacks' ? throttle : undefined));
    const err = await deployStack(deps(), { ...baseRequest, stackName: 'throttled-out', template: body }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsError);
    expect((err as AwsError).message).toBe('AWS throttled the request (3 attempts): Rate exceeded');
    expect((err as AwsError).hint).toMatch(/wait a minute and run again/);
  });

  it('a dropped connection while polling is retried and the deploy completes', async () => {
    proxy.setRule((action, n) => (action === 'DescribeStackEvents' && n === 0 ? 'reset' : undefined));
    const out = await deployStack(deps(), { ...baseRequest, stackName: 'dropped', template: template(passMachine('Hello', 'dropped-hello')) });
    expect(out.result).toBe('deployed');
    expect(proxy.seen.filter((a) => a === 'DescribeStackEvents').length).toBeGreaterThanOrEqual(2);
  });

  it('expired tokens and AccessDenied are explained in one line each', async () => {
    proxy.setRule(() => ({ status: 403, code: 'ExpiredToken', message: 'The security token included in the request is expired' }));
    const expired = (await deployStack(deps(), { ...baseRequest, stackName: 'x', template: body }).catch((e: unknown) => e)) as AwsError;
    expect(expired.message).toBe('the AWS credentials have expired (ExpiredToken)');
    expect(expired.hint).toMatch(/aws sso login/);
    proxy.setRule((action) =>
      action === 'CreateChangeSet'
        ? { status: 403, code: 'AccessDenied', message: 'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: cloudformation:CreateChangeSet' }
        : undefined,
    );
    const denied = (await deployStack(deps(), { ...baseRequest, stackName: 'denied', template: body }).catch((e: unknown) => e)) as AwsError;
    expect(denied.message).toMatch(/^access denied: .*not authorized to perform: cloudformation:CreateChangeSet$/);
    expect(denied.operation).toBe('CreateChangeSet');
  });

  it('missing credentials are one clear line', async () => {
    proxy.setRule(() => undefined);
    const saved = { ...process.env };
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    delete process.env.AWS_SESSION_TOKEN;
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    try {
      const err = (await deployStack(deps(), { ...baseRequest, stackName: 'nocreds', template: body }).catch((e: unknown) => e)) as AwsError;
      expect(err.message).toBe('no AWS credentials found');
      expect(err.hint).toMatch(/AWS_PROFILE|--profile/);
    } finally {
      Object.assign(process.env, saved);
    }
  });
});
