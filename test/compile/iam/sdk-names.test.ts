import { describe, expect, it } from 'vitest';
import { iamActions, SDK_ACTION_IAM, SDK_SERVICE_PREFIX } from '../../../src/compile/iam/sdk-names.js';
import { readActions, serviceKeys } from './iam-table-source.js';

describe('the aws-sdk name table', () => {
  const services = new Set(serviceKeys());

  it('maps every SDK service to an IAM prefix that exists in iam-data', () => {
    const unknown = Object.entries(SDK_SERVICE_PREFIX).filter(([, prefix]) => !services.has(prefix));
    expect(unknown).toEqual([]);
  });

  it('maps every listed SDK action to IAM actions that exist', () => {
    const missing: string[] = [];
    for (const [key, actions] of Object.entries(SDK_ACTION_IAM)) {
      const [prefix] = key.split(':');
      const names = new Set(Object.values(readActions(prefix)).map((a) => a.name));
      for (const a of actions) if (!names.has(a)) missing.push(`${key} → ${prefix}:${a}`);
    }
    expect(missing).toEqual([]);
  });

  it('maps by rule otherwise: sfn → states, sesv2 → ses, redshiftdata → redshift-data, PascalCase actions', () => {
    expect(iamActions('sfn', 'sendTaskSuccess')).toEqual(['states:SendTaskSuccess']);
    expect(iamActions('sesv2', 'sendEmail')).toEqual(['ses:SendEmail']);
    expect(iamActions('redshiftdata', 'executeStatement')).toEqual(['redshift-data:ExecuteStatement']);
    expect(iamActions('eventbridge', 'putEvents')).toEqual(['events:PutEvents']);
    expect(iamActions('cloudwatchlogs', 'putLogEvents')).toEqual(['logs:PutLogEvents']);
    expect(iamActions('s3', 'listObjectsV2')).toEqual(['s3:ListBucket']);
  });
});
