// TensorFlow as the oracle: int64 / float64 edge values through the portable engine's exact kernels and through
// TensorFlow itself (the native engine, when @tensorflow/tfjs-node is installed) give the same bits.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { NativeServable } from '../../../lib/engine/native/native-servable.ts';
import { ensureBackend } from '../../../lib/engine/portable/backend.ts';
import { PortableServable } from '../../../lib/engine/portable/portable-servable.ts';
import type { HostTensor } from '../../../lib/tensor/host-tensor.ts';
import { nativeAvailable } from '../native/native-available.ts';
import { ORACLE_OUTPUTS, oracleFeed, oracleModel } from './int64-oracle-graph.ts';

describe.skipIf(!nativeAvailable)('64-bit kernels against TensorFlow', () => {
  let portable: Map<string, HostTensor>;
  let native: Map<string, HostTensor>;
  beforeAll(async () => {
    await ensureBackend('wasm');
    const p = await PortableServable.load(oracleModel());
    const n = await NativeServable.load(oracleModel());
    try {
      const before = tf.memory().numTensors;
      portable = await p.run('serving_default', oracleFeed());
      expect(tf.memory().numTensors).toBe(before);
      native = await n.run('serving_default', oracleFeed());
    } finally {
      p.dispose();
      n.dispose();
    }
  });

  it.each(ORACLE_OUTPUTS)('%s agrees bit for bit', (alias) => {
    const mine = portable.get(alias)!;
    const tfs = native.get(alias)!;
    expect({ dtype: mine.dtype, shape: mine.shape }).toEqual({ dtype: tfs.dtype, shape: tfs.shape });
    expect(Array.from(mine.data as ArrayLike<unknown>, String)).toEqual(Array.from(tfs.data as ArrayLike<unknown>, String));
  });
});
