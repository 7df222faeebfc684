// input-checks: which run-time exceptions are the request's fault (INVALID_ARGUMENT, 400), which mean the
// backend cannot run the graph (UNIMPLEMENTED, 501), and which stay bugs (500).
import { describe, expect, it } from 'vitest';
import type { HostTensor } from '../../lib/engine/index.ts';
import { checkFeedDtype, checkInputs, runError, shapeMismatches } from '../../lib/engine/input-checks.ts';
import { ServingError } from '../../lib/errors/index.ts';

const INFO = { key: 'serving_default', methodName: 'tensorflow/serving/predict', inputs: { pixels: { name: 'p:0', dtype: 'DT_FLOAT', shape: [-1, 64] } }, outputs: {} };
const fed = (shape: number[]): Map<string, HostTensor> => new Map([['pixels', { dtype: 'DT_FLOAT', shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) }]]);

describe('runError', () => {
  it('makes a kernel assertion INVALID_ARGUMENT with its text and the disagreeing shapes', () => {
    const e = runError(new Error('Error in matMul: inner shapes (1) and (64) must match.'), INFO, fed([1]));
    expect(e).toMatchObject({ code: 'INVALID_ARGUMENT', message: "Error in matMul: inner shapes (1) and (64) must match. (input 'pixels' has shape [1] where the signature declares [-1,64])" });
  });

  it('names no shape when the inputs agree with the signature', () => {
    expect(runError(new Error('Reshape: cannot reshape'), INFO, fed([2, 64]))).toMatchObject({ code: 'INVALID_ARGUMENT', message: 'Reshape: cannot reshape' });
  });

  it.each([
    ["Kernel 'Einsum' not registered for backend 'wasm'", /kernel 'Einsum' is not registered for backend 'wasm'/],
    ['Unknown dtype string', /cannot take dtype string/],
  ])('makes "%s" UNIMPLEMENTED', (text, message) => {
    expect(runError(new Error(text), INFO, fed([1, 64]))).toMatchObject({ code: 'UNIMPLEMENTED', message: expect.stringMatching(message) });
  });

  it('passes ServingErrors and leaves bugs alone', () => {
    const serving = new ServingError('NOT_FOUND', 'x');
    expect(runError(serving, INFO, fed([1, 64]))).toBe(serving);
    const bug = new TypeError("Cannot read properties of undefined (reading 'backend')");
    expect(runError(bug, INFO, fed([1, 64]))).toBe(bug);
  });
});

describe('checks before running', () => {
  it('refuses a rank over the limit, and accepts it without one', () => {
    expect(() => checkInputs(INFO, fed([1, 1, 1, 1, 1, 1, 1]), { maxRank: 6, what: 'wasm' })).toThrow(/input 'pixels' has rank 7 .*wasm computes tensors of rank at most 6/);
    expect(() => checkInputs(INFO, fed([1, 1, 1, 1, 1, 1, 1]), { what: 'cpu' })).not.toThrow();
  });

  it("refuses a dtype the graph's placeholder does not take, in DirectSession's words", () => {
    const x: HostTensor = { dtype: 'DT_DOUBLE', shape: [1], data: new Float64Array(1) };
    expect(() => checkFeedDtype('x', 0, x, 'DT_FLOAT')).toThrow('Expects arg[0] to be float but double is provided (input \'x\')');
    expect(() => checkFeedDtype('x', 0, { ...x, dtype: 'DT_FLOAT', data: new Float32Array(1) }, 'DT_FLOAT')).not.toThrow();
  });

  it('reports rank and static-dim disagreements, not unknown dims', () => {
    expect(shapeMismatches(INFO, fed([5, 64]))).toEqual([]);
    expect(shapeMismatches(INFO, fed([5, 63]))).toEqual(["input 'pixels' has shape [5,63] where the signature declares [-1,64]"]);
  });
});
