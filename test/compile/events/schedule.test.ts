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
});

describe('schedule.rate as a list (Serverless v3)', () => {
  const ID = 'HelloDashsmStepFunctionsEventsRuleSchedule';

  it('makes one rule per expression, numbered across the events as Serverless numbers a function\'s, each with the event\'s settings', () => {
    const c = compileOk(
      withEvents([
        { schedule: { rate: ['cron(0 6 * * ? *)', 'rate(1 day)'], input: { a: 1 }, enabled: false } },
        { schedule: 'rate(2 hours)' },
      ]),
    );
    const rules = Object.keys(c.template.Resources).filter((id) => c.template.Resources[id].Type === 'AWS::Events::Rule').sort();
    expect(rules).toEqual([`${ID}1`, `${ID}2`, `${ID}3`]);
    expect(rules.map((id) => (c.r(id).Properties as Record<string, unknown>).ScheduleExpression)).toEqual(['cron(0 6 * * ? *)', 'rate(1 day)', 'rate(2 hours)']);
    for (const id of [`${ID}1`, `${ID}2`]) expect(c.r(id).Properties).toMatchObject({ State: 'DISABLED', Targets: [{ Input: '{"a":1}' }] });
    expect(c.referenceProblems).toEqual([]);
  });

  it('with method: scheduler, one schedule per expression', () => {
    const c = compileOk(withEvents([{ schedule: { method: 'scheduler', rate: ['cron(0 6 * * ? *)', 'cron(0 18 * * ? *)'], timezone: 'Europe/Paris' } }]));
    const schedules = Object.values(c.template.Resources).filter((r) => r.Type === 'AWS::Scheduler::Schedule');
    expect(schedules.map((r) => (r.Properties as Record<string, unknown>).ScheduleExpressionTimezone)).toEqual(['Europe/Paris', 'Europe/Paris']);
  });

  it('a bad expression in the list is an error at its index; a name with several expressions is an error; an empty list is missing rate', () => {
    const bad = compile(withEvents([{ schedule: { rate: ['rate(1 day)', 'every day'] } }]));
    expect(bad.errors.map((e) => e.path)).toEqual([['stepFunctions', 'stateMachines', 'hello-sm', 'events', 0, 'schedule', 'rate', 1]]);
    const named = compile(withEvents([{ schedule: { rate: ['rate(1 day)', 'rate(2 days)'], name: 'nightly' } }]));
    expect(named.errors.map((e) => e.message)).toEqual([expect.stringContaining('cannot have a name')]);
    expect(compile(withEvents([{ schedule: { rate: [] } }])).errors.map((e) => e.message)).toEqual([expect.stringContaining('missing "rate"')]);
  });

  it('a one-expression list is the same rule as the string', () => {
    const c = compileOk(withEvents([{ schedule: { rate: ['rate(1 day)'], name: 'daily' } }]));
    expect(c.r(`${ID}1`).Properties).toMatchObject({ ScheduleExpression: 'rate(1 day)', Name: 'daily' });
  });
});

describe('the real config of fixtures/real/killdozer-local-schedule', () => {
  it('packages its rate list to two rules, where the plugin wrote one rule with both expressions joined by a comma', async () => {
    const { packageService } = await import('../../../src/pipeline.js');
    const { readFileSync } = await import('node:fs');
    const { resolve } = await import('node:path');
    const dir = resolve(__dirname, '../../../fixtures/real/killdozer-local-schedule');
    const r = await packageService({ cwd: dir, stage: 'dev' });
    const expr = (t: { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> }) =>
      Object.entries(t.Resources).filter(([, x]) => x.Type === 'AWS::Events::Rule').map(([id, x]) => [id, x.Properties?.ScheduleExpression]);
    expect(expr(r.template as never)).toEqual([
      ['Hellostepfunc1StepFunctionsEventsRuleSchedule1', 'cron(0 5 * * ? *)'],
      ['Hellostepfunc1StepFunctionsEventsRuleSchedule2', 'cron(0 6 * * ? *)'],
    ]);
    const plugin = JSON.parse(readFileSync(resolve(dir, 'plugin.template.json'), 'utf8'));
    expect(expr(plugin)).toEqual([['Hellostepfunc1StepFunctionsEventsRuleSchedule1', 'cron(0 5 * * ? *),cron(0 6 * * ? *)']]);
  });
});
