// Erf and Erfc on float32, computed element-wise in double precision on the host and rounded once, so the
// result is the float32 nearest the true value (TensorFlow's Eigen kernels are within a few ulp of it).
// TensorFlow.js has no Erfc, and its Erf (Abramowitz-Stegun 7.1.26, absolute error 1.5e-7) loses all
// relative precision near 0. Keras 3's exact GELU arrives as `0.5 * x * Erfc(-x / sqrt(2))` (FORMATS.md 17).
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import type { OpTable } from './index.ts';

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
/** Below this |x| the power series is used for erf (and erfc = 1 − erf); above it the continued fraction for erfc. */
const SERIES_LIMIT = 2.5;

/** erf(x) for |x| <= SERIES_LIMIT: 2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)), all terms positive (A&S 7.1.6). */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/** erfc(x) for x >= SERIES_LIMIT: e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))) (A&S 7.1.14), evaluated backwards. */
function erfcFraction(x: number): number {
  let f = x;
  for (let k = 60; k >= 1; k--) f = x + k / 2 / f;
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
}

export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  const v = a <= SERIES_LIMIT ? erfSeries(a) : 1 - erfcFraction(a);
  return x < 0 ? -v : v;
}

export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  const v = a <= SERIES_LIMIT ? 1 - erfSeries(a) : erfcFraction(a);
  return x < 0 ? 2 - v : v;
}

/** Smallest normal float32. TF runs CPU kernels with denormals flushed to zero, so its erfc(9.2) is 0. */
const MIN_NORMAL = 2 ** -126;

function elementwise(fn: (x: number) => number) {
  return (node: GraphNode): tf.Tensor => {
    const x = node.inputs[0];
    const values = x.dataSync();
    const out = new Float32Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = Math.fround(fn(values[i]));
      out[i] = Math.abs(v) < MIN_NORMAL ? v * 0 : v;
    }
    return tf.tensor(out, x.shape, 'float32');
  };
}

export const ERF_OPS: OpTable = { Erf: elementwise(erf), Erfc: elementwise(erfc) };
