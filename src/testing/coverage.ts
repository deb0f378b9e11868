// Coverage of a machine by its test cases: every state (nested ones included) and every transition a
// definition names: a Next, each Choice rule, a Default, each Catch. Keys read like config paths:
// `CheckOrder.Choices[0]`, `QueueReceipt.Catch[0]`. The interpreter's observer reports the ones a run took.
import { forEachState } from '../util/states.js';
import { isObject } from './data-file.js';
import type { CaseResult } from './types.js';

export interface Transition {
  key: string;
  from: string;
  to: string;
}

export interface MachineCoverage {
  machine: string;
  states: { total: string[]; taken: Set<string> };
  transitions: { total: Transition[]; taken: Set<string> };
  cases: number;
}

/** The states and transitions of a definition, in definition order. */
export function coverageItems(definition: object): { states: string[]; transitions: Transition[] } {
  const states: string[] = [];
  const transitions: Transition[] = [];
  forEachState(definition, (name, s) => {
    states.push(name);
    if (!isObject(s)) return;
    if (typeof s.Next === 'string') transitions.push({ key: `${name}.Next`, from: name, to: s.Next });
    if (Array.isArray(s.Choices)) {
      s.Choices.forEach((rule, i) => {
        if (isObject(rule) && typeof rule.Next === 'string') transitions.push({ key: `${name}.Choices[${i}]`, from: name, to: rule.Next });
      });
    }
    if (typeof s.Default === 'string') transitions.push({ key: `${name}.Default`, from: name, to: s.Default });
    if (Array.isArray(s.Catch)) {
      s.Catch.forEach((c, j) => {
        if (isObject(c) && typeof c.Next === 'string') transitions.push({ key: `${name}.Catch[${j}]`, from: name, to: c.Next });
      });
    }
  });
  return { states, transitions };
}

/** Each machine's coverage over the results of its cases. */
export function coverageOf(machines: Array<{ key: string; definition: object }>, results: CaseResult[]): MachineCoverage[] {
  return machines.map((m) => {
    const items = coverageItems(m.definition);
    const mine = results.filter((r) => r.machine === m.key);
    const states = new Set(mine.flatMap((r) => r.states));
    const transitions = new Set(mine.flatMap((r) => r.transitions));
    return {
      machine: m.key,
      states: { total: items.states, taken: new Set(items.states.filter((s) => states.has(s))) },
      transitions: { total: items.transitions, taken: new Set(items.transitions.filter((t) => transitions.has(t.key)).map((t) => t.key)) },
      cases: mine.length,
    };
  });
}

/** Percent of states and transitions taken together (100 for a machine with nothing to cover). */
export function percent(c: MachineCoverage): number {
  const total = c.states.total.length + c.transitions.total.length;
  if (total === 0) return 100;
  return (100 * (c.states.taken.size + c.transitions.taken.size)) / total;
}
