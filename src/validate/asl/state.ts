/** One state: its Type, the fields its type and query language take, and the per-type rules. */
import { suggest } from './suggest.js';
import { checkChoice } from './choice.js';
import { dropExplained, error, type Ctx, type Language, type Obj, type Path } from './context.js';
import { allFieldsOf, fieldsFor, JSONATA_ONLY, JSONPATH_ONLY, STATE_TYPES, type StateType } from '../../asl/fields.js';
import { collectJsonata } from './jsonata.js';
import { checkMap, checkParallel } from './nested.js';
import { checkNumber, POSITIVE_INT } from './numbers.js';
import { checkPathField, checkPayloadTemplate } from './payload.js';
import { checkCatch, checkRetry } from './retry-catch.js';
import { describe, isDeployTime, isJsonataText, isPlainObject, quoteList } from './values.js';
import { taskWarnings } from './warnings.js';

export interface ScopeInfo {
  /** The language states of this scope use when they do not set QueryLanguage. */
  lang: Language;
  /** The definition's own QueryLanguage (a JSONata machine cannot hold JSONPath states). */
  machineLang: Language;
  /** Inside a state whose language differs from the machine's: infer each inner state's language from its fields. */
  ambiguous: boolean;
}

export interface Transition {
  target: string;
  path: Path;
}

export interface StateResult {
  terminal: boolean;
  /** The state is too broken to say whether it ends the scope. */
  flowUnknown?: boolean;
  targets: Transition[];
}

const ANY_TYPE_FIELDS = new Set(STATE_TYPES.flatMap((t) => allFieldsOf(t)));

