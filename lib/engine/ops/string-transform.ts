// Element-wise string ops TensorFlow.js lacks, with TensorFlow's semantics (tensorflow/core/kernels/):
//   StringLower / StringUpper: ASCII only when `encoding` is "" (string_lower_op.cc), full Unicode case
//     mapping when it is "utf-8" (ICU there, String.prototype.toLowerCase here; both locale-independent);
//   StringStrip: ASCII whitespace " \t\n\v\f\r" at both ends (absl::StripAsciiWhitespace);
//   StringLength: bytes, or UTF-8 characters counted as non-continuation bytes (string_length_op.cc);
//   Substr: BYTE or UTF8_CHAR units, negative pos from the end, pos/len broadcast (substr_op.cc);
//   ReduceJoin: joins along axes in row-major order (reduce_join_op.cc).
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import type { OpTable } from './index.ts';
import { broadcastIndex, broadcastShape } from './int64-kernel.ts';
import { readWide } from './int64-tensors.ts';
import { boolAttr, bytesAttr } from './raw-attrs.ts';

const invalid = (m: string) => new ServingError('INVALID_ARGUMENT', m);
// ICU's UTF-8 conversion (string_lower_op.cc / string_upper_op.cc): ill-formed bytes become U+FFFD, a BOM stays.
const lenientUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });
const encoder = new TextEncoder();

export function strings(t: tf.Tensor): Uint8Array[] {
  return tf.engine().readSync(t.dataId) as unknown as Uint8Array[];
}

/** Integer values of an int32 or int64 (wide or int32-carried) tensor, as numbers (they index strings). */
export function indexValues(t: tf.Tensor): number[] {
  if (t.dtype === 'int32') return Array.from(t.dataSync());
  return Array.from(readWide(t), (v) => (v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : v < -BigInt(Number.MAX_SAFE_INTEGER) ? -Number.MAX_SAFE_INTEGER : Number(v)));
}

function encodingOf(node: GraphNode): 'ascii' | 'utf8' {
  const e = new TextDecoder().decode(bytesAttr(node, 'encoding', new Uint8Array(0)));
  if (e === '') return 'ascii';
  if (e.toLowerCase() === 'utf-8' || e.toLowerCase() === 'utf8') return 'utf8';
  throw new ServingError('UNIMPLEMENTED', `string case mapping with encoding '${e}' is not supported by the portable engine`);
}

function caseMap(node: GraphNode, upper: boolean): tf.Tensor {
  const x = node.inputs[0];
  const mode = encodingOf(node);
  const out = strings(x).map((s) => {
    if (mode === 'utf8') {
      // TF hands ICU the string's c_str(): it ends at the first NUL byte.
      const nul = s.indexOf(0);
      const t = lenientUtf8.decode(nul >= 0 ? s.subarray(0, nul) : s);
      return encoder.encode(upper ? t.toUpperCase() : t.toLowerCase());
    }
    const r = new Uint8Array(s);
    for (let i = 0; i < r.length; i++) {
      const c = r[i];
      if (upper && c >= 0x61 && c <= 0x7a) r[i] = c - 32;
      else if (!upper && c >= 0x41 && c <= 0x5a) r[i] = c + 32;
    }
    return r;
  });
  return tf.tensor(out, x.shape, 'string');
}

const isAsciiSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);

function strip(node: GraphNode): tf.Tensor {
  const x = node.inputs[0];
  const out = strings(x).map((s) => {
    let a = 0;
    let b = s.length;
    while (a < b && isAsciiSpace(s[a])) a++;
    while (b > a && isAsciiSpace(s[b - 1])) b--;
    return s.subarray(a, b);
  });
  return tf.tensor(out, x.shape, 'string');
}

const isContinuation = (c: number) => (c & 0xc0) === 0x80;

function utf8Length(s: Uint8Array): number {
  let n = 0;
  for (const c of s) if (!isContinuation(c)) n++;
  return n;
}

function unitOf(node: GraphNode): 'BYTE' | 'UTF8_CHAR' {
  const u = new TextDecoder().decode(bytesAttr(node, 'unit', new Uint8Array(0))) || 'BYTE';
  if (u !== 'BYTE' && u !== 'UTF8_CHAR') throw invalid(`unit must be BYTE or UTF8_CHAR, got ${u}`);
  return u;
}

function stringLength(node: GraphNode): tf.Tensor {
  const x = node.inputs[0];
  const chars = unitOf(node) === 'UTF8_CHAR';
  const out = Int32Array.from(strings(x), (s) => (chars ? utf8Length(s) : s.length));
  return tf.tensor(out, x.shape, 'int32');
}

