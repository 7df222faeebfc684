// Einsum (one or two operands) lowered at run time onto kernels every backend has: Sum for labels only
// one operand has, Transpose + Reshape into one batched MatMul, Reshape + Transpose into the output order.
// TensorFlow.js's own Einsum kernel exists on cpu but not on wasm, and this path is also the fast one on
// wasm (XNNPACK matmul). Semantics follow TF's EinsumOp: named label sizes must agree exactly, `...`
// dimensions broadcast numpy-style (right-aligned), and an output without `...` is an error when the
// ellipsis covers any dimension. The equation subset is in einsum-equation.ts.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import { bytesAttr } from './raw-attrs.ts';
import { ELLIPSIS, type EinsumTerm, parseEinsumEquation } from './einsum-equation.ts';
import type { OpTable } from './index.ts';

const product = (dims: number[]) => dims.reduce((a, b) => a * b, 1);
const isIdentity = (perm: number[]) => perm.every((p, i) => p === i);
const shapeText = (s: readonly number[]) => `[${s.join(',')}]`;

/** Replaces `...` by one label per covered dimension (`.0`, `.1`, … right-aligned to the widest ellipsis). */
function expand(term: EinsumTerm, rank: number, width: number): string[] {
  const at = term.indexOf(ELLIPSIS);
  const covered = rank - (term.length - (at >= 0 ? 1 : 0));
  if (at < 0) return term;
  const dims = Array.from({ length: covered }, (_, k) => `.${width - covered + k}`);
  return [...term.slice(0, at), ...dims, ...term.slice(at + 1)];
}

function ellipsisRank(term: EinsumTerm, shape: readonly number[], index: number): number {
  const named = term.filter((l) => l !== ELLIPSIS).length;
  const covered = shape.length - named;
  if (term.includes(ELLIPSIS) ? covered < 0 : covered !== 0) {
    throw new ServingError('INVALID_ARGUMENT', `Expected input ${index} to have rank ${named} but got: ${shape.length}`);
  }
  return covered;
}

/** Label → size, checking that named labels agree and that `...` dimensions broadcast. */
function labelSizes(labels: string[][], shapes: (readonly number[])[]): Map<string, number> {
  const sizes = new Map<string, number>();
  labels.forEach((term, i) => {
    term.forEach((l, axis) => {
      const d = shapes[i][axis];
      const seen = sizes.get(l);
      if (seen === undefined || seen === d) return sizes.set(l, d);
      if (l.startsWith('.') && (seen === 1 || d === 1)) return sizes.set(l, seen === 1 ? d : seen);
      if (l.startsWith('.')) throw new ServingError('INVALID_ARGUMENT', `Invalid broadcasting dimensions: ${shapeText(shapes[0])} vs. ${shapeText(shapes[1])}`);
      throw new ServingError('INVALID_ARGUMENT', `Expected dimension ${seen} at axis ${axis} of the input shaped ${shapeText(shapes[i])} but got dimension ${d}`);
    });
  });
  return sizes;
}

/** Sums the axes of `x` whose labels `keep` rejects; returns the tensor and its remaining labels. */
function sumAway(x: tf.Tensor, labels: string[], keep: (l: string) => boolean): [tf.Tensor, string[]] {
  const axes = labels.flatMap((l, i) => (keep(l) ? [] : [i]));
  if (axes.length === 0) return [x, labels];
  return [tf.sum(x, axes), labels.filter(keep)];
}

/** Transposes `x` (labelled `labels`) into `order`, then broadcasts to the given sizes where it has a 1. */
function arrange(x: tf.Tensor, labels: string[], order: string[], sizes: Map<string, number>): tf.Tensor {
  const perm = order.map((l) => labels.indexOf(l));
  const moved = isIdentity(perm) ? x : tf.transpose(x, perm);
  const target = order.map((l) => sizes.get(l)!);
  return moved.shape.every((d, i) => d === target[i]) ? moved : tf.broadcastTo(moved, target);
}

