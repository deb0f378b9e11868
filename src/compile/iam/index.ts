import type { Diagnostic } from '../../errors.js';
import type { IamStatement } from '../types.js';
import { consolidate } from './consolidate.js';
import { kmsGrants, loggingGrants, tracingGrants } from './extras.js';
import { batchSubmitJob, codebuildGrants, ecsRunTask, emrGrants, emrServerlessGrants, glueStartJobRun } from './integrations/compute.js';
import { apigatewayInvoke } from './integrations/apigateway.js';
import { athenaGrants, bedrockCustomizationGrants, bedrockInvokeGrants, databrewGrants, sagemakerGrants } from './integrations/data.js';
import { dynamodbGrants } from './integrations/dynamodb.js';
import { eksGrants, emrContainersGrants } from './integrations/kubernetes.js';
import { lambdaDirect, lambdaInvoke } from './integrations/lambda.js';
import { mediaconvertGrants } from './integrations/media.js';
import { eventsPutEvents, snsPublish, sqsSend } from './integrations/messaging.js';
import { itemReaderGrants, resultWriterGrants } from './integrations/s3.js';
import { sdkGrants } from './integrations/sdk.js';
import { distributedMapGrants, httpInvoke, startExecution } from './integrations/states.js';
import type { Grant, GrantSummary, Handler, Pattern, PolicyInput, PolicyResult, TaskCtx } from './types.js';
import { collectSites, type Site } from './walk.js';
import { Params, type Val, valueOf } from './values.js';

export type { PolicyInput, PolicyResult, Grant } from './types.js';

const op = (fn: (t: TaskCtx, op: string) => Grant[] | undefined): Handler => (t) => fn(t, t.integration.slice(t.integration.indexOf(':') + 1));

/** Optimized integrations, by `service:action` after `arn:aws:states:::` (the pattern suffix removed). */
const OPTIMIZED: Record<string, Handler> = {
  'lambda:invoke': lambdaInvoke,
  'sns:publish': snsPublish,
  'sqs:sendMessage': sqsSend,
  'dynamodb:getItem': (t) => dynamodbGrants(t, ['dynamodb:GetItem'], 'getItem'),
  'dynamodb:putItem': (t) => dynamodbGrants(t, ['dynamodb:PutItem'], 'putItem'),
  'dynamodb:updateItem': (t) => dynamodbGrants(t, ['dynamodb:UpdateItem'], 'updateItem'),
  'dynamodb:deleteItem': (t) => dynamodbGrants(t, ['dynamodb:DeleteItem'], 'deleteItem'),
  'states:startExecution': startExecution,
  'ecs:runTask': ecsRunTask,
  'batch:submitJob': batchSubmitJob,
  'glue:startJobRun': glueStartJobRun,
  'databrew:startJobRun': (t) => databrewGrants(t),
  'events:putEvents': eventsPutEvents,
  'http:invoke': httpInvoke,
  'bedrock:invokeModel': (t) => bedrockInvokeGrants(t),
  'bedrock:createModelCustomizationJob': bedrockCustomizationGrants,
  'apigateway:invoke': apigatewayInvoke,
};
const OPTIMIZED_FAMILIES: Record<string, Handler> = {
  codebuild: op(codebuildGrants),
  elasticmapreduce: op(emrGrants),
  'emr-serverless': op(emrServerlessGrants),
  sagemaker: op(sagemakerGrants),
  athena: op(athenaGrants),
  eks: op(eksGrants),
  'emr-containers': op(emrContainersGrants),
  mediaconvert: op(mediaconvertGrants),
};

const STATES_ARN = /^arn:(?:\$\{AWS::Partition\}|[^:]+):states:::(.+)$/;
const PATTERNS: Pattern[] = ['sync:2', 'sync', 'waitForTaskToken'];

function splitPattern(spec: string): { integration: string; pattern: Pattern } {
  for (const p of PATTERNS) if (spec.endsWith(`.${p}`)) return { integration: spec.slice(0, -p.length - 1), pattern: p };
  return { integration: spec, pattern: '' };
}

