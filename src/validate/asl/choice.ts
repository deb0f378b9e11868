/** Choice rules: JSONPath (Variable + one comparison, And/Or/Not) and JSONata (Condition). */
import { CHOICE_RULE_FIELDS } from '../../asl/fields.js';
import { BOOLEAN_OPERATORS, COMPARISON_OPERATORS, type OperandKind } from '../../asl/operators.js';
import { suggest } from './suggest.js';
import { error, type Ctx, type Language, type Obj, type Path } from './context.js';
import { checkPathField, checkPayloadTemplate } from './payload.js';
import { describe, isDeployTime, isJsonataText, isPlainObject } from './values.js';

const COMPARISONS = COMPARISON_OPERATORS;
type Kind = OperandKind;
const BOOLEAN_OPS: readonly string[] = BOOLEAN_OPERATORS;
const RULE_KEYS = [...Object.keys(COMPARISONS), ...BOOLEAN_OPS, ...CHOICE_RULE_FIELDS.JSONPath];
const RULE_KEY_SET = new Set(RULE_KEYS);
const COMPARISON_SET = new Set(Object.keys(COMPARISONS));
const BOOLEAN_SET = new Set(BOOLEAN_OPS);

const EXAMPLE = 'e.g.\n  - Variable: $.status\n    StringEquals: done\n    Next: Finish';

function valueOk(kind: Kind, v: unknown): boolean {
  if (isDeployTime(v)) return true;
  switch (kind) {
    case 'string':
    case 'timestamp':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'path':
      return typeof v === 'string';
  }
}

const KIND_TEXT: Record<Kind, string> = {
  string: 'a string',
  timestamp: 'a timestamp string (2024-01-31T12:00:00Z)',
  number: 'a number',
  boolean: 'true or false',
  path: 'a JSONPath string',
};

function checkRule(ctx: Ctx, rule: unknown, path: Path, top: boolean): void {
  if (!isPlainObject(rule)) {
    error(ctx, path, 'invalid-type', `a choice rule must be an object, got ${describe(rule)}`, EXAMPLE);
    return;
  }
  const ops: string[] = [];
  const bools: string[] = [];
  let unknown = false;
  for (const key in rule) {
    if (COMPARISON_SET.has(key)) ops.push(key);
    else if (BOOLEAN_SET.has(key)) bools.push(key);
    if (RULE_KEY_SET.has(key)) continue;
    unknown = true;
    if (key === 'Condition') {
      error(ctx, [...path, key], 'wrong-language', 'Condition is a JSONata choice rule, but this state uses JSONPath', 'set QueryLanguage: JSONata on the state (or the definition), or write Variable + a comparison such as StringEquals');
      continue;
    }
    const m = suggest(key, RULE_KEYS);
    error(ctx, [...path, key], 'unknown-field', `unknown field "${key}" in a choice rule`, m ? `did you mean "${m}"?` : `a rule is Variable plus one comparison (StringEquals, NumericGreaterThan, IsPresent, ...), or And/Or/Not`);
  }
  if (!top) {
    if ('Next' in rule) error(ctx, [...path, 'Next'], 'nested-next', 'a rule inside And/Or/Not cannot have Next', 'put Next on the top-level rule of the Choices entry');
    if ('Assign' in rule) error(ctx, [...path, 'Assign'], 'nested-assign', 'a rule inside And/Or/Not cannot have Assign', 'put Assign on the top-level rule of the Choices entry');
  }
  const count = ops.length + bools.length;
  if (count === 0) {
    if (unknown) return; // the unknown key above explains it
    error(ctx, path, 'missing-comparison', 'the choice rule has no comparison', `add one comparison to the rule, ${EXAMPLE}`);
    return;
  }
  if (count > 1) {
    const all = [...ops, ...bools];
    error(ctx, [...path, all[1]], 'several-comparisons', `a choice rule takes exactly one comparison operator, this one has ${all.map((o) => `"${o}"`).join(', ')}`, 'combine comparisons with And: [...] or Or: [...]');
    return;
  }
  if (bools.length === 1) {
    const op = bools[0];
    if ('Variable' in rule) error(ctx, [...path, 'Variable'], 'unexpected-variable', `Variable is not used with ${op}: each rule inside ${op} has its own`, `move Variable into the rules under ${op}`);
    const v = rule[op];
    if (op === 'Not') {
      if (!isPlainObject(v)) error(ctx, [...path, op], 'invalid-type', `Not takes one rule (an object), got ${describe(v)}`, 'Not:\n  Variable: $.x\n  IsPresent: true');
      else checkRule(ctx, v, [...path, op], false);
    } else if (!Array.isArray(v) || v.length === 0) {
      error(ctx, [...path, op], 'invalid-type', `${op} takes a non-empty list of rules, got ${describe(v)}`, `${op}:\n  - Variable: $.a\n    IsPresent: true\n  - ...`);
    } else {
      v.forEach((r, i) => checkRule(ctx, r, [...path, op, i], false));
    }
    return;
  }
  const op = ops[0];
  if (!('Variable' in rule)) {
    error(ctx, path, 'missing-field', `the choice rule compares with ${op} but has no Variable`, 'add Variable: $.field (the value to compare)');
  } else {
    checkPathField(ctx, rule, 'Variable', path);
  }
  const kind = COMPARISONS[op];
  if (!valueOk(kind, rule[op])) {
    error(ctx, [...path, op], 'invalid-type', `${op} compares with ${KIND_TEXT[kind]}, got ${describe(rule[op])}`, kind === 'number' ? `write the number without quotes, e.g. ${op}: 1` : `e.g. ${op}: ${kind === 'boolean' ? 'true' : kind === 'path' ? '$.other' : 'value'}`);
  } else if (kind === 'path') {
    checkPathField(ctx, rule, op, path);
  }
}

