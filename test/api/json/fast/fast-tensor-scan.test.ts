import { describe, expect, it } from 'vitest';
import type { HostTensor } from '../../../../lib/tensor/host-tensor.ts';
import { asciiBytes, isScannableDType, scanTensor } from '../../../../lib/api/json/fast/fast-tensor-scan.ts';
import { parseJson } from '../../../../lib/api/json/json-parse.ts';
import { tensorFromJson } from '../../../../lib/api/json/tensor-from-json.ts';

/** The fast scanner's tensor for a whole text, or undefined when it gives up. */
function fast(text: string, dtype: string): HostTensor | undefined {
  const t = scanTensor(text, asciiBytes(text)!, 0, dtype);
  if (!t) return undefined;
  expect(t.end).toBe(text.length);
  return { dtype, shape: t.shape, data: t.data } as HostTensor;
}

/** The general path: the dialect parser, then TF Serving's element conversion. */
const general = (text: string, dtype: string) => tensorFromJson(parseJson(text), dtype);

/** Same shape and the same element bits (NaN, -0 and rounding included). */
function expectSameTensor(actual: HostTensor | undefined, expected: HostTensor, label: string): void {
  expect(actual, label).toBeDefined();
  expect(actual!.shape, label).toEqual(expected.shape);
  const bits = (t: HostTensor) => {
    const d = t.data as Float32Array;
    return Buffer.from(d.buffer, d.byteOffset, d.byteLength).toString('hex');
  };
  expect(bits(actual!), label).toBe(bits(expected));
  expect(actual!.data.constructor, label).toBe(expected.data.constructor);
}

const FLOAT_LEXEMES = [
  '0', '-0', '0.0', '-0.0', '-0e0', '1', '-7', '80.0', '1e2', '1E5', '1e+5', '-2.5E-3', '123456.789e3', '0.1', '1.5e-3',
  '1e-45', '1.4e-45', '7e-46', '7.1e-46', '1e-40', '1.17549435e-38', '1e-50', '4.9e-324', '2.2250738585072014e-308',
  '3.4028235e38', '3.4028234663852886e38', '3.4028236e38', '1e39', '1.5e300', '1e22', '1e23', '1e-22', '1e-23',
  '0.30196078431372547', '0.12345679104328156', '0.12345678901234567890123', '123456789012345678901234567890',
  '9007199254740993', '-9007199254740993', '18446744073709551616', '99999999999999999999e-20',
  // Double rounding: the double nearest is the float32 midpoint 1 + 2^-24, which rounds to even (1.0).
  '1.0000000596046447753906251', '1.00000005960464477539062500000001', '1.0000000596046447753906249',
  '0e99999999', '1e0000000000000000001', 'NaN', '-NaN', 'Infinity', '-Infinity', 'Inf', '-Inf',
];

describe('scanTensor: the same elements as the general path', () => {
  it.each(['DT_FLOAT', 'DT_DOUBLE', 'DT_HALF', 'DT_BFLOAT16'])('reads every float lexeme as the dialect parser does for %s', (dtype) => {
    for (const lexeme of FLOAT_LEXEMES) expectSameTensor(fast(`[${lexeme}]`, dtype), general(`[${lexeme}]`, dtype), lexeme);
    const all = `[${FLOAT_LEXEMES.join(', ')}]`;
    expectSameTensor(fast(all, dtype), general(all, dtype), all);
  });

  it.each([
    ['DT_INT8', ['0', '-0', '127', '128', '-129', '2147483647', '-2147483648']],
    ['DT_INT16', ['32767', '32768', '-40000']],
    ['DT_INT32', ['2147483647', '-2147483648', '-0', '12']],
    ['DT_UINT8', ['0', '255', '256', '300', '-1']],
    ['DT_UINT16', ['65535', '65536', '-1']],
    ['DT_UINT32', ['0', '-0', '4294967295']],
  ])('wraps integer lexemes for %s like TensorProto.int_val', (dtype, lexemes) => {
    const text = `[${lexemes.join(',')}]`;
    expectSameTensor(fast(text, dtype), general(text, dtype), text);
  });

  it('reads shapes, a scalar and RapidJSON whitespace like GetDenseTensorShape', () => {
    for (const text of ['4.5', '[1]', '[[1, 2, 3], [4, 5, 6]]', '[[[1]], [[2]]]', ' [ 1 ,\n\t2\r] ', '[[[[0.5, 1], [2, 3]]]]']) {
      const t = scanTensor(text, asciiBytes(text)!, text.indexOf(text.trim()[0]), 'DT_FLOAT');
      expect(t, text).toBeDefined();
      expect(t!.shape).toEqual(general(text, 'DT_FLOAT').shape);
      expect(Array.from(t!.data as Float32Array)).toEqual(Array.from(general(text, 'DT_FLOAT').data as Float32Array));
    }
  });

  it('matches the general path on 20,000 random lexemes (signs, 1-25 digits, fractions, exponents)', () => {
    let seed = 99;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed % n;
    };
    const lexemes: string[] = [];
    for (let i = 0; i < 20000; i++) {
      const digits = Array.from({ length: 1 + rand(25) }, () => rand(10)).join('').replace(/^0+(?=\d)/, '');
      let lexeme = `${rand(4) === 0 ? '-' : ''}${digits}`;
      if (rand(2)) lexeme += `.${Array.from({ length: 1 + rand(20) }, () => rand(10)).join('')}`;
      if (rand(3) === 0) lexeme += `e${rand(2) ? '-' : '+'}${rand(50)}`;
      lexemes.push(lexeme);
    }
    const text = `[${lexemes.join(', ')}]`;
    for (const dtype of ['DT_FLOAT', 'DT_DOUBLE', 'DT_HALF']) expectSameTensor(fast(text, dtype), general(text, dtype), dtype);
  });

  it('rounds decimals next to float32 midpoints through the double, as the general path does', () => {
    const f = new Float32Array(2);
    const lexemes: string[] = [];
    for (let i = 0; i < 3000; i++) {
      f[0] = 0.5 + (i * 7919) / 3001 / 2 ** (i % 7);
      const below = f[0];
      f[1] = below;
      const bits = new Uint32Array(f.buffer);
      bits[1]++;
      const mid = (below + f[1]) / 2; // exact in a double
      for (const digits of [17, 25, 30]) lexemes.push(mid.toPrecision(digits));
      lexemes.push(`${mid.toPrecision(25)}1`, `${(mid - 2 ** -60).toPrecision(30)}`);
    }
    const text = `[${lexemes.join(',')}]`;
    expectSameTensor(fast(text, 'DT_FLOAT'), general(text, 'DT_FLOAT'), 'midpoints');
  });

  it('reuses its storage: a large tensor, then a small one', () => {
    const big = `[${Array.from({ length: 100_000 }, (_, i) => `[${i}.25, -${i}e-3]`).join(',')}]`;
    expectSameTensor(fast(big, 'DT_FLOAT'), general(big, 'DT_FLOAT'), 'big');
    expectSameTensor(fast('[[0.5]]', 'DT_FLOAT'), general('[[0.5]]', 'DT_FLOAT'), 'small');
  });
});

