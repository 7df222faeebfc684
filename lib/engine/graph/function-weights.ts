// Library functions made ready for TensorFlow.js's function executor: bodies pruned to what their outputs
// need, and every body Const's value moved into the model weights. tfjs-converter's `Const` returns
// weightMap[node name] in function bodies too (FORMATS.md pitfall 1), from one weight map shared with the
// main graph, and its executor skips any node whose name is already in that map. So body Consts get names
// unique across the whole model ("<function>/<node>"), and a body node that shares a name with a weight
// is renamed.
import { ServingError } from '../../errors/index.ts';
import type { FunctionDefMessage, NodeDefMessage } from '../../savedmodel/index.ts';
import { decodeTensorProto, type HostTensor } from '../../tensor/index.ts';
import { refTarget, renameBodyNode } from './function-body.ts';
import { isControl } from './node-refs.ts';
import { DROPPABLE_CONTROL_TARGETS } from './prune.ts';

/** tfjs reads every input of these ops, control ones included, as data (variadic `args` / `x`). */
const VARIADIC = new Set(['IdentityN', 'While', 'StatelessWhile', 'If', 'StatelessIf']);

/**
 * Drops control inputs that only order stateless work (as prune.ts does for the main graph; inlined calls
 * become IdentityN / NoOp and count as stateless too), then keeps the nodes the outputs need. control_ret
 * is dropped: once variables are frozen (freeze-captures.ts refuses writes) a body has no side effects.
 */
export function tidyBody(fn: FunctionDefMessage): void {
  const byName = new Map((fn.node_def ?? []).map((n) => [n.name, n]));
  const droppable = (t: NodeDefMessage | undefined) => !t || DROPPABLE_CONTROL_TARGETS.has(t.op) || t.op === 'IdentityN';
  for (const n of fn.node_def ?? []) {
    n.input = (n.input ?? []).filter((i) => !isControl(i) || (!VARIADIC.has(n.op) && !droppable(byName.get(i.slice(1)))));
  }
  const keep = new Set<string>();
  const stack = Object.values(fn.ret ?? {}).map(refTarget);
  while (stack.length > 0) {
    const name = stack.pop()!;
    const node = byName.get(name);
    if (!node || keep.has(name)) continue;
    keep.add(name);
    for (const i of node.input ?? []) stack.push(refTarget(i));
  }
  fn.node_def = (fn.node_def ?? []).filter((n) => keep.has(n.name));
  fn.control_ret = {};
}

/** Moves body Const values into `weights` under model-unique names; `mainNodes` are the graph's own nodes. */
export function moveBodyConsts(functions: FunctionDefMessage[], mainNodes: NodeDefMessage[], weights: Map<string, HostTensor>): void {
  const taken = new Set<string>([...mainNodes.map((n) => n.name), ...weights.keys()]);
  for (const fn of functions) for (const n of fn.node_def ?? []) taken.add(n.name);
  const fresh = (base: string) => {
    let name = base;
    for (let k = 1; taken.has(name); k++) name = `${base}_${k}`;
    taken.add(name);
    return name;
  };
  for (const fn of functions) {
    const fnName = fn.signature.name;
    for (const n of [...(fn.node_def ?? [])]) {
      if (n.op === 'Const') {
        const tensor = n.attr?.value?.tensor;
        if (!tensor) throw new ServingError('INVALID_ARGUMENT', `Const '${fnName}/${n.name}' has no value`);
        const name = fresh(`${fnName}/${n.name}`);
        weights.set(name, decodeTensorProto(tensor, `Const '${fnName}/${n.name}'`));
        n.attr = { dtype: n.attr?.dtype ?? { type: tensor.dtype } };
        renameBodyNode(fn, n.name, name);
      } else if (weights.has(n.name)) {
        renameBodyNode(fn, n.name, fresh(`${fnName}/${n.name}`));
      }
    }
  }
}
