// Which property changes make CloudFormation replace a resource ("Update requires: Replacement" in the
// resource reference), for the types stepf generates or users commonly add. Other types: unknown.

const REPLACING: Record<string, string[]> = {
  'AWS::StepFunctions::StateMachine': ['StateMachineName', 'StateMachineType'],
  'AWS::StepFunctions::Activity': ['Name'],
  'AWS::IAM::Role': ['RoleName', 'Path'],
  'AWS::IAM::Policy': [],
  'AWS::IAM::ManagedPolicy': ['ManagedPolicyName', 'Path'],
  'AWS::Logs::LogGroup': ['LogGroupName'],
  'AWS::Events::Rule': ['Name', 'EventBusName'],
  'AWS::Scheduler::Schedule': ['Name', 'GroupName'],
  'AWS::CloudWatch::Alarm': ['AlarmName'],
  'AWS::SNS::Topic': ['TopicName', 'FifoTopic'],
  'AWS::SQS::Queue': ['QueueName', 'FifoQueue'],
  'AWS::S3::Bucket': ['BucketName'],
  'AWS::DynamoDB::Table': ['TableName', 'KeySchema'],
  'AWS::Lambda::Permission': ['Action', 'FunctionName', 'Principal', 'SourceAccount', 'SourceArn', 'EventSourceToken'],
  'AWS::ApiGateway::RestApi': [],
  'AWS::ApiGateway::Resource': ['ParentId', 'PathPart', 'RestApiId'],
  'AWS::ApiGateway::Method': ['RestApiId'],
  'AWS::ApiGateway::Deployment': ['RestApiId'],
  'AWS::ApiGateway::Stage': ['RestApiId', 'StageName'],
  'AWS::ApiGateway::ApiKey': ['Name'],
  'AWS::ApiGateway::UsagePlan': [],
  'AWS::ApiGateway::UsagePlanKey': ['KeyId', 'KeyType', 'UsagePlanId'],
};

export type Replacement = 'yes' | 'no' | 'unknown';

/** Whether changing this property replaces the resource. */
export function replacesOn(type: string, property: string): Replacement {
  const list = REPLACING[type];
  if (!list) return 'unknown';
  return list.includes(property) ? 'yes' : 'no';
}
