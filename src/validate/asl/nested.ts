/** Parallel branches and Map item processors: nested state machines, each its own scope. */
import { suggest } from './suggest.js';
import { error, type Ctx, type Language, type Obj, type Path } from './context.js';
import { checkNumber, NON_NEGATIVE_INT } from './numbers.js';
import { checkPathField, checkPayloadTemplate } from './payload.js';
import { checkScope } from './scope.js';
import type { ScopeInfo } from './state.js';
import { describe, isDeployTime, isJsonataText, isPlainObject } from './values.js';

function innerScope(lang: Language, scope: ScopeInfo): ScopeInfo {
  return { lang, machineLang: scope.machineLang, ambiguous: scope.ambiguous || lang !== scope.machineLang };
}

export function checkParallel(ctx: Ctx, state: Obj, path: Path, lang: Language, scope: ScopeInfo): void {
  const b = state.Branches;
  if (b === undefined) {
    error(ctx, path, 'missing-field', 'the Parallel state has no Branches', 'add Branches: a list of { StartAt, States } to run at the same time');
    return;
  }
  if (!Array.isArray(b) || b.length === 0) {
    error(ctx, [...path, 'Branches'], 'invalid-type', `Branches must be a non-empty list of { StartAt, States }, got ${describe(b)}`, 'Branches:\n  - StartAt: A\n    States:\n      A: { Type: Pass, End: true }');
    return;
  }
  b.forEach((branch, i) => checkScope(ctx, branch, [...path, 'Branches', i], innerScope(lang, scope), 'branch'));
}

function checkOneOf(ctx: Ctx, obj: Obj, path: Path, field: string, values: string[]): void {
  if (!(field in obj)) return;
  const v = obj[field];
  if (isDeployTime(v)) return;
  if (typeof v !== 'string' || !values.includes(v)) {
    const m = typeof v === 'string' ? suggest(v, values) : undefined;
    error(ctx, [...path, field], 'invalid-value', `${field} must be ${values.join(' or ')}, got ${describe(v)}`, m ? `did you mean "${m}"?` : `${field}: ${values[0]}`);
  }
}

function checkProcessorConfig(ctx: Ctx, processor: unknown, path: Path): void {
  if (!isPlainObject(processor) || !('ProcessorConfig' in processor)) return;
  const pc = processor.ProcessorConfig;
  const p = [...path, 'ProcessorConfig'];
  if (!isPlainObject(pc)) {
    error(ctx, p, 'invalid-type', `ProcessorConfig must be an object, got ${describe(pc)}`, 'ProcessorConfig:\n  Mode: DISTRIBUTED\n  ExecutionType: STANDARD');
    return;
  }
  const allowed = ['Mode', 'ExecutionType'];
  for (const k of Object.keys(pc)) {
    if (allowed.includes(k)) continue;
    const m = suggest(k, allowed);
    error(ctx, [...p, k], 'unknown-field', `unknown field "${k}" in ProcessorConfig`, m ? `did you mean "${m}"?` : 'ProcessorConfig takes Mode and ExecutionType');
  }
  checkOneOf(ctx, pc, p, 'Mode', ['INLINE', 'DISTRIBUTED']);
  checkOneOf(ctx, pc, p, 'ExecutionType', ['STANDARD', 'EXPRESS']);
}

function checkObjectField(ctx: Ctx, state: Obj, field: string, path: Path, example: string): Obj | undefined {
  if (!(field in state)) return undefined;
  const v = state[field];
  if (isDeployTime(v)) return undefined;
  if (!isPlainObject(v)) {
    error(ctx, [...path, field], 'invalid-type', `${field} must be an object, got ${describe(v)}`, example);
    return undefined;
  }
  return v;
}