/** RFC 3339 with an upper-case T and Z (or an offset), as the Wait state requires. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function stateLanguage(state: Obj, scope: ScopeInfo): Language {
  const q = state.QueryLanguage;
  if (q === 'JSONata' || q === 'JSONPath') return q;
  if (!scope.ambiguous) return scope.lang;
  const keys = Object.keys(state);
  if (keys.some((k) => k in JSONATA_ONLY)) return 'JSONata';
  if (keys.some((k) => k in JSONPATH_ONLY)) return 'JSONPath';
  return scope.lang;
}

function checkFields(ctx: Ctx, type: StateType, state: Obj, path: Path, lang: Language): void {
  const allowed = fieldsFor(type, lang);
  const ofType = allFieldsOf(type);
  for (const key of Object.keys(state)) {
    if (allowed.has(key)) continue;
    const p = [...path, key];
    if ((key === 'Next' || key === 'End') && (type === 'Choice' || type === 'Succeed' || type === 'Fail')) {
      const how = type === 'Choice' ? 'a Choice state moves on through the Next of its Choices and its Default' : `a ${type} state always ends the execution (or its branch)`;
      error(ctx, p, 'unknown-field', `a ${type} state cannot have ${key}`, `remove ${key}: ${how}`);
      continue;
    }
    if (ofType.includes(key)) {
      if (lang === 'JSONata') {
        error(ctx, p, 'wrong-language', `${key} is a JSONPath field, but this state uses JSONata`, `${JSONPATH_ONLY[key] ?? 'remove it'} (or set QueryLanguage: JSONPath on a state of a JSONPath machine)`);
      } else {
        error(ctx, p, 'wrong-language', `${key} is a JSONata field, but this state uses JSONPath`, JSONATA_ONLY[key] ?? 'set QueryLanguage: JSONata on the state or the definition');
      }
      continue;
    }
    if (ANY_TYPE_FIELDS.has(key) && !suggest(key, ofType)) {
      error(ctx, p, 'unknown-field', `a ${type} state has no field "${key}"`, `a ${type} state takes ${[...allowed].join(', ')}`);
      continue;
    }
    const m = suggest(key, [...allowed]);
    error(ctx, p, 'unknown-field', `unknown field "${key}" in a ${type} state`, m ? `did you mean "${m}"?` : `a ${type} state takes ${[...allowed].join(', ')}`);
  }
}

function checkFlow(ctx: Ctx, type: StateType, state: Obj, path: Path, out: StateResult): void {
  if (type === 'Succeed' || type === 'Fail') {
    out.terminal = true;
    return;
  }
  if (type === 'Choice') return; // Next/End on a Choice are reported as fields it does not take
  const hasNext = state.Next !== undefined;
  const end = state.End;
  if (end !== undefined && typeof end !== 'boolean') {
    error(ctx, [...path, 'End'], 'invalid-type', `End must be true or false, got ${describe(end)}`, 'End: true');
  }
  if (hasNext && end === true) {
    error(ctx, [...path, 'End'], 'next-and-end', 'the state has both Next and End: true', 'keep Next to continue to another state, or End: true to finish here, not both');
  } else if (!hasNext && end !== true) {
    out.flowUnknown = true;
    error(ctx, path, 'missing-next', `the ${type} state has neither Next nor End: true`, 'add Next: <state name> to continue, or End: true to finish here');
  }
  if (end === true) out.terminal = true;
  if (hasNext) {
    if (typeof state.Next === 'string') out.targets.push({ target: state.Next, path: [...path, 'Next'] });
    else error(ctx, [...path, 'Next'], 'invalid-type', `Next must be a state name, got ${describe(state.Next)}`, 'Next: NextStateName');
  }
}

function exclusive(ctx: Ctx, state: Obj, path: Path, a: string, b: string): void {
  if (a in state && b in state) error(ctx, [...path, b], 'conflict', `${a} and ${b} cannot both be set`, `keep one: ${a} for a fixed value, ${b} to read it from the input`);
}

function checkTask(ctx: Ctx, state: Obj, path: Path, lang: Language): void {
  const r = state.Resource;
  if (r === undefined) {
    error(ctx, path, 'missing-field', 'the Task state has no Resource', 'add Resource: the ARN of a Lambda function, an activity, or an integration such as arn:aws:states:::lambda:invoke');
  } else if (!isDeployTime(r)) {
    const misplaced = isPlainObject(r) ? Object.keys(r).filter((k) => allFieldsOf('Task').includes(k)) : [];
    if (misplaced.length > 0) {
      // `Resource: { Fn::GetAtt: [...], InputPath: ... }`: a state field indented one level too deep, which the
      // plugin drops without a word (the state then runs without it).
      error(ctx, [...path, 'Resource', misplaced[0]!], 'misplaced-field', `${quoteList(misplaced)} ${misplaced.length === 1 ? 'is a field' : 'are fields'} of the Task state, not of its Resource`, `indent ${quoteList(misplaced)} as ${misplaced.length === 1 ? 'a sibling' : 'siblings'} of Resource (the level of Type and Next)`);
    } else if (typeof r !== 'string') {
      error(ctx, [...path, 'Resource'], 'invalid-type', `Resource must be an ARN (a string) or an intrinsic such as Fn::GetAtt, got ${describe(r)}`, 'e.g. Resource: { Fn::GetAtt: [hello, Arn] }');
    } else if (!r.startsWith('arn:')) {
      error(ctx, [...path, 'Resource'], 'invalid-resource', `Resource ${JSON.stringify(r)} is not an ARN`, 'use the function ARN, e.g. arn:aws:lambda:#{AWS::Region}:#{AWS::AccountId}:function:my-fn, or Fn::GetAtt: [myFunction, Arn]');
    }
  }
  const timeout = checkNumber(ctx, state, 'TimeoutSeconds', path, lang, POSITIVE_INT);
  const heartbeat = checkNumber(ctx, state, 'HeartbeatSeconds', path, lang, POSITIVE_INT);
  exclusive(ctx, state, path, 'TimeoutSeconds', 'TimeoutSecondsPath');
  exclusive(ctx, state, path, 'HeartbeatSeconds', 'HeartbeatSecondsPath');
  if (timeout && heartbeat && typeof state.TimeoutSeconds === 'number' && typeof state.HeartbeatSeconds === 'number' && state.HeartbeatSeconds >= state.TimeoutSeconds) {
    error(ctx, [...path, 'HeartbeatSeconds'], 'heartbeat-too-long', `HeartbeatSeconds (${state.HeartbeatSeconds}) must be smaller than TimeoutSeconds (${state.TimeoutSeconds})`, 'lower HeartbeatSeconds or raise TimeoutSeconds');
  }
  checkPathField(ctx, state, 'TimeoutSecondsPath', path, { reference: true });
  checkPathField(ctx, state, 'HeartbeatSecondsPath', path, { reference: true });
  if ('Credentials' in state && !isPlainObject(state.Credentials) && !isDeployTime(state.Credentials)) {
    error(ctx, [...path, 'Credentials'], 'invalid-type', `Credentials must be an object with RoleArn, got ${describe(state.Credentials)}`, 'Credentials:\n  RoleArn: arn:aws:iam::123456789012:role/other-account');
  } else if (lang === 'JSONPath' && 'Credentials' in state) {
    checkPayloadTemplate(ctx, state.Credentials, [...path, 'Credentials']);
  }
  taskWarnings(ctx, state, path);
}

const WAIT_FIELDS = ['Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath'];

function checkWait(ctx: Ctx, state: Obj, path: Path, lang: Language): void {
  const given = WAIT_FIELDS.filter((k) => k in state);
  if (given.length === 0) {
    error(ctx, path, 'missing-field', 'the Wait state says neither how long nor until when to wait', lang === 'JSONata' ? 'add Seconds: 10 or Timestamp: "2030-01-01T00:00:00Z"' : 'add one of Seconds, Timestamp, SecondsPath, TimestampPath');
  } else if (given.length > 1) {
    error(ctx, [...path, given[1]], 'conflict', `a Wait state takes exactly one of Seconds, Timestamp, SecondsPath, TimestampPath; this one has ${quoteList(given)}`, `keep ${given[0]} and remove ${given.slice(1).join(', ')}`);
  }
  checkNumber(ctx, state, 'Seconds', path, lang, { integer: true, min: 0, max: 99999999, expect: 'a whole number of seconds, 0 or more', example: '10' });
  if ('Timestamp' in state) {
    const t = state.Timestamp;
    if (!isDeployTime(t) && !(lang === 'JSONata' && isJsonataText(t)) && (typeof t !== 'string' || !TIMESTAMP.test(t))) {
      error(ctx, [...path, 'Timestamp'], 'invalid-value', `Timestamp must be an RFC 3339 time such as "2030-01-31T12:00:00Z", got ${describe(t)}`, 'quote it in YAML, use an upper-case T and Z (or an offset like +01:00)');
    }
  }
  checkPathField(ctx, state, 'SecondsPath', path, { reference: true });
  checkPathField(ctx, state, 'TimestampPath', path, { reference: true });
}

function checkFail(ctx: Ctx, state: Obj, path: Path, lang: Language): void {
  exclusive(ctx, state, path, 'Error', 'ErrorPath');
  exclusive(ctx, state, path, 'Cause', 'CausePath');
  for (const k of ['Error', 'Cause']) {
    if (k in state && typeof state[k] !== 'string' && !isDeployTime(state[k])) {
      error(ctx, [...path, k], 'invalid-type', `${k} must be a string, got ${describe(state[k])}`, `quote the value: ${k}: "..."`);
    }
  }
  if (lang === 'JSONPath') {
    checkPathField(ctx, state, 'ErrorPath', path, { intrinsic: true });
    checkPathField(ctx, state, 'CausePath', path, { intrinsic: true });
  }
}

/** JSONPath input/output processing shared by the state types that take it. */
function checkJsonPathIO(ctx: Ctx, state: Obj, path: Path): void {
  checkPathField(ctx, state, 'InputPath', path, { nullable: true });
  checkPathField(ctx, state, 'OutputPath', path, { nullable: true });
  checkPathField(ctx, state, 'ResultPath', path, { nullable: true, reference: true });
  if (state.Parameters !== undefined) checkPayloadTemplate(ctx, state.Parameters, [...path, 'Parameters']);
  if (state.ResultSelector !== undefined) checkPayloadTemplate(ctx, state.ResultSelector, [...path, 'ResultSelector']);
  if (state.Assign !== undefined) checkPayloadTemplate(ctx, state.Assign, [...path, 'Assign']);
}

