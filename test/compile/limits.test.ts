import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLimits, LIMITS } from '../../src/compile/limits.js';
import type { Template } from '../../src/compile/types.js';
import { UserError } from '../../src/errors.js';
import { packageService } from '../../src/pipeline.js';
import { formatDiagnostic } from '../../src/report/diagnostics.js';
// @ts-expect-error: a plain .mjs script shared with the benchmark
import { generateLarge } from '../../scripts/gen-large.mjs';

/** Packages a config and returns the limit errors it fails with (none: it packaged). */
async function limitErrors(dir: string): Promise<string[]> {
  try {
    await packageService({ cwd: dir, stage: 'dev', region: 'us-east-1' });
    return [];
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    return err.diagnostics.map((d) => formatDiagnostic(d, dir));
  }
}

const tmp = () => mkdtempSync(join(tmpdir(), 'stepf-limits-'));

function service(machines: string, stepFunctionsExtra = ''): string {
  const dir = tmp();
  writeFileSync(join(dir, 'serverless.yml'), `service: lim\nprovider:\n  name: aws\nstepFunctions:\n${stepFunctionsExtra}  stateMachines:\n${machines}`);
  return dir;
}

const passMachine = (key: string, result = 'x') => `    ${key}:\n      definition:\n        StartAt: A\n        States:\n          A:\n            Type: Pass\n            Result: "${result}"\n            End: true\n`;

const bare = (extra: Partial<Template> = {}): Template => ({ AWSTemplateFormatVersion: '2010-09-09', Resources: { Q: { Type: 'AWS::SQS::Queue' } }, ...extra });
const codes = (t: Template) => checkLimits(t, Buffer.byteLength(JSON.stringify(t)), []).map((d) => d.code);

describe('limits checked at package time', () => {
  it('more resources than one stack holds are split into nested stacks; a group of more than 500 that references tie together is an error naming its nested stack', async () => {
    const r = await packageService({ cwd: generateLarge(tmp(), 251, 2), stage: 'dev', region: 'us-east-1' });
    expect(r.stacks.length).toBeGreaterThan(1);
    for (const c of r.stacks) expect(Object.keys(c.template.Resources).length).toBeLessThanOrEqual(500);
    expect(r.stacks.flatMap((c) => Object.keys(c.template.Resources)).sort()).toEqual(Object.keys(r.unsplit.template.Resources).sort());

    // Every machine's alarm names one topic: the 167 machines, their roles and alarms cannot be parted.
    const alarm = '      alarms:\n        topics:\n          alarm: !Ref AlertsTopic\n        metrics:\n          - executionsFailed\n';
    const machines = Array.from({ length: 167 }, (_, i) => passMachine(`m${i}`).replace('      definition:', `${alarm}      definition:`)).join('');
    const dir = service(machines);
    writeFileSync(join(dir, 'serverless.yml'), `${readFileSync(join(dir, 'serverless.yml'), 'utf8')}resources:\n  Resources:\n    AlertsTopic:\n      Type: AWS::SNS::Topic\n`);
    const errors = await limitErrors(dir);
    const line = errors.find((e) => e.includes('resources'))!;
    expect(line).toMatch(/stepFunctions\.stateMachines: nested stack StepfGroup1: the template has 502 resources \(167 state machines .*\); CloudFormation allows at most 500 in one stack/);
    expect(line).toContain('hint: split the service');
  });

  it('more than 200 outputs are split into nested stacks of at most 200 outputs each, every machine\'s ARN an output of one of them', async () => {
    const machines = Array.from({ length: 201 }, (_, i) => passMachine(`m${i}`)).join('');
    const r = await packageService({ cwd: service(machines), stage: 'dev', region: 'us-east-1' });
    expect(r.stacks.length).toBe(2);
    for (const c of r.stacks) expect(Object.keys(c.template.Outputs ?? {}).length).toBeLessThanOrEqual(200);
    const outputs = r.stacks.flatMap((c) => Object.values(c.template.Outputs ?? {}).map((o) => (o.Value as { Ref: string }).Ref));
    expect(outputs.sort()).toEqual(r.machines.map((m) => m.logicalId).sort());
    // With noOutput one stack holds them.
    expect((await packageService({ cwd: service(machines, '  noOutput: true\n'), stage: 'dev', region: 'us-east-1' })).stacks).toEqual([]);
  });

  it('definitions that would make the template pass 1,000,000 bytes are read from S3; a template over it without them is an error naming its size', async () => {
    const big = 'y'.repeat(400_000);
    expect(await limitErrors(service(['a', 'b', 'c'].map((k) => passMachine(k, big)).join('')))).toEqual([]);
    const dir = service(passMachine('a'));
    writeFileSync(join(dir, 'serverless.yml'), `${readFileSync(join(dir, 'serverless.yml'), 'utf8')}resources:\n  Resources:\n    Big:\n      Type: AWS::SSM::Parameter\n      Properties:\n        Type: String\n        Value: "${'z'.repeat(1_100_000)}"\n`);
    const errors = await limitErrors(dir);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/the template is 1,10\d,\d{3} bytes; CloudFormation accepts at most 1,000,000 \(through S3; 51,200 inline\)/);
    expect(errors[0]).not.toContain('the largest definitions');
  });

  it('a definition over 1 MiB is an error at that machine\'s definition', async () => {
    const errors = await limitErrors(service(passMachine('huge', 'z'.repeat(LIMITS.definitionBytes))));
    expect(errors.find((e) => e.includes('stepFunctions.stateMachines.huge.definition: the definition of huge is 1,048,6'))).toContain('Step Functions allows at most 1,048,576 (1 MiB)');
  });

  it('a template within every limit packages, measured as deploy sends it (compact)', async () => {
    const dir = service(passMachine('small'));
    const r = await packageService({ cwd: dir, stage: 'dev', region: 'us-east-1' });
    expect(r.templateBytes).toBe(Buffer.byteLength(JSON.stringify(r.template)));
  });

  it('more than 200 parameters or mappings, and a mapping of more than 200 attributes, are errors', () => {
    const many = (k: number) => Object.fromEntries(Array.from({ length: k }, (_, i) => [`P${i}`, { Type: 'String' }]));
    expect(codes(bare({ Parameters: many(200) }))).toEqual([]);
    expect(codes(bare({ Parameters: many(201) }))).toEqual(['limit-parameters']);
    const mappings = (k: number, attrs: number) => ({ Mappings: Object.fromEntries(Array.from({ length: k }, (_, i) => [`M${i}`, many(attrs)])) });
    expect(codes(bare(mappings(201, 1) as Partial<Template>))).toEqual(['limit-mappings']);
    expect(codes(bare(mappings(1, 201) as Partial<Template>))).toEqual(['limit-mappings']);
  });

  it('a logical ID over 255 characters and a name over its resource type\'s limit are errors naming the length', () => {
    const long = bare({ Resources: { ['R'.repeat(256)]: { Type: 'AWS::SQS::Queue' } } });
    expect(checkLimits(long, Buffer.byteLength(JSON.stringify(long)), [])[0].message).toContain('has 256 characters; CloudFormation allows at most 255');
    const role = bare({ Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: { 'Fn::Sub': `${'r'.repeat(65)}-\${AWS::Region}` } } } } });
    expect(checkLimits(role, Buffer.byteLength(JSON.stringify(role)), [])[0].message).toMatch(/^RoleName of Role \(AWS::IAM::Role\) has 66 characters; AWS allows at most 64/);
    const ok = bare({ Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: { 'Fn::Sub': `${'r'.repeat(40)}-\${AWS::Region}` } } } } });
    expect(codes(ok)).toEqual([]);
  });
});
