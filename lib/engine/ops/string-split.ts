// Ops that turn strings into ragged pieces, with TensorFlow's semantics (tensorflow/core/kernels/):
//   StringSplit (v1): at any byte of the delimiter, or per byte (splitV1);
//   StringSplitV2(input[N], sep): like Python's str.split, with the quirks of string_split_op.cc SplitV2
//     (see splitV2). Outputs the SparseTensor (indices [n,2], values [n], dense_shape [2]);
//   StringNGrams(data, data_splits): string_ngrams_op.cc, padding and preserve_short_sequences included;
//   UnicodeDecode (UTF-8 only) and UnicodeEncode (UTF-8 only): unicode_ops.cc, errors=replace|ignore|strict.
// int64 outputs here are positions and sizes, so they travel as int32 tensors (int64-rules.ts
// INT32_PRODUCERS); int64 inputs are read with readWide (WIDE_AWARE_OPS).
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import type { OpTable } from './index.ts';
import { bytesAttr, boolAttr, intAttr } from './raw-attrs.ts';
import { indexValues, strings } from './string-transform.ts';

const invalid = (m: string) => new ServingError('INVALID_ARGUMENT', m);
const isAsciiSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);

function sameBytes(s: Uint8Array, at: number, sep: Uint8Array): boolean {
  for (let k = 0; k < sep.length; k++) if (s[at + k] !== sep[k]) return false;
  return true;
}

/**
 * The pieces of one string, as string_split_op.cc SplitV2 cuts them: maxsplit 0 keeps the string whole; an
 * empty `sep` skips leading whitespace, takes runs of non-whitespace, and after `maxsplit` pieces keeps the
 * rest (leading whitespace removed) as one more piece, even when it is empty; a non-empty `sep` cuts at each
 * occurrence and always keeps the remainder.
 */
export function splitV2(s: Uint8Array, sep: Uint8Array, maxsplit: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  if (maxsplit === 0) return [s];
  if (sep.length === 0) {
    let i = 0;
    while (i < s.length && isAsciiSpace(s[i])) i++;
    while (i < s.length) {
      let j = i;
      while (j < s.length && !isAsciiSpace(s[j])) j++;
      out.push(s.subarray(i, j));
      i = j;
      while (i < s.length && isAsciiSpace(s[i])) i++;
      if (maxsplit > 0 && out.length === maxsplit) {
        out.push(s.subarray(i));
        return out;
      }
    }
    return out;
  }
  let start = 0;
  for (let i = 0; i + sep.length <= s.length; ) {
    if (!sameBytes(s, i, sep)) {
      i++;
      continue;
    }
    out.push(s.subarray(start, i));
    i += sep.length;
    start = i;
    if (maxsplit > 0 && out.length === maxsplit) break;
  }
  out.push(s.subarray(start));
  return out;
}

/**
 * The pieces of one string as StringSplit (v1, tf.compat.v1.string_split) cuts them: at any byte of
 * `delimiter`, or between every byte when it is empty; empty pieces dropped when skip_empty.
 */
export function splitV1(s: Uint8Array, delimiter: Uint8Array, skipEmpty: boolean): Uint8Array[] {
  if (s.length === 0) return []; // str_util::Split of an empty text: no pieces, even without skip_empty
  if (delimiter.length === 0) return Array.from(s, (_, i) => s.subarray(i, i + 1));
  const out: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i <= s.length; i++) {
    if (i < s.length && !delimiter.includes(s[i])) continue;
    if (!skipEmpty || i > start) out.push(s.subarray(start, i));
    start = i + 1;
  }
  return out;
}

