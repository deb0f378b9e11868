// `stepf migrate --execute` with injected CloudFormation answers shaped as the API reference documents them
// (CreateStackRefactor, DescribeStackRefactor, ExecuteStackRefactor, ListStackRefactors; CreateChangeSet with
// ChangeSetType IMPORT and ResourcesToImport): moto implements neither stack refactoring nor IMPORT change
// sets. The plan they execute is made from the plugin's own template of a fixture.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  CreateStackRefactorCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStackRefactorCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  ExecuteStackRefactorCommand,
  ListStackRefactorsCommand,
  ListStackResourcesCommand,
  type CreateChangeSetCommandInput,
} from '@aws-sdk/client-cloudformation';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AwsClients } from '../../src/aws/clients.js';
import { executeMigration, finishOpenRefactor, finishRecordedImport, type ExecuteOptions } from '../../src/aws/migrate/execute.js';
import type { Clock } from '../../src/aws/poll.js';
import type { Template } from '../../src/compile/types.js';
import { AwsError, Interrupted } from '../../src/errors.js';
import { planMigration, type PlanInput } from '../../src/migrate/plan.js';
import { fakePhysicalIds, readFixtureJson } from '../support/migrate-oracle.js';
import { useInjected } from '../support/injected.js';
import { recordingSink } from './helpers.js';

const cf = useInjected(CloudFormationClient);

const OLD = 'example-stepf-nodejs-dev';
const NEW = 'example-stepf-nodejs-dev-stepf';
const ENV = { region: 'us-east-1', accountId: '123456789012', partition: 'aws' };

function fakeClock(onSleep?: () => void): Clock {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms, signal) => {
      onSleep?.();
      if (signal?.aborted) throw new Interrupted();
      now += ms;
    },
  };
}

function inputOf(fixture: string): PlanInput {
  const plugin = readFixtureJson(fixture, 'plugin.template.json') as Template;
  return {
    serverless: { name: OLD, template: plugin, physicalIds: fakePhysicalIds(plugin), stackId: `arn:aws:cloudformation:us-east-1:123456789012:stack/${OLD}/1` },
    stepf: { name: NEW, template: readFixtureJson(fixture, 'stepf.template.json') as Template },
    env: ENV,
  };
}

function options(dir = mkdtempSync(join(tmpdir(), 'stepf-migrate-'))): ExecuteOptions {
  return { stage: 'dev', timeoutMs: 60_000, importStateFile: join(dir, '.stepf', 'dev', 'migration-import.json') };
}

const ctxOf = (clock = fakeClock(), signal?: AbortSignal) => ({ aws: new AwsClients({ region: 'us-east-1' }), sink: recordingSink(), clock, signal });
const settledStacks = () => cf.on(DescribeStacksCommand).callsFake((i: { StackName: string }) => ({ Stacks: [{ StackName: i.StackName, StackId: `id-${i.StackName}`, StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date() }] }));
/** stepf's stack, as ListStackResources gives it after the move: each moved resource under its physical ID. */
const stepfHolds = (input: PlanInput, rename: (phys: string) => string = (p) => p) =>
  cf.on(ListStackResourcesCommand, { StackName: NEW }).resolves({
    StackResourceSummaries: planMigration(input)
      .rows.filter((r) => r.action === 'move')
      .map((r) => ({ LogicalResourceId: r.to, PhysicalResourceId: rename(r.physicalId!), ResourceType: r.type, ResourceStatus: 'UPDATE_COMPLETE', LastUpdatedTimestamp: new Date() })),
  });
const describes = (...answers: Array<Record<string, string>>) => {
  const stub = cf.on(DescribeStackRefactorCommand);
  for (const a of answers) stub.resolvesOnce({ StackRefactorId: 'refactor-1', Description: `stepf migrate ${OLD} -> ${NEW}`, ...a });
};

