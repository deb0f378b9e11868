// What CloudFormation knows of a deployed stack, for `stepf diff` and hotswap: its template as submitted
// (GetTemplate, stage Original), its resources' physical IDs and statuses, its parameter values; and
// whether a machine's live definition still matches that template (it does not after a hotswap).
import type { Template } from '../compile/types.js';
import { canonical } from '../diff/values.js';
import { machineDefinition, type StackFacts, Unresolvable } from '../diff/resolve.js';
import { AwsError } from '../errors.js';
import { sdk, type AwsClients } from './clients.js';
import { listResources, type DeployedResource } from './deployed.js';
import { NESTED_MARK } from '../fit/split.js';
import { call, errorMessage, explainAwsError } from './explain.js';

const missing = (err: unknown) => /does not exist/i.test(errorMessage(err));

/** The stack's template as CloudFormation has it, or undefined when there is no such stack. */
export async function getDeployedTemplate(aws: AwsClients, stackName: string): Promise<Template | undefined> {
  const cfn = await aws.cloudFormation();
  const { GetTemplateCommand } = await sdk.cloudFormation();
  let body: string | undefined;
  try {
    body = (await cfn.send(new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' }))).TemplateBody;
  } catch (err) {
    if (missing(err)) return undefined;
    throw explainAwsError(err, 'GetTemplate', { region: aws.region, profile: aws.profile });
  }
  if (!body) return undefined;
  try {
    return JSON.parse(body) as Template;
  } catch {
    throw new AwsError(`the template of stack ${stackName} is not JSON (was it deployed by another tool?)`, 'GetTemplate', 'stepf compares only the JSON templates it deploys; run `stepf deploy` once to replace it');
  }
}

/**
 * The template a service is deployed from: the stack's own, or, for a split service (its parent
 * template's description says so), the parent's nested stacks' templates read and joined into one, as compiled.
 */
export async function getDeployedServiceTemplate(aws: AwsClients, stackName: string): Promise<Template | undefined> {
  const parent = await getDeployedTemplate(aws, stackName);
  if (!parent?.Description?.endsWith(NESTED_MARK)) return parent;
  const joined: Template = { AWSTemplateFormatVersion: '2010-09-09', Description: parent.Description?.slice(0, -NESTED_MARK.length).trimEnd(), ...(parent.Parameters ? { Parameters: parent.Parameters } : {}), Resources: {} };
  for (const r of (await listResources(aws, stackName)) ?? []) {
    if (r.nestedIn || r.ResourceType !== 'AWS::CloudFormation::Stack' || !r.PhysicalResourceId) continue;
    const child = await getDeployedTemplate(aws, r.PhysicalResourceId);
    Object.assign(joined.Resources, child?.Resources);
    if (child?.Outputs) joined.Outputs = { ...joined.Outputs, ...child.Outputs };
    if (child?.Conditions) joined.Conditions = { ...joined.Conditions, ...child.Conditions };
  }
  return joined;
}

/** Region, account and partition from the stack's ARN; physical IDs from its resources (those listed). */
export function stackFacts(template: Template, resources: DeployedResource[], stack: { StackId?: string; StackName?: string }, region: string, parameters: Record<string, string>): StackFacts {
  const stackId = stack.StackId ?? '';
  const stackName = stack.StackName ?? stackId.split('/')[1] ?? '';
  const [, partition = 'aws', , arnRegion, accountId = ''] = stackId.split(':');
  const physicalIds: Record<string, string> = {};
  for (const r of resources) if (r.LogicalResourceId && r.PhysicalResourceId) physicalIds[r.LogicalResourceId] = r.PhysicalResourceId;
  return { template, region: arnRegion || region, accountId, partition, stackName, stackId, parameters, physicalIds };
}

export interface DriftedMachine {
  logicalId: string;
  arn: string;
}

/**
 * Machines whose live definition differs from the one the stack's template gives (hotswapped, or edited in
 * the console). One DescribeStateMachine per machine; a definition stepf cannot work out is not reported.
 */
export async function driftedMachines(aws: AwsClients, facts: StackFacts): Promise<DriftedMachine[]> {
  const machines = Object.entries(facts.template.Resources).filter(([id, r]) => r.Type === 'AWS::StepFunctions::StateMachine' && facts.physicalIds[id]);
  if (!machines.length) return [];
  const sfn = await aws.stepFunctions();
  const { DescribeStateMachineCommand } = await sdk.stepFunctions();
  const out: DriftedMachine[] = [];
  for (const [id, r] of machines) {
    let expected: string;
    try {
      expected = machineDefinition(facts, r.Properties ?? {});
    } catch (err) {
      if (err instanceof Unresolvable) continue;
      throw err;
    }
    const arn = facts.physicalIds[id];
    const live = await call('DescribeStateMachine', () => sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn })), { region: aws.region, profile: aws.profile });
    if (!sameJson(live.definition ?? '', expected)) out.push({ logicalId: id, arn });
  }
  return out;
}

function sameJson(a: string, b: string): boolean {
  try {
    return canonical(JSON.parse(a)) === canonical(JSON.parse(b));
  } catch {
    return a === b;
  }
}
