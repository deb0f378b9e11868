import { describe, expect, it } from 'vitest';
import { compile, compileOk, machine, props, service } from './events/helpers.js';

const topics = { ok: 'arn:aws:sns:us-east-1:123456789012:ok', alarm: { Ref: 'AlarmTopic' } };
const withAlarms = (alarms: unknown, extra = {}) =>
  service([machine('payments', { name: 'payments-flow', alarms, ...extra })], {
    resources: { Resources: { AlarmTopic: { Type: 'AWS::SNS::Topic' } } },
  });

describe('alarms', () => {
  it('one CloudWatch alarm per metric, on the machine, with the plugin\'s IDs and description', () => {
    const c = compileOk(withAlarms({ topics, metrics: ['executionsTimedOut', 'executionsFailed', 'executionsAborted', 'executionThrottled', 'executionsSucceeded'] }));
    const ids = Object.keys(c.template.Resources).filter((id) => id.endsWith('Alarm'));
    expect(ids).toEqual([
      'PaymentsDashflowExecutionsTimedOutAlarm',
      'PaymentsDashflowExecutionsFailedAlarm',
      'PaymentsDashflowExecutionsAbortedAlarm',
      'PaymentsDashflowExecutionThrottledAlarm',
      'PaymentsDashflowExecutionsSucceededAlarm',
    ]);
    expect(c.r('PaymentsDashflowExecutionsFailedAlarm')).toEqual({
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        Namespace: 'AWS/States',
        MetricName: 'ExecutionsFailed',
        AlarmDescription: 'payments-flow[dev][us-east-1]: executions failed',
        Threshold: 1,
        Period: 60,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Statistic: 'Sum',
        OKActions: ['arn:aws:sns:us-east-1:123456789012:ok'],
        AlarmActions: [{ Ref: 'AlarmTopic' }],
        InsufficientDataActions: [],
        TreatMissingData: 'missing',
        Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: 'PaymentsDashflow' } }],
      },
    });
  });

  it('per-metric logicalId, alarmName, treatMissingData and period override the defaults', () => {
    const c = compileOk(
      withAlarms({
        topics,
        treatMissingData: 'ignore',
        period: 300,
        metrics: ['executionsFailed', { metric: 'executionsTimedOut', logicalId: 'MyTimeouts', alarmName: 'timeouts "x"', treatMissingData: 'breaching', period: 120 }],
      }),
    );
    expect(props(c, 'PaymentsDashflowExecutionsFailedAlarm')).toMatchObject({ TreatMissingData: 'ignore', Period: 300 });
    expect(props(c, 'MyTimeouts')).toMatchObject({ AlarmName: 'timeouts "x"', TreatMissingData: 'breaching', Period: 120, MetricName: 'ExecutionsTimedOut' });
  });

  it('nameTemplate fills $[stateMachineName], $[metricName] and $[cloudWatchMetricName]', () => {
    const c = compileOk(withAlarms({ topics, nameTemplate: '$[stateMachineName]-$[metricName]-$[cloudWatchMetricName]-${sls:stage}', metrics: ['executionsFailed'] }));
    expect(props(c, 'PaymentsDashflowExecutionsFailedAlarm').AlarmName).toBe('payments-flow-executionsFailed-ExecutionsFailed-${sls:stage}');
  });

  it('duplicate metrics make one alarm; the same metric twice with different settings needs a logicalId', () => {
    expect(Object.keys(compileOk(withAlarms({ topics, metrics: ['executionsFailed', 'executionsFailed'] })).template.Resources).filter((x) => x.endsWith('Alarm'))).toHaveLength(1);
    const c = compile(withAlarms({ topics, metrics: ['executionsFailed', { metric: 'executionsFailed', period: 300 }] }));
    expect(c.errors[0]).toMatchObject({ code: 'duplicate-logical-id', hint: 'give one of them its own `logicalId`' });
  });

});