function checkJsonataRule(ctx: Ctx, rule: unknown, path: Path): void {
  if (!isPlainObject(rule)) {
    error(ctx, path, 'invalid-type', `a choice rule must be an object, got ${describe(rule)}`, 'e.g.\n  - Condition: "{% $states.input.status = \'done\' %}"\n    Next: Finish');
    return;
  }
  const allowed = CHOICE_RULE_FIELDS.JSONata;
  const jsonPathKeys = Object.keys(rule).filter((k) => k === 'Variable' || k in COMPARISONS || BOOLEAN_OPS.includes(k));
  if (jsonPathKeys.length) {
    error(ctx, [...path, jsonPathKeys[0]], 'wrong-language', `${jsonPathKeys.join(' and ')} ${jsonPathKeys.length > 1 ? 'are' : 'is'} JSONPath choice rule syntax, but this state uses JSONata`, 'write the test as Condition: "{% ... %}", or set QueryLanguage: JSONPath on the state');
  }
  for (const key of Object.keys(rule)) {
    if (allowed.includes(key) || jsonPathKeys.includes(key)) continue;
    const m = suggest(key, allowed);
    error(ctx, [...path, key], 'unknown-field', `unknown field "${key}" in a choice rule`, m ? `did you mean "${m}"?` : `a JSONata rule takes ${allowed.join(', ')}`);
  }
  if (!('Condition' in rule)) {
    if (!Object.keys(rule).some((k) => k === 'Variable' || k in COMPARISONS || BOOLEAN_OPS.includes(k))) {
      error(ctx, path, 'missing-field', 'the choice rule has no Condition', 'add Condition: "{% $states.input.x > 1 %}"');
    }
  } else {
    const c = rule.Condition;
    if (typeof c !== 'boolean' && !isJsonataText(c) && !isDeployTime(c)) {
      error(ctx, [...path, 'Condition'], 'invalid-type', `Condition must be a JSONata expression "{% ... %}" or true/false, got ${describe(c)}`, 'e.g. Condition: "{% $states.input.count > 0 %}"');
    }
  }
}

/** Checks Choices and returns every Next (with its path) for the scope's transition check. */
export function checkChoice(ctx: Ctx, state: Obj, path: Path, lang: Language): Array<{ target: string; path: Path }> {
  const targets: Array<{ target: string; path: Path }> = [];
  const choices = state.Choices;
  if (choices === undefined) {
    error(ctx, path, 'missing-field', 'the Choice state has no Choices', lang === 'JSONata' ? 'add Choices: [{ Condition: "{% ... %}", Next: ... }]' : `add Choices, ${EXAMPLE}`);
  } else if (!Array.isArray(choices) || choices.length === 0) {
    error(ctx, [...path, 'Choices'], 'invalid-type', `Choices must be a non-empty list of rules, got ${describe(choices)}`, lang === 'JSONata' ? 'e.g.\n  - Condition: "{% $states.input.ok %}"\n    Next: Finish' : EXAMPLE);
  } else {
    choices.forEach((rule, i) => {
      const p = [...path, 'Choices', i];
      if (lang === 'JSONata') checkJsonataRule(ctx, rule, p);
      else checkRule(ctx, rule, p, true);
      if (!isPlainObject(rule)) return;
      if (rule.Next === undefined) error(ctx, p, 'missing-field', 'the choice rule has no Next', 'add Next: <the state to go to when the rule matches>');
      else if (typeof rule.Next !== 'string') error(ctx, [...p, 'Next'], 'invalid-type', `Next must be a state name, got ${describe(rule.Next)}`, 'Next: Finish');
      else targets.push({ target: rule.Next, path: [...p, 'Next'] });
      if (lang === 'JSONPath' && 'Assign' in rule) checkPayloadTemplate(ctx, rule.Assign, [...p, 'Assign']);
    });
  }
  if ('Default' in state) {
    if (typeof state.Default !== 'string') error(ctx, [...path, 'Default'], 'invalid-type', `Default must be a state name, got ${describe(state.Default)}`, 'Default: Otherwise');
    else targets.push({ target: state.Default, path: [...path, 'Default'] });
  }
  return targets;
}
