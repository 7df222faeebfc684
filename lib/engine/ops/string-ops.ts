// String ops TensorFlow.js lacks (or has only on some backends), with TensorFlow's semantics:
// - StringToHashBucketFast: Fingerprint64(bytes) % num_buckets (string_to_hash_bucket_fast_op.h);
// - StringToHashBucketStrong: SipHash-2-4(key, bytes) % num_buckets (siphash.ts);
// - StringJoin: element-wise concatenation with a separator; scalars broadcast, other shapes must match
//   (string_join_op.cc, "Input shapes do not match: [3] vs. [2]");
// - AsString: printf-style formatting (as_string_op.cc, see printf-format.ts).
// Strings are raw bytes throughout (readSync, never dataSync: FORMATS.md pitfall 6). int64 values may arrive
// as int32 tensors or as "wide" 8-byte strings (int64-tensors.ts); both are read exactly.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import { fingerprint64 } from './fingerprint64.ts';
import { sipHash24 } from './siphash.ts';
import type { OpTable } from './index.ts';
import { makeWide, readWide, readWideFloat64, readWideUnsigned } from './int64-tensors.ts';
import { FLOAT32_MIN_NORMAL, FLOAT64_MIN_NORMAL, flushDenormal, formatFloat, formatInteger, padString, type PrintfSpec } from './printf-format.ts';
import { bigIntAttr, boolAttr, bytesAttr, intAttr, typeAttr } from './raw-attrs.ts';

const INT32_LIMIT = 2n ** 31n;
const invalid = (m: string) => new ServingError('INVALID_ARGUMENT', m);
const shapeString = (s: readonly number[]) => `[${s.join(',')}]`;

function strings(t: tf.Tensor): Uint8Array[] {
  return tf.engine().readSync(t.dataId) as unknown as Uint8Array[];
}

/** Hash buckets of each string; `hash` gives an unsigned 64-bit value. */
function hashBuckets(node: GraphNode, hash: (s: Uint8Array) => bigint): tf.Tensor {
  const x = node.inputs[0];
  const buckets = bigIntAttr(node, 'num_buckets', 0n);
  if (buckets < 1n) throw invalid('num_buckets must be >= 1');
  const values = strings(x);
  // int64 output: an int32 tensor when num_buckets <= 2^31 (every bucket fits), else a wide tensor.
  if (buckets <= INT32_LIMIT) {
    const out = new Int32Array(values.length);
    for (let i = 0; i < values.length; i++) out[i] = Number(hash(values[i]) % buckets);
    return tf.tensor(out, x.shape, 'int32');
  }
  const out = new BigInt64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = hash(values[i]) % buckets;
  return makeWide(out, x.shape);
}

/** StringToHashBucketStrong: SipHash-2-4 keyed by the two `key` attr words (string_to_hash_bucket_op.h). */
function stringToHashBucketStrong(node: GraphNode): tf.Tensor {
  const key = ((node as unknown as { node?: { rawAttrs?: Record<string, { list?: { i?: (string | number)[] } }> } }).node?.rawAttrs?.key?.list?.i ?? []).map((v) => BigInt.asUintN(64, BigInt(v)));
  if (key.length !== 2) throw invalid(`Key must have 2 elements, got ${key.length}`);
  return hashBuckets(node, (s) => sipHash24(key[0], key[1], s));
}

function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function stringJoin(node: GraphNode): tf.Tensor {
  // node.inputs also holds control inputs after the N data inputs.
  const inputs = node.inputs.slice(0, intAttr(node, 'N', node.inputs.length));
  const separator = bytesAttr(node, 'separator', new Uint8Array(0));
  let shape: number[] = [];
  let shaped: tf.Tensor | undefined;
  for (const t of inputs) {
    if (t.rank === 0) continue;
    if (shaped && !tf.util.arraysEqual(shaped.shape, t.shape)) throw invalid(`Input shapes do not match: ${shapeString(shaped.shape)} vs. ${shapeString(t.shape)}`);
    shaped = t;
    shape = [...t.shape];
  }
  const n = shape.reduce((a, b) => a * b, 1);
  const columns = inputs.map(strings);
  const out = new Array<Uint8Array>(n);
  const parts: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    parts.length = 0;
    columns.forEach((c, j) => {
      if (j > 0 && separator.length) parts.push(separator);
      parts.push(c.length === 1 && inputs[j].rank === 0 ? c[0] : c[i]);
    });
    out[i] = concat(parts);
  }
  return tf.tensor(out, shape, 'string');
}

