/** Payload templates of JSONPath states (Parameters, ResultSelector, ItemSelector, Assign ...): `.$` keys. */
import { error, warning, type Ctx, type Path } from './context.js';
import { intrinsicProblem } from './intrinsics.js';
import { pathProblem } from './paths.js';
import { describe, hasPlaceholder, isCfnIntrinsic, isPlainObject } from './values.js';

/** A `.$` value: a path (`$.x`, `$$.Execution.Id`, `$var`) or an intrinsic function call. `parent` + `field` is where it stands. */
export function checkDynamicValue(ctx: Ctx, value: unknown, parent: Path, field: string): void {
  if (typeof value !== 'string') {
    if (isCfnIntrinsic(value)) return;
    error(ctx, [...parent, field], 'invalid-type', `"${field}" ends in ".$", so its value must be a path or an intrinsic function (a string), got ${describe(value)}`, `drop the ".$" from the key to pass the value as it is`);
    return;
  }
  if (value.charCodeAt(0) === 36 /* $ */ && value.length < 200 && SIMPLE_PATH.test(value)) return; // the common case, without the parser
  if (hasPlaceholder(value)) return;
  const text = value.trim();
  if (text.startsWith('States.')) {
    const p = intrinsicProblem(text);
    if (p) (p.severity === 'warning' ? warning : error)(ctx, [...parent, field], 'invalid-intrinsic', p.message, p.hint);
    return;
  }
  const p = pathProblem(value);
  if (p) {
    error(
      ctx,
      [...parent, field],
      'invalid-path',
      `"${field}" ends in ".$", so ${JSON.stringify(value)} must be a JSONPath or an intrinsic function, but it is not: ${p}`,
      value.startsWith('$') ? 'paths look like $.order.id, $$.Execution.Id or $myVariable' : `drop the ".$" from "${field}" to pass ${JSON.stringify(value)} as a literal string`,
    );
  }
}

/** `$`, `$.a.b`, `$$.Map.Item.Value`, `$var.x`, `$.a[0].b`: paths that need no parser. */
const SIMPLE_PATH = /^\$(\$|[A-Za-z_][A-Za-z0-9_]*)?(\.[A-Za-z0-9_-]+|\[\d+\])*$/;

/** Walks a payload template: every key ending in `.$` is a path or an intrinsic. */
export function checkPayloadTemplate(ctx: Ctx, value: unknown, path: Path): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (v !== null && typeof v === 'object') checkPayloadTemplate(ctx, v, [...path, i]);
    }
    return;
  }
  if (isCfnIntrinsic(value)) return;
  const obj = value as Record<string, unknown>;
  for (const key in obj) {
    const v = obj[key];
    if (key.length > 2 && key.endsWith('.$')) checkDynamicValue(ctx, v, path, key);
    else if (v !== null && typeof v === 'object') checkPayloadTemplate(ctx, v, [...path, key]);
  }
}

/** InputPath, OutputPath, ResultPath, ItemsPath ...: a path or null (ResultPath: a reference path). */
export function checkPathField(ctx: Ctx, state: Record<string, unknown>, field: string, path: Path, opts: { reference?: boolean; nullable?: boolean; intrinsic?: boolean } = {}): void {
  if (!(field in state)) return;
  const v = state[field];
  if (v === null && opts.nullable) return;
  if (isCfnIntrinsic(v)) return;
  if (typeof v !== 'string') {
    error(ctx, [...path, field], 'invalid-type', `${field} must be a JSONPath string${opts.nullable ? ' or null' : ''}, got ${describe(v)}`, `e.g. ${field}: $.result`);
    return;
  }
  if (v.charCodeAt(0) === 36 && (!opts.reference || v.charCodeAt(1) !== 36) && v.length < 200 && SIMPLE_PATH.test(v)) return;
  if (hasPlaceholder(v)) return;
  if (opts.intrinsic && v.trim().startsWith('States.')) {
    const p = intrinsicProblem(v.trim());
    if (p) (p.severity === 'warning' ? warning : error)(ctx, [...path, field], 'invalid-intrinsic', p.message, p.hint);
    return;
  }
  const p = pathProblem(v, opts.reference);
  if (p) {
    error(
      ctx,
      [...path, field],
      'invalid-path',
      `${field} ${JSON.stringify(v)} is not a valid ${opts.reference ? 'reference path' : 'JSONPath'}: ${p}`,
      opts.reference ? `${field} names one place in the state's output, e.g. $.result or $.items[0]` : `paths look like $, $.order.id or $.items[0]`,
    );
  }
}
