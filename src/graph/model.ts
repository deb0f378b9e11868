// The drawing of a state machine as plain data: nodes, edges and clusters. Renderers (dot, mermaid)
// and the execution overlay work on this, never on the definition itself.

export type StateType = 'Task' | 'Choice' | 'Parallel' | 'Map' | 'Wait' | 'Pass' | 'Succeed' | 'Fail';

/** `start`/`end` are the machine's markers; `join` is where a Parallel or Map cluster is left. */
export type NodeKind = StateType | 'start' | 'end' | 'join' | 'unknown';

/**
 * What an execution did at a state (absent: no execution overlaid). `aborted`: entered, then stopped
 * unfinished because something else ended the run (a sibling Parallel branch or Map iteration failed,
 * the execution was stopped or timed out).
 */
export type NodeStatus = 'succeeded' | 'failed' | 'caught' | 'aborted' | 'running' | 'not-reached';

export interface GraphNode {
  /** Unique in the graph: the state's name, or a synthetic id for markers and joins. */
  id: string;
  kind: NodeKind;
  /** The state's name (for markers and joins, the name shown). */
  name: string;
  /** Extra label lines under the name: retry policies, wait time, resource. */
  details: string[];
  /** The innermost cluster holding the node. */
  cluster?: string;
  /** For a join: the Parallel or Map state it belongs to. */
  joinOf?: string;
  status?: NodeStatus;
  /** How many times an overlaid execution entered the state (Map iterations, loops). */
  entered?: number;
}

/** `next`: Next; `choice`/`default`: a Choice rule or its Default; `catch`: a Catch; `branch`: into a cluster; `end`: to the end or a join. */
export type EdgeKind = 'start' | 'next' | 'choice' | 'default' | 'catch' | 'branch' | 'end';

export interface GraphEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  label?: string;
  /** The transition of the definition this edge draws: `Next`, `Choices[i]`, `Default`, `Catch[j]` (for coverage). */
  via?: string;
  /** Set by an overlay: an execution went this way. */
  taken?: boolean;
  /** Set by an overlay on a taken edge: the execution ended this way by failing (a Fail state to End). */
  failure?: boolean;
}

export interface GraphCluster {
  id: string;
  /** `parallel`/`map`: the state's box; `branch`: one Parallel branch inside it. */
  kind: 'parallel' | 'map' | 'branch';
  label: string;
  /** The Parallel or Map state the cluster draws. */
  state: string;
  parent?: string;
}

export interface GraphModel {
  title: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  clusters: GraphCluster[];
  /** Set when an execution is overlaid, e.g. "execution x SUCCEEDED". */
  caption?: string;
}

export const START_ID = '__start__';
export const END_ID = '__end__';
