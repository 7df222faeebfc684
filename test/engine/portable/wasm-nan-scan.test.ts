// The wasm NaN guard's scanner (SIMD over the wasm heap) finds exactly the NaNs the JavaScript loop finds, and
// the guard refuses a convolution over NaN wherever the NaN sits (a 16-byte group or the tail after it).
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBackend } from '../../../lib/engine/portable/backend.ts';
import { hasNaNScalar, nanScanner } from '../../../lib/engine/portable/wasm-nan-scan.ts';

/** Float32 bit patterns: quiet NaN, negative NaN, a signalling-NaN payload, +inf, -inf, -0, largest finite. */
const NANS = [0x7fc00000, 0xffc00000, 0x7f800001];
const NOT_NAN = [0x7f800000, 0xff800000, 0x80000000, 0x7f7fffff];

describe('nanScanner over a WebAssembly memory', () => {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const scan = nanScanner(memory);
  const bits = new Uint32Array(memory.buffer);

  it('agrees with the JavaScript loop for views at every 4-byte offset of a 16-byte group and lengths 0..37', () => {
    for (let offset = 0; offset < 4; offset++) {
      for (let n = 0; n < 38; n++) {
        const v = new Float32Array(memory.buffer, 256 + offset * 4, n);
        for (let at = -1; at < n; at++) {
          v.fill(1.5);
          if (n > 0) bits[v.byteOffset / 4 + n - 1] = NOT_NAN[n % NOT_NAN.length];
          if (at >= 0) bits[v.byteOffset / 4 + at] = NANS[at % NANS.length];
          expect(scan(v), `offset ${offset}, length ${n}, NaN at ${at}`).toBe(at >= 0);
          expect(hasNaNScalar(v)).toBe(at >= 0);
        }
      }
    }
  });

  it('ignores a NaN just outside the view', () => {
    const v = new Float32Array(memory.buffer, 512, 8).fill(0);
    bits[512 / 4 - 1] = NANS[0];
    bits[512 / 4 + 8] = NANS[0];
    expect(scan(v)).toBe(false);
  });

  it('scans views of another buffer in JavaScript', () => {
    expect(scan(Float32Array.of(1, 2, NaN))).toBe(true);
    expect(scan(Float32Array.of(1, 2, Infinity))).toBe(false);
  });
});

describe('the wasm NaN guard', () => {
  beforeAll(async () => {
    expect(await ensureBackend('wasm')).toBe('wasm');
  });

  it('reads the tfjs wasm module memory (the SIMD scan needs it; without it the guard scans in JavaScript)', () => {
    const memory = (tf.findBackend('wasm') as unknown as { wasm: { asm: { memory: unknown } } }).wasm.asm.memory;
    expect(memory).toBeInstanceOf(WebAssembly.Memory);
    expect((memory as WebAssembly.Memory).buffer).toBeInstanceOf(ArrayBuffer);
  });

  it.each([0, 3, 4, 17, 18])('refuses a convolution whose input holds NaN at element %i of 19', (at) => {
    const values = Array.from({ length: 19 }, (_, i) => (i === at ? NaN : i));
    const x = tf.tensor4d(values, [1, 1, 19, 1]);
    const w = tf.ones([1, 1, 1, 2]) as tf.Tensor4D;
    expect(() => tf.conv2d(x, w, 1, 'valid')).toThrow(/Conv2D over NaN values is not supported on the wasm backend/);
    tf.dispose([x, w]);
  });

  it('computes a convolution over ±inf', () => {
    const x = tf.tensor4d([Infinity, -Infinity, 1, 2, 3], [1, 1, 5, 1]);
    const w = tf.ones([1, 1, 1, 1]) as tf.Tensor4D;
    const y = tf.conv2d(x, w, 1, 'valid');
    expect(Array.from(y.dataSync())).toEqual([Infinity, -Infinity, 1, 2, 3]);
    tf.dispose([x, w, y]);
  });
});
