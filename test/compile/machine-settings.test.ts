import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileService } from '../../src/compile/index.js';
import { packageService } from '../../src/pipeline.js';
import { UserError } from '../../src/errors.js';
import { machine, service } from './events/helpers.js';

/** A machine's settings besides its definition (logging, keys, role, statements, dependsOn) next to the Serverless stack. */

const LOG_GROUP = { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/aws/states/orders-dev' } };
const LOGS_ARN = 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:';

function compiledMachine(svc: ReturnType<typeof service>) {
  const r = compileService(svc);
  return { ...r, props: r.template.Resources[Object.keys(r.template.Resources).find((id) => r.template.Resources[id].Type === 'AWS::StepFunctions::StateMachine')!] };
}

describe('loggingConfig.destinations naming a log group of the Serverless stack', () => {
  it('a log group with a LogGroupName is reached by the ARN built from that name', () => {
    const svc = service([machine('orders', { loggingConfig: { level: 'ALL', destinations: [{ 'Fn::GetAtt': ['Logs', 'Arn'] }] } })], {
      serverlessResources: { Logs: LOG_GROUP },
    });
    const { props, parameters } = compiledMachine(svc);
    expect((props.Properties as Record<string, unknown>).LoggingConfiguration).toEqual({
      Level: 'ALL',
      IncludeExecutionData: false,
      Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::Sub': `${LOGS_ARN}/aws/states/orders-dev:*` } } }],
    });
    expect(parameters).toEqual([]);
  });

  it('a log group whose name CloudFormation generates becomes a Parameter (its name), and the ARN is built from it', () => {
    const svc = service([machine('orders', { loggingConfig: { level: 'ERROR', destinations: [{ 'Fn::GetAtt': ['Logs', 'Arn'] }] } })], {
      serverlessResources: { Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 7 } } },
    });
    const { props, parameters } = compiledMachine(svc);
    const lc = (props.Properties as { LoggingConfiguration: { Destinations: unknown[] } }).LoggingConfiguration;
    expect(lc.Destinations).toEqual([{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::Sub': `${LOGS_ARN}\${Logs}:*` } } }]);
    expect(parameters.map((p) => p.name)).toEqual(['Logs']);
  });

  it('a log group that stepf\'s stack takes keeps its GetAtt', () => {
    const svc = service([machine('orders', { loggingConfig: { level: 'ALL', destinations: [{ 'Fn::GetAtt': ['Logs', 'Arn'] }] } })], {
      resources: { Resources: { Logs: LOG_GROUP } },
    });
    const { props } = compiledMachine(svc);
    expect((props.Properties as { LoggingConfiguration: { Destinations: unknown[] } }).LoggingConfiguration.Destinations).toEqual([
      { CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': ['Logs', 'Arn'] } } },
    ]);
  });

  it('the plugin\'s express-workflow fixture packages, logging to its log group by ARN (fixtures/real/plugin-express-workflow)', async () => {
    const dir = resolve(__dirname, '../../fixtures/real/plugin-express-workflow');
    const r = await packageService({ cwd: dir, stage: 'dev' });
    const m = r.template.Resources.IntegrationDashexpressDashworkflowDashdev.Properties as Record<string, unknown>;
    expect(m.LoggingConfiguration).toEqual({
      Level: 'ALL',
      IncludeExecutionData: true,
      Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::Sub': `${LOGS_ARN}/aws/states/integration-express-workflow-dev:*` } } }],
    });
    // The plugin's template has the same log group under that name: the ARN names the group it creates.
    const plugin = JSON.parse(readFileSync(resolve(dir, 'plugin.template.json'), 'utf8'));
    expect(plugin.Resources.LogGroup.Properties.LogGroupName).toBe('/aws/states/integration-express-workflow-dev');
    expect(r.template.Resources.LogGroup).toBeUndefined();
  });
});

describe('other machine settings that name the Serverless stack', () => {
  it('iamRoleStatements, kmsKeyArns and encryptionConfig reach a table and a key of the Serverless stack', () => {
    const svc = service(
      [
        machine('orders', {
          iamRoleStatements: [{ Effect: 'Allow', Action: ['dynamodb:Query'], Resource: [{ 'Fn::GetAtt': ['Table', 'Arn'] }] }],
          kmsKeyArns: [{ 'Fn::GetAtt': ['Key', 'Arn'] }],
          encryptionConfig: { Type: 'CUSTOMER_MANAGED_KMS_KEY', KmsKeyId: { Ref: 'Key' } },
        }),
      ],
      {
        serverlessResources: {
          Table: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'orders-dev' } },
          Key: { Type: 'AWS::KMS::Key', Properties: {} },
        },
      },
    );
    const { template, parameters } = compiledMachine(svc);
    const text = JSON.stringify(template);
    expect(text).toContain(':table/orders-dev');
    expect(text).not.toContain('"Table"');
    expect(parameters.map((p) => p.name)).toEqual(['Key']);
  });
});

describe('role naming a role of the Serverless stack', () => {
  const roleArn = (role: Record<string, unknown>) => {
    const svc = service([machine('orders', { role: { 'Fn::GetAtt': ['MachineRole', 'Arn'] } })], { serverlessResources: { MachineRole: role } });
    const { props, parameters } = compiledMachine(svc);
    return { arn: (props.Properties as Record<string, unknown>).RoleArn, parameters: parameters.map((p) => p.name) };
  };
  const IAM = 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role';

  it('a RoleName gives the ARN, with the role\'s Path', () => {
    expect(roleArn({ Type: 'AWS::IAM::Role', Properties: { RoleName: 'orders-sfn' } })).toEqual({ arn: { 'Fn::Sub': `${IAM}/orders-sfn` }, parameters: [] });
    expect(roleArn({ Type: 'AWS::IAM::Role', Properties: { RoleName: 'orders-sfn', Path: '/svc/' } }).arn).toEqual({ 'Fn::Sub': `${IAM}/svc/orders-sfn` });
  });

  it('a generated name comes in as a Parameter (the role\'s name), and the ARN is built from it', () => {
    expect(roleArn({ Type: 'AWS::IAM::Role', Properties: {} })).toEqual({ arn: { 'Fn::Sub': `${IAM}/\${MachineRole}` }, parameters: ['MachineRole'] });
  });
});

describe('dependsOn naming a resource of the Serverless stack', () => {
  const svc = (dependsOn: string | string[]) =>
    service([machine('orders', { dependsOn })], {
      functions: [{ key: 'worker', name: 'orders-dev-worker' }],
      serverlessResources: { CustomRole: { Type: 'AWS::IAM::Role', Properties: {} }, Table: { Type: 'AWS::DynamoDB::Table', Properties: {} } },
      resources: { Resources: { Queue: { Type: 'AWS::SQS::Queue' } } },
    });

  it('is dropped with a warning that says the Serverless stack is deployed first; stepf\'s own resources stay', () => {
    const r = compileService(svc(['CustomRole', 'Queue', 'WorkerLambdaFunction', 'IamRoleLambdaExecution']));
    expect(r.template.Resources.OrdersStepFunctionsStateMachine.DependsOn).toEqual(['Queue']);
    expect(r.warnings.filter((w) => w.code === 'depends-on-serverless-stack').map((w) => [w.path, w.message])).toEqual([
      [
        ['stepFunctions', 'stateMachines', 'orders', 'dependsOn', 0],
        "dependsOn CustomRole is dropped: CustomRole (AWS::IAM::Role in resources:) stays in the Serverless stack, which is deployed before stepf's, so the order is already kept",
      ],
      [['stepFunctions', 'stateMachines', 'orders', 'dependsOn', 2], expect.stringContaining('function worker stays in the Serverless stack')],
      [['stepFunctions', 'stateMachines', 'orders', 'dependsOn', 3], expect.stringContaining("the functions' role IamRoleLambdaExecution stays")],
    ]);
  });

  it('a single name (not a list) is dropped the same way, leaving no DependsOn', () => {
    const r = compileService(svc('Table'));
    expect(r.template.Resources.OrdersStepFunctionsStateMachine.DependsOn).toBeUndefined();
    expect(r.warnings.map((w) => w.path)).toContainEqual(['stepFunctions', 'stateMachines', 'orders', 'dependsOn']);
  });

  it('a name found in neither stack is still an error, whose hint does not say a Serverless-stack resource would do', () => {
    let err: unknown;
    try {
      compileService(svc(['Nowhere']));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    const d = (err as UserError).diagnostics[0];
    expect(d.message).toBe("DependsOn Nowhere names no resource of stepf's stack");
    expect(d.hint).toContain('DependsOn can name only a resource of stepf\'s stack');
    expect(d.hint).not.toContain('a function or resource of the Serverless stack');
  });

  it('the plugin README\'s setup example packages: its dependsOn on a role, a table and a stream of resources: are dropped (fixtures/real/plugin-readme-setup)', async () => {
    const dir = resolve(__dirname, '../../fixtures/real/plugin-readme-setup');
    const r = await packageService({ cwd: dir, stage: 'dev' });
    expect(r.template.Resources.MyStateMachine.DependsOn).toBeUndefined();
    expect(r.template.Resources.DdbtablestepfuncStepFunctionsStateMachine.DependsOn).toBeUndefined();
    expect(r.warnings.filter((w) => w.code === 'depends-on-serverless-stack').map((w) => w.message.split(':')[0])).toEqual([
      'dependsOn CustomIamRole is dropped',
      'dependsOn DynamoDBTable is dropped',
      'dependsOn KinesisStream is dropped',
      'dependsOn CustomIamRole is dropped',
    ]);
    // The plugin put them in DependsOn of its one stack; they stay in the Serverless stack (the plugin's template has them).
    const plugin = JSON.parse(readFileSync(resolve(dir, 'plugin.template.json'), 'utf8'));
    expect(plugin.Resources.DdbtablestepfuncStepFunctionsStateMachine.DependsOn).toEqual(expect.arrayContaining(['DynamoDBTable', 'KinesisStream', 'CustomIamRole']));
    expect(Object.keys(r.template.Resources)).not.toContain('CustomIamRole');
  });
});
