// Runs one mapped TensorFlow.js graph node synchronously through tfjs-converter's own per-op code (`executeOp`:
// the op executors, custom ops registered with registerOp), for executors of our own (v1-executor.ts).
// tfjs-converter 4.22 exports no per-op entry: Node resolves the package to its CommonJS bundle, which keeps
// `executeOp` private and inlines its own copy of tfjs-core's ops; its ESM files (dist/operations/...) cannot be
// imported by Node (extensionless relative imports, directory imports inside tfjs-core's ESM). The one way in is
// the GraphExecutor's `processStack` (the step of executeAsync's loop): given a one-node stack, a tensor map
// holding the node's inputs under their node names, a context whose current frame id is '' (so names are
// looked up as they are), an output set that says "output" for every node (so it disposes nothing) and a
// used-node set that says "unused" for every child (so it schedules nothing), it calls
// `executeOp(node, tensorMap, context, resourceManager)` and stores the result under the node's name.
// `opRunnerFor` checks that shape at load; a tfjs version without it makes the caller fall back to executeAsync.
import type * as tf from '@tensorflow/tfjs-core';
import type { MemoryGraphModel } from './artifacts.ts';

/** A node as tfjs-converter's OperationMapper made it (operations/types.ts `Node`), the fields we read. */
export interface MappedNode {
  name: string;
  op: string;
  category?: string;
  inputNames: string[];
  attrParams: Record<string, { value: unknown; type: string }>;
  children: MappedNode[];
}

/** tfjs tensors keyed by the name of the node that produced them (index = output index). */
export type TensorMap = Record<string, (tf.Tensor | undefined)[]>;

type ProcessStack = (
  inputNodes: MappedNode[], stack: { node: MappedNode; contexts: unknown[] }[], context: unknown, tensorMap: TensorMap,
  added: Record<string, boolean>, tensorsToKeep: Set<number>, outputNodeNameSet: { has(name: string): boolean },
  intermediateTensorConsumerCount: Record<number, number>, usedNodes: { has(name: string): boolean },
) => Promise<unknown>[];

interface ExecutorInternals {
  graph: { nodes: Record<string, MappedNode> };
  weightMap: Record<string, tf.Tensor[]>;
  processStack?: ProcessStack;
}

/** Runs one node on the given inputs; returns its outputs (tfjs's `executeOp` result). */
export interface OpRunner {
  readonly nodes: Record<string, MappedNode>;
  readonly weights: Record<string, tf.Tensor[]>;
  run(node: MappedNode, inputs: TensorMap): tf.Tensor[];
}

const EVERY = { has: () => true };
const NONE = { has: () => false };
const NO_IDS = new Set<number>();

/** The op runner over a loaded GraphModel, or undefined when tfjs-converter's executor lacks the entry we use. */
export function opRunnerFor(model: MemoryGraphModel): OpRunner | undefined {
  const executor = (model as unknown as { executor?: ExecutorInternals }).executor;
  const processStack = executor?.processStack;
  if (!executor || typeof processStack !== 'function' || processStack.length !== 9) return undefined;
  // The execution context executeOp reads: one frame whose id is '' (utils.getNodeNameWithContextId(name, '')
  // is the name itself); a parse cache, as tfjs's own ExecutionContext has.
  const context = { currentContext: [], currentContextIds: [''], currentContextId: '', parseNodeNameCache: new Map(), weightMap: executor.weightMap };
  const item = { node: undefined as unknown as MappedNode, contexts: [] as unknown[] };
  const stack: (typeof item)[] = [];
  return {
    nodes: executor.graph.nodes,
    weights: executor.weightMap,
    run(node, inputs) {
      item.node = node;
      stack.push(item);
      const pending = processStack.call(executor, [], stack, context, inputs, {}, NO_IDS, EVERY, {}, NONE);
      const out = inputs[node.name];
      delete inputs[node.name];
      // executeOp answered with a promise (an async op): not allowed here; the load-time check keeps them out.
      if (pending.length > 0) throw new Error(`op '${node.op}' (node '${node.name}') ran asynchronously inside the synchronous executor`);
      return out as tf.Tensor[];
    },
  };
}
