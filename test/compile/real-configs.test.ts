import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageService } from '../../src/pipeline.js';
import { loadConfig } from '../../src/config/load.js';
import { createResolver } from '../../src/config/variables/resolve.js';
import { compareGrants, diffSummaries, summarizeEvents, summarizeForComparison, type Template } from '../support/plugin-compare.js';

/**
 * The corpus: serverless.yml files from public repositories (fixtures/real/<case>, provenance and every edit
 * in fixtures/real/SOURCES.md), each held against the template the real plugin makes for it
 * (plugin.template.json, from `bash scripts/oracle.sh real/<case>`): same state machines, logical IDs,
 * evaluated definitions, outputs and events, and a role for each machine that allows every grant of the
 * plugin's role or is deliberately narrower (a wildcard grant narrowed to what the definition names). A case
 * whose config Step Functions would reject keeps stepf's error in stepf.error.txt (checked with the goldens in
 * golden.test.ts, which also holds every case's stepf.template.json and stepf.warnings.txt and lints them).
 */
const root = resolve(__dirname, '../../fixtures/real');
const CONFIG_NAMES = ['serverless.yml', 'serverless.yaml', 'serverless.json'];
const cases = readdirSync(root).filter((n) => CONFIG_NAMES.some((f) => existsSync(join(root, n, f))));
const sources = readFileSync(join(root, 'SOURCES.md'), 'utf8');

type Deliberate = Array<{ diff: RegExp; why: string }>;

/** Differences stepf has on purpose wherever the plugin does this, each with its reason. */
const EVERYWHERE: Deliberate = [
  { diff: /^grants: \w+: lambda:InvokeFunction on arn:aws:states:[^:]+:\d+:activity:/, why: 'the plugin grants lambda:InvokeFunction on an activity ARN (it takes every Task Resource for a function); an activity task needs no grant: its workers poll for the work' },
  { diff: /^logicalIds\.AWS::(SNS::TopicPolicy|SQS::QueuePolicy|Lambda::Permission)\[\d+\]: "\w+ResourcePolicy[0-9a-f]{5}" ≠ "\w+ResourcePolicy[0-9a-f]{5}"$/, why: 'notification resource policies are scoped to their rule, so the hashed part of their IDs differs' },
  { diff: /^stateMachines\.\w+\.definition\..*\.Resource: "<Ref:\w+LambdaFunctionQualifiedArn>" ≠ "<Ref:\w+LambdaVersion\w+>"$/, why: 'useExactVersion: the version lives in the Serverless stack, so stepf reads its QualifiedArn output through a Parameter that deploy fills' },
];