function contract(a: tf.Tensor, la: string[], b: tf.Tensor, lb: string[], out: string[], sizes: Map<string, number>): tf.Tensor {
  const inOut = new Set(out);
  [a, la] = sumAway(a, la, (l) => inOut.has(l) || lb.includes(l));
  [b, lb] = sumAway(b, lb, (l) => inOut.has(l) || la.includes(l));
  const batch = out.filter((l) => la.includes(l) && lb.includes(l));
  const summed = la.filter((l) => lb.includes(l) && !inOut.has(l));
  const freeA = la.filter((l) => !lb.includes(l));
  const freeB = lb.filter((l) => !la.includes(l));
  const size = (ls: string[]) => product(ls.map((l) => sizes.get(l)!));
  const [nb, m, k, n] = [size(batch), size(freeA), size(summed), size(freeB)];
  // Pick each operand's layout so that an operand already in matmul order needs no transpose.
  const transposeA = !isIdentity([...batch, ...freeA, ...summed].map((l) => la.indexOf(l))) && isIdentity([...batch, ...summed, ...freeA].map((l) => la.indexOf(l)));
  const transposeB = !isIdentity([...batch, ...summed, ...freeB].map((l) => lb.indexOf(l))) && isIdentity([...batch, ...freeB, ...summed].map((l) => lb.indexOf(l)));
  const a3 = tf.reshape(arrange(a, la, transposeA ? [...batch, ...summed, ...freeA] : [...batch, ...freeA, ...summed], sizes), transposeA ? [nb, k, m] : [nb, m, k]);
  const b3 = tf.reshape(arrange(b, lb, transposeB ? [...batch, ...freeB, ...summed] : [...batch, ...summed, ...freeB], sizes), transposeB ? [nb, n, k] : [nb, k, n]);
  const labels = [...batch, ...freeA, ...freeB];
  const c = tf.reshape(tf.matMul(a3, b3, transposeA, transposeB), labels.map((l) => sizes.get(l)!));
  return arrange(c, labels, out, sizes);
}

/** Runs a parsed equation on one or two float32 tensors. */
export function einsum(equation: string, operands: tf.Tensor[]): tf.Tensor {
  const eq = parseEinsumEquation(equation);
  if (operands.length !== eq.inputs.length) throw new ServingError('INVALID_ARGUMENT', `Einsum equation '${equation}' expects ${eq.inputs.length} inputs but got ${operands.length}`);
  const widths = eq.inputs.map((t, i) => ellipsisRank(t, operands[i].shape, i));
  const width = Math.max(...widths);
  const labels = eq.inputs.map((t, i) => expand(t, operands[i].rank, width));
  const sizes = labelSizes(labels, operands.map((o) => o.shape));
  if (!eq.output.includes(ELLIPSIS) && width > 0) {
    throw new ServingError('INVALID_ARGUMENT', `Output contains ${width} broadcasting dimension(s) but no ellipsis (...) was found in the output subscripts.`);
  }
  const out = expand(eq.output, eq.output.filter((l) => l !== ELLIPSIS).length + (eq.output.includes(ELLIPSIS) ? width : 0), width);
  const outShape = out.map((l) => sizes.get(l)!);
  // An empty operand makes every output element an empty sum (or the output itself empty).
  if (operands.some((o) => o.size === 0)) return tf.zeros(outShape, operands[0].dtype);
  return tf.tidy(() => {
    if (operands.length === 1) {
      const [x, left] = sumAway(operands[0], labels[0], (l) => out.includes(l));
      const moved = arrange(x, left, out, sizes);
      return moved === operands[0] ? tf.clone(moved) : moved;
    }
    return contract(operands[0], labels[0], operands[1], labels[1], out, sizes);
  });
}

function einsumOp(node: GraphNode): tf.Tensor {
  const equation = new TextDecoder().decode(bytesAttr(node, 'equation', new Uint8Array()));
  return einsum(equation, node.inputs);
}

export const EINSUM_OPS: OpTable = { Einsum: einsumOp };