/** as_string_op.cc constructor checks and the printf spec they build. */
function asStringSpec(node: GraphNode, dtype: string): PrintfSpec {
  const precision = intAttr(node, 'precision', -1);
  const scientific = boolAttr(node, 'scientific', false);
  const shortest = boolAttr(node, 'shortest', false);
  const width = intAttr(node, 'width', -1);
  const fill = new TextDecoder().decode(bytesAttr(node, 'fill', new Uint8Array(0)));
  const floating = ['DT_FLOAT', 'DT_DOUBLE', 'DT_HALF', 'DT_BFLOAT16'].includes(dtype);
  const name = dtype.slice(3).toLowerCase();
  if (!floating && (scientific || shortest)) throw invalid(`scientific and shortest format not supported for datatype ${name}`);
  if (!floating && precision >= 0) throw invalid(`precision not supported for datatype ${name}`);
  if (fill.length > 1) throw invalid('Fill string must be one or fewer characters');
  if (scientific && shortest) throw invalid('Cannot select both scientific and shortest notation');
  if (fill && !' +-0#'.includes(fill)) throw invalid(`Fill argument not supported: "${fill}"`);
  return { flags: fill, width, precision, conversion: shortest ? 'g' : scientific ? 'e' : floating ? 'f' : 'd' };
}

function floatSigns(values: Float32Array | Float64Array): (i: number) => boolean {
  if (values instanceof Float32Array) {
    const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
    return (i) => bits[i] >>> 31 === 1;
  }
  const view = new DataView(values.buffer, values.byteOffset, values.byteLength);
  return (i) => view.getUint8(i * 8 + 7) >> 7 === 1;
}

function asString(node: GraphNode): tf.Tensor {
  const x = node.inputs[0];
  const dtype = typeAttr(node, 'T') ?? (x.dtype === 'float32' ? 'DT_FLOAT' : x.dtype === 'bool' ? 'DT_BOOL' : x.dtype === 'string' ? 'DT_STRING' : 'DT_INT32');
  const spec = asStringSpec(node, dtype);
  const encoder = new TextEncoder();
  let out: Uint8Array[];
  switch (dtype) {
    case 'DT_STRING':
      // Passed through unless a width pads it.
      out = spec.width > 0 ? strings(x).map((s) => padString(s, spec)) : strings(x);
      break;
    case 'DT_BOOL':
      out = Array.from(x.dataSync(), (v) => encoder.encode(v ? 'true' : 'false'));
      break;
    case 'DT_INT64':
      out = Array.from(readWide(x), (v) => encoder.encode(formatInteger(v, spec)));
      break;
    case 'DT_UINT64':
      out = Array.from(readWideUnsigned(x), (v) => encoder.encode(formatInteger(v, spec)));
      break;
    case 'DT_FLOAT': case 'DT_HALF': case 'DT_BFLOAT16': case 'DT_DOUBLE': {
      const double = dtype === 'DT_DOUBLE';
      const raw = double ? undefined : x.dataSync();
      // The tensor's own Float32Array keeps each NaN's sign bit; a copy through JS numbers might not.
      const values = double ? readWideFloat64(x) : raw instanceof Float32Array ? raw : Float32Array.from(raw!);
      const negative = floatSigns(values);
      const min = double ? FLOAT64_MIN_NORMAL : FLOAT32_MIN_NORMAL;
      out = Array.from(values, (v, i) => encoder.encode(formatFloat(flushDenormal(v, min), negative(i), spec)));
      break;
    }
    case 'DT_INT8': case 'DT_INT16': case 'DT_INT32': case 'DT_UINT8': case 'DT_UINT16': case 'DT_UINT32':
      out = Array.from(x.dataSync(), (v) => encoder.encode(formatInteger(BigInt(v), spec)));
      break;
    default:
      throw invalid(`Cannot encode input of type ${dtype.slice(3).toLowerCase()}`);
  }
  return tf.tensor(out, x.shape, 'string');
}

/** Custom executors, keyed by exact TensorFlow op name (STYLE.md §7). */
export const STRING_OPS: OpTable = {
  StringToHashBucketFast: (node) => hashBuckets(node, fingerprint64),
  StringToHashBucketStrong: stringToHashBucketStrong,
  StringJoin: stringJoin,
  AsString: asString,
};
