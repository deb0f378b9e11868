// Definitions a template reads from the deployment bucket (DefinitionS3Location), and the templates of a
// split service's nested stacks, are uploaded before the change set that points at them. Their keys are
// their bodies' hashes, so one listing of their folder says which are already there: an unchanged one is
// never uploaded again.
import type { DefinitionObject } from '../fit/index.js';
import { plural } from '../util/plural.js';
import { sdk, type AwsClients } from './clients.js';
import type { ProgressSink } from './events.js';
import { call } from './explain.js';
import { deploymentBucket } from './template-upload.js';

/** Uploads at the same time: enough to hide S3's latency, few enough to stay under its request rates. */
const PARALLEL = 8;

async function existingKeys(aws: AwsClients, bucket: string, prefix: string): Promise<Set<string>> {
  const s3 = await aws.s3();
  const { ListObjectsV2Command } = await sdk.s3();
  const keys = new Set<string>();
  let token: string | undefined;
  do {
    const page = await call('ListObjectsV2', () => s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token })));
    for (const o of page.Contents ?? []) if (o.Key) keys.add(o.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

/** The folder of a stack's definitions: every key definitionKey() makes for it. */
function folderOf(key: string): string {
  return key.slice(0, key.lastIndexOf('/') + 1);
}

/** Uploads the objects not yet in the bucket; returns the bucket and how many were uploaded. */
export async function uploadDefinitions(
  aws: AwsClients,
  sink: ProgressSink,
  opts: { definitions: Array<Pick<DefinitionObject, 'key' | 'body'>>; deploymentBucket?: string; what?: [string, string] },
): Promise<{ bucket: string; uploaded: number }> {
  const [one, many] = opts.what ?? ['definition', 'definitions'];
  const bucket = await deploymentBucket(aws, sink, opts.deploymentBucket);
  const folders = [...new Set(opts.definitions.map((d) => folderOf(d.key)))];
  const there = new Set<string>();
  for (const folder of folders) for (const k of await existingKeys(aws, bucket, folder)) there.add(k);
  const missing = [...new Map(opts.definitions.filter((d) => !there.has(d.key)).map((d) => [d.key, d])).values()];
  const s3 = await aws.s3();
  const { PutObjectCommand } = await sdk.s3();
  for (let i = 0; i < missing.length; i += PARALLEL) {
    await Promise.all(
      missing.slice(i, i + PARALLEL).map((d) =>
        call('PutObject', () => s3.send(new PutObjectCommand({ Bucket: bucket, Key: d.key, Body: d.body, ContentType: 'application/json', ServerSideEncryption: 'AES256' }))),
      ),
    );
  }
  const kept = opts.definitions.length - missing.length;
  sink.note(
    `${plural(opts.definitions.length, one, many)} read from s3://${bucket}/${folders[0] ?? ''}: ${missing.length} uploaded${kept ? `, ${kept} unchanged (already there)` : ''}`,
  );
  return { bucket, uploaded: missing.length };
}
