// Definitions out of the template, deployed by the built CLI against moto server. moto's CloudFormation
// reads only DefinitionString: the emulator launcher (scripts/moto-launcher.py) reads DefinitionS3Location
// from moto's S3 and applies DefinitionSubstitutions, as CloudFormation's own handler does, so these tests
// check what Step Functions ends up holding and running.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CloudFormationClient, DescribeStackResourcesCommand, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { DescribeExecutionCommand, DescribeStateMachineCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { useEmulator } from '../support/emulator.js';

const emu = useEmulator({ processEnv: true });
let cfn: CloudFormationClient;
let sfn: SFNClient;
let s3: S3Client;

beforeAll(async () => {
  cfn = new CloudFormationClient({});
  sfn = new SFNClient({});
  s3 = new S3Client({ forcePathStyle: true });
});

const stepf = emu.stepf;

/** Three machines of about 400 KB each (a long Comment: state data is capped at 256 KB): 1.2 MB of template with the definitions inline, over the 1,000,000 bytes. */
function service(tag: Record<string, string> = {}): string {
  const blob = 'y'.repeat(400_000);
  const machine = (key: string) => `    ${key}:
      name: bigdefs-${key}
      definition:
        StartAt: A
        States:
          A:
            Type: Pass
            Comment: "${blob}"
            Result:
              tag: "${tag[key] ?? `${key}-1`}"
              region: "#{AWS::Region}"
              queueUrl: !Ref Jobs
              queueName: !GetAtt Jobs.QueueName
              literal: "\${!notASubstitution}"
            Next: B
          B:
            Type: Pass
            Parameters:
              tag.$: $.tag
              region.$: $.region
              queueUrl.$: $.queueUrl
              queueName.$: $.queueName
              literal.$: $.literal
            End: true
`;
  return `service: bigdefs
provider:
  name: aws
resources:
  Resources:
    Jobs:
      Type: AWS::SQS::Queue
      Properties:
        QueueName: bigdefs-jobs
stepFunctions:
  stateMachines:
${['a', 'b', 'c'].map(machine).join('')}`;
}

async function keysIn(stackName: string): Promise<Map<string, Date>> {
  const out = await s3.send(new ListObjectsV2Command({ Bucket: 'stepf-deployments-123456789012-us-east-1', Prefix: `stepf/${stackName}/definitions/` }));
  return new Map((out.Contents ?? []).map((o) => [o.Key!, o.LastModified!]));
}

/** A resource's physical ID: a machine's ARN, a queue's URL. */
async function physicalId(stackName: string, logicalId: string): Promise<string> {
  const res = (await cfn.send(new DescribeStackResourcesCommand({ StackName: stackName }))).StackResources ?? [];
  return res.find((r) => r.LogicalResourceId === logicalId)!.PhysicalResourceId!;
}

async function run(arn: string): Promise<Record<string, unknown>> {
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: `run-${Date.now()}-${Math.random().toString(36).slice(2)}`, input: '{}' }));
  for (;;) {
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (d.status !== 'RUNNING') {
      expect(d.status, d.error).toBe('SUCCEEDED');
      return JSON.parse(d.output ?? '{}');
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('definitions read from the deployment bucket (moto lacks DefinitionS3Location and DefinitionSubstitutions: the emulator launcher reads them from moto\'s S3)', () => {
  const stackName = 'bigdefs-dev-stepf';
  const dir = mkdtempSync(join(tmpdir(), 'stepf-bigdefs-'));
  const yml = join(dir, 'serverless.yml');

  it('a service whose definitions would make the template pass 1,000,000 bytes deploys them through S3, and the machines run with the substituted values', async () => {
    writeFileSync(yml, service());
    const first = await stepf(dir, ['deploy', '--stage', 'dev', '--json']);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout).result).toBe('deployed');
    expect(first.stderr).toMatch(/3 definitions read from s3:\/\/stepf-deployments-123456789012-us-east-1\/stepf\/bigdefs-dev-stepf\/definitions\/: 3 uploaded/);

    const template = JSON.parse((await cfn.send(new GetTemplateCommand({ StackName: stackName }))).TemplateBody!);
    const props = template.Resources.BigdefsDasha.Properties;
    expect(props.DefinitionString).toBeUndefined();
    expect(props.DefinitionS3Location.Key).toMatch(/^stepf\/bigdefs-dev-stepf\/definitions\/[0-9a-f]{20}\.json$/);
    expect(props.DefinitionSubstitutions).toEqual({
      AWS_Region: { Ref: 'AWS::Region' },
      Jobs: { Ref: 'Jobs' },
      Jobs_QueueName: { 'Fn::GetAtt': ['Jobs', 'QueueName'] },
    });
    expect([...(await keysIn(stackName)).keys()].sort()).toEqual(['a', 'b', 'c'].map((k) => template.Resources[`BigdefsDash${k}`].Properties.DefinitionS3Location.Key).sort());

    const arn = await physicalId(stackName, 'BigdefsDasha');
    const live = JSON.parse((await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }))).definition!);
    expect(live.States.A.Comment).toHaveLength(400_000);
    const queueUrl = await physicalId(stackName, 'Jobs');
    expect(queueUrl).toMatch(/bigdefs-jobs$/);
    expect(await run(arn)).toEqual({ tag: 'a-1', region: 'us-east-1', queueUrl, queueName: 'bigdefs-jobs', literal: '${notASubstitution}' });
  });

  it('an unchanged redeploy uploads nothing and is up to date', async () => {
    const before = await keysIn(stackName);
    const again = await stepf(dir, ['deploy', '--stage', 'dev']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/is up to date/);
    expect(again.stderr).toMatch(/3 definitions read from s3:\S+: 0 uploaded, 3 unchanged \(already there\)/);
    expect(await keysIn(stackName)).toEqual(before);
  });

  it('a changed definition uploads one object under a new key and modifies only its machine', async () => {
    const before = await keysIn(stackName);
    writeFileSync(yml, service({ b: 'b-2' }));
    const update = await stepf(dir, ['deploy', '--stage', 'dev', '--yes', '--json']);
    expect(update.code, update.stderr).toBe(0);
    const result = JSON.parse(update.stdout);
    expect(result.changes.map((c: { logicalId: string; action: string }) => `${c.action} ${c.logicalId}`)).toEqual(['Modify BigdefsDashb']);
    const after = await keysIn(stackName);
    const added = [...after.keys()].filter((k) => !before.has(k));
    expect(added).toHaveLength(1);
    for (const [k, at] of before) expect(after.get(k)).toEqual(at);
    expect((await run(await physicalId(stackName, 'BigdefsDashb'))).tag).toBe('b-2');
    expect((await run(await physicalId(stackName, 'BigdefsDashc'))).tag).toBe('c-1');
    expect(readFileSync(yml, 'utf8')).toContain('b-2');
  });
});