/** Byte offset of each character start, plus the end (substr_op.cc walks UTF-8 the same way). */
function charOffsets(s: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) if (!isContinuation(s[i])) out.push(i);
  out.push(s.length);
  return out;
}

function substr(node: GraphNode): tf.Tensor {
  const [x, posT, lenT] = node.inputs;
  const chars = unitOf(node) === 'UTF8_CHAR';
  if (posT.rank !== lenT.rank || !tf.util.arraysEqual(posT.shape, lenT.shape)) {
    throw invalid(`pos and len should have the same shape, got: [${posT.shape.join(',')}] vs. [${lenT.shape.join(',')}]`);
  }
  const shape = broadcastShape(x.shape, posT.shape);
  const xi = broadcastIndex(x.shape, shape);
  const pi = broadcastIndex(posT.shape, shape);
  const values = strings(x);
  const pos = indexValues(posT);
  const len = indexValues(lenT);
  const out = new Array<Uint8Array>(xi.length);
  for (let i = 0; i < xi.length; i++) {
    const s = values[xi[i]];
    const offsets = chars ? charOffsets(s) : undefined;
    const n = offsets ? offsets.length - 1 : s.length;
    let p = pos[pi[i]];
    const l = len[pi[i]];
    // UTF8_CHAR with a negative pos also fails for a negative len (UpdatePosAndLength counts len chars forward).
    if (p < -n || p > n || (chars && p < 0 && l < 0)) throw invalid(`pos ${p} out of range for string at index ${i}`);
    if (p < 0) p += n;
    // substr_op.cc: a negative len takes the rest in BYTE units (StringPiece::substr with a huge size_t) and
    // nothing in UTF8_CHAR units.
    const end = l < 0 ? (chars ? p : n) : Math.min(n, p + l);
    out[i] = offsets ? s.subarray(offsets[p], offsets[end]) : s.subarray(p, end);
  }
  return tf.tensor(out, shape, 'string');
}

function reduceJoin(node: GraphNode): tf.Tensor {
  const [x, axesT] = node.inputs;
  const keepDims = boolAttr(node, 'keep_dims', false);
  const separator = bytesAttr(node, 'separator', new Uint8Array(0));
  const rank = x.rank;
  const axes = new Set<number>();
  for (const a of indexValues(axesT)) {
    if (a < -rank || a >= rank) throw invalid(`Invalid reduction dimension ${a} for input with ${rank} dimension(s)`);
    const axis = a < 0 ? a + rank : a;
    if (axes.has(axis)) throw invalid(`Duplicate reduction dimension ${axis}`);
    axes.add(axis);
  }
  const shape = x.shape;
  const kept = shape.map((_, d) => d).filter((d) => !axes.has(d));
  // reduce_join_op.cc: the first listed axis varies fastest (offset() treats the last entry as fastest).
  const reduced = [...axes].reverse();
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  const count = (dims: number[]) => dims.reduce((a, d) => a * shape[d], 1);
  const values = strings(x);
  const outN = count(kept);
  const inner = count(reduced);
  const out = new Array<Uint8Array>(outN);
  const offset = (flat: number, dims: number[]) => {
    let at = 0;
    for (let k = dims.length - 1; k >= 0; k--) {
      const d = dims[k];
      at += (flat % shape[d]) * strides[d];
      flat = Math.floor(flat / shape[d]);
    }
    return at;
  };
  for (let o = 0; o < outN; o++) {
    const base = offset(o, kept);
    const parts: Uint8Array[] = [];
    for (let r = 0; r < inner; r++) {
      if (r > 0 && separator.length) parts.push(separator);
      parts.push(values[base + offset(r, reduced)]);
    }
    const total = parts.reduce((a, p) => a + p.length, 0);
    const joined = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      joined.set(p, at);
      at += p.length;
    }
    out[o] = joined;
  }
  const outShape = keepDims ? shape.map((d, i) => (axes.has(i) ? 1 : d)) : kept.map((d) => shape[d]);
  return tf.tensor(out, outShape, 'string');
}

export const STRING_TRANSFORM_OPS: OpTable = {
  StringLower: (node) => caseMap(node, false),
  StringUpper: (node) => caseMap(node, true),
  StringStrip: strip,
  StringLength: stringLength,
  Substr: substr,
  ReduceJoin: reduceJoin,
};
