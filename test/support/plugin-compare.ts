/**
 * Compare stepf's template with the plugin's (fixtures/<name>/plugin.template.json) by what a deploy would
 * produce, not by how the JSON is spelt. `summarizeForComparison` reduces a template to:
 *  - stateMachines: logical ID → name, type, role, and the EVALUATED definition (DefinitionString as a
 *    plain string, Fn::Sub string or Fn::Sub [text, vars], pseudo-parameters filled in, JSON.parse'd);
 *  - outputs: key → evaluated Value;
 *  - logicalIds: resource type → sorted logical IDs.
 * Anything that cannot be known offline renders as a stable placeholder: `<Ref:X>`, `<GetAtt:X.Arn>`,
 * `<ImportValue:name>`, `<Fn::Select:...>`. Then
 *   expect(summarizeForComparison(stepf, opts)).toEqual(summarizeForComparison(plugin, pluginOpts))
 * holds when the two stacks would create the same state machines, and `diffSummaries` lists where not.
 *
 * Normalisations (each is a difference a deploy does not see):
 *  - a missing StateMachineType is STANDARD (the CloudFormation default);
 *  - DependsOn entries already implied by a Ref/GetAtt in the resource are dropped (cfn-lint W3005);
 *  - Ref/GetAtt of a resource in the same template with an explicit physical name (a Lambda FunctionName, a
 *    DynamoDB TableName, an SQS QueueName, ...) evaluates to the name/ARN AWS gives it, as stepf writes
 *    references into the Serverless stack (issue 2, item 7). Turn off with resolveNamedResources: false;
 *  - the suffix of ApiGatewayDeployment<digits or hex> becomes ApiGatewayDeployment<instanceId>;
 *  - a machine's Tags are sorted by Key (stable, so duplicate keys stay visible): their order means nothing;
 *  - a state's `QueryLanguage: JSONPath` in a JSONPath machine (the default, spelt out) is dropped.
 * Deliberate differences are the caller's to declare: `omit` (e.g. frameworkCore: the Lambda functions,
 * deployment bucket and their outputs that the Serverless Framework core writes, never stepf) and `values`
 * (e.g. stepf's Parameter `Ref:AuditTableName` stands for the plugin's `<Ref:AuditTable>`).
 */

export type Template = Record<string, unknown>;

export interface SummarizeOptions {
  /** AWS::StackName; the two stacks have different names, so pass each its own or the same fixed string. */
  stackName: string;
  region?: string;
  accountId?: string;
  partition?: string;
  urlSuffix?: string;
  /** Fixed renderings for particular references, keyed `Ref:X` or `GetAtt:X.Attr`. */
  values?: Record<string, string>;
  /** Evaluate Ref/GetAtt of resources with an explicit physical name to that name or ARN (default true). */
  resolveNamedResources?: boolean;
  omit?: {
    /** Drop what the Serverless Framework core (not the plugin) writes; see frameworkCoreIds. */
    frameworkCore?: boolean;
    logicalIds?: string[];
    types?: string[];
    outputs?: string[];
  };
}

export interface StateMachineSummary {
  StateMachineName: unknown;
  StateMachineType: string;
  /** Evaluated RoleArn, e.g. `<GetAtt:MachineRole.Arn>` or `arn:aws:iam::123456789012:role/x`. */
  RoleArn: unknown;
  /** `generated`: a GetAtt of an AWS::IAM::Role in the same template; `given`: anything else. */
  roleShape: 'generated' | 'given' | 'none';
  /** The definition as Step Functions would receive it, parsed; a string if it was not JSON. */
  definition: unknown;
  /** The remaining Properties, evaluated (LoggingConfiguration, TracingConfiguration, Tags, ...). */
  otherProperties: Record<string, unknown>;
  DeletionPolicy: unknown;
  UpdateReplacePolicy: unknown;
  /** DependsOn, sorted, without entries a Ref/GetAtt in the resource already implies. */
  DependsOn: string[];
}

