import type { Diagnostic } from '../errors.js';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface Template {
  AWSTemplateFormatVersion: '2010-09-09';
  Description?: string;
  Parameters?: Record<string, Record<string, unknown>>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, Resource>;
  Outputs?: Record<string, { Description?: string; Value: unknown; Export?: unknown; Condition?: string }>;
}

export interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Condition?: string;
  Metadata?: Record<string, unknown>;
}

export interface IamStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: unknown;
  NotResource?: unknown;
  Condition?: Record<string, unknown>;
  Principal?: unknown;
}

/** A CloudFormation Parameter of stepf's stack whose value is read from the Serverless stack at deploy time. */
export interface CrossStackParameter {
  name: string;
  description: string;
  /** Where `deploy` reads the value: a resource's physical ID or an output of the Serverless stack. */
  source: { stackName: string; logicalId: string; kind: 'physicalId' | 'arn' | 'output' };
}

export interface MachineSummary {
  key: string;
  logicalId: string;
  name?: string;
  type: 'STANDARD' | 'EXPRESS';
  states: number;
  outputKey?: string;
  roleLogicalId?: string;
  /** Granted actions and on what, for review before deploy (the IAM issue fills this). */
  grants?: Array<{ actions: string[]; resources: unknown[] }>;
  /** `versions: true`: the machine publishes versions; `aliases`: their names, the first one the events' target. */
  versions?: boolean;
  aliases?: string[];
  /** The resolved definition before compiling (CloudFormation intrinsics left in place), for `stepf invoke --local`. */
  definition?: Record<string, unknown>;
}

export interface CompileResult {
  template: Template;
  machines: MachineSummary[];
  parameters: CrossStackParameter[];
  warnings: Diagnostic[];
}
