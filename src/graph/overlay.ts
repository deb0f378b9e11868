// What an execution did, read from its history (GetExecutionHistory or a local run): which states it
// entered and how each ended, and which transitions it took, then painted onto a graph model.
// Transitions come from previousEventId chains: a StateEntered event leads back to the StateExited
// it followed, to the Parallel/Map state that started its branch, or to the execution's start.
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { END_ID, START_ID, type GraphModel, type GraphNode, type NodeStatus } from './model.js';

export type Via = 'start' | 'next' | 'catch' | 'branch';

export interface Transition {
  /** Undefined for the execution's first state. */
  from?: string;
  to: string;
  via: Via;
}

export interface StateVisit {
  status: Exclude<NodeStatus, 'not-reached'>;
  entered: number;
}

export interface ExecutionPath {
  status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'RUNNING';
  states: Map<string, StateVisit>;
  transitions: Transition[];
  /** States whose exit ended their scope (End: true, Succeed): the edge to the end or join was taken. */
  finished: Set<string>;
}

const ENDS: Record<string, ExecutionPath['status']> = {
  ExecutionSucceeded: 'SUCCEEDED',
  ExecutionFailed: 'FAILED',
  ExecutionTimedOut: 'TIMED_OUT',
  ExecutionAborted: 'ABORTED',
};

const isEntered = (e: HistoryEvent) => Boolean(e.type?.endsWith('StateEntered') && e.stateEnteredEventDetails);
const isExited = (e: HistoryEvent) => Boolean(e.type?.endsWith('StateExited') && e.stateExitedEventDetails);

/** A step's failure: the event before a StateExited that followed a Catch. */
function isFailure(e: HistoryEvent | undefined): boolean {
  return Boolean(e?.type && /(Failed|TimedOut|Aborted)$/.test(e.type) && !e.type.startsWith('MapIteration'));
}

/**
 * Where a line of execution ended in an error: a step's failure, a failed Map iteration, the execution's
 * failure. Not ExecutionAborted or ExecutionTimedOut: those stop every state in progress, none of which failed.
 */
function isFailureEnd(e: HistoryEvent): boolean {
  return Boolean(e.type && e.type !== 'ExecutionAborted' && e.type !== 'ExecutionTimedOut' && /(Failed|TimedOut)$/.test(e.type));
}

export function executionPath(events: HistoryEvent[]): ExecutionPath {
  const byId = new Map(events.map((e) => [e.id ?? 0, e]));
  const prev = (e: HistoryEvent) => byId.get(e.previousEventId ?? -1);
  const entered = new Map<string, number>();
  const caught = new Map<string, number>();
  const failStates = new Set<string>();
  const transitions: Transition[] = [];
  const followed = new Set<number>();
  /** StateEntered event ids whose state has exited. */
  const closed = new Set<number>();
  let status: ExecutionPath['status'] = 'RUNNING';
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const nameOf = (e: HistoryEvent) => (isEntered(e) ? e.stateEnteredEventDetails!.name : e.stateExitedEventDetails?.name) ?? '';
  // previousEventId chains are acyclic in AWS and local histories; the guard only stops a malformed one.
  const walkBack = (from: HistoryEvent | undefined, stop: (e: HistoryEvent) => boolean): HistoryEvent | undefined => {
    let p = from;
    for (let guard = 0; p && !stop(p) && guard < 100_000; guard++) p = prev(p);
    return p;
  };

  for (const e of events) {
    if (e.type && ENDS[e.type]) status = ENDS[e.type];
    if (isExited(e)) {
      const name = nameOf(e);
      if (isFailure(prev(e))) bump(caught, name);
      // The entry this exit closes: back along its own line (through a Task's steps, or a Parallel's branches).
      const entry = walkBack(prev(e), (p) => (isEntered(p) && nameOf(p) === name && !closed.has(p.id ?? 0)) || p.type === 'ExecutionStarted');
      if (entry && isEntered(entry)) closed.add(entry.id ?? 0);
      continue;
    }
    if (!isEntered(e)) continue;
    const name = nameOf(e);
    bump(entered, name);
    if (e.type === 'FailStateEntered') failStates.add(name);
    // Walk back past Task/Map/Parallel progress events to the state or start this one followed.
    const p = walkBack(prev(e), (x) => isEntered(x) || isExited(x) || x.type === 'ExecutionStarted');
    if (!p || p.type === 'ExecutionStarted') transitions.push({ to: name, via: 'start' });
    else if (isEntered(p)) transitions.push({ from: nameOf(p), to: name, via: 'branch' });
    else {
      followed.add(p.id ?? 0);
      transitions.push({ from: nameOf(p), to: name, via: isFailure(prev(p)) ? 'catch' : 'next' });
    }
  }
  // A state failed when a line that ended in an error runs through its unfinished entry. Other unfinished
  // states (a sibling Parallel branch, another Map iteration) were stopped by Step Functions: aborted.
  const failedIds = new Set<number>();
  // Lines share their beginnings (a Map's iterations); each event is looked at once.
  const seen = new Set<number>();
  for (const e of events) {
    if (!isFailureEnd(e)) continue;
    walkBack(e, (p) => {
      if (seen.has(p.id ?? 0)) return true;
      seen.add(p.id ?? 0);
      if (isEntered(p) && !closed.has(p.id ?? 0)) failedIds.add(p.id ?? 0);
      return p.type === 'ExecutionStarted';
    });
  }
  const finished = new Set<string>();
  for (const e of events) if (isExited(e) && !followed.has(e.id ?? 0)) finished.add(nameOf(e));

  const open = new Map<string, { failed: boolean }>();
  for (const e of events) {
    if (!isEntered(e) || closed.has(e.id ?? 0)) continue;
    const name = nameOf(e);
    open.set(name, { failed: (open.get(name)?.failed ?? false) || failedIds.has(e.id ?? 0) });
  }
  const states = new Map<string, StateVisit>();
  for (const [name, n] of entered) {
    const unfinished = open.get(name);
    let s: StateVisit['status'];
    if (failStates.has(name) || unfinished?.failed) s = 'failed';
    else if (unfinished) s = status === 'RUNNING' ? 'running' : 'aborted';
    else if (caught.has(name)) s = 'caught';
    else s = 'succeeded';
    states.set(name, { status: s, entered: n });
  }
  return { status, states, transitions, finished };
}