export function checkMap(ctx: Ctx, state: Obj, path: Path, lang: Language, scope: ScopeInfo): void {
  const hasProcessor = 'ItemProcessor' in state;
  const hasIterator = 'Iterator' in state;
  if (!hasProcessor && !hasIterator) {
    error(ctx, path, 'missing-field', 'the Map state has no ItemProcessor', 'add ItemProcessor: { StartAt, States } (the states run for each item)');
  } else if (hasProcessor && hasIterator) {
    error(ctx, [...path, 'Iterator'], 'conflict', 'ItemProcessor and Iterator cannot both be set', 'Iterator is the older name of ItemProcessor: keep ItemProcessor');
  } else {
    const field = hasProcessor ? 'ItemProcessor' : 'Iterator';
    const processor = state[field];
    checkScope(ctx, processor, [...path, field], innerScope(lang, scope), 'processor');
    checkProcessorConfig(ctx, processor, [...path, field]);
  }

  const concurrency = 'MaxConcurrency' in state;
  checkNumber(ctx, state, 'MaxConcurrency', path, lang, { ...NON_NEGATIVE_INT, expect: 'a whole number, 0 or more (0 means no limit)' });
  if (concurrency && 'MaxConcurrencyPath' in state) error(ctx, [...path, 'MaxConcurrencyPath'], 'conflict', 'MaxConcurrency and MaxConcurrencyPath cannot both be set', 'keep one of them');
  checkNumber(ctx, state, 'ToleratedFailureCount', path, lang, NON_NEGATIVE_INT);
  checkNumber(ctx, state, 'ToleratedFailurePercentage', path, lang, { min: 0, max: 100, expect: 'a number from 0 to 100', example: '10' });
  for (const k of ['ToleratedFailureCount', 'ToleratedFailurePercentage']) {
    if (k in state && `${k}Path` in state) error(ctx, [...path, `${k}Path`], 'conflict', `${k} and ${k}Path cannot both be set`, 'keep one of them');
  }
  if (lang === 'JSONPath') {
    checkPathField(ctx, state, 'ItemsPath', path);
    for (const k of ['MaxConcurrencyPath', 'ToleratedFailureCountPath', 'ToleratedFailurePercentagePath']) checkPathField(ctx, state, k, path, { reference: true });
    if ('ItemSelector' in state) checkPayloadTemplate(ctx, state.ItemSelector, [...path, 'ItemSelector']);
  } else if ('Items' in state) {
    const items = state.Items;
    if (!Array.isArray(items) && !isJsonataText(items) && !isDeployTime(items)) {
      error(ctx, [...path, 'Items'], 'invalid-type', `Items must be a list or a JSONata expression, got ${describe(items)}`, 'e.g. Items: "{% $states.input.orders %}"');
    }
  }

  const reader = checkObjectField(ctx, state, 'ItemReader', path, 'ItemReader:\n  Resource: arn:aws:states:::s3:getObject\n  ReaderConfig: { InputType: JSON }');
  if (reader) {
    if (!('Resource' in reader)) error(ctx, [...path, 'ItemReader'], 'missing-field', 'ItemReader has no Resource', 'add Resource: arn:aws:states:::s3:getObject (or s3:listObjectsV2)');
    if (lang === 'JSONPath' && 'Parameters' in reader) checkPayloadTemplate(ctx, reader.Parameters, [...path, 'ItemReader', 'Parameters']);
    const rc = reader.ReaderConfig;
    if (isPlainObject(rc)) {
      const rp = [...path, 'ItemReader', 'ReaderConfig'];
      checkNumber(ctx, rc, 'MaxItems', rp, lang, NON_NEGATIVE_INT);
      if ('MaxItems' in rc && 'MaxItemsPath' in rc) error(ctx, [...rp, 'MaxItemsPath'], 'conflict', 'MaxItems and MaxItemsPath cannot both be set', 'keep one of them');
      if (lang === 'JSONPath') checkPathField(ctx, rc, 'MaxItemsPath', rp, { reference: true });
    }
  }
  const writer = checkObjectField(ctx, state, 'ResultWriter', path, 'ResultWriter:\n  Resource: arn:aws:states:::s3:putObject\n  Parameters: { Bucket: my-bucket, Prefix: results }');
  if (writer && lang === 'JSONPath' && 'Parameters' in writer) checkPayloadTemplate(ctx, writer.Parameters, [...path, 'ResultWriter', 'Parameters']);
  const batcher = checkObjectField(ctx, state, 'ItemBatcher', path, 'ItemBatcher:\n  MaxItemsPerBatch: 100');
  if (batcher) {
    const bp = [...path, 'ItemBatcher'];
    checkNumber(ctx, batcher, 'MaxItemsPerBatch', bp, lang, { integer: true, min: 1, expect: 'a whole number, 1 or more', example: '100' });
    checkNumber(ctx, batcher, 'MaxInputBytesPerBatch', bp, lang, { integer: true, min: 1, max: 262144, expect: 'a whole number of bytes from 1 to 262144', example: '65536' });
    if (lang === 'JSONPath' && 'BatchInput' in batcher) checkPayloadTemplate(ctx, batcher.BatchInput, [...bp, 'BatchInput']);
  }
  if ('Label' in state && typeof state.Label !== 'string' && !isDeployTime(state.Label)) {
    error(ctx, [...path, 'Label'], 'invalid-type', `Label must be a string, got ${describe(state.Label)}`, 'Label: ProcessOrders');
  }
}
