import { describe, expect, it } from 'vitest';
import { checkStepFunctions } from '../../../src/config/schema/index.js';
import { checkMachine, DEF, errors, M, summary, y } from './helpers.js';

describe('state machine settings', () => {
  it('accepts the README setup example: name, dependsOn, tags, events, alarms, intrinsic Resource', () => {
    const value = y(`
stateMachines:
  hellostepfunc1:
    events:
      - http:
          path: gofunction
          method: GET
      - schedule:
          rate: rate(10 minutes)
          enabled: true
          input:
            key1: value1
            stageParams:
              stage: dev
    name: myStateMachine
    definition:
      Comment: "A Hello World example"
      StartAt: HelloWorld1
      States:
        HelloWorld1:
          Type: Task
          Resource:
            Fn::GetAtt: [hello, Arn]
          End: true
    dependsOn: CustomIamRole
    tags:
      Team: Atlantis
    alarms:
      topics:
        ok: arn:aws:sns:us-east-1:1234567890:NotifyMe
        alarm: arn:aws:sns:us-east-1:1234567890:NotifyMe
        insufficientData: arn:aws:sns:us-east-1:1234567890:NotifyMe
      metrics:
        - executionsTimedOut
        - executionsFailed
        - executionsAborted
        - metric: executionThrottled
          treatMissingData: breaching
        - executionsSucceeded
      treatMissingData: ignore
  ddbtablestepfunc:
    definition:
      StartAt: A
      States: { A: { Type: Pass, End: true } }
    dependsOn:
      - DynamoDBTable
      - KinesisStream
    tags:
      Team: Atlantis
activities:
  - myTask
  - yourTask
validate: true
`);
    const r = checkStepFunctions(value, { mode: 'error' });
    expect(r.diagnostics).toEqual([]);
    expect(Object.keys(r.config.stateMachines)).toEqual(['hellostepfunc1', 'ddbtablestepfunc']);
    expect(r.config.activities).toEqual(['myTask', 'yourTask']);
    expect(r.config.validate).toBe(true);
  });

  it('accepts every per-machine key the plugin documents', () => {
    const r = checkMachine(
      y(`
name: main
id: SendMessageStateMachine
type: EXPRESS
kmsKeyArns:
  - arn:aws:kms:us-east-1:123456789012:key/your-key-id
  - !Ref MyKMSKey
encryptionConfig:
  KmsKeyId: !GetAtt MyKey.Arn
  KmsDataKeyReusePeriodSeconds: 300
  Type: CUSTOMER_MANAGED_KMS_KEY
loggingConfig:
  level: ERROR
  includeExecutionData: true
  destinations:
    - Fn::GetAtt: [MyLogGroup, Arn]
tracingConfig:
  enabled: true
tags:
  score: 42
inheritGlobalTags: false
retain: true
useExactVersion: true
configureTaskTimeouts: true
`) as Record<string, unknown>,
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.config.stateMachines.m.type).toBe('EXPRESS');
    expect(r.config.stateMachines.m.kmsKeyArns).toEqual(['arn:aws:kms:us-east-1:123456789012:key/your-key-id', { Ref: 'MyKMSKey' }]);
  });

  it('keeps the definition object as given (the ASL is not checked here)', () => {
    const def = { StartAt: 'Nope', States: {}, Anything: [1, 2] };
    const r = checkMachine({ definition: def });
    expect(r.diagnostics).toEqual([]);
    expect(r.config.stateMachines.m.definition).toBe(def);
  });

  it('parses a definition given as a JSON string into an object', () => {
    const r = checkMachine({ definition: JSON.stringify(DEF) });
    expect(r.diagnostics).toEqual([]);
    expect(r.config.stateMachines.m.definition).toEqual(DEF);
  });

  it('reports a definition string that is not JSON at the definition path', () => {
    const r = checkMachine({ definition: '{"StartAt": "A", States: {}}' });
    expect(summary(r.diagnostics)).toEqual([`error invalid-json ${M}.definition`]);
    expect(r.diagnostics[0].message).toMatch(/not valid JSON/);
  });

  it('rejects a JSON string that holds no object', () => {
    const r = checkMachine({ definition: '[1, 2]' });
    expect(summary(r.diagnostics)).toEqual([`error invalid-json ${M}.definition`]);
    expect(r.diagnostics[0].message).toMatch(/a list rather than an object/);
  });

  it('requires a definition', () => {
    const r = checkStepFunctions({ stateMachines: { m: { name: 'x' } } }, { mode: 'warn' });
    expect(summary(r.diagnostics)).toEqual([`error missing-key ${M}.definition`]);
    expect(r.diagnostics[0].hint).toMatch(/StartAt and States/);
  });

  it('rejects a definition of the wrong type', () => {
    const r = checkMachine({ definition: 42 });
    expect(summary(r.diagnostics)).toEqual([`error invalid-type ${M}.definition`]);
    expect(r.diagnostics[0].message).toBe(
      'expected the state machine definition: an object (StartAt, States, ...) or a JSON string, got a number (42)',
    );
  });

  it('reports wrong types with their full path, all at once', () => {
    const r = checkMachine({
      name: 7,
      type: 'standard',
      retain: 'yes',
      tracingConfig: { enabled: 'on' },
      loggingConfig: { level: 'all', destinations: 'arn:aws:logs:x' },
      dependsOn: [1],
      tags: { nested: { a: 1 } },
    });
    expect(summary(r.diagnostics)).toEqual([
      `error invalid-type ${M}.name`,
      `error invalid-value ${M}.type`,
      `error invalid-type ${M}.retain`,
      `error invalid-type ${M}.tracingConfig.enabled`,
      `error invalid-value ${M}.loggingConfig.level`,
      `error invalid-type ${M}.loggingConfig.destinations`,
      `error invalid-type ${M}.dependsOn[0]`,
      `error invalid-type ${M}.tags.nested`,
    ]);
    const byPath = Object.fromEntries(r.diagnostics.map((d) => [d.path!.slice(3).join('.'), d]));
    expect(byPath.name.message).toBe('expected a string, got a number (7)');
    expect(byPath.type.hint).toBe('did you mean "STANDARD"?');
    expect(byPath['loggingConfig.level'].hint).toBe('did you mean "ALL"?');
    expect(byPath.retain.message).toBe('expected true or false, got the string "yes"');
  });

  it('rejects an empty machine (null) with a plain message', () => {
    const r = checkStepFunctions({ stateMachines: { m: null } }, { mode: 'warn' });
    expect(summary(r.diagnostics)).toEqual([`error invalid-type ${M}`]);
    expect(r.diagnostics[0].message).toBe('expected an object, got an empty value (null)');
  });
});

