// Templates over CloudFormation's 51,200-byte TemplateBody limit go through S3 (TemplateURL).
import { createHash } from 'node:crypto';
import type { BucketLocationConstraint } from '@aws-sdk/client-s3';
import { LIMITS } from '../compile/limits.js';
import { AwsError } from '../errors.js';
import { sdk, type AwsClients } from './clients.js';
import { call, errorName, explainAwsError } from './explain.js';
import type { ProgressSink } from './events.js';

export const TEMPLATE_BODY_LIMIT = LIMITS.templateInlineBytes;

/** stepf's own bucket: one per account and region, made on first need. */
export function stepfBucketName(accountId: string, region: string): string {
  return `stepf-deployments-${accountId}-${region}`;
}

/** The virtual-hosted URL CloudFormation reads templates from. */
export function templateUrl(bucket: string, region: string, key: string): string {
  return `https://${bucket}.s3.${region}.amazonaws.com/${key}`;
}

async function bucketExists(aws: AwsClients, bucket: string): Promise<boolean> {
  const s3 = await aws.s3();
  const { HeadBucketCommand } = await sdk.s3();
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return true;
  } catch (err) {
    const name = errorName(err);
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (name === 'NotFound' || name === 'NoSuchBucket' || status === 404) return false;
    if (status === 403) {
      throw new AwsError(`bucket ${bucket} exists but this identity cannot use it`, 'HeadBucket', 'set provider.deploymentBucket to a bucket you own, or grant s3:ListBucket/s3:PutObject on it');
    }
    throw explainAwsError(err, 'HeadBucket');
  }
}

/** Whether S3 is reached over plain HTTP (a custom S3-compatible endpoint such as a local emulator). */
export function plainHttpS3(env: NodeJS.ProcessEnv = process.env): boolean {
  const url = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL;
  return !!url && url.startsWith('http:');
}

/**
 * Creates stepf's deployment bucket: encrypted, public access blocked, TLS-only. The TLS-only policy is
 * left off only when S3 itself is reached over plain HTTP, where it would lock stepf out of its own bucket.
 */
export async function createStepfBucket(aws: AwsClients, bucket: string, sink?: ProgressSink): Promise<void> {
  const s3 = await aws.s3();
  const { CreateBucketCommand, PutPublicAccessBlockCommand, PutBucketEncryptionCommand, PutBucketPolicyCommand } = await sdk.s3();
  const region = aws.region;
  await call('CreateBucket', () =>
    s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
      }),
    ),
  );
  await call('PutPublicAccessBlock', () =>
    s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: bucket,
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
      }),
    ),
  );
  await call('PutBucketEncryption', () =>
    s3.send(
      new PutBucketEncryptionCommand({
        Bucket: bucket,
        ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      }),
    ),
  );
  const policy = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'TlsOnly',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  };
  if (plainHttpS3()) {
    sink?.warn(`S3 is reached over plain HTTP (${process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL}): bucket ${bucket} gets no TLS-only policy, which would lock stepf out`);
    return;
  }
  await call('PutBucketPolicy', () => s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(policy) })));
}

/** provider.deploymentBucket when given, else stepf's own bucket of the caller's account, made on first need. */
export async function deploymentBucket(aws: AwsClients, sink: ProgressSink, given?: string): Promise<string> {
  if (given) return given;
  const sts = await aws.sts();
  const { GetCallerIdentityCommand } = await sdk.sts();
  const id = await call('GetCallerIdentity', () => sts.send(new GetCallerIdentityCommand({})));
  const bucket = stepfBucketName(id.Account ?? 'unknown', aws.region);
  if (!(await bucketExists(aws, bucket))) {
    sink.note(`creating deployment bucket ${bucket} (encrypted, public access blocked, TLS only); it is reused by later deploys`);
    await createStepfBucket(aws, bucket, sink);
  }
  return bucket;
}

/** Uploads the template and returns its TemplateURL. */
export async function uploadTemplate(
  aws: AwsClients,
  sink: ProgressSink,
  opts: { templateBody: string; stackName: string; deploymentBucket?: string },
): Promise<{ url: string; bucket: string; key: string }> {
  const bucket = await deploymentBucket(aws, sink, opts.deploymentBucket);
  const hash = createHash('sha256').update(opts.templateBody).digest('hex').slice(0, 16);
  const key = `stepf/${opts.stackName}/${hash}.json`;
  const s3 = await aws.s3();
  const { PutObjectCommand } = await sdk.s3();
  await call('PutObject', () =>
    s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: opts.templateBody, ContentType: 'application/json', ServerSideEncryption: 'AES256' })),
  );
  sink.note(`template is ${Buffer.byteLength(opts.templateBody)} bytes (over ${TEMPLATE_BODY_LIMIT}): uploaded to s3://${bucket}/${key}`);
  return { url: templateUrl(bucket, aws.region, key), bucket, key };
}
