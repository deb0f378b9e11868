import { describe, expect, it } from 'vitest';
import { checkProvider } from '../../../src/config/schema/index.js';
import { checkMachine, errors, M, summary, y } from './helpers.js';

/**
 * CloudFormation takes "14" where it takes 14 (and Serverless and the plugin convert it), so a number or
 * boolean written quoted, or read from ${env:}/${param:} (always text), is accepted and becomes the value.
 */
describe('numeric and boolean strings where CloudFormation takes a number or a boolean', () => {
  it('provider.logRetentionInDays "14" and timeout "30" become the numbers', () => {
    const r = checkProvider(y('logRetentionInDays: "14"\ntimeout: " 30 "\nversionFunctions: "false"\n'));
    expect(errors(r.diagnostics)).toEqual([]);
    expect(r.config).toMatchObject({ logRetentionInDays: 14, timeout: 30, versionFunctions: false });
  });

  it('machine settings: includeExecutionData "true", KmsDataKeyReusePeriodSeconds "300", alarms period "60", schedule enabled "false"', () => {
    const r = checkMachine(
      y(`
loggingConfig: { level: ALL, includeExecutionData: "TRUE" }
encryptionConfig: { Type: CUSTOMER_MANAGED_KMS_KEY, KmsKeyId: k, KmsDataKeyReusePeriodSeconds: "300" }
alarms: { topics: { ok: arn:aws:sns:us-east-1:123456789012:t }, period: "60", metrics: [executionsFailed] }
events:
  - schedule: { rate: rate(1 day), enabled: "false" }
`) as Record<string, unknown>,
    );
    expect(errors(r.diagnostics)).toEqual([]);
    const m = (r.config.stateMachines as Record<string, Record<string, unknown>>).m;
    expect(m.loggingConfig).toEqual({ level: 'ALL', includeExecutionData: true });
    expect((m.encryptionConfig as Record<string, unknown>).KmsDataKeyReusePeriodSeconds).toBe(300);
    expect((m.alarms as Record<string, unknown>).period).toBe(60);
    expect(((m.events as Array<Record<string, Record<string, unknown>>>)[0].schedule).enabled).toBe(false);
  });

  it('text that is not a number or a boolean is still the type error, with its hint', () => {
    const r = checkProvider(y('logRetentionInDays: fourteen\nversionFunctions: "yes"\n'));
    expect(summary(r.diagnostics).sort()).toEqual(['error invalid-type provider.logRetentionInDays', 'error invalid-type provider.versionFunctions']);
    const retention = r.diagnostics.find((d) => d.path?.[1] === 'logRetentionInDays')!;
    expect(retention.message).toBe('expected a number, got the string "fourteen"');
    expect(retention.hint).toBe('write logRetentionInDays as a number');
    const alarm = checkMachine(y('alarms: { topics: { ok: t }, period: "0", metrics: [executionsFailed] }') as Record<string, unknown>);
    expect(summary(alarm.diagnostics)).toEqual([`error invalid-type ${M}.alarms.period`]);
  });
});
