// StridedSlice and Slice with TensorFlow's exact semantics (tfjs 4.22 differs silently: shrink_axis with
// new_axis / ellipsis combinations pick other elements, begin > end with stride 1 errs, Slice past the end
// clamps instead of failing, ranks above 6 fail). Checked against TF 2.21 by test/engine/ops/slice.vectors.json
// (scripts/generate_slice_vectors.py). The spec follows TF's strided_slice_op.cc: the sparse spec (with an
// ellipsis implied at its end) becomes a dense one over the input's dims, each dim's begin / end is made
// canonical (negatives from the end, clamped to [0, dim] or [-1, dim - 1] for negative strides, masks take
// the whole range), and new / shrunk axes are applied to the result's shape.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import { intAttr } from './raw-attrs.ts';
import type { OpTable } from './index.ts';

const bad = (message: string) => new ServingError('INVALID_ARGUMENT', message);
const bit = (mask: number, i: number) => (mask & (1 << i)) !== 0;

/** Per input dim: the first index, the step and the count; and the output's shape. */
interface Plan {
  begin: number[];
  stride: number[];
  size: number[];
  shape: number[];
}

interface Masks {
  begin: number;
  end: number;
  ellipsis: number;
  newAxis: number;
  shrink: number;
}

const NEW_AXIS = -1;
const SHRINK = -2;

export function stridedSlicePlan(dims: readonly number[], begin: number[], end: number[], strides: number[], m: Masks): Plan {
  if (begin.length !== end.length || begin.length !== strides.length) throw bad('Expected begin, end, and strides to be 1D equal size tensors');
  if ((m.ellipsis & (m.ellipsis - 1)) !== 0) throw bad('Multiple ellipses in slice spec not allowed');
  let n = begin.length;
  let ellipsis = m.ellipsis;
  if (ellipsis === 0) {
    ellipsis = 1 << n;
    n++;
  }
  const at = Math.log2(ellipsis & -ellipsis);
  let newAfter = 0;
  for (let i = at + 1; i < n; i++) if (bit(m.newAxis, i)) newAfter++;
  // Dense spec over the input's dims.
  const rank = dims.length;
  const dBegin = new Array<number>(rank).fill(0);
  const dEnd = new Array<number>(rank).fill(0);
  const dStride = new Array<number>(rank).fill(1);
  const whole = new Array<boolean>(rank).fill(false);
  const bMask = new Array<boolean>(rank).fill(false);
  const eMask = new Array<boolean>(rank).fill(false);
  const shrink = new Array<boolean>(rank).fill(false);
  const gather: number[] = [];
  let full = 0;
  for (let i = 0; i < n; i++) {
    if (bit(ellipsis, i)) {
      const next = Math.min(rank - (n - i) + 1 + newAfter, rank);
      for (; full < next; full++) {
        whole[full] = true;
        gather.push(full);
      }
    } else if (bit(m.newAxis, i)) {
      gather.push(NEW_AXIS);
    } else {
      if (full >= rank) throw bad(`Index out of range using input dim ${full}; input has only ${rank} dims`);
      dBegin[full] = begin[i];
      dEnd[full] = end[i];
      dStride[full] = strides[i];
      bMask[full] = bit(m.begin, i);
      eMask[full] = bit(m.end, i);
      shrink[full] = bit(m.shrink, i);
      gather.push(shrink[full] ? SHRINK : full);
      full++;
    }
  }
  const plan: Plan = { begin: [], stride: [], size: [], shape: [] };
  for (let i = 0; i < rank; i++) {
    const dim = dims[i];
    if (whole[i]) {
      plan.begin.push(0), plan.stride.push(1), plan.size.push(dim);
      continue;
    }
    const s = dStride[i];
    if (s === 0) throw bad(`strides[${i}] must be non-zero`);
    if (shrink[i]) {
      if (s < 0) throw bad('only stride 1 allowed on non-range indexing.');
      const b = dBegin[i] < 0 ? dim + dBegin[i] : dBegin[i];
      if (b < 0 || b >= dim) throw bad(`slice index ${dBegin[i]} of dimension ${i} out of bounds.`);
      plan.begin.push(b), plan.stride.push(1), plan.size.push(1);
      continue;
    }
    const [lo, hi] = s > 0 ? [0, dim] : [-1, dim - 1];
    const canonical = (x: number, masked: boolean, isEnd: boolean) => {
      if (masked) return (s > 0) !== isEnd ? lo : hi;
      const fwd = x < 0 ? dim + x : x;
      return Math.min(Math.max(fwd, lo), hi);
    };
    const b = canonical(dBegin[i], bMask[i], false);
    const e = canonical(dEnd[i], eMask[i], true);
    const span = e - b;
    const size = span === 0 || span < 0 !== s < 0 ? 0 : Math.ceil(span / s);
    plan.begin.push(b), plan.stride.push(s), plan.size.push(size);
  }
  for (const g of gather) if (g !== SHRINK) plan.shape.push(g === NEW_AXIS ? 1 : plan.size[g]);
  return plan;
}

