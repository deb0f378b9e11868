// Definition → graph model. Parallel and Map states become clusters: an entry node (the state itself),
// the nested states, and a join node where the cluster is left, so Next and Catch edges leave the box
// from its bottom instead of crossing it.
import { choiceLabel, cutLabel } from './choice-label.js';
import { stateDetails } from './details.js';
import { END_ID, START_ID, type EdgeKind, type GraphCluster, type GraphEdge, type GraphModel, type GraphNode, type NodeKind } from './model.js';

type Json = Record<string, unknown>;

const STATE_TYPES = new Set(['Task', 'Choice', 'Parallel', 'Map', 'Wait', 'Pass', 'Succeed', 'Fail']);

const isObject = (v: unknown): v is Json => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

interface Scope {
  /** Where End: true and Succeed lead: the machine's end, or the enclosing cluster's join. */
  exit: string;
  cluster?: string;
  top: boolean;
}

class Builder {
  readonly nodes: GraphNode[] = [];
  readonly edges: GraphEdge[] = [];
  readonly clusters: GraphCluster[] = [];
  private readonly ids = new Set<string>([START_ID, END_ID]);

  private uniqueId(wanted: string): string {
    let id = wanted;
    for (let n = 2; this.ids.has(id); n++) id = `${wanted} (${n})`;
    this.ids.add(id);
    return id;
  }

  edge(from: string, to: string, kind: EdgeKind, label?: string, via?: string): void {
    this.edges.push({ from, to, kind, ...(label === undefined ? {} : { label }), ...(via === undefined ? {} : { via }) });
  }

  /** Adds a scope's states; returns the node id of its StartAt state. */
  scope(def: unknown, scope: Scope): string | undefined {
    const states = isObject(def) && isObject(def.States) ? def.States : {};
    const start = isObject(def) && typeof def.StartAt === 'string' ? def.StartAt : undefined;
    const entry = new Map<string, string>();
    for (const name of Object.keys(states)) entry.set(name, this.uniqueId(name));
    const target = (name: unknown): string => {
      const n = String(name);
      let id = entry.get(n);
      if (!id) {
        // A Next naming no state (validation reports it): drawn as a lone node, so the mistake is visible.
        id = this.uniqueId(n);
        entry.set(n, id);
        this.nodes.push({ id, kind: 'unknown', name: n, details: ['no such state'], ...(scope.cluster ? { cluster: scope.cluster } : {}) });
      }
      return id;
    };
    for (const [name, raw] of Object.entries(states)) {
      const state = isObject(raw) ? raw : {};
      const id = entry.get(name)!;
      const kind: NodeKind = typeof state.Type === 'string' && STATE_TYPES.has(state.Type) ? (state.Type as NodeKind) : 'unknown';
      let out = id;
      if (kind === 'Parallel' || kind === 'Map') out = this.cluster(id, name, kind, state, scope);
      else this.nodes.push({ id, kind, name, details: stateDetails(state), ...(scope.cluster ? { cluster: scope.cluster } : {}) });
      this.transitions(out, kind, state, scope, target);
    }
    return start === undefined ? undefined : target(start);
  }

  /** The box of a Parallel or Map state; returns its join node, where its own transitions leave from. */
  private cluster(id: string, name: string, kind: 'Parallel' | 'Map', state: Json, scope: Scope): string {
    const clusterId = `cluster_${this.clusters.length + 1}`;
    this.clusters.push({ id: clusterId, kind: kind === 'Map' ? 'map' : 'parallel', label: `${kind}: ${name}`, state: name, ...(scope.cluster ? { parent: scope.cluster } : {}) });
    this.nodes.push({ id, kind, name, details: stateDetails(state), cluster: clusterId });
    const join = this.uniqueId(`${name} (end)`);
    const inner: Scope = { exit: join, cluster: clusterId, top: false };
    if (kind === 'Parallel') {
      const branches = Array.isArray(state.Branches) ? state.Branches : [];
      branches.forEach((branch, i) => {
        const branchId = `cluster_${this.clusters.length + 1}`;
        this.clusters.push({ id: branchId, kind: 'branch', label: `branch ${i + 1}`, state: name, parent: clusterId });
        this.branchInto(id, branch, { ...inner, cluster: branchId });
      });
    } else {
      this.branchInto(id, state.ItemProcessor ?? state.Iterator, inner);
    }
    this.nodes.push({ id: join, kind: 'join', name: '', details: [], joinOf: name, cluster: clusterId });
    return join;
  }

  /** The nested states of a branch or ItemProcessor, the edge into them listed first. */
  private branchInto(from: string, def: unknown, scope: Scope): void {
    const at = this.edges.length;
    const first = this.scope(def, scope);
    if (first) this.edges.splice(at, 0, { from, to: first, kind: 'branch' });
  }

  private transitions(from: string, kind: NodeKind, state: Json, scope: Scope, target: (name: unknown) => string): void {
    if (kind === 'Choice') {
      (Array.isArray(state.Choices) ? state.Choices : []).forEach((rule, i) => {
        if (isObject(rule) && rule.Next !== undefined) this.edge(from, target(rule.Next), 'choice', choiceLabel(rule), `Choices[${i}]`);
      });
      if (state.Default !== undefined) this.edge(from, target(state.Default), 'default', 'Default', 'Default');
    } else if (state.Next !== undefined) {
      this.edge(from, target(state.Next), 'next', undefined, 'Next');
    } else if (state.End === true || kind === 'Succeed') {
      this.edge(from, scope.exit, 'end');
    } else if (kind === 'Fail' && scope.top) {
      // A Fail inside a branch fails the Parallel or Map; at the top it ends the execution.
      this.edge(from, scope.exit, 'end');
    }
    (Array.isArray(state.Catch) ? state.Catch : []).forEach((c, j) => {
      if (!isObject(c) || c.Next === undefined) return;
      const errors = Array.isArray(c.ErrorEquals) ? c.ErrorEquals.join(', ') : '?';
      this.edge(from, target(c.Next), 'catch', cutLabel(errors), `Catch[${j}]`);
    });
  }
}

/** The graph of a state machine definition (as in serverless.yml, intrinsics left in place). */
export function buildGraph(definition: unknown, title = 'state machine'): GraphModel {
  const b = new Builder();
  const first = b.scope(definition, { exit: END_ID, top: true });
  const nodes: GraphNode[] = [{ id: START_ID, kind: 'start', name: 'Start', details: [] }, ...b.nodes, { id: END_ID, kind: 'end', name: 'End', details: [] }];
  const edges = first ? [{ from: START_ID, to: first, kind: 'start' as const }, ...b.edges] : b.edges;
  return { title, nodes, edges, clusters: b.clusters };
}
