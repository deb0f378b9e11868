import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ServiceModel } from '../../../src/compile/model.js';
import { compileOk, machine, props, service } from './helpers.js';

/** Quotes, backslashes, an apostrophe, control characters, non-ASCII and astral unicode, and JSON-looking text. */
const NASTY = 'he said "hi" \\ it\'s {"a":"b"} \n\t Zürich 東京 🚀 </script> ${notSub}';

function everything(s: string): ServiceModel {
  const obj = { text: s, list: [s, { deep: s }] };
  return service(
    [
      machine('all-events', {
        name: 'allEvents',
        events: [
          { schedule: { rate: 'rate(1 day)', name: s, description: s, input: obj } },
          { schedule: { rate: 'rate(2 days)', inputTransformer: { inputPathsMap: { t: '$.time' }, inputTemplate: s } } },
          { schedule: { rate: 'rate(3 days)', method: 'scheduler', name: s, description: s, input: obj } },
          { schedule: { rate: 'rate(4 days)', input: s } },
          { eventBridge: { event: { detail: { note: [s] } }, name: s, description: s, input: obj } },
          { cloudwatchEvent: { event: { source: ['x'] }, inputTransformer: { inputTemplate: s } } },
          { http: { path: 'p', method: 'post', request: { template: { 'application/json': s } }, response: { template: { 'application/json': s } } } },
        ],
        alarms: { topics: { alarm: 'arn:aws:sns:us-east-1:123456789012:t' }, metrics: [{ metric: 'executionsFailed', alarmName: s }] },
        notifications: { FAILED: [{ sns: 'arn:aws:sns:us-east-1:123456789012:t', inputTransformer: { inputTemplate: s } }] },
      }),
    ],
    { functions: [] },
  );
}