export function slicePlan(dims: readonly number[], begin: number[], size: number[]): Plan {
  const rank = dims.length;
  if (begin.length !== rank || size.length !== rank) throw bad(`Expected begin and size arguments to be 1-D tensors of size ${rank}, but got shapes [${begin.length}] and [${size.length}] instead.`);
  const sizes = size.map((s, i) => (s === -1 ? dims[i] - begin[i] : s));
  sizes.forEach((s, i) => {
    if (begin[i] < 0 || s < 0 || begin[i] + s > dims[i]) {
      throw bad(`Expected size[${i}] in [0, ${dims[i] - begin[i]}], but got ${size[i]}`);
    }
  });
  return { begin: [...begin], stride: sizes.map(() => 1), size: sizes, shape: sizes };
}

/** The elements of `x` the plan picks, in row-major order of the output. */
function take(x: tf.Tensor, p: Plan): tf.Tensor {
  const count = p.size.reduce((a, d) => a * d, 1);
  const values = x.dataSync() as ArrayLike<unknown>;
  const dims = x.shape;
  const pitch = dims.map((_, i) => dims.slice(i + 1).reduce((a, d) => a * d, 1));
  const out: unknown[] = new Array(count);
  const k = new Array<number>(dims.length).fill(0);
  for (let o = 0; o < count; o++) {
    let src = 0;
    for (let i = 0; i < dims.length; i++) src += (p.begin[i] + k[i] * p.stride[i]) * pitch[i];
    out[o] = values[src];
    for (let i = dims.length - 1; i >= 0; i--) {
      if (++k[i] < p.size[i]) break;
      k[i] = 0;
    }
  }
  if (x.dtype === 'string') return tf.tensor(out as Uint8Array[], p.shape, 'string');
  return tf.tensor(out as number[], p.shape, x.dtype);
}

const ints = (t: tf.Tensor) => Array.from(t.dataSync() as Int32Array, Number);

export const STRIDED_SLICE_OPS: OpTable = {
  StridedSlice: (node: GraphNode) => {
    const [x, b, e, s] = node.inputs;
    const masks: Masks = {
      begin: intAttr(node, 'begin_mask', 0), end: intAttr(node, 'end_mask', 0), ellipsis: intAttr(node, 'ellipsis_mask', 0),
      newAxis: intAttr(node, 'new_axis_mask', 0), shrink: intAttr(node, 'shrink_axis_mask', 0),
    };
    return take(x, stridedSlicePlan(x.shape, ints(b), ints(e), ints(s), masks));
  },
  Slice: (node: GraphNode) => {
    const [x, b, s] = node.inputs;
    return take(x, slicePlan(x.shape, ints(b), ints(s)));
  },
};
