import type { Diagnostic } from './errors.js';
import { UserError } from './errors.js';
import { Budget, count, overLimit, type Limits } from './config/limits.js';
import { loadConfig } from './config/load.js';
import { createResolver, type RemoteSources } from './config/variables/resolve.js';
import { checkProvider, checkStepFunctions, checkStepfCustom } from './config/schema/index.js';
import { readFunctions } from './config/functions.js';
import type { MachineModel, ServiceModel } from './config/model.js';
import { deployedTwiceWarning, isObject, listsStepFunctionsPlugin, locateAll, mergeResources, readProvider, readResources, readStackResources, resourcesFileOf, splitResources, stackResourceClashes, stackSettings, type StackSettings } from './config/service.js';
import { compileService, ownLogicalIds } from './compile/index.js';
import { chooseTaken } from './compile/api-authorizers.js';
import { defaultStackName, serverlessStackName } from './compile/naming.js';
import { crossReferenceWarnings, replacementInStepfStack, takenEntries, type TakenEntry } from './compile/resources.js';
import { checkLimits } from './compile/limits.js';
import type { CrossStackParameter, MachineSummary, Template } from './compile/types.js';
import { validateMachines, validateReadableMachines } from './validate/run.js';
import { fitService, fittedLimits, type ChildStack, type DefinitionObject, type SplitOptions } from './fit/index.js';

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
  /** What published versions say (`--description`, else the git commit); asked only when a machine has `versions: true`. */
  versionDescription?: () => string | undefined | Promise<string | undefined>;
}

export interface PackageResult {
  template: Template;
  /** The size of the template as deploy sends it (compile/template.ts templateText). */
  templateBytes: number;
  /** Definitions the template reads from the deployment bucket (DefinitionS3Location); empty for a small service. */
  definitions: DefinitionObject[];
  /** The nested stacks of a service one stack cannot hold (the template is then their parent); empty for one stack. */
  stacks: ChildStack[];
  /** The template as compiled and how it was split: deploy splits it again keeping deployed machines where they are. */
  unsplit: { template: Template; options: SplitOptions };
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
  /** The `resources:` entries stepf's stack takes: `serverless deploy` reads them too (stepf migrate says where they go). */
  takenResources: TakenEntry[];
}

