// What a deployed stack holds, read back through the APIs: machine ARNs from the stack's resources
// (Outputs can be stale after a change set on some implementations, and noOutput machines have none),
// the stack's Outputs, and http endpoints through API Gateway.
import { DescribeStackResourcesCommand, type Stack, type StackResource } from '@aws-sdk/client-cloudformation';
import { GetResourcesCommand, GetStagesCommand } from '@aws-sdk/client-api-gateway';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import type { MachineSummary } from '../compile/types.js';
import type { AwsClients } from './clients.js';
import { call, errorMessage } from './explain.js';

export interface DeployedMachine {
  key: string;
  logicalId: string;
  name?: string;
  arn?: string;
  type: string;
  lastExecution?: { status: string; startDate?: string; name?: string } | null;
}

export interface Endpoint {
  method: string;
  url: string;
}

export async function stackResources(aws: AwsClients, stackName: string): Promise<StackResource[]> {
  const cfn = await aws.cloudFormation();
  const out = await call('DescribeStackResources', () => cfn.send(new DescribeStackResourcesCommand({ StackName: stackName })));
  return out.StackResources ?? [];
}

/** Machines from the compile summary, or from the stack's resources when no serverless.yml is at hand. */
export function machinesFrom(resources: StackResource[], summary?: MachineSummary[]): DeployedMachine[] {
  const byId = new Map(resources.map((r) => [r.LogicalResourceId ?? '', r]));
  const fromSummary = (summary ?? []).map((m) => {
    const arn = byId.get(m.logicalId)?.PhysicalResourceId;
    return { key: m.key, logicalId: m.logicalId, name: m.name ?? arn?.split(':').pop(), arn, type: m.type };
  });
  if (summary) return fromSummary;
  return resources
    .filter((r) => r.ResourceType === 'AWS::StepFunctions::StateMachine')
    .map((r) => ({ key: r.LogicalResourceId ?? '', logicalId: r.LogicalResourceId ?? '', name: r.PhysicalResourceId?.split(':').pop(), arn: r.PhysicalResourceId, type: 'STANDARD' }));
}

export function stackOutputs(stack: Stack | undefined): Record<string, string> {
  return Object.fromEntries((stack?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
}

/** `POST - https://<api>.execute-api.<region>.amazonaws.com/<stage>/<path>` for each method of each REST API in the stack. */
export async function endpointsOf(aws: AwsClients, resources: StackResource[], stage: string): Promise<Endpoint[]> {
  const apis = resources.filter((r) => r.ResourceType === 'AWS::ApiGateway::RestApi' && r.PhysicalResourceId);
  if (!apis.length) return [];
  const gw = await aws.apiGateway();
  const out: Endpoint[] = [];
  for (const api of apis) {
    const id = api.PhysicalResourceId!;
    let stageName = stage;
    try {
      const stages = await gw.send(new GetStagesCommand({ restApiId: id }));
      stageName = stages.item?.find((s) => s.stageName === stage)?.stageName ?? stages.item?.[0]?.stageName ?? stage;
    } catch {
      // Stages are optional for the URL: the service's stage is what Serverless deploys to.
    }
    const res = await call('GetResources', () => gw.send(new GetResourcesCommand({ restApiId: id, embed: ['methods'], limit: 500 })));
    for (const r of res.items ?? []) {
      for (const method of Object.keys(r.resourceMethods ?? {})) {
        if (method === 'OPTIONS') continue;
        out.push({ method, url: `https://${id}.execute-api.${aws.region}.amazonaws.com/${stageName}${r.path === '/' ? '' : r.path ?? ''}` });
      }
    }
  }
  return out;
}

/** The newest execution of each machine (null when it never ran). */
export async function lastExecutions(aws: AwsClients, machines: DeployedMachine[]): Promise<void> {
  const sfn = await aws.stepFunctions();
  await Promise.all(
    machines.map(async (m) => {
      if (!m.arn) return;
      try {
        const r = await sfn.send(new ListExecutionsCommand({ stateMachineArn: m.arn, maxResults: 1 }));
        const e = r.executions?.[0];
        m.lastExecution = e ? { status: e.status ?? '', startDate: e.startDate?.toISOString(), name: e.name } : null;
      } catch (err) {
        m.lastExecution = { status: `unknown (${errorMessage(err)})` };
      }
    }),
  );
}