function sparseSplit(node: GraphNode, cut: (s: Uint8Array, sep: Uint8Array) => Uint8Array[]): tf.Tensor[] {
  const [input, sepT] = node.inputs;
  if (input.rank !== 1) throw invalid(`input must be a vector, got shape: [${input.shape.join(',')}]`);
  if (sepT.rank !== 0) throw invalid(`sep must be a scalar, got shape: [${sepT.shape.join(',')}]`);
  const sep = strings(sepT)[0];
  const rows = strings(input).map((s) => cut(s, sep));
  const total = rows.reduce((a, r) => a + r.length, 0);
  const indices = new Int32Array(total * 2);
  const values = new Array<Uint8Array>(total);
  let k = 0;
  let longest = 0;
  rows.forEach((r, row) => {
    longest = Math.max(longest, r.length);
    r.forEach((piece, col) => {
      indices[2 * k] = row;
      indices[2 * k + 1] = col;
      values[k++] = piece;
    });
  });
  return [tf.tensor(indices, [total, 2], 'int32'), tf.tensor(values, [total], 'string'), tf.tensor([rows.length, longest], [2], 'int32')];
}

function concatBytes(parts: Uint8Array[], sep: Uint8Array): Uint8Array {
  const total = parts.reduce((a, p) => a + p.length, 0) + Math.max(0, parts.length - 1) * sep.length;
  const out = new Uint8Array(total);
  let at = 0;
  parts.forEach((p, i) => {
    if (i > 0) {
      out.set(sep, at);
      at += sep.length;
    }
    out.set(p, at);
    at += p.length;
  });
  return out;
}

function checkSplits(splits: number[], n: number, what: string): void {
  if (splits.length === 0 || splits[0] !== 0 || splits[splits.length - 1] !== n) {
    throw invalid(`Invalid split value. ${what} must start with 0 and end with the number of values (${n})`);
  }
  for (let i = 1; i < splits.length; i++) if (splits[i] < splits[i - 1]) throw invalid(`Invalid split value. ${what} must be non-decreasing`);
}

function stringNGrams(node: GraphNode): tf.Tensor[] {
  const [dataT, splitsT] = node.inputs;
  const separator = bytesAttr(node, 'separator', new Uint8Array(0));
  const widths = ((node as unknown as { node?: { rawAttrs?: Record<string, { list?: { i?: (string | number)[] } }> } }).node?.rawAttrs?.ngram_widths?.list?.i ?? []).map(Number);
  const leftPad = bytesAttr(node, 'left_pad', new Uint8Array(0));
  const rightPad = bytesAttr(node, 'right_pad', new Uint8Array(0));
  const padWidth = intAttr(node, 'pad_width', 0);
  const preserveShort = boolAttr(node, 'preserve_short_sequences', false);
  if (widths.some((w) => w <= 0)) throw invalid('ngram_widths must contain positive values');
  const data = strings(dataT);
  const splits = splitsT.size === 0 ? [0] : indexValues(splitsT);
  if (splitsT.size > 0) checkSplits(splits, data.length, 'data_splits');
  const padOf = (w: number) => Math.min(padWidth < 0 ? w - 1 : padWidth, w - 1);
  const countOf = (len: number, w: number) => Math.max(0, len + 2 * padOf(w) - w + 1);
  const out: Uint8Array[] = [];
  const outSplits = [0];
  const make = (row: Uint8Array[], count: number, w: number) => {
    const pad = padOf(w);
    for (let g = 0; g < count; g++) {
      const left = Math.max(0, pad - g);
      const right = Math.max(0, pad - (count - (g + 1)));
      const tokens = w - (left + right);
      const start = left > 0 ? 0 : g - pad;
      out.push(concatBytes([...Array<Uint8Array>(left).fill(leftPad), ...row.slice(start, start + tokens), ...Array<Uint8Array>(right).fill(rightPad)], separator));
    }
  };
  for (let r = 1; r < splits.length; r++) {
    const row = data.slice(splits[r - 1], splits[r]);
    const before = out.length;
    for (const w of widths) make(row, countOf(row.length, w), w);
    if (preserveShort && row.length > 0 && out.length === before) make(row, 1, row.length + 2 * padWidth);
    outSplits.push(out.length);
  }
  return [tf.tensor(out, [out.length], 'string'), tf.tensor(outSplits, [outSplits.length], 'int32')];
}

