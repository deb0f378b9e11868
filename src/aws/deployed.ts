// What a deployed stack holds, read back through the APIs: machine ARNs from the stack's resources
// (Outputs can be stale after a change set on some implementations, and noOutput machines have none),
// the stack's Outputs, http endpoints through API Gateway, httpApi routes from the template. readDeployed() is the one reader that
// deploy, info and the commands naming a deployed machine (invoke, logs, graph...) share.
import type { Stack, StackResourceSummary } from '@aws-sdk/client-cloudformation';
import { HTTP_API_LOGICAL_ID, HTTP_API_URL_OUTPUT } from '../compile/naming.js';
import type { MachineSummary, Template } from '../compile/types.js';
import { sdk, type AwsClients } from './clients.js';
import { silentSink } from './events.js';
import { call, errorMessage } from './explain.js';
import { realClock } from './poll.js';
import { describeStack } from './stack.js';

/**
 * A resource of the stack: its logical ID, its physical ID (a machine's ARN) and its type; `nestedIn`, the
 * logical ID of the nested stack that holds it (a split service's machines are in its nested stacks).
 */
export type DeployedResource = Pick<StackResourceSummary, 'LogicalResourceId' | 'PhysicalResourceId' | 'ResourceType' | 'ResourceStatus'> & { nestedIn?: string };

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

export interface Deployed {
  /** The stack as described; absent when only its resources were asked for. */
  stack?: Stack;
  resources: DeployedResource[];
  machines: DeployedMachine[];
  endpoints: Endpoint[];
  outputs: Record<string, string>;
}

export interface ReadDeployedOptions {
  /** The machines serverless.yml names; without them, every state machine in the stack. */
  machines?: MachineSummary[];
  /** The stack as just described (spares a DescribeStacks), or false to read the resources only. */
  stack?: Stack | false;
  /** Read the URL of each REST API method, on this stage. */
  endpointsOnStage?: string;
  /** The service's template as compiled (of a split service, the whole, not the parent): its httpApi routes are listed with the endpoints. */
  template?: Template;
  /** Read each machine's newest execution. */
  lastExecutions?: boolean;
  /** The stack's resources, when the caller already knows them (spares the listing). */
  resources?: DeployedResource[];
}

/**
 * What is deployed in a stack, or undefined when there is no such stack. Resources are read with
 * ListStackResources, page after page: DescribeStackResources stops at 100.
 */
export async function readDeployed(aws: AwsClients, stackName: string, opts: ReadDeployedOptions = {}): Promise<Deployed | undefined> {
  let stack: Stack | undefined;
  if (opts.stack !== false) {
    stack = opts.stack ?? (await describeStack({ aws, sink: silentSink, clock: realClock }, stackName));
    if (!stack) return undefined;
  }
  // A stack whose first change set was never executed has no resources to list.
  const resources = opts.resources ?? (stack?.StackStatus === 'REVIEW_IN_PROGRESS' ? [] : await listResources(aws, stack?.StackId ?? stackName));
  if (!resources) return undefined;
  const machines = machinesFrom(resources, opts.machines);
  if (opts.lastExecutions) await lastExecutions(aws, machines);
  return {
    stack,
    resources,
    machines,
    endpoints: [
      ...(opts.endpointsOnStage === undefined ? [] : await endpointsOf(aws, resources, opts.endpointsOnStage)),
      ...(opts.template ? httpApiEndpoints(opts.template, resources, stackOutputs(stack), aws.region) : []),
    ],
    outputs: stackOutputs(stack),
  };
}

/**
 * Every resource of the stack and of its nested stacks (`nestedIn` says which), or undefined when it does
 * not exist.
 */
export async function listResources(aws: AwsClients, stackName: string): Promise<DeployedResource[] | undefined> {
  const own = await listOwnResources(aws, stackName);
  if (!own) return undefined;
  const nested = own.filter((r) => r.ResourceType === 'AWS::CloudFormation::Stack' && r.PhysicalResourceId);
  const inside = await Promise.all(nested.map(async (r) => ((await listOwnResources(aws, r.PhysicalResourceId!)) ?? []).map((x) => ({ ...x, nestedIn: r.LogicalResourceId }))));
  return [...own, ...inside.flat()];
}

async function listOwnResources(aws: AwsClients, stackName: string): Promise<DeployedResource[] | undefined> {
  const cfn = await aws.cloudFormation();
  const { ListStackResourcesCommand } = await sdk.cloudFormation();
  const out: DeployedResource[] = [];
  let token: string | undefined;
  do {
    let page;
    try {
      page = await call('ListStackResources', () => cfn.send(new ListStackResourcesCommand({ StackName: stackName, NextToken: token })));
    } catch (err) {
      if (/does not exist/i.test(errorMessage(err))) return undefined;
      throw err;
    }
    out.push(...(page.StackResourceSummaries ?? []));
    token = page.NextToken;
  } while (token);
  return out;
}

/** Machines from the compile summary, or from the stack's resources when no serverless.yml is at hand. */
export function machinesFrom(resources: DeployedResource[], summary?: MachineSummary[]): DeployedMachine[] {
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
export async function endpointsOf(aws: AwsClients, resources: DeployedResource[], stage: string): Promise<Endpoint[]> {
  const apis = resources.filter((r) => r.ResourceType === 'AWS::ApiGateway::RestApi' && r.PhysicalResourceId);
  if (!apis.length) return [];
  const gw = await aws.apiGateway();
  const { GetStagesCommand, GetResourcesCommand } = await sdk.apiGateway();
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

/**
 * `POST - https://<api>.execute-api.<region>.amazonaws.com/orders` for each HTTP API route of the template
 * (the Serverless Framework prints httpApi endpoints this way): the base URL from the HttpApiUrl output, else
 * from the deployed API's ID (outputs can lag behind a change set), else from a literal provider.httpApi.id.
 * None when the template has no HttpApiUrl (disableDefaultEndpoint). Reads no API: routes are in the template.
 */
export function httpApiEndpoints(template: Template, resources: DeployedResource[], outputs: Record<string, string>, region: string): Endpoint[] {
  if (!template.Outputs?.[HTTP_API_URL_OUTPUT]) return [];
  const routes = Object.values(template.Resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Route');
  if (!routes.length) return [];
  const own = resources.find((r) => r.LogicalResourceId === HTTP_API_LOGICAL_ID && r.ResourceType === 'AWS::ApiGatewayV2::Api')?.PhysicalResourceId;
  const literal = routes.map((r) => (r.Properties as { ApiId?: unknown }).ApiId).find((id): id is string => typeof id === 'string');
  const apiId = own ?? literal;
  const base = outputs[HTTP_API_URL_OUTPUT] || (apiId ? `https://${apiId}.execute-api.${region}.amazonaws.com` : undefined);
  if (!base) return [];
  return routes.map((r) => {
    const key = String((r.Properties as { RouteKey?: unknown }).RouteKey);
    if (key === '$default') return { method: 'ANY', url: base };
    const [method, path] = key.split(' ');
    return { method, url: `${base.replace(/\/$/, '')}${path}` };
  });
}

/** The newest execution of each machine (null when it never ran). */
export async function lastExecutions(aws: AwsClients, machines: DeployedMachine[]): Promise<void> {
  const sfn = await aws.stepFunctions();
  const { ListExecutionsCommand } = await sdk.stepFunctions();
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
