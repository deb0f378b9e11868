import { describe, expect, it } from 'vitest';
import { formatPath } from '../../../src/errors.js';
import { checkMachine, M, summary, y } from './helpers.js';

describe('alarms', () => {
  it('accepts the README examples, with intrinsic topics and per-metric overrides', () => {
    const r = checkMachine({
      alarms: y(`
nameTemplate: $[stateMachineName]-$[cloudWatchMetricName]-alarm
topics:
  ok: arn:aws:sns:us-east-1:1234567890:NotifyMe
  alarm: !Ref AwsAlertsGenericAlarmTopicAlarm
  insufficientData: { 'Fn::Sub': 'arn:aws:sns:\${AWS::Region}:\${AWS::AccountId}:t' }
metrics:
  - executionsTimedOut
  - metric: executionsFailed
    alarmName: mycustom-name-Failed-alarm
  - metric: executionThrottled
    treatMissingData: breaching
    period: 300
    logicalId: MyAlarm
treatMissingData: ignore
period: 120
`),
    });
    expect(r.diagnostics).toEqual([]);
  });

  it('requires topics and metrics, with at least one of each', () => {
    expect(summary(checkMachine({ alarms: {} }).diagnostics)).toEqual([`error missing-key ${M}.alarms.topics`, `error missing-key ${M}.alarms.metrics`]);
    expect(summary(checkMachine({ alarms: { topics: {}, metrics: [] } }).diagnostics)).toEqual([
      `error missing-key ${M}.alarms.topics`,
      `error missing-key ${M}.alarms.metrics`,
    ]);
  });

  it('a nameTemplate variable that does not exist, and a logicalId CloudFormation cannot take, are errors (the plugin only logged and made no alarm)', () => {
    const r = checkMachine({
      alarms: { topics: { alarm: 'arn:aws:sns:x' }, nameTemplate: '$[machine]-$[metricNam]', metrics: ['executionsFailed', { metric: 'executionsAborted', logicalId: 'Aborted-Alarm' }] },
    });
    expect(r.diagnostics.map((d) => [formatPath(d.path ?? []), d.message, d.hint])).toEqual([
      [`${M}.alarms.nameTemplate`, 'nameTemplate uses $[machine], which is not a variable', 'the variables are $[stateMachineName], $[cloudWatchMetricName], $[metricName]'],
      [`${M}.alarms.nameTemplate`, 'nameTemplate uses $[metricNam], which is not a variable', 'did you mean $[metricName]?'],
      [`${M}.alarms.metrics[1].logicalId`, 'logicalId must be letters and digits only (a CloudFormation logical ID)', undefined],
    ]);
  });

  it('rejects unknown metrics (with a hint), bad periods and unknown keys', () => {
    const r = checkMachine({
      alarms: { topics: { alarm: 'arn:aws:sns:x', okay: 'x' }, metrics: ['executionFailed', { metric: 'executionsFailed', period: 0 }], treatMissingData: 'skip' },
    });
    expect(summary(r.diagnostics)).toEqual([
      `error unknown-key ${M}.alarms.topics.okay`,
      `error invalid-value ${M}.alarms.metrics[0]`,
      `error invalid-type ${M}.alarms.metrics[1].period`,
      `error invalid-value ${M}.alarms.treatMissingData`,
    ]);
    expect(r.diagnostics[0].hint).toBe('did you mean "ok"?');
    expect(r.diagnostics[1].hint).toBe('did you mean "executionsFailed"?');
  });
});

describe('notifications', () => {
  it('accepts every target type of the README, with inputPath and inputTransformer', () => {
    const r = checkMachine({
      notifications: y(`
ABORTED:
  - sns: SNS_TOPIC_ARN
  - sqs: SQS_TOPIC_ARN
  - sqs:
      arn: SQS_TOPIC_ARN
      messageGroupId: 12345
  - lambda: !GetAtt Fn.Arn
  - kinesis: KINESIS_STREAM_ARN
  - kinesis:
      arn: KINESIS_STREAM_ARN
      partitionKeyPath: $.id
  - firehose: FIREHOSE_STREAM_ARN
  - stepFunctions: !Ref OtherMachine
FAILED:
  - sns: SNS_TOPIC_ARN
    inputTransformer:
      inputPathsMap:
        status: '$.detail.status'
      inputTemplate: '"finished with <status>"'
  - sqs: SQS_QUEUE_ARN
    inputPath: '$.detail'
RUNNING: []
SUCCEEDED: []
TIMED_OUT: []
`),
    });
    expect(r.diagnostics).toEqual([]);
    const sqs = (r.config.stateMachines.m.notifications?.ABORTED?.[2] as { sqs: { messageGroupId: string } }).sqs;
    expect(sqs.messageGroupId).toBe('12345');
  });

  it('rejects unknown statuses and targets with no type or two types', () => {
    const r = checkMachine({
      notifications: { FAILD: [], FAILED: [{ inputPath: '$' }, { sns: 'a', sqs: 'b' }, { sqs: { arn: 'q' } }, { email: 'x' }] },
    });
    expect(summary(r.diagnostics)).toEqual([
      `error unknown-key ${M}.notifications.FAILD`,
      `error missing-key ${M}.notifications.FAILED[0]`,
      `error conflict ${M}.notifications.FAILED[1].sqs`,
      `error missing-key ${M}.notifications.FAILED[2].sqs.messageGroupId`,
      `error unknown-key ${M}.notifications.FAILED[3].email`,
    ]);
    expect(r.diagnostics[0].hint).toBe('did you mean "FAILED"?');
  });

  it('warns that EXPRESS machines send no notifications', () => {
    const r = checkMachine({ type: 'EXPRESS', notifications: { FAILED: [{ sns: 'arn:aws:sns:x' }] } });
    expect(summary(r.diagnostics)).toEqual([`warning ignored ${M}.notifications`]);
  });
});
