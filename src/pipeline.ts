import type { Diagnostic } from './errors.js';
import { UserError } from './errors.js';
import { Budget, count, overLimit, type Limits } from './config/limits.js';
import { loadConfig, type LoadedFile } from './config/load.js';
import { createResolver, type RemoteSources, type Resolver } from './config/variables/resolve.js';
import { checkProvider, checkStepFunctions, checkStepfCustom } from './config/schema/index.js';
import { compileService } from './compile/index.js';
import type { MachineModel, ResourcesModel, ServiceModel } from './compile/model.js';
import { readFunctions } from './config/functions.js';
import { activityLogicalId, activityOutputKey, defaultStackName, machineLogicalId, machineOutputKey, serverlessStackName } from './compile/naming.js';
import { chooseResources, crossReferenceWarnings } from './compile/resources.js';
import { machineAuthorizerRefs, servingAuthorizers } from './compile/api-authorizers.js';
import type { CrossStackParameter, MachineSummary, Template } from './compile/types.js';
import { validateMachines, validateReadableMachines } from './validate/run.js';
import { ownLogicalIds } from './compile/index.js';
import { checkLimits } from './compile/limits.js';

export interface PackageOptions {
  cwd: string;
  stage?: string;
  region?: string;
  config?: string;
  stackName?: string;
  params?: Record<string, string>;
  extra?: Record<string, string | boolean>;
  remote?: RemoteSources;
  /** false = --no-validate: skip the ASL checks (the schema and reference checks always run). */
  validate?: boolean;
  /** --bound: the bounds on the work the config may cause (default DEFAULT_LIMITS). */
  limits?: Limits;
  /** Counts what this run used of the bounds (given by tests that measure; else made from `limits`). */
  budget?: Budget;
  /** --allow-file: paths `${file()}` may read although outside the service or a known secret location. */
  allowFiles?: string[];
}

export interface StackSettings {
  tags: Record<string, string>;
  policy?: unknown;
  notificationArns?: string[];
  deploymentBucket?: string;
  roleArn?: string;
  profile?: string;
  terminationProtection?: boolean;
  /** custom.stepf.protectedStages: stages --hotswap and watch refuse without --force (besides prod, production, live). */
  protectedStages?: string[];
  /** custom.stepf.requireApproval: `never` lets IAM broadening through without a yes. */
  requireApproval?: 'broadening' | 'never';
}

export interface PackageResult {
  template: Template;
  templateBody: string;
  configFile: string;
  stackName: string;
  serverlessStackName: string;
  service: string;
  stage: string;
  region: string;
  machines: MachineSummary[];
  parameters: CrossStackParameter[];
  warnings: Diagnostic[];
  stack: StackSettings;
  /** custom.stepf.tests: the folder `stepf test` reads (default tests/stepf). */
  testsDir?: string;
  /** The config file and every file it read through ${file()} (absolute paths): what `stepf watch` watches. */
  files: string[];
}

/** Provider keys stepf reads; the rest of provider (environment, vpc, ...) belongs to functions and is left alone. */
const PROVIDER_KEYS = [
  'stage', 'region', 'stackName', 'tags', 'stackTags', 'rolePermissionsBoundary', 'deploymentBucket', 'stackPolicy',
  'notificationArns', 'profile', 'apiName', 'apiGateway', 'endpointType', 'vpcEndpointIds', 'resourcePolicy', 'apiKeys',
  'usagePlan', 'timeout', 'logRetentionInDays', 'versionFunctions', 'httpApi',
];

