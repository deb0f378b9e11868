import type { Diagnostic } from '../errors.js';
import { getAttParts, isIntrinsic, mapIntrinsics } from './intrinsics.js';
import type { FunctionModel } from './model.js';
import { lambdaLogicalId, normalize } from './naming.js';
import type { CrossStackParameter } from './types.js';

/**
 * References from stepf's stack to the Serverless stack (reference: issue "two stacks, one service").
 * A function or a resource with a known name becomes the ARN or name AWS gives it, built with Fn::Sub;
 * what cannot be known offline becomes a Parameter of stepf's stack, named as the resource itself, so a
 * `Ref` keeps working and `deploy` fills it from the deployed Serverless stack.
 */

const P = '${AWS::Partition}';
const R = '${AWS::Region}';
const A = '${AWS::AccountId}';

interface KnownType {
  nameProp: string;
  /** What Ref returns, from the name (Fn::Sub text). */
  ref: (name: string) => string;
  attrs: Record<string, (name: string, props: Record<string, unknown>) => string>;
}

/** Types whose Ref/Arn follow from their explicit name. Ref semantics are CloudFormation's. */
const KNOWN: Record<string, KnownType> = {
  'AWS::Lambda::Function': {
    nameProp: 'FunctionName',
    ref: (n) => n,
    attrs: { Arn: (n) => `arn:${P}:lambda:${R}:${A}:function:${n}` },
  },
  'AWS::DynamoDB::Table': {
    nameProp: 'TableName',
    ref: (n) => n,
    attrs: { Arn: (n) => `arn:${P}:dynamodb:${R}:${A}:table/${n}` },
  },
  'AWS::SQS::Queue': {
    nameProp: 'QueueName',
    ref: (n) => `https://sqs.${R}.\${AWS::URLSuffix}/${A}/${n}`,
    attrs: { Arn: (n) => `arn:${P}:sqs:${R}:${A}:${n}`, QueueName: (n) => n, QueueUrl: (n) => `https://sqs.${R}.\${AWS::URLSuffix}/${A}/${n}` },
  },
  'AWS::SNS::Topic': {
    nameProp: 'TopicName',
    ref: (n) => `arn:${P}:sns:${R}:${A}:${n}`,
    attrs: { TopicArn: (n) => `arn:${P}:sns:${R}:${A}:${n}`, TopicName: (n) => n },
  },
  'AWS::S3::Bucket': {
    nameProp: 'BucketName',
    ref: (n) => n,
    attrs: { Arn: (n) => `arn:${P}:s3:::${n}` },
  },
  'AWS::Events::EventBus': {
    nameProp: 'Name',
    ref: (n) => n,
    attrs: { Arn: (n) => `arn:${P}:events:${R}:${A}:event-bus/${n}`, Name: (n) => n },
  },
  'AWS::Logs::LogGroup': {
    nameProp: 'LogGroupName',
    ref: (n) => n,
    attrs: { Arn: (n) => `arn:${P}:logs:${R}:${A}:log-group:${n}:*` },
  },
  'AWS::Kinesis::Stream': {
    nameProp: 'Name',
    ref: (n) => n,
    attrs: { Arn: (n) => `arn:${P}:kinesis:${R}:${A}:stream/${n}` },
  },
  'AWS::IAM::Role': {
    nameProp: 'RoleName',
    ref: (n) => n,
    attrs: { Arn: (n, props) => `arn:${P}:iam::${A}:role${rolePath(props)}${n}` },
  },
};

/** A role's ARN holds its Path (default `/`); a Path CloudFormation computes cannot be known offline. */
function rolePath(props: Record<string, unknown>): string {
  return typeof props.Path === 'string' && !props.Path.includes('${') ? props.Path : '/';
}

/** From a physical ID held in Parameter X: the attributes that can be built from it. */
const FROM_PHYSICAL_ID: Record<string, Record<string, string>> = {
  'AWS::Lambda::Function': { Arn: `arn:${P}:lambda:${R}:${A}:function:\${X}` },
  'AWS::DynamoDB::Table': { Arn: `arn:${P}:dynamodb:${R}:${A}:table/\${X}` },
  'AWS::S3::Bucket': { Arn: `arn:${P}:s3:::\${X}` },
  'AWS::SNS::Topic': { TopicArn: '${X}' },
  'AWS::Events::EventBus': { Name: '${X}' },
  'AWS::Kinesis::Stream': { Arn: `arn:${P}:kinesis:${R}:${A}:stream/\${X}` },
  // Ref of a KMS key is its key ID; of a log group, its name.
  'AWS::KMS::Key': { Arn: `arn:${P}:kms:${R}:${A}:key/\${X}` },
  'AWS::Logs::LogGroup': { Arn: `arn:${P}:logs:${R}:${A}:log-group:\${X}:*` },
  // Ref of a role is its name; the ARN adds the Path, handled in resolve().
  'AWS::IAM::Role': { Arn: `arn:${P}:iam::${A}:role/\${X}` },
};

/**
 * Whether stepf's stack can know `Fn::GetAtt X.attr` (or `Ref X`, attr undefined) of a resource that stays
 * in the Serverless stack: from its explicit name, or from its physical ID passed as a Parameter.
 */