export interface TemplateSummary {
  stateMachines: Record<string, StateMachineSummary>;
  outputs: Record<string, unknown>;
  logicalIds: Record<string, string[]>;
}

const STATE_MACHINE = 'AWS::StepFunctions::StateMachine';
const MACHINE_CORE_PROPS = new Set([
  'DefinitionString',
  'Definition',
  'DefinitionSubstitutions',
  'RoleArn',
  'StateMachineName',
  'StateMachineType',
]);

interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
  DeletionPolicy?: unknown;
  UpdateReplacePolicy?: unknown;
}

export function summarizeForComparison(template: Template | string, options: SummarizeOptions): TemplateSummary {
  const tpl = (typeof template === 'string' ? JSON.parse(template) : template) as Template;
  const resources = (tpl.Resources ?? {}) as Record<string, Resource>;
  const outputs = (tpl.Outputs ?? {}) as Record<string, { Value?: unknown }>;
  const omitted = omittedIds(tpl, options);
  const omittedOutputs = new Set([...(options.omit?.outputs ?? []), ...(options.omit?.frameworkCore ? frameworkCoreOutputs(tpl) : [])]);
  const ev = new Evaluator(resources, options);

  const stateMachines: Record<string, StateMachineSummary> = {};
  const logicalIds: Record<string, string[]> = {};
  for (const [id, res] of Object.entries(resources)) {
    if (omitted.has(id)) continue;
    (logicalIds[res.Type] ??= []).push(normalizeId(id));
    if (res.Type === STATE_MACHINE) stateMachines[id] = summarizeMachine(id, res, resources, ev);
  }
  for (const ids of Object.values(logicalIds)) ids.sort();

  const outs: Record<string, unknown> = {};
  for (const [key, out] of Object.entries(outputs)) {
    if (!omittedOutputs.has(key)) outs[key] = ev.renderOrNull(out.Value);
  }
  return { stateMachines: sortKeys(stateMachines), outputs: sortKeys(outs), logicalIds: sortKeys(logicalIds) };
}

/** One grant of a machine's role, evaluated: `states:StartExecution` on `arn:aws:states:...`. */
export interface Grant {
  action: string;
  resource: string;
}

/**
 * What each state machine's role may do: machine logical ID → every (action, resource) pair of the Allow
 * statements of its role's inline policies and of the AWS::IAM::Policy resources attached to that role.
 * A machine with a role that is not in the template (`role:` given) has none.
 */
export function machineGrants(template: Template, options: SummarizeOptions): Record<string, Grant[]> {
  const resources = (template.Resources ?? {}) as Record<string, Resource>;
  const ev = new Evaluator(resources, options);
  const out: Record<string, Grant[]> = {};
  for (const [id, res] of Object.entries(resources)) {
    if (res.Type !== STATE_MACHINE) continue;
    const role = res.Properties?.RoleArn;
    const target = isObject(role) && 'Fn::GetAtt' in role ? getAttTarget(role['Fn::GetAtt']) : undefined;
    if (!target || resources[target[0]]?.Type !== 'AWS::IAM::Role') continue;
    const roleId = target[0];
    const docs: unknown[] = [];
    for (const p of (resources[roleId]!.Properties?.Policies as unknown[] | undefined) ?? []) if (isObject(p)) docs.push(p.PolicyDocument);
    for (const r of Object.values(resources)) {
      const roles = r.Type === 'AWS::IAM::Policy' ? r.Properties?.Roles : undefined;
      if (Array.isArray(roles) && roles.some((x) => isObject(x) && x.Ref === roleId)) docs.push(r.Properties?.PolicyDocument);
    }
    const grants: Grant[] = [];
    for (const doc of docs) {
      const statements = isObject(doc) ? doc.Statement : undefined;
      for (const st of Array.isArray(statements) ? statements : [statements]) {
        if (!isObject(st) || st.Effect !== 'Allow') continue;
        const actions = ([] as unknown[]).concat(st.Action ?? []);
        const rendered = ev.render(st.Resource ?? []);
        const list = ([] as unknown[]).concat(rendered).map((r) => (typeof r === 'string' ? r : placeholder('Value', r)));
        for (const a of actions) for (const r of list) grants.push({ action: String(a), resource: r });
      }
    }
    out[id] = grants;
  }
  return out;
}

