import type { ConfigPath, Diagnostic } from '../../errors.js';
import { didYouMean } from '../../util/did-you-mean.js';
import { describe, isPlainObject } from './common.js';
import { buildHttpObject, buildRuleEvent, buildScheduleObject } from './events.js';
import { buildHttpApiObject } from './http-api.js';
import { errorMap, toDiagnostics, type UnknownKeyContext } from './issues.js';
import { buildProvider, buildStepfCustom, type ProviderConfig, type StepfCustom } from './provider.js';
import { checkMachineRules } from './rules.js';
import { buildStepFunctions, TOP_LEVEL_KEYS, type StepFunctionsConfig } from './step-functions.js';

export type { StepFunctionsConfig } from './step-functions.js';
export type { StateMachineConfig, LoggingConfig, TracingConfig, EncryptionConfig } from './state-machine.js';
export type {
  HttpEvent,
  HttpEventObject,
  ScheduleEvent,
  ScheduleEventObject,
  RuleEvent,
  CloudWatchEvent,
  EventBridgeEvent,
  EventItem,
  InputTransformer,
} from './events.js';
export type { HttpApiEvent, HttpApiEventObject, ProviderHttpApi, HttpApiAuthorizerConfig, HttpApiCorsConfig, HttpApiLogs } from './http-api.js';
export type { AlarmsConfig } from './alarms.js';
export type { NotificationsConfig, NotificationTarget } from './notifications.js';
export type { IamStatement } from './iam.js';
export type { ProviderConfig, StepfCustom } from './provider.js';
export type { Intrinsic } from './common.js';
export { isIntrinsic } from './common.js';

export type ValidationMode = 'error' | 'warn' | 'off';

interface Schemas {
  stepFunctions: ReturnType<typeof buildStepFunctions>;
  provider: ReturnType<typeof buildProvider>;
  custom: ReturnType<typeof buildStepfCustom>;
  keys: UnknownKeyContext;
}

let schemas: Schemas | undefined;

let eventKeyOwners: Map<string, string> | undefined;

/** Which event type a key belongs to; built only when an unknown key inside an event needs a hint. */
function eventKeyOwner(key: string): string | undefined {
  if (!eventKeyOwners) {
    eventKeyOwners = new Map();
    for (const [owner, shape] of [
      ['httpApi', buildHttpApiObject().def.shape],
      ['eventBridge', buildRuleEvent().def.shape],
      ['schedule', buildScheduleObject().def.shape],
      ['http', buildHttpObject().def.shape],
    ] as const) {
      for (const k of Object.keys(shape)) eventKeyOwners.set(k, owner);
    }
  }
  return eventKeyOwners.get(key);
}

/** Built on first use, so commands that never read a config (`--version`, `--help`) never pay for it. */
function getSchemas(): Schemas {
  schemas ??= { stepFunctions: buildStepFunctions(), provider: providerSchema(), custom: buildStepfCustom(), keys: { eventKeyOwner } };
  return schemas;
}

let provider: ReturnType<typeof buildProvider> | undefined;
/** Built once: providerKeys and checkProvider both need it (it costs a few ms to build). */
function providerSchema(): ReturnType<typeof buildProvider> {
  provider ??= buildProvider();
  return provider;
}

/** The provider keys stepf reads, as the schema lists them (what config/service.ts resolves). */
export function providerKeys(): string[] {
  return Object.keys(providerSchema().def.shape);
}

const PARSE_OPTS = { reportInput: true, error: errorMap } as const;

/** Singular, plural and case slips that the Levenshtein check alone would miss. */
const TOP_LEVEL_ALIASES: Record<string, string> = {
  statemachine: 'stateMachines',
  machines: 'stateMachines',
  activity: 'activities',
  validation: 'validate',
  nooutputs: 'noOutput',
};

function misspeltTopLevel(key: string): string | undefined {
  return TOP_LEVEL_ALIASES[key.toLowerCase()] ?? didYouMean(key, TOP_LEVEL_KEYS);
}

function topLevelKeyDiagnostics(value: Record<string, unknown>, base: ConfigPath, mode: ValidationMode): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const key of Object.keys(value)) {
    if ((TOP_LEVEL_KEYS as readonly string[]).includes(key)) continue;
    const match = misspeltTopLevel(key);
    if (match) {
      out.push({
        severity: 'error',
        code: 'unknown-key',
        path: [...base, key],
        message: `unknown key "${key}": what you wrote under it would be dropped`,
        hint: `did you mean "${match}"?`,
      });
    } else if (mode !== 'off') {
      out.push({
        severity: mode === 'error' ? 'error' : 'warning',
        code: 'unknown-key',
        path: [...base, key],
        message: `unknown key "${key}" (stepf ignores it)`,
        hint: `stepFunctions takes ${TOP_LEVEL_KEYS.join(', ')}${mode === 'error' ? '; this is an error because configValidationMode is error' : '; set configValidationMode: error to make this an error'}`,
      });
    }
  }
  return out;
}

