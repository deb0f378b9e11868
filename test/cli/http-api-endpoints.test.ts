// httpApi endpoints printed by deploy and info. moto's CloudFormation does not create ApiGatewayV2 resources
// (it skips them), so every AWS answer here is injected (aws-sdk-client-mock) and the test names say so.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { httpApiEndpoints, type DeployedResource } from '../../src/aws/deployed.js';
import { runDeploy } from '../../src/cli/commands/deploy.js';
import { runInfo } from '../../src/cli/commands/info.js';
import { packageService } from '../../src/pipeline.js';
import { useInjected } from '../support/injected.js';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures');
const STACK = 'stepf-events-http-api-dev-stepf';
const STACK_ID = `arn:aws:cloudformation:us-east-1:123456789012:stack/${STACK}/1`;
const URL = 'https://a1b2c3.execute-api.us-east-1.amazonaws.com';
const EXPECTED = [
  `POST - ${URL}/orders`,
  `DELETE - ${URL}/orders`,
  `POST - ${URL}/admin`,
  `GET - ${URL}/orders/{id}`,
  `PUT - ${URL}/internal/orders`,
  `POST - ${URL}/quote`,
  `ANY - ${URL}/quote/{proxy+}`,
];

const resources: DeployedResource[] = [
  { LogicalResourceId: 'HttpApi', ResourceType: 'AWS::ApiGatewayV2::Api', PhysicalResourceId: 'a1b2c3', ResourceStatus: 'CREATE_COMPLETE' },
  { LogicalResourceId: 'OrdersStepFunctionsStateMachine', ResourceType: 'AWS::StepFunctions::StateMachine', PhysicalResourceId: 'arn:aws:states:us-east-1:123456789012:stateMachine:orders', ResourceStatus: 'CREATE_COMPLETE' },
];

