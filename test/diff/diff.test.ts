// The pure comparison of two templates (src/diff): real templates from packageService, no AWS.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageService } from '../../src/pipeline.js';
import { diffTemplates } from '../../src/diff/index.js';
import { isProtectedStage, planHotswap } from '../../src/diff/hotswap.js';
import { missingGrants } from '../../src/diff/iam.js';
import { unifiedDiff } from '../../src/diff/lines.js';
import { machineDefinition, Unresolvable, type StackFacts } from '../../src/diff/resolve.js';
import { diffText } from '../../src/report/diff.js';
import type { Template } from '../../src/compile/types.js';

const CHOICE = (n: number) => `
          Check:
            Type: Choice
            Choices:
              - Variable: $.n
                NumericGreaterThan: ${n}
                Next: Big
            Default: Small`;
const BIG_END = `
          Big:
            Type: Pass
            End: true`;
const BIG_NOTIFY = `
          Big:
            Type: Pass
            Next: Notify
          Notify:
            Type: Task
            Resource: arn:aws:states:::sqs:sendMessage
            Parameters:
              QueueUrl: https://sqs.us-east-1.amazonaws.com/123456789012/q1
              MessageBody.$: $
            End: true`;
const SMALL = `
          Small:
            Type: Pass
            End: true`;
const OTHER = `
    other:
      name: svc-other
      definition:
        StartAt: A
        States:
          A:
            Type: Pass
            End: true`;

async function compile(states: string, extra = '', name = 'svc-flow', id = ''): Promise<Template> {
  const dir = mkdtempSync(join(tmpdir(), 'stepf-diff-'));
  writeFileSync(
    join(dir, 'serverless.yml'),
    `service: svc\nprovider:\n  name: aws\n  region: us-east-1\nstepFunctions:\n  stateMachines:\n    flow:\n      name: ${name}\n${id ? `      id: ${id}\n` : ''}      definition:\n        StartAt: Check\n        States:${states}${extra}\n`,
  );
  return (await packageService({ cwd: dir, stage: 'dev' })).template;
}

