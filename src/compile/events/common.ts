import type { InputTransformer, RetryPolicy } from '../../config/schema/index.js';
import type { ConfigPath, Diagnostic } from '../../errors.js';
import { didYouMean, distance } from '../../util/did-you-mean.js';
import type { CrossStack } from '../cross-stack.js';
import { substitutionFor } from '../definition.js';
import { isIntrinsic } from '../intrinsics.js';
import type { MachineModel, ServiceModel } from '../model.js';
import { machineAliasLogicalId, machineLogicalId } from '../naming.js';
import type { IamStatement, Resource, Template } from '../types.js';
import { hexDigest } from '../../util/hash.js';

/** What every event/alarm/notification compiler shares: the service, the template being built, and the diagnostics. */
export interface EventContext {
  svc: ServiceModel;
  cross: CrossStack;
  template: Template;
  errors: Diagnostic[];
  warnings: Diagnostic[];
}

export type Path = Array<string | number>;

export function machinePath(m: Pick<MachineModel, 'key'>, ...rest: Path): Path {
  return ['stepFunctions', 'stateMachines', m.key, ...rest];
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

export function error(ctx: EventContext, path: ConfigPath, message: string, hint?: string, code = 'invalid-event'): void {
  ctx.errors.push({ severity: 'error', code, message, path, ...(hint ? { hint } : {}) });
}

export function warn(ctx: EventContext, path: ConfigPath, message: string, hint?: string, code = 'event-warning'): void {
  ctx.warnings.push({ severity: 'warning', code, message, path, ...(hint ? { hint } : {}) });
}

/** The closest key by edit distance (a misspelt long key is nearer to itself than to a short prefix of it). */
export function nearestKey(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let score = Infinity;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < score) [best, score] = [c, d];
  }
  return score <= Math.max(2, Math.floor(word.length / 3)) ? best : didYouMean(word, candidates);
}

/** A value the user wrote (an ARN, a name), with its references into the Serverless stack rewritten. */
export function userValue(ctx: EventContext, value: unknown, path: Path): unknown {
  return ctx.cross.rewrite(value, { inDefinition: false, path });
}

/** A string, or an intrinsic (Ref, Fn::GetAtt, Fn::Sub, ...): what an ARN-valued key accepts. */
export function isArnLike(v: unknown): boolean {
  return (typeof v === 'string' && v.length > 0) || isIntrinsic(v);
}

export function shortHash(value: unknown, length = 5): string {
  return hexDigest('md5', JSON.stringify(value)).slice(0, length);
}

const SENTINEL_RE = /@@stepf-json:(\d+)@@/g;

/**
 * A value as JSON text for a CloudFormation string property (EventBridge `Input`, Scheduler `Input`, an
 * `InputTemplate`): always through JSON.stringify, never concatenation, so quotes, backslashes and unicode
 * survive. Intrinsics inside become `${...}` of an Fn::Sub and any other `${` stays literal (`#{X}` is left
 * for compile's last pass, which makes the text an Fn::Sub where it holds one).
 */
export function jsonText(value: unknown): string | { 'Fn::Sub': string | [string, Record<string, unknown>] } {
  const inline: string[] = [];
  const vars: Record<string, unknown> = {};
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (isObject(v)) {
      if (isIntrinsic(v)) {
        inline.push(substitutionFor(v, vars));
        return `@@stepf-json:${inline.length - 1}@@`;
      }
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x);
      return out;
    }
    return v;
  };
  const json = JSON.stringify(walk(value));
  if (!inline.length) return json;
  // Every `${` present now is the user's literal text: escape it before adding our substitutions.
  const text = json.replace(/\$\{(?!!)/g, '${!').replace(SENTINEL_RE, (_m, n: string) => inline[Number(n)]);
  return Object.keys(vars).length ? { 'Fn::Sub': [text, vars] } : { 'Fn::Sub': text };
}

/** The permissions boundary and path every role stepf makes carries (the plugin forgot the boundary on event roles). */
export function roleExtras(ctx: EventContext): { PermissionsBoundary?: unknown; Path?: string } {
  const p = ctx.svc.provider;
  const boundary = p.iam?.role?.permissionsBoundary ?? p.rolePermissionsBoundary;
  const path = p.iam?.role?.path;
  return {
    ...(path ? { Path: path } : {}),
    ...(boundary ? { PermissionsBoundary: userValue(ctx, boundary, ['provider', 'iam', 'role', 'permissionsBoundary']) } : {}),
  };
}

