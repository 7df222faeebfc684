import { describe, expect, it } from 'vitest';
import type { HostTensor } from '../../../lib/tensor/host-tensor.ts';
import { formatFloat32, formatFloat64 } from '../../../lib/api/json/float-format.ts';
import { isBytesTensorName, responseBuffer, writeTensor } from '../../../lib/api/json/json-write.ts';

// Expected texts computed with C printf semantics: s = "%g" % x; if it does not parse back, "%.9g" (float)
// or "%.17g" (double); then ".0" when s has neither '.' nor 'e' (TF Serving's WriteDecimal).
describe('formatFloat32 (TF Serving WriteDecimal<float>)', () => {
  it.each([
    [0.5, '0.5'],
    [2, '2.0'],
    [42, '42.0'],
    [1e6, '1e+06'],
    [100000, '100000.0'],
    [1e-5, '1e-05'],
    [1e-4, '0.0001'],
    [123456789, '123456792.0'],
    [16777217, '16777216.0'],
    [0.1, '0.1'],
    [0.3, '0.3'],
    [1 / 3, '0.333333343'],
    [-1.5, '-1.5'],
    [999999.5, '999999.5'],
    [0.000100001, '0.000100001'],
    [3.4028234663852886e38, '3.40282347e+38'],
    [1.401298464324817e-45, '1.4013e-45'],
    [0.016686705872416496, '0.0166867059'],
    [65504, '65504.0'],
    [2 ** -14, '6.10351562e-05'], // an exact tie at 9 digits: rounded to even, as printf does
    [0, '0.0'],
    [-0, '-0.0'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
  ])('writes %d as %s', (x, text) => {
    expect(formatFloat32(Math.fround(x))).toBe(text);
  });

  it('parses back to the same float32 for 20,000 random bit patterns', () => {
    const bits = new Uint32Array(1);
    const f = new Float32Array(bits.buffer);
    let seed = 12345;
    for (let i = 0; i < 20000; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      bits[0] = seed ^ (Math.imul(i, 2654435761) >>> 0);
      const x = f[0];
      if (!Number.isFinite(x)) continue;
      const text = formatFloat32(x);
      expect(Math.fround(Number(text)), text).toBe(x);
      expect(text.length).toBeLessThanOrEqual(16);
    }
  });
});

describe('formatFloat64 (TF Serving WriteDecimal<double>)', () => {
  it.each([
    [0.1, '0.1'],
    [1 / 3, '0.33333333333333331'],
    [0.30000000000000004, '0.30000000000000004'],
    [1e21, '1e+21'],
    [5e-324, '4.94066e-324'],
    [123456.5, '123456.5'],
    [100, '100.0'],
    [1e16, '1e+16'],
  ])('writes %d as %s', (x, text) => {
    expect(formatFloat64(x)).toBe(text);
  });

  it('parses back to the same double for random values', () => {
    let x = 0.123;
    for (let i = 0; i < 5000; i++) {
      x = (x * 9301 + 49297.123) % 233280.7;
      const v = x * 10 ** ((i % 40) - 20) * (i % 2 ? -1 : 1);
      expect(Number(formatFloat64(v))).toBe(v);
    }
  });
});

describe('writeTensor', () => {
  const t = <D extends HostTensor['dtype']>(dtype: D, shape: number[], data: HostTensor<D>['data']) => ({ dtype, shape, data }) as HostTensor;

  it('writes nested lists by shape, a bare value for a scalar, and empty dimensions as []', () => {
    expect(writeTensor(t('DT_FLOAT', [], new Float32Array([5])))).toBe('5.0');
    expect(writeTensor(t('DT_FLOAT', [2, 3], new Float32Array([1, 2, 3, 4, 5, 6.5])))).toBe('[[1.0,2.0,3.0],[4.0,5.0,6.5]]');
    expect(writeTensor(t('DT_FLOAT', [0], new Float32Array(0)))).toBe('[]');
    expect(writeTensor(t('DT_FLOAT', [2, 0], new Float32Array(0)))).toBe('[[],[]]');
  });

  it('writes one row from its offset (row format)', () => {
    const x = t('DT_INT32', [2, 2], new Int32Array([1, 2, 3, 4]));
    expect(writeTensor(x, false, 1, 2)).toBe('[3,4]');
    expect(writeTensor(t('DT_INT32', [3], new Int32Array([7, 8, 9])), false, 1, 2)).toBe('9');
  });

  it('writes integers exactly, int64/uint64 beyond 2^53 included, and bools as true/false', () => {
    expect(writeTensor(t('DT_INT64', [2], new BigInt64Array([2n ** 53n + 1n, -(2n ** 63n)])))).toBe('[9007199254740993,-9223372036854775808]');
    expect(writeTensor(t('DT_UINT64', [1], new BigUint64Array([2n ** 64n - 1n])))).toBe('[18446744073709551615]');
    expect(writeTensor(t('DT_INT8', [2], new Int8Array([-128, 127])))).toBe('[-128,127]');
    expect(writeTensor(t('DT_BOOL', [2], new Uint8Array([1, 0])))).toBe('[true,false]');
  });

  it('writes doubles with %.17g and half/bfloat16 like float32', () => {
    expect(writeTensor(t('DT_DOUBLE', [2], new Float64Array([0.1, 1 / 3])))).toBe('[0.1,0.33333333333333331]');
    expect(writeTensor(t('DT_HALF', [3], new Uint16Array([0x3c00, 0x3555, 0x7c00])))).toBe('[1.0,0.333251953,Infinity]');
    expect(writeTensor(t('DT_BFLOAT16', [1], new Uint16Array([0x4049])))).toBe('[3.140625]');
  });

  it('writes strings as escaped JSON text (invalid UTF-8 as U+FFFD) or, for bytes, as {"b64"}', () => {
    const enc = new TextEncoder();
    const strings = t('DT_STRING', [3], [enc.encode('café'), enc.encode('a"\\\n'), new Uint8Array([0x41, 0xff])]);
    expect(writeTensor(strings)).toBe('["café","a\\"\\\\\\n","A\uFFFD"]');
    expect(writeTensor(t('DT_STRING', [1], [new Uint8Array([0, 0xff, 0xfe, 0x80])]), true)).toBe('[{"b64":"AP/+gA=="}]');
  });

  it('recognises binary outputs by the _bytes suffix', () => {
    expect(isBytesTensorName('payload_bytes')).toBe(true);
    expect(isBytesTensorName('bytes_payload')).toBe(false);
  });
});

describe('responseBuffer', () => {
  it('hands out the same storage emptied, even after a use that never took its text', () => {
    const first = responseBuffer();
    first.ascii('{"predictions":[');
    first.text('é'); // an abandoned answer, with a UTF-8 byte
    const second = responseBuffer();
    expect(second.bytes).toBe(first.bytes);
    expect(second.length).toBe(0);
    second.ascii('{"predictions":[1]}');
    expect(second.take()).toBe('{"predictions":[1]}');
  });

  it('replaces storage that grew past 1 MiB instead of keeping it', () => {
    const big = responseBuffer();
    big.reserve(2 << 20);
    const grown = big.bytes;
    expect(grown.length).toBeGreaterThan(1 << 20);
    const next = responseBuffer();
    expect(next.bytes).not.toBe(grown);
    expect(next.bytes.length).toBeLessThanOrEqual(1 << 20);
  });
});
