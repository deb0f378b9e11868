import yaml from 'js-yaml';
import { CFN_SCHEMA } from '../../../src/config/cfn-tags.js';
import { checkStepFunctions, type ValidationMode } from '../../../src/config/schema/index.js';
import type { Diagnostic } from '../../../src/errors.js';
import { formatPath } from '../../../src/errors.js';

/** YAML as serverless.yml users write it (with !Ref / !GetAtt short forms). */
export function y(text: string): unknown {
  return yaml.load(text, { schema: CFN_SCHEMA });
}

export const DEF = { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } };

/** Checks one state machine `m` with the given settings (definition added unless given). */
export function checkMachine(settings: Record<string, unknown>, mode: ValidationMode = 'warn') {
  return checkStepFunctions({ stateMachines: { m: { definition: DEF, ...settings } } }, { mode });
}

/** `error unknown-key stepFunctions.stateMachines.m.foo` lines, easy to assert on. */
export function summary(diags: Diagnostic[]): string[] {
  return diags.map((d) => `${d.severity} ${d.code} ${d.path ? formatPath(d.path) : ''}`);
}

export function errors(diags: Diagnostic[]): Diagnostic[] {
  return diags.filter((d) => d.severity === 'error');
}

export const M = 'stepFunctions.stateMachines.m';
