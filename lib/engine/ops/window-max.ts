// Window-maximum ops whose TensorFlow.js kernels differ from TensorFlow (op sweep): Dilation2D
// (tensorflow/core/kernels/dilation_ops.cc) and MaxPoolWithArgmax (maxpooling_op.cc,
// SpatialMaxPoolWithArgMaxHelper). tfjs-backend-wasm starts both maxima at FLT_MIN (the smallest positive
// float) instead of the lowest float, so an all-negative window answers 1.2e-38; its argmax takes the last
// of equal values where TF takes the first; and tfjs maps a -inf Dilation2D window to a finite value where TF
// keeps its start value (lowest, -3.4e38). Here, as TF: the maximum starts at the dtype's lowest value, a
// value replaces it only when strictly greater (NaN never wins, except as MaxPoolWithArgmax's first
// element), and windows are visited row by row.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import type { OpTable } from './index.ts';
import { boolAttr, bytesAttr } from './raw-attrs.ts';

const invalid = (m: string) => new ServingError('INVALID_ARGUMENT', m);
const f = Math.fround;
const LOWEST_F32 = -3.4028234663852886e38;

interface Axis { out: number; padBefore: number }

/** GetWindowedOutputSize for one spatial axis (effective window = (k - 1) · rate + 1). */
function windowed(size: number, k: number, stride: number, rate: number, padding: string): Axis {
  const eff = (k - 1) * rate + 1;
  if (padding === 'VALID') return { out: Math.max(0, Math.ceil((size - eff + 1) / stride)), padBefore: 0 };
  const out = Math.ceil(size / stride);
  return { out, padBefore: Math.floor(Math.max(0, (out - 1) * stride + eff - size) / 2) };
}

const listAttr = (node: GraphNode, name: string): number[] => {
  const raw = (node as unknown as { node?: { rawAttrs?: Record<string, { list?: { i?: Array<string | number> } }> } }).node?.rawAttrs?.[name];
  return (raw?.list?.i ?? []).map(Number);
};

const paddingOf = (node: GraphNode) => new TextDecoder().decode(bytesAttr(node, 'padding', new TextEncoder().encode('VALID')));

/** Dilation2D: out = max over the filter window of input + filter, started at the dtype's lowest value. */
function dilation2d(node: GraphNode): tf.Tensor {
  const [x, filter] = node.inputs;
  if (x.rank !== 4) throw invalid(`input must be 4-dimensional[${x.shape.join(',')}]`);
  if (filter.rank !== 3) throw invalid(`filter must be 3-dimensional: [${filter.shape.join(',')}]`);
  const [batch, inH, inW, depth] = x.shape;
  const [fh, fw, fd] = filter.shape;
  if (fd !== depth) throw invalid('input and filter must have the same depth');
  const [, sh, sw] = listAttr(node, 'strides');
  const [, rh, rw] = listAttr(node, 'rates');
  const rows = windowed(inH, fh, sh, rh, paddingOf(node));
  const cols = windowed(inW, fw, sw, rw, paddingOf(node));
  const isInt = x.dtype === 'int32';
  const xs = x.dataSync(), fs = filter.dataSync();
  const out = new Float64Array(batch * rows.out * cols.out * depth);
  let o = 0;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < rows.out; oy++) {
      for (let ox = 0; ox < cols.out; ox++) {
        for (let d = 0; d < depth; d++) {
          let cur = isInt ? -2147483648 : LOWEST_F32;
          for (let i = 0; i < fh; i++) {
            const y = oy * sh - rows.padBefore + i * rh;
            if (y < 0 || y >= inH) continue;
            for (let j = 0; j < fw; j++) {
              const xx = ox * sw - cols.padBefore + j * rw;
              if (xx < 0 || xx >= inW) continue;
              const a = xs[((b * inH + y) * inW + xx) * depth + d], w = fs[(i * fw + j) * depth + d];
              const v = isInt ? (a + w) | 0 : f(a + w);
              if (v > cur) cur = v;
            }
          }
          out[o++] = cur;
        }
      }
    }
  }
  const shape = [batch, rows.out, cols.out, depth];
  return isInt ? tf.tensor(Int32Array.from(out), shape, 'int32') : tf.tensor(Float32Array.from(out), shape, x.dtype);
}

/** MaxPoolWithArgmax: the first maximum in row-major window order; index ((b·H + y)·W + x)·C + c, b only with include_batch_in_index. */
function maxPoolWithArgmax(node: GraphNode): tf.Tensor[] {
  const x = node.inputs[0];
  if (x.rank !== 4) throw invalid(`tensor_in must be 4-dimensional`);
  const [batch, inH, inW, depth] = x.shape;
  const [kb, kh, kw, kd] = listAttr(node, 'ksize');
  const [sb, sh, sw, sd] = listAttr(node, 'strides');
  if (kb !== 1 || kd !== 1 || sb !== 1 || sd !== 1) throw invalid('Pooling is not yet supported on the batch or depth dimension.');
  const rows = windowed(inH, kh, sh, 1, paddingOf(node));
  const cols = windowed(inW, kw, sw, 1, paddingOf(node));
  const withBatch = boolAttr(node, 'include_batch_in_index', false);
  const xs = x.dataSync();
  const n = batch * rows.out * cols.out * depth;
  const values = new Float64Array(n);
  const argmax = new Int32Array(n);
  let o = 0;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < rows.out; oy++) {
      const y0 = Math.max(oy * sh - rows.padBefore, 0), y1 = Math.min(oy * sh - rows.padBefore + kh, inH);
      for (let ox = 0; ox < cols.out; ox++) {
        const x0 = Math.max(ox * sw - cols.padBefore, 0), x1 = Math.min(ox * sw - cols.padBefore + kw, inW);
        for (let d = 0; d < depth; d++) {
          let best = -1;
          let cur = 0;
          for (let y = y0; y < y1; y++) {
            for (let xx = x0; xx < x1; xx++) {
              const at = ((b * inH + y) * inW + xx) * depth + d;
              if (best < 0 || cur < xs[at]) {
                cur = xs[at];
                best = at;
              }
            }
          }
          values[o] = cur;
          argmax[o++] = withBatch ? best : best - b * inH * inW * depth;
        }
      }
    }
  }
  const shape = [batch, rows.out, cols.out, depth];
  const v = x.dtype === 'int32' ? tf.tensor(Int32Array.from(values), shape, 'int32') : tf.tensor(Float32Array.from(values), shape, x.dtype);
  return [v, tf.tensor(argmax, shape, 'int32')];
}

export const WINDOW_MAX_OPS: OpTable = { Dilation2D: dilation2d, MaxPoolWithArgmax: maxPoolWithArgmax };
