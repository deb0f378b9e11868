/** Retry and Catch: error names, retrier fields and their ranges, catcher transitions. */
import { suggest } from './suggest.js';
import { error, warning, type Ctx, type Language, type Obj, type Path } from './context.js';
import { CATCH_FIELDS, RETRY_FIELDS, STATES_ERRORS } from '../../asl/fields.js';
import { checkNumber } from './numbers.js';
import { checkPathField, checkPayloadTemplate } from './payload.js';
import { describe, isDeployTime, isPlainObject } from './values.js';

function checkErrorEquals(ctx: Ctx, item: Obj, path: Path, what: 'retrier' | 'catcher'): string[] {
  const list = item.ErrorEquals;
  const where = [...path, 'ErrorEquals'];
  if (list === undefined) {
    error(ctx, path, 'missing-field', `the ${what} has no ErrorEquals`, `add ErrorEquals: [States.ALL] to match every error, or list the error names`);
    return [];
  }
  if (!Array.isArray(list) || list.length === 0) {
    error(ctx, where, 'invalid-type', `ErrorEquals must be a non-empty list of error names, got ${describe(list)}`, 'e.g. ErrorEquals: [States.TaskFailed]');
    return [];
  }
  const names: string[] = [];
  list.forEach((name, i) => {
    if (typeof name !== 'string') {
      if (!isDeployTime(name)) error(ctx, [...where, i], 'invalid-type', `an error name must be a string, got ${describe(name)}`, 'e.g. States.Timeout or MyCustomError');
      return;
    }
    names.push(name);
    if (name.startsWith('States.') && !STATES_ERRORS.includes(name)) {
      const m = suggest(name, STATES_ERRORS);
      warning(ctx, [...where, i], 'unknown-error-name', `Step Functions never raises ${name}, so this ${what} never matches it`, m ? `did you mean "${m}"?` : `the States.* errors are ${STATES_ERRORS.join(', ')}`);
    }
    if (name === 'States.ALL' && list.length > 1) {
      error(ctx, [...where, i], 'states-all-not-alone', 'States.ALL must be the only name in its ErrorEquals', `put States.ALL in a ${what} of its own, after the others`);
    }
  });
  return names;
}

function checkFields(ctx: Ctx, item: Obj, path: Path, allowed: string[], all: string[], what: string, lang: Language): void {
  for (const key of Object.keys(item)) {
    if (allowed.includes(key)) continue;
    if (all.includes(key)) {
      error(ctx, [...path, key], 'wrong-language', `${key} is not available in a ${what} of a ${lang} state`, lang === 'JSONata' ? 'use Output (and Assign) in JSONata catchers' : 'use ResultPath in JSONPath catchers, or set QueryLanguage: JSONata');
      continue;
    }
    const m = suggest(key, allowed);
    error(ctx, [...path, key], 'unknown-field', `unknown field "${key}" in a ${what}`, m ? `did you mean "${m}"?` : `a ${what} takes ${allowed.join(', ')}`);
  }
}

export function checkRetry(ctx: Ctx, state: Obj, path: Path, lang: Language): void {
  if (!('Retry' in state)) return;
  const retry = state.Retry;
  const where = [...path, 'Retry'];
  if (!Array.isArray(retry)) {
    error(ctx, where, 'invalid-type', `Retry must be a list of retriers, got ${describe(retry)}`, 'Retry:\n  - ErrorEquals: [States.TaskFailed]\n    MaxAttempts: 3');
    return;
  }
  retry.forEach((r, i) => {
    const p = [...where, i];
    if (!isPlainObject(r)) {
      error(ctx, p, 'invalid-type', `a retrier must be an object with ErrorEquals, got ${describe(r)}`, 'start each retrier with "- ErrorEquals: [...]"');
      return;
    }
    checkFields(ctx, r, p, RETRY_FIELDS, RETRY_FIELDS, 'retrier', lang);
    const names = checkErrorEquals(ctx, r, p, 'retrier');
    if (names.includes('States.ALL') && i !== retry.length - 1) {
      error(ctx, [...p, 'ErrorEquals'], 'states-all-not-last', 'the retrier for States.ALL must be the last one', 'move it to the end of Retry: the retriers after it can never match');
    }
    checkNumber(ctx, r, 'IntervalSeconds', p, lang, { integer: true, min: 1, max: 99999999, expect: 'a whole number of seconds, 1 or more', example: '2' });
    checkNumber(ctx, r, 'MaxAttempts', p, lang, { integer: true, min: 0, max: 99999999, expect: 'a whole number, 0 or more (0 never retries)', example: '3' });
    checkNumber(ctx, r, 'BackoffRate', p, lang, { min: 1, expect: 'a number of at least 1.0', example: '2' });
    checkNumber(ctx, r, 'MaxDelaySeconds', p, lang, { integer: true, min: 1, max: 31622400, expect: 'a whole number of seconds from 1 to 31622400', example: '60' });
    if ('JitterStrategy' in r && r.JitterStrategy !== 'FULL' && r.JitterStrategy !== 'NONE' && !isDeployTime(r.JitterStrategy)) {
      error(ctx, [...p, 'JitterStrategy'], 'invalid-value', `JitterStrategy must be FULL or NONE, got ${describe(r.JitterStrategy)}`, 'JitterStrategy: FULL spreads the retries out at random');
    }
  });
}

/** Checks Catch; returns each catcher's Next (with its path) for the scope's transition check. */
export function checkCatch(ctx: Ctx, state: Obj, path: Path, lang: Language): Array<{ target: string; path: Path }> {
  const targets: Array<{ target: string; path: Path }> = [];
  if (!('Catch' in state)) return targets;
  const c = state.Catch;
  const where = [...path, 'Catch'];
  if (!Array.isArray(c)) {
    error(ctx, where, 'invalid-type', `Catch must be a list of catchers, got ${describe(c)}`, 'Catch:\n  - ErrorEquals: [States.ALL]\n    Next: HandleError');
    return targets;
  }
  const all = [...new Set([...CATCH_FIELDS.JSONPath, ...CATCH_FIELDS.JSONata])];
  c.forEach((k, i) => {
    const p = [...where, i];
    if (!isPlainObject(k)) {
      error(ctx, p, 'invalid-type', `a catcher must be an object with ErrorEquals and Next, got ${describe(k)}`, 'start each catcher with "- ErrorEquals: [...]"');
      return;
    }
    checkFields(ctx, k, p, CATCH_FIELDS[lang], all, 'catcher', lang);
    const names = checkErrorEquals(ctx, k, p, 'catcher');
    if (names.includes('States.ALL') && i !== c.length - 1) {
      error(ctx, [...p, 'ErrorEquals'], 'states-all-not-last', 'the catcher for States.ALL must be the last one', 'move it to the end of Catch: the catchers after it can never match');
    }
    if (k.Next === undefined) error(ctx, p, 'missing-field', 'the catcher has no Next', 'add Next: <the state that handles the error>');
    else if (typeof k.Next !== 'string') error(ctx, [...p, 'Next'], 'invalid-type', `Next must be a state name, got ${describe(k.Next)}`, 'Next: HandleError');
    else targets.push({ target: k.Next, path: [...p, 'Next'] });
    if (lang === 'JSONPath') {
      checkPathField(ctx, k, 'ResultPath', p, { reference: true, nullable: true });
      if ('Assign' in k) checkPayloadTemplate(ctx, k.Assign, [...p, 'Assign']);
    }
  });
  return targets;
}