/** IAM-style match: `*` any run of characters, `?` one; actions case-insensitively. */
function iamMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, ignoreCase ? 'i' : '').test(value);
}

export interface GrantComparison {
  /** Plugin grants stepf's role does not allow, on an action stepf does not grant at all: `Machine: action on resource`. */
  uncovered: string[];
  /** Plugin grants with a wildcard where stepf grants the same action on exactly what the definition names. */
  narrower: string[];
}

/**
 * Holds stepf's roles against the plugin's: every grant of the plugin's role for a machine must be allowed by
 * stepf's role for the same machine (same logical ID), or be a wildcard grant (`*`, `function:x:*`) of an action
 * stepf also grants, on the resources its definition names (the README's least-privilege rule). The rest is
 * `uncovered`: a grant stepf lacks, so an AccessDenied at run time unless the case says why it is not needed.
 */
export function compareGrants(stepf: Template, plugin: Template, options: { stepf: SummarizeOptions; plugin: SummarizeOptions }): GrantComparison {
  const ours = machineGrants(stepf, options.stepf);
  const theirs = machineGrants(plugin, options.plugin);
  const params = new Set(Object.keys((stepf.Parameters ?? {}) as object));
  const uncovered: string[] = [];
  const narrower: string[] = [];
  for (const [id, grants] of Object.entries(theirs)) {
    const mine = ours[id] ?? [];
    for (const g of grants) {
      const allowed = mine.some((m) => iamMatch(m.action, g.action, true) && iamMatch(m.resource, g.resource, false));
      if (allowed || grantedByName(g, mine, params)) continue;
      const line = `${id}: ${g.action} on ${g.resource}`;
      const sameAction = mine.some((m) => iamMatch(m.action, g.action, true) || iamMatch(g.action, m.action, true));
      if (g.resource.includes('*') && sameAction) narrower.push(line);
      else uncovered.push(line);
    }
  }
  return { uncovered: [...new Set(uncovered)].sort(), narrower: [...new Set(narrower)].sort() };
}

/**
 * A resource the Serverless stack keeps is read by stepf's stack through a Parameter that deploy fills with its
 * physical ID (a table's or topic's name), and its ARN is built from that: where the plugin grants on
 * `<GetAtt:X.Arn>`, stepf grants the same action on `arn:aws:<service>:<region>:<account>:<type>/<Ref:X>`
 * (for a queue, whose physical ID is its URL, on the ARN made of the URL's account and name), the same ARN.
 */
function grantedByName(g: Grant, mine: Grant[], params: Set<string>): boolean {
  const target = /^<GetAtt:(\w+)\.Arn>$/.exec(g.resource)?.[1];
  if (!target || !params.has(target)) return false;
  const built = new RegExp(`^arn:aws:[a-z0-9-]+:[a-z0-9-]*:\\d*:[\\w-]+[/:]<Ref:${target}>$`);
  // A queue's Ref is its URL, `https://sqs.<region>.amazonaws.com/<account>/<name>`: the ARN takes its 4th and 5th fields.
  const field = (i: number) => `<Fn::Select:[${i},<Fn::Split:[/,<Ref:${target}>]>]>`;
  const fromUrl = (r: string) => /^arn:aws:sqs:[a-z0-9-]+:/.test(r) && r.endsWith(`:${field(3)}:${field(4)}`);
  return mine.some((m) => iamMatch(m.action, g.action, true) && (built.test(m.resource) || fromUrl(m.resource)));
}

const EVENT_TYPES = new Set(['AWS::Events::Rule', 'AWS::Scheduler::Schedule', 'AWS::ApiGateway::Method']);

/**
 * The events that start machines, by logical ID, with what decides when and how they fire: a rule's schedule,
 * pattern, bus, state and targets (ARN and input), a schedule's expression and target, an API method's verb,
 * authorization and integration URI. Role ARNs and ids are left out (each tool names its own roles).
 */
