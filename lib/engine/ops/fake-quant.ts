// FakeQuantWithMinMaxVars in float32 as TF's CPU functor computes it (tensorflow/core/kernels/
// fake_quant_ops_functor.h, Nudge + FakeQuantWithMinMaxVarsFunctor); TensorFlow.js has no kernel for it.
//   quant range [narrow_range ? 1 : 0, 2^num_bits - 1]; scale = (max - min) / (qmax - qmin);
//   zero point = clamp(round(qmin - min / scale)) (round half away from zero); nudged min / max from it;
//   out = floor((clamp(x, nmin, nmax) - nmin) / scale - quant_zero + 0.5) * scale;  min = max = 0 gives zeros.
// Every step is float32 (Math.fround): e.g. min 1, max -1 rounds the zero point to 127, not 128 (op sweep).
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import type { OpTable } from './index.ts';
import { boolAttr, intAttr } from './raw-attrs.ts';

const f = Math.fround;

/** std::round: half away from zero. */
const roundAway = (v: number) => Math.sign(v) * Math.floor(Math.abs(v) + 0.5);

/** The nudged range and scale (Nudge()). */
export function nudge(min: number, max: number, qmin: number, qmax: number): { nmin: number; nmax: number; scale: number; invScale: number } {
  const scale = f(f(max - min) / f(qmax - qmin));
  const invScale = f(f(qmax - qmin) / f(max - min));
  const fromMin = f(qmin - f(min / scale));
  const zero = fromMin < qmin ? qmin : fromMin > qmax ? qmax : roundAway(fromMin);
  return { nmin: f(f(qmin - zero) * scale), nmax: f(f(qmax - zero) * scale), scale, invScale };
}

function fakeQuantVars(node: GraphNode): tf.Tensor {
  const [x, minT, maxT] = node.inputs;
  if (minT.rank !== 0 || maxT.rank !== 0) throw new ServingError('INVALID_ARGUMENT', 'min and max must be scalars');
  const bits = intAttr(node, 'num_bits', 8);
  if (bits < 2 || bits > 16) throw new ServingError('INVALID_ARGUMENT', `num_bits must be between 2 and 16, inclusive`);
  const qmin = boolAttr(node, 'narrow_range', false) ? 1 : 0;
  const qmax = 2 ** bits - 1;
  const min = f(minT.dataSync()[0]);
  const max = f(maxT.dataSync()[0]);
  const xs = x.dataSync();
  if (min === 0 && max === 0) return tf.zeros(x.shape);
  const { nmin, nmax, scale, invScale } = nudge(min, max, qmin, qmax);
  const quantZero = Math.floor(f(f(f(-nmin) * invScale) + 0.5));
  const out = new Float32Array(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i];
    // cwiseMin(nmax).cwiseMax(nmin): NaN stays NaN
    const clamped = Number.isNaN(v) ? v : Math.max(Math.min(v, nmax), nmin);
    out[i] = f(Math.floor(f(f(f(f(clamped - nmin) / scale) - quantZero) + 0.5)) * scale);
  }
  return tf.tensor(out, x.shape, 'float32');
}

export const FAKE_QUANT_OPS: OpTable = { FakeQuantWithMinMaxVars: fakeQuantVars };