/** An IAM role that AWS services (`principals`) assume, with one inline policy. */
export function serviceRole(ctx: EventContext, principals: string[], policyName: string, statements: IamStatement[]): Resource {
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: principals.length === 1 ? principals[0] : principals }, Action: 'sts:AssumeRole' },
        ],
      },
      Policies: [{ PolicyName: policyName, PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
      ...roleExtras(ctx),
    },
  };
}

/**
 * What an event (schedule, eventBridge, http, httpApi, a notification's stepFunctions target) starts, and so
 * what its role may start: the machine, or the first of its aliases, so traffic shifting applies to events
 * too. Every event kind takes its state machine target from here.
 */
export function startTarget(m: MachineModel): { Ref: string } {
  const alias = m.versions === true ? m.aliases?.[0]?.name : undefined;
  return { Ref: alias !== undefined ? machineAliasLogicalId(m, alias) : machineLogicalId(m) };
}

/** `states:StartExecution` on exactly what these machines' events start (the plugin's API role allowed `*`). */
export function startExecutionStatement(machines: MachineModel[], action = 'states:StartExecution'): IamStatement {
  const refs = [...new Map(machines.map((m) => [machineLogicalId(m), startTarget(m)])).values()];
  return { Effect: 'Allow', Action: [action], Resource: refs.length === 1 ? refs[0] : refs };
}

/** `arn:...:execution:<machine name>:*` (or `:express:`): every execution of the machine with this logical ID. */
export function executionsOf(machineLogicalId: string, kind: 'execution' | 'express' = 'execution'): unknown {
  const split = { 'Fn::Split': [':stateMachine:', { Ref: machineLogicalId }] };
  return { 'Fn::Join': ['', [{ 'Fn::Select': [0, split] }, `:${kind}:`, { 'Fn::Select': [1, split] }, ':*']] };
}

/**
 * `input` → the target's Input text. An object is JSON-encoded; a string that is JSON text is kept; any other
 * string becomes a JSON string (the plugin wrote it raw, which EventBridge rejects).
 */
export function compileInput(ctx: EventContext, input: unknown, path: Path): unknown {
  if (typeof input === 'string') {
    const t = input.trim();
    try {
      JSON.parse(t);
      return t;
    } catch {
      if (t.startsWith('{') || t.startsWith('[')) {
        error(ctx, path, 'input looks like JSON but does not parse', 'write it as a YAML object instead of a string, so stepf encodes it');
        return undefined;
      }
      return jsonText(input);
    }
  }
  return jsonText(input);
}

export interface InputTransformerOut {
  InputPathsMap?: unknown;
  InputTemplate: unknown;
}

/** `inputTransformer: {inputPathsMap, inputTemplate}` (keys and types checked by the schema): the template is text EventBridge fills in. */
export function compileInputTransformer(ctx: EventContext, it: InputTransformer, path: Path): InputTransformerOut {
  return {
    ...(it.inputPathsMap !== undefined ? { InputPathsMap: userValue(ctx, it.inputPathsMap, [...path, 'inputPathsMap']) } : {}),
    InputTemplate: it.inputTemplate,
  };
}

/** `retryPolicy: {maximumEventAgeInSeconds, maximumRetryAttempts}` (ranges checked by the schema) → the target's RetryPolicy, or undefined when empty. */
export function compileRetryPolicy(rp: RetryPolicy | undefined): { MaximumEventAgeInSeconds?: number; MaximumRetryAttempts?: number } | undefined {
  if (rp?.maximumEventAgeInSeconds === undefined && rp?.maximumRetryAttempts === undefined) return undefined;
  return {
    ...(rp.maximumEventAgeInSeconds !== undefined ? { MaximumEventAgeInSeconds: rp.maximumEventAgeInSeconds } : {}),
    ...(rp.maximumRetryAttempts !== undefined ? { MaximumRetryAttempts: rp.maximumRetryAttempts } : {}),
  };
}

