// Readers of an Identity (or of output k of an IdentityN, or of x * 1.0 with a scalar constant 1.0: Keras 3's
// swish multiplies by its beta) read the input instead; TensorFlow.js would otherwise run a kernel per call.
// Not in graphs with v1 control flow, where an Identity after a Switch carries the branch's frame and a control
// edge from it is how TF1 gates a branch; not when anything reads the Identity through a control edge.
import { isControl } from '../node-refs.ts';
import type { NodeDefMessage } from '../../../savedmodel/index.ts';
import { DT_FLOAT, type OptimizableGraph, typeAttr } from './optimizable-graph.ts';

const V1_CONTROL_FLOW = new Set(['Switch', 'Merge', 'Enter', 'Exit', 'NextIteration', 'LoopCond', 'RefSwitch', 'RefEnter', 'RefMerge', 'RefExit', 'RefNextIteration']);

/** The ref that output `index` of `n` passes through unchanged, if `n` is a pass-through node. */
function passThrough(g: OptimizableGraph, n: NodeDefMessage, index: number): string | undefined {
  const inputs = n.input ?? [];
  if (g.hasControlInputs(n) || g.protect.has(n.name)) return undefined;
  if (n.op === 'Identity' && inputs.length === 1) return inputs[0];
  if (n.op === 'IdentityN') return inputs[index];
  if (n.op === 'Mul' && typeAttr(n) === DT_FLOAT && inputs.length === 2) {
    for (const k of [0, 1]) {
      const c = g.constInput(n, k);
      if (c?.dtype === 'DT_FLOAT' && c.shape.length === 0 && c.data[0] === 1) return g.constInput(n, 1 - k) ? undefined : inputs[1 - k];
    }
  }
  return undefined;
}

/** Returns how many pass-through nodes it bypassed (removeDead drops them afterwards). */
export function removeIdentities(g: OptimizableGraph): number {
  if (g.nodes.some((n) => V1_CONTROL_FLOW.has(n.op))) return 0;
  let bypassed = 0;
  // In topological order, so a chain of pass-throughs collapses: a reader's input is rewritten before its own
  // outputs are looked at.
  for (const n of g.nodes) {
    const uses = g.usesOf(n.name);
    if (uses.length === 0 || uses.some((u) => u.control)) continue;
    const targets = uses.map((u) => passThrough(g, n, u.index));
    if (targets.some((t) => t === undefined)) continue;
    uses.forEach((u, i) => (u.node.input![u.slot] = targets[i]!));
    bypassed++;
  }
  if (bypassed) g.reindex();
  return bypassed;
}
