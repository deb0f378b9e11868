import { describe, expect, it } from 'vitest';
import { checkMachine, M, summary, y } from './helpers.js';

function events(text: string) {
  return checkMachine({ events: y(text) });
}

describe('http events', () => {
  it('accepts the README forms: shorthand, object, action, timeout, iamRole, private', () => {
    const r = events(`
- http: POST users/create
- http: { path: hello, method: GET }
- http: { path: action/status, method: POST, action: DescribeExecution }
- http: { path: hello, method: get, timeoutInMillis: 29000 }
- http: { path: posts/create, method: POST, iamRole: "arn:aws:iam::123456789012:role/apigw" }
- http: { path: /hello, method: post, private: true }
- http: { path: any, method: ANY, integration: lambda-proxy }
- http: { path: sync, method: post, sync: true }
`);
    expect(r.diagnostics).toEqual([]);
    expect(r.config.stateMachines.m.events?.[0]).toEqual({ http: 'POST users/create' });
  });

  it('accepts cors in each documented form', () => {
    const r = events(`
- http: { path: a, method: post, cors: true }
- http:
    path: b
    method: post
    cors:
      origin: '*'
      headers: [Content-Type, X-Amz-Date]
      allowCredentials: false
- http: { path: c, method: post, cors: { origins: ['https://a.example'], methods: [POST], maxAge: 86400 } }
`);
    expect(r.diagnostics).toEqual([]);
  });

  it('accepts authorizers: aws_iam, a function name, an ARN, a shared authorizer and an object', () => {
    const r = events(`
- http: { path: a, method: post, authorizer: aws_iam }
- http: { path: b, method: post, authorizer: authorizerFunc }
- http: { path: c, method: post, authorizer: "arn:aws:lambda:us-east-1:1:function:auth" }
- http:
    path: /users
    method: post
    authorizer:
      type: COGNITO_USER_POOLS
      authorizerId: { Ref: ApiGatewayAuthorizer }
      scopes: [scope1]
- http:
    path: d
    method: post
    authorizer:
      name: authorizerFunc
      resultTtlInSeconds: 0
      identitySource: method.request.header.Authorization
      identityValidationExpression: someRegex
      type: token
`);
    expect(r.diagnostics).toEqual([]);
  });

  it('accepts request templates, schemas and response settings', () => {
    const r = events(`
- http: { path: a, method: post, request: { template: lambda_proxy } }
- http:
    path: b
    method: post
    request:
      template:
        application/json: '{"input": "$body"}'
      schemas:
        application/json: { type: object, required: [username] }
        text/plain: post-create-model
        application/xml:
          schema: { type: object }
          name: PostCreateModel
          description: Validation model
    response:
      headers:
        Content-Type: "'application/json'"
      template:
        application/json: '{"status": 200}'
- http:
    path: c
    method: post
    responses:
      200:
        statusCode: 200
        responseParameters:
          method.response.header.Content-Type: "'application/json'"
        responseTemplates:
          application/json: '{"status": 200}'
      400:
        statusCode: 400
        selectionPattern: "400"
`);
    expect(r.diagnostics).toEqual([]);
  });

  it('rejects a bad method, a missing path and wrong types, each at its path', () => {
    const r = events(`
- http: { path: a, method: fetch }
- http: { method: get }
- http: { path: a, method: get, cors: yes, private: 1 }
- http: "POST"
`);
    expect(summary(r.diagnostics)).toEqual([
      `error invalid-type ${M}.events[0].http.method`,
      `error missing-key ${M}.events[1].http.path`,
      `error invalid-type ${M}.events[2].http.cors`,
      `error invalid-type ${M}.events[2].http.private`,
      `error invalid-type ${M}.events[3].http`,
    ]);
    expect(r.diagnostics[0].message).toBe('expected an HTTP method (get, post, put, patch, options, head, delete, any; any case), got the string "fetch"');
    expect(r.diagnostics[4].message).toMatch(/^expected "METHOD path" .* got the string "POST"$/);
  });

  it('rejects origin together with origins, and an authorizer object naming nothing', () => {
    const r = events(`
- http: { path: a, method: get, cors: { origin: '*', origins: ['*'] } }
- http: { path: b, method: get, authorizer: { scopes: [a] } }
`);
    expect(summary(r.diagnostics)).toEqual([`error conflict ${M}.events[0].http.cors.origins`, `error missing-key ${M}.events[1].http.authorizer`]);
  });

  it('points at the unknown key inside an http event with a hint', () => {
    const r = events(`
- http: { path: a, methdo: get, method: get, cros: true }
`);
    expect(summary(r.diagnostics)).toEqual([`error unknown-key ${M}.events[0].http.methdo`, `error unknown-key ${M}.events[0].http.cros`]);
    expect(r.diagnostics[1].hint).toBe('did you mean "cors"?');
  });

  it('explains keys written beside `http:` instead of under it', () => {
    const r = events(`
- http:
  path: users
  method: post
`);
    expect(summary(r.diagnostics)).toEqual([
      `error invalid-type ${M}.events[0].http`,
      `error unknown-key ${M}.events[0].path`,
      `error unknown-key ${M}.events[0].method`,
    ]);
    expect(r.diagnostics[1].hint).toMatch(/^"path" is a setting of an http event: indent it under "http:"/);
  });
});