describe('every string the user writes survives exactly', () => {
  const c = compileOk(everything(NASTY));
  // The template is written as JSON: what CloudFormation reads back is what we hold.
  const roundTrip = JSON.parse(JSON.stringify(c.template));
  const rule = (n: number) => roundTrip.Resources[`AllDasheventsStepFunctionsEventsRuleSchedule${n}`].Properties;

  it('names and descriptions', () => {
    expect(rule(1).Name).toBe(NASTY);
    expect(rule(1).Description).toBe(NASTY);
    expect(roundTrip.Resources.AllDasheventsStepFunctionsSchedulerSchedule3.Properties.Name).toBe(NASTY);
    expect(roundTrip.Resources.AllDasheventsEventsRuleCloudWatchEvent1.Properties.Description).toBe(NASTY);
    expect(roundTrip.Resources.AllEventsExecutionsFailedAlarm.Properties.AlarmName).toBe(NASTY);
  });

  it('inputs are JSON text that parses back to what was written (a literal ${ is not a substitution)', () => {
    const expected = { text: NASTY, list: [NASTY, { deep: NASTY }] };
    expect(JSON.parse(rule(1).Targets[0].Input)).toEqual(expected);
    expect(JSON.parse(roundTrip.Resources.AllDasheventsStepFunctionsSchedulerSchedule3.Properties.Target.Input)).toEqual(expected);
    expect(JSON.parse(roundTrip.Resources.AllDasheventsEventsRuleCloudWatchEvent1.Properties.Targets[0].Input)).toEqual(expected);
    expect(JSON.parse(rule(4).Targets[0].Input)).toBe(NASTY);
  });

  it('event patterns, input templates and mapping templates are kept as written', () => {
    expect(roundTrip.Resources.AllDasheventsEventsRuleCloudWatchEvent1.Properties.EventPattern).toEqual({ detail: { note: [NASTY] } });
    expect(rule(2).Targets[0].InputTransformer.InputTemplate).toBe(NASTY);
    expect(roundTrip.Resources.AllDasheventsEventsRuleCloudWatchEvent2.Properties.Targets[0].InputTransformer.InputTemplate).toBe(NASTY);
    const m = props(c, 'ApiGatewayMethodPPost');
    expect(m.Integration.RequestTemplates['application/json']).toBe(NASTY);
    expect(m.Integration.IntegrationResponses[0].ResponseTemplates['application/json']).toBe(NASTY);
    const n = Object.values(roundTrip.Resources as Record<string, any>).find((r) => r.Properties?.Name?.endsWith?.('-FAILED-notification'));
    expect(n.Properties.Targets[0].InputTransformer.InputTemplate).toBe(NASTY);
  });

  it('#{AWS::Region} in a user string becomes an Fn::Sub whose other ${ stay literal', () => {
    const c2 = compileOk(everything(`${NASTY} #{AWS::Region}`));
    const r = props(c2, 'AllDasheventsStepFunctionsEventsRuleSchedule1');
    expect(r.Name).toEqual({ 'Fn::Sub': NASTY.replace('${notSub}', '${!notSub}') + ' ${AWS::Region}' });
    // Fn::Sub of the input, with the region filled in, is the JSON of the input.
    const sub = r.Targets[0].Input['Fn::Sub'] as string;
    const filled = sub.replace(/\$\{AWS::Region\}/g, 'eu-west-1').replace(/\$\{!/g, '${');
    const s = `${NASTY} eu-west-1`;
    expect(JSON.parse(filled)).toEqual({ text: s, list: [s, { deep: s }] });
  });
});

describe('cfn-lint, the outside judge, on a template with every event kind and option', () => {
  it('finds no error and no warning', () => {
    const svc = service(
      [
        machine('api', {
          events: [
            { http: { path: 'orders/{id}', method: 'post', cors: true, authorizer: 'auth', private: true, request: { schemas: { 'application/json': { type: 'object' } } }, response: { headers: { 'X-A': "'b'" } } } },
            { http: { path: 'p', method: 'get', authorizer: { name: 'pool', arn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc', scopes: ['a/b'] } } },
            { http: { path: 'q', method: 'any', responses: { 200: {}, 500: { selectionPattern: '5\\d{2}' } } } },
            { http: { path: 'r', method: 'delete', action: 'StopExecution' } },
            { schedule: 'rate(1 day)' },
            { schedule: { rate: 'cron(0 8 ? * MON-FRI *)', method: 'scheduler', timezone: 'Europe/Zurich', input: { a: NASTY }, retryPolicy: { maximumRetryAttempts: 1 } } },
            { eventBridge: { event: { source: ['aws.ec2'] }, eventBusName: 'custom', input: { a: 'b' }, deadLetterConfig: 'arn:aws:sqs:us-east-1:123456789012:dlq', retryPolicy: { maximumRetryAttempts: 2 } } },
          ],
          alarms: { topics: { alarm: 'arn:aws:sns:us-east-1:123456789012:t' }, nameTemplate: '$[stateMachineName]-$[metricName]', metrics: ['executionsFailed', 'executionThrottled'] },
          notifications: {
            FAILED: [
              { sns: 'arn:aws:sns:us-east-1:123456789012:t' },
              { sqs: 'arn:aws:sqs:us-east-1:123456789012:q' },
              { lambda: 'arn:aws:lambda:us-east-1:123456789012:function:f' },
              { kinesis: { arn: 'arn:aws:kinesis:us-east-1:123456789012:stream/s', partitionKeyPath: '$.id' } },
              { firehose: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/f' },
            ],
            SUCCEEDED: [{ stepFunctions: 'arn:aws:states:us-east-1:123456789012:stateMachine:x' }, { sqs: { arn: 'arn:aws:sqs:us-east-1:123456789012:q.fifo', messageGroupId: 'g' } }],
          },
        }),
        machine('sync', { type: 'EXPRESS', events: [{ http: { path: 'sync', method: 'post', sync: true } }] }),
      ],
      {
        functions: [{ key: 'auth', name: 'orders-dev-auth' }],
        provider: {
          apiGateway: { apiKeys: ['k1', { name: 'k2', value: 'a-secret-value-of-twenty-chars-or-more' }], usagePlan: { quota: { limit: 10, period: 'DAY' }, throttle: { burstLimit: 5, rateLimit: 2 } } },
          rolePermissionsBoundary: 'arn:aws:iam::123456789012:policy/b',
          iam: { role: { path: '/x/' } },
        },
      },
    );
    const c = compileOk(svc);
    const dir = mkdtempSync(join(tmpdir(), 'stepf-events-lint-'));
    const file = join(dir, 'template.json');
    writeFileSync(file, JSON.stringify(c.template, null, 2));
    const lint = resolve(__dirname, '../../../.venv/bin/cfn-lint');
    let out = '';
    try {
      out = execFileSync(lint, ['--format', 'json', file], { encoding: 'utf8' });
    } catch (err) {
      out = (err as { stdout?: string }).stdout ?? String(err);
    }
    const findings = (JSON.parse(out || '[]') as Array<{ Rule: { Id: string }; Message: string }>).map((f) => `${f.Rule.Id} ${f.Message}`);
    expect(findings).toEqual([]);
  }, 60_000);
});
