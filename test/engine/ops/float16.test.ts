// half / bfloat16 carried as float32: rounding to the 16-bit value (ties to even, via float32 as Eigen) and bits.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { roundTensor, roundToBfloat16, roundToHalf } from '../../../lib/engine/ops/float16.ts';
import { halfToNumber, numberToBfloat16, numberToHalf } from '../../../lib/tensor/float16-bits.ts';
import { ensureBackend } from '../../../lib/engine/portable/backend.ts';

beforeAll(async () => {
  await ensureBackend('wasm');
});

describe('half', () => {
  it.each([
    ['0.001 to the nearest half', 0.001, 0.0010004043579101562],
    ['a tie (1 + 2^-11) to even', 1 + 2 ** -11, 1],
    ['65519 down to the largest half', 65519, 65504],
    ['65520 up to Infinity', 65520, Infinity],
    ['a subnormal (3 * 2^-26) to units of 2^-24', 3 * 2 ** -26, 2 ** -24],
    ['-0 as -0', -0, -0],
  ])('rounds %s', (_label, v, want) => {
    expect(Object.is(roundToHalf(v), want)).toBe(true);
  });

  it('converts values to bits and back for every finite half', () => {
    for (let bits = 0; bits < 0x7c00; bits += 7) {
      expect(numberToHalf(halfToNumber(bits))).toBe(bits);
      expect(numberToHalf(-halfToNumber(bits))).toBe(bits | 0x8000);
    }
    expect(numberToHalf(NaN)).toBe(0x7e00);
  });
});

describe('bfloat16', () => {
  it('rounds to 8 significant bits, ties to even', () => {
    expect(roundToBfloat16(1 + 2 ** -8)).toBe(1);
    expect(roundToBfloat16(1 + 3 * 2 ** -8)).toBe(1 + 2 ** -6);
    expect(numberToBfloat16(-2)).toBe(0xc000);
  });
});

it('rounds a float32 tensor to half values, creating only its output', () => {
  const x = tf.tensor([0.1, 3.14159], [2], 'float32');
  const before = tf.memory().numTensors;
  const y = roundTensor(x, 19);
  expect([...y.dataSync()]).toEqual([0.0999755859375, 3.140625]);
  expect(tf.memory().numTensors).toBe(before + 1);
  tf.dispose([x, y]);
});
