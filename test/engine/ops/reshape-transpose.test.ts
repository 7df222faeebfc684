// TensorFlow's Reshape and Transpose shape rules (ops/reshape-transpose.ts); each expectation is what TF 2.21
// answered (test/fixtures/op-sweep/movement.json runs the same cases end to end on both backends).
import { describe, expect, it } from 'vitest';
import { reshapeTarget, transposePerm } from '../../../lib/engine/ops/reshape-transpose.ts';

describe('reshapeTarget', () => {
  it.each([
    [[0, 3], [0, -1], [0, 3], 'infers -1 from the non-zero dims when the shape holds a 0'],
    [[0, 6], [0, 4, -1], [0, 4, 1], 'rounds the inferred size down when the input is empty'],
    [[0, 3], [-1], [0], 'gives 0 when the shape has no 0'],
    [[0, 3], [5, -1], [5, 0], 'gives 0 beside a non-zero size'],
    [[2, 3, 4], [4, -1], [4, 6], 'infers -1 as usual'],
  ])('%j to %j is %j (%s)', (input, sizes, want) => {
    expect(reshapeTarget(input, sizes)).toEqual(want);
  });

  it.each([
    [[2, 3], [0, -1], 'Input to reshape is a tensor with 6 values, but the requested shape has 0'],
    [[2, 3], [4, -1], 'Input to reshape is a tensor with 6 values, but the requested shape requires a multiple of 4'],
    [[0, 3], [-1, -1], 'Only one input size may be -1, not both 0 and 1'],
    [[0, 3], [0, -2], 'Size 1 must be non-negative, not -2'],
  ])('%j to %j fails: %s', (input, sizes, message) => {
    expect(() => reshapeTarget(input, sizes)).toThrow(message);
  });
});

describe('transposePerm', () => {
  it('counts a negative entry from the end once', () => {
    expect(transposePerm(3, [-1, 0, 1])).toEqual([2, 0, 1]);
    expect(transposePerm(3, [-3, -2, -1])).toEqual([0, 1, 2]);
  });

  it.each([
    [[-4, 0, 1], '-1 is out of range [0 .. 3)'],
    [[3, 0, 1], '3 is out of range [0 .. 3)'],
    [[-1, -1, 0], '1 is missing from {2,2,0}.'],
    [[0, 1], 'transpose expects a vector of size 3. But input(1) is a vector of size 2'],
  ])('%j fails as TF does: %s', (perm, message) => {
    expect(() => transposePerm(3, perm)).toThrow(message);
  });
});