/** Fields only one state type takes. */
const TELLING_FIELDS: Array<[string, StateType]> = [
  ['Resource', 'Task'], ['Choices', 'Choice'], ['Branches', 'Parallel'], ['ItemProcessor', 'Map'], ['Iterator', 'Map'],
  ['Seconds', 'Wait'], ['Timestamp', 'Wait'], ['SecondsPath', 'Wait'], ['TimestampPath', 'Wait'], ['Error', 'Fail'], ['Cause', 'Fail'],
];

/** The type a state without a valid Type was probably meant to have: its spelling corrected, else the type its fields tell. */
function meantType(state: Obj): { type: StateType; sure: boolean } | undefined {
  const t = state.Type;
  const spelt = typeof t === 'string' ? suggest(t, STATE_TYPES) : undefined;
  if (spelt) return { type: spelt as StateType, sure: true };
  const found = TELLING_FIELDS.find(([field]) => field in state);
  return found ? { type: found[1], sure: false } : undefined;
}

/**
 * Reports a missing or unknown Type and says which type to check the rest of the state as, so its other
 * mistakes are reported in the same run: the suggested spelling (checked fully), else the type its fields
 * tell (checked without the per-type field list, which would only repeat the guess).
 */
function readType(ctx: Ctx, name: string, state: Obj, path: Path): { type?: StateType; sure?: boolean } {
  const t = state.Type;
  if (typeof t === 'string' && (STATE_TYPES as readonly string[]).includes(t)) return { type: t as StateType, sure: true };
  const meant = meantType(state);
  if (t === undefined) {
    error(ctx, path, 'missing-field', `the state "${name}" has no Type`, `add Type: one of ${STATE_TYPES.join(', ')}`);
  } else {
    error(ctx, [...path, 'Type'], 'invalid-type', `${describe(t)} is not a state type`, meant?.sure ? `did you mean "${meant.type}"?` : `Type is one of ${STATE_TYPES.join(', ')}`);
  }
  return meant ?? {};
}