/** `methdo` (did you mean "method"?) already explains why `method` is missing: say it once. */
function dropExplainedMissing(diags: Diagnostic[]): Diagnostic[] {
  const suggested = new Set<string>();
  for (const d of diags) {
    const m = d.code === 'unknown-key' && d.path && d.hint ? /^did you mean "(.+)"\?$/.exec(d.hint) : null;
    if (m) suggested.add(JSON.stringify([...d.path!.slice(0, -1), m[1]]));
  }
  if (suggested.size === 0) return diags;
  return diags.filter((d) => !(d.code === 'missing-key' && d.path && suggested.has(JSON.stringify(d.path))));
}

/** Index of each path segment among its parent's keys, so diagnostics read top to bottom like the file. */
function documentOrder(root: unknown, rel: ReadonlyArray<string | number>): number[] {
  const order: number[] = [];
  let node = root;
  for (const seg of rel) {
    if (Array.isArray(node) && typeof seg === 'number') {
      order.push(seg);
      node = node[seg];
    } else if (isPlainObject(node)) {
      const i = Object.keys(node).indexOf(String(seg));
      order.push(i < 0 ? Number.MAX_SAFE_INTEGER : i);
      node = node[String(seg)];
    } else {
      order.push(Number.MAX_SAFE_INTEGER);
      node = undefined;
    }
  }
  return order;
}

function sortByDocument(diags: Diagnostic[], root: unknown, base: ConfigPath): Diagnostic[] {
  const keyed = diags.map((d, i) => ({ d, i, k: documentOrder(root, (d.path ?? []).slice(base.length)) }));
  keyed.sort((a, b) => {
    const n = Math.min(a.k.length, b.k.length);
    for (let j = 0; j < n; j++) if (a.k[j] !== b.k[j]) return a.k[j] - b.k[j];
    return a.k.length - b.k.length || a.i - b.i;
  });
  return keyed.map((x) => x.d);
}

export interface CheckOptions {
  /** configValidationMode of serverless.yml: how unknown, not misspelt keys directly under stepFunctions are reported. */
  mode: ValidationMode;
  basePath?: ConfigPath;
}

/**
 * Checks the resolved `stepFunctions:` block and reports every problem at once. `config` is the parsed
 * value (definitions given as JSON strings are objects in it); it is meaningful only when no
 * diagnostic is an error.
 */
export function checkStepFunctions(value: unknown, opts: CheckOptions): { config: StepFunctionsConfig; diagnostics: Diagnostic[] } {
  const base = opts.basePath ?? ['stepFunctions'];
  const s = getSchemas();
  if (!isPlainObject(value)) {
    return {
      config: { stateMachines: {} },
      diagnostics: [
        {
          severity: 'error',
          code: value === undefined || value === null ? 'missing-key' : 'invalid-type',
          path: base,
          message: `expected an object with stateMachines, got ${describe(value)}`,
          hint: 'stepFunctions:\n    stateMachines:\n      myMachine:\n        definition: ...',
        },
      ],
    };
  }
  const diagnostics = topLevelKeyDiagnostics(value, base, opts.mode);
  const result = s.stepFunctions.safeParse(value, PARSE_OPTS);
  if (!result.success) toDiagnostics(result.error.issues, base, s.keys, diagnostics);
  if (isPlainObject(value.stateMachines)) {
    for (const [key, m] of Object.entries(value.stateMachines)) checkMachineRules(m, [...base, 'stateMachines', key], diagnostics);
  }
  return {
    config: result.success ? result.data : (value as StepFunctionsConfig),
    diagnostics: diagnostics.length > 1 ? sortByDocument(dropExplainedMissing(diagnostics), value, base) : diagnostics,
  };
}

/** `provider:`, leniently: keys stepf does not read pass silently; wrong types on keys it reads are errors. */
export function checkProvider(value: unknown): { config: ProviderConfig; diagnostics: Diagnostic[] } {
  if (value === undefined || value === null) return { config: {}, diagnostics: [] };
  const s = getSchemas();
  const result = s.provider.safeParse(value, PARSE_OPTS);
  if (result.success) return { config: result.data, diagnostics: [] };
  return { config: (isPlainObject(value) ? value : {}) as ProviderConfig, diagnostics: toDiagnostics(result.error.issues, ['provider'], s.keys) };
}

/** `custom.stepf`: stepf's own settings; an unknown key is an error (a typo would be silently ignored). */
export function checkStepfCustom(value: unknown): { config: StepfCustom; diagnostics: Diagnostic[] } {
  if (value === undefined || value === null) return { config: {}, diagnostics: [] };
  const s = getSchemas();
  const result = s.custom.safeParse(value, PARSE_OPTS);
  if (result.success) return { config: result.data, diagnostics: [] };
  return { config: {}, diagnostics: toDiagnostics(result.error.issues, ['custom', 'stepf'], s.keys) };
}
