// Versions and aliases of a deployed state machine: how an alias routes, which versions exist, and moving
// an alias at once (`stepf rollback`). Every call goes through explain.ts so a failure says what to do next.
import { AwsError } from '../errors.js';
import { sdk, type AwsClients } from './clients.js';
import { call, errorMessage, errorName, explainAwsError } from './explain.js';

export interface Route {
  versionArn: string;
  /** The version number: the last part of a version ARN. */
  version: number;
  weight: number;
}

export interface AliasRouting {
  name: string;
  arn: string;
  routes: Route[];
  updated?: Date;
}

export interface VersionInfo {
  arn: string;
  version: number;
  created?: Date;
  description?: string;
}

/** `arn:...:stateMachine:orders:7` → 7 (NaN when the ARN names no version). */
export function versionOf(versionArn: string): number {
  const last = versionArn.slice(versionArn.lastIndexOf(':') + 1);
  return /^\d+$/.test(last) ? Number(last) : Number.NaN;
}

export const qualified = (machineArn: string, qualifier: string | number): string => `${machineArn}:${qualifier}`;

/** How the alias routes executions, or undefined when there is no such alias. */
export async function describeAlias(aws: AwsClients, aliasArn: string): Promise<AliasRouting | undefined> {
  const sfn = await aws.stepFunctions();
  const { DescribeStateMachineAliasCommand } = await sdk.stepFunctions();
  try {
    const a = await sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: aliasArn }));
    return {
      name: a.name ?? aliasArn.split(':').pop() ?? '',
      arn: a.stateMachineAliasArn ?? aliasArn,
      routes: (a.routingConfiguration ?? []).map((r) => ({ versionArn: r.stateMachineVersionArn ?? '', version: versionOf(r.stateMachineVersionArn ?? ''), weight: r.weight ?? 0 })),
      updated: a.updateDate,
    };
  } catch (err) {
    if (errorName(err) === 'ResourceNotFound' || errorName(err) === 'StateMachineDoesNotExist') return undefined;
    throw explainAwsError(err, 'DescribeStateMachineAlias');
  }
}

/** Every alias of the machine with its routing. */
export async function listAliases(aws: AwsClients, machineArn: string): Promise<AliasRouting[]> {
  const sfn = await aws.stepFunctions();
  const { ListStateMachineAliasesCommand } = await sdk.stepFunctions();
  const pages = await everyPage('ListStateMachineAliases', (nextToken) => sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn: machineArn, nextToken })));
  const arns = pages.flatMap((p) => p.stateMachineAliases ?? []).flatMap((a) => (a.stateMachineAliasArn ? [a.stateMachineAliasArn] : []));
  const out = await Promise.all(arns.map((a) => describeAlias(aws, a)));
  return out.filter((a): a is AliasRouting => a !== undefined);
}

/** The machine's versions, newest first (ListStateMachineVersions). */
export async function listVersions(aws: AwsClients, machineArn: string): Promise<VersionInfo[]> {
  const sfn = await aws.stepFunctions();
  const { ListStateMachineVersionsCommand } = await sdk.stepFunctions();
  const pages = await everyPage('ListStateMachineVersions', (nextToken) => sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: machineArn, nextToken })));
  const out = pages.flatMap((p) => p.stateMachineVersions ?? []).flatMap((v) => (v.stateMachineVersionArn ? [{ arn: v.stateMachineVersionArn, version: versionOf(v.stateMachineVersionArn), created: v.creationDate }] : []));
  return out.sort((a, b) => b.version - a.version);
}

/** Every page of a Step Functions list call, following nextToken. */
async function everyPage<P extends { nextToken?: string }>(operation: string, send: (nextToken: string | undefined) => Promise<P>): Promise<P[]> {
  const pages: P[] = [];
  let token: string | undefined;
  do {
    const page = await call(operation, () => send(token));
    pages.push(page);
    token = page.nextToken;
  } while (token);
  return pages;
}

/** One version (DescribeStateMachine on its ARN), or undefined when it does not exist (never published, or deleted). */
export async function describeVersion(aws: AwsClients, versionArn: string): Promise<VersionInfo | undefined> {
  const sfn = await aws.stepFunctions();
  const { DescribeStateMachineCommand } = await sdk.stepFunctions();
  try {
    const d = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: versionArn }));
    return { arn: versionArn, version: versionOf(versionArn), created: d.creationDate, ...(d.description ? { description: d.description } : {}) };
  } catch (err) {
    if (errorName(err) === 'StateMachineDoesNotExist' || /does not exist/i.test(errorMessage(err))) return undefined;
    throw explainAwsError(err, 'DescribeStateMachine');
  }
}