export function readableAcrossStacks(res: Record<string, unknown>, attr: string | undefined): boolean {
  if (attr === undefined) return true;
  const type = String(res.Type ?? '');
  const known = KNOWN[type];
  const name = known ? ((res.Properties ?? {}) as Record<string, unknown>)[known.nameProp] : undefined;
  if (known && typeof name === 'string' && !name.includes('${') && known.attrs[attr]) return true;
  return FROM_PHYSICAL_ID[type]?.[attr] !== undefined;
}

export interface CrossStackContext {
  functions: FunctionModel[];
  /** Resources that stay in the Serverless stack, by logical ID. */
  serverlessResources: Record<string, Record<string, unknown>>;
  /** Logical IDs that stepf's own stack defines (machines, roles, taken resources, ...). */
  ownIds: Set<string>;
  serverlessStackName: string;
}

export class CrossStack {
  readonly parameters = new Map<string, CrossStackParameter>();
  readonly problems: Diagnostic[] = [];
  private readonly fnByKey = new Map<string, FunctionModel>();
  private readonly fnByLogicalId = new Map<string, FunctionModel>();

  constructor(private readonly ctx: CrossStackContext) {
    for (const f of ctx.functions) {
      this.fnByKey.set(f.key, f);
      this.fnByLogicalId.set(lambdaLogicalId(f.key), f);
    }
  }

  /**
   * What the Serverless stack holds under logical ID `id` (a function, its log group, the Framework's role
   * and bucket, a `resources:` entry that stays), in words; undefined when it is not there.
   */
  serverlessOwner(id: string): string | undefined {
    if (this.ctx.ownIds.has(id)) return undefined;
    const res = this.ctx.serverlessResources[id];
    if (res) return `${id} (${String(res.Type ?? 'a resource')} in resources:)`;
    const fn = this.fnByKey.get(id) ?? this.fnByLogicalId.get(id);
    if (fn) return `function ${fn.key}`;
    const logGroupOf = [...this.fnByKey.values()].find((f) => `${normalize(f.key)}LogGroup` === id);
    if (logGroupOf) return `the log group of function ${logGroupOf.key}`;
    if (id === 'IamRoleLambdaExecution') return "the functions' role IamRoleLambdaExecution";
    if (id === 'ServerlessDeploymentBucket') return 'the deployment bucket ServerlessDeploymentBucket';
    return undefined;
  }

  /** Fn::Sub text for `Ref X` / `GetAtt X.attr` when X is in the Serverless stack; undefined when X is not. */
  private resolve(
    id: string,
    attr: string | undefined,
    inDefinition: boolean,
    path: Array<string | number>,
    exactVersion = false,
  ): { text: string } | { param: string } | undefined {
    if (this.ctx.ownIds.has(id) || id.startsWith('AWS::')) return undefined;
    const fn = this.fnByKey.get(id) ?? this.fnByLogicalId.get(id);
    if (fn && !this.ctx.serverlessResources[id]) {
      // useExactVersion: the version the Serverless stack published, from its `<Fn>QualifiedArn` output.
      if (inDefinition && exactVersion && (attr === undefined || attr === 'Arn')) return { param: this.qualifiedArnParameter(fn) };
      const arn = `arn:${P}:lambda:${R}:${A}:function:${fn.name}`;
      // In a definition a function reference means its ARN (the plugin's rule); elsewhere Ref is the name.
      if (attr === undefined) return { text: inDefinition ? arn : fn.name };
      if (attr === 'Arn') return { text: arn };
    }
    const res = this.ctx.serverlessResources[id];
    if (!res) return undefined;
    const type = String(res.Type ?? '');
    const props = (res.Properties ?? {}) as Record<string, unknown>;
    const known = KNOWN[type];
    const name = known ? props[known.nameProp] : undefined;
    if (known && typeof name === 'string' && !name.includes('${')) {
      if (attr === undefined) return { text: known.ref(name) };
      const build = known.attrs[attr];
      if (build) return { text: build(name, props) };
    }
    // Not knowable offline: a Parameter named as the resource, filled with its physical ID at deploy time.
    const fromId = FROM_PHYSICAL_ID[type];
    if (attr !== undefined && !readableAcrossStacks(res, attr)) {
      this.problems.push({
        severity: 'error',
        code: 'cross-stack-attribute',
        message: `Fn::GetAtt ${id}.${attr} names a resource of the Serverless stack (${type || 'unknown type'}); stepf cannot read that attribute across stacks`,
        path,
        // An explicit name helps only where the attribute follows from it (a Connection's or a stream's ARN does not).
        hint: `${known?.attrs[attr] ? `give ${id} an explicit name (${known.nameProp}), or ` : ''}export the value as an Output of the Serverless stack and use \${cf:${this.ctx.serverlessStackName}.<OutputKey>}`,
      });
      return undefined;
    }
    if (!this.parameters.has(id)) {
      this.parameters.set(id, {
        name: id,
        description: `Physical ID of ${id} (${type}) in stack ${this.ctx.serverlessStackName}, passed by stepf deploy`,
        source: { stackName: this.ctx.serverlessStackName, logicalId: id, kind: 'physicalId' },
      });
    }
    if (attr === undefined) return { param: id };
    const text = fromId![attr].replace('${X}', `\${${id}}`);
    return { text: type === 'AWS::IAM::Role' ? text.replace(':role/', `:role${rolePath(props)}`) : text };
  }

