// RFFT / IRFFT with TensorFlow's fft_length (fft_ops.cc): tfjs-converter ignores fft_length and transforms the
// whole inner dimension, which gives the wrong shape and values whenever fft_length differs from it (op sweep).
//   RFFT:  the inner dimension must hold at least fft_length values; the first fft_length are transformed,
//          giving fft_length / 2 + 1 bins.
//   IRFFT: the inner dimension must hold at least fft_length / 2 + 1 bins; those bins are the half-spectrum of
//          an fft_length-point real signal (odd or even). The imaginary parts of the DC and (even length)
//          Nyquist bins do not reach the real output, as in TF's c2r transform.
// FFT / IFFT of an empty tensor are empty (tfjs fails reshaping it) and Complex broadcasts its parts as TF's
// BinaryOp does (tfjs requires equal shapes). All need the backend's complex kernels (CUSTOM_OP_KERNELS in
// index.ts), which wasm lacks.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import type { OpTable } from './index.ts';

/** fft_length (a 1-element int32 tensor) after TF's checks against the input's inner dimension `have`. */
function fftLength(x: tf.Tensor, lengthT: tf.Tensor, need: (n: number) => number): number {
  const [n] = Array.from(lengthT.dataSync());
  if (lengthT.size !== 1 || !(n > 0)) throw new ServingError('INVALID_ARGUMENT', `fft_length must be one positive length, got [${Array.from(lengthT.dataSync())}]`);
  if (x.rank < 1) throw new ServingError('INVALID_ARGUMENT', 'Input must have rank of at least 1');
  const have = x.shape[x.rank - 1];
  if (have < need(n)) throw new ServingError('INVALID_ARGUMENT', `Input dimension ${x.rank - 1} must have length of at least ${need(n)} but got: ${have}`);
  return n;
}

/** `x` cut to its first `n` entries along the inner dimension. */
const firstInner = (x: tf.Tensor, n: number) => tf.slice(x, x.shape.map(() => 0), [...x.shape.slice(0, -1), n]);

function rfft(node: GraphNode): tf.Tensor {
  const [x, lengthT] = node.inputs;
  const n = fftLength(x, lengthT, (l) => l);
  return tf.tidy(() => tf.rfft(firstInner(x, n)));
}

function irfft(node: GraphNode): tf.Tensor {
  const [x, lengthT] = node.inputs;
  const n = fftLength(x, lengthT, (l) => Math.floor(l / 2) + 1);
  const bins = Math.floor(n / 2) + 1;
  return tf.tidy(() => {
    // tfjs-cpu cannot slice or concat complex64 tensors: the parts are moved separately.
    const inner = x.rank - 1;
    const parts = [tf.real(x), tf.imag(x)].map((p) => firstInner(p, bins));
    // The full spectrum of a real signal: X[k] = conj(X[n - k]) for k >= bins.
    const full = parts.map((p, im) => {
      if (n - bins === 0) return p;
      const mirrored = tf.reverse(tf.slice(p, p.shape.map((_, d) => (d === inner ? 1 : 0)), [...p.shape.slice(0, -1), n - bins]), inner);
      return tf.concat([p, im ? tf.neg(mirrored) : mirrored], inner);
    });
    return tf.real(tf.ifft(tf.complex(full[0], full[1])));
  });
}

const fft = (f: (x: tf.Tensor) => tf.Tensor) => (node: GraphNode): tf.Tensor => {
  const x = node.inputs[0];
  if (x.rank < 1) throw new ServingError('INVALID_ARGUMENT', 'Input must have rank of at least 1');
  return x.size === 0 ? tf.clone(x) : f(x);
};

function complex(node: GraphNode): tf.Tensor {
  const [re, im] = node.inputs;
  let shape: number[];
  try {
    shape = tf.broadcast_util.assertAndGetBroadcastShape(re.shape, im.shape);
  } catch {
    throw new ServingError('INVALID_ARGUMENT', `Incompatible shapes: [${re.shape.join(',')}] vs. [${im.shape.join(',')}]`);
  }
  return tf.tidy(() => tf.complex(tf.broadcastTo(re, shape), tf.broadcastTo(im, shape)));
}

export const FFT_OPS: OpTable = { RFFT: rfft, IRFFT: irfft, FFT: fft(tf.fft), IFFT: fft(tf.ifft), Complex: complex };
