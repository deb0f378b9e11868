import { array, boolean as zodBoolean, custom, lazy, number as zodNumber, optional, pipe, record, string, transform, union } from 'zod/mini';
import type { ZodMiniType } from 'zod/mini';

/** A CloudFormation intrinsic function: an object whose single key is `Ref` or `Fn::*`. */
export type Intrinsic = { Ref: string } | { [fn: `Fn::${string}`]: unknown };

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isIntrinsic(v: unknown): v is Intrinsic {
  if (!isPlainObject(v)) return false;
  let key: string | undefined;
  for (const k in v) {
    if (key !== undefined) return false;
    key = k;
  }
  if (key === 'Ref') return typeof v.Ref === 'string';
  return key !== undefined && key.startsWith('Fn::');
}

/** What a value is, for "got ..." in messages: `a number (42)`, `an empty value`, `a list`. */
export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'an empty value (null)';
  if (Array.isArray(v)) return 'a list';
  switch (typeof v) {
    case 'string':
      return v.length > 40 ? `the string "${v.slice(0, 37)}..."` : `the string "${v}"`;
    case 'number':
      return `a number (${v})`;
    case 'boolean':
      return `a boolean (${v})`;
    case 'object': {
      const keys = Object.keys(v as object);
      if (keys.length === 0) return 'an empty object';
      const shown = keys.slice(0, 3).join(', ');
      return `an object with keys ${shown}${keys.length > 3 ? ', ...' : ''}`;
    }
    default:
      return typeof v;
  }
}

const INTRINSIC_WORDS = 'an intrinsic function (Ref, Fn::GetAtt, Fn::Sub, ...)';

/** A leaf that accepts what `test` accepts and otherwise says "expected <what>, got <value>". */
export function leaf<T>(test: (v: unknown) => boolean, what: string): ZodMiniType<T, T> {
  return custom<T>((v) => test(v), { error: (iss) => `expected ${what}, got ${describe(iss.input)}` });
}

export function intrinsic(): ZodMiniType<Intrinsic, Intrinsic> {
  return leaf<Intrinsic>(isIntrinsic, INTRINSIC_WORDS);
}

/** A string, or an intrinsic where CloudFormation resolves one (names, descriptions, ARNs...). */
export function stringOrIntrinsic(): ZodMiniType<string | Intrinsic, string | Intrinsic> {
  return leaf<string | Intrinsic>((v) => typeof v === 'string' || isIntrinsic(v), `a string or ${INTRINSIC_WORDS}`);
}

/**
 * An ARN or an intrinsic, as the plugin's machine-level `arn` type. The plugin wanted `arn:aws`; any
 * `arn:` is taken so `arn:#{AWS::Partition}:...` (a pseudo-parameter, substituted later) works too.
 */
export function awsArn(example = 'arn:aws:iam::123456789012:role/name'): ZodMiniType<string | Intrinsic, string | Intrinsic> {
  return leaf<string | Intrinsic>(
    (v) => (typeof v === 'string' && v.startsWith('arn:')) || isIntrinsic(v),
    `an ARN (${example}) or ${INTRINSIC_WORDS}`,
  );
}

export function plainObject(what = 'an object'): ZodMiniType<Record<string, unknown>, Record<string, unknown>> {
  return leaf<Record<string, unknown>>(isPlainObject, what);
}

/** `a` or a list of `a`. */
export function oneOrMany<T>(item: ZodMiniType<T, T>, what: string): ZodMiniType<T | T[], T | T[]> {
  return union([item, array(item)], { error: (iss) => `expected ${what}, got ${describe(iss.input)}` }) as unknown as ZodMiniType<
    T | T[],
    T | T[]
  >;
}

/** Tag values become strings in the template: scalars or an intrinsic, never a nested object. */
export function tagMap() {
  return record(
    string(),
    leaf<string | number | boolean | null | Intrinsic>(
      (v) => v === null || ['string', 'number', 'boolean'].includes(typeof v) || isIntrinsic(v),
      `a tag value (a string, number or boolean) or ${INTRINSIC_WORDS}`,
    ),
  );
}

const NUMERIC = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;

/**
 * A number where CloudFormation takes one. CloudFormation also takes a numeric string (`"14"`), and
 * Serverless and the plugin (Joi) convert one, so a value quoted in YAML or read from `${env:X}` or
 * `${param:x}` works: it becomes the number. Anything else is the usual "expected a number" error.
 */
export function number() {
  return pipe(
    transform((v: unknown) => (typeof v === 'string' && NUMERIC.test(v) ? Number(v) : v)),
    zodNumber(),
  );
}

/** A whole number from `min` to `max` (a numeric string too, as `number()`), with a hint saying what it counts. */
export function wholeNumber(min: number, max: number, what: string, hint: string) {
  const inRange = (v: unknown) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
  return pipe(number(), custom<number>(inRange, { error: (iss) => `expected ${what} from ${min} to ${max}, got ${describe(iss.input)}`, params: { hint } }));
}

/** A boolean where CloudFormation takes one; `"true"` / `"false"` (any case, as Joi converts) are the booleans. */
export function boolean() {
  return pipe(
    transform((v: unknown) => (typeof v === 'string' && /^(true|false)$/i.test(v.trim()) ? v.trim().toLowerCase() === 'true' : v)),
    zodBoolean(),
  );
}

/** A number, or a numeric string YAML users often write (`"300"`), kept as given. */
export function numberLike() {
  return leaf<number | string>((v) => typeof v === 'number' || (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))), 'a number');
}

/** A string, also accepting a number that YAML read from an unquoted value (`messageGroupId: 12345`). */
export function stringish() {
  return pipe(
    leaf<string | number>((v) => typeof v === 'string' || typeof v === 'number', 'a string'),
    transform((v: string | number) => String(v)),
  );
}

/**
 * An optional key whose schema is built on first use. zod's `lazy` alone is resolved by the first
 * parse of the parent object (it asks every key whether it is optional), so answer that question here:
 * configs without events, alarms or notifications never build those schemas (a few ms at start-up).
 */
export function deferred<T extends ZodMiniType>(build: () => T) {
  const inner = lazy(build);
  for (const prop of ['optin', 'optout'] as const) {
    Object.defineProperty(inner._zod, prop, { value: undefined, configurable: true, enumerable: true, writable: true });
  }
  return optional(inner);
}