describe('httpApiEndpoints: routes from the template, the base URL from the stack', () => {
  it('prints METHOD - <HttpApiUrl><path> for each route in config order, and ANY - <url> for the $default route', async () => {
    const { template } = await packageService({ cwd: join(FIXTURES, 'events-http-api'), stage: 'dev' });
    const lines = httpApiEndpoints(template, [], { HttpApiUrl: URL }, 'us-east-1').map((e) => `${e.method} - ${e.url}`);
    expect(lines).toEqual(EXPECTED);
    template.Resources.HttpApiRouteDefault = { Type: 'AWS::ApiGatewayV2::Route', Properties: { RouteKey: '$default' } };
    expect(httpApiEndpoints(template, [], { HttpApiUrl: URL }, 'us-east-1').at(-1)).toEqual({ method: 'ANY', url: URL });
  });

  it('without the HttpApiUrl output (outputs can lag behind a change set) the URL comes from the deployed HttpApi\'s ID, or from a literal provider.httpApi.id', async () => {
    const own = await packageService({ cwd: join(FIXTURES, 'events-http-api'), stage: 'dev' });
    expect(httpApiEndpoints(own.template, resources, {}, 'us-east-1')[0]).toEqual({ method: 'POST', url: `${URL}/orders` });
    const existing = await packageService({ cwd: join(FIXTURES, 'events-http-api-existing'), stage: 'dev' });
    expect(httpApiEndpoints(existing.template, [], {}, 'eu-west-1')).toEqual([
      { method: 'POST', url: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/signup' },
      { method: 'POST', url: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/signup/{plan}' },
    ]);
  });

  it('no endpoints when the template has no HttpApiUrl output (disableDefaultEndpoint) or no routes', async () => {
    const { template } = await packageService({ cwd: join(FIXTURES, 'events-http-api'), stage: 'dev' });
    delete template.Outputs!.HttpApiUrl;
    expect(httpApiEndpoints(template, resources, { HttpApiUrl: URL }, 'us-east-1')).toEqual([]);
    const hello = await packageService({ cwd: join(FIXTURES, 'hello'), stage: 'dev' });
    expect(httpApiEndpoints(hello.template, [], { HttpApiUrl: URL }, 'us-east-1')).toEqual([]);
  });
});

describe('deploy and info print the httpApi endpoints (injected responses: moto\'s CloudFormation does not create ApiGatewayV2 resources)', () => {
  const cf = useInjected(CloudFormationClient);
  const sfn = useInjected(SFNClient);
  let out = '';
  const config = join(FIXTURES, 'events-http-api', 'serverless.yml');
  const flags = { stage: 'dev', region: 'us-east-1', config };
  const stack = { StackName: STACK, StackId: STACK_ID, StackStatus: 'UPDATE_COMPLETE' as const, CreationTime: new Date(), Outputs: [{ OutputKey: 'HttpApiUrl', OutputValue: URL }] };

  beforeEach(() => {
    out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((out += String(c)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    cf.on(DescribeStacksCommand).resolves({ Stacks: [stack] });
    cf.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: resources.map((r) => ({ ...r, LastUpdatedTimestamp: new Date() })) as never });
    sfn.on(ListExecutionsCommand).resolves({ executions: [] });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('stepf info lists every route as METHOD - https://<id>.execute-api.<region>.amazonaws.com<path>', async () => {
    expect(await runInfo(flags)).toBe(0);
    const section = out.slice(out.indexOf('endpoints:'), out.indexOf('outputs:')).trim().split('\n').slice(1).map((l) => l.trim());
    expect(section).toEqual(EXPECTED);
  });

  it('stepf info --json has them as {method, url}', async () => {
    expect(await runInfo({ ...flags, json: true })).toBe(0);
    expect(JSON.parse(out).endpoints.map((e: { method: string; url: string }) => `${e.method} - ${e.url}`)).toEqual(EXPECTED);
  });

  it('stepf info of a service split into nested stacks lists the routes held by a nested stack (the parent has none)', async () => {
    // The fixture plus three small machines, with a stack limit that the 26 resources of the HTTP API's group
    // fit under but the whole service does not: the routes land in a nested stack.
    const dir = mkdtempSync(join(tmpdir(), 'stepf-split-http-api-'));
    cpSync(join(FIXTURES, 'events-http-api'), dir, { recursive: true });
    const extra = ['a', 'b', 'c'].map((k) => `    extra${k}:\n      definition:\n        StartAt: P\n        States:\n          P: { Type: Pass, End: true }\n`).join('');
    const yml = readFileSync(join(dir, 'serverless.yml'), 'utf8').replace(/^stepFunctions:\n  stateMachines:\n/m, (m) => m + extra);
    writeFileSync(join(dir, 'serverless.yml'), `${yml}\ncustom:\n  stepf:\n    maxStackResources: 28\n`);
    const pkg = await packageService({ cwd: dir, stage: 'dev' });
    expect(pkg.stacks.length).toBeGreaterThan(1);
    expect(Object.values(pkg.template.Resources).some((r) => r.Type === 'AWS::ApiGatewayV2::Route')).toBe(false);
    const child = pkg.stacks.find((c) => c.template.Resources.HttpApi)!;
    const childId = `arn:aws:cloudformation:us-east-1:123456789012:stack/${STACK}-${child.logicalId}/1`;
    cf.on(DescribeStacksCommand).resolves({ Stacks: [{ ...stack, Outputs: [] }] });
    cf.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [] });
    cf.on(ListStackResourcesCommand, { StackName: STACK_ID }).resolves({
      StackResourceSummaries: [{ LogicalResourceId: child.logicalId, ResourceType: 'AWS::CloudFormation::Stack', PhysicalResourceId: childId, ResourceStatus: 'UPDATE_COMPLETE', LastUpdatedTimestamp: new Date() }],
    });
    cf.on(ListStackResourcesCommand, { StackName: childId }).resolves({ StackResourceSummaries: resources.map((r) => ({ ...r, LastUpdatedTimestamp: new Date() })) as never });
    expect(await runInfo({ ...flags, config: join(dir, 'serverless.yml'), json: true })).toBe(0);
    expect(JSON.parse(out).endpoints.map((e: { method: string; url: string }) => `${e.method} - ${e.url}`)).toEqual(EXPECTED);
  });

  it('stepf deploy prints them after the update', async () => {
    cf.on(CreateChangeSetCommand).resolves({ Id: 'arn:aws:cloudformation:us-east-1:123456789012:changeSet/stepf-1/1', StackId: STACK_ID });
    cf.on(DescribeChangeSetCommand).resolves({
      Status: 'CREATE_COMPLETE',
      Changes: [{ Type: 'Resource', ResourceChange: { Action: 'Add', LogicalResourceId: 'HttpApi', ResourceType: 'AWS::ApiGatewayV2::Api' } }],
    });
    cf.on(ExecuteChangeSetCommand).resolves({});
    cf.on(DescribeStackEventsCommand).resolves({
      StackEvents: [{ EventId: 'e1', StackId: STACK_ID, StackName: STACK, LogicalResourceId: STACK, ResourceType: 'AWS::CloudFormation::Stack', ResourceStatus: 'UPDATE_COMPLETE', Timestamp: new Date(Date.now() + 60_000) }],
    });
    // --yes: the update adds the HTTP API's role, an IAM broadening that would otherwise stop for approval
    expect(await runDeploy({ ...flags, json: true, execute: true, wait: true, yes: true })).toBe(0);
    const result = JSON.parse(out);
    expect(result.result).toBe('deployed');
    expect(result.endpoints.map((e: { method: string; url: string }) => `${e.method} - ${e.url}`)).toEqual(EXPECTED);
  });
});