  private qualifiedArnParameter(fn: FunctionModel): string {
    const name = `${lambdaLogicalId(fn.key)}QualifiedArn`;
    if (!this.parameters.has(name)) {
      this.parameters.set(name, {
        name,
        description: `Version ARN of function ${fn.key} (output ${name} of stack ${this.ctx.serverlessStackName}), passed by stepf deploy (useExactVersion)`,
        source: { stackName: this.ctx.serverlessStackName, logicalId: name, kind: 'output' },
      });
    }
    return name;
  }

  /** `X` or `X.Attr` as written inside `${...}` (or `#{...}`), resolved as Ref / Fn::GetAtt would be. */
  private resolveName(ref: string, inDefinition: boolean, path: Array<string | number>, exactVersion?: boolean) {
    const name = ref.trim();
    const dot = name.indexOf('.');
    return this.resolve(dot > 0 ? name.slice(0, dot) : name, dot > 0 ? name.slice(dot + 1) : undefined, inDefinition, path, exactVersion);
  }

  /**
   * Rewrites every reference to the Serverless stack inside value (a definition or a taken resource).
   * `exactVersion` (a machine's useExactVersion): function references in a definition name the published version.
   */
  rewrite(value: unknown, opts: { inDefinition: boolean; path: Array<string | number>; exactVersion?: boolean }): unknown {
    return mapIntrinsics(
      this.rewritePseudoRefs(value, opts, opts.path),
      (intrinsic, rel) => {
        const path = [...opts.path, ...rel];
        const [key] = Object.keys(intrinsic);
        const v = intrinsic[key];
        if (key === 'Ref' && typeof v === 'string') {
          const r = this.resolve(v, undefined, opts.inDefinition, path, opts.exactVersion);
          if (!r) return intrinsic;
          return 'param' in r ? { Ref: r.param } : subOrString(r.text);
        }
        if (key === 'Fn::GetAtt') {
          const parts = getAttParts(v);
          if (!parts) return intrinsic;
          const r = this.resolve(parts[0], parts[1], opts.inDefinition, path, opts.exactVersion);
          if (!r) return intrinsic;
          return 'param' in r ? { Ref: r.param } : subOrString(r.text);
        }
        if (key === 'Fn::Sub') {
          const text = typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined;
          if (text === undefined) return intrinsic;
          const locals = Array.isArray(v) && isObject(v[1]) ? new Set(Object.keys(v[1])) : new Set<string>();
          const newText = text.replace(/\$\{([^!}][^}]*)\}/g, (m, ref: string) => {
            if (locals.has(ref.trim())) return m;
            const r = this.resolveName(ref, opts.inDefinition, path, opts.exactVersion);
            if (!r) return m;
            return 'param' in r ? `\${${r.param}}` : r.text;
          });
          if (typeof v === 'string') return { 'Fn::Sub': newText };
          return { 'Fn::Sub': [newText, this.rewrite((v as unknown[])[1], { ...opts, path: [...path, 'Fn::Sub', 1] })] };
        }
        return intrinsic;
      },
      [],
    );
  }

  /**
   * `#{X}` in a string that names the Serverless stack, resolved as `${X}` would be; the result is written
   * with `#{...}` again so that compile's last pass (pseudo.ts) still makes the string an Fn::Sub.
   */
  private rewritePseudoRefs(v: unknown, opts: { inDefinition: boolean; exactVersion?: boolean }, path: Array<string | number>): unknown {
    if (typeof v === 'string') {
      if (!v.includes('#{')) return v;
      return v.replace(/#\{([^}]+)\}/g, (m, ref: string) => {
        const r = this.resolveName(ref, opts.inDefinition, path, opts.exactVersion);
        if (!r) return m;
        return 'param' in r ? `#{${r.param}}` : r.text.replace(/\$\{/g, '#{');
      });
    }
    // Copied only where a string changed: this walks every value of every definition.
    if (Array.isArray(v)) {
      const out = v.map((x, i) => (typeof x === 'string' || (x && typeof x === 'object') ? this.rewritePseudoRefs(x, opts, [...path, i]) : x));
      return out.some((x, i) => x !== v[i]) ? out : v;
    }
    if (isObject(v)) {
      let out: Record<string, unknown> | undefined;
      for (const k in v) {
        const x = v[k];
        if (typeof x !== 'string' && !(x && typeof x === 'object')) continue;
        const y = this.rewritePseudoRefs(x, opts, [...path, k]);
        if (y !== x) (out ??= { ...v })[k] = y;
      }
      return out ?? v;
    }
    return v;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function subOrString(text: string): unknown {
  return text.includes('${') ? { 'Fn::Sub': text } : text;
}

export { isIntrinsic };