export function summarizeEvents(template: Template, options: SummarizeOptions): Record<string, unknown> {
  const resources = (template.Resources ?? {}) as Record<string, Resource>;
  const ev = new Evaluator(resources, options);
  const omitted = omittedIds(template, options);
  const pick = (o: unknown, keys: string[]): Record<string, unknown> =>
    isObject(o) ? Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, ev.render(o[k])])) : {};
  const out: Record<string, unknown> = {};
  for (const [id, res] of Object.entries(resources)) {
    if (!EVENT_TYPES.has(res.Type) || omitted.has(id)) continue;
    const p = res.Properties ?? {};
    if (res.Type === 'AWS::Events::Rule') {
      out[id] = {
        ...pick(p, ['ScheduleExpression', 'EventPattern', 'EventBusName', 'State']),
        Targets: ((p.Targets as unknown[] | undefined) ?? []).map((t) => pick(t, ['Arn', 'Input', 'InputPath', 'InputTransformer'])),
      };
    } else if (res.Type === 'AWS::Scheduler::Schedule') {
      out[id] = { ...pick(p, ['ScheduleExpression', 'ScheduleExpressionTimezone', 'State']), Target: pick(p.Target, ['Arn', 'Input']) };
    } else {
      out[id] = { ...pick(p, ['HttpMethod', 'AuthorizationType', 'ApiKeyRequired']), Integration: pick(p.Integration, ['Type', 'Uri', 'IntegrationHttpMethod']) };
    }
  }
  return sortKeys(out);
}

/**
 * Logical IDs the Serverless Framework core writes for functions and its deployment bucket: stepf's stack
 * never holds them (functions stay with `serverless deploy`).
 */
export function frameworkCoreIds(template: Template): string[] {
  const resources = (template.Resources ?? {}) as Record<string, Resource>;
  const ids: string[] = [];
  for (const [id, res] of Object.entries(resources)) {
    if (
      id === 'ServerlessDeploymentBucket' ||
      id === 'ServerlessDeploymentBucketPolicy' ||
      id === 'IamRoleLambdaExecution' ||
      res.Type === 'AWS::Lambda::Function' ||
      res.Type === 'AWS::Lambda::Version' ||
      // A function's maximumRetryAttempts / destinations: <Fn>LambdaEvConf.
      (res.Type === 'AWS::Lambda::EventInvokeConfig' && id.endsWith('LambdaEvConf')) ||
      (res.Type === 'AWS::Logs::LogGroup' && id.endsWith('LogGroup') && resources[`${id.slice(0, -'LogGroup'.length)}LambdaFunction`])
    ) {
      ids.push(id);
    }
  }
  return ids.sort();
}

/** Outputs the Framework core writes: the deployment bucket's name and each function's current version. */
export function frameworkCoreOutputs(template: Template): string[] {
  const outputs = (template.Outputs ?? {}) as Record<string, unknown>;
  return Object.keys(outputs)
    .filter((k) => k === 'ServerlessDeploymentBucketName' || k.endsWith('LambdaFunctionQualifiedArn'))
    .sort();
}

/**
 * Where two summaries differ, one line per leaf: `stateMachines.X.definition.States.A.Resource: "a" ≠ "b"`
 * (left is `a`, right is `b`). Empty when they are equal; handy in a failure message or a note.
 */
export function diffSummaries(a: unknown, b: unknown, path = ''): string[] {
  if (Object.is(a, b)) return [];
  const bothObjects = isObject(a) && isObject(b);
  const bothArrays = Array.isArray(a) && Array.isArray(b);
  if (bothArrays) {
    const out: string[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      out.push(...diffSummaries(i < a.length ? a[i] : MISSING, i < b.length ? b[i] : MISSING, `${path}[${i}]`));
    }
    return out;
  }
  if (bothObjects) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) =>
      diffSummaries(k in a ? a[k] : MISSING, k in b ? b[k] : MISSING, path ? `${path}.${k}` : k),
    );
  }
  return [`${path || '(root)'}: ${show(a)} ≠ ${show(b)}`];
}

