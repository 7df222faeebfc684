// The affine steps that can follow a Conv2D / DepthwiseConv2dNative / MatMul and be folded into its weights:
// per-output-channel scale (Mul, inference FusedBatchNorm) and shift (BiasAdd, Add, Sub, FusedBatchNorm).
// TensorFlow's grappler remapper does the same folding for inference graphs (remapper.cc, FoldBatchNorm).
import type { NodeDefMessage } from '../../../savedmodel/index.ts';
import type { HostTensor } from '../../../tensor/index.ts';
import { type OptimizableGraph, stringAttr } from './optimizable-graph.ts';

/** What one step does to y = conv(x, W) + bias, per output channel c: y' = y * scale[c] + shift[c]. */
export interface AffineStep {
  scale?: Float32Array;
  shift?: Float32Array;
}

/** A per-channel float vector of length `c` from a constant broadcastable along the last axis only, else undefined. */
export function channelVector(t: HostTensor | undefined, c: number, maxRank: number): Float32Array | undefined {
  if (t?.dtype !== 'DT_FLOAT' || t.shape.length > maxRank) return undefined;
  const last = t.shape.length ? t.shape[t.shape.length - 1] : 1;
  if (t.shape.slice(0, -1).some((d) => d !== 1) || (last !== c && last !== 1)) return undefined;
  const data = t.data as Float32Array;
  return last === c ? data : new Float32Array(c).fill(data[0]);
}

/**
 * The affine step `n` applies to its input `slot` (the conv's side), or undefined when it is not one we fold.
 * `maxRank` is the conv output's rank (4 for convolutions, 2 for MatMul): a constant of higher rank broadcasts
 * the output to a new shape and cannot fold.
 */
export function affineStep(g: OptimizableGraph, n: NodeDefMessage, slot: number, c: number, maxRank: number): AffineStep | undefined {
  const data = g.dataInputs(n);
  if (g.hasControlInputs(n)) return undefined;
  const other = (k: number) => channelVector(g.constInput(n, k), c, maxRank);
  switch (n.op) {
    case 'BiasAdd': {
      if (slot !== 0 || (stringAttr(n, 'data_format') ?? 'NHWC') !== 'NHWC') return undefined;
      const b = g.constInput(n, 1);
      return b?.shape.length === 1 && b.shape[0] === c ? { shift: other(1) } : undefined;
    }
    case 'Add':
    case 'AddV2': {
      if (data.length !== 2) return undefined;
      const v = other(1 - slot);
      return v && { shift: v };
    }
    case 'Sub': {
      if (data.length !== 2 || slot !== 0) return undefined;
      const v = other(1);
      return v && { shift: v.map((x) => -x) };
    }
    case 'Mul': {
      if (data.length !== 2) return undefined;
      const v = other(1 - slot);
      return v && { scale: v };
    }
    case 'FusedBatchNorm':
    case 'FusedBatchNormV2':
    case 'FusedBatchNormV3':
      return slot === 0 ? batchNormStep(g, n, c) : undefined;
    default:
      return undefined;
  }
}

/** Inference FusedBatchNorm: scale = gamma / sqrt(var + epsilon), shift = beta - mean * scale (nn_ops.cc). */
function batchNormStep(g: OptimizableGraph, n: NodeDefMessage, c: number): AffineStep | undefined {
  if (n.attr?.is_training?.b !== false || (stringAttr(n, 'data_format') ?? 'NHWC') !== 'NHWC') return undefined;
  // Only output 0 (y) may be read: the others are the batch statistics.
  if (g.usesOf(n.name).some((u) => u.index !== 0)) return undefined;
  const [gamma, beta, mean, variance] = [1, 2, 3, 4].map((k) => {
    const t = g.constInput(n, k);
    return t?.dtype === 'DT_FLOAT' && t.shape.length === 1 && t.shape[0] === c ? (t.data as Float32Array) : undefined;
  });
  if (!gamma || !beta || !mean || !variance) return undefined;
  const eps = n.attr?.epsilon?.f ?? 1e-4;
  const scale = new Float32Array(c), shift = new Float32Array(c);
  for (let i = 0; i < c; i++) {
    scale[i] = gamma[i] / Math.sqrt(variance[i] + eps);
    shift[i] = beta[i] - mean[i] * scale[i];
  }
  return { scale, shift };
}
