// The transformer ops (Erf, Erfc, Einsum, BatchMatMulV2, GELU compositions, MatrixBandPart, Bitcast,
// BitwiseAnd/Or/Xor) against the
// TensorFlow-computed vectors of scripts/generate_transformer_vectors.py, on one backend per test file
// (transformer-ops-wasm.test.ts, transformer-ops-cpu.test.ts), with a tensor leak check after every case.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BAND_PART_OPS } from '../../../lib/engine/ops/band-part.ts';
import { BATCH_MATMUL_OPS } from '../../../lib/engine/ops/batch-matmul.ts';
import { BITCAST_OPS } from '../../../lib/engine/ops/bitcast.ts';
import { BITWISE_OPS } from '../../../lib/engine/ops/bitwise.ts';
import { EINSUM_OPS } from '../../../lib/engine/ops/einsum.ts';
import { ERF_OPS } from '../../../lib/engine/ops/erf.ts';
import type { BackendName } from '../../../lib/engine/portable/backend.ts';
import { trackTensors } from '../../helpers/leak-check.ts';
import { base64, opNode, type RawAttrs } from './op-node.ts';

type Value = number | 'nan' | 'inf' | '-inf';
interface Encoded { dtype: 'float32' | 'int32' | 'bool'; shape: number[]; values: Value[] }
interface VectorCase { op: string; attrs: Record<string, string | boolean>; inputs: Encoded[]; expected?: Encoded; error?: string }

const CASES = (JSON.parse(readFileSync(join(import.meta.dirname, 'transformer.vectors.json'), 'utf8')) as { cases: VectorCase[] }).cases;

/**
 * Per op: [atol, rtol]. Erf/Erfc are correctly rounded here; TF's float32 Erf is within 2 ulp of that (max
 * 2.4e-7 relative), its Erfc takes exp(−x²) of a rounded x² and so drifts by about x²·2⁻²⁴ for large x
 * (3.5e-6 relative at x = 9.04, where erfc ≈ 1e-37).
 */
const TOLERANCE: Record<string, [number, number]> = { Erf: [0, 3e-7], Erfc: [0, 4e-6], Gelu: [1e-6, 1e-5], Einsum: [1e-5, 1e-5], BatchMatMul: [1e-5, 1e-5], BatchMatMulV2: [1e-5, 1e-5], BatchMatMulV3: [1e-5, 1e-5] };
const EXACT: [number, number] = [0, 0];
const OPS = { ...ERF_OPS, ...EINSUM_OPS, ...BATCH_MATMUL_OPS, ...BAND_PART_OPS, ...BITCAST_OPS, ...BITWISE_OPS };

const decode = (v: Value) => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v);
const tensorOf = (e: Encoded) => tf.tensor(e.values.map(decode), e.shape, e.dtype);

function rawAttrs(c: VectorCase): RawAttrs {
  const out: RawAttrs = {};
  for (const [k, v] of Object.entries(c.attrs)) out[k] = typeof v === 'boolean' ? { b: v } : k === 'type' ? { type: v } : { s: base64(v) };
  return out;
}

/** GELU as Keras 3 exports it: exact = 0.5·x·Erfc(−x/√2); tanh = 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
function gelu(x: tf.Tensor, approximate: boolean): tf.Tensor {
  return tf.tidy(() => {
    if (approximate) return tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(tf.mul(0.7978845608028654, tf.add(x, tf.mul(0.044715, tf.pow(x, 3)))))));
    const erfc = ERF_OPS.Erfc(opNode([tf.neg(tf.mul(x, 0.7071067811865476))])) as tf.Tensor;
    return tf.mul(tf.mul(0.5, x), erfc);
  });
}

function run(c: VectorCase, inputs: tf.Tensor[]): tf.Tensor {
  if (c.op === 'Gelu') return gelu(inputs[0], c.attrs.approximate === true);
  return OPS[c.op](opNode(inputs, rawAttrs(c))) as tf.Tensor;
}

/** The first element outside atol + rtol·|want| (NaN must stay NaN), or undefined. */
function firstMismatch(got: ArrayLike<number>, want: Value[], [atol, rtol]: [number, number]): string | undefined {
  for (let i = 0; i < want.length; i++) {
    const w = decode(want[i]);
    const g = got[i];
    if (Number.isNaN(w) ? Number.isNaN(g) : g === w || Math.abs(g - w) <= atol + rtol * Math.abs(w)) continue;
    return `element ${i}: got ${g}, TensorFlow ${w}`;
  }
  return undefined;
}

const label = (c: VectorCase) => `${c.op} ${JSON.stringify(c.attrs)} ${c.inputs.map((i) => `[${i.shape}]`).join(' x ')}${c.error ? ' → error' : ''}`;

export function defineTransformerVectorSuite(backend: BackendName): void {
  const live = trackTensors(backend);
  describe(`transformer op vectors (${backend})`, () => {
    it('has vectors for every op', () => {
      expect(new Set(CASES.map((c) => c.op))).toEqual(new Set(['Gelu', ...Object.keys(OPS)]));
    });
    it.each(CASES.map((c, i) => [label(c), i] as const))('%s', (_l, i) => {
      const c = CASES[i];
      const inputs = c.inputs.map(tensorOf);
      live.push(...inputs);
      if (c.error) {
        expect(() => run(c, inputs)).toThrow(c.error);
        return;
      }
      const got = run(c, inputs);
      live.push(got);
      expect(got.dtype).toBe(c.expected!.dtype);
      expect(got.shape).toEqual(c.expected!.shape);
      expect(firstMismatch(got.dataSync(), c.expected!.values, TOLERANCE[c.op] ?? EXACT)).toBeUndefined();
    });
  });
}