describe('diffTemplates', () => {
  it('a changed Choice rule is a modified machine whose Check state changed in Choices, shown as a unified diff of the pretty-printed definition', async () => {
    const before = await compile(CHOICE(1) + BIG_END + SMALL);
    const after = await compile(CHOICE(5) + BIG_END + SMALL);
    const d = diffTemplates({ deployed: before, next: after });
    expect(d.empty).toBe(false);
    expect(d.iam).toEqual([]);
    expect(d.resources).toHaveLength(1);
    const m = d.resources[0];
    expect(m).toMatchObject({ logicalId: 'SvcDashflow', type: 'AWS::StepFunctions::StateMachine', change: 'modified', replacement: 'no' });
    expect(m.properties.map((p) => p.property)).toEqual(['DefinitionString']);
    expect(m.definition!.states).toEqual([{ state: 'Check', change: 'modified', fields: ['Choices'] }]);
    const lines = m.definition!.unified.split('\n');
    expect(lines.slice(0, 2)).toEqual(['--- deployed', '+++ local']);
    expect(lines).toContain('-          "NumericGreaterThan": 1,');
    expect(lines).toContain('+          "NumericGreaterThan": 5,');
    expect(lines.indexOf('-          "NumericGreaterThan": 1,')).toBeLessThan(lines.indexOf('+          "NumericGreaterThan": 5,'));
    expect(planHotswap(d, before, after)).toEqual({ machines: ['SvcDashflow'], blockers: [], notes: [] });
  });

  it('an added Task state is listed as added, its new grant is an IAM statement added to the role, and hotswap falls back naming the grant', async () => {
    const before = await compile(CHOICE(1) + BIG_END + SMALL);
    const after = await compile(CHOICE(1) + BIG_NOTIFY + SMALL);
    const d = diffTemplates({ deployed: before, next: after });
    const m = d.resources.find((r) => r.logicalId === 'SvcDashflow')!;
    expect(m.definition!.states).toEqual([
      { state: 'Big', change: 'modified', fields: ['End', 'Next'] },
      { state: 'Notify', change: 'added', fields: [] },
    ]);
    expect(d.iam).toEqual([
      expect.objectContaining({ change: 'added', holder: 'SvcDashflowRole', effect: 'Allow', actions: ['sqs:SendMessage'], resources: ['arn:${AWS::Partition}:sqs:us-east-1:123456789012:q1'] }),
    ]);
    const plan = planHotswap(d, before, after);
    expect(plan.machines).toEqual(['SvcDashflow']);
    expect(plan.blockers).toEqual(['role SvcDashflowRole needs a new grant: sqs:SendMessage on arn:${AWS::Partition}:sqs:us-east-1:123456789012:q1']);
    // IAM comes first in the text, before the resources
    const text = diffText({ stackName: 's', region: 'us-east-1', stage: 'dev', diff: d, drifted: [] });
    expect(text.indexOf('IAM statement changes')).toBeGreaterThan(0);
    expect(text.indexOf('IAM statement changes')).toBeLessThan(text.indexOf('Resources'));
    expect(text).toMatch(/\+\s+SvcDashflowRole \(policy dev-svc-statemachine\)\s+Allow\s+sqs:SendMessage/);
  });

  it('a definition that needs fewer grants is hotswapped: the deployed role already covers it (the role keeps the extra grant until a full deploy)', async () => {
    const before = await compile(CHOICE(1) + BIG_NOTIFY + SMALL);
    const after = await compile(CHOICE(1) + BIG_END + SMALL);
    const d = diffTemplates({ deployed: before, next: after });
    expect(d.iam.map((s) => [s.change, s.actions])).toEqual([['removed', ['sqs:SendMessage']]]);
    const plan = planHotswap(d, before, after);
    expect(plan.blockers).toEqual([]);
    expect(plan.machines).toEqual(['SvcDashflow']);
    expect(plan.notes).toEqual([expect.stringContaining('role SvcDashflowRole keeps grants the new definition no longer needs')]);
  });

  it('a new machine adds its role, machine and output; hotswap is not possible', async () => {
    const before = await compile(CHOICE(1) + BIG_END + SMALL);
    const after = await compile(CHOICE(1) + BIG_END + SMALL, OTHER);
    const d = diffTemplates({ deployed: before, next: after });
    expect(d.resources.map((r) => [r.change, r.logicalId])).toEqual([['added', 'SvcDashotherRole'], ['added', 'SvcDashother']]);
    expect(d.resources[1].definition!.states).toEqual([{ state: 'A', change: 'added', fields: [] }]);
    expect(d.outputs).toEqual([{ key: 'SvcDashotherArn', change: 'added', after: '${SvcDashother}' }]);
    expect(planHotswap(d, before, after).blockers).toEqual(expect.arrayContaining(['state machine SvcDashother is added', 'output SvcDashotherArn is added']));
  });

  it('a renamed machine with a fixed id is replaced (StateMachineName requires replacement)', async () => {
    const before = await compile(CHOICE(1) + BIG_END + SMALL, '', 'svc-flow', 'Flow');
    const after = await compile(CHOICE(1) + BIG_END + SMALL, '', 'svc-renamed', 'Flow');
    const m = diffTemplates({ deployed: before, next: after }).resources.find((r) => r.logicalId === 'Flow')!;
    expect(m.replacement).toBe('yes');
    expect(m.properties).toEqual([expect.objectContaining({ property: 'StateMachineName', before: 'svc-flow', after: 'svc-renamed', replacement: 'yes' })]);
  });

  it('with no deployed stack everything is added and hotswap is refused as a first deploy', async () => {
    const after = await compile(CHOICE(1) + BIG_END + SMALL);
    const d = diffTemplates({ deployed: undefined, next: after });
    expect(d.stackExists).toBe(false);
    expect(d.resources.every((r) => r.change === 'added')).toBe(true);
    expect(d.resources.map((r) => r.logicalId).sort()).toEqual(Object.keys(after.Resources).sort());
    expect(planHotswap(d, undefined, after).blockers).toEqual([expect.stringContaining('does not exist yet')]);
  });

  it('the same template is no difference, whatever the key order', async () => {
    const t = await compile(CHOICE(1) + BIG_END + SMALL);
    const reverse = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(reverse) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverse(x)])) : v;
    const reordered = reverse(t) as Template;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(t));
    expect(diffTemplates({ deployed: reordered, next: t }).empty).toBe(true);
  });

  it('a changed parameter value blocks a hotswap (CloudFormation would keep the old value)', async () => {
    const t = await compile(CHOICE(1) + BIG_END + SMALL);
    const d = diffTemplates({ deployed: t, next: t, deployedParameters: { P: 'a' }, nextParameters: { P: 'b' } });
    expect(d.parameters).toEqual([{ key: 'P', change: 'modified', before: 'a', after: 'b' }]);
    expect(planHotswap(d, t, t).blockers).toEqual(['parameter P has a new value']);
  });

  it('Description, Transform, Conditions, Parameters, Mappings and Metadata are diffed (keyed sections entry by entry) and each blocks a hotswap, named', async () => {
    const before = await compile(CHOICE(1) + BIG_END + SMALL);
    const after = await compile(CHOICE(5) + BIG_END + SMALL);
    const deployed = {
      ...before,
      Description: 'old description',
      Parameters: { Old: { Type: 'String' }, Kept: { Type: 'String', Default: 'a' } },
      Conditions: { IsDev: { 'Fn::Equals': ['a', 'a'] } },
      Mappings: { Sizes: { dev: { n: 1 } } },
      Resources: { ...before.Resources, Topic: { Type: 'AWS::SNS::Topic', Condition: 'IsDev' } },
    } as Template;
    const next = {
      ...after,
      Transform: 'AWS::LanguageExtensions',
      Parameters: { Kept: { Type: 'String', Default: 'b' } },
      Conditions: { IsDev: { 'Fn::Equals': ['a', 'b'] } },
      Mappings: { Sizes: { dev: { n: 1 } } },
      Metadata: { Owner: 'team' },
      Resources: { ...after.Resources, Topic: { Type: 'AWS::SNS::Topic', Condition: 'IsDev' } },
    } as Template;
    const d = diffTemplates({ deployed, next });
    expect(d.empty).toBe(false);
    expect(d.sections).toEqual([
      { section: 'Description', change: 'modified', before: 'old description', after: after.Description },
      { section: 'Metadata', key: 'Owner', change: 'added', after: 'team' },
      { section: 'Parameters', key: 'Kept', change: 'modified', before: '{"Type":"String","Default":"a"}', after: '{"Type":"String","Default":"b"}' },
      { section: 'Parameters', key: 'Old', change: 'removed', before: '{"Type":"String"}' },
      { section: 'Conditions', key: 'IsDev', change: 'modified', before: '{"Fn::Equals":["a","a"]}', after: '{"Fn::Equals":["a","b"]}', decides: ['Topic'] },
      { section: 'Transform', change: 'added', after: 'AWS::LanguageExtensions' },
    ]);
    // the definition alone could be hotswapped: every section change is a reason not to
    const plan = planHotswap(d, deployed, next);
    expect(plan.machines).toEqual(['SvcDashflow']);
    expect(plan.blockers).toEqual([
      "Description is modified: only a change set updates the template's Description",
      "Metadata.Owner is added: only a change set updates the template's Metadata",
      "Parameters.Kept is modified: only a change set updates the template's Parameters",
      "Parameters.Old is removed: only a change set updates the template's Parameters",
      "Conditions.IsDev is modified: only a change set updates the template's Conditions",
      "Transform is added: only a change set updates the template's Transform",
    ]);
    const text = diffText({ stackName: 's', region: 'us-east-1', stage: 'dev', diff: d, drifted: [] });
    expect(text).toContain('Template sections\n[~] Description: old description → Step Functions state machines of svc (dev), deployed by stepf\n');
    expect(text).toContain('[~] Conditions.IsDev (the condition of Topic): {"Fn::Equals":["a","a"]} → {"Fn::Equals":["a","b"]}\n');
    expect(text).toContain('[-] Parameters.Old: {"Type":"String"}\n');
    expect(text).toMatch(/1 resource to change, 6 other template changes\n$/);
    // a section the same on both sides is no change
    expect(diffTemplates({ deployed: next, next: { ...next } }).empty).toBe(true);
  });
});

