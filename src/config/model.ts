import type { AliasConfig } from './schema/aliases.js';
import type { AlarmsConfig, EventItem, HttpApiLogs, NotificationsConfig, ProviderHttpApi } from './schema/index.js';

/**
 * What the compiler reads: the resolved, schema-checked service. Kept structural (not tied to the zod
 * types) so compile code and its tests build models directly.
 */
export interface MachineModel {
  key: string;
  name?: string;
  id?: string;
  type?: 'STANDARD' | 'EXPRESS';
  definition: Record<string, unknown>;
  role?: unknown;
  iamRoleStatements?: Array<Record<string, unknown>>;
  kmsKeyArns?: unknown[];
  encryptionConfig?: { KmsKeyId?: unknown; KmsDataKeyReusePeriodSeconds?: number; Type?: string };
  loggingConfig?: { level?: string; includeExecutionData?: boolean; destinations?: unknown[] };
  tracingConfig?: { enabled?: boolean };
  tags?: Record<string, unknown>;
  inheritGlobalTags?: boolean;
  dependsOn?: string | string[];
  retain?: boolean;
  /** As the schema parsed them: one kind per item, keys and types checked (src/config/schema/events.ts). */
  events?: EventItem[];
  alarms?: AlarmsConfig;
  notifications?: NotificationsConfig;
  useExactVersion?: boolean;
  configureTaskTimeouts?: boolean;
  /** Publish a version whenever the machine changes (compile/versions.ts). */
  versions?: boolean;
  aliases?: AliasConfig[];
}

export interface FunctionModel {
  key: string;
  /** The deployed function name: `functions.<key>.name` or `<service>-<stage>-<key>`. */
  name: string;
  timeout?: number;
}

export interface ProviderModel {
  tags?: Record<string, unknown>;
  stackTags?: Record<string, unknown>;
  rolePermissionsBoundary?: unknown;
  iam?: { role?: { path?: string; permissionsBoundary?: unknown }; deploymentRole?: string };
  logRetentionInDays?: number;
  timeout?: number;
  versionFunctions?: boolean;
  /** As the schema parsed them (src/config/schema/http-api.ts). */
  httpApi?: ProviderHttpApi;
  logs?: { httpApi?: HttpApiLogs };
  [k: string]: unknown;
}

export interface ResourcesModel {
  Resources?: Record<string, Record<string, unknown>>;
  Outputs?: Record<string, Record<string, unknown>>;
  Conditions?: Record<string, unknown>;
}

export interface ServiceModel {
  service: string;
  stage: string;
  region: string;
  stackName: string;
  serverlessStackName: string;
  provider: ProviderModel;
  functions: FunctionModel[];
  machines: MachineModel[];
  activities: string[];
  noOutput: boolean;
  /** The `resources:` entries stepf's stack takes (already chosen by the caller: see compile/resources.ts). */
  resources: ResourcesModel;
  /** Where each of those entries is written (`Resources.X` → its config path); absent: `resources.Resources.X`. */
  resourceOrigin?: ReadonlyMap<string, Array<string | number>>;
  /** Logical IDs (with types and properties) of the resources that stay in the Serverless stack. */
  serverlessResources: Record<string, Record<string, unknown>>;
  /** What the versions published by this deploy say (`--description`, else the git commit). */
  versionDescription?: string;
}
