// The service as stepf reads it from serverless.yml beside the state machines: the provider keys it uses,
// the `resources:` block and its split between stepf's stack and the Serverless stack, and the settings of
// stepf's stack that no template carries. pipeline.ts calls these in order (functions: functions.ts).
import { isDeepStrictEqual } from 'node:util';
import { formatPath, type Diagnostic } from '../errors.js';
import type { LoadedFile } from './load.js';
import type { ResourcesModel } from './model.js';
import { providerKeys, type ProviderConfig, type StepfCustom } from './schema/index.js';
import type { Resolver } from './variables/resolve.js';

type Path = Array<string | number>;
const SECTIONS = ['Resources', 'Outputs', 'Conditions'] as const;

/** The settings of stepf's stack that no template carries. */
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

export function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Fills file/line/column from the config path where a diagnostic has none: in the file a `${file()}` on
 * the way read it from (the resolver knows), else in the main file.
 */
export function locateAll(diags: Diagnostic[], file: LoadedFile, resolver?: Pick<Resolver, 'locateIn'>): Diagnostic[] {
  return diags.map((d) => {
    if (d.file || !d.path) return d;
    const elsewhere = resolver?.locateIn([...d.path]);
    if (elsewhere) return { ...d, ...elsewhere };
    const pos = file.locate(d.path);
    return { ...d, file: file.file, ...(pos ? { line: pos.line, column: pos.column } : {}) };
  });
}

/**
 * The provider keys stepf uses, resolved; an unresolvable key it does not use is never an error. `provider:
 * ${file(../base.yml):provider}` (the plugin's own fixtures share one provider that way) has its keys known
 * only once the variable is read, leniently; the keys stepf reads are then resolved strictly.
 */
export async function readProvider(resolver: Resolver, raw: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (isObject(raw.provider)) return resolveProviderKeys(resolver, raw.provider);
  if (typeof raw.provider !== 'string') return {};
  const shape = (await resolver.getLenient(['provider'])).value;
  return isObject(shape) ? resolveProviderKeys(resolver, shape) : {};
}

async function resolveProviderKeys(resolver: Resolver, raw: Record<string, unknown>): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  // The keys the schema types; the rest of provider (environment, vpc, ...) belongs to functions and is left alone.
  // iam and logs hold keys of the functions' too: only stepf's parts of them are read, below.
  const keys = new Set(providerKeys());
  for (const key of Object.keys(raw)) if (keys.has(key) && key !== 'iam' && key !== 'logs') out[key] = await resolver.get(['provider', key]);
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

/** `resources:` read leniently and merged, with where each entry was written and what failed to resolve. */
export interface ResourcesRead {
  merged: ResourcesModel;
  origin: Map<string, Path>;
  failures: Diagnostic[];
}

/**
 * The `resources:` block (an object, or a list of objects as `${file()}` users write it), read leniently:
 * what stepf's stack takes is decided from it, and a variable in an entry that stays is never stepf's error.
 */
export async function readResources(resolver: Resolver, raw: Record<string, unknown>): Promise<ResourcesRead> {
  const { value, failures } = 'resources' in raw ? await resolver.getLenient(['resources']) : { value: {}, failures: [] };
  const merged: ResourcesModel = {};
  const origin = new Map<string, Path>();
  const parts = Array.isArray(value) ? value.map((v, i) => [v, ['resources', i]] as const) : [[value, ['resources']] as const];
  for (const [part, base] of parts) {
    if (!isObject(part)) continue;
    for (const section of SECTIONS) {
      const entries = part[section];
      if (!isObject(entries)) continue;
      const target = (merged[section] ??= {}) as Record<string, unknown>;
      for (const [id, v] of Object.entries(entries)) {
        target[id] = v;
        origin.set(`${section}.${id}`, [...base, section, id]);
      }
    }
  }
  return { merged, origin, failures };
}