/** Fills file/line/column from the config path where a diagnostic has none. */
export function locateAll(diags: Diagnostic[], file: LoadedFile): Diagnostic[] {
  return diags.map((d) => {
    if (d.file || !d.path) return d;
    const pos = file.locate(d.path);
    return { ...d, file: file.file, ...(pos ? { line: pos.line, column: pos.column } : {}) };
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

async function resolveProvider(resolver: Resolver, raw: Record<string, unknown>): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const key of PROVIDER_KEYS) if (key in raw) out[key] = await resolver.get(['provider', key]);
  // Of provider.logs only httpApi is stepf's: the rest (restApi, lambda, ...) may hold variables stepf never needs.
  if (isObject(raw.logs) && 'httpApi' in raw.logs) out.logs = { httpApi: await resolver.get(['provider', 'logs', 'httpApi']) };
  const iam = raw.iam;
  if (isObject(iam)) {
    const iamOut: Record<string, unknown> = {};
    if ('deploymentRole' in iam) iamOut.deploymentRole = await resolver.get(['provider', 'iam', 'deploymentRole']);
    if (isObject(iam.role)) {
      const role: Record<string, unknown> = {};
      for (const k of ['path', 'permissionsBoundary']) if (k in iam.role) role[k] = await resolver.get(['provider', 'iam', 'role', k]);
      iamOut.role = role;
    }
    out.iam = iamOut;
  }
  return out;
}

/** `stateMachines:` written but null or {}, with no activities either: nothing to deploy (absent is the schema's). */
function noMachines(sf: Record<string, unknown>): boolean {
  const m = sf.stateMachines;
  const empty = 'stateMachines' in sf && (m === null || (isObject(m) && Object.keys(m).length === 0));
  return empty && !(Array.isArray(sf.activities) && sf.activities.length > 0);
}

/**
 * `provider: ${file(../base.yml):provider}` (the plugin's own fixtures share one provider that way): its keys
 * are known only once the variable is read, leniently, so a value stepf never reads (environment, ...) that
 * cannot be resolved offline is never an error; the keys stepf reads are then resolved strictly.
 */
async function providerFromVariable(resolver: Resolver, raw: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (typeof raw.provider !== 'string') return {};
  const shape = (await resolver.getLenient(['provider'])).value;
  return isObject(shape) ? resolveProvider(resolver, shape) : {};
}

/** Merges the `resources:` block (an object, or a list of objects as `${file()}` users write it). */
function mergeResources(value: unknown): { merged: ResourcesModel; origin: Map<string, Array<string | number>> } {
  const merged: ResourcesModel = {};
  const origin = new Map<string, Array<string | number>>();
  const parts = Array.isArray(value) ? value.map((v, i) => [v, ['resources', i]] as const) : [[value, ['resources']] as const];
  for (const [part, base] of parts) {
    if (!isObject(part)) continue;
    for (const section of ['Resources', 'Outputs', 'Conditions'] as const) {
      const entries = part[section];
      if (!isObject(entries)) continue;
      const target = (merged[section] ??= {}) as Record<string, unknown>;
      for (const [id, v] of Object.entries(entries)) {
        target[id] = v;
        origin.set(`${section}.${id}`, [...base, section, id]);
      }
    }
  }
  return { merged, origin };
}

/** load → resolve → validate → compile. Pure of AWS unless `remote` is given (for ${ssm:}/${cf:}/${s3:}). */
export async function packageService(opts: PackageOptions): Promise<PackageResult> {
  const budget = opts.budget ?? new Budget(opts.limits);
  const loaded = await loadConfig(opts.cwd, opts.config, budget);
  const raw = loaded.data as Record<string, unknown>;
  const resolver = await createResolver({
    root: loaded,
    options: { ...(opts.extra ?? {}), stage: opts.stage, region: opts.region },
    params: opts.params,
    remote: opts.remote,
    budget,
    allowFiles: opts.allowFiles,
  });
  const stage = resolver.stage;
  const region = resolver.region;

  const serviceRaw = await resolver.get(['service']);
  const service = typeof serviceRaw === 'string' ? serviceRaw : isObject(serviceRaw) && typeof serviceRaw.name === 'string' ? serviceRaw.name : undefined;
  if (!service) {
    throw new UserError(
      locateAll([{ severity: 'error', code: 'missing-key', message: '`service` must be a name', path: ['service'], hint: 'add `service: my-service` at the top' }], loaded),
    );
  }
  const diagnostics: Diagnostic[] = [];
  const providerResolved = isObject(raw.provider) ? await resolveProvider(resolver, raw.provider) : await providerFromVariable(resolver, raw);
  const provider = checkProvider(providerResolved);
  diagnostics.push(...provider.diagnostics);

  const customRaw = isObject(raw.custom) && 'stepf' in raw.custom ? await resolver.get(['custom', 'stepf']) : {};
  const custom = checkStepfCustom(customRaw ?? {});
  diagnostics.push(...custom.diagnostics);

  const modeRaw = 'configValidationMode' in raw ? await resolver.get(['configValidationMode']) : 'warn';
  const mode = modeRaw === 'error' || modeRaw === 'off' ? modeRaw : 'warn';
  if (!('stepFunctions' in raw)) {
    diagnostics.push({
      severity: 'error',
      code: 'missing-key',
      message: 'no `stepFunctions:` block: there is nothing for stepf to deploy',
      path: [],
      hint: 'add `stepFunctions: { stateMachines: { ... } }` (see the README)',
    });
    throw new UserError(locateAll(diagnostics.filter((d) => d.severity === 'error'), loaded));
  }
  const sfResolved = await resolver.get(['stepFunctions']);
  if (isObject(sfResolved) && noMachines(sfResolved)) {
    // `stateMachines:` left empty (the machine commented out): the plugin packages nothing; say so plainly.
    diagnostics.push({
      severity: 'error',
      code: 'missing-key',
      message: '`stepFunctions.stateMachines` is empty: there is no state machine for stepf to deploy',
      path: ['stepFunctions', 'stateMachines'],
      hint: 'add a machine under stateMachines (<key>: { definition: { StartAt: ..., States: ... } }), or leave this service to serverless deploy',
    });
    throw new UserError(locateAll(diagnostics.filter((d) => d.severity === 'error'), loaded));
  }
  const sf = checkStepFunctions(sfResolved, { mode });
  diagnostics.push(...sf.diagnostics);
  const validateAsl = opts.validate !== false && (sf.config as { validate?: boolean }).validate !== false;
  if (diagnostics.some((d) => d.severity === 'error')) {
    diagnostics.push(...(await validateReadableMachines(sf.config.stateMachines, diagnostics, { asl: validateAsl })));
    throw new UserError(locateAll(diagnostics.filter((d) => d.severity === 'error'), loaded));
  }

  const machines: MachineModel[] = Object.entries(sf.config.stateMachines ?? {}).map(([key, m]) => ({ key, ...(m as object) }) as MachineModel);
  const activities = (sf.config.activities ?? []) as string[];

  const validation = await validateMachines(machines, { asl: validateAsl });
  diagnostics.push(...validation);
  if (validation.some((d) => d.severity === 'error')) throw new UserError(locateAll(diagnostics.filter((d) => d.severity === 'error'), loaded));

  // Functions stay with the Serverless stack; stepf needs only their deployed names (and timeouts).
  const fns = await readFunctions(resolver, raw, service, stage);
  const functions = fns.functions;
  const functionsRaw = fns.bodies;
  diagnostics.push(...fns.warnings);

  // resources: decide what stepf's stack takes from the unresolved text, then resolve only that strictly.
  const resourcesLenient = 'resources' in raw ? await resolver.getLenient(['resources']) : { value: {}, failures: [] };
  const { merged, origin } = mergeResources(resourcesLenient.value);
  const hasFunctions = Object.keys(functionsRaw).length > 0;
  const choiceMode = custom.config.resources ?? (hasFunctions ? 'referenced' : 'all');
  const own = ownLogicalIds({ machines, activities });
  // An authorizer of resources: that a machine's method names goes with stepf's API, unless it cannot.
  const firstChoice = chooseResources(merged, own, choiceMode);
  const firstTaken = new Set(firstChoice.Resources);
  const serving = servingAuthorizers({
    refs: machineAuthorizerRefs(machines),
    resources: merged,
    sharedApi: isObject(provider.config.apiGateway) && (provider.config.apiGateway as Record<string, unknown>).restApiId !== undefined,
    stayingUsers: [
      ...Object.entries(functionsRaw).map(([key, value]) => ({ path: ['functions', key], value })),
      ...Object.entries(merged.Resources ?? {}).filter(([id]) => !firstTaken.has(id)).map(([id, value]) => ({ path: ['resources', 'Resources', id], value })),
    ],
  });
  if (serving.errors.length) throw new UserError(locateAll(serving.errors, loaded));
  const choice = serving.take.size ? chooseResources(merged, own, choiceMode, serving.take) : firstChoice;
  const taken: ResourcesModel = {};
  const staying: ResourcesModel = { Resources: {}, Outputs: {} };
  const takenPaths: Array<Array<string | number>> = [];
  for (const section of ['Resources', 'Outputs', 'Conditions'] as const) {
    const keep = new Set(choice[section]);
    for (const [id, v] of Object.entries(merged[section] ?? {})) {
      if (keep.has(id)) {
        ((taken[section] ??= {}) as Record<string, unknown>)[id] = v;
        takenPaths.push(origin.get(`${section}.${id}`) ?? ['resources', section, id]);
      } else if (section !== 'Conditions') {
        ((staying[section] ??= {}) as Record<string, unknown>)[id] = v;
      }
    }
  }
  const within = (p: ReadonlyArray<string | number>, base: Array<string | number>) => base.every((s, i) => p[i] === s);
  // A failure inside a taken entry stops package; so does one at the block itself or one of its list items
  // (`resources: ${file(./missing.yml)}`): then stepf cannot tell what it should take.
  const takenFailures = resourcesLenient.failures.filter(
    (f: Diagnostic) => f.path && (f.path.length <= (typeof f.path[1] === 'number' ? 3 : 2) || takenPaths.some((b) => within(f.path!, b))),
  );
  if (takenFailures.length) throw new UserError(locateAll(takenFailures, loaded));

  const stackName = opts.stackName ?? custom.config.stackName ?? defaultStackName(service, stage);
  const slsStack = (provider.config.stackName as string | undefined) ?? serverlessStackName(service, stage);
  const model: ServiceModel = {
    service,
    stage,
    region,
    stackName,
    serverlessStackName: slsStack,
    provider: provider.config as ServiceModel['provider'],
    functions,
    machines,
    activities,
    noOutput: Boolean((sf.config as { noOutput?: boolean }).noOutput),
    resources: taken,
    serverlessResources: (staying.Resources ?? {}) as Record<string, Record<string, unknown>>,
  };
  let compiled;
  try {
    compiled = compileService(model);
  } catch (err) {
    if (err instanceof UserError) throw new UserError(locateAll(err.diagnostics, loaded));
    throw err;
  }

  const byLogicalId = new Map(machines.map((m) => [machineLogicalId(m), m]));
  diagnostics.push(
    ...crossReferenceWarnings({
      functionsRaw,
      providerRaw: raw.provider,
      stayingRaw: staying,
      taken: choice,
      replacement: (id) => {
        const m = byLogicalId.get(id);
        if (m) {
          if (!model.noOutput) return `\${cf:${stackName}.${machineOutputKey(m)}}`;
          if (m.name) return `arn:aws:states:\${aws:region}:\${aws:accountId}:stateMachine:${m.name}`;
          return `an Output of ${stackName} (noOutput is set, so add one under resources.Outputs)`;
        }
        // An activity's ARN is already an Output of stepf's stack.
        const activity = activities.find((a) => activityLogicalId(a) === id);
        if (activity) return `\${cf:${stackName}.${activityOutputKey(activity)}}`;
        if (own.has(id) || choice.Resources.includes(id)) return `an Output of ${stackName} that exports ${id} (read with \${cf:${stackName}.<OutputKey>})`;
        return '';
      },
      outputReplacement: (key) => `\${cf:${stackName}.${key}}`,
    }),
  );
  diagnostics.push(...compiled.warnings, ...resolver.warnings());

  // Compact: the 1 MB limit counts bytes, and indentation spends about a fifth of them (`package --pretty` for reading).
  const templateBody = JSON.stringify(compiled.template);
  const templateBytes = Buffer.byteLength(templateBody);
  budget.peak('templateSize', templateBytes);
  if (templateBytes > budget.limits.templateSize) {
    throw overLimit('templateSize', budget.limits, `the template would be ${count(templateBytes)} bytes`, { file: loaded.file });
  }

  const stackTags: Record<string, string> = {};
  for (const [k, v] of Object.entries((provider.config.stackTags as Record<string, unknown> | undefined) ?? {})) stackTags[k] = String(v);
  const notificationArns = provider.config.notificationArns as string[] | undefined;
  const deploymentBucket = provider.config.deploymentBucket;
  const warnings = locateAll(diagnostics.filter((d) => d.severity === 'warning'), loaded);
  const overLimits = checkLimits(compiled.template, templateBody, compiled.machines);
  if (overLimits.length) throw new UserError(locateAll(overLimits, loaded), warnings);
  return {
    template: compiled.template,
    templateBody,
    configFile: loaded.file,
    stackName,
    serverlessStackName: slsStack,
    service,
    stage,
    region,
    machines: compiled.machines,
    parameters: compiled.parameters,
    warnings,
    files: [loaded.file, ...resolver.filesRead()],
    stack: {
      tags: stackTags,
      policy: provider.config.stackPolicy,
      notificationArns,
      deploymentBucket: typeof deploymentBucket === 'string' ? deploymentBucket : isObject(deploymentBucket) ? (deploymentBucket.name as string | undefined) : undefined,
      roleArn: (provider.config.iam as { deploymentRole?: string } | undefined)?.deploymentRole,
      profile: provider.config.profile as string | undefined,
      terminationProtection: custom.config.terminationProtection,
      protectedStages: custom.config.protectedStages,
      requireApproval: custom.config.requireApproval,
    },
    ...(custom.config.tests !== undefined ? { testsDir: custom.config.tests } : {}),
  };
}
