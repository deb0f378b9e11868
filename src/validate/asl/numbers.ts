/** Numeric fields: integers and ranges, with deploy-time values and JSONata expressions let through. */
import { error, type Ctx, type Language, type Obj, type Path } from './context.js';
import { describe, isDeployTime, isJsonataText } from './values.js';

export interface NumberRule {
  min?: number;
  max?: number;
  integer?: boolean;
  /** How the rule reads in a message: "a positive integer", "a number of at least 1". */
  expect: string;
  example?: string;
}

/** True when the value is given (and numeric or dynamic); false when absent or wrong. */
export function checkNumber(ctx: Ctx, obj: Obj, field: string, path: Path, lang: Language, rule: NumberRule): boolean {
  if (!(field in obj)) return false;
  const v = obj[field];
  if (isDeployTime(v) || (lang === 'JSONata' && isJsonataText(v))) return true;
  const ok =
    typeof v === 'number' &&
    Number.isFinite(v) &&
    (!rule.integer || Number.isInteger(v)) &&
    (rule.min === undefined || v >= rule.min) &&
    (rule.max === undefined || v <= rule.max);
  if (!ok) {
    const jsonata = lang === 'JSONata' ? ' or a {% %} expression' : '';
    error(ctx, [...path, field], typeof v === 'number' ? 'out-of-range' : 'invalid-type', `${field} must be ${rule.expect}${jsonata}, got ${describe(v)}`, `e.g. ${field}: ${rule.example ?? rule.min ?? 1}`);
    return false;
  }
  return true;
}

export const POSITIVE_INT: NumberRule = { integer: true, min: 1, max: 99999999, expect: 'a whole number of seconds from 1 to 99999999', example: '300' };
export const NON_NEGATIVE_INT: NumberRule = { integer: true, min: 0, expect: 'a whole number, 0 or more', example: '0' };