const MISSING = Symbol('missing');

function show(v: unknown): string {
  if (v === MISSING) return '(missing)';
  if (v === undefined) return 'undefined';
  return JSON.stringify(v);
}

function summarizeMachine(id: string, res: Resource, resources: Record<string, Resource>, ev: Evaluator): StateMachineSummary {
  const props = res.Properties ?? {};
  const role = props.RoleArn;
  const otherProperties: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) {
    if (MACHINE_CORE_PROPS.has(k)) continue;
    const rendered = ev.render(v);
    if (rendered !== NO_VALUE) otherProperties[k] = k === 'Tags' ? sortTags(rendered) : rendered;
  }
  return {
    StateMachineName: ev.renderOrNull(props.StateMachineName),
    StateMachineType: typeof props.StateMachineType === 'string' ? props.StateMachineType : 'STANDARD',
    RoleArn: ev.renderOrNull(role),
    roleShape: role === undefined ? 'none' : isGeneratedRole(role, resources) ? 'generated' : 'given',
    definition: ev.definition(props),
    otherProperties: sortKeys(otherProperties),
    DeletionPolicy: res.DeletionPolicy ?? null,
    UpdateReplacePolicy: res.UpdateReplacePolicy ?? null,
    DependsOn: essentialDependsOn(res),
  };
}

function sortTags(tags: unknown): unknown {
  if (!Array.isArray(tags)) return tags;
  const key = (t: unknown): string => (isObject(t) && typeof t.Key === 'string' ? t.Key : '');
  return [...tags].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function isGeneratedRole(role: unknown, resources: Record<string, Resource>): boolean {
  if (!isObject(role) || !('Fn::GetAtt' in role)) return false;
  const target = getAttTarget(role['Fn::GetAtt']);
  return target !== undefined && resources[target[0]]?.Type === 'AWS::IAM::Role';
}

/** DependsOn without the entries a Ref, GetAtt or ${X} inside the resource already implies. */
function essentialDependsOn(res: Resource): string[] {
  const deps = res.DependsOn === undefined ? [] : Array.isArray(res.DependsOn) ? res.DependsOn : [res.DependsOn];
  const implied = referencedIds({ Properties: res.Properties });
  return deps.filter((d) => !implied.has(d)).map(normalizeId).sort();
}

function referencedIds(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const v of node) referencedIds(v, out);
  else if (isObject(node)) {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'Ref' && typeof v === 'string') out.add(v);
      else if (k === 'Fn::GetAtt') {
        const t = getAttTarget(v);
        if (t) out.add(t[0]);
      } else if (k === 'Fn::Sub') {
        const text = Array.isArray(v) ? v[0] : v;
        if (typeof text === 'string') for (const m of text.matchAll(/\$\{([^!}][^}]*)\}/g)) out.add(m[1]!.split('.')[0]!);
      }
      referencedIds(v, out);
    }
  }
  return out;
}

function omittedIds(tpl: Template, options: SummarizeOptions): Set<string> {
  const resources = (tpl.Resources ?? {}) as Record<string, Resource>;
  const ids = new Set(options.omit?.logicalIds ?? []);
  if (options.omit?.frameworkCore) for (const id of frameworkCoreIds(tpl)) ids.add(id);
  const types = new Set(options.omit?.types ?? []);
  for (const [id, res] of Object.entries(resources)) if (types.has(res.Type)) ids.add(id);
  return ids;
}

function normalizeId(id: string): string {
  // The plugin's suffix is the Framework's instance id (digits), stepf's a content hash (hex): both only
  // force a new deployment, so neither is part of what is compared.
  return /^ApiGatewayDeployment[0-9a-fA-F]+$/.test(id) ? 'ApiGatewayDeployment<instanceId>' : id;
}

/** Evaluates intrinsics the way CloudFormation would, with placeholders for what only a deploy knows. */
class Evaluator {
  private readonly pseudo: Record<string, string>;
  private readonly resolving = new Set<string>();

