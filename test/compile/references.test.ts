import { describe, expect, it } from 'vitest';
import { checkReferences } from '../../src/compile/references.js';
import type { Template } from '../../src/compile/types.js';

const where = (id: string) => ['resources', 'Resources', id];

describe('checkReferences', () => {
  it('accepts references to resources, parameters and pseudo-parameters', () => {
    const t: Template = {
      AWSTemplateFormatVersion: '2010-09-09',
      Parameters: { P: { Type: 'String' } },
      Resources: {
        A: { Type: 'AWS::SNS::Topic' },
        B: { Type: 'X', Properties: { a: { Ref: 'A' }, b: { 'Fn::GetAtt': ['A', 'TopicName'] }, c: { 'Fn::Sub': '${A} ${P} ${AWS::Region} ${A.TopicName} ${!x}' }, d: { 'Fn::Sub': ['${v}', { v: { Ref: 'P' } }] } }, DependsOn: 'A' },
      },
    };
    expect(checkReferences(t, where)).toEqual([]);
  });

  it('reports each reference that names nothing, with a did-you-mean', () => {
    const t: Template = {
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: { Topic: { Type: 'AWS::SNS::Topic' }, B: { Type: 'X', Properties: { a: { Ref: 'topic' }, c: { 'Fn::Sub': '${Nope}' } }, DependsOn: ['Missing'] } },
    };
    const problems = checkReferences(t, where);
    expect(problems.map((p) => p.message)).toEqual([
      "Ref topic names nothing in stepf's stack",
      "${Nope} names nothing in stepf's stack",
      "DependsOn Missing names no resource of stepf's stack",
    ]);
    expect(problems[0].hint).toBe('did you mean "Topic"?');
    expect(problems[1].hint).toContain('${!...}');
  });
});