/** The newest version below `below` that still exists: looked up one by one, which needs no ListStateMachineVersions. */
export async function previousVersion(aws: AwsClients, machineArn: string, below: number): Promise<VersionInfo | undefined> {
  for (let n = below - 1; n >= 1; n--) {
    const v = await describeVersion(aws, qualified(machineArn, n));
    if (v) return v;
  }
  return undefined;
}

/** Points the alias at one version for every execution (UpdateStateMachineAlias). */
export async function routeAllTo(aws: AwsClients, aliasArn: string, versionArn: string): Promise<void> {
  const sfn = await aws.stepFunctions();
  const { UpdateStateMachineAliasCommand } = await sdk.stepFunctions();
  try {
    await sfn.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn: aliasArn, routingConfiguration: [{ stateMachineVersionArn: versionArn, weight: 100 }] }));
  } catch (err) {
    if (errorName(err) === 'ConflictException') {
      throw new AwsError(`the alias is being changed by another request: ${errorMessage(err)}`, 'UpdateStateMachineAlias', 'run `stepf info` to see where the alias points, then run the rollback again');
    }
    throw explainAwsError(err, 'UpdateStateMachineAlias');
  }
}

export interface AliasView {
  name: string;
  arn: string;
  routes: Route[];
  /** `v7 90%, v8 10%, shifting, 3 min left` */
  routing: string;
  /** CloudFormation is moving it now (the stack is updating and the alias is part-way). */
  shifting: boolean;
  minutesLeft?: number;
  /** The alarms its deployment watches, by name. */
  alarms: string[];
}

export interface VersionsView {
  /** The newest version and how many there are; absent when they could not be listed (then `unavailable` says why). */
  latest?: number;
  count?: number;
  unavailable?: string;
  aliases: AliasView[];
}

interface TemplateLike {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

/** What `stepf info` shows of a machine's versions and aliases: the aliases' routing, shifts under way, watched alarms. */
export async function readVersions(
  aws: AwsClients,
  machine: { arn: string; logicalId: string },
  ctx: { template: TemplateLike; physicalIds: Map<string, string>; stackStatus?: string; now: Date },
): Promise<VersionsView> {
  const { preferenceOf, routingText, shiftOf } = await import('./shift.js');
  const [versions, aliases] = await Promise.all([
    listVersions(aws, machine.arn).then(
      (list) => ({ list }),
      (err: Error) => ({ error: err.message }),
    ),
    listAliases(aws, machine.arn),
  ]);
  const updating = ctx.stackStatus?.endsWith('_IN_PROGRESS') === true;
  const views = aliases.map((a): AliasView => {
    const resource = Object.values(ctx.template.Resources).find((r) => r.Type === 'AWS::StepFunctions::StateMachineAlias' && r.Properties?.Name === a.name && aliasOfMachine(ctx.template, r, machine.logicalId));
    const pref = preferenceOf(resource);
    const shift = shiftOf(a, pref, ctx.now);
    const shifting = updating && shift !== undefined && pref !== undefined;
    const refs = ((resource?.Properties?.DeploymentPreference as { Alarms?: Array<{ Ref?: string } | string> } | undefined)?.Alarms ?? []).map((x) =>
      typeof x === 'string' ? x : ctx.physicalIds.get(x.Ref ?? '') ?? x.Ref ?? '',
    );
    return { name: a.name, arn: a.arn, routes: a.routes, routing: routingText(a, shift, shifting), shifting, ...(shifting && shift?.minutesLeft !== undefined ? { minutesLeft: shift.minutesLeft } : {}), alarms: refs };
  });
  if ('error' in versions) return { unavailable: versions.error, aliases: views };
  return { count: versions.list.length, ...(versions.list.length ? { latest: versions.list[0].version } : {}), aliases: views };
}

function aliasOfMachine(t: TemplateLike, alias: { Properties?: Record<string, unknown> }, machineId: string): boolean {
  const p = alias.Properties ?? {};
  const version = ((p.DeploymentPreference as { StateMachineVersionArn?: { Ref?: string } } | undefined)?.StateMachineVersionArn ??
    (p.RoutingConfiguration as Array<{ StateMachineVersionArn?: { Ref?: string } }> | undefined)?.[0]?.StateMachineVersionArn)?.Ref;
  return (t.Resources[version ?? '']?.Properties?.StateMachineArn as { Ref?: string } | undefined)?.Ref === machineId;
}
