import type { Diagnostic } from '../../errors.js';
import type { Res } from './arn.js';
import type { Params } from './values.js';

export interface PolicyInput {
  /** The ASL object; values may hold CloudFormation intrinsics and `#{AWS::Region}` pseudo-parameters. */
  definition: Record<string, unknown>;
  machineKey: string;
  /** For the Distributed Map grant on the machine's own child executions. */
  machineLogicalId: string;
  stateMachineName?: string;
  loggingConfig?: { level?: string; includeExecutionData?: boolean; destinations?: unknown[] };
  tracingConfig?: { enabled?: boolean };
  kmsKeyArns?: unknown[];
  encryptionKmsKeyId?: unknown;
  /** Config path of the machine, for warnings. */
  basePath: Array<string | number>;
  /** CloudFormation type of a logical ID a `Ref` may name (what Ref returns depends on it); optional. */
  resourceType?: (logicalId: string) => string | undefined;
}

export interface GrantSummary {
  actions: string[];
  resources: unknown[];
}

export interface PolicyResult {
  statements: import('../types.js').IamStatement[];
  selfStatements: import('../types.js').IamStatement[];
  warnings: Diagnostic[];
  grants: GrantSummary[];
}

export type Condition = Record<string, Record<string, unknown>>;

/** What one Task needs: actions on resources (optionally under a condition). */
export interface Grant {
  actions: string[];
  resources: Res[];
  condition?: Condition;
  /** Names the machine itself: goes to the separate policy. */
  self?: boolean;
}

export type Pattern = '' | 'sync' | 'sync:2' | 'waitForTaskToken';

export interface TaskCtx {
  stateName: string;
  state: Record<string, unknown>;
  path: Array<string | number>;
  /** `service:action` after `arn:aws:states:::`, e.g. `lambda:invoke`, `aws-sdk:dynamodb:putItem`. */
  integration: string;
  pattern: Pattern;
  params: Params;
  input: PolicyInput;
  /** A warning naming this state. */
  warn(message: string, hint?: string): void;
}

/** Returns the grants, or undefined when stepf cannot derive them (the caller warns). */
export type Handler = (t: TaskCtx) => Grant[] | undefined;
