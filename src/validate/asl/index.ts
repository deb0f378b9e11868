/**
 * Amazon States Language checks: what Step Functions rejects at CreateStateMachine is an error, what it
 * accepts but is likely a mistake is a warning. Our own checks, not asl-validator: that costs ~150 ms to
 * load and ~44 ms per 50-state machine, and package runs these on every machine.
 */
import type { Diagnostic } from '../../errors.js';
import type { Ctx, Language } from './context.js';
import { error } from './context.js';
import { checkJsonata } from './jsonata.js';
import { checkNumber, POSITIVE_INT } from './numbers.js';
import { checkScope, collectNames } from './scope.js';
import { mergeRetryWarnings } from './warnings.js';
import { describe, isPlainObject } from './values.js';

export interface ValidateOptions {
  /** Where the definition stands in the config, e.g. ['stepFunctions', 'stateMachines', 'hello', 'definition']. */
  basePath: Array<string | number>;
  machineKey: string;
}

export function validateDefinition(definition: unknown, opts: ValidateOptions): Diagnostic[] {
  const ctx: Ctx = { out: [], machineKey: opts.machineKey, allNames: new Map(), jsonata: [] };
  const base = [...opts.basePath];
  if (!isPlainObject(definition)) {
    error(ctx, base, 'invalid-type', `the definition of state machine "${opts.machineKey}" must be an object with StartAt and States, got ${describe(definition)}`, 'definition:\n  StartAt: First\n  States:\n    First: { Type: Pass, End: true }');
    return ctx.out;
  }
  let lang: Language = 'JSONPath';
  if ('QueryLanguage' in definition) {
    const q = definition.QueryLanguage;
    if (q === 'JSONata') lang = 'JSONata';
    else if (q !== 'JSONPath') error(ctx, [...base, 'QueryLanguage'], 'invalid-value', `QueryLanguage must be JSONPath or JSONata, got ${describe(q)}`, 'QueryLanguage: JSONata');
  }
  if ('Version' in definition && definition.Version !== '1.0') {
    error(ctx, [...base, 'Version'], 'invalid-value', `Version must be "1.0", got ${describe(definition.Version)}`, 'remove Version, or write Version: "1.0" (quoted)');
  }
  if ('Comment' in definition && typeof definition.Comment !== 'string') {
    error(ctx, [...base, 'Comment'], 'invalid-type', `Comment must be a string, got ${describe(definition.Comment)}`, 'quote the comment');
  }
  checkNumber(ctx, definition, 'TimeoutSeconds', base, 'JSONPath', POSITIVE_INT);
  collectNames(ctx, definition, base);
  checkScope(ctx, definition, base, { lang, machineLang: lang, ambiguous: false }, 'machine');
  checkJsonata(ctx);
  mergeRetryWarnings(ctx, 0);
  return ctx.out;
}