/** A state of no readable type: still follow its Next and check its paths, so one bad Type hides nothing else. */
function checkUntyped(ctx: Ctx, state: Obj, path: Path, lang: Language, out: StateResult): void {
  if (typeof state.Next === 'string') out.targets.push({ target: state.Next, path: [...path, 'Next'] });
  if (lang === 'JSONPath') checkJsonPathIO(ctx, state, path);
  else collectJsonata(ctx, state, path);
}

export function checkState(ctx: Ctx, name: string, state: unknown, path: Path, scope: ScopeInfo): StateResult {
  const out: StateResult = { terminal: false, targets: [], flowUnknown: true };
  const from = ctx.out.length;
  if (!isPlainObject(state)) {
    error(ctx, path, 'invalid-type', `the state "${name}" must be an object with a Type, got ${describe(state)}`, 'e.g.\n  Type: Pass\n  End: true');
    return out;
  }
  const read = readType(ctx, name, state, path);
  if ('QueryLanguage' in state) {
    const q = state.QueryLanguage;
    if (q !== 'JSONPath' && q !== 'JSONata') {
      error(ctx, [...path, 'QueryLanguage'], 'invalid-value', `QueryLanguage must be JSONPath or JSONata, got ${describe(q)}`, 'QueryLanguage: JSONata');
    } else if (q === 'JSONPath' && scope.machineLang === 'JSONata') {
      error(ctx, [...path, 'QueryLanguage'], 'wrong-language', 'a JSONata state machine cannot hold JSONPath states', 'remove QueryLanguage: JSONPath and rewrite the state in JSONata, or make the definition JSONPath and set QueryLanguage: JSONata on its JSONata states');
    }
  }
  if (!read.type) {
    checkUntyped(ctx, state, path, stateLanguage(state, scope), out);
    dropExplained(ctx, from, path);
    return out;
  }
  const type = read.type;
  // A state whose Type was guessed may be the scope's missing end: do not add "no state ends" to its Type error.
  out.flowUnknown = !read.sure;
  const lang = stateLanguage(state, scope);
  if (read.sure) checkFields(ctx, type, state, path, lang);
  checkFlow(ctx, type, state, path, out);

  if (lang === 'JSONPath') checkJsonPathIO(ctx, state, path);
  else collectJsonata(ctx, state, path);

  switch (type) {
    case 'Task':
      checkTask(ctx, state, path, lang);
      break;
    case 'Wait':
      checkWait(ctx, state, path, lang);
      break;
    case 'Fail':
      checkFail(ctx, state, path, lang);
      break;
    case 'Choice':
      out.targets.push(...checkChoice(ctx, state, path, lang));
      break;
    case 'Parallel':
      checkParallel(ctx, state, path, lang, scope);
      break;
    case 'Map':
      checkMap(ctx, state, path, lang, scope);
      break;
    default:
      break;
  }
  if (type === 'Task' || type === 'Parallel' || type === 'Map') {
    checkRetry(ctx, state, path, lang);
    out.targets.push(...checkCatch(ctx, state, path, lang));
  }
  dropExplained(ctx, from, path);
  return out;
}
