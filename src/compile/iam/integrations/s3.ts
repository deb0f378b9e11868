import { P, type Res, sub } from '../arn.js';
import type { Grant, TaskCtx } from '../types.js';
import type { Val } from '../values.js';

const DYN: Val = { kind: 'dynamic' };
const part = (v: Val): Val => (v.kind === 'text' || v.kind === 'ref' ? v : DYN);

/** Buckets chosen at run time are still limited to buckets of this account. */
export const OWN_ACCOUNT = { StringEquals: { 's3:ResourceAccount': { Ref: 'AWS::AccountId' } } };

export function bucketArn(bucket: Val): Res {
  if (bucket.kind === 'text' && bucket.text.startsWith('arn:')) return sub(bucket);
  return sub(`arn:${P}:s3:::`, part(bucket));
}

/** `bucket/key`; a key chosen at run time → `bucket/<static prefix>*`. */
export function objectArn(bucket: Val, key: Val, prefix?: Val): Res {
  const b = bucket.kind === 'text' && bucket.text.startsWith('arn:') ? bucket : null;
  const head = b ? [b] : [`arn:${P}:s3:::`, part(bucket)];
  if (key.kind === 'text' || key.kind === 'ref') return sub(...head, '/', key);
  if (prefix && (prefix.kind === 'text' || prefix.kind === 'ref')) return sub(...head, '/', prefix, '*');
  return sub(...head, '/*');
}

function withAccount(g: Grant, bucket: Val): Grant {
  return bucket.kind === 'text' || bucket.kind === 'ref' ? g : { ...g, condition: { ...OWN_ACCOUNT } };
}

/** `s3://bucket/key` → [bucket, key]. */
export function parseS3Uri(v: Val): [Val, Val] {
  if (v.kind === 'text') {
    const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(v.text);
    if (m) return [{ kind: 'text', text: m[1] }, m[2] ? { kind: 'text', text: m[2].endsWith('/') ? `${m[2]}*` : m[2] } : DYN];
  }
  return [DYN, DYN];
}

/**
 * Object actions a request needs beyond its own, by its parameters (Amazon S3 API reference): a VersionId
 * reads or deletes that version (`s3:GetObjectVersion`, `s3:DeleteObjectVersion`); an ACL or grant header
 * sets the object's ACL (`s3:PutObjectAcl`); Tagging tags it (`s3:PutObjectTagging`).
 */
export function parameterActions(t: TaskCtx, sdkAction: string): string[] {
  const has = (...fields: string[]): boolean => fields.some((f) => t.params.get(f).kind !== 'absent');
  const extra: string[] = [];
  if (has('VersionId') && sdkAction === 'getObject') extra.push('s3:GetObjectVersion');
  if (has('VersionId') && sdkAction === 'deleteObject') extra.push('s3:DeleteObjectVersion');
  if (['putObject', 'copyObject', 'createMultipartUpload'].includes(sdkAction)) {
    if (has('ACL', 'GrantFullControl', 'GrantRead', 'GrantReadACP', 'GrantWriteACP')) extra.push('s3:PutObjectAcl');
    if (has('Tagging')) extra.push('s3:PutObjectTagging');
  }
  return extra;
}

/** S3 through the AWS SDK (and ItemReader's getObject / listObjectsV2). */
export function s3SdkGrants(t: TaskCtx, sdkActions: string[], sdkAction: string): Grant[] {
  const actions = [...sdkActions, ...parameterActions(t, sdkAction)];
  const bucket = t.params.get('Bucket');
  const key = t.params.get('Key');
  const prefix = t.params.get('Prefix');
  if (sdkAction === 'copyObject' || sdkAction === 'uploadPartCopy') {
    const src = t.params.get('CopySource');
    const source: Res = src.kind === 'text' ? sub(`arn:${P}:s3:::`, src.text.replace(/^\//, '').split('?')[0]) : sub(`arn:${P}:s3:::*/*`);
    const read = ['s3:GetObject', ...(src.kind !== 'text' || src.text.includes('versionId=') ? ['s3:GetObjectVersion'] : [])];
    return [
      src.kind === 'text' ? { actions: read, resources: [source] } : { actions: read, resources: [source], condition: { ...OWN_ACCOUNT } },
      withAccount({ actions: ['s3:PutObject', ...parameterActions(t, 'copyObject')], resources: [objectArn(bucket, key)] }, bucket),
    ];
  }
  const bucketLevel = actions.filter((a) => !/Object|MultipartUploadParts/.test(a));
  const objectLevel = actions.filter((a) => /Object|MultipartUploadParts/.test(a));
  const grants: Grant[] = [];
  if (objectLevel.length) {
    if (sdkAction === 'deleteObjects') grants.push(withAccount({ actions: objectLevel, resources: [objectArn(bucket, DYN)] }, bucket));
    else grants.push(withAccount({ actions: objectLevel, resources: [objectArn(bucket, key, prefix)] }, bucket));
  }
  if (bucketLevel.length) {
    const g: Grant = { actions: bucketLevel, resources: [bucketArn(bucket)] };
    // Listing is limited to the prefix the definition names.
    if (bucketLevel.includes('s3:ListBucket') && prefix.kind === 'text' && bucketLevel.length === 1) {
      g.condition = { StringLike: { 's3:prefix': `${prefix.text}*` } };
      if (bucket.kind !== 'text' && bucket.kind !== 'ref') g.condition.StringEquals = OWN_ACCOUNT.StringEquals;
      grants.push(g);
    } else grants.push(withAccount(g, bucket));
  }
  return grants;
}

/** Distributed Map ItemReader. */
export function itemReaderGrants(t: TaskCtx, sdkAction: string): Grant[] {
  const bucket = t.params.get('Bucket');
  const key = t.params.get('Key');
  if (sdkAction === 'listObjectsV2') return s3SdkGrants(t, ['s3:ListBucket'], sdkAction);
  const reader = t.state.ReaderConfig as Record<string, unknown> | undefined;
  // An S3 inventory manifest lists data files elsewhere in its bucket.
  const read = ['s3:GetObject', ...parameterActions(t, 'getObject')];
  if (reader?.InputType === 'MANIFEST') return [withAccount({ actions: read, resources: [objectArn(bucket, DYN)] }, bucket)];
  // An Athena UNLOAD manifest lists S3 URIs of data files wherever UNLOAD wrote them: the manifest, and objects of this account.
  if (reader?.ManifestType === 'ATHENA_DATA') {
    return [
      withAccount({ actions: read, resources: [objectArn(bucket, key)] }, bucket),
      { actions: ['s3:GetObject'], resources: [sub(`arn:${P}:s3:::*/*`)], condition: { ...OWN_ACCOUNT } },
    ];
  }
  return [withAccount({ actions: read, resources: [objectArn(bucket, key)] }, bucket)];
}

/** Distributed Map ResultWriter: multipart uploads under the prefix. */
export function resultWriterGrants(t: TaskCtx): Grant[] {
  const bucket = t.params.get('Bucket');
  const prefix = t.params.get('Prefix');
  const resources = [objectArn(bucket, DYN, prefix)];
  return [withAccount({ actions: ['s3:PutObject', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'], resources }, bucket)];
}