  constructor(
    private readonly resources: Record<string, Resource>,
    private readonly options: SummarizeOptions,
  ) {
    this.pseudo = {
      'AWS::Region': options.region ?? 'us-east-1',
      'AWS::AccountId': options.accountId ?? '123456789012',
      'AWS::Partition': options.partition ?? 'aws',
      'AWS::StackName': options.stackName,
      'AWS::URLSuffix': options.urlSuffix ?? 'amazonaws.com',
    };
  }

  /** The state machine's definition as Step Functions receives it. */
  definition(props: Record<string, unknown>): unknown {
    let text: string;
    if (props.Definition !== undefined) text = JSON.stringify(this.render(props.Definition));
    else if (props.DefinitionString !== undefined) text = this.renderString(props.DefinitionString, jsonEscape);
    else return null;
    // Step Functions fills DefinitionSubstitutions after CloudFormation has evaluated the string.
    if (isObject(props.DefinitionSubstitutions)) {
      const subs = props.DefinitionSubstitutions;
      text = text.replace(/\$\{([^}]+)\}/g, (whole, key: string) =>
        key in subs ? jsonEscape(this.scalar(subs[key])) : whole,
      );
    }
    return dropDefaultQueryLanguage(parseDefinition(text));
  }

  /** Like render, with null for an absent value or AWS::NoValue. */
  renderOrNull(node: unknown): unknown {
    const v = node === undefined ? NO_VALUE : this.render(node);
    return v === NO_VALUE ? null : v;
  }

  /** Any template value with its intrinsics evaluated; AWS::NoValue drops the key. */
  render(node: unknown): unknown {
    if (Array.isArray(node)) return node.map((v) => this.render(v)).filter((v) => v !== NO_VALUE);
    if (!isObject(node)) return node;
    const keys = Object.keys(node);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'))) return this.intrinsic(keys[0]!, node[keys[0]!]);
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      const v = this.render(node[k]);
      if (v !== NO_VALUE) out[k] = v;
    }
    return out;
  }

  private renderString(node: unknown, escape: (s: string) => string = (s) => s): string {
    if (isObject(node) && 'Fn::Sub' in node && Object.keys(node).length === 1) return this.sub(node['Fn::Sub'], escape);
    return this.scalar(node);
  }

  private scalar(node: unknown): string {
    const v = this.render(node);
    return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : placeholder('Value', v);
  }

  private intrinsic(fn: string, arg: unknown): unknown {
    switch (fn) {
      case 'Ref':
        return typeof arg === 'string' ? this.ref(arg) : placeholder('Ref', this.render(arg));
      case 'Fn::GetAtt': {
        const t = getAttTarget(arg);
        return t ? this.getAtt(t[0], t[1]) : placeholder('GetAtt', this.render(arg));
      }
      case 'Fn::Sub':
        return this.sub(arg);
      case 'Fn::Join': {
        if (Array.isArray(arg) && typeof arg[0] === 'string' && Array.isArray(arg[1])) {
          const parts = (arg[1] as unknown[]).map((p) => this.render(p));
          if (parts.every((p) => typeof p === 'string' || typeof p === 'number')) return parts.join(arg[0]);
        }
        return placeholder('Fn::Join', this.render(arg));
      }
      case 'Fn::Split': {
        const [sep, text] = Array.isArray(arg) ? [arg[0], this.render(arg[1])] : [];
        return typeof sep === 'string' && typeof text === 'string' && !text.includes('<') ? text.split(sep) : placeholder(fn, this.render(arg));
      }
      case 'Fn::Select': {
        const [index, list] = Array.isArray(arg) ? [Number(arg[0]), this.render(arg[1])] : [];
        return Array.isArray(list) && index !== undefined && list[index] !== undefined ? list[index] : placeholder(fn, this.render(arg));
      }
      case 'Fn::ImportValue':
        return `<ImportValue:${this.scalar(arg)}>`;
      default:
        return placeholder(fn, this.render(arg));
    }
  }

  private ref(name: string): unknown {
    if (name === 'AWS::NoValue') return NO_VALUE;
    const fixed = this.options.values?.[`Ref:${name}`];
    if (fixed !== undefined) return fixed;
    if (name in this.pseudo) return this.pseudo[name];
    return this.named(name, 'Ref') ?? `<Ref:${normalizeId(name)}>`;
  }

  private getAtt(name: string, attr: string): string {
    const fixed = this.options.values?.[`GetAtt:${name}.${attr}`];
    if (fixed !== undefined) return fixed;
    return this.named(name, attr) ?? `<GetAtt:${normalizeId(name)}.${attr}>`;
  }

  private sub(arg: unknown, escape: (s: string) => string = (s) => s): string {
    const [text, vars] = Array.isArray(arg) ? [arg[0], (arg[1] ?? {}) as Record<string, unknown>] : [arg, {}];
    if (typeof text !== 'string') return placeholder('Fn::Sub', this.render(arg));
    return text.replace(/\$\{(!?)([^}]*)\}/g, (_whole, bang: string, name: string) => {
      if (bang) return `\${${name}}`;
      let value: string;
      if (isObject(vars) && name in vars) value = this.scalar(vars[name]);
      else if (name.includes('.') && !name.startsWith('AWS::')) {
        const dot = name.indexOf('.');
        value = this.getAtt(name.slice(0, dot), name.slice(dot + 1));
      } else value = this.scalar({ Ref: name });
      return escape(value);
    });
  }

  /** Name or ARN of a same-template resource whose physical name is given, if the attribute is known. */
  private named(id: string, attr: string): string | undefined {
    if (this.options.resolveNamedResources === false) return undefined;
    const res = this.resources[id];
    if (!res?.Properties || this.resolving.has(id)) return undefined;
    const rule = NAMED[res.Type];
    if (!rule) return undefined;
    const raw = res.Properties[rule.nameProp];
    if (raw === undefined) return undefined;
    this.resolving.add(id);
    try {
      const name = this.scalar(raw);
      if (name.includes('<')) return undefined; // the name itself is only known at deploy
      const { Region: region, AccountId: account, Partition: partition, URLSuffix: suffix } = {
        Region: this.pseudo['AWS::Region']!,
        AccountId: this.pseudo['AWS::AccountId']!,
        Partition: this.pseudo['AWS::Partition']!,
        URLSuffix: this.pseudo['AWS::URLSuffix']!,
      };
      const path = typeof res.Properties.Path === 'string' ? res.Properties.Path : '/';
      return rule.attrs({ name, region, account, partition, suffix, path })[attr];
    } finally {
      this.resolving.delete(id);
    }
  }
}

