import { regional, type Res } from './arn.js';
import type { Grant, PolicyInput } from './types.js';
import { valueOf } from './values.js';

/**
 * Logging: Step Functions manages log deliveries with these CloudWatch Logs actions, none of which has
 * resource-level permissions (AWS: "IAM policies for CloudWatch Logs", Step Functions guide), so `*`.
 * Only when logging is on: level OFF with no destination delivers nothing.
 */
export function loggingGrants(cfg: PolicyInput['loggingConfig']): Grant[] {
  if (!cfg) return [];
  const level = String(cfg.level ?? 'OFF').toUpperCase();
  if (level === 'OFF' && !cfg.destinations?.length) return [];
  return [
    {
      actions: [
        'logs:CreateLogDelivery', 'logs:GetLogDelivery', 'logs:UpdateLogDelivery', 'logs:DeleteLogDelivery', 'logs:ListLogDeliveries',
        'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups',
      ],
      resources: ['*'],
    },
  ];
}

/** X-Ray: only when tracing is enabled (the plugin grants it for any tracingConfig, even `enabled: false`). */
export function tracingGrants(cfg: PolicyInput['tracingConfig']): Grant[] {
  if (!cfg?.enabled) return [];
  return [{ actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'], resources: ['*'] }];
}

/** A KMS key given as ARN, key ID, or intrinsic (Ref to a key is its ID, GetAtt Arn its ARN). */
function keyArn(v: unknown): Res | undefined {
  const val = valueOf(v);
  if (val.kind === 'text') {
    if (!val.text) return undefined;
    if (val.text.startsWith('arn:')) return val.text.includes('${') ? { 'Fn::Sub': val.text } : val.text;
    if (val.text.startsWith('alias/')) return undefined;
    return regional('kms', 'key/', val);
  }
  if (val.kind === 'ref') {
    if (typeof val.value.Ref === 'string') return regional('kms', 'key/', val);
    return val.value;
  }
  return undefined;
}

/**
 * KMS. `kmsKeyArns` (keys the tasks use): the plugin's actions. The machine's own encryption key
 * (encryptionConfig.KmsKeyId): what Step Functions needs to encrypt and decrypt its data.
 * An alias cannot be a policy resource: any key of the account under that alias (kms:RequestAlias).
 */
export function kmsGrants(input: PolicyInput): Grant[] {
  const grants: Grant[] = [];
  const keys = (input.kmsKeyArns ?? []).map(keyArn).filter((k): k is Res => k !== undefined);
  if (keys.length) grants.push({ actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'], resources: keys });
  const own = input.encryptionKmsKeyId;
  const ownVal = valueOf(own);
  if (ownVal.kind === 'text' && ownVal.text.startsWith('alias/')) {
    grants.push({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [regional('kms', 'key/*')], condition: { StringEquals: { 'kms:RequestAlias': ownVal.text } } });
  } else {
    const k = keyArn(own);
    if (k) grants.push({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [k] });
  }
  return grants;
}
