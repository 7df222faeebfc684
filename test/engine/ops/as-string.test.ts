// AsString through its executor against TensorFlow's own output (as-string.vectors.json, written by
// scripts/generate_op_vectors.py): float32/float64 with precision, scientific, shortest, width and every
// fill flag (exact half-to-even rounding, inf/nan, -0, denormals printed as zero), int32/int64, bool.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeWide } from '../../../lib/engine/ops/int64-tensors.ts';
import { STRING_OPS } from '../../../lib/engine/ops/string-ops.ts';
import { ensureBackend } from '../../../lib/engine/portable/backend.ts';
import { isServingError } from '../../../lib/errors/index.ts';
import { base64, opNode, type RawAttrs, strings, textOf } from './op-node.ts';

interface Case {
  dtype: string;
  attrs: { precision?: number; scientific?: boolean; shortest?: boolean; width?: number; fill?: string };
  values: string[];
  expected: string[];
}

const { cases } = JSON.parse(readFileSync(new URL('./as-string.vectors.json', import.meta.url), 'utf8')) as { cases: Case[] };

let start = 0;
beforeAll(async () => {
  await ensureBackend('cpu');
});
beforeEach(() => {
  start = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(start);
});

function rawAttrs(dtype: string, a: Case['attrs']): RawAttrs {
  const raw: RawAttrs = { T: { type: dtype } };
  if (a.precision !== undefined) raw.precision = { i: String(a.precision) };
  if (a.width !== undefined) raw.width = { i: String(a.width) };
  if (a.scientific !== undefined) raw.scientific = { b: a.scientific };
  if (a.shortest !== undefined) raw.shortest = { b: a.shortest };
  if (a.fill !== undefined) raw.fill = { s: base64(a.fill) };
  return raw;
}

const number = (v: string) => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : Number(v));

function input(c: Case): tf.Tensor {
  switch (c.dtype) {
    case 'DT_FLOAT': return tf.tensor(Float32Array.from(c.values, number), [c.values.length], 'float32');
    case 'DT_DOUBLE': return makeWide(Float64Array.from(c.values, number), [c.values.length]);
    case 'DT_INT64': return makeWide(BigInt64Array.from(c.values, BigInt), [c.values.length]);
    case 'DT_BOOL': return tf.tensor(c.values.map(Number), [c.values.length], 'bool');
    default: return tf.tensor(c.values.map(Number), [c.values.length], 'int32');
  }
}

function asString(x: tf.Tensor, raw: RawAttrs): string[] {
  const out = STRING_OPS.AsString(opNode([x], raw)) as tf.Tensor;
  const text = textOf(out);
  tf.dispose([x, out]);
  return text;
}

describe('AsString', () => {
  it.each(cases.map((c) => [`${c.dtype} ${JSON.stringify(c.attrs)}`, c] as const))('formats %s like TensorFlow', (_, c) => {
    expect(asString(input(c), rawAttrs(c.dtype, c.attrs))).toEqual(c.expected);
  });

  it('prints int64 beyond 2^53 exactly from a wide tensor', () => {
    expect(asString(makeWide(BigInt64Array.of(2n ** 53n + 1n, -(2n ** 63n)), [2]), { T: { type: 'DT_INT64' } })).toEqual(['9007199254740993', '-9223372036854775808']);
  });

  it('prints int64 carried as int32', () => {
    expect(asString(tf.tensor([7, -5], [2], 'int32'), { T: { type: 'DT_INT64' } })).toEqual(['7', '-5']);
  });

  it('keeps the sign of a negative NaN ("-nan", as glibc/absl print it)', () => {
    const f = new Float32Array(1);
    new Uint32Array(f.buffer)[0] = 0xffc00000;
    expect(asString(tf.tensor(f, [1], 'float32'), { T: { type: 'DT_FLOAT' } })).toEqual(['-nan']);
  });

  it('passes strings through, and pads them to a width', () => {
    expect(asString(strings(['ab']), { T: { type: 'DT_STRING' } })).toEqual(['ab']);
    expect(asString(strings(['ab']), { T: { type: 'DT_STRING' }, width: { i: '4' } })).toEqual(['  ab']);
    expect(asString(strings(['ab']), { T: { type: 'DT_STRING' }, width: { i: '4' }, fill: { s: base64('-') } })).toEqual(['ab  ']);
  });

  it('keeps the shape of its input', () => {
    const x = tf.tensor([[1, 2], [3, 4]], [2, 2], 'int32');
    const out = STRING_OPS.AsString(opNode([x], { T: { type: 'DT_INT32' } })) as tf.Tensor;
    expect([out.shape, textOf(out)]).toEqual([[2, 2], ['1', '2', '3', '4']]);
    tf.dispose([x, out]);
  });

  it.each([
    ['a fill TF does not accept', { T: { type: 'DT_INT32' }, fill: { s: base64('x') } }, 'Fill argument not supported: "x"'],
    ['precision on an integer', { T: { type: 'DT_INT32' }, precision: { i: '2' } }, 'precision not supported for datatype int32'],
    ['shortest on an integer', { T: { type: 'DT_INT64' }, shortest: { b: true } }, 'scientific and shortest format not supported for datatype int64'],
    ['scientific and shortest together', { T: { type: 'DT_FLOAT' }, shortest: { b: true }, scientific: { b: true } }, 'Cannot select both scientific and shortest notation'],
    ['a two-character fill', { T: { type: 'DT_FLOAT' }, fill: { s: base64('00') } }, 'Fill string must be one or fewer characters'],
  ] as [string, RawAttrs, string][])('refuses %s with TensorFlow\'s INVALID_ARGUMENT', (_, raw, message) => {
    const x = raw.T.type === 'DT_FLOAT' ? tf.tensor([1.5], [1], 'float32') : tf.tensor([1], [1], 'int32');
    let err: unknown;
    try {
      STRING_OPS.AsString(opNode([x], raw));
    } catch (e) {
      err = e;
    }
    x.dispose();
    expect(isServingError(err) && [err.code, err.message]).toEqual(['INVALID_ARGUMENT', message]);
  });
});