describe('IAM coverage', () => {
  it('grants regrouped into other statements still cover the same actions on the same resources', () => {
    const role = (statements: unknown[]): Template => ({
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: { R: { Type: 'AWS::IAM::Role', Properties: { Policies: [{ PolicyName: 'p', PolicyDocument: { Statement: statements } }] } } },
    });
    const split = role([{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:q1' }, { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:q2' }]);
    const merged = role([{ Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: ['arn:q2', 'arn:q1'] }]);
    expect(missingGrants(split, merged, 'R')).toEqual([]);
    expect(missingGrants(split, role([{ Effect: 'Allow', Action: ['sqs:SendMessage', 'sns:Publish'], Resource: 'arn:q1' }]), 'R')).toEqual(['sns:Publish on arn:q1']);
  });
});

describe('unifiedDiff', () => {
  it('gives hunk headers with line numbers and three lines of context', () => {
    const a = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'].join('\n');
    const b = ['1', '2', '3', '4', 'five', '6', '7', '8', '9', '10'].join('\n');
    expect(unifiedDiff(a, b, { from: 'a', to: 'b' })).toBe(['--- a', '+++ b', '@@ -2,7 +2,7 @@', ' 2', ' 3', ' 4', '-5', '+five', ' 6', ' 7', ' 8'].join('\n'));
    expect(unifiedDiff(a, a, { from: 'a', to: 'b' })).toBe('');
  });
});