describe('unknown keys inside a state machine', () => {
  it('is an error with a did-you-mean hint and the full path', () => {
    const r = checkMachine({ defintion: DEF, tracingConfig: { enable: true }, loggingConfig: { levle: 'ALL' } });
    expect(summary(r.diagnostics)).toEqual([
      `error unknown-key ${M}.defintion`,
      `error unknown-key ${M}.tracingConfig.enable`,
      `error unknown-key ${M}.loggingConfig.levle`,
    ]);
    expect(r.diagnostics.map((d) => d.hint)).toEqual(['did you mean "definition"?', 'did you mean "enabled"?', 'did you mean "level"?']);
    expect(r.diagnostics[0].message).toBe('unknown key "defintion"');
  });

  it('lists the allowed keys when nothing is close', () => {
    const r = checkMachine({ encryptionConfig: { Banana: 1 } });
    expect(summary(r.diagnostics)).toEqual([`error unknown-key ${M}.encryptionConfig.Banana`]);
    expect(r.diagnostics[0].hint).toBe('allowed here: KmsKeyId, KmsDataKeyReusePeriodSeconds, Type');
  });

  it('rejects keys the plugin rejects, such as a per-machine noOutput', () => {
    const r = checkMachine({ noOutput: true });
    expect(summary(r.diagnostics)).toEqual([`error unknown-key ${M}.noOutput`]);
  });

  it('does not report a misspelt required key twice', () => {
    const r = checkStepFunctions({ stateMachines: { m: { defintion: DEF } } }, { mode: 'warn' });
    expect(summary(r.diagnostics)).toEqual([`error unknown-key ${M}.defintion`]);
  });
});

