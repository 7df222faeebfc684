// The string, regex, ragged and counting custom ops against TensorFlow 2.21's own answers
// (string-ops.vectors.json, written by scripts/generate_string_op_vectors.py), read once and run on each
// backend by string-op-vectors-suite.ts: outputs compared exactly (strings byte for byte),
// TensorFlow's errors as errors.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { INT64_OPS } from '../../../lib/engine/ops/int64.ts';
import { makeWide, readWide, readWideFloat64 } from '../../../lib/engine/ops/int64-tensors.ts';
import { RAGGED_OPS } from '../../../lib/engine/ops/ragged-ops.ts';
import { REGEX_OPS } from '../../../lib/engine/ops/regex-ops.ts';
import { STRING_OPS } from '../../../lib/engine/ops/string-ops.ts';
import { STRING_SPLIT_OPS } from '../../../lib/engine/ops/string-split.ts';
import { STRING_TO_NUMBER_OPS } from '../../../lib/engine/ops/string-to-number.ts';
import { STRING_FORMAT_OPS } from '../../../lib/engine/ops/string-format.ts';
import { STRING_TRANSFORM_OPS } from '../../../lib/engine/ops/string-transform.ts';

interface Encoded {
  dtype: string;
  shape: number[];
  values: (string | number | boolean)[];
}
export interface Case {
  op: string;
  note: string;
  inputs: Encoded[];
  attrs: Record<string, unknown>;
  outputs?: Encoded[];
  error?: string;
}

export const { cases } = JSON.parse(readFileSync(new URL('./string-ops.vectors.json', import.meta.url), 'utf8')) as { cases: Case[] };
const OPS = { ...STRING_OPS, ...STRING_TRANSFORM_OPS, ...STRING_SPLIT_OPS, ...REGEX_OPS, ...RAGGED_OPS, ...STRING_TO_NUMBER_OPS, ...STRING_FORMAT_OPS };

const hexBytes = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));
const float = (v: string) => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : Number(v));

function input(e: Encoded): tf.Tensor {
  const v = e.values;
  switch (e.dtype) {
    case 'DT_STRING': return tf.tensor(v.map((h) => hexBytes(h as string)), e.shape, 'string');
    case 'DT_INT64': return makeWide(BigInt64Array.from(v, (x) => BigInt(x as string)), e.shape);
    case 'DT_DOUBLE': return makeWide(Float64Array.from(v, (x) => float(x as string)), e.shape);
    case 'DT_FLOAT': return tf.tensor(Float32Array.from(v, (x) => float(x as string)), e.shape, 'float32');
    case 'DT_BOOL': return tf.tensor(v.map(Number), e.shape, 'bool');
    default: return tf.tensor(v as number[], e.shape, 'int32');
  }
}

function encode(t: tf.Tensor, dtype: string): Encoded {
  let values: Encoded['values'];
  switch (dtype) {
    case 'DT_STRING': values = (tf.engine().readSync(t.dataId) as unknown as Uint8Array[]).map((b) => Buffer.from(b).toString('hex')); break;
    case 'DT_INT64': values = Array.from(readWide(t), String); break;
    case 'DT_DOUBLE': values = Array.from(readWideFloat64(t), (x) => (Number.isNaN(x) ? 'nan' : String(x))); break;
    case 'DT_FLOAT': values = Array.from(t.dataSync(), (x) => (Number.isNaN(x) ? 'nan' : String(x))); break;
    case 'DT_BOOL': values = Array.from(t.dataSync(), Boolean); break;
    default: values = Array.from(t.dataSync());
  }
  return { dtype, shape: [...t.shape], values };
}

export function normalized(e: Encoded): Encoded {
  if (e.dtype !== 'DT_FLOAT' && e.dtype !== 'DT_DOUBLE') return e;
  return { ...e, values: e.values.map((x) => { const n = float(x as string); return Number.isNaN(n) ? 'nan' : String(n); }) };
}

export function runCase(c: Case): Encoded[] {
  const inputs = c.inputs.map(input);
  try {
    // Cumsum / Cumprod on int64 run as the dtype pass rewrites them: `Tfs64>` + op, dtypes in attrs.
    const wide = c.op === 'Cumsum' || c.op === 'Cumprod';
    const attrs = wide ? { _tfs_in: [9, 3], _tfs_out: [9], exclusive: (c.attrs.exclusive as { b: boolean }).b, reverse: (c.attrs.reverse as { b: boolean }).b } : {};
    const node = { inputs, attrs, node: { rawAttrs: c.attrs, name: c.op } } as unknown as GraphNode;
    const out = (wide ? INT64_OPS[`Tfs64>${c.op}`] : OPS[c.op])(node) as tf.Tensor | tf.Tensor[];
    const outs = Array.isArray(out) ? out : [out];
    try {
      return outs.map((t, k) => encode(t, c.outputs?.[k]?.dtype ?? 'DT_STRING'));
    } finally {
      tf.dispose(outs);
    }
  } finally {
    tf.dispose(inputs);
  }
}