describe('migrate --execute by stack refactor (injected: moto has no stack refactoring)', () => {
  it('maps each moved resource, sends the Serverless stack without them and stepf\'s stack with them as deployed, executes once CloudFormation made it AVAILABLE, and waits for both stacks', async () => {
    const input = inputOf('hello');
    const plan = planMigration(input);
    cf.on(CreateStackRefactorCommand).resolves({ StackRefactorId: 'refactor-1' });
    describes(
      { Status: 'CREATE_IN_PROGRESS', ExecutionStatus: 'UNAVAILABLE' },
      { Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE' },
      { Status: 'CREATE_COMPLETE', ExecutionStatus: 'EXECUTE_IN_PROGRESS' },
      { Status: 'CREATE_COMPLETE', ExecutionStatus: 'EXECUTE_COMPLETE' },
    );
    cf.on(ExecuteStackRefactorCommand).resolves({});
    settledStacks();
    stepfHolds(input);

    const done = await executeMigration(ctxOf(), input, plan, options());
    expect(done).toEqual({ path: 'refactor', id: 'refactor-1' });

    const sent = cf.commandCalls(CreateStackRefactorCommand)[0].args[0].input;
    expect(sent.EnableStackCreation).toBe(true);
    expect(sent.Description).toBe(`stepf migrate ${OLD} -> ${NEW}`);
    expect(sent.ResourceMappings).toEqual(
      ['Hellostepfunc1StepFunctionsStateMachineRole', 'Hellostepfunc1StepFunctionsStateMachine'].map((id) => ({ Source: { StackName: OLD, LogicalResourceId: id }, Destination: { StackName: NEW, LogicalResourceId: id } })),
    );
    const [source, destination] = sent.StackDefinitions!.map((d) => JSON.parse(d.TemplateBody!) as Template);
    expect(sent.StackDefinitions!.map((d) => d.StackName)).toEqual([OLD, NEW]);
    expect(Object.keys(source.Resources)).not.toContain('Hellostepfunc1StepFunctionsStateMachine');
    expect(source.Resources.HelloLambdaFunction).toEqual(input.serverless.template.Resources.HelloLambdaFunction);
    expect(Object.keys(source.Outputs ?? {})).not.toContain('Hellostepfunc1StepFunctionsStateMachineArn');
    // As deployed: the plugin's definition and role, not stepf's (a move changes no configuration).
    expect(destination.Resources).toEqual({
      Hellostepfunc1StepFunctionsStateMachineRole: input.serverless.template.Resources.Hellostepfunc1StepFunctionsStateMachineRole,
      Hellostepfunc1StepFunctionsStateMachine: input.serverless.template.Resources.Hellostepfunc1StepFunctionsStateMachine,
    });
    expect(cf.commandCalls(ExecuteStackRefactorCommand).map((c) => c.args[0].input)).toEqual([{ StackRefactorId: 'refactor-1' }]);
    expect(cf.commandCalls(DescribeStacksCommand).map((c) => c.args[0].input.StackName)).toEqual([OLD, NEW]);
    expect(cf.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
  });

  it('sends a template over the 51,200-byte TemplateBody limit as a TemplateURL in the deployment bucket', async () => {
    const input = inputOf('hello');
    for (let i = 0; i < 400; i++) input.serverless.template.Resources[`Queue${i}`] = { Type: 'AWS::SQS::Queue', Properties: { QueueName: `a-queue-with-a-long-enough-name-${i}`, Tags: [{ Key: 'purpose', Value: 'make the template large' }] } };
    input.serverless.physicalIds = fakePhysicalIds(input.serverless.template);
    const s3 = mockClient(S3Client);
    s3.on(PutObjectCommand).resolves({});
    try {
      cf.on(CreateStackRefactorCommand).resolves({ StackRefactorId: 'refactor-1' });
      describes({ Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE' }, { Status: 'CREATE_COMPLETE', ExecutionStatus: 'EXECUTE_COMPLETE' });
      cf.on(ExecuteStackRefactorCommand).resolves({});
      settledStacks();
      stepfHolds(input);
      await executeMigration(ctxOf(), input, planMigration(input), { ...options(), deploymentBucket: 'my-deployments' });
      const [source, destination] = cf.commandCalls(CreateStackRefactorCommand)[0].args[0].input.StackDefinitions!;
      expect(source.TemplateBody).toBeUndefined();
      expect(source.TemplateURL).toMatch(new RegExp(`^https://my-deployments\\.s3\\.us-east-1\\.amazonaws\\.com/stepf/${OLD}/[0-9a-f]{16}\\.json$`));
      expect(destination.TemplateBody).toBeDefined();
      const put = s3.commandCalls(PutObjectCommand)[0].args[0].input;
      expect(put.Bucket).toBe('my-deployments');
      expect(Object.keys(JSON.parse(String(put.Body)).Resources)).not.toContain('Hellostepfunc1StepFunctionsStateMachine');
    } finally {
      s3.restore();
    }
  });

  it('turns a moved resource\'s references to what stays behind into their values (a function ARN, the old stack\'s name)', async () => {
    const input = inputOf('hello');
    const machine = input.serverless.template.Resources.Hellostepfunc1StepFunctionsStateMachine;
    machine.Properties!.DefinitionString = { 'Fn::Sub': ['{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"${fn}","Comment":"${AWS::StackName}","End":true}}}', { fn: { 'Fn::GetAtt': ['HelloLambdaFunction', 'Arn'] } }] };
    const plan = planMigration(input);
    expect(plan.rows.find((r) => r.from === 'Hellostepfunc1StepFunctionsStateMachine')?.action).toBe('move');
    cf.on(CreateStackRefactorCommand).resolves({ StackRefactorId: 'refactor-1' });
    describes({ Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE' }, { Status: 'CREATE_COMPLETE', ExecutionStatus: 'EXECUTE_COMPLETE' });
    cf.on(ExecuteStackRefactorCommand).resolves({});
    settledStacks();
    stepfHolds(input);
    await executeMigration(ctxOf(), input, plan, options());
    const destination = JSON.parse(cf.commandCalls(CreateStackRefactorCommand)[0].args[0].input.StackDefinitions![1].TemplateBody!) as Template;
    expect(destination.Resources.Hellostepfunc1StepFunctionsStateMachine.Properties!.DefinitionString).toEqual({
      'Fn::Sub': ['{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"${fn}","Comment":"example-stepf-nodejs-dev","End":true}}}', { fn: 'arn:aws:lambda:us-east-1:123456789012:function:example-stepf-nodejs-dev-hello' }],
    });
    expect(destination.Resources.Hellostepfunc1StepFunctionsStateMachine.Properties!.RoleArn).toEqual({ 'Fn::GetAtt': ['Hellostepfunc1StepFunctionsStateMachineRole', 'Arn'] });
  });

  it('stops before executing a refactor CloudFormation refused (CREATE_FAILED), saying nothing moved', async () => {
    const input = inputOf('hello');
    cf.on(CreateStackRefactorCommand).resolves({ StackRefactorId: 'refactor-1' });
    describes({ Status: 'CREATE_FAILED', ExecutionStatus: 'UNAVAILABLE', StatusReason: 'Template format error: Unresolved resource dependencies [Foo] in the Resources block of the template' });
    const err = await executeMigration(ctxOf(), input, planMigration(input), options()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsError);
    expect((err as AwsError).message).toBe('CloudFormation refused stack refactor refactor-1: Template format error: Unresolved resource dependencies [Foo] in the Resources block of the template');
    expect((err as AwsError).hint).toMatch(/^nothing was moved: both stacks are as they were/);
    expect(cf.commandCalls(ExecuteStackRefactorCommand)).toHaveLength(0);
    expect(cf.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
  });

  it('takes no other path when CreateStackRefactor refuses for another reason: an error, no change set', async () => {
    const input = inputOf('hello');
    cf.on(CreateStackRefactorCommand).rejects(Object.assign(new Error('Template format error: unsupported structure.'), { name: 'ValidationError' }));
    const err = (await executeMigration(ctxOf(), input, planMigration(input), options()).catch((e: unknown) => e)) as AwsError;
    expect(err).toBeInstanceOf(AwsError);
    expect(err.message).toContain('Template format error: unsupported structure.');
    expect(cf.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
  });

  it('reports a refactor that failed while executing as rolled back by CloudFormation, and a failed rollback with the command that shows where each resource is', async () => {
    const input = inputOf('hello');
    cf.on(CreateStackRefactorCommand).resolves({ StackRefactorId: 'refactor-1' });
    cf.on(ExecuteStackRefactorCommand).resolves({});
    describes({ Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE' }, { Status: 'CREATE_COMPLETE', ExecutionStatus: 'ROLLBACK_COMPLETE', ExecutionStatusReason: 'Resource handler returned message: "Access denied"' });
    const rolledBack = (await executeMigration(ctxOf(), input, planMigration(input), options()).catch((e: unknown) => e)) as AwsError;
    expect(rolledBack.message).toBe('stack refactor refactor-1 failed and CloudFormation rolled it back (ROLLBACK_COMPLETE): Resource handler returned message: "Access denied"');
    expect(rolledBack.hint).toMatch(/^nothing was moved: both stacks are as they were/);

    cf.reset();
    cf.on(CreateStackRefactorCommand).resolves({ StackRefactorId: 'refactor-1' });
    cf.on(ExecuteStackRefactorCommand).resolves({});
    describes({ Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE' }, { Status: 'CREATE_COMPLETE', ExecutionStatus: 'ROLLBACK_FAILED', ExecutionStatusReason: 'Rollback failed' });
    const stuck = (await executeMigration(ctxOf(), input, planMigration(input), options()).catch((e: unknown) => e)) as AwsError;
    expect(stuck.message).toBe('stack refactor refactor-1 failed (Rollback failed) and CloudFormation could not roll it back');
    expect(stuck.hint).toContain('aws cloudformation list-stack-refactor-actions --stack-refactor-id refactor-1');
  });

  it('interrupted while CloudFormation moves the resources: says it carries on, and the command that finishes it', async () => {
    const input = inputOf('hello');
    const ac = new AbortController();
    cf.on(CreateStackRefactorCommand).resolves({ StackRefactorId: 'refactor-1' });
    cf.on(ExecuteStackRefactorCommand).resolves({});
    let described = 0;
    cf.on(DescribeStackRefactorCommand).callsFake(() => ({ StackRefactorId: 'refactor-1', Status: 'CREATE_COMPLETE', ExecutionStatus: ++described === 1 ? 'AVAILABLE' : 'EXECUTE_IN_PROGRESS' }));
    const err = (await executeMigration(ctxOf(fakeClock(() => ac.abort()), ac.signal), input, planMigration(input), options()).catch((e: unknown) => e)) as Interrupted;
    expect(err).toBeInstanceOf(Interrupted);
    expect(err.message).toBe(
      'interrupted: CloudFormation carries on moving the resources (stack refactor refactor-1); `stepf migrate --stage dev --execute` again waits for it and reports how it ended (`aws cloudformation describe-stack-refactor --stack-refactor-id refactor-1` shows it too)',
    );
  });

  it('a re-run finds the refactor an interrupted run left executing (ListStackRefactors) and waits for it instead of making another', async () => {
    cf.on(ListStackRefactorsCommand).resolves({
      StackRefactorSummaries: [
        { StackRefactorId: 'someone-else', Description: 'another refactor', ExecutionStatus: 'EXECUTE_IN_PROGRESS', Status: 'CREATE_COMPLETE' },
        { StackRefactorId: 'refactor-1', Description: `stepf migrate ${OLD} -> ${NEW}`, ExecutionStatus: 'EXECUTE_IN_PROGRESS', Status: 'CREATE_COMPLETE' },
      ],
    });
    describes({ Status: 'CREATE_COMPLETE', ExecutionStatus: 'EXECUTE_IN_PROGRESS' }, { Status: 'CREATE_COMPLETE', ExecutionStatus: 'EXECUTE_COMPLETE' });
    settledStacks();
    const ctx = ctxOf();
    expect(await finishOpenRefactor(ctx, { serverless: OLD, stepf: NEW }, options())).toEqual({ path: 'refactor', id: 'refactor-1' });
    expect(cf.commandCalls(ListStackRefactorsCommand)[0].args[0].input.ExecutionStatusFilter).toEqual(['EXECUTE_IN_PROGRESS']);
    expect(cf.commandCalls(DescribeStackRefactorCommand).every((c) => c.args[0].input.StackRefactorId === 'refactor-1')).toBe(true);
    expect(cf.commandCalls(CreateStackRefactorCommand)).toHaveLength(0);
    expect(ctx.sink.notes).toEqual(['stack refactor refactor-1 (an earlier stepf migrate) is still moving resources: waiting for it']);
  });
});

describe('migrate --execute by resource import (injected: moto has neither stack refactoring nor IMPORT change sets)', () => {
  /** Answers for CreateChangeSet/DescribeChangeSet/ExecuteChangeSet and settled stacks; records the change sets. */
  function changeSets(): CreateChangeSetCommandInput[] {
    const made: CreateChangeSetCommandInput[] = [];
    cf.on(CreateChangeSetCommand).callsFake((i: CreateChangeSetCommandInput) => {
      made.push(i);
      return { Id: `cs-${made.length}`, StackId: `id-${i.StackName}` };
    });
    cf.on(DescribeChangeSetCommand).callsFake((i: { ChangeSetName: string }) => ({ ChangeSetId: i.ChangeSetName, Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE', Changes: [], CreationTime: new Date() }));
    cf.on(ExecuteChangeSetCommand).resolves({});
    cf.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
    settledStacks();
    return made;
  }

  it('where stack refactoring is not available: DeletionPolicy Retain, removal from the Serverless stack, then an IMPORT change set naming each resource, and says which path it took', async () => {
    const input = inputOf('hello');
    cf.on(CreateStackRefactorCommand).rejects(Object.assign(new Error('Stack refactoring is not supported in this region'), { name: 'ValidationError' }));
    const made = changeSets();
    stepfHolds(input);
    const opts = options();
    const ctx = ctxOf();
    const done = await executeMigration(ctx, input, planMigration(input), opts);
    expect(done).toEqual({ path: 'import', id: 'cs-3', why: 'Stack refactoring is not supported in this region' });
    expect(ctx.sink.notes[0]).toBe('stack refactoring is not available here (Stack refactoring is not supported in this region); taking the import path instead');

    expect(made.map((m) => [m.StackName, m.ChangeSetType])).toEqual([[OLD, 'UPDATE'], [OLD, 'UPDATE'], [NEW, 'IMPORT']]);
    const [retain, removal, imported] = made.map((m) => JSON.parse(m.TemplateBody!) as Template);
    for (const id of ['Hellostepfunc1StepFunctionsStateMachineRole', 'Hellostepfunc1StepFunctionsStateMachine']) {
      expect(retain.Resources[id]).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain', Properties: input.serverless.template.Resources[id].Properties });
      expect(removal.Resources[id]).toBeUndefined();
      expect(imported.Resources[id]).toMatchObject({ DeletionPolicy: 'Retain', Properties: input.serverless.template.Resources[id].Properties });
    }
    expect(retain.Resources.HelloLambdaFunction).toEqual(input.serverless.template.Resources.HelloLambdaFunction);
    expect(made[2].ResourcesToImport).toEqual([
      { ResourceType: 'AWS::IAM::Role', LogicalResourceId: 'Hellostepfunc1StepFunctionsStateMachineRole', ResourceIdentifier: { RoleName: input.serverless.physicalIds.Hellostepfunc1StepFunctionsStateMachineRole } },
      { ResourceType: 'AWS::StepFunctions::StateMachine', LogicalResourceId: 'Hellostepfunc1StepFunctionsStateMachine', ResourceIdentifier: { Arn: input.serverless.physicalIds.Hellostepfunc1StepFunctionsStateMachine } },
    ]);
    expect(existsSync(opts.importStateFile)).toBe(false);
  });

  it('reports an IMPORT that made new resources instead of taking over the old ones (as moto does: it treats IMPORT as a create), naming each', async () => {
    const input = inputOf('hello');
    changeSets();
    stepfHolds(input, (p) => `${p}-new`);
    const err = (await executeMigration(ctxOf(), input, planMigration(input), { ...options(), importOnly: true }).catch((e: unknown) => e)) as AwsError;
    expect(err).toBeInstanceOf(AwsError);
    const arn = input.serverless.physicalIds.Hellostepfunc1StepFunctionsStateMachine;
    expect(err.message).toContain(`the IMPORT change set did not take over`);
    expect(err.message).toContain(`Hellostepfunc1StepFunctionsStateMachine (${arn}; ${NEW} has ${arn}-new)`);
  });

  it('refuses before changing anything when it cannot name a moved resource for CloudFormation (no identifier known for its type)', async () => {
    const input = inputOf('events-alarms-notifications');
    const made = changeSets();
    const err = (await executeMigration(ctxOf(), input, planMigration(input), { ...options(), importOnly: true }).catch((e: unknown) => e)) as AwsError;
    expect(err).toBeInstanceOf(AwsError);
    expect(err.message).toMatch(/^the import path cannot name .*\(AWS::SNS::TopicPolicy\).* for CloudFormation/);
    expect(err.hint).toMatch(/^nothing was changed/);
    expect(made).toHaveLength(0);
    expect(cf.commandCalls(CreateStackRefactorCommand)).toHaveLength(0);
  });

  it('finishes an import an interrupted run left half done (removed and retained, not yet imported) from the file that records it', async () => {
    const opts = options();
    const input = inputOf('hello');
    cf.on(CreateStackRefactorCommand).rejects(Object.assign(new Error('Stack refactoring is not supported in this region'), { name: 'ValidationError' }));
    const made = changeSets();
    // Ctrl-C while CloudFormation removes them: the record stays, and the message says how to finish.
    const ac = new AbortController();
    let executed = 0;
    cf.on(ExecuteChangeSetCommand).callsFake(() => void executed++);
    cf.on(DescribeStacksCommand).callsFake((i: { StackName: string }) => ({
      Stacks: [{ StackName: i.StackName, StackId: `id-${i.StackName}`, StackStatus: executed === 2 ? 'UPDATE_IN_PROGRESS' : 'UPDATE_COMPLETE', CreationTime: new Date() }],
    }));
    const err = (await executeMigration(ctxOf(fakeClock(() => ac.abort()), ac.signal), input, planMigration(input), opts).catch((e: unknown) => e)) as Interrupted;
    expect(err).toBeInstanceOf(Interrupted);
    expect(err.message).toContain(`\`stepf migrate --stage dev --execute\` again finishes it from ${opts.importStateFile}`);
    expect(existsSync(opts.importStateFile)).toBe(true);
    const recorded = JSON.parse(readFileSync(opts.importStateFile, 'utf8'));
    expect(recorded.resources.map((r: { LogicalResourceId: string }) => r.LogicalResourceId)).toEqual(['Hellostepfunc1StepFunctionsStateMachineRole', 'Hellostepfunc1StepFunctionsStateMachine']);

    made.length = 0;
    cf.on(ExecuteChangeSetCommand).resolves({});
    settledStacks();
    stepfHolds(input);
    const ctx = ctxOf();
    expect(await finishRecordedImport(ctx, opts)).toMatchObject({ path: 'import' });
    expect(made.map((m) => [m.StackName, m.ChangeSetType])).toEqual([[NEW, 'IMPORT']]);
    expect(existsSync(opts.importStateFile)).toBe(false);
    expect(await finishRecordedImport(ctxOf(), opts)).toBeUndefined();
  });
});