const NO_VALUE = Symbol('AWS::NoValue');

/**
 * `QueryLanguage: JSONPath` on a state of a JSONPath machine is the default spelt out (the plugin writes it into
 * some states): dropped, so only a state whose language differs from its machine's shows.
 */
function dropDefaultQueryLanguage(definition: unknown): unknown {
  if (!isObject(definition) || definition.QueryLanguage === 'JSONata') return definition;
  const walk = (scope: unknown): void => {
    if (!isObject(scope) || !isObject(scope.States)) return;
    for (const state of Object.values(scope.States)) {
      if (!isObject(state)) continue;
      if (state.QueryLanguage === 'JSONPath') delete state.QueryLanguage;
      for (const b of Array.isArray(state.Branches) ? state.Branches : []) walk(b);
      walk(state.Iterator);
      walk(state.ItemProcessor);
    }
  };
  walk(definition);
  return definition;
}

interface NameContext {
  name: string;
  region: string;
  account: string;
  partition: string;
  suffix: string;
  path: string;
}

/** What Ref and GetAtt return for resource types whose physical name can be given in the template. */
const NAMED: Record<string, { nameProp: string; attrs: (c: NameContext) => Record<string, string> }> = {
  'AWS::Lambda::Function': {
    nameProp: 'FunctionName',
    attrs: (c) => ({ Ref: c.name, Arn: `arn:${c.partition}:lambda:${c.region}:${c.account}:function:${c.name}` }),
  },
  'AWS::DynamoDB::Table': {
    nameProp: 'TableName',
    attrs: (c) => ({ Ref: c.name, Arn: `arn:${c.partition}:dynamodb:${c.region}:${c.account}:table/${c.name}` }),
  },
  'AWS::SQS::Queue': {
    nameProp: 'QueueName',
    attrs: (c) => ({
      Ref: `https://sqs.${c.region}.${c.suffix}/${c.account}/${c.name}`,
      QueueUrl: `https://sqs.${c.region}.${c.suffix}/${c.account}/${c.name}`,
      Arn: `arn:${c.partition}:sqs:${c.region}:${c.account}:${c.name}`,
      QueueName: c.name,
    }),
  },
  'AWS::SNS::Topic': {
    nameProp: 'TopicName',
    attrs: (c) => {
      const arn = `arn:${c.partition}:sns:${c.region}:${c.account}:${c.name}`;
      return { Ref: arn, TopicArn: arn, TopicName: c.name };
    },
  },
  'AWS::StepFunctions::StateMachine': {
    nameProp: 'StateMachineName',
    attrs: (c) => {
      const arn = `arn:${c.partition}:states:${c.region}:${c.account}:stateMachine:${c.name}`;
      return { Ref: arn, Arn: arn, Name: c.name };
    },
  },
  'AWS::StepFunctions::Activity': {
    nameProp: 'Name',
    attrs: (c) => {
      const arn = `arn:${c.partition}:states:${c.region}:${c.account}:activity:${c.name}`;
      return { Ref: arn, Arn: arn, Name: c.name };
    },
  },
  'AWS::S3::Bucket': {
    nameProp: 'BucketName',
    attrs: (c) => ({ Ref: c.name, Arn: `arn:${c.partition}:s3:::${c.name}` }),
  },
  'AWS::Logs::LogGroup': {
    nameProp: 'LogGroupName',
    attrs: (c) => ({ Ref: c.name, Arn: `arn:${c.partition}:logs:${c.region}:${c.account}:log-group:${c.name}:*` }),
  },
  'AWS::IAM::Role': {
    nameProp: 'RoleName',
    attrs: (c) => ({ Ref: c.name, Arn: `arn:${c.partition}:iam::${c.account}:role${c.path}${c.name}` }),
  },
  'AWS::Events::EventBus': {
    nameProp: 'Name',
    attrs: (c) => ({ Ref: c.name, Name: c.name, Arn: `arn:${c.partition}:events:${c.region}:${c.account}:event-bus/${c.name}` }),
  },
};

