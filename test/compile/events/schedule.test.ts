import { describe, expect, it } from 'vitest';
import { compile, compileOk, machine, props, service } from './helpers.js';

const withEvents = (events: unknown[], extra = {}) => service([machine('hello-sm', { events, ...extra })]);

describe('schedule events', () => {
  it('a rate string makes an enabled EventBridge rule targeting the machine through the machine\'s schedule role', () => {
    const c = compileOk(withEvents([{ schedule: 'rate(10 minutes)' }]));
    expect(c.r('HelloDashsmStepFunctionsEventsRuleSchedule1')).toEqual({
      Type: 'AWS::Events::Rule',
      Properties: {
        ScheduleExpression: 'rate(10 minutes)',
        State: 'ENABLED',
        Targets: [
          {
            Arn: { Ref: 'HelloDashsmStepFunctionsStateMachine' },
            Id: 'hello-smStepFunctionsSchedule',
            RoleArn: { 'Fn::GetAtt': ['HelloDashsmScheduleToStepFunctionsRole', 'Arn'] },
          },
        ],
      },
    });
    expect(c.r('HelloDashsmScheduleToStepFunctionsRole')).toEqual({
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        },
        Policies: [
          {
            PolicyName: 'dev-us-east-1-orders-hello-sm-schedule',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: ['states:StartExecution'], Resource: { Ref: 'HelloDashsmStepFunctionsStateMachine' } }],
            },
          },
        ],
      },
    });
  });

  it('the object form sets state, name, description, input, retry policy; numbering counts schedules only', () => {
    const c = compileOk(
      withEvents([
        { http: 'POST go' },
        { schedule: 'cron(0 12 * * ? *)' },
        {
          schedule: {
            rate: 'rate(1 hour)',
            enabled: false,
            name: 'nightly-"run"',
            description: 'a \\ backslash',
            input: { key: 'value', nested: { q: 'he said "hi"' } },
            retryPolicy: { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 2 },
          },
        },
      ]),
    );
    expect(props(c, 'HelloDashsmStepFunctionsEventsRuleSchedule1').ScheduleExpression).toBe('cron(0 12 * * ? *)');
    const p = props(c, 'HelloDashsmStepFunctionsEventsRuleSchedule2');
    expect(p.State).toBe('DISABLED');
    expect(p.Name).toBe('nightly-"run"');
    expect(p.Description).toBe('a \\ backslash');
    expect(JSON.parse(p.Targets[0].Input)).toEqual({ key: 'value', nested: { q: 'he said "hi"' } });
    expect(p.Targets[0].RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 2 });
  });

  it('inputPath and inputTransformer go to the target', () => {
    const c = compileOk(
      withEvents([
        { schedule: { rate: 'rate(5 minutes)', inputPath: '$.detail' } },
        { schedule: { rate: 'rate(5 minutes)', inputTransformer: { inputPathsMap: { t: '$.time' }, inputTemplate: '{"time": <t>, "q": "\\"x\\""}' } } },
      ]),
    );
    expect(props(c, 'HelloDashsmStepFunctionsEventsRuleSchedule1').Targets[0].InputPath).toBe('$.detail');
    expect(props(c, 'HelloDashsmStepFunctionsEventsRuleSchedule2').Targets[0].InputTransformer).toEqual({
      InputPathsMap: { t: '$.time' },
      InputTemplate: '{"time": <t>, "q": "\\"x\\""}',
    });
  });

  it('method: scheduler makes an AWS::Scheduler::Schedule with timezone and FlexibleTimeWindow OFF', () => {
    const c = compileOk(withEvents([{ schedule: { rate: 'cron(0 8 ? * MON-FRI *)', method: 'scheduler', timezone: 'Europe/Zurich', input: { a: 'ü' }, name: 'weekday', retryPolicy: { maximumRetryAttempts: 1 } } }]));
    expect(c.r('HelloDashsmStepFunctionsSchedulerSchedule1')).toEqual({
      Type: 'AWS::Scheduler::Schedule',
      Properties: {
        ScheduleExpression: 'cron(0 8 ? * MON-FRI *)',
        State: 'ENABLED',
        ScheduleExpressionTimezone: 'Europe/Zurich',
        Name: 'weekday',
        Target: {
          Arn: { Ref: 'HelloDashsmStepFunctionsStateMachine' },
          RoleArn: { 'Fn::GetAtt': ['HelloDashsmScheduleToStepFunctionsRole', 'Arn'] },
          Input: '{"a":"ü"}',
          RetryPolicy: { MaximumRetryAttempts: 1 },
        },
        FlexibleTimeWindow: { Mode: 'OFF' },
      },
    });
    expect(props(c, 'HelloDashsmScheduleToStepFunctionsRole').AssumeRolePolicyDocument.Statement[0].Principal).toEqual({ Service: 'scheduler.amazonaws.com' });
  });

  it('mixing eventBus and scheduler schedules gives one role that trusts both services (the plugin kept only the last)', () => {
    const c = compileOk(withEvents([{ schedule: 'rate(1 day)' }, { schedule: { rate: 'rate(2 days)', method: 'scheduler' } }]));
    expect(props(c, 'HelloDashsmScheduleToStepFunctionsRole').AssumeRolePolicyDocument.Statement[0].Principal).toEqual({
      Service: ['events.amazonaws.com', 'scheduler.amazonaws.com'],
    });
    expect(props(c, 'HelloDashsmStepFunctionsEventsRuleSchedule1').Targets[0].RoleArn).toEqual(props(c, 'HelloDashsmStepFunctionsSchedulerSchedule2').Target.RoleArn);
  });

  it('a schedule with its own role makes no role; the role may be an intrinsic', () => {
    const c = compileOk(withEvents([{ schedule: { rate: 'rate(1 day)', role: 'arn:aws:iam::#{AWS::AccountId}:role/sched' } }]));
    expect(c.template.Resources.HelloDashsmScheduleToStepFunctionsRole).toBeUndefined();
    expect(props(c, 'HelloDashsmStepFunctionsEventsRuleSchedule1').Targets[0].RoleArn).toEqual({ 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:role/sched' });
  });

  it('the role carries the permissions boundary and path (provider.iam.role first, then rolePermissionsBoundary)', () => {
    const svc = withEvents([{ schedule: 'rate(1 day)' }]);
    svc.provider = { rolePermissionsBoundary: 'arn:aws:iam::123456789012:policy/old', iam: { role: { path: '/stepf/', permissionsBoundary: 'arn:aws:iam::#{AWS::AccountId}:policy/b' } } };
    const p = props(compileOk(svc), 'HelloDashsmScheduleToStepFunctionsRole');
    expect(p.Path).toBe('/stepf/');
    expect(p.PermissionsBoundary).toEqual({ 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:policy/b' });
  });

  it('a string input that is JSON text is kept; other strings become JSON strings', () => {
    const c = compileOk(withEvents([{ schedule: { rate: 'rate(1 day)', input: '{"a": "b"}' } }, { schedule: { rate: 'rate(1 day)', input: 'plain "text"' } }]));
    expect(props(c, 'HelloDashsmStepFunctionsEventsRuleSchedule1').Targets[0].Input).toBe('{"a": "b"}');
    expect(JSON.parse(props(c, 'HelloDashsmStepFunctionsEventsRuleSchedule2').Targets[0].Input)).toBe('plain "text"');
  });

  it('intrinsics and #{} inside an input object become an Fn::Sub of valid JSON; a literal ${ stays literal', () => {
    const c = compileOk(withEvents([{ schedule: { rate: 'rate(1 day)', input: { arn: { Ref: 'HelloDashsmStepFunctionsStateMachine' }, region: '#{AWS::Region}', lit: 'cost: ${x}' } } }]));
    const input = props(c, 'HelloDashsmStepFunctionsEventsRuleSchedule1').Targets[0].Input;
    expect(input).toEqual({ 'Fn::Sub': '{"arn":"${HelloDashsmStepFunctionsStateMachine}","region":"${AWS::Region}","lit":"cost: ${!x}"}' });
  });

  it.each([
    [{ schedule: { enabled: true } }, /missing "rate"/],
    [{ schedule: 42 }, /neither a string nor an object/],
    [{ schedule: { rate: 'rate(1 day)', input: { a: 1 }, inputPath: '$.x' } }, /cannot be set together/],
    [{ schedule: { rate: 'rate(1 day)', method: 'scheduler', inputTransformer: { inputTemplate: '{}' } } }, /"inputTransformer" is not supported with `method: scheduler`/],
    [{ schedule: { rate: 'rate(1 day)', method: 'scheduler', inputPath: '$.x' } }, /"inputPath" is not supported/],
    [{ schedule: { rate: 'rate(1 day)', timezone: 'UTC' } }, /"timezone" is only supported with `method: scheduler`/],
    [{ schedule: { rate: 'rate(1 day)', method: 'cron' } }, /unknown schedule method/],
    [{ schedule: 'rate(5 minute)' }, /rate\(5 minutes\)/],
    [{ schedule: 'rate(1 minutes)' }, /rate\(1 minute\)/],
    [{ schedule: 'cron(0 12 * * *)' }, /6 fields/],
    [{ schedule: 'every day' }, /rate\(\.\.\.\) or cron/],
    [{ schedule: 'at(2030-01-01T00:00:00)' }, /need `method: scheduler`/],
    [{ schedule: { rate: 'rate(1 day)', input: '{"broken": ' } }, /does not parse/],
  ])('rejects %j', (event, message) => {
    const c = compile(withEvents([event]));
    expect(c.errors.map((e) => e.message).join('\n')).toMatch(message);
    expect(c.errors[0].path?.slice(0, 5)).toEqual(['stepFunctions', 'stateMachines', 'hello-sm', 'events', 0]);
  });

  it('an unknown key is a warning that names the closest key', () => {
    const c = compile(withEvents([{ schedule: { rate: 'rate(1 day)', inputTransfomer: {} } }]));
    expect(c.errors).toEqual([]);
    expect(c.warnings[0]).toMatchObject({ severity: 'warning', hint: 'did you mean "inputTransformer"?' });
  });
});
