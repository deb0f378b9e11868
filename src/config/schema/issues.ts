import type { core } from 'zod/mini';
import type { ConfigPath, Diagnostic } from '../../errors.js';
import { didYouMean } from '../../util/did-you-mean.js';
import { describe } from './common.js';

type Issue = core.$ZodIssue;
type RawIssue = core.$ZodRawIssue;

/**
 * Our error map hands the allowed keys of a strict object to `toDiagnostics` through the message,
 * since zod drops the schema from finished issues. Only this file writes and reads it.
 */
const KEYS_MARK = '\u0000keys:';

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  record: 'an object',
  array: 'a list',
};

/** Messages for a user at 2 a.m., never zod's internals. Passed as the parse context's error map. */
export function errorMap(iss: RawIssue): string | undefined {
  switch (iss.code) {
    case 'invalid_type': {
      if (iss.input === undefined) return 'is required';
      const expected = EXPECTED[iss.expected] ?? iss.expected;
      return `expected ${expected}, got ${describe(iss.input)}`;
    }
    case 'invalid_value':
      return `expected ${iss.values.length === 1 ? '' : 'one of '}${iss.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(iss.input)}`;
    case 'unrecognized_keys': {
      const shape = (iss.inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def?.shape;
      return KEYS_MARK + JSON.stringify(shape ? Object.keys(shape) : []);
    }
    case 'too_small':
      return iss.origin === 'array' ? `needs at least ${String(iss.minimum)} item(s)` : `must be at least ${String(iss.minimum)}`;
    case 'too_big':
      return iss.origin === 'array' ? `takes at most ${String(iss.maximum)} item(s)` : `must be at most ${String(iss.maximum)}`;
    case 'invalid_union':
      return `does not match any accepted form, got ${describe(iss.input)}`;
    default:
      return undefined;
  }
}

/** An absent required key: zod reports it as a type, value or custom failure on `undefined`. */
function isMissing(iss: Issue): boolean {
  return (iss.code === 'invalid_type' || iss.code === 'invalid_value' || iss.code === 'custom') && 'input' in iss && iss.input === undefined;
}

/** didYouMean, plus swapped neighbours (`levle` → `level`), which plain edit distance counts as two. */
function closestKey(word: string, known: string[]): string | undefined {
  const match = didYouMean(word, known);
  if (match) return match;
  const sorted = (s: string) => [...s.toLowerCase()].sort().join('');
  const w = sorted(word);
  return known.find((k) => k.length === word.length && sorted(k) === w && [...k].filter((c, i) => c !== word[i]).length === 2);
}

/** A union branch that failed only because the value is of another type: not worth reporting. */
function isTypeMismatch(branch: Issue[]): boolean {
  return branch.every(
    (i) =>
      i.path.length === 0 &&
      (i.code === 'invalid_type' || i.code === 'custom' || (i.code === 'invalid_value' && !i.values.some((v) => typeof v === typeof i.input))),
  );
}

export interface UnknownKeyContext {
  /** Where a misplaced key belongs, e.g. `path` → `http` for an under-indented event. */
  eventKeyOwner(key: string): string | undefined;
}

function unknownKeyHint(key: string, known: string[], relPath: ReadonlyArray<PropertyKey>, ctx: UnknownKeyContext): string {
  const len = relPath.length;
  if (len >= 2 && relPath[len - 2] === 'events' && typeof relPath[len - 1] === 'number') {
    const owner = ctx.eventKeyOwner(key);
    if (owner) return `"${key}" is a setting of ${owner === 'schedule' ? 'a' : 'an'} ${owner} event: indent it under "${owner}:" (two more spaces than "- ${owner}:")`;
  }
  const match = closestKey(key, known);
  if (match) return `did you mean "${match}"?`;
  return known.length ? `allowed here: ${known.join(', ')}` : 'no keys are allowed here';
}

function missingHint(key: string): string | undefined {
  switch (key) {
    case 'definition':
      return 'every state machine needs a definition: an object with StartAt and States';
    case 'stateMachines':
      return 'put each state machine under stepFunctions.stateMachines.<name>';
    case 'Effect':
      return 'add Effect: Allow (or Deny) to the statement';
    case 'path':
    case 'method':
      return 'an http event needs both path and method, e.g. path: users/create, method: post';
    case 'rate':
      return 'a schedule needs rate: rate(10 minutes) or cron(...)';
    case 'event':
      return 'give the event pattern under event: (source, detail-type, detail, ...)';
    default:
      return undefined;
  }
}

/** Converts zod issues (parsed with `errorMap` and `reportInput: true`) to diagnostics under `base`. */
export function toDiagnostics(issues: readonly Issue[], base: ConfigPath, ctx: UnknownKeyContext, out: Diagnostic[] = [], rel: PropertyKey[] = []): Diagnostic[] {
  for (const iss of issues) {
    const relPath = [...rel, ...iss.path];
    const path = [...base, ...(relPath as Array<string | number>)];
    const key = relPath[relPath.length - 1];
    if (isMissing(iss) && typeof key === 'string') {
      const hint = missingHint(key);
      out.push({ severity: 'error', code: 'missing-key', path, message: `"${key}" is required`, ...(hint ? { hint } : {}) });
      continue;
    }
    switch (iss.code) {
      case 'invalid_union': {
        const informative = iss.errors.filter((b) => b.length > 0 && !isTypeMismatch(b));
        if (informative.length > 0) {
          // The branch closest to what was written: fewest problems.
          const best = informative.reduce((a, b) => (b.length < a.length ? b : a));
          toDiagnostics(best, base, ctx, out, relPath);
        } else {
          out.push({ severity: 'error', code: 'invalid-type', path, message: iss.message, hint: `see ${typeof key === 'string' ? `"${key}"` : 'this setting'} in the README's configuration reference` });
        }
        break;
      }
      case 'unrecognized_keys': {
        const known: string[] = iss.message.startsWith(KEYS_MARK) ? JSON.parse(iss.message.slice(KEYS_MARK.length)) : [];
        for (const key of iss.keys) {
          out.push({
            severity: 'error',
            code: 'unknown-key',
            path: [...path, key],
            message: `unknown key "${key}"`,
            hint: unknownKeyHint(key, known, relPath, ctx),
          });
        }
        break;
      }
      case 'invalid_type':
        out.push({ severity: 'error', code: 'invalid-type', path, message: iss.message, hint: `write ${typeof key === 'string' ? key : 'this item'} as ${EXPECTED[iss.expected] ?? iss.expected}` });
        break;
      case 'invalid_value': {
        const hint = typeof iss.input === 'string' ? didYouMean(iss.input, iss.values.map(String)) : undefined;
        out.push({ severity: 'error', code: 'invalid-value', path, message: iss.message, hint: hint ? `did you mean "${hint}"?` : `use one of ${iss.values.map(String).join(', ')}` });
        break;
      }
      case 'custom': {
        const params = (iss.params ?? {}) as { stepf?: string; hint?: string };
        const fallback = `see ${typeof key === 'string' ? `"${key}"` : 'this setting'} in the README's configuration reference`;
        out.push({ severity: 'error', code: params.stepf ?? 'invalid-type', path, message: iss.message, hint: params.hint ?? fallback });
        break;
      }
      default: {
        // A format problem may carry its own code and hint, as custom issues do.
        const params = ((iss as { params?: unknown }).params ?? {}) as { stepf?: string; hint?: string };
        out.push({ severity: 'error', code: params.stepf ?? 'invalid-value', path, message: iss.message, hint: params.hint ?? `see ${typeof key === 'string' ? `"${key}"` : 'this setting'} in the README's configuration reference` });
      }
    }
  }
  return out;
}