type Errors = 'replace' | 'ignore' | 'strict';

function errorsOf(node: GraphNode): Errors {
  const e = new TextDecoder().decode(bytesAttr(node, 'errors', new Uint8Array(0))) || 'replace';
  if (e !== 'replace' && e !== 'ignore' && e !== 'strict') throw invalid(`errors must be one of strict, replace, ignore; got ${e}`);
  return e;
}

function checkUtf8(node: GraphNode, attr: string): void {
  const e = new TextDecoder().decode(bytesAttr(node, attr, new Uint8Array(0)));
  if (e.toUpperCase() !== 'UTF-8') throw new ServingError('UNIMPLEMENTED', `${attr} '${e}' is not supported by the portable engine (UTF-8 only)`);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

/**
 * Code points of UTF-8 bytes. Malformed input: errors=strict fails; errors=replace with U+FFFD as the
 * replacement is TextDecoder's maximal-subpart replacement; any other handling of malformed bytes is refused
 * per request rather than guessed.
 */
function decodeUtf8(s: Uint8Array, errors: Errors, replacement: number, replaceControl: boolean): number[] {
  let text: string;
  try {
    text = strictUtf8.decode(s);
  } catch {
    if (errors === 'strict') throw invalid('Invalid formatting on input string');
    if (errors !== 'replace' || replacement !== 0xfffd) {
      throw new ServingError('UNIMPLEMENTED', `UnicodeDecode of malformed UTF-8 with errors=${errors} is not supported by the portable engine`);
    }
    text = lenientUtf8.decode(s);
  }
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    // unicode_ops.cc replaces C0 controls only (TF 2.21 keeps U+007F and the C1 range; checked with TF).
    out.push(replaceControl && cp < 0x20 ? replacement : cp);
  }
  return out;
}

function unicodeDecode(node: GraphNode): tf.Tensor[] {
  checkUtf8(node, 'input_encoding');
  const x = node.inputs[0];
  const errors = errorsOf(node);
  const replacement = intAttr(node, 'replacement_char', 0xfffd);
  const replaceControl = boolAttr(node, 'replace_control_characters', false);
  const splits = [0];
  const chars: number[] = [];
  for (const s of strings(x)) {
    for (const cp of decodeUtf8(s, errors, replacement, replaceControl)) chars.push(cp);
    splits.push(chars.length);
  }
  return [tf.tensor(splits, [splits.length], 'int32'), tf.tensor(chars, [chars.length], 'int32')];
}

function unicodeEncode(node: GraphNode): tf.Tensor {
  checkUtf8(node, 'output_encoding');
  const [valuesT, splitsT] = node.inputs;
  const errors = errorsOf(node);
  const replacement = intAttr(node, 'replacement_char', 0xfffd);
  const values = Array.from(valuesT.dataSync());
  const splits = indexValues(splitsT);
  checkSplits(splits, values.length, 'input_splits');
  const out: Uint8Array[] = [];
  const encoder = new TextEncoder();
  for (let r = 1; r < splits.length; r++) {
    let text = '';
    for (let i = splits[r - 1]; i < splits[r]; i++) {
      let cp = values[i];
      if (cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        if (errors === 'strict') throw invalid(`Invalid code point ${cp}`);
        if (errors === 'ignore') continue;
        cp = replacement;
      }
      text += String.fromCodePoint(cp);
    }
    out.push(encoder.encode(text));
  }
  return tf.tensor(out, [out.length], 'string');
}

export const STRING_SPLIT_OPS: OpTable = {
  StringSplit: (node) => sparseSplit(node, (s, sep) => splitV1(s, sep, boolAttr(node, 'skip_empty', true))),
  StringSplitV2: (node) => sparseSplit(node, (s, sep) => splitV2(s, sep, intAttr(node, 'maxsplit', -1))),
  StringNGrams: stringNGrams,
  UnicodeDecode: unicodeDecode,
  UnicodeEncode: unicodeEncode,
};
