import { describe, expect, it } from 'vitest';
import { compile, compileOk, machine, props, service } from './events/helpers.js';

const SNS = 'arn:aws:sns:us-east-1:123456789012:alerts';
const SQS = 'arn:aws:sqs:us-east-1:123456789012:events';
const withNotifications = (notifications: unknown, extra = {}) => service([machine('billing', { notifications, ...extra })], { functions: [{ key: 'notify', name: 'orders-dev-notify' }] });

describe('notifications', () => {
  it('one rule per status on the machine\'s status-change events, named with the stage', () => {
    const c = compileOk(withNotifications({ FAILED: [{ sns: SNS }], TIMED_OUT: [{ sns: SNS }] }));
    const rule = c.r('BillingStepFunctionsStateMachineNotificationsFAILEDEventRule');
    expect(rule.Type).toBe('AWS::Events::Rule');
    expect(props(c, 'BillingStepFunctionsStateMachineNotificationsFAILEDEventRule')).toMatchObject({
      Description: '[FAILED] status notification for state machine [billing]',
      EventPattern: {
        source: ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        detail: { status: ['FAILED'], stateMachineArn: [{ Ref: 'BillingStepFunctionsStateMachine' }] },
      },
      Name: 'billing-dev-FAILED-notification',
      Targets: [{ Arn: SNS, Id: expect.stringMatching(/^billing-FAILED-[0-9a-f]{5}$/) }],
    });
    expect(props(c, 'BillingStepFunctionsStateMachineNotificationsTIMEDOUTEventRule').Name).toBe('billing-dev-TIMED_OUT-notification');
  });

  it('an SNS target gets one topic policy for the topic, each statement scoped to its rule', () => {
    const c = compileOk(withNotifications({ FAILED: [{ sns: SNS }], ABORTED: [{ sns: SNS }] }));
    const policies = Object.values(c.template.Resources).filter((r) => r.Type === 'AWS::SNS::TopicPolicy');
    expect(policies).toHaveLength(1);
    const doc = (policies[0].Properties as any).PolicyDocument;
    expect((policies[0].Properties as any).Topics).toEqual([SNS]);
    expect(doc.Statement).toHaveLength(2);
    expect(doc.Statement[1]).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: SNS,
      Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': ['BillingStepFunctionsStateMachineNotificationsFAILEDEventRule', 'Arn'] } } },
    });
  });

  it('two machines sharing a topic and a queue share one policy each (CloudFormation policies replace each other)', () => {
    const svc = service([machine('a', { notifications: { FAILED: [{ sns: SNS }, { sqs: SQS }] } }), machine('b', { notifications: { FAILED: [{ sns: SNS }, { sqs: SQS }] } })]);
    const c = compileOk(svc);
    const topicPolicies = Object.values(c.template.Resources).filter((r) => r.Type === 'AWS::SNS::TopicPolicy');
    const queuePolicies = Object.values(c.template.Resources).filter((r) => r.Type === 'AWS::SQS::QueuePolicy');
    expect(topicPolicies).toHaveLength(1);
    expect(queuePolicies).toHaveLength(1);
    // Distinct statements per machine (the plugin de-duplicated by a Sid that did not name the machine).
    expect((topicPolicies[0].Properties as any).PolicyDocument.Statement).toHaveLength(2);
    expect((queuePolicies[0].Properties as any).Queues).toEqual([{ 'Fn::Sub': 'https://sqs.us-east-1.${AWS::URLSuffix}/123456789012/events' }]);
  });

  it('SQS queues by GetAtt use the queue\'s Ref as URL; FIFO takes messageGroupId', () => {
    const svc = withNotifications({ FAILED: [{ sqs: { arn: { 'Fn::GetAtt': ['Q', 'Arn'] }, messageGroupId: 'g1' } }] });
    svc.resources = { Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: { FifoQueue: true } } } };
    const c = compileOk(svc);
    const rule = props(c, 'BillingStepFunctionsStateMachineNotificationsFAILEDEventRule');
    expect(rule.Targets[0]).toMatchObject({ Arn: { 'Fn::GetAtt': ['Q', 'Arn'] }, SqsParameters: { MessageGroupId: 'g1' } });
    const qp = Object.values(c.template.Resources).find((r) => r.Type === 'AWS::SQS::QueuePolicy')!;
    expect((qp.Properties as any).Queues).toEqual([{ Ref: 'Q' }]);
  });

  it('a Lambda target gets a permission scoped by SourceArn to its rule; a local function key means its ARN', () => {
    const c = compileOk(withNotifications({ SUCCEEDED: [{ lambda: 'notify' }] }));
    const perm = Object.values(c.template.Resources).find((r) => r.Type === 'AWS::Lambda::Permission')!;
    const arn = { 'Fn::Sub': 'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:orders-dev-notify' };
    expect(perm.Properties).toEqual({
      Action: 'lambda:InvokeFunction',
      FunctionName: arn,
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': ['BillingStepFunctionsStateMachineNotificationsSUCCEEDEDEventRule', 'Arn'] },
    });
    expect(props(c, 'BillingStepFunctionsStateMachineNotificationsSUCCEEDEDEventRule').Targets[0].Arn).toEqual(arn);
  });

  it('Kinesis, Firehose and Step Functions targets use the notifications role, set on each target', () => {
    const svc = withNotifications({
      FAILED: [
        { kinesis: { arn: 'arn:aws:kinesis:us-east-1:123456789012:stream/s', partitionKeyPath: '$.detail.name' } },
        { firehose: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/f' },
        { stepFunctions: 'arn:aws:states:us-east-1:123456789012:stateMachine:other', inputPath: '$.detail' },
      ],
    });
    svc.provider = { iam: { role: { path: '/n/', permissionsBoundary: 'arn:aws:iam::123456789012:policy/b' } } };
    const c = compileOk(svc);
    const role = props(c, 'BillingStepFunctionsStateMachineNotificationsIamRole');
    expect(role.Path).toBe('/n/');
    expect(role.PermissionsBoundary).toBe('arn:aws:iam::123456789012:policy/b');
    expect(role.Policies.map((p: any) => p.PolicyDocument.Statement[0].Action)).toEqual(['kinesis:PutRecord', 'firehose:PutRecord', 'states:StartExecution']);
    const targets = props(c, 'BillingStepFunctionsStateMachineNotificationsFAILEDEventRule').Targets;
    for (const t of targets) expect(t.RoleArn).toEqual({ 'Fn::GetAtt': ['BillingStepFunctionsStateMachineNotificationsIamRole', 'Arn'] });
    expect(targets[0].KinesisParameters).toEqual({ PartitionKeyPath: '$.detail.name' });
    expect(targets[2].InputPath).toBe('$.detail');
  });

  it('an input transformer with quotes is passed as written', () => {
    const c = compileOk(withNotifications({ FAILED: [{ sns: SNS, inputTransformer: { inputPathsMap: { n: '$.detail.name' }, inputTemplate: '"Execution <n> failed: \\"see logs\\""' } }] }));
    expect(props(c, 'BillingStepFunctionsStateMachineNotificationsFAILEDEventRule').Targets[0].InputTransformer).toEqual({
      InputPathsMap: { n: '$.detail.name' },
      InputTemplate: '"Execution <n> failed: \\"see logs\\""',
    });
  });

  it('a long machine name keeps the rule name within 64 characters, unique and ending in the status', () => {
    const svc = withNotifications({ TIMED_OUT: [{ sns: SNS }] }, { name: 'a-very-long-state-machine-name-for-the-order-fulfilment-process' });
    const c = compileOk(svc);
    const rule = Object.values(c.template.Resources).find((r) => r.Type === 'AWS::Events::Rule')!;
    const name = (rule.Properties as any).Name as string;
    expect(name.length).toBeLessThanOrEqual(64);
    expect(name).toMatch(/^a-very-long.*-[0-9a-f]{8}-TIMED_OUT-notification$/);
  });

  it.each([
    [{ FAILED: [{ sqs: { 'Fn::ImportValue': 'q' } }] }, /cannot derive the SQS queue URL/, undefined],
  ])('rejects %j', (n, message, hint) => {
    const c = compile(withNotifications(n));
    expect(c.errors.map((e) => e.message).join('\n')).toMatch(message);
    if (hint) expect(c.errors[0].hint).toBe(hint);
  });

  it('notifications on an EXPRESS machine are an error with a hint (the plugin skipped them silently)', () => {
    const c = compile(withNotifications({ FAILED: [{ sns: SNS }] }, { type: 'EXPRESS' }));
    expect(c.errors[0]).toMatchObject({ code: 'unsupported', path: ['stepFunctions', 'stateMachines', 'billing', 'notifications'] });
    expect(c.errors[0].hint).toMatch(/type: STANDARD/);
  });
});

describe('notification rule names', () => {
  it('a name that already ends with the stage is not suffixed twice', () => {
    const c = compileOk(service([machine('m', { name: 'payments-dev', notifications: { FAILED: [{ sns: SNS }] } })]));
    expect(props(c, 'PaymentsDashdevNotificationsFAILEDEventRule').Name).toBe('payments-dev-FAILED-notification');
  });
});
