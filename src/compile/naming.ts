/**
 * Every logical ID and generated name in one place. The rules are the plugin's (reference §2), so a plugin
 * user's Refs, outputs and dashboards keep working: Normalized(x) replaces `-` with `Dash`, `_` with
 * `Underscore`, and upper-cases the first character.
 */
export function normalize(name: string): string {
  const s = name.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export interface MachineNaming {
  key: string;
  id?: string;
  name?: string;
}

/** `Normalized(id || name)`, else `Normalized(key)StepFunctionsStateMachine`. */
export function machineLogicalId(m: MachineNaming): string {
  const base = m.id ?? m.name;
  return base ? normalize(base) : `${normalize(m.key)}StepFunctionsStateMachine`;
}

export function machineOutputKey(m: MachineNaming): string {
  const base = m.id ?? m.name;
  return base ? `${normalize(base)}Arn` : `${normalize(m.key)}StepFunctionsStateMachineArn`;
}

/** `<SM>Version`: the version published when the machine changes (`versions: true`). */
export function machineVersionLogicalId(m: MachineNaming): string {
  return `${machineLogicalId(m)}Version`;
}

/** `<SM><Normalized alias>Alias`, `.` → `Dot` (alias names may hold dots; logical IDs may not). */
export function machineAliasLogicalId(m: MachineNaming, alias: string): string {
  return `${machineLogicalId(m)}${normalize(alias).replace(/\./g, 'Dot')}Alias`;
}

/** `<SM><Normalized alias>AliasArn`, beside the machine's `<SM>Arn`. */
export function machineAliasOutputKey(m: MachineNaming, alias: string): string {
  return `${machineAliasLogicalId(m, alias)}Arn`;
}

export function machineRoleLogicalId(m: MachineNaming): string {
  return `${machineLogicalId(m)}Role`;
}

/** Separate policy for statements naming the machine itself (a Ref from the role to its machine is a cycle). */
export function machineSelfPolicyLogicalId(m: MachineNaming): string {
  return `${machineLogicalId(m)}SelfPolicy`;
}

export function machineLogGroupLogicalId(m: MachineNaming): string {
  return `${machineLogicalId(m)}LogGroup`;
}

export function rolePolicyName(stage: string, service: string): string {
  return `${stage}-${service}-statemachine`;
}

export function activityLogicalId(name: string): string {
  return `${normalize(name)}StepFunctionsActivity`;
}

export function activityOutputKey(name: string): string {
  return `${normalize(name)}StepFunctionsActivityArn`;
}

/** The Serverless Framework's Lambda logical ID for a function key. */
export function lambdaLogicalId(functionKey: string): string {
  return `${normalize(functionKey)}LambdaFunction`;
}

/** The Serverless Framework's default function name. */
export function defaultFunctionName(service: string, stage: string, key: string): string {
  return `${service}-${stage}-${key}`;
}

export function defaultStackName(service: string, stage: string): string {
  return `${service}-${stage}-stepf`;
}

export function serverlessStackName(service: string, stage: string): string {
  return `${service}-${stage}`;
}

// ---- Events, alarms, notifications (reference §2). Schedules and event rules use the machine KEY, never id/name.

/** One API path segment, as the Framework names it: lower-cased, `-`→`Dash`, `{x}`→`xVar`, non-alphanumerics dropped. */
export function normalizePathPart(part: string): string {
  const s = (part.charAt(0).toUpperCase() + part.slice(1).toLowerCase())
    .replace(/-/g, 'Dash')
    .replace(/\{(.*)\}/g, '$1Var')
    .replace(/[^0-9A-Za-z]/g, '');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** `users/{id}/create` → `UsersIdVarCreate`; the root path is ''. */
export function normalizeApiPath(path: string): string {
  return path === '' ? '' : path.split('/').map(normalizePathPart).join('');
}

export const REST_API_LOGICAL_ID = 'ApiGatewayRestApi';
export const API_ROLE_LOGICAL_ID = 'ApigatewayToStepFunctionsRole';
export const API_ROLE_POLICY_NAME = 'apigatewaytostepfunctions';
export const USAGE_PLAN_LOGICAL_ID = 'ApiGatewayUsagePlan';
export const SERVICE_ENDPOINT_OUTPUT = 'ServiceEndpoint';

export function apiResourceLogicalId(path: string): string {
  return `ApiGatewayResource${normalizeApiPath(path)}`;
}

/** `ApiGatewayMethod<Path><Method>`: root GET → `ApiGatewayMethodGet`. */
export function apiMethodLogicalId(path: string, method: string): string {
  const m = method.toLowerCase();
  return `ApiGatewayMethod${normalizeApiPath(path)}${m.charAt(0).toUpperCase()}${m.slice(1)}`;
}

/** provider.apiName, else `<service>-<stage>` with apiGateway.shouldStartNameWithService, else `<stage>-<service>`. */
export function restApiName(service: string, stage: string, apiName?: string, startWithService?: boolean): string {
  if (apiName) return apiName;
  return startWithService ? `${service}-${stage}` : `${stage}-${service}`;
}

export function authorizerLogicalId(name: string): string {
  return normalize(`${name}ApiGatewayAuthorizer`);
}

/** The Framework's rule: last `:` segment of the ARN, then the part after its last `-`. */
export function authorizerNameFromArn(arn: string): string {
  const last = arn.split(':').pop() ?? arn;
  return last.split('-').pop() ?? last;
}

/** `<FunctionLogicalId>LambdaPermission` for a local function; for an ARN authorizer one ID per authorizer (the plugin's collided). */
export function authorizerPermissionLogicalId(functionKey: string | undefined, authorizerName: string): string {
  return functionKey ? `${lambdaLogicalId(functionKey)}LambdaPermission` : `${authorizerLogicalId(authorizerName)}LambdaPermission`;
}

export function requestValidatorLogicalId(service: string): string {
  // The plugin's normalizeNameToAlphaNumericOnly: alphanumerics only, first letter upper-cased (checked with the oracle).
  const alnum = service.replace(/[^0-9A-Za-z]/g, '');
  return `ApiGateway${alnum.charAt(0).toUpperCase()}${alnum.slice(1)}RequestValidator`;
}

function startCaseJoined(s: string): string {
  return s
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^0-9A-Za-z]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** `<MethodLogicalId><StartCase(contentType)>Model`, e.g. `ApiGatewayMethodPostsCreatePostApplicationJsonModel`. */
export function endpointModelLogicalId(methodLogicalId: string, contentType: string): string {
  return `${methodLogicalId}${startCaseJoined(contentType)}Model`;
}

/** `ApiGateway<UpperFirst(camelCase(id))>Model` for a provider.apiGateway.request.schemas entry. */
export function providerModelLogicalId(schemaId: string): string {
  return `ApiGateway${startCaseJoined(schemaId)}Model`;
}

/** The deployment is named by a hash of the API's configuration: an unchanged API keeps its deployment. */
export function apiDeploymentLogicalId(hash: string): string {
  return `ApiGatewayDeployment${hash}`;
}

export function apiKeyLogicalId(n: number): string {
  return `ApiGatewayApiKey${n}`;
}

export function usagePlanKeyLogicalId(n: number): string {
  return `ApiGatewayUsagePlanKey${n}`;
}

export function scheduleRuleLogicalId(key: string, n: number): string {
  return `${normalize(key)}StepFunctionsEventsRuleSchedule${n}`;
}

export function schedulerScheduleLogicalId(key: string, n: number): string {
  return `${normalize(key)}StepFunctionsSchedulerSchedule${n}`;
}

export function scheduleRoleLogicalId(key: string): string {
  return `${normalize(key)}ScheduleToStepFunctionsRole`;
}

export function schedulePolicyName(stage: string, region: string, service: string, key: string): string {
  return `${stage}-${region}-${service}-${key}-schedule`;
}

export function scheduleTargetId(key: string): string {
  return fitName(key, 'StepFunctionsSchedule');
}

export function eventRuleLogicalId(key: string, n: number): string {
  return `${normalize(key)}EventsRuleCloudWatchEvent${n}`;
}

export function eventRoleLogicalId(key: string): string {
  return `${normalize(key)}EventToStepFunctionsRole`;
}

export function eventPolicyName(stage: string, region: string, service: string, key: string): string {
  return `${stage}-${region}-${service}-${key}-event`;
}

export function eventTargetId(key: string): string {
  return fitName(key, 'CloudWatchEvent');
}

/** `<SM><CloudWatchMetricName>Alarm`, e.g. `MyMachineExecutionsFailedAlarm`. */
export function alarmLogicalId(m: MachineNaming, cloudWatchMetricName: string): string {
  return `${machineLogicalId(m)}${cloudWatchMetricName}Alarm`;
}

/** `<SM>Notifications<STATUS without _>EventRule` (`TIMED_OUT` → `TIMEDOUT`). */
export function notificationRuleLogicalId(m: MachineNaming, status: string): string {
  return `${machineLogicalId(m)}Notifications${status.replace('_', '')}EventRule`;
}

export function notificationRoleLogicalId(m: MachineNaming): string {
  return `${machineLogicalId(m)}NotificationsIamRole`;
}

export function notificationPolicyLogicalId(m: MachineNaming, hash5: string): string {
  return `${machineLogicalId(m)}ResourcePolicy${hash5}`;
}

/**
 * EventBridge names (rules, target IDs) are at most 64 characters: a longer one keeps its start and its
 * distinguishing tail, and a hash of the full text in between, so it stays unique and stable.
 */
export function fitName(head: string, tail: string, max = 64): string {
  const full = `${head}${tail}`;
  if (full.length <= max) return full;
  let h = 0x811c9dc5;
  for (let i = 0; i < full.length; i++) h = Math.imul(h ^ full.charCodeAt(i), 0x01000193) >>> 0;
  const hash = h.toString(16).padStart(8, '0');
  return `${head.slice(0, Math.max(0, max - tail.length - 9))}-${hash}${tail}`;
}

/** `<name||key>-<stage>-<STATUS>-notification`: with the stage, so two stages in one account do not collide. */
export function notificationRuleName(m: MachineNaming, stage: string, status: string): string {
  const label = m.name ?? m.key;
  // A name that already ends with `-<stage>` (the usual `name: x-${sls:stage}`) is not suffixed twice.
  return fitName(label.endsWith(`-${stage}`) ? label : `${label}-${stage}`, `-${status}-notification`);
}

// ---- HTTP APIs (API Gateway v2): the Serverless Framework's names (lib/plugins/aws/lib/naming.js).

export const HTTP_API_LOGICAL_ID = 'HttpApi';
export const HTTP_API_STAGE_LOGICAL_ID = 'HttpApiStage';
export const HTTP_API_LOG_GROUP_LOGICAL_ID = 'HttpApiLogGroup';
export const HTTP_API_ID_OUTPUT = 'HttpApiId';
export const HTTP_API_URL_OUTPUT = 'HttpApiUrl';

/** `/aws/http-api/<stack>`: stepf's own stack name, so it never collides with the Serverless stack's API log group. */
export function httpApiLogGroupName(stackName: string): string {
  return `/aws/http-api/${stackName}`;
}

/** `POST /orders/{id}` → `PostOrdersIdVar` (the route key split on `/`, each part as a path part); `*` → `Default`. */
function normalizeRouteKey(routeKey: string): string {
  return routeKey === '*' ? 'Default' : routeKey.split('/').map(normalizePathPart).join('');
}

export function httpApiRouteLogicalId(routeKey: string): string {
  return `HttpApiRoute${normalizeRouteKey(routeKey)}`;
}

/** One integration per route (Serverless has one per function; a state machine's routes differ in action and mapping). */
export function httpApiIntegrationLogicalId(routeKey: string): string {
  return `HttpApiIntegration${normalizeRouteKey(routeKey)}`;
}

export function httpApiAuthorizerLogicalId(name: string): string {
  return `HttpApiAuthorizer${normalize(name)}`;
}

export function httpApiAuthorizerPermissionLogicalId(name: string): string {
  return `${normalize(name)}LambdaAuthorizerPermissionHttpApi`;
}

export function httpApiRoleLogicalId(key: string): string {
  return `${normalize(key)}HttpApiToStepFunctionsRole`;
}

export function httpApiPolicyName(stage: string, region: string, service: string, key: string): string {
  return `${stage}-${region}-${service}-${key}-httpapi`;
}

/** The nested stack that holds the n-th group of a split service's machines (1-based). */
export function nestedStackLogicalId(n: number): string {
  return `StepfGroup${n}`;
}
