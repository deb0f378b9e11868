// `stepf graph`: a state machine definition drawn as dot, Mermaid or SVG, optionally with an execution on it.
export { buildGraph } from './build.js';
export { toDot } from './dot.js';
export { toMermaid } from './mermaid.js';
export { executionPath, overlayPath, type ExecutionPath } from './overlay.js';
export type { GraphModel, GraphNode, GraphEdge, GraphCluster, NodeStatus } from './model.js';