/** A copy of the model with each state's status and the edges the execution took. */
export function overlayPath(model: GraphModel, path: ExecutionPath, caption?: string): GraphModel {
  const nodes: GraphNode[] = model.nodes.map((n) => {
    if (n.kind === 'start' || n.kind === 'end') return { ...n };
    const visit = path.states.get(n.kind === 'join' ? (n.joinOf ?? '') : n.name);
    return { ...n, status: visit?.status ?? 'not-reached', ...(visit && n.kind !== 'join' ? { entered: visit.entered } : {}) };
  });
  const entries = new Map<string, string[]>();
  const exits = new Map<string, string[]>();
  const add = (m: Map<string, string[]>, k: string, id: string) => m.set(k, [...(m.get(k) ?? []), id]);
  for (const n of model.nodes) {
    if (n.kind === 'join') add(exits, n.joinOf ?? '', n.id);
    else if (n.kind !== 'start' && n.kind !== 'end') {
      add(entries, n.name, n.id);
      if (n.kind !== 'Parallel' && n.kind !== 'Map') add(exits, n.name, n.id);
    }
  }
  const edges = model.edges.map((e) => ({ ...e, taken: false }));
  const mark = (from: string[], to: string[] | undefined, via: Via) => {
    const candidates = edges.filter((e) => from.includes(e.from) && (to === undefined ? e.kind === 'end' : to.includes(e.to)));
    const preferred = candidates.filter((e) => (via === 'catch' ? e.kind === 'catch' : e.kind !== 'catch'));
    for (const e of preferred.length ? preferred : candidates) e.taken = true;
  };
  for (const t of path.transitions) {
    const to = entries.get(t.to) ?? [];
    if (t.via === 'start') mark([START_ID], to, 'start');
    else if (t.via === 'branch') mark(entries.get(t.from ?? '') ?? [], to, 'branch');
    else mark(exits.get(t.from ?? '') ?? [], to, t.via);
  }
  for (const name of path.finished) mark(exits.get(name) ?? [], undefined, 'next');
  // A Fail state at the top ends the execution there: its edge to End is taken, as a failure, not a success.
  const failNodes = new Set(model.nodes.filter((n) => n.kind === 'Fail').map((n) => n.id));
  for (const [name, v] of path.states) {
    if (v.status !== 'failed') continue;
    const from = (entries.get(name) ?? []).filter((id) => failNodes.has(id));
    for (const e of edges) if (from.includes(e.from) && e.to === END_ID) Object.assign(e, { taken: true, failure: true });
  }
  return { ...model, nodes, edges, ...(caption ? { caption } : {}) };
}
