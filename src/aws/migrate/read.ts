// What `stepf migrate` plans from: the Serverless stack (template, physical IDs, who imports its exports) and
// stepf's stack if it exists, read fresh on every run so a re-run plans from what is deployed now.
import type { Stack } from '@aws-sdk/client-cloudformation';
import type { PackageResult } from '../../pipeline.js';
import type { PlanInput, StackState } from '../../migrate/plan.js';
import { AwsError } from '../../errors.js';
import { referencesIn } from '../../migrate/refs.js';
import { sdk, type AwsClients } from '../clients.js';
import { getDeployedTemplate } from '../deployed-template.js';
import { listResources } from '../deployed.js';
import { silentSink } from '../events.js';
import { call, errorMessage } from '../explain.js';
import { readCrossStackParameters } from '../parameters.js';
import { realClock } from '../poll.js';
import { describeStack, isSettled } from '../stack.js';

export interface MigrationState {
  input: PlanInput;
  serverlessStack: Stack;
  stepfStack?: Stack;
  /** Why some of stepf's Parameters have no value in the plan (compared as written instead). */
  notes: string[];
}

export async function readMigrationState(aws: AwsClients, pkg: PackageResult): Promise<MigrationState> {
  const ctx = { aws, sink: silentSink, clock: realClock };
  const serverlessStack = await describeStack(ctx, pkg.serverlessStackName);
  if (!serverlessStack || serverlessStack.StackStatus === 'REVIEW_IN_PROGRESS') {
    throw new AwsError(
      `stack ${pkg.serverlessStackName} does not exist in ${aws.region}: there is nothing the plugin deployed to take over`,
      'DescribeStacks',
      'check --stage, --region and provider.stackName; a service the plugin never deployed needs no migration (stepf deploy)',
    );
  }
  const stepfStack = await describeStack(ctx, pkg.stackName);
  for (const s of [serverlessStack, stepfStack]) {
    if (s && !isSettled(s.StackStatus)) {
      throw new AwsError(`stack ${s.StackName} is ${s.StackStatus}`, 'DescribeStacks', 'wait until it settles (stepf migrate changes nothing while a stack is busy), then run it again');
    }
  }
  const serverless = await stateOf(aws, serverlessStack);
  const stepf = stepfStack && stepfStack.StackStatus !== 'REVIEW_IN_PROGRESS' ? await stateOf(aws, stepfStack) : undefined;
  const [, partition = 'aws', , region = aws.region, accountId = ''] = (serverlessStack.StackId ?? '').split(':');

  const notes: string[] = [];
  let parameterValues: Record<string, string> = {};
  try {
    parameterValues = Object.fromEntries((await readCrossStackParameters(aws, pkg.parameters)).map((p) => [p.key, p.value]));
  } catch (err) {
    notes.push(`stepf's Parameters are compared as written: ${errorMessage(err)}`);
  }
  const readsFromServerless = Object.fromEntries(
    pkg.parameters.filter((p) => p.source.stackName === pkg.serverlessStackName && p.source.kind !== 'output').map((p) => [p.name, p.source.logicalId]),
  );
  return {
    input: {
      serverless,
      stepf: { name: pkg.stackName, template: pkg.template, deployed: stepf },
      env: { region, accountId, partition },
      parameterValues,
      readsFromServerless,
      takenResources: pkg.takenResources,
      importedExports: await importersOf(aws, serverless, new Set(Object.keys(pkg.template.Resources)), notes),
      knownAttributes: await rootResourceIds(aws, serverless),
    },
    serverlessStack,
    stepfStack,
    notes,
  };
}

/**
 * The root resource ID of each REST API in the Serverless stack, which its methods reach by
 * Fn::GetAtt RootResourceId: a move onto a shared API (provider.apiGateway.restApiId) carries it as a value.
 */
async function rootResourceIds(aws: AwsClients, serverless: StackState): Promise<Record<string, string>> {
  const apis = Object.entries(serverless.template.Resources).filter(([id, r]) => r.Type === 'AWS::ApiGateway::RestApi' && serverless.physicalIds[id]);
  if (!apis.length || !JSON.stringify(serverless.template.Resources).includes('RootResourceId')) return {};
  const gw = await aws.apiGateway();
  const { GetResourcesCommand } = await sdk.apiGateway();
  const out: Record<string, string> = {};
  for (const [id] of apis) {
    const restApiId = serverless.physicalIds[id];
    const res = await call('GetResources', () => gw.send(new GetResourcesCommand({ restApiId, limit: 500 })), { region: aws.region, profile: aws.profile });
    const root = res.items?.find((r) => r.path === '/')?.id;
    if (root) out[`${id}.RootResourceId`] = root;
  }
  return out;
}

async function stateOf(aws: AwsClients, stack: Stack): Promise<StackState> {
  const name = stack.StackName ?? '';
  const template = await getDeployedTemplate(aws, stack.StackId ?? name);
  if (!template) throw new AwsError(`stack ${name} has no template to read`, 'GetTemplate', 'check that the stack exists and settled');
  const resources = (await listResources(aws, stack.StackId ?? name)) ?? [];
  const physicalIds: Record<string, string> = {};
  for (const r of resources) if (r.LogicalResourceId && r.PhysicalResourceId) physicalIds[r.LogicalResourceId] = r.PhysicalResourceId;
  const parameters = Object.fromEntries((stack.Parameters ?? []).map((x) => [x.ParameterKey ?? '', x.ResolvedValue ?? x.ParameterValue ?? '']));
  return { name, template, physicalIds, parameters, stackId: stack.StackId };
}

/**
 * Which stacks import each export of the Serverless stack: an output leaving with a move must not be
 * imported elsewhere. Only exports that exist are asked about (ListImports fails on any other).
 */
async function importersOf(aws: AwsClients, serverless: StackState, stepfIds: ReadonlySet<string>, notes: string[]): Promise<Record<string, string[]>> {
  // Only the outputs of what may move matter (the Framework exports every output).
  const ours = Object.values(serverless.template.Outputs ?? {})
    .filter((o) => referencesIn(o.Value, stepfIds).length > 0)
    .map((o) => (o.Export as { Name?: unknown } | undefined)?.Name)
    .filter((n): n is string => typeof n === 'string');
  if (!ours.length) return {};
  const cfn = await aws.cloudFormation();
  const { ListExportsCommand, ListImportsCommand } = await sdk.cloudFormation();
  const existing = new Set<string>();
  let token: string | undefined;
  do {
    const page = await call('ListExports', () => cfn.send(new ListExportsCommand({ NextToken: token })), { region: aws.region, profile: aws.profile });
    for (const e of page.Exports ?? []) if (e.Name) existing.add(e.Name);
    token = page.NextToken;
  } while (token);
  const out: Record<string, string[]> = {};
  for (const name of ours.filter((n) => existing.has(n))) {
    const stacks: string[] = [];
    let next: string | undefined;
    try {
      do {
        const page = await cfn.send(new ListImportsCommand({ ExportName: name, NextToken: next }));
        stacks.push(...(page.Imports ?? []));
        next = page.NextToken;
      } while (next);
    } catch (err) {
      // "Export 'x' is not imported by any stack" is how CloudFormation answers an export nobody imports.
      if (!/not imported/i.test(errorMessage(err))) {
        notes.push(`cannot tell who imports ${name} (ListImports: ${errorMessage(err).split('\n')[0].slice(0, 120)}); if another stack imports it, CloudFormation refuses the move and leaves both stacks as they are`);
      }
    }
    if (stacks.length) out[name] = stacks;
  }
  return out;
}