describe('schedule events', () => {
  it('accepts the README forms', () => {
    const r = events(`
- schedule: rate(10 minutes)
- schedule:
    rate: cron(0 12 * * ? *)
    enabled: false
    inputPath: '$.stageVariables'
- schedule:
    name: your-scheduled-rate-event-name
    description: 'your scheduled rate event description'
    rate: rate(2 hours)
    role: arn:aws:iam::123456789012:role/yourRole
    input:
      stageParams:
        stage: dev
- schedule:
    rate: cron(30 12 ? * 1-5 *)
    inputTransformer:
      inputPathsMap:
        time: '$.time'
      inputTemplate: '{"time": <time>}'
- schedule:
    method: scheduler
    rate: cron(30 12 ? * 1-5 *)
    enabled: true
    timezone: America/New_York
- schedule:
    rate: rate(10 minutes)
    retryPolicy:
      maximumEventAgeInSeconds: 3600
      maximumRetryAttempts: 3
`);
    expect(r.diagnostics).toEqual([]);
  });

  it('rejects what the plugin rejects: no rate, wrong type, input combinations, scheduler-only keys', () => {
    const r = events(`
- schedule: { enabled: true }
- schedule: 5
- schedule: { rate: rate(1 minute), input: a, inputPath: '$.b' }
- schedule: { rate: rate(1 minute), method: scheduler, inputPath: '$.b' }
- schedule: { rate: rate(1 minute), timezone: Europe/Paris }
- schedule: { rate: rate(1 minute), method: cron }
`);
    expect(summary(r.diagnostics)).toEqual([
      `error missing-key ${M}.events[0].schedule.rate`,
      `error invalid-type ${M}.events[1].schedule`,
      `error conflict ${M}.events[2].schedule.inputPath`,
      `error conflict ${M}.events[3].schedule.inputPath`,
      `error conflict ${M}.events[4].schedule.timezone`,
      `error invalid-value ${M}.events[5].schedule.method`,
    ]);
    expect(r.diagnostics[1].message).toMatch(/got a number \(5\)$/);
  });

  it('a misspelt key of a schedule is an error that names the closest key', () => {
    const r = events(`
- schedule: { rate: rate(1 day), inputTransfomer: { inputTemplate: '{}' } }
`);
    expect(summary(r.diagnostics)).toEqual([`error unknown-key ${M}.events[0].schedule.inputTransfomer`]);
    expect(r.diagnostics[0].hint).toBe('did you mean "inputTransformer"?');
  });
});

describe('cloudwatchEvent and eventBridge events', () => {
  it('accepts every documented key', () => {
    const r = events(`
- cloudwatchEvent:
    event:
      source: [aws.ec2]
      detail-type: [EC2 Instance State-change Notification]
      detail:
        state: [pending]
    enabled: false
    input: { stageParams: { stage: dev } }
    description: 'CloudWatch Event triggered on EC2 Instance pending state'
    name: my-cloudwatch-event-name
- eventBridge:
    eventBusName: !Ref MyBus
    event: { source: [my.app] }
    iamRole: 'arn:aws:iam::012345678910:role/Events-InvokeStepFunctions-Role'
    deadLetterConfig: !GetAtt MyDLQ.Arn
    retryPolicy:
      maximumEventAgeInSeconds: 7200
      maximumRetryAttempts: 5
    inputTransformer:
      inputPathsMap: { stage: '$.stageVariables' }
      inputTemplate: '{ "stage": <stage> }'
`);
    expect(r.diagnostics).toEqual([]);
  });

  it('requires the event pattern and rejects wrong types and input combinations', () => {
    const r = events(`
- eventBridge: { name: x }
- cloudwatchEvent: rate(1 minute)
- eventBridge: { event: { source: [a] }, iamRole: my-role, input: 1 }
- cloudwatchEvent: { event: { source: [a] }, input: '{}', inputTransformer: { inputTemplate: '{}' } }
`);
    expect(summary(r.diagnostics)).toEqual([
      `error missing-key ${M}.events[0].eventBridge.event`,
      `error invalid-type ${M}.events[1].cloudwatchEvent`,
      `error invalid-type ${M}.events[2].eventBridge.iamRole`,
      `error invalid-type ${M}.events[2].eventBridge.input`,
      `error conflict ${M}.events[3].cloudwatchEvent.inputTransformer`,
    ]);
  });
});