/** The file a `resources:` part is read from (`- ${file(./alarms.yml)}`, or the whole block so), by an entry's path. */
export function resourcesFileOf(raw: Record<string, unknown>): (path: ReadonlyArray<string | number>) => string | undefined {
  return (path) => {
    const block = raw.resources;
    const part = typeof path[1] === 'number' && Array.isArray(block) ? block[path[1]] : block;
    const m = typeof part === 'string' ? /^\$\{file\(([^)]+)\)/.exec(part.trim()) : null;
    return m ? m[1].trim().replace(/^['"]|['"]$/g, '') : undefined;
  };
}

export interface ResourcesSplit {
  /** The entries stepf's stack takes. */
  taken: ResourcesModel;
  /** The entries that stay in the Serverless stack. */
  staying: ResourcesModel;
  /** Variables that failed where stepf needs them: they stop package. */
  failures: Diagnostic[];
}

/**
 * Splits `resources:` by the IDs stepf's stack takes (`keep`, chosen by compile/resources.ts). A variable
 * failure inside a taken entry stops package; so does one at the block itself or one of its list items
 * (`resources: ${file(./missing.yml)}`): then stepf cannot tell what it should take.
 */
export function splitResources(read: ResourcesRead, keep: Record<(typeof SECTIONS)[number], string[]>): ResourcesSplit {
  const taken: ResourcesModel = {};
  const staying: ResourcesModel = { Resources: {}, Outputs: {} };
  const takenPaths: Path[] = [];
  for (const section of SECTIONS) {
    const kept = new Set(keep[section]);
    for (const [id, v] of Object.entries(read.merged[section] ?? {})) {
      if (kept.has(id)) {
        ((taken[section] ??= {}) as Record<string, unknown>)[id] = v;
        takenPaths.push(read.origin.get(`${section}.${id}`) ?? ['resources', section, id]);
      } else if (section !== 'Conditions') {
        ((staying[section] ??= {}) as Record<string, unknown>)[id] = v;
      }
    }
  }
  const within = (p: ReadonlyArray<string | number>, base: Path) => base.every((s, i) => p[i] === s);
  const failures = read.failures.filter((f) => f.path && (f.path.length <= (typeof f.path[1] === 'number' ? 3 : 2) || takenPaths.some((b) => within(f.path!, b))));
  return { taken, staying, failures };
}

/**
 * `custom.stepf.stackResources`: stepf's own resources block (one block or a list, as `resources:`), with where
 * each entry is written. An ID written in two of its parts is an error.
 */
export function readStackResources(custom: StepfCustom): { model: ResourcesModel; origin: Map<string, Path>; errors: Diagnostic[] } {
  const model: ResourcesModel = {};
  const origin = new Map<string, Path>();
  const errors: Diagnostic[] = [];
  const base: Path = ['custom', 'stepf', 'stackResources'];
  const raw = custom.stackResources;
  const parts = Array.isArray(raw) ? raw.map((p, i) => [p, [...base, i]] as const) : raw ? [[raw, base] as const] : [];
  for (const [part, at] of parts) {
    for (const section of SECTIONS) {
      for (const [id, v] of Object.entries(part[section] ?? {})) {
        const path = [...at, section, id];
        const earlier = origin.get(`${section}.${id}`);
        if (earlier) {
          errors.push({ severity: 'error', code: 'duplicate-logical-id', message: `${formatPath(path)} has the same logical ID as ${formatPath(earlier)}`, path, hint: 'keep one of the two' });
          continue;
        }
        ((model[section] ??= {}) as Record<string, unknown>)[id] = v;
        origin.set(`${section}.${id}`, path);
      }
    }
  }
  return { model, origin, errors };
}

/**
 * A logical ID written in both `resources:` and custom.stepf.stackResources names two things: an error. A
 * Condition written the same in both is one condition (a condition that entries of both stacks use is copied).
 */
export function stackResourceClashes(read: ResourcesRead, own: { model: ResourcesModel; origin: Map<string, Path> }): Diagnostic[] {
  const errors: Diagnostic[] = [];
  for (const section of SECTIONS) {
    for (const [id, v] of Object.entries(own.model[section] ?? {})) {
      const other = read.merged[section]?.[id];
      if (other === undefined || (section === 'Conditions' && isDeepStrictEqual(other, v))) continue;
      const where = formatPath(read.origin.get(`${section}.${id}`) ?? ['resources', section, id]);
      const path = own.origin.get(`${section}.${id}`) ?? ['custom', 'stepf', 'stackResources', section, id];
      errors.push({
        severity: 'error',
        code: 'duplicate-logical-id',
        message: `${formatPath(path)} has the same logical ID as ${where}`,
        path,
        hint: `keep one of the two: custom.stepf.stackResources for what only stepf's stack deploys, resources: for what serverless deploy deploys`,
      });
    }
  }
  return errors;
}

/** What stepf's stack takes from `resources:` and its own stackResources, one block (the clashes are refused before). */
export function mergeResources(a: ResourcesModel, b: ResourcesModel): ResourcesModel {
  const out: ResourcesModel = {};
  for (const section of SECTIONS) if (a[section] || b[section]) out[section] = { ...a[section], ...b[section] } as Record<string, Record<string, unknown>>;
  return out;
}

/**
 * The `resources:` entries stepf's stack takes are deployed by `serverless deploy` too, where the service has
 * functions (so serverless deploy deploys that block): one warning naming them, saying where they belong once
 * the plugin no longer deploys the machines. `pluginListed`: serverless-step-functions is still in plugins:.
 */
export function deployedTwiceWarning(split: ResourcesSplit, read: ResourcesRead, pluginListed: boolean): Diagnostic | undefined {
  const entries = (['Resources', 'Outputs'] as const).flatMap((section) => Object.keys(split.taken[section] ?? {}).map((id) => `${section}.${id}`));
  if (!entries.length) return undefined;
  const first = read.origin.get(entries[0]) ?? ['resources', ...entries[0].split('.')];
  const one = entries.length === 1;
  const them = one ? 'it' : 'them';
  const move = `move ${them} under custom.stepf.stackResources (the same shape, which serverless deploy never reads; stepf migrate prints the move)`;
  return {
    severity: 'warning',
    code: 'resources-deployed-twice',
    message: `stepf's stack takes ${one ? 'this entry' : `${entries.length} entries`} of resources: (${entries.join(', ')}), which serverless deploy deploys too`,
    path: first,
    hint: pluginListed
      ? `keep ${them} in resources: while serverless-step-functions deploys the machines; once it is removed from plugins: (after stepf migrate), ${move}`
      : `without serverless-step-functions, serverless deploy makes ${them} again in its own stack (or fails on a reference to a machine): ${move}`,
  };
}

/** serverless-step-functions in `plugins:` (a list, or `{ modules: [...] }`). */
export function listsStepFunctionsPlugin(plugins: unknown): boolean {
  const list = Array.isArray(plugins) ? plugins : isObject(plugins) && Array.isArray(plugins.modules) ? plugins.modules : [];
  return list.includes('serverless-step-functions');
}

/** The settings of stepf's stack, from provider and custom.stepf. */
export function stackSettings(provider: ProviderConfig, custom: StepfCustom): StackSettings {
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries(provider.stackTags ?? {})) tags[k] = String(v);
  const bucket = provider.deploymentBucket;
  return {
    tags,
    policy: provider.stackPolicy,
    notificationArns: provider.notificationArns,
    deploymentBucket: typeof bucket === 'string' ? bucket : bucket?.name,
    roleArn: provider.iam?.deploymentRole as string | undefined,
    profile: provider.profile,
    terminationProtection: custom.terminationProtection,
    protectedStages: custom.protectedStages,
    requireApproval: custom.requireApproval,
  };
}
