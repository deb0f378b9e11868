import type { PolicyInput } from '../../../src/compile/iam/index.js';
import { ACCOUNT, type Call, type CfnEnv } from './support.js';

export interface Case {
  name: string;
  definition: Record<string, unknown>;
  input?: Partial<PolicyInput>;
  env?: CfnEnv;
  allow: Call[];
  deny: Call[];
  /** Expected warning count (default 0). */
  warnings?: number;
}

const OTHER = '210987654321';
const sub = (s: string) => ({ 'Fn::Sub': s });
const L = (fn: string, account = ACCOUNT) => `arn:aws:lambda:us-east-1:${account}:function:${fn}`;
const arn = (svc: string, rest: string, account = ACCOUNT, region = 'us-east-1') => `arn:aws:${svc}:${region}:${account}:${rest}`;
const call = (action: string, resource: string, context?: Record<string, string | string[]>): Call => ({ action, resource, ...(context ? { context } : {}) });

/** A one-Task definition. */
export function task(resource: unknown, params?: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { StartAt: 'S', States: { S: { Type: 'Task', Resource: resource, ...(params === undefined ? {} : { Parameters: params }), ...extra, End: true } } };
}
const jsonata = (resource: string, args: unknown) => ({ QueryLanguage: 'JSONata', StartAt: 'S', States: { S: { Type: 'Task', Resource: resource, Arguments: args, End: true } } });
const S = (action: string) => `arn:aws:states:::${action}`;
const rule = (name: string) => arn('events', `rule/${name}`);