function getAttTarget(arg: unknown): [string, string] | undefined {
  if (typeof arg === 'string') {
    const dot = arg.indexOf('.');
    return dot > 0 ? [arg.slice(0, dot), arg.slice(dot + 1)] : undefined;
  }
  if (Array.isArray(arg) && typeof arg[0] === 'string' && typeof arg[1] === 'string') return [arg[0], arg[1]];
  return undefined;
}

/** A quote-free rendering, so a placeholder can sit inside a JSON string without breaking it. */
function placeholder(fn: string, arg: unknown): string {
  const flat = (v: unknown): string =>
    Array.isArray(v)
      ? `[${v.map(flat).join(',')}]`
      : isObject(v)
        ? `{${Object.entries(v).map(([k, x]) => `${k}=${flat(x)}`).join(',')}}`
        : String(v);
  return `<${fn}:${flat(arg).replace(/["\\]/g, '')}>`;
}

function jsonEscape(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}

/** JSON.parse, after quoting placeholders that stand bare where a number was (`"Seconds": <Ref:Wait>`). */
function parseDefinition(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const quoted = text.replace(/([:[,]\s*)(<[^"\n<>]*(?:<[^"\n<>]*>[^"\n<>]*)*>)(?=\s*[,}\]])/g, '$1"$2"');
    try {
      return JSON.parse(quoted);
    } catch {
      return text;
    }
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
