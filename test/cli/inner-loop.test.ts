// stepf diff, deploy --hotswap and watch: the built CLI against moto server, results checked through the AWS APIs.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CloudFormationClient, DescribeStacksCommand, GetTemplateCommand, ListChangeSetsCommand, UpdateStackCommand } from '@aws-sdk/client-cloudformation';
import { DeleteStateMachineCommand, DescribeStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import { useEmulator } from '../support/emulator.js';
import { stepfBin } from '../support/cli.js';
import { startFaultProxy } from '../aws/fault-proxy.js';

const emu = useEmulator({ processEnv: true });
let cfn: CloudFormationClient;
let sfn: SFNClient;

beforeAll(async () => {
  cfn = new CloudFormationClient({});
  sfn = new SFNClient({});
});

const env = emu.cliEnv;
const stepf = emu.stepf;

const CHECK = (n: number) => `
    Check:
      Type: Choice
      Choices:
        - Variable: $.n
          NumericGreaterThan: ${n}
          Next: Big
      Default: Small`;
const BIG = `
    Big:
      Type: Pass
      Result: big
      End: true`;
const BIG_NOTIFY = `
    Big:
      Type: Pass
      Result: big
      Next: Notify
    Notify:
      Type: Task
      Resource: arn:aws:states:::sqs:sendMessage
      Parameters:
        QueueUrl: https://sqs.us-east-1.amazonaws.com/123456789012/inner-q
        MessageBody.$: $
      End: true`;
const SMALL = `
    Small:
      Type: Pass
      Result: small
      End: true`;

/** A service whose machine's definition is read through ${file(./flow.yml)}, as watch must follow. */
function service(name: string, states: string, opts: { extraMachine?: boolean; custom?: string } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), `stepf-inner-${name}-`));
  const other = opts.extraMachine ? `\n    other:\n      name: ${name}-other\n      definition:\n        StartAt: A\n        States:\n          A:\n            Type: Pass\n            End: true\n` : '\n';
  writeFileSync(
    join(dir, 'serverless.yml'),
    `service: ${name}\nprovider:\n  name: aws\n  region: us-east-1\n${opts.custom ?? ''}stepFunctions:\n  stateMachines:\n    flow:\n      name: ${name}-flow\n      definition: \${file(./flow.yml)}${other}`,
  );
  writeFlow(dir, states);
  return dir;
}

function writeFlow(dir: string, states: string): void {
  writeFileSync(join(dir, 'flow.yml'), `StartAt: Check\nStates:${states}\n`);
}

function addMachine(dir: string, name: string): void {
  const yml = join(dir, 'serverless.yml');
  writeFileSync(yml, `${readFileSync(yml, 'utf8')}    other:\n      name: ${name}-other\n      definition:\n        StartAt: A\n        States:\n          A:\n            Type: Pass\n            End: true\n`);
}

async function liveDefinition(name: string) {
  const d = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `arn:aws:states:us-east-1:123456789012:stateMachine:${name}` }));
  return JSON.parse(d.definition!) as { States: Record<string, { Choices?: Array<{ NumericGreaterThan?: number }>; Next?: string }> };
}

async function stackState(stackName: string) {
  const [s, t, cs] = await Promise.all([
    cfn.send(new DescribeStacksCommand({ StackName: stackName })),
    cfn.send(new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' })),
    cfn.send(new ListChangeSetsCommand({ StackName: stackName })),
  ]);
  const stack = s.Stacks![0];
  return { status: stack.StackStatus, updated: stack.LastUpdatedTime?.toISOString(), template: t.TemplateBody, changeSets: (cs.Summaries ?? []).filter((c) => c.StackName === stackName).length };
}

/** Two machines; the first with logging (to the log group stepf creates) and tracing, set by the arguments. */
const TWO = (name: string, level: string, withData: boolean, tracing: boolean, result: string) => `service: ${name}
provider:
  name: aws
  region: us-east-1
stepFunctions:
  stateMachines:
    flow:
      name: ${name}-flow
      loggingConfig:
        level: ${level}
        includeExecutionData: ${withData}
      tracingConfig:
        enabled: ${tracing}
      definition:
        StartAt: A
        States:
          A:
            Type: Pass
            Result: ${result}
            End: true
    other:
      name: ${name}-other
      definition:
        StartAt: B
        States:
          B:
            Type: Pass
            Result: ${result}
            End: true
`;
const live = async (name: string) => sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `arn:aws:states:us-east-1:123456789012:stateMachine:${name}` }));

