import { describe, expect, it } from 'vitest';
import { compileOk, machine, props, service } from './helpers.js';

const withEvents = (events: unknown[]) => service([machine('watcher', { name: 'ec2-watcher', events })]);
const pattern = { source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'], detail: { state: ['pending'], 'instance-id': [{ prefix: 'i-' }] } };

describe.each(['eventBridge', 'cloudwatchEvent'])('%s events', (kind) => {
  it('make a rule with the pattern as an object, targeting the machine through the event role', () => {
    const c = compileOk(withEvents([{ [kind]: { event: pattern } }]));
    expect(c.r('WatcherEventsRuleCloudWatchEvent1')).toEqual({
      Type: 'AWS::Events::Rule',
      Properties: {
        EventPattern: pattern,
        State: 'ENABLED',
        Targets: [{ Arn: { Ref: 'Ec2Dashwatcher' }, Id: 'watcherCloudWatchEvent', RoleArn: { 'Fn::GetAtt': ['WatcherEventToStepFunctionsRole', 'Arn'] } }],
      },
    });
    const role = props(c, 'WatcherEventToStepFunctionsRole');
    expect(role.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({ Service: 'events.amazonaws.com' });
    expect(role.Policies[0]).toEqual({
      PolicyName: 'dev-us-east-1-orders-watcher-event',
      PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['states:StartExecution'], Resource: { Ref: 'Ec2Dashwatcher' } }] },
    });
  });

  it('take bus, state, name, description, input, DLQ, retry policy and an existing role', () => {
    const c = compileOk(
      withEvents([
        {
          [kind]: {
            event: pattern,
            eventBusName: 'arn:aws:events:#{AWS::Region}:#{AWS::AccountId}:event-bus/custom',
            enabled: false,
            name: 'my "rule"',
            description: 'ünïcode \\ and "quotes"',
            input: { a: 'it\'s "quoted" \\ here' },
            deadLetterConfig: 'arn:aws:sqs:us-east-1:123456789012:dlq',
            retryPolicy: { maximumRetryAttempts: 0 },
            iamRole: 'arn:aws:iam::123456789012:role/events',
          },
        },
      ]),
    );
    const p = props(c, 'WatcherEventsRuleCloudWatchEvent1');
    expect(p.EventBusName).toEqual({ 'Fn::Sub': 'arn:aws:events:${AWS::Region}:${AWS::AccountId}:event-bus/custom' });
    expect(p.State).toBe('DISABLED');
    expect(p.Name).toBe('my "rule"');
    expect(p.Description).toBe('ünïcode \\ and "quotes"');
    expect(JSON.parse(p.Targets[0].Input)).toEqual({ a: 'it\'s "quoted" \\ here' });
    expect(p.Targets[0].DeadLetterConfig).toEqual({ Arn: 'arn:aws:sqs:us-east-1:123456789012:dlq' });
    expect(p.Targets[0].RetryPolicy).toEqual({ MaximumRetryAttempts: 0 });
    expect(p.Targets[0].RoleArn).toBe('arn:aws:iam::123456789012:role/events');
    expect(c.template.Resources.WatcherEventToStepFunctionsRole).toBeUndefined();
  });

  it('a pattern with \\n text is kept as written (the plugin stripped it)', () => {
    const c = compileOk(withEvents([{ [kind]: { event: { detail: { note: ['a\\nb'] } } } }]));
    expect(props(c, 'WatcherEventsRuleCloudWatchEvent1').EventPattern).toEqual({ detail: { note: ['a\\nb'] } });
  });
});

describe('eventBridge and cloudwatchEvent together', () => {
  it('are numbered together and share one role, which carries the boundary (the plugin left it off)', () => {
    const svc = withEvents([{ eventBridge: { event: pattern } }, { schedule: 'rate(1 day)' }, { cloudwatchEvent: { event: pattern } }]);
    svc.provider = { rolePermissionsBoundary: 'arn:aws:iam::123456789012:policy/boundary' };
    const c = compileOk(svc);
    expect(c.r('WatcherEventsRuleCloudWatchEvent1')).toBeDefined();
    expect(c.r('WatcherEventsRuleCloudWatchEvent2')).toBeDefined();
    expect(props(c, 'WatcherEventToStepFunctionsRole').PermissionsBoundary).toBe('arn:aws:iam::123456789012:policy/boundary');
  });
});