/** Differences a case is meant to have, each with its reason; each must still show (so the list stays honest). */
const DELIBERATE: Record<string, Deliberate> = {
  'plugin-use-exact-version': [
    { diff: /^grants: \w+: lambda:InvokeFunction on arn:aws:lambda:[^:]+:\d+:function:integration-use-exact-version-dev-hello$/, why: 'useExactVersion: stepf grants the published version only, the plugin every version of the function' },
  ],
  'harazdovskiy-distributed-map': [
    { diff: /^stateMachines\.ProcessDashdataDashstateDashmachineDashdistributed\.roleShape: "given" ≠ "generated"$/, why: 'role: Fn::GetAtt names a role of resources: (with a RoleName) that stays in the Serverless stack: stepf builds its ARN from the RoleName' },
    { diff: /^grants: ProcessDashdataDashstateDashmachineDashdistributed: /, why: 'the grants are that role\'s, which stays in the Serverless stack: the machine has them, stepf\'s template does not hold them' },
  ],
  'lbh-fss': [
    { diff: /^stateMachines\.FssStateMachine\.DependsOn\[0\]: \(missing\) ≠ "lambdaExecutionRole"$/, why: 'dependsOn names an IAM role the Serverless stack keeps: that stack is deployed first, so stepf drops it with a warning' },
  ],
  'plugin-readme-setup': [
    { diff: /^stateMachines\.(Ddbtablestepfunc|MyStateMachine)\w*\.DependsOn\[\d\]: \(missing\) ≠ "(CustomIamRole|DynamoDBTable|KinesisStream)"$/, why: 'dependsOn names resources the Serverless stack keeps: that stack is deployed first, so stepf drops them with a warning' },
  ],
  'bboure-step-functions-demo': [
    { diff: /^stateMachines\.SdkIntegration\.RoleArn: "arn:aws:iam::123456789012:role\/<Ref:SdkIntegrationRole>" ≠ "<GetAtt:SdkIntegrationRole\.Arn>"$/, why: 'role: !GetAtt SdkIntegrationRole.Arn names a role (generated name) that stays in the Serverless stack: stepf builds its ARN from its name, read as a Parameter at deploy' },
    { diff: /^stateMachines\.SdkIntegration\.roleShape: "given" ≠ "generated"$/, why: 'the same: that role is in the Serverless stack, not in stepf\'s template' },
    { diff: /^grants: SdkIntegration: ssm:GetParameter on arn:aws:ssm:us-east-1:123456789012:parameter\/path\/to\/myParam$/, why: 'the grant is on that role, which stays in the Serverless stack: the machine has it, stepf\'s template does not hold it' },
  ],
  'fittest-step-function-sync': [
    { diff: /^stateMachines\.Bar\.RoleArn: "arn:aws:iam::123456789012:role\/<Ref:BarExecutionRole>" ≠ "<GetAtt:BarExecutionRole\.Arn>"$/, why: 'role: !GetAtt BarExecutionRole.Arn names a role (generated name) that stays in the Serverless stack: stepf builds its ARN from its name, read as a Parameter at deploy' },
    { diff: /^stateMachines\.Bar\.roleShape: "given" ≠ "generated"$/, why: 'the same: that role is in the Serverless stack, not in stepf\'s template' },
    { diff: /^grants: Bar: (logs|xray):\w+ on \*$/, why: 'the grants are on that role, which stays in the Serverless stack: the machine has them, stepf\'s template does not hold them' },
  ],
  'killdozer-local-schedule': [
    { diff: /^logicalIds\.AWS::Events::Rule\[1\]: "Hellostepfunc1StepFunctionsEventsRuleSchedule2" ≠ \(missing\)$/, why: 'rate: [cron(0 5 * * ? *), cron(0 6 * * ? *)] is one rule per expression, as Serverless v3 makes for functions; the plugin made one rule' },
    { diff: /^events\.Hellostepfunc1StepFunctionsEventsRuleSchedule1\.ScheduleExpression: "cron\(0 5 \* \* \? \*\)" ≠ "cron\(0 5 \* \* \? \*\),cron\(0 6 \* \* \? \*\)"$/, why: 'the plugin joined the two expressions with a comma, which EventBridge rejects' },
    { diff: /^events\.Hellostepfunc1StepFunctionsEventsRuleSchedule2: \{"ScheduleExpression":"cron\(0 6 \* \* \? \*\)"/, why: 'the second expression\'s own rule' },
  ],
  'vstudios-httpmachine': [
    { diff: /^events\.ApiGatewayMethodStartGet\.Integration\.Uri: "arn:aws:apigateway:us-east-1:states:action\/StartExecution" ≠ "arn:aws:apigateway:us-east-1:states:action\/StartExecutionarn:aws:lambda:/, why: 'the function and the machine both have `http: GET start`: in the plugin\'s one API they share the logical ID ApiGatewayMethodStartGet and the function\'s integration leaks into the machine\'s (a Uri no API Gateway accepts); stepf\'s stack has its own API, so the machine\'s method is whole' },
  ],
  'tahir-task': [
    { diff: /^stateMachines\.ExpressStateMachine\.otherProperties\.LoggingConfiguration\.Destinations\[0\]\.CloudWatchLogsLogGroup\.LogGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:<Ref:LogGroup>:\*" ≠ "<GetAtt:LogGroup.Arn>"$/, why: 'the log group (generated name) stays in the Serverless stack: stepf builds the ARN GetAtt would give from its name, read as a Parameter at deploy' },
  ],
  'khui-sfn': [
    { diff: /^grants: ServerlessDemo: lambda:InvokeFunction on arn:aws:lambda:us-east-1:123456789012:function:serverless-aws-step-functions-dev-(hello|world)$/, why: 'useExactVersion: stepf grants the published versions only, the plugin every version of the functions' },
  ],
  'plugin-athena': [
    { diff: /^grants: \w+: glue:(Create|Update|Delete|Batch\w+)\w* on /, why: 'the query is SELECT 1: stepf grants the Glue catalog read-only to read-only queries, the plugin writes to any query' },
    { diff: /^grants: \w+: s3:CreateBucket on /, why: 'the results bucket of OutputLocation exists; Athena never creates it' },
    { diff: /^grants: \w+: athena:(ListQueryExecutions|BatchGetQueryExecution) on /, why: 'the Athena integration never lists or batch-reads executions; stepf grants Get/Stop/GetQueryResults on the workgroup for .sync' },
    { diff: /^grants: \w+: athena:getDataCatalog on arn:aws:athena:[^:]+:\d+:workgroup\/primary$/, why: 'GetDataCatalog acts on a data catalog, not a workgroup: stepf grants it on datacatalog/AwsDataCatalog' },
  ],
};

const env = { AWS_REGION: process.env.AWS_REGION, AWS_PROFILE: process.env.AWS_PROFILE, AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE };
beforeAll(() => {
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_CONFIG_FILE = '/nonexistent';
  delete process.env.AWS_PROFILE;
});
afterAll(() => {
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  else process.env[k] = v;
});

/** Logical IDs of the config's own resources.Resources and Outputs (through ${file()} too), as stepf reads them. */
async function userResourceIds(dir: string): Promise<{ resources: string[]; outputs: string[] }> {
  const loaded = await loadConfig(dir);
  const resolver = await createResolver({ root: loaded, options: { stage: 'dev' } });
  const { value } = await resolver.getLenient(['resources']);
  const parts = Array.isArray(value) ? value : [value];
  const keys = (section: 'Resources' | 'Outputs') =>
    parts.flatMap((p) => {
      const r = p && typeof p === 'object' ? (p as Record<string, unknown>)[section] : undefined;
      return r && typeof r === 'object' ? Object.keys(r) : [];
    });
  return { resources: keys('Resources'), outputs: keys('Outputs') };
}

/**
 * What the Serverless core makes for the functions' own events (not the plugin): API methods integrating a
 * Lambda function, with the OPTIONS methods, request validators and path resources beside them, Lambda permissions, the rules of
 * function schedules, the buckets of s3 events, the event source mappings of sqs/stream events, the subscriptions of sns events; and the REST API itself with its deployment and
 * ServiceEndpoint when no machine has an http event. These stay with `serverless deploy`.
 */
function functionEventIds(plugin: Template, stepf: Template): { ids: string[]; outputs: string[] } {
  const res = (plugin.Resources ?? {}) as Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  const ours = (stepf.Resources ?? {}) as Record<string, unknown>;
  const fns = Object.keys(res).filter((id) => res[id]!.Type === 'AWS::Lambda::Function');
  const namesFunction = (v: unknown) => {
    const text = JSON.stringify(v ?? '');
    return text.includes(':lambda:path/') || fns.some((f) => text.includes(`"${f}"`));
  };
  const methods = Object.entries(res).filter(([, r]) => r.Type === 'AWS::ApiGateway::Method');
  const resourceOf = (r: { Properties?: Record<string, unknown> }) => JSON.stringify(r.Properties?.ResourceId ?? '');
  const fnResources = new Set(methods.filter(([, r]) => namesFunction(r.Properties?.Integration)).map(([, r]) => resourceOf(r)));
  const ids = new Set<string>();
  for (const [id, r] of Object.entries(res)) {
    if (id in ours) continue;
    const p = r.Properties ?? {};
    if (r.Type === 'AWS::ApiGateway::Method' && (namesFunction(p.Integration) || (p.HttpMethod === 'OPTIONS' && fnResources.has(resourceOf(r))))) ids.add(id);
    if (r.Type === 'AWS::Lambda::Permission' && namesFunction(p.FunctionName)) ids.add(id);
    if (r.Type === 'AWS::Events::Rule' && namesFunction(p.Targets)) ids.add(id);
    if (r.Type === 'AWS::Lambda::EventSourceMapping') ids.add(id);
    if (r.Type === 'AWS::SNS::Subscription' && namesFunction(p.Endpoint)) ids.add(id);
    if (r.Type === 'AWS::S3::Bucket' && id.startsWith('S3Bucket')) ids.add(id);
  }
  // A function method's request validator (http request.parameters marked required) serves that method only.
  for (const [id, r] of Object.entries(res)) {
    const validator = (r.Properties?.RequestValidatorId as { Ref?: string } | undefined)?.Ref;
    if (ids.has(id) && validator && !(validator in ours)) ids.add(validator);
  }
  for (const [id, r] of Object.entries(res)) {
    if (r.Type === 'AWS::ApiGateway::Resource' && !(id in ours) && methods.every(([mid, m]) => resourceOf(m) !== JSON.stringify({ Ref: id }) || ids.has(mid))) ids.add(id);
  }
  const stepfHasApi = Object.values(ours).some((r) => (r as { Type?: string }).Type === 'AWS::ApiGateway::RestApi');
  const outputs: string[] = [];
  if (!stepfHasApi) {
    for (const [id, r] of Object.entries(res)) if (r.Type === 'AWS::ApiGateway::RestApi' || r.Type === 'AWS::ApiGateway::Deployment') ids.add(id);
    outputs.push('ServiceEndpoint');
  }
  return { ids: [...ids], outputs };
}

function section(name: string): string {
  const start = sources.indexOf(`\n## ${name}\n`);
  if (start < 0) return '';
  const next = sources.indexOf('\n## ', start + 1);
  return sources.slice(start, next < 0 ? undefined : next);
}

it('holds at least 40 real configs', () => {
  expect(cases.length).toBeGreaterThanOrEqual(40);
});

describe.each(cases)('real config %s', (name) => {
  const dir = join(root, name);
  const isError = existsSync(join(dir, 'stepf.error.txt'));

  it('says where it comes from and what was changed (SOURCES.md)', () => {
    const text = section(name);
    expect(text, `no "## ${name}" section in fixtures/real/SOURCES.md`).not.toBe('');
    expect(text).toMatch(/^- Repository: https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/m);
    expect(text).toMatch(/^- Path: \S.*$/m); // a path may hold spaces ("Nested workflows/serverless.yml")
    expect(text).toMatch(/^- Commit: [0-9a-f]{40}$/m);
    expect(text).toMatch(/^- Edits:/m);
    if (isError) expect(text).toMatch(/^- Why stepf refuses it:/m);
  });

  it.skipIf(isError)("has the plugin's machines, logical IDs, definitions, outputs, events and grants", async () => {
    const pluginFile = join(dir, 'plugin.template.json');
    expect(existsSync(pluginFile), 'run `bash scripts/oracle.sh real/' + name + '`').toBe(true);
    const plugin = JSON.parse(readFileSync(pluginFile, 'utf8')) as Template;
    const result = await packageService({ cwd: dir, stage: 'dev' });
    const stepfTpl = result.template as unknown as Template;
    const stepfIds = new Set(Object.keys((stepfTpl.Resources ?? {}) as object));
    // resources: entries stepf leaves with the Serverless stack are in the plugin's template only.
    const user = await userResourceIds(dir);
    const staying = user.resources.filter((id) => !stepfIds.has(id));
    const stepfOutputs = new Set(Object.keys((stepfTpl.Outputs ?? {}) as object));
    const stayingOutputs = user.outputs.filter((id) => !stepfOutputs.has(id));
    const stepfOpts = { stackName: 'stack' };
    const fnApi = functionEventIds(plugin, stepfTpl);
    const pluginOpts = { stackName: 'stack', omit: { frameworkCore: true, logicalIds: [...staying, ...fnApi.ids], outputs: [...fnApi.outputs, ...stayingOutputs] } };
    const diffs = [
      ...diffSummaries(summarizeForComparison(stepfTpl, stepfOpts), summarizeForComparison(plugin, pluginOpts)),
      ...diffSummaries(summarizeEvents(stepfTpl, stepfOpts), summarizeEvents(plugin, pluginOpts)).map((d) => `events.${d}`),
      ...compareGrants(stepfTpl, plugin, { stepf: stepfOpts, plugin: pluginOpts }).uncovered.map((g) => `grants: ${g}`),
    ];
    const own = DELIBERATE[name] ?? [];
    const allowed = [...EVERYWHERE, ...own];
    if (process.env.SHOW_DIFFS) console.log(`DIFFS ${name}\n${diffs.filter((d) => !allowed.some((a) => a.diff.test(d))).join('\n')}`);
    expect(diffs.filter((d) => !allowed.some((a) => a.diff.test(d)))).toEqual([]);
    for (const a of own) expect(diffs.some((d) => a.diff.test(d)), `deliberate difference still present: ${a.why}`).toBe(true);
    expect(result.machines.length).toBeGreaterThan(0);
  });
});