describe('stepf diff (built CLI against moto)', () => {
  it('with no stack everything is added; after a deploy there is no difference; --fail exits 1 only on a difference', async () => {
    const dir = service('inner-diff0', CHECK(1) + BIG + SMALL);
    const none = await stepf(dir, ['diff', '--json']);
    expect(none.code, none.stderr).toBe(0);
    const d = JSON.parse(none.stdout);
    expect(d.stackExists).toBe(false);
    expect(d.resources.map((r: { change: string }) => r.change)).toEqual(['added', 'added']);
    expect((await stepf(dir, ['diff', '--fail'])).code).toBe(1);
    expect((await stepf(dir, ['deploy'])).code).toBe(0);
    const same = await stepf(dir, ['diff', '--fail']);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toMatch(/no differences/);
  });

  it('shows a changed Choice, an added state, its IAM grant (first, in its own table) and a new machine, and changes nothing', async () => {
    const dir = service('inner-diff', CHECK(1) + BIG + SMALL);
    expect((await stepf(dir, ['deploy'])).code).toBe(0);
    const before = await stackState('inner-diff-dev-stepf');

    writeFlow(dir, CHECK(5) + BIG + SMALL);
    const choice = await stepf(dir, ['diff', '--json']);
    expect(choice.code, choice.stderr).toBe(0);
    const c = JSON.parse(choice.stdout);
    expect(c.iam).toEqual([]);
    expect(c.resources).toHaveLength(1);
    expect(c.resources[0]).toMatchObject({ logicalId: 'InnerDashdiffDashflow', change: 'modified', replacement: 'no', definition: { states: [{ state: 'Check', change: 'modified', fields: ['Choices'] }] } });
    expect(c.resources[0].definition.unified).toContain('-          "NumericGreaterThan": 1,\n+          "NumericGreaterThan": 5,');

    writeFlow(dir, CHECK(5) + BIG_NOTIFY + SMALL);
    addMachine(dir, 'inner-diff');
    const all = await stepf(dir, ['diff', '--fail']);
    expect(all.code, all.stderr).toBe(1);
    const text = all.stdout;
    expect(text.indexOf('IAM statement changes')).toBeGreaterThan(-1);
    expect(text.indexOf('IAM statement changes')).toBeLessThan(text.indexOf('Resources'));
    expect(text).toMatch(/\+\s+InnerDashdiffDashflowRole \(policy dev-inner-diff-statemachine\)\s+Allow\s+sqs:SendMessage\s+arn:\$\{AWS::Partition\}:sqs:us-east-1:123456789012:inner-q/);
    expect(text).toMatch(/\[~\] AWS::StepFunctions::StateMachine InnerDashdiffDashflow\n\s+\[~\] DefinitionString\n\s+states: ~ Check \(Choices\), ~ Big \(End, Next\), \+ Notify\n/);
    expect(text).toMatch(/\[\+\] AWS::StepFunctions::StateMachine InnerDashdiffDashother/);
    expect(text).toMatch(/\[\+\] AWS::IAM::Role InnerDashdiffDashotherRole/);
    // never changes anything
    expect(await stackState('inner-diff-dev-stepf')).toEqual(before);
  });
});

