import { asIs, P, R, regional, type Res, sub } from '../arn.js';
import type { Grant, TaskCtx } from '../types.js';
import type { Val } from '../values.js';
import { isSync, named, passRole } from './common.js';
import { OWN_ACCOUNT, objectArn, parseS3Uri } from './s3.js';

const DYN: Val = { kind: 'dynamic' };
const known = (v: Val): Val => (v.kind === 'text' || v.kind === 'ref' ? v : DYN);

const GLUE_READ = ['glue:GetDatabase', 'glue:GetDatabases', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartition', 'glue:GetPartitions', 'glue:BatchGetPartition'];
const GLUE_WRITE = [
  'glue:CreateDatabase', 'glue:UpdateDatabase', 'glue:DeleteDatabase', 'glue:CreateTable', 'glue:UpdateTable', 'glue:DeleteTable', 'glue:BatchDeleteTable',
  'glue:CreatePartition', 'glue:UpdatePartition', 'glue:DeletePartition', 'glue:BatchCreatePartition', 'glue:BatchDeletePartition',
];

/**
 * Athena: the workgroup; the query's results location (written) when named; the catalog (read-only for
 * SELECT-like queries); table data read from S3 of this account only (table locations are not in the definition).
 */
export function athenaGrants(t: TaskCtx, op: string): Grant[] {
  const wg = t.params.get('WorkGroup');
  const workgroup = named('athena', 'workgroup/', wg.kind === 'absent' ? (op === 'startQueryExecution' ? { kind: 'text', text: 'primary' } : DYN) : known(wg));
  const pascal = `athena:${op.charAt(0).toUpperCase()}${op.slice(1)}`;
  if (op !== 'startQueryExecution') {
    const grants: Grant[] = [{ actions: [pascal], resources: [workgroup] }];
    if (op === 'getQueryResults') grants.push({ actions: ['s3:GetObject'], resources: [sub(`arn:${P}:s3:::*/*`)], condition: { ...OWN_ACCOUNT } });
    return grants;
  }
  const actions = [pascal, ...(isSync(t.pattern) ? ['athena:GetQueryExecution', 'athena:StopQueryExecution', 'athena:GetQueryResults'] : []), 'athena:GetWorkGroup'];
  const grants: Grant[] = [{ actions, resources: [workgroup] }];
  grants.push({ actions: ['athena:GetDataCatalog'], resources: [regional('athena', 'datacatalog/', known(t.params.get('QueryExecutionContext', 'Catalog')).kind === 'text' ? t.params.get('QueryExecutionContext', 'Catalog') : { kind: 'text', text: 'AwsDataCatalog' })] });
  const query = t.params.get('QueryString');
  const readOnly = query.kind === 'text' && /^\s*(\(|select|with|show|describe|explain|values)\b/i.test(query.text);
  const db = t.params.get('QueryExecutionContext', 'Database');
  // A query may name other databases (db.table), so the catalog grant is not limited to QueryExecutionContext.
  const catalog = [regional('glue', 'catalog'), regional('glue', 'database/*'), regional('glue', 'table/*/*'), ...(readOnly ? [] : [regional('glue', 'userDefinedFunction/*/*')])];
  grants.push({ actions: readOnly ? GLUE_READ : [...GLUE_READ, ...GLUE_WRITE], resources: catalog });
  grants.push({ actions: ['lakeformation:GetDataAccess'], resources: ['*'] });
  // Table data: read from buckets of this account.
  grants.push({ actions: ['s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation'], resources: [sub(`arn:${P}:s3:::*`), sub(`arn:${P}:s3:::*/*`)], condition: { ...OWN_ACCOUNT } });
  const out = t.params.get('ResultConfiguration', 'OutputLocation');
  const write = ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'];
  if (out.kind === 'text') {
    const [bucket, key] = parseS3Uri(out);
    grants.push({ actions: write, resources: [objectArn(bucket, DYN, key.kind === 'text' ? { kind: 'text', text: key.text.replace(/\*$/, '') } : undefined)] });
    // Athena's query-results permissions include listing the bucket's multipart uploads.
    grants.push({ actions: ['s3:ListBucket', 's3:GetBucketLocation', 's3:ListBucketMultipartUploads'], resources: [sub(`arn:${P}:s3:::`, bucket)] });
  } else {
    // Results go where the workgroup says, which the definition does not show.
    grants.push({ actions: write, resources: [sub(`arn:${P}:s3:::*/*`)], condition: { ...OWN_ACCOUNT } });
    grants.push({ actions: ['s3:ListBucketMultipartUploads'], resources: [sub(`arn:${P}:s3:::*`)], condition: { ...OWN_ACCOUNT } });
  }
  return grants;
}

const SAGEMAKER: Record<string, { type: string; nameField: string; roleField?: string[]; rule?: string; describe?: string }> = {
  createTrainingJob: { type: 'training-job', nameField: 'TrainingJobName', roleField: ['RoleArn'], rule: 'StepFunctionsGetEventsForSageMakerTrainingJobsRule', describe: 'TrainingJob' },
  createTransformJob: { type: 'transform-job', nameField: 'TransformJobName', rule: 'StepFunctionsGetEventsForSageMakerTransformJobsRule', describe: 'TransformJob' },
  createHyperParameterTuningJob: { type: 'hyper-parameter-tuning-job', nameField: 'HyperParameterTuningJobName', roleField: ['TrainingJobDefinition', 'RoleArn'], rule: 'StepFunctionsGetEventsForSageMakerTuningJobsRule', describe: 'HyperParameterTuningJob' },
  createProcessingJob: { type: 'processing-job', nameField: 'ProcessingJobName', roleField: ['RoleArn'], rule: 'StepFunctionsGetEventsForSageMakerProcessingJobsRule', describe: 'ProcessingJob' },
  createLabelingJob: { type: 'labeling-job', nameField: 'LabelingJobName', roleField: ['RoleArn'], rule: 'StepFunctionsGetEventsForSageMakerLabelingJobsRule', describe: 'LabelingJob' },
  createModel: { type: 'model', nameField: 'ModelName', roleField: ['ExecutionRoleArn'] },
  createEndpointConfig: { type: 'endpoint-config', nameField: 'EndpointConfigName' },
  createEndpoint: { type: 'endpoint', nameField: 'EndpointName' },
  updateEndpoint: { type: 'endpoint', nameField: 'EndpointName' },
};

/** SageMaker names its resources in lower case in ARNs. */
function sagemakerArn(type: string, v: Val): Res {
  if (v.kind === 'text' && !v.text.includes('${')) return regional('sagemaker', `${type}/${v.text.toLowerCase()}`);
  return regional('sagemaker', `${type}/*`);
}

export function sagemakerGrants(t: TaskCtx, op: string): Grant[] | undefined {
  const spec = SAGEMAKER[op];
  if (!spec) return undefined;
  const res = sagemakerArn(spec.type, t.params.get(spec.nameField));
  const actions = [`sagemaker:${op.charAt(0).toUpperCase()}${op.slice(1)}`];
  const grants: Grant[] = [];
  const resources = [res];
  if (op === 'createEndpoint' || op === 'updateEndpoint') resources.push(sagemakerArn('endpoint-config', t.params.get('EndpointConfigName')));
  if (t.params.get('Tags').kind !== 'absent') actions.push('sagemaker:AddTags');
  if (isSync(t.pattern) && spec.describe) {
    actions.push(`sagemaker:Describe${spec.describe}`, `sagemaker:Stop${spec.describe}`, 'sagemaker:ListTags');
    grants.push({ actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'], resources: [regional('events', `rule/${spec.rule}`)] });
  }
  grants.unshift({ actions, resources });
  if (spec.roleField) grants.push(...passRole([t.params.get(...spec.roleField)], ['sagemaker.amazonaws.com']));
  return grants;
}

/** Bedrock InvokeModel: a foundation model in this region, or an inference profile and the models it routes to. */
export function bedrockModel(v: Val): Res[] {
  if (v.kind === 'ref' || (v.kind === 'text' && v.text.startsWith('arn:'))) return [asIs(v)];
  if (v.kind === 'text') {
    const profile = /^(us|eu|apac|us-gov|global|jp|au|ca)\.(.+)$/.exec(v.text);
    if (profile) return [regional('bedrock', `inference-profile/${v.text}`), sub(`arn:${P}:bedrock:*::foundation-model/${profile[2]}`)];
    return [sub(`arn:${P}:bedrock:${R}::foundation-model/`, v)];
  }
  // Chosen at run time: a foundation model (in any region: cross-region profiles route there) or any model
  // resource of this account and region (inference profiles, provisioned, custom and imported models).
  return [sub(`arn:${P}:bedrock:*::foundation-model/*`), regional('bedrock', '*')];
}

export function bedrockInvokeGrants(t: TaskCtx, actions = ['bedrock:InvokeModel']): Grant[] {
  const grants: Grant[] = [{ actions, resources: bedrockModel(t.params.get('ModelId')) }];
  for (const [field, action] of [['Input', 's3:GetObject'], ['Output', 's3:PutObject']] as const) {
    const uri = t.params.get(field, 'S3Uri');
    if (uri.kind === 'absent') continue;
    const [bucket, key] = parseS3Uri(uri);
    grants.push({ actions: [action], resources: [objectArn(bucket, key)], ...(bucket.kind === 'text' ? {} : { condition: { ...OWN_ACCOUNT } }) });
  }
  return grants;
}

/** Glue DataBrew jobs. */
export function databrewGrants(t: TaskCtx): Grant[] {
  const job = named('databrew', 'job/', known(t.params.get('Name')));
  return [{ actions: ['databrew:StartJobRun', ...(isSync(t.pattern) ? ['databrew:DescribeJobRun', 'databrew:StopJobRun', 'databrew:ListJobRuns'] : [])], resources: [job] }];
}

/** A base model by ID (a foundation model of this region) or ARN (also a custom model); run-time → any foundation model. */
function baseModelArn(v: Val): Res {
  if (v.kind === 'ref' || (v.kind === 'text' && v.text.startsWith('arn:'))) return asIs(v);
  if (v.kind === 'text') return sub(`arn:${P}:bedrock:${R}::foundation-model/`, v);
  return sub(`arn:${P}:bedrock:${R}::foundation-model/*`);
}

/**
 * bedrock:createModelCustomizationJob (IAM policies for Amazon Bedrock): the base model, the custom model
 * and job it creates (their IDs are chosen by Bedrock), tags when the Task sets them, `.sync` polls and
 * stops the job; PassRole on the job's role, towards Bedrock only.
 */
export function bedrockCustomizationGrants(t: TaskCtx): Grant[] {
  const baseModel = baseModelArn(t.params.get('BaseModelIdentifier'));
  const customModels = regional('bedrock', 'custom-model/*');
  const jobs = regional('bedrock', 'model-customization-job/*');
  const grants: Grant[] = [{ actions: ['bedrock:CreateModelCustomizationJob'], resources: [baseModel, customModels, jobs] }];
  if (t.params.get('JobTags').kind !== 'absent' || t.params.get('CustomModelTags').kind !== 'absent') grants.push({ actions: ['bedrock:TagResource'], resources: [customModels, jobs] });
  if (isSync(t.pattern)) grants.push({ actions: ['bedrock:GetModelCustomizationJob', 'bedrock:StopModelCustomizationJob'], resources: [jobs] });
  const role = t.params.get('RoleArn');
  grants.push(...passRole([role.kind === 'absent' ? DYN : role], ['bedrock.amazonaws.com']));
  return grants;
}
