import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileDefinition } from '../../src/compile/definition.js';
import type { Template } from '../../src/compile/types.js';
import { definitionKey, definitionsToS3, STEPF_BUCKET_SUB, toSubstitutions } from '../../src/fit/definitions.js';
import { fitService } from '../../src/fit/index.js';
import { packageService } from '../../src/pipeline.js';

const machine = (definition: unknown): Template['Resources'][string] => ({
  Type: 'AWS::StepFunctions::StateMachine',
  Properties: { DefinitionString: compileDefinition(definition), RoleArn: { 'Fn::GetAtt': ['R', 'Arn'] }, StateMachineName: 'm' },
});

const template = (resources: Template['Resources']): Template => ({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources });

describe('definitions to S3 with DefinitionSubstitutions', () => {
  it('a template within every limit is returned as compiled: definitions inline, one stack', () => {
    const t = template({ M: machine({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }) });
    const fitted = fitService(t, { stackName: 's' });
    expect(fitted.template).toBe(t);
    expect(fitted.bytes).toBe(Buffer.byteLength(JSON.stringify(t)));
    expect(fitted.definitions).toEqual([]);
    expect(fitted.stacks).toEqual([]);
  });

  it('Ref, GetAtt, pseudo parameters and other intrinsics become substitutions; a literal ${!x} becomes ${x}; a number stays a number', () => {
    const ds = compileDefinition({
      StartAt: 'W',
      States: {
        W: { Type: 'Wait', Seconds: { Ref: 'Delay' }, Next: 'A' },
        A: {
          Type: 'Pass',
          Result: { q: { Ref: 'Queue' }, n: { 'Fn::GetAtt': ['Queue', 'QueueName'] }, r: { 'Fn::Sub': '${AWS::Region}-${AWS::AccountId}' }, j: { 'Fn::Join': ['-', ['a', { Ref: 'Queue' }]] }, lit: '${!keep}' },
          End: true,
        },
      },
    });
    const out = toSubstitutions(ds)!;
    expect(out.body).toContain('"Seconds":${Delay}');
    expect(out.body).toContain('"q":"${Queue}","n":"${Queue_QueueName}","r":"${AWS_Region}-${AWS_AccountId}"');
    expect(out.body).toContain('"lit":"${keep}"');
    const joinKey = /"j":"\$\{(Var[0-9a-f]+)\}"/.exec(out.body)![1];
    expect(out.substitutions).toEqual({
      Delay: { Ref: 'Delay' },
      Queue: { Ref: 'Queue' },
      Queue_QueueName: { 'Fn::GetAtt': ['Queue', 'QueueName'] },
      AWS_Region: { Ref: 'AWS::Region' },
      AWS_AccountId: { Ref: 'AWS::AccountId' },
      [joinKey]: { 'Fn::Join': ['-', ['a', { Ref: 'Queue' }]] },
    });
    for (const key of Object.keys(out.substitutions)) expect(key).toMatch(/^[A-Za-z0-9_]+$/);
  });

  it('a definition whose literal ${X} would be taken for a substitution stays inline', () => {
    const def = { StartAt: 'A', States: { A: { Type: 'Pass', Result: { a: { Ref: 'Queue' }, b: '${!Queue}' }, End: true } } };
    expect(toSubstitutions(compileDefinition(def))).toBeUndefined();
    const moved = definitionsToS3(template({ M: machine(def) }), { stackName: 's' });
    expect(moved.objects).toEqual([]);
    expect(moved.template.Resources.M.Properties!.DefinitionString).toBeDefined();
  });

  it('every machine reads its definition from a content-addressed key in the bucket; its other properties are kept', () => {
    const def = (x: string) => ({ StartAt: 'A', States: { A: { Type: 'Pass', Result: x, End: true } } });
    const t = template({ M: machine(def('one')), N: machine(def('two')), Q: { Type: 'AWS::SQS::Queue' } });
    const moved = definitionsToS3(t, { stackName: 'app-dev-stepf' });
    const m = moved.template.Resources.M.Properties!;
    expect(m).toEqual({
      DefinitionS3Location: { Bucket: STEPF_BUCKET_SUB, Key: definitionKey('app-dev-stepf', JSON.stringify(def('one'))) },
      RoleArn: { 'Fn::GetAtt': ['R', 'Arn'] },
      StateMachineName: 'm',
    });
    expect(moved.objects.map((o) => [o.logicalId, o.body])).toEqual([
      ['M', JSON.stringify(def('one'))],
      ['N', JSON.stringify(def('two'))],
    ]);
    expect(definitionKey('app-dev-stepf', 'x')).toBe(definitionKey('app-dev-stepf', 'x'));
    expect(definitionKey('app-dev-stepf', 'x')).not.toBe(definitionKey('app-dev-stepf', 'y'));
    expect(definitionsToS3(t, { name: 'my-bucket', stackName: 's' }).template.Resources.N.Properties!.DefinitionS3Location).toMatchObject({ Bucket: 'my-bucket' });
    expect(moved.template.Resources.Q).toBe(t.Resources.Q);
  });

  it('package of three 400 KB definitions writes a small template whose machines read them from S3', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepf-fit-'));
    const machines = ['a', 'b', 'c'].map((k) => `    ${k}:\n      definition:\n        StartAt: A\n        States:\n          A:\n            Type: Pass\n            Result: "${k.repeat(400_000)}"\n            End: true\n`).join('');
    writeFileSync(join(dir, 'serverless.yml'), `service: big\nprovider:\n  name: aws\n  deploymentBucket: my-deployments\nstepFunctions:\n  stateMachines:\n${machines}`);
    const r = await packageService({ cwd: dir, stage: 'dev', region: 'us-east-1' });
    expect(r.templateBytes).toBeLessThan(10_000);
    expect(r.definitions).toHaveLength(3);
    for (const d of r.definitions) {
      expect(JSON.parse(d.body).States.A.Result).toHaveLength(400_000);
      expect(r.template.Resources[d.logicalId].Properties!.DefinitionS3Location).toEqual({ Bucket: 'my-deployments', Key: d.key });
      expect(d.key).toMatch(/^stepf\/big-dev-stepf\/definitions\/[0-9a-f]{20}\.json$/);
    }
  });
});