function isActivity(resource: Val, input: PolicyInput): boolean {
  if (resource.kind === 'text') return /^arn:[^:]*(?:\$\{[^}]*\})?[^:]*:states:[^:]*:[^:]*:activity:/.test(resource.text) || /:states:.*:activity:/.test(resource.text);
  if (resource.kind === 'ref' && typeof resource.value.Ref === 'string') {
    const id = resource.value.Ref;
    return input.resourceType?.(id) === 'AWS::StepFunctions::Activity' || id.endsWith('StepFunctionsActivity');
  }
  return false;
}

const HINT = 'add the permissions it needs under iamRoleStatements of this state machine (or set role)';

function grantsFor(site: Site, input: PolicyInput, warnings: Diagnostic[]): Grant[] {
  if (site.kind === 'distributedMap') return distributedMapGrants(input.machineLogicalId);
  const resource = valueOf(site.node.Resource);
  const warn = (message: string, hint = HINT): void => {
    warnings.push({ severity: 'warning', code: 'iam-no-derived-policy', message: `state ${site.stateName}: ${message}`, path: site.path, hint });
  };
  const spec = resource.kind === 'text' ? STATES_ARN.exec(resource.text)?.[1] : undefined;
  if (!spec) {
    if (site.kind !== 'task') return [];
    if (isActivity(resource, input)) return []; // the activity worker polls with its own credentials
    if (resource.kind === 'text' && /:lambda:/.test(resource.text)) return lambdaDirect(resource);
    if (resource.kind === 'ref') return lambdaDirect(resource);
    warn(`stepf cannot derive IAM permissions for the Task resource ${resource.kind === 'text' ? resource.text : JSON.stringify(site.node.Resource)}`);
    return [];
  }
  const { integration, pattern } = splitPattern(spec);
  const t: TaskCtx = { stateName: site.stateName, state: site.node, path: site.path, integration, pattern, params: new Params(site.params), input, warn };
  let grants: Grant[] | undefined;
  if (site.kind === 'itemReader') {
    const action = integration.split(':').pop() ?? '';
    grants = integration.startsWith('s3:') || integration.startsWith('aws-sdk:s3:') ? itemReaderGrants(t, action) : undefined;
  } else if (site.kind === 'resultWriter') {
    grants = /(^|:)s3:putObject$/.test(integration) ? resultWriterGrants(t) : undefined;
  } else if (integration.startsWith('aws-sdk:')) {
    const [, service, action] = integration.split(':');
    grants = service && action ? sdkGrants(t, service, action) : undefined;
  } else {
    grants = OPTIMIZED[integration]?.(t) ?? OPTIMIZED_FAMILIES[integration.split(':')[0]]?.(t);
  }
  if (!grants) warn(`stepf has no IAM grant table for ${integration}${pattern ? `.${pattern}` : ''}`);
  return grants ?? [];
}

const summary = (statements: IamStatement[]): GrantSummary[] =>
  statements.map((s) => ({ actions: ([] as string[]).concat(s.Action ?? []), resources: ([] as unknown[]).concat(s.Resource ?? []) }));

/**
 * The least-privilege policy of a machine's generated role, derived from its definition. A machine whose
 * definition calls nothing gets no statements: the caller then omits the inline policy, which is valid
 * (the plugin's `Deny *` placeholder only existed because its template always had one).
 */
export function derivePolicy(input: PolicyInput): PolicyResult {
  const warnings: Diagnostic[] = [];
  const grants: Grant[] = [];
  for (const site of collectSites(input.definition, [...input.basePath, 'definition'])) grants.push(...grantsFor(site, input, warnings));
  grants.push(...loggingGrants(input.loggingConfig), ...tracingGrants(input.tracingConfig), ...kmsGrants(input));
  const statements = consolidate(grants.filter((g) => !g.self));
  const selfStatements = consolidate(grants.filter((g) => g.self));
  return { statements, selfStatements, warnings, grants: [...summary(statements), ...summary(selfStatements)] };
}
