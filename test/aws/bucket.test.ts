// The deployment bucket's security settings over HTTPS (as on AWS): moto is served over plain HTTP and
// enforces aws:SecureTransport, so the TLS-only policy cannot be shown there (see deploy.test.ts).
import { afterAll, describe, expect, it } from 'vitest';
import {
  CreateBucketCommand,
  HeadBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AwsClients } from '../../src/aws/clients.js';
import { templateUrl, uploadTemplate } from '../../src/aws/template-upload.js';
import { useInjected } from '../support/injected.js';
import { recordingSink } from './helpers.js';

describe('deployment bucket over HTTPS (mocked S3: moto serves plain HTTP)', () => {
  const s3 = useInjected(S3Client);
  const sts = useInjected(STSClient);
  const saved = { url: process.env.AWS_ENDPOINT_URL, s3: process.env.AWS_ENDPOINT_URL_S3 };
  afterAll(() => {
    if (saved.url) process.env.AWS_ENDPOINT_URL = saved.url;
    if (saved.s3) process.env.AWS_ENDPOINT_URL_S3 = saved.s3;
  });

  it('creates stepf-deployments-<account>-<region> encrypted, with public access blocked and a TLS-only policy', async () => {
    delete process.env.AWS_ENDPOINT_URL;
    delete process.env.AWS_ENDPOINT_URL_S3;
    process.env.AWS_ACCESS_KEY_ID = 'testing';
    process.env.AWS_SECRET_ACCESS_KEY = 'testing';
    sts.on(GetCallerIdentityCommand).resolves({ Account: '111122223333' });
    s3.onAnyCommand().resolves({});
    s3.on(HeadBucketCommand).rejects(Object.assign(new Error('NotFound'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } }));
    const aws = new AwsClients({ region: 'eu-west-1' });
    const out = await uploadTemplate(aws, recordingSink(), { templateBody: '{"big":true}', stackName: 'app-dev-stepf' });
    const bucket = 'stepf-deployments-111122223333-eu-west-1';
    expect(out.bucket).toBe(bucket);
    expect(out.url).toBe(templateUrl(bucket, 'eu-west-1', out.key));
    expect(out.url).toMatch(/^https:\/\/stepf-deployments-111122223333-eu-west-1\.s3\.eu-west-1\.amazonaws\.com\/stepf\/app-dev-stepf\/[0-9a-f]{16}\.json$/);
    expect(s3.commandCalls(CreateBucketCommand)[0].args[0].input).toEqual({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } });
    expect(s3.commandCalls(PutPublicAccessBlockCommand)[0].args[0].input.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    expect(s3.commandCalls(PutBucketEncryptionCommand)[0].args[0].input.ServerSideEncryptionConfiguration?.Rules?.[0].ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe('AES256');
    const policy = JSON.parse(s3.commandCalls(PutBucketPolicyCommand)[0].args[0].input.Policy!);
    expect(policy.Statement).toEqual([
      {
        Sid: 'TlsOnly',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);
    expect(s3.commandCalls(PutObjectCommand)[0].args[0].input).toMatchObject({ Bucket: bucket, Body: '{"big":true}', ServerSideEncryption: 'AES256' });
  });
});