/** `stateMachines:` written but null or {}, with no activities either: nothing to deploy (absent is the schema's). */
function noMachines(sf: Record<string, unknown>): boolean {
  const m = sf.stateMachines;
  const empty = 'stateMachines' in sf && (m === null || (isObject(m) && Object.keys(m).length === 0));
  return empty && !(Array.isArray(sf.activities) && sf.activities.length > 0);
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
      locateAll([{ severity: 'error', code: 'missing-key', message: '`service` must be a name', path: ['service'], hint: 'add `service: my-service` at the top' }], loaded, resolver),
    );
  }
  const diagnostics: Diagnostic[] = [];
  const provider = checkProvider(await readProvider(resolver, raw));
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
    throw new UserError(locateAll(diagnostics.filter((d) => d.severity === 'error'), loaded, resolver));
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
    throw new UserError(locateAll(diagnostics.filter((d) => d.severity === 'error'), loaded, resolver));
  }
  const sf = checkStepFunctions(sfResolved, { mode });
  diagnostics.push(...sf.diagnostics);
  const validateAsl = opts.validate !== false && (sf.config as { validate?: boolean }).validate !== false;
  if (diagnostics.some((d) => d.severity === 'error')) {
    diagnostics.push(...(await validateReadableMachines(sf.config.stateMachines, diagnostics, { asl: validateAsl })));
    throw new UserError(locateAll(diagnostics.filter((d) => d.severity === 'error'), loaded, resolver));
  }

  const machines: MachineModel[] = Object.entries(sf.config.stateMachines ?? {}).map(([key, m]): MachineModel => ({ key, ...m }));
  const activities = (sf.config.activities ?? []) as string[];

  const validation = await validateMachines(machines, { asl: validateAsl });
  diagnostics.push(...validation);
  if (validation.some((d) => d.severity === 'error')) throw new UserError(locateAll(diagnostics.filter((d) => d.severity === 'error'), loaded, resolver));

  // Functions stay with the Serverless stack; stepf needs only their deployed names (and timeouts).
  const fns = await readFunctions(resolver, raw, service, stage);
  diagnostics.push(...fns.warnings);

  // resources: decide what stepf's stack takes from the unresolved text, then resolve only that strictly.
  const resources = await readResources(resolver, raw);
  // custom.stepf.stackResources is stepf's alone: all of it goes into stepf's stack, and what refers to it is taken too.
  const stackResources = readStackResources(custom.config);
  const clashes = [...stackResources.errors, ...stackResourceClashes(resources, stackResources)];
  if (clashes.length) throw new UserError(locateAll(clashes, loaded, resolver));
  const own = new Set([...ownLogicalIds({ machines, activities }), ...Object.keys(stackResources.model.Resources ?? {})]);
  const { choice, errors: choiceErrors } = chooseTaken({
    resources: resources.merged,
    own,
    mode: custom.config.resources ?? (Object.keys(fns.bodies).length > 0 ? 'referenced' : 'all'),
    machines,
    sharedApi: provider.config.apiGateway?.restApiId !== undefined,
    functionBodies: fns.bodies,
    providerRaw: raw.provider,
    stackResources: stackResources.model,
  });
  if (choiceErrors.length) throw new UserError(locateAll(choiceErrors, loaded, resolver));
  const resourcesSplit = splitResources(resources, choice);
  const { taken, staying, failures } = resourcesSplit;
  if (failures.length) throw new UserError(locateAll(failures, loaded, resolver));
  if (Object.keys(fns.bodies).length > 0) {
    const plugins = 'plugins' in raw ? (await resolver.getLenient(['plugins'])).value : undefined;
    const twice = deployedTwiceWarning(resourcesSplit, resources, listsStepFunctionsPlugin(plugins));
    if (twice) diagnostics.push(twice);
  }

  const stackName = opts.stackName ?? custom.config.stackName ?? defaultStackName(service, stage);
  const slsStack = provider.config.stackName ?? serverlessStackName(service, stage);
  const model: ServiceModel = {
    service,
    stage,
    region,
    stackName,
    serverlessStackName: slsStack,
    provider: provider.config as ServiceModel['provider'],
    functions: fns.functions,
    machines,
    activities,
    noOutput: Boolean((sf.config as { noOutput?: boolean }).noOutput),
    resources: mergeResources(taken, stackResources.model),
    resourceOrigin: new Map([...resources.origin, ...stackResources.origin]),
    serverlessResources: (staying.Resources ?? {}) as Record<string, Record<string, unknown>>,
    ...(machines.some((m) => m.versions === true) ? { versionDescription: await opts.versionDescription?.() } : {}),
  };
  let compiled;
  try {
    compiled = compileService(model, own);
  } catch (err) {
    if (err instanceof UserError) throw new UserError(locateAll(err.diagnostics, loaded, resolver));
    throw err;
  }

  diagnostics.push(
    ...crossReferenceWarnings({
      functionsRaw: fns.bodies,
      providerRaw: raw.provider,
      stayingRaw: staying,
      taken: choice,
      replacement: replacementInStepfStack({ stackName, noOutput: model.noOutput, machines, activities, own, taken: choice }),
      outputReplacement: (key) => `\${cf:${stackName}.${key}}`,
    }),
  );
  diagnostics.push(...compiled.warnings, ...resolver.warnings());

  const stack = stackSettings(provider.config, custom.config);
  // Definitions go to S3 when they would make the template too large, and a service one stack cannot hold is
  // split into nested stacks; a template within the limits is as compiled.
  const split: SplitOptions = { stackName, bucket: stack.deploymentBucket, maxResources: custom.config.maxStackResources };
  const fitted = fitService(compiled.template, split);
  const templateBytes = fitted.bytes;
  budget.peak('templateSize', templateBytes);
  if (templateBytes > budget.limits.templateSize) {
    throw overLimit('templateSize', budget.limits, `the template would be ${count(templateBytes)} bytes`, { file: loaded.file });
  }
  const warnings = locateAll(diagnostics.filter((d) => d.severity === 'warning'), loaded, resolver);
  const overLimits = fittedLimits(fitted, compiled.machines);
  if (overLimits.length) throw new UserError(locateAll(overLimits, loaded, resolver), warnings);
  return {
    template: fitted.template,
    templateBytes,
    definitions: fitted.definitions,
    stacks: fitted.stacks,
    unsplit: { template: compiled.template, options: split },
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
    takenResources: takenEntries(resources.merged, choice, resources.origin, resourcesFileOf(raw)),
    stack,
    ...(custom.config.tests !== undefined ? { testsDir: custom.config.tests } : {}),
  };
}
