// Our own custom ops (lib/engine/ops, registered with tfjs-converter's registerOp) called directly by the v1
// executor (v1-kernels.ts): the op's executor function on the node's input tensors and the attrs tfjs-converter
// would hand it. tfjs-converter runs a custom op as `customExecutor(new NodeValueImpl(node, tensorMap,
// context))` with no tidy scope (executeOp, tfjs-converter 4.22), rebuilding the attrs from the node's raw attrs
// on every call; our ops read `attrs` and `node` (the mapped node's rawAttrs, raw-attrs.ts). NodeValueImpl is not
// exported, so one is made at load: the node runs once through tfjs's own path (tfjs-op-runner.ts, no inputs)
// with a capturing executor registered in place of ours, which is registered again right after (synchronously:
// nothing else runs in between); each call then sets that object's `inputs`.
import { type GraphNode, type OpExecutor, registerOp } from '@tensorflow/tfjs-converter';
import * as tf from '@tensorflow/tfjs-core';
import { customOpExecutor } from '../ops/index.ts';
import type { MappedNode, OpRunner } from './tfjs-op-runner.ts';
import type { DirectOp } from './v1-kernels.ts';

const NO_INPUTS: tf.Tensor[] = [];

/** The raw attrs of a mapped node (operations/types.ts `Node.rawAttrs`), the field we read. */
type RawAttrs = Record<string, { tensor?: unknown }>;

/** The NodeValueImpl tfjs-converter builds for this node (inputs still to set), or undefined when none was made. */
function capturedNode(mapped: MappedNode, exec: OpExecutor, runner: OpRunner): GraphNode | undefined {
  let captured: GraphNode | undefined;
  registerOp(mapped.op, (node: GraphNode) => {
    captured = node;
    return [];
  });
  try {
    runner.run(mapped, {});
  } catch {
    captured = undefined;
  } finally {
    registerOp(mapped.op, exec);
  }
  return captured;
}

/**
 * A custom op's direct call, or undefined when the node is not one of ours, has control inputs (NodeValueImpl
 * reads those as inputs too) or an attr holding a tensor (NodeValueImpl looks those up per call).
 * IMPORTANT: errors are the op's own (`final`): tfjs's path would call the same function on the same values.
 */
export function customDirectOp(mapped: MappedNode, dataInputs: number, runner: OpRunner): DirectOp | undefined {
  const exec = mapped.category === 'custom' ? customOpExecutor(mapped.op) : undefined;
  const raw = (mapped as unknown as { rawAttrs?: RawAttrs }).rawAttrs ?? {};
  if (!exec || mapped.inputNames.length !== dataInputs || Object.values(raw).some((a) => a.tensor != null)) return undefined;
  const node = capturedNode(mapped, exec, runner);
  if (!node) return undefined;
  return {
    final: true,
    run(inputs) {
      node.inputs = inputs as tf.Tensor[];
      let out: ReturnType<OpExecutor>;
      try {
        out = exec(node);
      } finally {
        node.inputs = NO_INPUTS; // holds no tensor between calls
      }
      if (tf.util.isPromise(out)) throw new Error(`op '${mapped.op}' (node '${mapped.name}') ran asynchronously inside the synchronous executor`);
      return Array.isArray(out) ? out : [out as tf.Tensor];
    },
  };
}