describe('machineDefinition (what Step Functions receives)', () => {
  const facts = (template: Template): StackFacts => ({
    template,
    region: 'eu-west-1',
    accountId: '111122223333',
    partition: 'aws',
    stackName: 's',
    stackId: 'arn:aws:cloudformation:eu-west-1:111122223333:stack/s/x',
    parameters: { FnArn: 'arn:aws:lambda:eu-west-1:111122223333:function:f' },
    physicalIds: { Q: 'https://sqs.eu-west-1.amazonaws.com/111122223333/q1', Other: 'arn:aws:states:eu-west-1:111122223333:stateMachine:o' },
  });
  it('resolves Fn::Sub with pseudo parameters, parameters, Refs, GetAtt and DefinitionSubstitutions', () => {
    const t: Template = { AWSTemplateFormatVersion: '2010-09-09', Resources: { Q: { Type: 'AWS::SQS::Queue' }, Other: { Type: 'AWS::StepFunctions::StateMachine' } } };
    const text = '{"a":"${AWS::Region}:${AWS::AccountId}","f":"${FnArn}","q":"${Q}","qa":"${Q.Arn}","o":"${Other.Arn}","v":"${V1}","lit":"${!x}","s":"${sub}"}';
    const vars = { V1: { 'Fn::Join': ['-', ['x', { Ref: 'AWS::Partition' }]] } };
    const subs = { sub: { Ref: 'Q' } };
    // ${sub} is not a Fn::Sub name here, so CloudFormation would reject it: stepf says it cannot work it out
    expect(() => machineDefinition(facts(t), { DefinitionString: { 'Fn::Sub': [text, vars] }, DefinitionSubstitutions: subs })).toThrow(Unresolvable);
    // ${!sub} is a literal ${sub} after Fn::Sub, which DefinitionSubstitutions then fills
    const ok = { DefinitionString: { 'Fn::Sub': [text.replace('"${sub}"', '"${!sub}"'), vars] }, DefinitionSubstitutions: subs };
    expect(JSON.parse(machineDefinition(facts(t), ok))).toEqual({
      a: 'eu-west-1:111122223333',
      f: 'arn:aws:lambda:eu-west-1:111122223333:function:f',
      q: 'https://sqs.eu-west-1.amazonaws.com/111122223333/q1',
      qa: 'arn:aws:sqs:eu-west-1:111122223333:q1',
      o: 'arn:aws:states:eu-west-1:111122223333:stateMachine:o',
      v: 'x-aws',
      lit: '${x}',
      s: 'https://sqs.eu-west-1.amazonaws.com/111122223333/q1',
    });
  });
  it('an attribute only CloudFormation knows is Unresolvable, naming it', () => {
    const t: Template = { AWSTemplateFormatVersion: '2010-09-09', Resources: { K: { Type: 'AWS::KMS::Key' } } };
    expect(() => machineDefinition(facts(t), { DefinitionString: { 'Fn::Sub': '{"k":"${K.KeyId}"}' } })).toThrow('Fn::GetAtt K.KeyId is known only to CloudFormation');
  });
});

describe('protected stages', () => {
  it('prod, production and live (any case) and the configured ones are protected; dev is not', () => {
    expect(['prod', 'Production', 'LIVE'].map((s) => isProtectedStage(s))).toEqual([true, true, true]);
    expect(isProtectedStage('dev')).toBe(false);
    expect(isProtectedStage('prod-eu')).toBe(false);
    expect(isProtectedStage('staging', ['staging'])).toBe(true);
  });
});
