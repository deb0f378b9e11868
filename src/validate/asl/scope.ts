/**
 * One scope: the definition itself, a Parallel branch, or a Map item processor. Its StartAt and every
 * transition must name a state of the same scope, every state must be reachable from StartAt, and at
 * least one state must end the scope.
 */
import { suggest } from './suggest.js';
import { dropExplained, error, type Ctx, type Path } from './context.js';
import { BRANCH_FIELDS, PROCESSOR_FIELDS, TOP_LEVEL_FIELDS } from '../../asl/fields.js';
import { checkState, type ScopeInfo, type Transition } from './state.js';
import { describe, isPlainObject } from './values.js';

export type ScopeKind = 'machine' | 'branch' | 'processor';

const KIND_TEXT: Record<ScopeKind, string> = { machine: 'the definition', branch: 'the branch', processor: 'the item processor' };
const MAX_NAME = 80;

/** Reports a transition to a missing state; returns the state it was probably meant to name. */
function missingTarget(ctx: Ctx, t: Transition, names: string[], kind: ScopeKind, field: string): string | undefined {
  let meant: string | undefined;
  const elsewhere = ctx.allNames.get(t.target);
  let hint: string;
  if (elsewhere && !names.includes(t.target)) {
    hint =
      kind === 'machine'
        ? `"${t.target}" is inside a Parallel branch or Map processor: no state outside can move into it`
        : `"${t.target}" is outside this ${kind === 'branch' ? 'branch' : 'item processor'}: its states can only move to each other`;
  } else {
    meant = suggest(t.target, names);
    hint = meant ? `did you mean "${meant}"?` : `the states here are ${names.map((n) => `"${n}"`).join(', ') || '(none)'}`;
  }
  error(ctx, t.path, 'missing-transition-target', `${field} names the state "${t.target}", which does not exist in ${KIND_TEXT[kind]}`, hint);
  return meant;
}

/** Registers every state name before any check, so did-you-mean and cross-scope hints see them all. */
export function collectNames(ctx: Ctx, scope: unknown, path: Path): void {
  if (!isPlainObject(scope) || !isPlainObject(scope.States)) return;
  for (const name in scope.States) {
    const state = scope.States[name];
    const first = ctx.allNames.get(name);
    if (first) {
      error(ctx, [...path, 'States', name], 'duplicate-state-name', `the state name "${name}" is used twice in this state machine`, `state names must be unique across the whole definition, Parallel branches and Map processors included: rename one (the other is at ${[...first, 'States', name].join('.')})`);
    } else {
      ctx.allNames.set(name, path);
    }
    if (!isPlainObject(state)) continue;
    if (Array.isArray(state.Branches)) state.Branches.forEach((b, i) => collectNames(ctx, b, [...path, 'States', name, 'Branches', i]));
    if (state.ItemProcessor !== undefined) collectNames(ctx, state.ItemProcessor, [...path, 'States', name, 'ItemProcessor']);
    if (state.Iterator !== undefined) collectNames(ctx, state.Iterator, [...path, 'States', name, 'Iterator']);
  }
}

export function checkScope(ctx: Ctx, scope: unknown, path: Path, info: ScopeInfo, kind: ScopeKind): void {
  const from = ctx.out.length;
  checkScopeBody(ctx, scope, path, info, kind);
  dropExplained(ctx, from, path);
}

function checkScopeBody(ctx: Ctx, scope: unknown, path: Path, info: ScopeInfo, kind: ScopeKind): void {
  if (!isPlainObject(scope)) {
    error(ctx, path, 'invalid-type', `${KIND_TEXT[kind]} must be an object with StartAt and States, got ${describe(scope)}`, 'StartAt: First\nStates:\n  First: { Type: Pass, End: true }');
    return;
  }
  const allowed = kind === 'machine' ? TOP_LEVEL_FIELDS : kind === 'branch' ? BRANCH_FIELDS : PROCESSOR_FIELDS;
  for (const key of Object.keys(scope)) {
    if (allowed.includes(key)) continue;
    const m = suggest(key, allowed);
    error(ctx, [...path, key], 'unknown-field', `unknown field "${key}" in ${KIND_TEXT[kind]}`, m ? `did you mean "${m}"?` : `${KIND_TEXT[kind]} takes ${allowed.join(', ')}`);
  }

  const states = scope.States;
  if (states === undefined) {
    error(ctx, path, 'missing-field', `${KIND_TEXT[kind]} has no States`, 'add States: a map of state names to states');
    return;
  }
  if (!isPlainObject(states) || Object.keys(states).length === 0) {
    error(ctx, [...path, 'States'], 'invalid-type', `States must be a map of state names to states, got ${describe(states)}`, 'States:\n  First: { Type: Pass, End: true }');
    return;
  }
  const names = Object.keys(states);
  const nameSet = new Set(names);

  const startAt = scope.StartAt;
  const edges = new Map<string, string[]>();
  if (startAt === undefined) {
    error(ctx, path, 'missing-field', `${KIND_TEXT[kind]} has no StartAt`, `add StartAt: ${names[0]} (the first state to run)`);
  } else if (typeof startAt !== 'string') {
    error(ctx, [...path, 'StartAt'], 'invalid-type', `StartAt must be a state name, got ${describe(startAt)}`, `StartAt: ${names[0]}`);
  } else if (!nameSet.has(startAt)) {
    missingTarget(ctx, { target: startAt, path: [...path, 'StartAt'] }, names, kind, 'StartAt');
  }

  let terminal = false;
  // A state whose flow is unknown (no Type, no Next/End) may be the missing end: say only what is wrong with it.
  let flowUnknown = false;
  for (const name of names) {
    const p = [...path, 'States', name];
    if (name.length > MAX_NAME) {
      error(ctx, p, 'state-name-too-long', `the state name "${name.slice(0, 30)}..." has ${name.length} characters; at most ${MAX_NAME} are allowed`, 'shorten the name (and every Next that names it)');
    }
    if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) {
      error(ctx, p, 'invalid-state-name', `the state name ${JSON.stringify(name)} holds a control character`, 'remove tabs, line breaks and other control characters from the name');
    }
    const r = checkState(ctx, name, states[name], p, info);
    if (r.terminal) terminal = true;
    if (r.flowUnknown) flowUnknown = true;
    const targets: string[] = [];
    for (const t of r.targets) {
      if (nameSet.has(t.target)) targets.push(t.target);
      else {
        // A typo in Next is one mistake: the state it meant is not reported unreachable too, and
        // the missing state may be the one that was to end the scope.
        const meant = missingTarget(ctx, t, names, kind, t.path[t.path.length - 1] === 'Default' ? 'Default' : 'Next');
        if (meant) targets.push(meant);
        flowUnknown = true;
      }
    }
    edges.set(name, targets);
  }

  if (!terminal && !flowUnknown) {
    error(ctx, [...path, 'States'], 'missing-terminal-state', `no state ends ${KIND_TEXT[kind]}: every path loops forever`, 'add End: true to the last state, or add a Succeed or Fail state');
  }

  if (typeof startAt === 'string' && nameSet.has(startAt)) {
    const seen = new Set<string>([startAt]);
    const queue = [startAt];
    while (queue.length) {
      const cur = queue.pop()!;
      for (const next of edges.get(cur) ?? []) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    for (const name of names) {
      if (!seen.has(name)) {
        error(ctx, [...path, 'States', name], 'unreachable-state', `the state "${name}" is never reached from StartAt (${startAt})`, `Step Functions rejects unreachable states: add a Next, Default or Catch that leads to "${name}", or remove it`);
      }
    }
  }
}