describe('retryPolicy and inputTransformer of schedule and eventBridge events', () => {
  it('a retry policy outside EventBridge\'s limits is an error at the key, naming the range and what it counts', () => {
    const r = events(`
- eventBridge: { event: { source: [a] }, retryPolicy: { maximumEventAgeInSeconds: 5, maximumRetryAttempts: 2.5 } }
- schedule: { rate: rate(1 day), method: scheduler, retryPolicy: { maximumRetryAttempts: 186 } }
`);
    expect(r.diagnostics.map((d) => [d.path?.join('.'), d.message, d.hint])).toEqual([
      [
        `${M}.events.0.eventBridge.retryPolicy.maximumEventAgeInSeconds`,
        'expected a whole number of seconds from 60 to 86400, got a number (5)',
        'how long an undelivered event is retried: 60 seconds to 24 hours (86400)',
      ],
      [`${M}.events.0.eventBridge.retryPolicy.maximumRetryAttempts`, 'expected a whole number of retries from 0 to 185, got a number (2.5)', 'how many times delivering an event is retried: 0 to 185'],
      [`${M}.events.1.schedule.retryPolicy.maximumRetryAttempts`, 'expected a whole number of retries from 0 to 185, got a number (186)', 'how many times delivering an event is retried: 0 to 185'],
    ]);
    // The limits themselves pass, and a quoted number is the number, as everywhere CloudFormation takes one.
    const ok = events(`
- schedule: { rate: rate(1 day), retryPolicy: { maximumEventAgeInSeconds: '86400', maximumRetryAttempts: 0 } }
- eventBridge: { event: { source: [a] }, retryPolicy: { maximumEventAgeInSeconds: 60, maximumRetryAttempts: 185 } }
`);
    expect(ok.diagnostics).toEqual([]);
    expect(ok.config.stateMachines.m.events?.[0]).toEqual({ schedule: { rate: 'rate(1 day)', retryPolicy: { maximumEventAgeInSeconds: 86400, maximumRetryAttempts: 0 } } });
  });

  it('an inputTransformer needs inputTemplate, and inputPathsMap maps names to JSON paths', () => {
    const r = events(`
- eventBridge: { event: { source: [a] }, inputTransformer: { inputPathsMap: {} } }
- schedule: { rate: rate(1 day), inputTransformer: { inputPathsMap: '$.time', inputTemplate: '<t>' } }
- cloudwatchEvent: { event: { source: [a] }, inputTransformer: { inputTemplate: '{}', inputPaths: { t: $.time } } }
`);
    expect(summary(r.diagnostics)).toEqual([
      `error missing-key ${M}.events[0].eventBridge.inputTransformer.inputTemplate`,
      `error invalid-type ${M}.events[1].schedule.inputTransformer.inputPathsMap`,
      `error unknown-key ${M}.events[2].cloudwatchEvent.inputTransformer.inputPaths`,
    ]);
    expect(r.diagnostics[2].hint).toBe('did you mean "inputPathsMap"?');
  });
});

describe('event items', () => {
  it('rejects an item with two events, none, or an unknown type', () => {
    const r = events(`
- http: GET a
  schedule: rate(1 minute)
- {}
- sqs: arn:aws:sqs:us-east-1:1:q
- htpp: GET a
- just a string
`);
    expect(summary(r.diagnostics)).toEqual([
      `error conflict ${M}.events[0].schedule`,
      `error missing-key ${M}.events[1]`,
      `error unknown-key ${M}.events[2].sqs`,
      `error unknown-key ${M}.events[3].htpp`,
      `error invalid-type ${M}.events[4]`,
    ]);
    expect(r.diagnostics[3].hint).toBe('did you mean "http"?');
    expect(r.diagnostics[4].message).toMatch(/^expected an event such as \{http: \.\.\.\}/);
  });

  it('rejects events that are not a list', () => {
    const r = checkMachine({ events: { http: 'GET a' } });
    expect(summary(r.diagnostics)).toEqual([`error invalid-type ${M}.events`]);
    expect(r.diagnostics[0].message).toBe('expected a list, got an object with keys http');
  });
});
