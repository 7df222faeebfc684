// Which SAME convolutions get explicit pads on wasm (the ones tfjs-backend-wasm 4.22 computes wrongly); the
// values are checked against TensorFlow by the detection zoo's conv_same_stride model.
import { describe, expect, it } from 'vitest';
import { explicitSamePads } from '../../../lib/engine/portable/wasm-conv-padding.ts';

describe('explicitSamePads', () => {
  it.each([
    ['3x3 stride 4 on 16x16 (TF total padding -1 in both dimensions)', [1, 16, 16, 3], [3, 3], 4, [[0, 0], [0, 0], [0, 0], [0, 0]]],
    ['3x3 stride 4 on 8x9 (negative in height only; width keeps TF padding 2 split 1/1)', [1, 8, 9, 3], [3, 3], 4, [[0, 0], [0, 0], [1, 1], [0, 0]]],
    ['2x2 stride [5, 3] on 15x16 (width padding 1 goes after)', [1, 15, 16, 3], [2, 2], [5, 3], [[0, 0], [0, 0], [0, 1], [0, 0]]],
  ])('gives TF SAME pads, clamped at 0, for %s', (_label, x, filter, strides, want) => {
    expect(explicitSamePads(x, [...filter, 3, 4], strides)).toEqual(want);
  });

  it.each([
    ['1x1 stride 2 (wasm is right for 1x1 windows)', [1, 16, 16, 3], [1, 1], 2],
    ['3x3 stride 2 on 16x16 (padding 1)', [1, 16, 16, 3], [3, 3], 2],
    ['2x2 stride 2 on 16x16 (padding 0)', [1, 16, 16, 3], [2, 2], 2],
  ])('leaves %s to the kernel unchanged', (_label, x, filter, strides) => {
    expect(explicitSamePads(x, [...filter, 3, 4], strides)).toBeUndefined();
  });
});
