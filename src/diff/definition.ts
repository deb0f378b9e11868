// A state machine's definition change as a reviewer reads it: which states were added, removed or changed
// (and which of their fields), plus a unified diff of the pretty-printed definitions, never of one long
// JSON string.
import { unifiedDiff } from './lines.js';
import { canonical } from './values.js';

export interface StateChange {
  /** The state's name; a nested state is `Parent/Name` (inside a Parallel branch or a Map). */
  state: string;
  change: 'added' | 'removed' | 'modified';
  /** For `modified`: the state's fields whose value changed (`Choices`, `Next`, `Parameters` ...). */
  fields: string[];
}

export interface DefinitionDiff {
  states: StateChange[];
  /** Top-level fields other than States that changed (`Comment`, `StartAt`, `TimeoutSeconds` ...). */
  fields: string[];
  /** The unified diff of the two definitions, pretty-printed. */
  unified: string;
}

/**
 * The definition as an object from a template's `DefinitionString` (a string, or Fn::Sub text whose
 * `${X}` placeholders stay as written) or `Definition`. Numeric fields given by an intrinsic are written
 * bare (`"Seconds":${X}`) and are quoted here so the text parses; undefined when it still does not parse.
 */
export function definitionOf(props: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!props) return undefined;
  if (props.Definition && typeof props.Definition === 'object') return props.Definition as Record<string, unknown>;
  const ds = props.DefinitionString;
  const sub = ds && typeof ds === 'object' ? (ds as { 'Fn::Sub'?: unknown })['Fn::Sub'] : undefined;
  const text = typeof ds === 'string' ? ds : typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
  if (text === undefined) return undefined;
  for (const candidate of [text, text.replace(/:(\$\{[^}]+\})/g, ':"$1"')]) {
    try {
      const v = JSON.parse(candidate) as unknown;
      if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      // try the next form
    }
  }
  return undefined;
}

type StateMap = Map<string, Record<string, unknown>>;

/** Every state by its path name, nested ones included; a nested machine's own States are not fields of its parent. */
function statesOf(def: Record<string, unknown> | undefined, prefix = '', out: StateMap = new Map()): StateMap {
  const states = def?.States;
  if (!states || typeof states !== 'object') return out;
  for (const [name, s] of Object.entries(states as Record<string, unknown>)) {
    if (!s || typeof s !== 'object') continue;
    const state = s as Record<string, unknown>;
    const id = `${prefix}${name}`;
    out.set(id, state);
    if (Array.isArray(state.Branches)) state.Branches.forEach((b, i) => statesOf(b as Record<string, unknown>, `${id}/branch ${i + 1}/`, out));
    for (const k of ['ItemProcessor', 'Iterator']) if (state[k]) statesOf(state[k] as Record<string, unknown>, `${id}/`, out);
  }
  return out;
}

/** A state's fields without the nested states (those are compared one by one). */
function ownFields(state: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...state };
  if (Array.isArray(state.Branches)) out.Branches = state.Branches.map((b) => ({ ...(b as object), States: '(compared state by state)' }));
  for (const k of ['ItemProcessor', 'Iterator']) if (state[k]) out[k] = { ...(state[k] as object), States: '(compared state by state)' };
  return out;
}

function changedKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.filter((k) => canonical(a[k]) !== canonical(b[k]));
}

export function diffDefinitions(before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined): DefinitionDiff {
  const a = statesOf(before);
  const b = statesOf(after);
  const states: StateChange[] = [];
  for (const [name, s] of b) {
    const old = a.get(name);
    if (!old) states.push({ state: name, change: 'added', fields: [] });
    else {
      const fields = changedKeys(ownFields(old), ownFields(s));
      if (fields.length) states.push({ state: name, change: 'modified', fields });
    }
  }
  for (const name of a.keys()) if (!b.has(name)) states.push({ state: name, change: 'removed', fields: [] });
  const top = (d: Record<string, unknown> | undefined) => {
    const { States: _s, ...rest } = d ?? {};
    return rest;
  };
  const unified = unifiedDiff(before ? JSON.stringify(before, null, 2) : '', after ? JSON.stringify(after, null, 2) : '', { from: 'deployed', to: 'local' });
  return { states, fields: changedKeys(top(before), top(after)), unified };
}