export const CASES: Case[] = [
  // Lambda
  {
    name: 'Lambda: Resource is the function (Fn::Sub ARN from the Serverless stack)',
    definition: task(sub('arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:svc-dev-hello')),
    allow: [call('lambda:InvokeFunction', L('svc-dev-hello'))],
    deny: [call('lambda:InvokeFunction', L('svc-dev-other')), call('lambda:InvokeFunction', L('svc-dev-hello:7')), call('lambda:InvokeFunction', L('svc-dev-hello', OTHER))],
  },
  {
    name: 'Lambda: Resource with #{AWS::Region} pseudo-parameters',
    definition: task('arn:aws:lambda:#{AWS::Region}:#{AWS::AccountId}:function:p'),
    allow: [call('lambda:InvokeFunction', L('p'))],
    deny: [call('lambda:InvokeFunction', L('q'))],
  },
  {
    name: 'lambda:invoke with a function name',
    definition: task(S('lambda:invoke'), { FunctionName: 'hello', 'Payload.$': '$' }),
    allow: [call('lambda:InvokeFunction', L('hello'))],
    deny: [call('lambda:InvokeFunction', L('hello2')), call('lambda:InvokeFunction', L('hello:live')), call('lambda:InvokeFunction', L('hello', OTHER))],
  },
  {
    name: 'lambda:invoke.waitForTaskToken with an alias: only that alias',
    definition: task(S('lambda:invoke.waitForTaskToken'), { FunctionName: 'hello:live', Payload: { 'token.$': '$$.Task.Token' } }),
    allow: [call('lambda:InvokeFunction', L('hello:live'))],
    deny: [call('lambda:InvokeFunction', L('hello:dev')), call('lambda:InvokeFunction', L('hello'))],
  },
  {
    name: 'lambda:invoke with a version ARN and with a partial ARN',
    definition: {
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: S('lambda:invoke'), Parameters: { FunctionName: `${L('a')}:3` }, Next: 'B' },
        B: { Type: 'Task', Resource: S('lambda:invoke'), Parameters: { FunctionName: `${ACCOUNT}:function:b` }, End: true },
      },
    },
    allow: [call('lambda:InvokeFunction', `${L('a')}:3`), call('lambda:InvokeFunction', L('b'))],
    deny: [call('lambda:InvokeFunction', `${L('a')}:4`), call('lambda:InvokeFunction', L('a'))],
  },
  {
    name: 'lambda:invoke with Fn::GetAtt and with Ref to a function (its name)',
    definition: {
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: S('lambda:invoke'), Parameters: { FunctionName: { 'Fn::GetAtt': ['Fn', 'Arn'] } }, Next: 'B' },
        B: { Type: 'Task', Resource: S('lambda:invoke'), Parameters: { FunctionName: { Ref: 'Other' } }, End: true },
      },
    },
    input: { resourceType: (id) => (id === 'Other' ? 'AWS::Lambda::Function' : undefined) },
    env: { attrs: { 'Fn.Arn': L('fn') }, refs: { Other: 'other-fn' } },
    allow: [call('lambda:InvokeFunction', L('fn')), call('lambda:InvokeFunction', L('other-fn'))],
    deny: [call('lambda:InvokeFunction', L('third'))],
  },
  {
    name: 'lambda:invoke with FunctionName.$: any function of this account and region, not *',
    definition: task(S('lambda:invoke'), { 'FunctionName.$': '$.fn' }),
    allow: [call('lambda:InvokeFunction', L('anything'))],
    deny: [call('lambda:InvokeFunction', L('anything', OTHER)), call('lambda:InvokeFunction', arn('lambda', 'function:x', ACCOUNT, 'eu-west-1'))],
  },
  {
    name: 'JSONata Arguments (top-level QueryLanguage): static name exact, {% %} narrowed to the account',
    definition: {
      QueryLanguage: 'JSONata',
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: S('lambda:invoke'), Arguments: { FunctionName: 'static-fn', Payload: '{% $states.input %}' }, Next: 'B' },
        B: { Type: 'Task', Resource: S('sqs:sendMessage'), Arguments: { QueueUrl: '{% $states.input.url %}', MessageBody: 'x' }, End: true },
      },
    },
    allow: [call('lambda:InvokeFunction', L('static-fn')), call('sqs:SendMessage', arn('sqs', 'any-queue'))],
    deny: [call('lambda:InvokeFunction', L('other')), call('sqs:SendMessage', arn('sqs', 'any-queue', OTHER))],
  },
  // SNS / SQS
  {
    name: 'sns:publish to a topic by Ref',
    definition: task(S('sns:publish'), { TopicArn: { Ref: 'Topic' }, 'Message.$': '$' }),
    env: { refs: { Topic: arn('sns', 'alerts') } },
    allow: [call('sns:Publish', arn('sns', 'alerts'))],
    deny: [call('sns:Publish', arn('sns', 'other'))],
  },
  {
    name: 'sns:publish with TopicArn.$ (JSONPath, per-state QueryLanguage) is limited to the account',
    definition: { StartAt: 'S', States: { S: { Type: 'Task', QueryLanguage: 'JSONPath', Resource: S('sns:publish.waitForTaskToken'), Parameters: { 'TopicArn.$': '$.t', Message: 'm' }, End: true } } },
    allow: [call('sns:Publish', arn('sns', 'any'))],
    deny: [call('sns:Publish', arn('sns', 'any', OTHER))],
  },
  {
    name: 'sqs:sendMessage: QueueUrl string, Ref and Fn::ImportValue all become the queue ARN',
    definition: {
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: S('sqs:sendMessage'), Parameters: { QueueUrl: `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/jobs`, MessageBody: 'x' }, Next: 'B' },
        B: { Type: 'Task', Resource: S('sqs:sendMessage'), Parameters: { QueueUrl: { Ref: 'Q' }, MessageBody: 'x' }, Next: 'C' },
        C: { Type: 'Task', Resource: S('sqs:sendMessage'), Parameters: { QueueUrl: { 'Fn::ImportValue': 'shared-queue-url' }, MessageBody: 'x' }, End: true },
      },
    },
    env: { refs: { Q: `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/q2` }, imports: { 'shared-queue-url': `https://sqs.us-east-1.amazonaws.com/${OTHER}/shared` } },
    allow: [call('sqs:SendMessage', arn('sqs', 'jobs')), call('sqs:SendMessage', arn('sqs', 'q2')), call('sqs:SendMessage', arn('sqs', 'shared', OTHER))],
    deny: [call('sqs:SendMessage', arn('sqs', 'other')), call('sqs:SendMessage', arn('sqs', 'jobs', OTHER))],
  },
  // DynamoDB
  {
    name: 'DynamoDB optimized: each action on its own table (name, Ref, Fn::Sub, ImportValue)',
    definition: {
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: S('dynamodb:putItem'), Parameters: { TableName: 'T', Item: {} }, Next: 'B' },
        B: { Type: 'Task', Resource: S('dynamodb:getItem'), Parameters: { TableName: { Ref: 'Orders' }, Key: {} }, Next: 'C' },
        C: { Type: 'Task', Resource: S('dynamodb:updateItem'), Parameters: { TableName: sub('${AWS::StackName}-audit'), Key: {} }, Next: 'D' },
        D: { Type: 'Task', Resource: S('dynamodb:deleteItem'), Parameters: { TableName: { 'Fn::ImportValue': 'users-table' }, Key: {} }, End: true },
      },
    },
    env: { refs: { Orders: 'orders' }, imports: { 'users-table': 'users' } },
    allow: [
      call('dynamodb:PutItem', arn('dynamodb', 'table/T')),
      call('dynamodb:GetItem', arn('dynamodb', 'table/orders')),
      call('dynamodb:UpdateItem', arn('dynamodb', 'table/svc-dev-audit')),
      call('dynamodb:DeleteItem', arn('dynamodb', 'table/users')),
    ],
    deny: [call('dynamodb:PutItem', arn('dynamodb', 'table/U')), call('dynamodb:GetItem', arn('dynamodb', 'table/T')), call('dynamodb:DeleteItem', arn('dynamodb', 'table/orders'))],
  },
  {
    name: 'DynamoDB through the SDK: query on an index, batch and transactions per table, scan with TableName.$',
    definition: {
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: S('aws-sdk:dynamodb:query'), Parameters: { TableName: 'T', IndexName: 'byDate' }, Next: 'B' },
        B: { Type: 'Task', Resource: S('aws-sdk:dynamodb:batchWriteItem'), Parameters: { RequestItems: { A: [], 'B.$': '$.b' } }, Next: 'C' },
        C: { Type: 'Task', Resource: S('aws-sdk:dynamodb:transactWriteItems'), Parameters: { TransactItems: [{ Put: { TableName: 'P' } }, { Update: { TableName: 'Q' } }] }, Next: 'D' },
        D: { Type: 'Task', Resource: S('aws-sdk:dynamodb:scan'), Parameters: { 'TableName.$': '$.t' }, End: true },
      },
    },
    allow: [
      call('dynamodb:Query', arn('dynamodb', 'table/T/index/byDate')),
      call('dynamodb:BatchWriteItem', arn('dynamodb', 'table/A')),
      call('dynamodb:BatchWriteItem', arn('dynamodb', 'table/B')),
      call('dynamodb:PutItem', arn('dynamodb', 'table/P')),
      call('dynamodb:UpdateItem', arn('dynamodb', 'table/Q')),
      call('dynamodb:Scan', arn('dynamodb', 'table/any')),
    ],
    deny: [
      call('dynamodb:Query', arn('dynamodb', 'table/T/index/other')),
      call('dynamodb:BatchWriteItem', arn('dynamodb', 'table/C')),
      call('dynamodb:PutItem', arn('dynamodb', 'table/Q')),
      call('dynamodb:Scan', arn('dynamodb', 'table/any', OTHER)),
    ],
  },
  // Step Functions
  {
    name: 'states:startExecution.sync:2: the child, its executions, and the managed events rule',
    definition: task(S('states:startExecution.sync:2'), { StateMachineArn: arn('states', 'stateMachine:child'), 'Input.$': '$' }),
    allow: [
      call('states:StartExecution', arn('states', 'stateMachine:child')),
      call('states:DescribeExecution', arn('states', 'execution:child:run-1')),
      call('states:StopExecution', arn('states', 'execution:child:run-1')),
      call('events:PutRule', rule('StepFunctionsGetEventsForStepFunctionsExecutionRule')),
      call('events:PutTargets', rule('StepFunctionsGetEventsForStepFunctionsExecutionRule')),
      call('events:DescribeRule', rule('StepFunctionsGetEventsForStepFunctionsExecutionRule')),
    ],
    deny: [
      call('states:StartExecution', arn('states', 'stateMachine:other')),
      call('states:DescribeExecution', arn('states', 'execution:other:run-1')),
      call('events:PutRule', rule('SomeOtherRule')),
    ],
  },
  {
    name: 'states:startExecution.sync with Ref: executions narrowed through Fn::Select, not *',
    definition: task(S('states:startExecution.sync'), { StateMachineArn: { Ref: 'Child' } }),
    env: { refs: { Child: arn('states', 'stateMachine:svc-dev-child') } },
    allow: [call('states:StartExecution', arn('states', 'stateMachine:svc-dev-child')), call('states:DescribeExecution', arn('states', 'execution:svc-dev-child:x'))],
    deny: [call('states:DescribeExecution', arn('states', 'execution:other:x')), call('states:StartExecution', arn('states', 'stateMachine:other'))],
  },
  {
    name: 'states:startExecution (fire and forget) and aws-sdk:sfn:startSyncExecution',
    definition: {
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: S('states:startExecution'), Parameters: { StateMachineArn: arn('states', 'stateMachine:a') }, Next: 'B' },
        B: { Type: 'Task', Resource: S('aws-sdk:sfn:startSyncExecution'), Parameters: { StateMachineArn: arn('states', 'stateMachine:b') }, End: true },
      },
    },
    allow: [call('states:StartExecution', arn('states', 'stateMachine:a')), call('states:StartSyncExecution', arn('states', 'stateMachine:b'))],
    deny: [call('states:DescribeExecution', arn('states', 'execution:a:x')), call('states:StartSyncExecution', arn('states', 'stateMachine:a'))],
  },
  {
    name: 'Distributed Map: self grants (separate policy), ItemReader listObjectsV2 under its prefix, ResultWriter',
    definition: {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemReader: { Resource: S('s3:listObjectsV2'), Parameters: { Bucket: 'data', Prefix: 'in/' } },
          ResultWriter: { Resource: S('s3:putObject'), Parameters: { Bucket: 'out', Prefix: 'results' } },
          ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'P', States: { P: { Type: 'Task', Resource: S('lambda:invoke'), Parameters: { FunctionName: 'item' }, End: true } } },
          End: true,
        },
      },
    },
    env: { refs: { Machine: arn('states', 'stateMachine:svc-dev-main') }, attrs: { 'Machine.Name': 'svc-dev-main' } },
    allow: [
      call('states:StartExecution', arn('states', 'stateMachine:svc-dev-main')),
      call('states:DescribeExecution', arn('states', 'execution:svc-dev-main/maprun-label:abc')),
      // Redriving the parent redrives its failed children with this role (Distributed Map IAM page, redrive example).
      call('states:RedriveExecution', arn('states', 'execution:svc-dev-main/maprun-label:abc')),
      call('s3:ListBucket', 'arn:aws:s3:::data', { 's3:prefix': 'in/2024/' }),
      call('s3:PutObject', 'arn:aws:s3:::out/results/run/manifest.json'),
      call('s3:AbortMultipartUpload', 'arn:aws:s3:::out/results/run/SUCCEEDED_0.json'),
      call('lambda:InvokeFunction', L('item')),
    ],
    deny: [
      call('states:StartExecution', arn('states', 'stateMachine:other')),
      call('states:RedriveExecution', arn('states', 'execution:other/maprun-label:abc')),
      call('s3:ListBucket', 'arn:aws:s3:::data', { 's3:prefix': 'private/' }),
      call('s3:ListBucket', 'arn:aws:s3:::other', { 's3:prefix': 'in/' }),
      call('s3:PutObject', 'arn:aws:s3:::out/elsewhere/x'),
      call('s3:GetObject', 'arn:aws:s3:::data/in/x'),
    ],
  },
  {
    name: 'ItemReader getObject (JSON file): only that object',
    definition: {
      StartAt: 'M',
      States: { M: { Type: 'Map', ItemReader: { Resource: S('s3:getObject'), ReaderConfig: { InputType: 'JSON' }, Parameters: { Bucket: 'data', Key: 'items.json' } }, ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true } },
    },
    env: { refs: { Machine: arn('states', 'stateMachine:m') }, attrs: { 'Machine.Name': 'm' } },
    allow: [call('s3:GetObject', 'arn:aws:s3:::data/items.json')],
    deny: [call('s3:GetObject', 'arn:aws:s3:::data/other.json')],
  },
  {
    name: 'ItemReader with an Athena manifest (ManifestType ATHENA_DATA): the manifest and the data files it lists, in this account',
    definition: {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemReader: { Resource: S('s3:getObject'), ReaderConfig: { InputType: 'CSV', ManifestType: 'ATHENA_DATA' }, Parameters: { Bucket: 'unload', Key: 'q1/manifest.csv' } },
          ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    },
    env: { refs: { Machine: arn('states', 'stateMachine:m') }, attrs: { 'Machine.Name': 'm' } },
    allow: [
      call('s3:GetObject', 'arn:aws:s3:::unload/q1/manifest.csv'),
      call('s3:GetObject', 'arn:aws:s3:::datalake/unload/q1/part-0.csv', { 's3:ResourceAccount': ACCOUNT }),
      call('states:StartExecution', arn('states', 'stateMachine:m')),
    ],
    deny: [call('s3:GetObject', 'arn:aws:s3:::foreign/part-0.csv', { 's3:ResourceAccount': OTHER }), call('s3:PutObject', 'arn:aws:s3:::unload/q1/x')],
  },
  {
    name: 'S3 through the SDK: VersionId needs GetObjectVersion, ACL PutObjectAcl, Tagging PutObjectTagging, on that object only; ItemReader with a VersionId too',
    definition: {
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: S('aws-sdk:s3:getObject'), Parameters: { Bucket: 'b', Key: 'cfg.json', VersionId: 'v1' }, Next: 'B' },
        B: { Type: 'Task', Resource: S('aws-sdk:s3:putObject'), Parameters: { Bucket: 'b', Key: 'out.json', Body: 'x', ACL: 'bucket-owner-full-control', Tagging: 'a=b' }, Next: 'M' },
        M: {
          Type: 'Map',
          ItemReader: { Resource: S('s3:getObject'), ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' }, Parameters: { Bucket: 'data', Key: 'ratings.csv', VersionId: 'v7' } },
          ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    },
    env: { refs: { Machine: arn('states', 'stateMachine:m') }, attrs: { 'Machine.Name': 'm' } },
    allow: [
      call('s3:GetObject', 'arn:aws:s3:::b/cfg.json'),
      call('s3:GetObjectVersion', 'arn:aws:s3:::b/cfg.json'),
      call('s3:PutObject', 'arn:aws:s3:::b/out.json'),
      call('s3:PutObjectAcl', 'arn:aws:s3:::b/out.json'),
      call('s3:PutObjectTagging', 'arn:aws:s3:::b/out.json'),
      call('s3:GetObjectVersion', 'arn:aws:s3:::data/ratings.csv'),
    ],
    deny: [call('s3:GetObjectVersion', 'arn:aws:s3:::b/other.json'), call('s3:PutObjectAcl', 'arn:aws:s3:::b/cfg.json'), call('s3:PutObjectTagging', 'arn:aws:s3:::b/other')],
  },
  // Containers and jobs
  {
    name: 'ecs:runTask.sync: the task definition in its cluster, its tasks, the events rule, PassRole only to ECS tasks',
    definition: task(S('ecs:runTask.sync'), { Cluster: 'prod', TaskDefinition: 'worker', LaunchType: 'FARGATE' }),
    allow: [
      call('ecs:RunTask', arn('ecs', 'task-definition/worker:3'), { 'ecs:cluster': arn('ecs', 'cluster/prod') }),
      call('ecs:StopTask', arn('ecs', 'task/prod/abc')),
      call('ecs:DescribeTasks', arn('ecs', 'task/prod/abc')),
      call('events:PutRule', rule('StepFunctionsGetEventsForECSTaskRule')),
      call('iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/worker-task`, { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' }),
    ],
    deny: [
      call('ecs:RunTask', arn('ecs', 'task-definition/worker:3'), { 'ecs:cluster': arn('ecs', 'cluster/dev') }),
      call('ecs:RunTask', arn('ecs', 'task-definition/other:1'), { 'ecs:cluster': arn('ecs', 'cluster/prod') }),
      call('ecs:StopTask', arn('ecs', 'task/dev/abc')),
      call('iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/admin`, { 'iam:PassedToService': 'lambda.amazonaws.com' }),
    ],
  },
  {
    name: 'batch:submitJob.sync: definition, queue, jobs, the events rule',
    definition: task(S('batch:submitJob.sync'), { JobName: 'j', JobDefinition: 'def', JobQueue: 'q' }),
    allow: [
      call('batch:SubmitJob', arn('batch', 'job-definition/def:2')),
      call('batch:SubmitJob', arn('batch', 'job-queue/q')),
      call('batch:TerminateJob', arn('batch', 'job/abc')),
      call('batch:DescribeJobs', '*'),
      call('events:PutTargets', rule('StepFunctionsGetEventsForBatchJobsRule')),
    ],
    deny: [call('batch:SubmitJob', arn('batch', 'job-queue/other')), call('batch:SubmitJob', arn('batch', 'job-definition/other:1'))],
  },
  {
    name: 'batch:submitJob: a definition ARN without revision is any revision of it; a Ref to a job queue is its ARN; Tags need batch:TagResource',
    definition: task(S('batch:submitJob'), { JobName: 'j', JobDefinition: arn('batch', 'job-definition/nightly'), JobQueue: { Ref: 'Queue' }, Tags: { team: 'x' } }),
    input: { resourceType: (id) => (id === 'Queue' ? 'AWS::Batch::JobQueue' : undefined) },
    env: { refs: { Queue: arn('batch', 'job-queue/prod') } },
    allow: [
      call('batch:SubmitJob', arn('batch', 'job-definition/nightly:7')),
      call('batch:SubmitJob', arn('batch', 'job-queue/prod')),
      call('batch:TagResource', arn('batch', 'job/abc')),
    ],
    deny: [call('batch:SubmitJob', arn('batch', 'job-definition/nightly-other:1')), call('batch:SubmitJob', arn('batch', 'job-queue/dev')), call('batch:TagResource', arn('batch', 'job-queue/prod'))],
  },
  {
    name: 'glue:startJobRun.sync: only that job',
    definition: task(S('glue:startJobRun.sync'), { JobName: 'etl' }),
    allow: [call('glue:StartJobRun', arn('glue', 'job/etl')), call('glue:GetJobRun', arn('glue', 'job/etl')), call('glue:BatchStopJobRun', arn('glue', 'job/etl'))],
    deny: [call('glue:StartJobRun', arn('glue', 'job/other'))],
  },
  {
    name: 'codebuild:startBuild.sync: the project and its events rule',
    definition: task(S('codebuild:startBuild.sync'), { ProjectName: 'build' }),
    allow: [call('codebuild:StartBuild', arn('codebuild', 'project/build')), call('codebuild:BatchGetBuilds', arn('codebuild', 'project/build')), call('events:PutRule', rule('StepFunctionsGetEventForCodeBuildStartBuildRule'))],
    deny: [call('codebuild:StartBuild', arn('codebuild', 'project/other'))],
  },
  {
    name: 'EMR: createCluster.sync passes only its named roles; addStep.sync on its cluster',
    definition: {
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: S('elasticmapreduce:createCluster.sync'), Parameters: { Name: 'c', ServiceRole: 'EMR_DefaultRole', JobFlowRole: 'EMR_EC2_DefaultRole', ReleaseLabel: 'emr-7.0.0', Instances: {} }, Next: 'B' },
        B: { Type: 'Task', Resource: S('elasticmapreduce:addStep.sync'), Parameters: { ClusterId: 'j-ABC', Step: {} }, End: true },
      },
    },
    allow: [
      call('elasticmapreduce:RunJobFlow', '*'),
      call('iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/EMR_DefaultRole`, { 'iam:PassedToService': 'elasticmapreduce.amazonaws.com' }),
      call('iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/EMR_EC2_DefaultRole`, { 'iam:PassedToService': 'ec2.amazonaws.com' }),
      call('elasticmapreduce:DescribeCluster', arn('elasticmapreduce', 'cluster/j-NEW')),
      call('elasticmapreduce:AddJobFlowSteps', arn('elasticmapreduce', 'cluster/j-ABC')),
      call('events:PutRule', rule('StepFunctionsGetEventForEMRAddJobFlowStepsRule')),
    ],
    deny: [
      call('iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/Admin`, { 'iam:PassedToService': 'elasticmapreduce.amazonaws.com' }),
      call('elasticmapreduce:AddJobFlowSteps', arn('elasticmapreduce', 'cluster/j-OTHER')),
    ],
  },
  {
    name: 'SageMaker createTrainingJob.sync: the job (lower-cased), its rule, PassRole to SageMaker only',
    definition: task(S('sagemaker:createTrainingJob.sync'), { TrainingJobName: 'MyJob', RoleArn: `arn:aws:iam::${ACCOUNT}:role/sm`, AlgorithmSpecification: {} }),
    allow: [
      call('sagemaker:CreateTrainingJob', arn('sagemaker', 'training-job/myjob')),
      call('sagemaker:DescribeTrainingJob', arn('sagemaker', 'training-job/myjob')),
      call('sagemaker:ListTags', arn('sagemaker', 'training-job/myjob')),
      call('events:PutRule', rule('StepFunctionsGetEventsForSageMakerTrainingJobsRule')),
      call('iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/sm`, { 'iam:PassedToService': 'sagemaker.amazonaws.com' }),
    ],
    deny: [call('sagemaker:CreateTrainingJob', arn('sagemaker', 'training-job/other')), call('iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/other`, { 'iam:PassedToService': 'sagemaker.amazonaws.com' })],
  },
  {
    name: 'Athena startQueryExecution.sync: workgroup, results location, read-only catalog for a SELECT',
    definition: task(S('athena:startQueryExecution.sync'), { QueryString: 'SELECT * FROM db.t', WorkGroup: 'wg', QueryExecutionContext: { Database: 'db' }, ResultConfiguration: { OutputLocation: 's3://res/athena/' } }),
    allow: [
      call('athena:StartQueryExecution', arn('athena', 'workgroup/wg')),
      call('athena:GetQueryResults', arn('athena', 'workgroup/wg')),
      call('s3:PutObject', 'arn:aws:s3:::res/athena/q1.csv'),
      call('s3:ListBucketMultipartUploads', 'arn:aws:s3:::res'),
      call('glue:GetTable', arn('glue', 'table/db/t')),
      call('s3:GetObject', 'arn:aws:s3:::datalake/t/part-0.parquet', { 's3:ResourceAccount': ACCOUNT }),
      call('lakeformation:GetDataAccess', '*'),
    ],
    deny: [
      call('athena:StartQueryExecution', arn('athena', 'workgroup/other')),
      call('s3:PutObject', 'arn:aws:s3:::datalake/t/x'),
      call('glue:CreateTable', arn('glue', 'table/db/t')),
      call('s3:GetObject', 'arn:aws:s3:::foreign/x', { 's3:ResourceAccount': OTHER }),
    ],
  },
  {
    name: 'bedrock:invokeModel: the foundation model; an inference profile and its routed models',
    definition: {
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: S('bedrock:invokeModel'), Parameters: { ModelId: 'anthropic.claude-v2', Body: {} }, Next: 'B' },
        B: { Type: 'Task', Resource: S('bedrock:invokeModel'), Parameters: { ModelId: 'us.anthropic.claude-3-haiku', Body: {} }, End: true },
      },
    },
    allow: [
      call('bedrock:InvokeModel', 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2'),
      call('bedrock:InvokeModel', arn('bedrock', 'inference-profile/us.anthropic.claude-3-haiku')),
      call('bedrock:InvokeModel', 'arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-haiku'),
    ],
    deny: [call('bedrock:InvokeModel', 'arn:aws:bedrock:us-east-1::foundation-model/amazon.titan')],
  },
  {
    name: 'bedrock:invokeModel with ModelId.$: any foundation model, and any model resource of this account and region (provisioned, custom, profiles)',
    definition: task(S('bedrock:invokeModel'), { 'ModelId.$': '$.model', Body: {} }),
    allow: [
      call('bedrock:InvokeModel', 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2'),
      call('bedrock:InvokeModel', 'arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-haiku'),
      call('bedrock:InvokeModel', arn('bedrock', 'provisioned-model/abc123')),
      call('bedrock:InvokeModel', arn('bedrock', 'application-inference-profile/p1')),
      call('bedrock:InvokeModel', arn('bedrock', 'inference-profile/us.anthropic.claude-3-haiku')),
    ],
    deny: [call('bedrock:InvokeModel', arn('bedrock', 'provisioned-model/abc123', OTHER)), call('bedrock:InvokeModel', arn('bedrock', 'provisioned-model/abc123', ACCOUNT, 'eu-west-1'))],
  },
  // EventBridge, Scheduler, HTTP, S3, SES
  {
    name: 'events:putEvents: each entry bus, default when unnamed',
    definition: task(S('events:putEvents'), { Entries: [{ EventBusName: 'orders', Detail: {} }, { Detail: {} }] }),
    allow: [call('events:PutEvents', arn('events', 'event-bus/orders')), call('events:PutEvents', arn('events', 'event-bus/default'))],
    deny: [call('events:PutEvents', arn('events', 'event-bus/other'))],
  },
  {
    name: 'aws-sdk:scheduler:createSchedule: the schedule in its group; PassRole on the target role to the Scheduler',
    definition: task(S('aws-sdk:scheduler:createSchedule'), { Name: 'n', GroupName: 'g', Target: { Arn: 'x', RoleArn: `arn:aws:iam::${ACCOUNT}:role/sched` } }),
    allow: [call('scheduler:CreateSchedule', arn('scheduler', 'schedule/g/n')), call('iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/sched`, { 'iam:PassedToService': 'scheduler.amazonaws.com' })],
    deny: [call('scheduler:CreateSchedule', arn('scheduler', 'schedule/default/n')), call('iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/other`, { 'iam:PassedToService': 'scheduler.amazonaws.com' })],
  },
  {
    name: 'http:invoke: the connection and its secret; InvokeHTTPEndpoint (no resource types) on *',
    definition: task(S('http:invoke'), { ApiEndpoint: 'https://api.example.com/v1/orders', Method: 'POST', Authentication: { ConnectionArn: arn('events', 'connection/conn/0b1c') } }),
    allow: [
      call('states:InvokeHTTPEndpoint', '*', { 'states:HTTPEndpoint': 'https://api.example.com/v1/orders', 'states:HTTPMethod': 'POST' }),
      call('events:RetrieveConnectionCredentials', arn('events', 'connection/conn/0b1c')),
      call('secretsmanager:GetSecretValue', arn('secretsmanager', 'secret:events!connection/conn/0b1c-AbCdEf')),
    ],
    deny: [
      call('events:RetrieveConnectionCredentials', arn('events', 'connection/other/1')),
      call('secretsmanager:GetSecretValue', arn('secretsmanager', 'secret:db-AbCdEf')),
    ],
  },
  {
    name: 'S3 through the SDK: object and bucket actions on what they name',
    definition: {
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: S('aws-sdk:s3:getObject'), Parameters: { Bucket: 'b', Key: 'in/k.json' }, Next: 'B' },
        B: { Type: 'Task', Resource: S('aws-sdk:s3:putObject'), Parameters: { Bucket: 'b', 'Key.$': '$.key', Body: 'x' }, Next: 'C' },
        C: { Type: 'Task', Resource: S('aws-sdk:s3:headObject'), Parameters: { Bucket: 'c', Key: 'h' }, Next: 'D' },
        D: { Type: 'Task', Resource: S('aws-sdk:s3:listObjectsV2'), Parameters: { Bucket: 'd' }, End: true },
      },
    },
    allow: [call('s3:GetObject', 'arn:aws:s3:::b/in/k.json'), call('s3:PutObject', 'arn:aws:s3:::b/anything'), call('s3:GetObject', 'arn:aws:s3:::c/h'), call('s3:ListBucket', 'arn:aws:s3:::d')],
    deny: [call('s3:GetObject', 'arn:aws:s3:::b/in/other.json'), call('s3:PutObject', 'arn:aws:s3:::c/x'), call('s3:ListBucket', 'arn:aws:s3:::b')],
  },
  {
    name: 'sesv2 sendEmail: the sending identity (address or domain), not *',
    definition: task(S('aws-sdk:sesv2:sendEmail'), { FromEmailAddress: 'Shop <noreply@example.com>', Destination: {}, Content: {} }),
    allow: [call('ses:SendEmail', arn('ses', 'identity/example.com')), call('ses:SendEmail', arn('ses', 'identity/noreply@example.com'))],
    deny: [call('ses:SendEmail', arn('ses', 'identity/other.com'))],
  },
  // EKS, EMR on EKS, API Gateway, MediaConvert, Bedrock customization, DynamoDB PartiQL
  {
    name: 'eks:runJob.sync and eks:call: DescribeCluster on their cluster only (Kubernetes permissions are the cluster RBAC)',
    definition: {
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: S('eks:runJob.sync'), Parameters: { ClusterName: 'prod', CertificateAuthority: 'x', Endpoint: 'https://x.eks.amazonaws.com', Job: {} }, Next: 'B' },
        B: { Type: 'Task', Resource: S('eks:call'), Parameters: { ClusterName: arn('eks', 'cluster/tools'), CertificateAuthority: 'x', Endpoint: 'https://y', Method: 'GET', Path: '/api/v1/pods' }, End: true },
      },
    },
    allow: [call('eks:DescribeCluster', arn('eks', 'cluster/prod')), call('eks:DescribeCluster', arn('eks', 'cluster/tools'))],
    deny: [call('eks:DescribeCluster', arn('eks', 'cluster/dev')), call('eks:DeleteCluster', arn('eks', 'cluster/prod')), call('eks:DescribeCluster', arn('eks', 'cluster/prod', OTHER))],
  },
  {
    name: 'eks:createCluster.sync and deleteCluster.sync: the named cluster; PassRole on the cluster role to EKS only',
    definition: {
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: S('eks:createCluster.sync'), Parameters: { Name: 'c1', RoleArn: `arn:aws:iam::${ACCOUNT}:role/eks-cluster`, ResourcesVpcConfig: {} }, Next: 'B' },
        B: { Type: 'Task', Resource: S('eks:deleteCluster.sync'), Parameters: { 'Name.$': '$.name' }, End: true },
      },
    },
    allow: [
      call('eks:CreateCluster', '*'),
      call('eks:DescribeCluster', arn('eks', 'cluster/c1')),
      call('eks:DeleteCluster', arn('eks', 'cluster/any')),
      call('iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/eks-cluster`, { 'iam:PassedToService': 'eks.amazonaws.com' }),
    ],
    deny: [
      call('eks:DeleteCluster', arn('eks', 'cluster/any', OTHER)),
      call('iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/eks-cluster`, { 'iam:PassedToService': 'ec2.amazonaws.com' }),
      call('iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/admin`, { 'iam:PassedToService': 'eks.amazonaws.com' }),
    ],
  },
  {
    name: 'eks node groups and Fargate profiles: create in the named cluster, describe/delete their own, PassRole on the node and pod roles',
    definition: {
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: S('eks:createNodegroup.sync'), Parameters: { ClusterName: 'c1', NodegroupName: 'ng', NodeRole: `arn:aws:iam::${ACCOUNT}:role/node`, Subnets: [] }, Next: 'B' },
        B: { Type: 'Task', Resource: S('eks:deleteNodegroup.sync'), Parameters: { ClusterName: 'c1', NodegroupName: 'old' }, Next: 'C' },
        C: { Type: 'Task', Resource: S('eks:createFargateProfile.sync'), Parameters: { ClusterName: 'c1', FargateProfileName: 'fp', PodExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/pods`, Selectors: [] }, Next: 'D' },
        D: { Type: 'Task', Resource: S('eks:deleteFargateProfile'), Parameters: { ClusterName: 'c1', FargateProfileName: 'gone' }, End: true },
      },
    },
    allow: [
      call('eks:CreateNodegroup', arn('eks', 'cluster/c1')),
      call('ec2:DescribeSubnets', '*'),
      call('eks:DescribeNodegroup', arn('eks', 'nodegroup/c1/ng/0ab1-uuid')),
      call('eks:DeleteNodegroup', arn('eks', 'nodegroup/c1/old/0ab1-uuid')),
      call('iam:GetRole', `arn:aws:iam::${ACCOUNT}:role/node`),
      call('iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/node`, { 'iam:PassedToService': 'eks.amazonaws.com' }),
      call('eks:CreateFargateProfile', arn('eks', 'cluster/c1')),
      call('eks:DescribeFargateProfile', arn('eks', 'fargateprofile/c1/fp/0ab1-uuid')),
      call('eks:DeleteFargateProfile', arn('eks', 'fargateprofile/c1/gone/0ab1-uuid')),
      call('iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/pods`, { 'iam:PassedToService': 'eks-fargate-pods.amazonaws.com' }),
    ],
    deny: [
      call('eks:CreateNodegroup', arn('eks', 'cluster/c2')),
      call('eks:DeleteNodegroup', arn('eks', 'nodegroup/c1/other/0ab1-uuid')),
      call('eks:DeleteFargateProfile', arn('eks', 'fargateprofile/c2/fp/0ab1-uuid')),
      call('iam:GetRole', `arn:aws:iam::${ACCOUNT}:role/admin`),
      call('iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/admin`, { 'iam:PassedToService': 'eks.amazonaws.com' }),
    ],
  },
  {
    name: 'emr-containers: startJobRun.sync on its virtual cluster with its execution role only; createVirtualCluster; deleteVirtualCluster.sync',
    definition: {
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: S('emr-containers:startJobRun.sync'), Parameters: { VirtualClusterId: 'vc123', ExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/emr-job`, ReleaseLabel: 'emr-6.2.0-latest', JobDriver: {} }, Next: 'B' },
        B: { Type: 'Task', Resource: S('emr-containers:createVirtualCluster'), Parameters: { Name: 'vc', ContainerProvider: {} }, Next: 'C' },
        C: { Type: 'Task', Resource: S('emr-containers:deleteVirtualCluster.sync'), Parameters: { Id: 'vc-old' }, End: true },
      },
    },
    allow: [
      call('emr-containers:StartJobRun', arn('emr-containers', '/virtualclusters/vc123'), { 'emr-containers:ExecutionRoleArn': `arn:aws:iam::${ACCOUNT}:role/emr-job` }),
      call('emr-containers:DescribeJobRun', arn('emr-containers', '/virtualclusters/vc123/jobruns/run1')),
      call('emr-containers:CancelJobRun', arn('emr-containers', '/virtualclusters/vc123/jobruns/run1')),
      call('emr-containers:CreateVirtualCluster', '*'),
      call('iam:CreateServiceLinkedRole', `arn:aws:iam::${ACCOUNT}:role/aws-service-role/emr-containers.amazonaws.com/AWSServiceRoleForAmazonEMRContainers`, { 'iam:AWSServiceName': 'emr-containers.amazonaws.com' }),
      call('emr-containers:DeleteVirtualCluster', arn('emr-containers', '/virtualclusters/vc-old')),
      call('emr-containers:DescribeVirtualCluster', arn('emr-containers', '/virtualclusters/vc-old')),
    ],
    deny: [
      call('emr-containers:StartJobRun', arn('emr-containers', '/virtualclusters/vc123'), { 'emr-containers:ExecutionRoleArn': `arn:aws:iam::${ACCOUNT}:role/admin` }),
      call('emr-containers:StartJobRun', arn('emr-containers', '/virtualclusters/other'), { 'emr-containers:ExecutionRoleArn': `arn:aws:iam::${ACCOUNT}:role/emr-job` }),
      call('emr-containers:DescribeJobRun', arn('emr-containers', '/virtualclusters/other/jobruns/run1')),
      call('emr-containers:DeleteVirtualCluster', arn('emr-containers', '/virtualclusters/vc123')),
      call('iam:CreateServiceLinkedRole', `arn:aws:iam::${ACCOUNT}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`, { 'iam:AWSServiceName': 'ecs.amazonaws.com' }),
    ],
  },
  {
    name: 'apigateway:invoke with IAM_ROLE: execute-api:Invoke on that API, stage, method and path only',
    definition: task(S('apigateway:invoke'), { ApiEndpoint: 'abc123.execute-api.us-east-1.amazonaws.com', Method: 'GET', Stage: 'prod', Path: 'bills', AuthType: 'IAM_ROLE' }),
    allow: [call('execute-api:Invoke', arn('execute-api', 'abc123/prod/GET/bills'))],
    deny: [
      call('execute-api:Invoke', arn('execute-api', 'abc123/prod/POST/bills')),
      call('execute-api:Invoke', arn('execute-api', 'abc123/dev/GET/bills')),
      call('execute-api:Invoke', arn('execute-api', 'abc123/prod/GET/admin')),
      call('execute-api:Invoke', arn('execute-api', 'zzz999/prod/GET/bills')),
    ],
  },
  {
    name: 'apigateway:invoke: Ref endpoint and Path.$ narrowed to the API; an HTTP API without Stage is $default; NO_AUTH and RESOURCE_POLICY grant nothing',
    definition: {
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: S('apigateway:invoke.waitForTaskToken'), Parameters: { ApiEndpoint: { 'Fn::GetAtt': ['HttpApi', 'ApiEndpointHost'] }, Method: 'post', 'Path.$': '$.path', AuthType: 'IAM_ROLE' }, Next: 'B' },
        B: { Type: 'Task', Resource: S('apigateway:invoke'), Parameters: { ApiEndpoint: 'open1.execute-api.us-east-1.amazonaws.com', Method: 'GET', Stage: 'prod' }, Next: 'C' },
        C: { Type: 'Task', Resource: S('apigateway:invoke'), Parameters: { ApiEndpoint: 'rp1.execute-api.us-east-1.amazonaws.com', Method: 'GET', Stage: 'prod', AuthType: 'RESOURCE_POLICY' }, End: true },
      },
    },
    env: { attrs: { 'HttpApi.ApiEndpointHost': 'h77.execute-api.us-east-1.amazonaws.com' } },
    allow: [call('execute-api:Invoke', arn('execute-api', 'h77/$default/POST/orders/1'))],
    deny: [
      call('execute-api:Invoke', arn('execute-api', 'h77/$default/GET/orders/1')),
      call('execute-api:Invoke', arn('execute-api', 'other/$default/POST/orders/1')),
      call('execute-api:Invoke', arn('execute-api', 'open1/prod/GET/bills')),
      call('execute-api:Invoke', arn('execute-api', 'rp1/prod/GET/bills')),
    ],
  },
  {
    name: 'mediaconvert:createJob.sync: CreateJob (all resource types optional) on *, its jobs and events rule, PassRole on its role to MediaConvert only',
    definition: task(S('mediaconvert:createJob.sync'), { Role: `arn:aws:iam::${ACCOUNT}:role/mc`, Settings: {} }),
    allow: [
      call('mediaconvert:CreateJob', '*'),
      call('mediaconvert:GetJob', arn('mediaconvert', 'jobs/1700000000000-abc')),
      call('mediaconvert:CancelJob', arn('mediaconvert', 'jobs/1700000000000-abc')),
      call('events:PutRule', rule('StepFunctionsGetEventsForMediaConvertJobRule')),
      call('iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/mc`, { 'iam:PassedToService': 'mediaconvert.amazonaws.com' }),
    ],
    deny: [
      call('mediaconvert:GetJob', arn('mediaconvert', 'jobs/x', OTHER)),
      call('mediaconvert:DeleteQueue', arn('mediaconvert', 'queues/Default')),
      call('iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/mc`, { 'iam:PassedToService': 'lambda.amazonaws.com' }),
      call('iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/admin`, { 'iam:PassedToService': 'mediaconvert.amazonaws.com' }),
    ],
  },
  {
    name: 'bedrock:createModelCustomizationJob.sync: the base model, custom models and jobs of the account, PassRole to Bedrock only',
    definition: task(S('bedrock:createModelCustomizationJob.sync'), {
      BaseModelIdentifier: 'amazon.titan-text-express-v1',
      CustomModelName: 'm',
      JobName: 'j',
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/br`,
      TrainingDataConfig: { S3Uri: 's3://b/train' },
      OutputDataConfig: { S3Uri: 's3://b/out' },
    }),
    allow: [
      call('bedrock:CreateModelCustomizationJob', 'arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1'),
      call('bedrock:CreateModelCustomizationJob', arn('bedrock', 'custom-model/amazon.titan-text-express-v1:0:8k/abc')),
      call('bedrock:GetModelCustomizationJob', arn('bedrock', 'model-customization-job/amazon.titan-text-express-v1:0:8k/xyz')),
      call('bedrock:StopModelCustomizationJob', arn('bedrock', 'model-customization-job/amazon.titan-text-express-v1:0:8k/xyz')),
      call('iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/br`, { 'iam:PassedToService': 'bedrock.amazonaws.com' }),
    ],
    deny: [
      call('bedrock:CreateModelCustomizationJob', 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2'),
      call('bedrock:GetModelCustomizationJob', arn('bedrock', 'model-customization-job/x', OTHER)),
      call('iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/br`, { 'iam:PassedToService': 'sagemaker.amazonaws.com' }),
    ],
  },
  {
    name: 'DynamoDB PartiQL through the SDK: each static statement its verb on its table; a dynamic statement any verb on the account tables',
    definition: {
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: S('aws-sdk:dynamodb:executeStatement'), Parameters: { Statement: 'SELECT * FROM "orders" WHERE pk = ?', Parameters: [] }, Next: 'B' },
        B: { Type: 'Task', Resource: S('aws-sdk:dynamodb:batchExecuteStatement'), Parameters: { Statements: [{ Statement: "INSERT INTO audit VALUE {'pk': ?}" }, { Statement: 'UPDATE "users" SET n = 1 WHERE pk = ?' }] }, Next: 'C' },
        C: { Type: 'Task', Resource: S('aws-sdk:dynamodb:executeTransaction'), Parameters: { TransactStatements: [{ Statement: 'DELETE FROM "carts" WHERE pk = ?' }, { Statement: 'SELECT * FROM "orders"."byDate" WHERE d = ?' }] }, Next: 'D' },
        D: { Type: 'Task', Resource: S('aws-sdk:dynamodb:executeStatement'), Parameters: { 'Statement.$': '$.sql' }, End: true },
      },
    },
    allow: [
      call('dynamodb:PartiQLSelect', arn('dynamodb', 'table/orders')),
      call('dynamodb:PartiQLInsert', arn('dynamodb', 'table/audit')),
      call('dynamodb:PartiQLUpdate', arn('dynamodb', 'table/users')),
      call('dynamodb:PartiQLDelete', arn('dynamodb', 'table/carts')),
      call('dynamodb:PartiQLSelect', arn('dynamodb', 'table/orders/index/byDate')),
      call('dynamodb:PartiQLDelete', arn('dynamodb', 'table/anything')),
    ],
    deny: [
      call('dynamodb:PartiQLSelect', arn('dynamodb', 'table/orders', OTHER)),
      call('dynamodb:PartiQLDelete', arn('dynamodb', 'table/anything', ACCOUNT, 'eu-west-1')),
      call('dynamodb:GetItem', arn('dynamodb', 'table/orders')),
    ],
  },
  {
    name: 'DynamoDB PartiQL with static statements only: no verb beyond what they say, no other table',
    definition: task(S('aws-sdk:dynamodb:executeStatement'), { Statement: 'select a from Orders where pk = ?' }),
    allow: [call('dynamodb:PartiQLSelect', arn('dynamodb', 'table/Orders'))],
    deny: [call('dynamodb:PartiQLDelete', arn('dynamodb', 'table/Orders')), call('dynamodb:PartiQLSelect', arn('dynamodb', 'table/Users'))],
  },
  // Generic aws-sdk
  {
    name: 'Generic aws-sdk: Secrets Manager, SSM parameters, Step Functions callbacks, EC2 describe; ECR on the account pattern, with a warning',
    definition: {
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: S('aws-sdk:secretsmanager:getSecretValue'), Parameters: { SecretId: 'db' }, Next: 'B' },
        B: { Type: 'Task', Resource: S('aws-sdk:ssm:getParameter'), Parameters: { Name: '/app/url' }, Next: 'C' },
        C: { Type: 'Task', Resource: S('aws-sdk:sfn:sendTaskSuccess'), Parameters: { 'TaskToken.$': '$.t', Output: '{}' }, Next: 'D' },
        D: { Type: 'Task', Resource: S('aws-sdk:ec2:describeInstances'), Parameters: {}, Next: 'E' },
        E: { Type: 'Task', Resource: S('aws-sdk:ecr:describeImages'), Parameters: { RepositoryName: 'app' }, Next: 'F' },
        F: { Type: 'Task', Resource: S('aws-sdk:eventbridge:putEvents'), Parameters: { Entries: [{ EventBusName: 'b' }] }, End: true },
      },
    },
    allow: [
      call('secretsmanager:GetSecretValue', arn('secretsmanager', 'secret:db-AbCdEf')),
      call('ssm:GetParameter', arn('ssm', 'parameter/app/url')),
      call('states:SendTaskSuccess', '*'),
      call('ec2:DescribeInstances', '*'),
      call('ecr:DescribeImages', arn('ecr', 'repository/app')),
      call('events:PutEvents', arn('events', 'event-bus/b')),
    ],
    deny: [
      call('secretsmanager:GetSecretValue', arn('secretsmanager', 'secret:other-AbCdEf')),
      call('ssm:GetParameter', arn('ssm', 'parameter/app/secret')),
      call('ecr:DescribeImages', arn('ecr', 'repository/app', OTHER)),
    ],
    // ECR: stepf does not know which parameter names the repository, so every repository of the account, said aloud.
    warnings: 1,
  },
  {
    name: 'Generic aws-sdk fallback is narrowed to the action\'s own resource types: ec2:startInstances gets instance/* of the account and region, with a warning',
    definition: task(S('aws-sdk:ec2:startInstances'), { 'InstanceIds.$': '$.ids' }),
    allow: [call('ec2:StartInstances', arn('ec2', 'instance/i-0abc'))],
    deny: [
      call('ec2:StartInstances', arn('ec2', 'instance/i-0abc', OTHER)),
      call('ec2:StartInstances', arn('ec2', 'instance/i-0abc', ACCOUNT, 'eu-west-1')),
      call('ec2:StopInstances', arn('ec2', 'instance/i-0abc')),
      call('ec2:TerminateInstances', arn('ec2', 'instance/i-0abc')),
    ],
    warnings: 1,
  },
  {
    name: 'Redshift Data executeStatement with a DbUser: the cluster and temporary credentials for that user',
    definition: task(S('aws-sdk:redshiftdata:executeStatement'), { ClusterIdentifier: 'dw', Database: 'dev', DbUser: 'etl', Sql: 'select 1' }),
    allow: [
      call('redshift-data:ExecuteStatement', arn('redshift', 'cluster:dw')),
      call('redshift:GetClusterCredentials', arn('redshift', 'dbuser:dw/etl')),
      call('redshift:GetClusterCredentials', arn('redshift', 'dbname:dw/dev')),
    ],
    deny: [call('redshift-data:ExecuteStatement', arn('redshift', 'cluster:other')), call('redshift:GetClusterCredentials', arn('redshift', 'dbuser:dw/admin'))],
  },
  // Nesting, activities, machine-level grants
  {
    name: 'Tasks nested in Parallel branches and Map Iterator are all granted',
    definition: {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'A', States: { A: { Type: 'Task', Resource: S('lambda:invoke'), Parameters: { FunctionName: 'a' }, End: true } } },
            { StartAt: 'M', States: { M: { Type: 'Map', Iterator: { StartAt: 'B', States: { B: { Type: 'Task', Resource: S('sns:publish'), Parameters: { TopicArn: arn('sns', 't') }, End: true } } }, End: true } } },
          ],
          End: true,
        },
      },
    },
    allow: [call('lambda:InvokeFunction', L('a')), call('sns:Publish', arn('sns', 't'))],
    deny: [call('lambda:InvokeFunction', L('b'))],
  },
  {
    name: 'Activity tasks need no grant (the worker polls with its own credentials)',
    definition: {
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: arn('states', 'activity:approve'), Next: 'B' },
        B: { Type: 'Task', Resource: { Ref: 'ReviewStepFunctionsActivity' }, End: true },
      },
    },
    allow: [],
    deny: [call('lambda:InvokeFunction', L('approve'))],
  },
  {
    name: 'Logging on, tracing on, KMS keys: logs delivery and X-Ray on * (no resource types); KMS only on the keys',
    definition: task(S('lambda:invoke'), { FunctionName: 'f' }),
    input: {
      loggingConfig: { level: 'ERROR', destinations: [{ 'Fn::GetAtt': ['Logs', 'Arn'] }] },
      tracingConfig: { enabled: true },
      kmsKeyArns: [arn('kms', 'key/1111')],
      encryptionKmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] },
    },
    env: { attrs: { 'Key.Arn': arn('kms', 'key/2222') } },
    allow: [
      call('logs:CreateLogDelivery', '*'),
      call('xray:PutTraceSegments', '*'),
      call('kms:Decrypt', arn('kms', 'key/1111')),
      call('kms:GenerateDataKey', arn('kms', 'key/2222')),
    ],
    deny: [call('kms:Decrypt', arn('kms', 'key/3333')), call('kms:Encrypt', arn('kms', 'key/2222'))],
  },
  {
    name: 'Integrations stepf has no grant for are warnings, not silent empty grants',
    definition: {
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: S('glue:startCrawler'), Parameters: {}, Next: 'B' },
        B: { Type: 'Task', Resource: S('aws-sdk:apigateway:getRestApis'), Parameters: {}, Next: 'C' },
        C: { Type: 'Task', Resource: S('aws-sdk:nosuchservice:doThing'), Parameters: {}, End: true },
      },
    },
    allow: [],
    deny: [],
    warnings: 3,
  },
];