describe('role and IAM statements', () => {
  it('accepts a role ARN and intrinsic roles', () => {
    for (const role of ['arn:aws:iam::123456789012:role/yourRole', 'arn:aws-cn:iam::1:role/r', 'arn:#{AWS::Partition}:iam::#{AWS::AccountId}:role/r', { 'Fn::GetAtt': ['StateMachineRole', 'Arn'] }, { Ref: 'RoleArnParam' }, { 'Fn::ImportValue': 'x' }, { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:role/r' }]) {
      expect(checkMachine({ role }).diagnostics).toEqual([]);
    }
  });

  it('rejects a role that is not an ARN, saying what is accepted', () => {
    const r = checkMachine({ role: 'yourRole' });
    expect(summary(r.diagnostics)).toEqual([`error invalid-type ${M}.role`]);
    expect(r.diagnostics[0].message).toMatch(/^expected an ARN \(arn:aws:iam::123456789012:role\/name\) or an intrinsic function \(Ref, Fn::GetAtt, .*\), got the string "yourRole"$/);
  });

  it('rejects an object that is not an intrinsic where an ARN goes', () => {
    const r = checkMachine({ role: { Ref: 'A', Extra: 1 } });
    expect(summary(r.diagnostics)).toEqual([`error invalid-type ${M}.role`]);
    expect(r.diagnostics[0].message).toMatch(/got an object with keys Ref, Extra$/);
  });

  it('makes role and iamRoleStatements mutually exclusive', () => {
    const r = checkMachine({
      role: 'arn:aws:iam::1:role/r',
      iamRoleStatements: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }],
    });
    expect(summary(r.diagnostics)).toEqual([`error conflict ${M}.iamRoleStatements`]);
    expect(r.diagnostics[0].message).toMatch(/cannot be used together/);
  });

  it('accepts statements with every IAM field, Condition included', () => {
    const r = checkMachine(
      y(`
iamRoleStatements:
  - Sid: ReadTable
    Effect: Allow
    Action: [dynamodb:GetItem, dynamodb:Query]
    Resource:
      - !GetAtt Table.Arn
      - !Sub "\${Table.Arn}/index/*"
    Condition:
      StringEquals:
        aws:RequestedRegion: [eu-west-1]
  - Effect: Deny
    NotAction: s3:*
    NotResource: "*"
    Principal: "*"
  - Effect: Allow
    Action: sts:AssumeRole
    Resource: "*"
    NotPrincipal: { AWS: arn:aws:iam::1:root }
`) as Record<string, unknown>,
    );
    expect(r.diagnostics).toEqual([]);
  });

  it('checks statement fields and their combinations', () => {
    const r = checkMachine({
      iamRoleStatements: [
        { Effect: 'allow', Action: 3, Resource: '*' },
        { Effect: 'Allow', Action: 'a', NotAction: 'b', Resource: '*' },
        { Action: 'a' },
        { Effect: 'Allow', Action: 'a', Resource: '*', Condtion: {} },
      ],
    });
    expect(summary(r.diagnostics)).toEqual([
      `error invalid-value ${M}.iamRoleStatements[0].Effect`,
      `error invalid-type ${M}.iamRoleStatements[0].Action`,
      `error conflict ${M}.iamRoleStatements[1].NotAction`,
      `error missing-key ${M}.iamRoleStatements[2]`,
      `error missing-key ${M}.iamRoleStatements[2].Effect`,
      `error unknown-key ${M}.iamRoleStatements[3].Condtion`,
    ]);
    expect(r.diagnostics[0].hint).toBe('did you mean "Allow"?');
    expect(r.diagnostics[5].hint).toBe('did you mean "Condition"?');
  });
});

describe('intrinsics where ARNs and values go', () => {
  it('accepts Ref / Fn::* in loggingConfig, kmsKeyArns, encryptionConfig, tags', () => {
    const r = checkMachine({
      loggingConfig: { destinations: [{ 'Fn::Sub': 'arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:x:*' }, { 'Fn::Join': [':', ['a', 'b']] }] },
      kmsKeyArns: [{ 'Fn::ImportValue': 'KeyArn' }],
      encryptionConfig: { KmsKeyId: { Ref: 'Key' } },
      tags: { Owner: { Ref: 'OwnerParam' } },
    });
    expect(r.diagnostics).toEqual([]);
  });

  it('rejects a plain name where an ARN is required', () => {
    const r = checkMachine({ kmsKeyArns: ['my-key'], loggingConfig: { destinations: ['my-log-group'] } });
    expect(summary(r.diagnostics)).toEqual([`error invalid-type ${M}.kmsKeyArns[0]`, `error invalid-type ${M}.loggingConfig.destinations[0]`]);
  });

  it('reports errors with a basePath when given', () => {
    const r = checkStepFunctions({ stateMachines: { m: { definition: DEF, retain: 1 } } }, { mode: 'warn', basePath: ['x', 'sf'] });
    expect(summary(errors(r.diagnostics))).toEqual(['error invalid-type x.sf.stateMachines.m.retain']);
  });
});
