// When a deploy fails on a name, whose name was it? A resource the template leaves unnamed gets a name
// CloudFormation (or an emulator) makes up from the stack name and logical ID; "fix the resource named
// above" is then wrong advice: the config is fine, the generated name is not.
import type { Template } from '../compile/types.js';

/** The property that names a resource of each type stepf's stacks hold. */
const NAME_PROPERTY: Record<string, string> = {
  'AWS::StepFunctions::StateMachine': 'StateMachineName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::Events::Rule': 'Name',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::DynamoDB::Table': 'TableName',
};

export interface GeneratedName {
  logicalId: string;
  type: string;
  nameProperty: string;
}

/** The unnamed resource whose generated name a failure message quotes (`...-<LogicalId>-<suffix>`), if any. */
export function generatedNameIn(message: string, template: Template): GeneratedName | undefined {
  const resources = template.Resources;
  // Longest logical ID first: `HelloRole` must not match inside a message about `HelloRoleX`.
  const ids = Object.keys(resources).sort((a, b) => b.length - a.length);
  for (const logicalId of ids) {
    const { Type: type, Properties: props } = resources[logicalId];
    const nameProperty = type ? NAME_PROPERTY[type] : undefined;
    if (!nameProperty || props?.[nameProperty] !== undefined) continue;
    if (new RegExp(`(^|[^A-Za-z0-9])${logicalId}-[A-Za-z0-9]{6,}`).test(message)) return { logicalId, type, nameProperty };
  }
  return undefined;
}

/** What to do about it, in the user's terms. */
export function generatedNameHint(g: GeneratedName): string {
  const own = g.type === 'AWS::StepFunctions::StateMachine' ? 'give the machine a `name:` in serverless.yml' : `set ${g.nameProperty} on ${g.logicalId}`;
  return (
    `that name was generated from the stack name and ${g.logicalId} (the template sets no ${g.nameProperty}) and this endpoint refused it; ` +
    `AWS keeps generated names in bounds, as stepf's emulator launcher does. ${own[0].toUpperCase()}${own.slice(1)}, or use a shorter --stack-name`
  );
}