describe('scanTensor: gives up on what the general path must decide', () => {
  it.each([
    ['an empty list', '[]'],
    ['an empty inner list', '[[1], []]'],
    ['rows of different sizes', '[[1, 2], [3]]'],
    ['a scalar among lists', '[[1, 2], 3]'],
    ['a list among scalars', '[1, [2]]'],
    ['a string', '[1, "a"]'],
    ['null', '[null]'],
    ['a bool', '[true]'],
    ['a b64 object', '[{"b64": "AA=="}]'],
    ['a number too big for a double', '[1e400]'],
    ['a negative one too', '[-1e400]'],
    ['a missing fraction', '[1.]'],
    ['a missing exponent', '[1e]'],
    ['a leading zero', '[01]'],
    ['a lone minus', '[-]'],
    ['a plus sign', '[+1]'],
    ['a bare fraction', '[.5]'],
    ['a misspelt token', '[Infinit]'],
    ['a token with a tail', '[NaNa]'],
    ['a trailing comma', '[1,]'],
    ['a missing comma', '[1 2]'],
    ['an unclosed list', '[1, 2'],
    ['a form feed (not RapidJSON whitespace)', '[1,\f2]'],
    ['nothing', ''],
  ])('%s: %j', (_what, text) => {
    expect(fast(text, 'DT_FLOAT')).toBeUndefined();
  });

  it.each([
    ['DT_INT32', '[1.0]'],
    ['DT_INT32', '[1e2]'],
    ['DT_INT32', '[NaN]'],
    ['DT_INT32', '[2147483648]'],
    ['DT_INT32', '[-2147483649]'],
    ['DT_UINT8', '[1.5]'],
    ['DT_UINT32', '[-1]'],
    ['DT_UINT32', '[4294967296]'],
  ])('%s refuses %s (a type error in TF Serving)', (dtype, text) => {
    expect(fast(text, dtype)).toBeUndefined();
    expect(() => general(text, dtype)).toThrow(/is not of expected type/);
  });

  it('leaves 64-bit integers, bools and strings to the general path', () => {
    for (const dtype of ['DT_INT64', 'DT_UINT64', 'DT_BOOL', 'DT_STRING', 'DT_COMPLEX64']) {
      expect(isScannableDType(dtype)).toBe(false);
      expect(scanTensor('[1]', asciiBytes('[1]')!, 0, dtype)).toBeUndefined();
    }
  });
});

describe('asciiBytes', () => {
  it('gives the bytes and a 0 sentinel for ASCII text, nothing otherwise', () => {
    const bytes = asciiBytes('[1, 2]')!;
    expect(Buffer.from(bytes.subarray(0, 7)).toString('latin1')).toBe('[1, 2]\0');
    expect(asciiBytes('{"é": [1]}')).toBeUndefined();
    expect(asciiBytes('[1] \u{1f600}')).toBeUndefined();
    expect(asciiBytes('[\u012c1]')).toBeUndefined(); // U+012C's low byte is ','
  });
});