describe('stepf diff and --hotswap on the template\'s other sections (built CLI against moto)', () => {
  const CONDITIONAL = (equals: string, result: string) => `service: inner-cond
provider:
  name: aws
  region: us-east-1
stepFunctions:
  stateMachines:
    flow:
      name: inner-cond-flow
      definition:
        StartAt: A
        States:
          A:
            Type: Pass
            Result: ${result}
            End: true
resources:
  Conditions:
    WithTopic:
      Fn::Equals: [${equals}]
  Resources:
    Topic:
      Type: AWS::SNS::Topic
      Condition: WithTopic
`;

  it('a changed Condition is shown with the resources it decides, and --hotswap falls back naming it though the definition change alone could be hotswapped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepf-inner-cond-'));
    writeFileSync(join(dir, 'serverless.yml'), CONDITIONAL('a, a', 'one'));
    expect((await stepf(dir, ['deploy'])).code).toBe(0);
    const before = await stackState('inner-cond-dev-stepf');
    writeFileSync(join(dir, 'serverless.yml'), CONDITIONAL('a, b', 'two'));

    const json = await stepf(dir, ['diff', '--json', '--fail']);
    expect(json.code, json.stderr).toBe(1);
    const d = JSON.parse(json.stdout);
    expect(d.sections).toEqual([{ section: 'Conditions', key: 'WithTopic', change: 'modified', before: '{"Fn::Equals":["a","a"]}', after: '{"Fn::Equals":["a","b"]}', decides: ['Topic'] }]);
    expect(d.resources.map((r: { logicalId: string }) => r.logicalId)).toEqual(['InnerDashcondDashflow']);
    const text = await stepf(dir, ['diff']);
    expect(text.stdout).toContain('Template sections\n[~] Conditions.WithTopic (the condition of Topic): {"Fn::Equals":["a","a"]} → {"Fn::Equals":["a","b"]}\n');

    const only = await stepf(dir, ['deploy', '--hotswap-only']);
    expect(only.code).toBe(1);
    expect(only.stderr).toMatch(/not deployed: --hotswap-only, and this change needs CloudFormation: Conditions\.WithTopic is modified: only a change set updates the template's Conditions/);
    expect(await stackState('inner-cond-dev-stepf')).toEqual(before);
    expect(JSON.parse((await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:inner-cond-flow' }))).definition!).States.A.Result).toBe('one');

    const r = await stepf(dir, ['deploy', '--hotswap', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ result: 'deployed', fellBackBecause: ["Conditions.WithTopic is modified: only a change set updates the template's Conditions"] });
    expect(JSON.parse((await stackState('inner-cond-dev-stepf')).template!).Conditions.WithTopic).toEqual({ 'Fn::Equals': ['a', 'b'] });
  });

  it('a stack whose Description, Mappings and Metadata were changed outside stepf: diff shows each, --hotswap falls back naming them, and the change set puts the template back', async () => {
    const dir = service('inner-sections', CHECK(1) + BIG + SMALL);
    expect((await stepf(dir, ['deploy'])).code).toBe(0);
    const stackName = 'inner-sections-dev-stepf';
    const ours = JSON.parse((await stackState(stackName)).template!);
    const edited = { ...ours, Description: 'edited by hand', Metadata: { Owner: 'ops' }, Mappings: { Sizes: { dev: { n: '1' } } } };
    await cfn.send(new UpdateStackCommand({ StackName: stackName, TemplateBody: JSON.stringify(edited), Capabilities: ['CAPABILITY_IAM'] }));
    writeFlow(dir, CHECK(2) + BIG + SMALL);

    const d = JSON.parse((await stepf(dir, ['diff', '--json'])).stdout);
    expect(d.sections).toEqual([
      { section: 'Description', change: 'modified', before: 'edited by hand', after: ours.Description },
      { section: 'Metadata', key: 'Owner', change: 'removed', before: 'ops' },
      { section: 'Mappings', key: 'Sizes', change: 'removed', before: '{"dev":{"n":"1"}}' },
    ]);

    const r = await stepf(dir, ['deploy', '--hotswap', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.result).toBe('deployed');
    expect(out.fellBackBecause).toEqual([
      "Description is modified: only a change set updates the template's Description",
      "Metadata.Owner is removed: only a change set updates the template's Metadata",
      "Mappings.Sizes is removed: only a change set updates the template's Mappings",
    ]);
    expect(JSON.parse((await stepf(dir, ['diff', '--json'])).stdout)).toMatchObject({ empty: true, sections: [] });
    expect((await liveDefinition('inner-sections-flow')).States.Check.Choices![0].NumericGreaterThan).toBe(2);
  });
});

describe('stepf deploy --hotswap (built CLI against moto)', () => {
  it('a definition change updates the machine directly in at most 3 AWS calls: the new definition is live, the stack is untouched, diff says it drifted, and a normal deploy brings it back in line', async () => {
    const dir = service('inner-hs', CHECK(1) + BIG + SMALL);
    expect((await stepf(dir, ['deploy'])).code).toBe(0);
    const before = await stackState('inner-hs-dev-stepf');

    writeFlow(dir, CHECK(7) + BIG + SMALL);
    const r = await stepf(dir, ['deploy', '--hotswap', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ result: 'hotswapped', drifted: true, hotswapped: [{ logicalId: 'InnerDashhsDashflow', updated: ['definition'] }] });
    expect(out.awsCalls).toBeLessThanOrEqual(3);
    expect((await liveDefinition('inner-hs-flow')).States.Check.Choices![0].NumericGreaterThan).toBe(7);
    expect(await stackState('inner-hs-dev-stepf')).toEqual(before);

    const text = await stepf(dir, ['deploy', '--hotswap']);
    expect(text.stdout).toMatch(/has drifted: CloudFormation's template still holds the previous definition/);
    expect(text.stdout).toMatch(/The next `stepf deploy` \(without --hotswap\) brings CloudFormation back in line/);

    const diff = await stepf(dir, ['diff']);
    expect(diff.stdout).toMatch(/InnerDashhsDashflow: the live definition differs from CloudFormation's template/);
    expect(diff.stdout).toMatch(/NumericGreaterThan": 1,\n.*\+.*NumericGreaterThan": 7/);

    const normal = await stepf(dir, ['deploy', '--json']);
    expect(normal.code, normal.stderr).toBe(0);
    expect(JSON.parse(normal.stdout).result).toBe('deployed');
    const after = await stepf(dir, ['diff', '--json']);
    expect(JSON.parse(after.stdout)).toMatchObject({ empty: true, drifted: [] });
  });

  it('a hotswapped change reverted locally is put back by the next normal deploy, though CloudFormation sees no change', async () => {
    const dir = service('inner-revert', CHECK(1) + BIG + SMALL);
    expect((await stepf(dir, ['deploy'])).code).toBe(0);
    writeFlow(dir, CHECK(3) + BIG + SMALL);
    expect((await stepf(dir, ['deploy', '--hotswap'])).code).toBe(0);
    writeFlow(dir, CHECK(1) + BIG + SMALL);
    const r = await stepf(dir, ['deploy', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ result: 'up-to-date', hotswapped: [{ logicalId: 'InnerDashrevertDashflow' }] });
    expect((await liveDefinition('inner-revert-flow')).States.Check.Choices![0].NumericGreaterThan).toBe(1);
  });

  it('a definition that needs a new IAM grant falls back to a change set naming the grant; --hotswap-only refuses and changes nothing', async () => {
    const dir = service('inner-iam', CHECK(1) + BIG + SMALL);
    expect((await stepf(dir, ['deploy'])).code).toBe(0);
    const before = await stackState('inner-iam-dev-stepf');
    writeFlow(dir, CHECK(1) + BIG_NOTIFY + SMALL);

    const only = await stepf(dir, ['deploy', '--hotswap-only']);
    expect(only.code).toBe(1);
    expect(only.stderr).toMatch(/not deployed: --hotswap-only, and this change needs CloudFormation: role InnerDashiamDashflowRole needs a new grant: sqs:SendMessage/);
    expect(await stackState('inner-iam-dev-stepf')).toEqual(before);
    expect((await liveDefinition('inner-iam-flow')).States.Big.Next).toBeUndefined();

    // The change set it falls back to widens a grant: with nobody to ask, that needs --yes (exit 7).
    const asked = await stepf(dir, ['deploy', '--hotswap']);
    expect(asked.code, asked.stderr).toBe(7);
    expect(asked.stderr).toMatch(/it widens IAM grants \(1 new\)/);
    expect((await liveDefinition('inner-iam-flow')).States.Big.Next).toBeUndefined();

    const r = await stepf(dir, ['deploy', '--hotswap', '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.result).toBe('deployed');
    expect(out.fellBackBecause).toEqual([expect.stringMatching(/^role InnerDashiamDashflowRole needs a new grant: sqs:SendMessage on /)]);
    expect(r.stderr).toMatch(/hotswap not possible, deploying through a change set/);
    const t = JSON.parse((await stackState('inner-iam-dev-stepf')).template!);
    expect(JSON.stringify(t.Resources.InnerDashiamDashflowRole.Properties.Policies)).toContain('sqs:SendMessage');
    expect((await liveDefinition('inner-iam-flow')).States.Big.Next).toBe('Notify');
  });

  it('two changed machines are hotswapped together, one with its logging and tracing (moto ignores both through CloudFormation, so what shows is what the hotswap sent), in at most 3 calls a machine', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepf-inner-two-'));
    writeFileSync(join(dir, 'serverless.yml'), TWO('inner-two', 'ERROR', false, true, 'one'));
    expect((await stepf(dir, ['deploy'])).code).toBe(0);
    const before = await stackState('inner-two-dev-stepf');
    // tracing off needs fewer grants (X-Ray's go), a new logging level none: both can be hotswapped
    writeFileSync(join(dir, 'serverless.yml'), TWO('inner-two', 'ALL', true, false, 'two'));
    const r = await stepf(dir, ['deploy', '--hotswap', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.result).toBe('hotswapped');
    expect(out.hotswapped).toEqual([
      { logicalId: 'InnerDashtwoDashflow', arn: 'arn:aws:states:us-east-1:123456789012:stateMachine:inner-two-flow', updated: ['definition', 'logging', 'tracing'] },
      { logicalId: 'InnerDashtwoDashother', arn: 'arn:aws:states:us-east-1:123456789012:stateMachine:inner-two-other', updated: ['definition'] },
    ]);
    // DescribeStacks, GetTemplate, ListStackResources (the log group's ARN), one UpdateStateMachine each
    expect(out.awsCalls).toBe(5);
    const flow = await live('inner-two-flow');
    expect(JSON.parse(flow.definition!).States.A.Result).toBe('two');
    expect(flow.loggingConfiguration).toEqual({
      level: 'ALL',
      includeExecutionData: true,
      destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/inner-two-dev-flow:*' } }],
    });
    expect(flow.tracingConfiguration).toEqual({ enabled: false });
    expect(JSON.parse((await live('inner-two-other')).definition!).States.B.Result).toBe('two');
    expect(await stackState('inner-two-dev-stepf')).toEqual(before);
  });

  it('when one machine\'s update fails (deleted outside CloudFormation), the other is still hotswapped, and the error names both', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepf-inner-half-'));
    writeFileSync(join(dir, 'serverless.yml'), TWO('inner-half', 'ERROR', false, false, 'one'));
    expect((await stepf(dir, ['deploy'])).code).toBe(0);
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:inner-half-other' }));
    writeFileSync(join(dir, 'serverless.yml'), TWO('inner-half', 'ERROR', false, false, 'two'));
    const r = await stepf(dir, ['deploy', '--hotswap']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/error: UpdateStateMachine: hotswap of InnerDashhalfDashother failed: State Machine Does Not Exist: .*; InnerDashhalfDashflow was hotswapped and now runs the new definition/);
    expect(r.stderr).toMatch(/`stepf deploy` \(without --hotswap\) applies the whole change through CloudFormation/);
    expect(JSON.parse((await live('inner-half-flow')).definition!).States.A.Result).toBe('two');
  });

  it('refuses --hotswap on prod and on a stage in custom.stepf.protectedStages unless --force, before reading AWS', async () => {
    const dir = service('inner-prod', CHECK(1) + BIG + SMALL, { custom: 'custom:\n  stepf:\n    protectedStages: [qa]\n' });
    for (const stage of ['prod', 'qa']) {
      const r = await stepf(dir, ['deploy', '--hotswap', '--stage', stage]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`--hotswap refused on stage ${stage}: it is a protected stage`));
      expect(r.stderr).toMatch(/pass --force if you mean it/);
      const w = await stepf(dir, ['watch', '--stage', stage]);
      expect(w.code).toBe(1);
      expect(w.stderr).toMatch(new RegExp(`stepf watch refused on stage ${stage}`));
    }
    expect((await cfn.send(new DescribeStacksCommand({})).then((o) => o.Stacks ?? [])).map((s) => s.StackName)).not.toContain('inner-prod-prod-stepf');
    const forced = await stepf(dir, ['deploy', '--hotswap', '--stage', 'qa', '--force', '--json']);
    expect(forced.code, forced.stderr).toBe(0);
    // no stack yet: a first deploy goes through CloudFormation
    expect(JSON.parse(forced.stdout)).toMatchObject({ result: 'deployed', fellBackBecause: [expect.stringContaining('does not exist yet')] });
  });
});

/** Resolves when the accumulated text of the stream matches (the test's own timeout bounds the wait). */
function waitFor(child: ChildProcess, stream: 'stdout' | 'stderr', re: RegExp, from: { text: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = re.exec(from.text);
      if (m) {
        from.text = from.text.slice(m.index + m[0].length);
        child[stream]!.off('data', onData);
        child.off('exit', onExit);
        resolve(m[0]);
        return true;
      }
      return false;
    };
    const onData = () => void check();
    const onExit = (code: number | null) => reject(new Error(`stepf watch exited (${code}) before printing ${re}; it said:\n${from.text}`));
    if (check()) return;
    child[stream]!.on('data', onData);
    child.on('exit', onExit);
  });
}

describe('stepf watch (built CLI against moto)', () => {
  it('hotswaps a save of a ${file()} the config reads, prints a validation error at its line in that file and goes on, and exits 130 on Ctrl-C', async () => {
    const dir = service('inner-watch', CHECK(1) + BIG + SMALL);
    expect((await stepf(dir, ['deploy'])).code).toBe(0);
    const child = spawn(process.execPath, [stepfBin, 'watch'], { cwd: dir, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    const out = { text: '' };
    const err = { text: '' };
    child.stdout!.on('data', (d) => (out.text += d));
    child.stderr!.on('data', (d) => (err.text += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitFor(child, 'stderr', /watching serverless\.yml, flow\.yml \(Ctrl-C to stop\)/, err);

      writeFlow(dir, CHECK(9) + BIG + SMALL);
      await waitFor(child, 'stdout', /hotswapped InnerDashwatchDashflow \(definition\)/, out);
      await waitFor(child, 'stderr', /watching /, err);
      expect((await liveDefinition('inner-watch-flow')).States.Check.Choices![0].NumericGreaterThan).toBe(9);

      writeFlow(dir, CHECK(4) + BIG.replace('End: true', 'Nxt: Small') + SMALL);
      const bad = await waitFor(child, 'stderr', /error: .*\n[\s\S]*?fix the error above and save: the watch goes on/, err);
      expect(bad).toMatch(/error: flow\.yml:13:\d+ stepFunctions\.stateMachines\.flow\.definition\.States\.Big\.Nxt: unknown field "Nxt"/);
      expect((await liveDefinition('inner-watch-flow')).States.Check.Choices![0].NumericGreaterThan).toBe(9);

      writeFlow(dir, CHECK(4) + BIG + SMALL);
      await waitFor(child, 'stdout', /hotswapped InnerDashwatchDashflow/, out);
      await waitFor(child, 'stderr', /watching /, err);
      expect((await liveDefinition('inner-watch-flow')).States.Check.Choices![0].NumericGreaterThan).toBe(4);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(130);
  });

  it('Ctrl-C during a hotswap lets every machine\'s update finish, says which machines now run the new definitions, then exits 130 (a proxy holds the UpdateStateMachine calls until Ctrl-C is seen)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepf-inner-stop-'));
    writeFileSync(join(dir, 'serverless.yml'), TWO('inner-stop', 'ERROR', false, false, 'one'));
    const first = await stepf(dir, ['deploy']);
    expect(first.code, first.stderr).toBe(0);
    const proxy = await startFaultProxy(emu.endpoint);
    let release!: () => void;
    const released = new Promise<undefined>((resolve) => (release = () => resolve(undefined)));
    let held = 0;
    let bothHeld!: () => void;
    const arrived = new Promise<void>((resolve) => (bothHeld = resolve));
    proxy.setRule((action) => {
      if (action !== 'UpdateStateMachine') return undefined;
      if (++held === 2) bothHeld();
      return released;
    });
    const child = spawn(process.execPath, [stepfBin, 'watch', '--json'], { cwd: dir, env: { ...env(), AWS_ENDPOINT_URL: proxy.endpoint }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = { text: '' };
    const err = { text: '' };
    child.stdout!.on('data', (d) => (out.text += d));
    child.stderr!.on('data', (d) => (err.text += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitFor(child, 'stderr', /watching serverless\.yml \(Ctrl-C to stop\)/, err);
      writeFileSync(join(dir, 'serverless.yml'), TWO('inner-stop', 'ERROR', false, false, 'two'));
      await arrived;
      child.kill('SIGINT');
      await waitFor(child, 'stderr', /stopping after the deploy in progress/, err);
      release();
      expect(await exited).toBe(130);
      // The hotswap ran to its end: the line says which machines now run the new definitions.
      expect(err.text).toMatch(/error: interrupted after the hotswap, which finished: InnerDashstopDashflow, InnerDashstopDashother now run their new definitions; stack inner-stop-dev-stepf has drifted/);
      expect(err.text).toMatch(/stepf watch: stopped/);
      for (const m of ['inner-stop-flow', 'inner-stop-other']) expect(JSON.parse((await live(m)).definition!).States[m.endsWith('flow') ? 'A' : 'B'].Result).toBe('two');
    } finally {
      release();
      child.kill('SIGKILL');
      await proxy.close();
    }
  });

  it('keeps its AWS clients across saves: a later save\'s hotswap opens no connection (moto closes each, so a keep-alive proxy stands in for AWS\'s endpoint), and each --json line counts its own calls', async () => {
    const dir = service('inner-reuse', CHECK(1) + BIG + SMALL);
    expect((await stepf(dir, ['deploy'])).code).toBe(0);
    const proxy = await startFaultProxy(emu.endpoint);
    const child = spawn(process.execPath, [stepfBin, 'watch', '--json'], { cwd: dir, env: { ...env(), AWS_ENDPOINT_URL: proxy.endpoint }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = { text: '' };
    const err = { text: '' };
    child.stdout!.on('data', (d) => (out.text += d));
    child.stderr!.on('data', (d) => (err.text += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const hotswapped = async () => JSON.parse(await waitFor(child, 'stdout', /\{"ok":true,"result":"hotswapped".*\n/, out));
    try {
      await waitFor(child, 'stderr', /watching serverless\.yml, flow\.yml \(Ctrl-C to stop\)/, err);
      const opened: number[] = [];
      for (const n of [2, 3, 4]) {
        writeFlow(dir, CHECK(n) + BIG + SMALL);
        const line = await hotswapped();
        await waitFor(child, 'stderr', /watching /, err);
        expect(line.awsCalls).toBe(3);
        opened.push(proxy.connections());
      }
      expect((await liveDefinition('inner-reuse-flow')).States.Check.Choices![0].NumericGreaterThan).toBe(4);
      // The first save may open a second CloudFormation connection (DescribeStacks and GetTemplate go together); none after.
      expect(opened[2]).toBe(opened[1]);
      expect(opened[1]).toBeGreaterThan(0);
    } finally {
      child.kill('SIGINT');
      await exited;
      await proxy.close();
    }
  });
});
