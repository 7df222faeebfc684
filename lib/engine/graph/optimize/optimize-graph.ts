// The conversion-time graph optimizer: constant folding, Identity bypass, zero Pad into conv padding,
// Conv/MatMul + BatchNorm + bias + activation fusion, then dead-node removal. Runs on the pruned, dtype-resolved main graph (not on While/If
// bodies); every rewrite keeps the feed and fetch nodes by name. Checked against every golden (zoo, fixtures,
// bench models) on wasm and cpu, and by test/engine/graph/optimize/*.test.ts on graphs where folding must not happen.
import { runSteps, type Steps } from '../../../io/index.ts';
import type { NodeDefMessage } from '../../../savedmodel/index.ts';
import type { HostTensor } from '../../../tensor/index.ts';
import { foldConstants } from './fold-constants.ts';
import { foldPadIntoConv } from './fold-pad.ts';
import { fuseLinear } from './fuse-linear.ts';
import { OptimizableGraph } from './optimizable-graph.ts';
import { removeIdentities } from './remove-identities.ts';

/** Ops with no side effect and no state: a node of these that nobody reads can go. */
const PURE = new Set([
  'Const', 'Identity', 'IdentityN', 'NoOp', 'Reshape', 'Squeeze', 'Add', 'AddV2', 'Sub', 'Mul', 'RealDiv', 'Div', 'Maximum', 'Minimum', 'Rsqrt',
  'Sqrt', 'Neg', 'Reciprocal', 'Inv', 'Square', 'BiasAdd', 'Relu', 'Relu6', 'Elu', 'Sigmoid', 'LeakyRelu',
  'Conv2D', 'DepthwiseConv2dNative', 'MatMul', 'FusedBatchNorm', 'FusedBatchNormV2', 'FusedBatchNormV3', 'Pad', 'PadV2', 'TfsExact>Pad', 'TfsExact>PadV2',
]);

export interface OptimizeStats {
  folded: number;
  identities: number;
  pads: number;
  fused: number;
  removed: number;
}

/** What to optimize; `nodes` in topological order (prune.ts), `weights` the Const values by node name. */
export interface OptimizeInput {
  nodes: NodeDefMessage[];
  weights: Map<string, HostTensor>;
  /** Feed and fetch node names. */
  protect: ReadonlySet<string>;
}

/** Rewrites the graph; returns the new node list (weights are updated in place) and what each pass did. */
export function optimizeGraph(input: OptimizeInput): Optimized {
  return runSteps(optimizeGraphSteps(input));
}

type Optimized = { nodes: NodeDefMessage[]; stats: OptimizeStats };

/** optimizeGraph as Steps: it pauses between passes (a model load runs it with runStepsSliced). */
export function* optimizeGraphSteps(input: OptimizeInput): Steps<Optimized> {
  const g = new OptimizableGraph(input.nodes, input.weights, input.protect);
  yield;
  const folded = foldConstants(g);
  yield;
  const identities = removeIdentities(g);
  yield;
  const pads = foldPadIntoConv(g);
  yield;
  const fused = fuseLinear(g);
  yield;
  const removed = g.removeDead((n) => PURE.has(n.op));
  return { nodes: g.nodes, stats: { folded, identities, pads, fused, removed } };
}
