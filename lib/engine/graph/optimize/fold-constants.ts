// Constant folding at conversion: a float32 elementwise node whose inputs are all constants becomes a Const
// (Keras exports BatchNormalization as Rsqrt/Mul/Sub over its frozen variables: grappler's constant folding
// does the same in TensorFlow). Bounded: a result larger than MAX_FOLD_ELEMENTS or than its largest input
// (a broadcast that would grow the weights) stays a computation.
import type { NodeDefMessage } from '../../../savedmodel/index.ts';
import type { HostTensor } from '../../../tensor/index.ts';
import { BINARY, broadcastShape, evalBinary, evalUnary, UNARY } from './float-elementwise.ts';
import { DT_FLOAT, type OptimizableGraph, typeAttr } from './optimizable-graph.ts';

/** Largest folded result, in elements (4 MB of float32). */
export const MAX_FOLD_ELEMENTS = 1 << 20;

const isFloat = (t: HostTensor | undefined): t is HostTensor<'DT_FLOAT'> => t?.dtype === 'DT_FLOAT';

/** Reshape / Squeeze of a float constant: the same values under a new shape (array_ops.cc shape rules). */
function foldShape(g: OptimizableGraph, n: NodeDefMessage): HostTensor<'DT_FLOAT'> | undefined {
  const x = g.constInput(n, 0);
  if (!isFloat(x)) return undefined;
  if (n.op === 'Squeeze') {
    const dims = (n.attr?.squeeze_dims?.list?.i ?? []).map((d) => (Number(d) + x.shape.length) % Math.max(1, x.shape.length));
    if (dims.some((i) => x.shape[i] !== 1)) return undefined;
    return { ...x, shape: x.shape.filter((d, i) => (dims.length ? !dims.includes(i) : d !== 1)) };
  }
  const spec = g.constInput(n, 1);
  if (!spec || (spec.dtype !== 'DT_INT32' && spec.dtype !== 'DT_INT64') || spec.shape.length !== 1) return undefined;
  const dims = Array.from(spec.data as ArrayLike<number | bigint>, Number);
  const known = dims.filter((d) => d !== -1).reduce((p, d) => p * d, 1);
  const unknown = dims.filter((d) => d === -1).length;
  if (unknown > 1 || dims.some((d) => d < -1) || (unknown === 0 && known !== x.data.length) || (unknown === 1 && (known === 0 || x.data.length % known !== 0))) return undefined;
  return { ...x, shape: dims.map((d) => (d === -1 ? x.data.length / known : d)) };
}

function foldOne(g: OptimizableGraph, n: NodeDefMessage): HostTensor<'DT_FLOAT'> | undefined {
  if (typeAttr(n) !== DT_FLOAT || g.hasControlInputs(n) || g.protect.has(n.name)) return undefined;
  if (n.op === 'Reshape' || n.op === 'Squeeze') return foldShape(g, n);
  const arity = n.op in UNARY ? 1 : n.op in BINARY ? 2 : 0;
  if (arity === 0 || (n.input ?? []).length !== arity) return undefined;
  const args = Array.from({ length: arity }, (_, i) => g.constInput(n, i));
  if (!args.every(isFloat)) return undefined;
  if (arity === 1) return evalUnary(n.op, args[0]);
  const shape = broadcastShape(args[0].shape, args[1].shape);
  if (!shape) return undefined;
  const size = shape.reduce((p, d) => p * d, 1);
  if (size > MAX_FOLD_ELEMENTS || size > Math.max(args[0].data.length, args[1].data.length)) return undefined;
  return evalBinary(n.op, args[0], args[1], shape);
}

/** Folds in topological order, so chains (Rsqrt → Mul → Sub) fold in one pass. Returns how many folded. */
export function foldConstants(g: OptimizableGraph): number {
  let folded = 0;
  for (const n of g.nodes) {
    const value = foldOne(g, n);
    if (!value) continue;
    n.op = 'Const';
    n.input = [];
    n.attr = { dtype: { type: DT_FLOAT } };
    g.weights.set(n.name, value);
    folded++;
  }
  if (folded) g.reindex();
  return folded;
}
