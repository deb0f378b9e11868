import { describe, expect, it } from 'vitest';
import type { Template } from '../../src/compile/types.js';
import { fitService } from '../../src/fit/index.js';
import { splitTemplate } from '../../src/fit/split.js';

/** A machine with its role (a Ref ties them), optionally naming more resources or a parameter. */
function machine(t: Template, id: string, names: string[] = []) {
  t.Resources[`${id}Role`] = { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } };
  t.Resources[id] = {
    Type: 'AWS::StepFunctions::StateMachine',
    Properties: { DefinitionString: { 'Fn::Sub': `{"StartAt":"A","States":{"A":{"Type":"Pass","Result":"${names.map((n) => `\${${n}}`).join(',')}","End":true}}}` }, RoleArn: { 'Fn::GetAtt': [`${id}Role`, 'Arn'] } },
  };
  (t.Outputs ??= {})[`${id}Arn`] = { Value: { Ref: id } };
}

function service(ids: string[], extra: (t: Template) => void = () => {}): Template {
  const t: Template = { AWSTemplateFormatVersion: '2010-09-09', Description: 'svc', Resources: {} };
  for (const id of ids) machine(t, id);
  extra(t);
  return t;
}

const layout = (t: Template, previous?: Record<string, string>, maxResources = 5) =>
  Object.fromEntries(splitTemplate(t, { stackName: 's', maxResources, previous }).children.map((c) => [c.logicalId, Object.keys(c.template.Resources).filter((id) => !id.endsWith('Role')).sort()]));

/** Resource → nested stack, as deploy reads it back from the stack. */
const deployed = (t: Template, maxResources = 5) =>
  Object.fromEntries(splitTemplate(t, { stackName: 's', maxResources }).children.flatMap((c) => Object.keys(c.template.Resources).map((id) => [id, c.logicalId])));

describe('splitting a service into nested stacks', () => {
  it('a machine stays with its role and output; new groups fill a stack to 80% of maxStackResources', () => {
    const split = splitTemplate(service(['A', 'B', 'C']), { stackName: 's', maxResources: 5 });
    expect(split.children.map((c) => [c.logicalId, Object.keys(c.template.Resources), Object.keys(c.template.Outputs ?? {})])).toEqual([
      ['StepfGroup1', ['ARole', 'A', 'BRole', 'B'], ['AArn', 'BArn']],
      ['StepfGroup2', ['CRole', 'C'], ['CArn']],
    ]);
    expect(split.parent.Resources.StepfGroup1).toEqual({
      Type: 'AWS::CloudFormation::Stack',
      Properties: { TemplateURL: { 'Fn::Sub': `https://stepf-deployments-\${AWS::AccountId}-\${AWS::Region}.s3.\${AWS::Region}.\${AWS::URLSuffix}/${split.children[0].key}` } },
    });
    expect(split.parent.Outputs).toBeUndefined();
  });

  it('machines that name one resource are one group, which no stack boundary cuts', () => {
    const t = service(['A', 'B', 'C'], (x) => {
      x.Resources.Topic = { Type: 'AWS::SNS::Topic' };
      machine(x, 'D', ['Topic']);
      machine(x, 'E', ['Topic']);
    });
    expect(layout(t, undefined, 10)).toEqual({ StepfGroup1: ['A', 'B', 'C'], StepfGroup2: ['D', 'E', 'Topic'] });
  });

  it('a deployed machine never moves: added machines fill the room left, removed ones leave it, in whichever stack', () => {
    const first = service(['A', 'B', 'C']);
    const where = deployed(first);
    expect(layout(service(['A', 'B', 'C', 'D']), where)).toEqual({ StepfGroup1: ['A', 'B'], StepfGroup2: ['C', 'D'] });
    // Split from scratch, C would join B in StepfGroup1.
    expect(layout(service(['B', 'C']))).toEqual({ StepfGroup1: ['B', 'C'] });
    expect(layout(service(['B', 'C']), where)).toEqual({ StepfGroup1: ['B'], StepfGroup2: ['C'] });
    // A new machine goes to the first stack with room.
    expect(layout(service(['B', 'C', 'Z']), where)).toEqual({ StepfGroup1: ['B', 'Z'], StepfGroup2: ['C'] });
    // A stack whose machines are all gone is dropped; the others keep their logical IDs.
    expect(layout(service(['C']), where)).toEqual({ StepfGroup2: ['C'] });
  });

  it('an unchanged nested stack keeps its template key, so CloudFormation leaves it alone', () => {
    const where = deployed(service(['A', 'B', 'C']));
    const before = splitTemplate(service(['A', 'B', 'C']), { stackName: 's', maxResources: 5, previous: where });
    const after = splitTemplate(service(['A', 'B', 'C', 'D']), { stackName: 's', maxResources: 5, previous: where });
    expect(after.parent.Resources.StepfGroup1).toEqual(before.parent.Resources.StepfGroup1);
    expect(after.parent.Resources.StepfGroup2).not.toEqual(before.parent.Resources.StepfGroup2);
  });

  it('a parameter (a value from the Serverless stack) is passed down only to the nested stacks that use it, with the conditions they name', () => {
    const t = service(['A', 'B'], (x) => {
      x.Parameters = { TableName: { Type: 'String' }, Stage: { Type: 'String' } };
      x.Conditions = { IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] } };
      machine(x, 'C', ['TableName']);
      x.Resources.C.Condition = 'IsProd';
    });
    const split = splitTemplate(t, { stackName: 's', maxResources: 5 });
    const second = split.children.find((c) => 'C' in c.template.Resources)!;
    expect(second.template.Parameters).toEqual({ TableName: { Type: 'String' }, Stage: { Type: 'String' } });
    expect(second.template.Conditions).toEqual(t.Conditions);
    expect(split.children.find((c) => 'A' in c.template.Resources)!.template.Parameters).toBeUndefined();
    expect(split.parent.Resources[second.logicalId].Properties!.Parameters).toEqual({ Stage: { Ref: 'Stage' }, TableName: { Ref: 'TableName' } });
    expect(Object.keys(split.parent.Parameters!)).toEqual(['TableName', 'Stage']);
  });

  it('a service within every limit is one stack, unless it is deployed split already (joining it would move every machine)', () => {
    const t = service(['A', 'B']);
    expect(fitService(t, { stackName: 's' }).stacks).toEqual([]);
    const stays = fitService(t, { stackName: 's', previous: { A: 'StepfGroup1', ARole: 'StepfGroup1', B: 'StepfGroup2', BRole: 'StepfGroup2' } });
    expect(stays.stacks.map((c) => [c.logicalId, Object.keys(c.template.Resources)])).toEqual([
      ['StepfGroup1', ['ARole', 'A']],
      ['StepfGroup2', ['BRole', 'B']],
    ]);
  });
});
