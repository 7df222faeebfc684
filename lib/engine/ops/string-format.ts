// StringFormat (tensorflow/core/kernels/string_format_op.cc): the template with each `{placeholder}`
// replaced by one input's Tensor::SummarizeValue(summarize, print_v2=true) — numpy-like brackets, elements
// separated by " " on the last dimension and by newlines plus indentation above it, the first and last
// `summarize` entries of a long dimension around "...", strings quoted and escaped (Utf8SafeCEscape),
// floats as StrCat prints them (%.6g, or %.9g when that does not round-trip; doubles %.15g / %.17g).
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import type { OpTable } from './index.ts';
import { readWide, readWideFloat64 } from './int64-tensors.ts';
import { FLOAT32_MIN_NORMAL, FLOAT64_MIN_NORMAL, flushDenormal, formatFloat } from './printf-format.ts';
import { bytesAttr, intAttr } from './raw-attrs.ts';
import { strings } from './string-transform.ts';

const latin1 = new TextDecoder('latin1');

/** absl::Utf8SafeCEscape of raw bytes: bytes ≥ 0x80 pass through, other unprintable ones become octal. */
function cEscape(s: Uint8Array): string {
  let out = '';
  for (const c of s) {
    if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x22) out += '\\"';
    else if (c === 0x27) out += "\\'";
    else if (c === 0x5c) out += '\\\\';
    else if (c < 0x20 || c === 0x7f) out += '\\' + c.toString(8).padStart(3, '0');
    else out += String.fromCharCode(c); // latin1: re-encoded byte for byte below
  }
  return out;
}

/** StrCat(float/double): shortest of %.{6,9}g (float) or %.{15,17}g (double) that reads back exactly. */
function floatText(v: number, double: boolean): string {
  const g = (p: number) => formatFloat(v, v < 0 || Object.is(v, -0), { flags: '', width: -1, precision: p, conversion: 'g' });
  // TensorFlow runs with denormals flushed to zero (as AsString, printf-format.ts).
  v = flushDenormal(v, double ? FLOAT64_MIN_NORMAL : FLOAT32_MIN_NORMAL);
  if (!Number.isFinite(v)) return g(6);
  const first = g(double ? 15 : 6);
  const back = Number(first);
  return (double ? back === v : Math.fround(back) === v) ? first : g(double ? 17 : 9);
}

/** The elements of one input as printed text. */
function elementTexts(t: tf.Tensor, dtype: string | undefined): string[] {
  switch (dtype ?? (t.dtype === 'string' ? 'DT_STRING' : t.dtype === 'float32' ? 'DT_FLOAT' : t.dtype === 'bool' ? 'DT_BOOL' : 'DT_INT32')) {
    case 'DT_STRING': return strings(t).map((s) => `"${cEscape(s)}"`);
    case 'DT_FLOAT': return Array.from(t.dataSync(), (v) => floatText(v, false));
    case 'DT_DOUBLE': return Array.from(readWideFloat64(t), (v) => floatText(v, true));
    case 'DT_INT64': return Array.from(readWide(t), String);
    case 'DT_BOOL': return Array.from(t.dataSync(), (v) => (v ? '1' : '0'));
    case 'DT_INT32': case 'DT_INT16': case 'DT_INT8': case 'DT_UINT8': case 'DT_UINT16': return Array.from(t.dataSync(), String);
    default: throw new ServingError('UNIMPLEMENTED', `StringFormat of ${dtype} is not supported by the portable engine`);
  }
}

function spacing(dim: number, rank: number): string {
  return dim === rank - 1 ? ' ' : '\n'.repeat(rank - dim - 1) + ' '.repeat(dim + 1);
}

/** Tensor::SummarizeValue with print_v2 (tensor.cc PrintOneDimV2). */
export function summarize(elems: string[], shape: number[], ends: number): string {
  const rank = shape.length;
  if (rank === 0) return elems[0];
  // SummarizeValue caps the entries at each end by the element count (an empty tensor prints only "...").
  const total = elems.length;
  const limit = ends < 0 ? total : Math.min(ends, total);
  const walk = (dim: number, at: number): string => {
    if (dim === rank) return elems[at];
    const n = shape[dim];
    const step = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    let out = '[';
    for (let i = 0; i < Math.min(limit, n); i++) out += (i > 0 ? spacing(dim, rank) : '') + walk(dim + 1, at + step * i);
    if (n > 2 * limit) out += spacing(dim, rank) + '...';
    for (let i = Math.max(limit, n - limit); i < n; i++) out += (i > 0 ? spacing(dim, rank) : '') + walk(dim + 1, at + step * i);
    return out + ']';
  };
  return walk(0, 0);
}

function stringFormat(node: GraphNode): tf.Tensor {
  const template = latin1.decode(bytesAttr(node, 'template', new TextEncoder().encode('%s')));
  const placeholder = latin1.decode(bytesAttr(node, 'placeholder', new TextEncoder().encode('%s')));
  const ends = intAttr(node, 'summarize', 3);
  const types = ((node as unknown as { node?: { rawAttrs?: Record<string, { list?: { type?: string[] } }> } }).node?.rawAttrs?.T?.list?.type ?? []).map(String);
  const parts = placeholder ? template.split(placeholder) : [template];
  const inputs = node.inputs.slice(0, types.length || node.inputs.length);
  if (parts.length - 1 !== inputs.length) {
    throw new ServingError('INVALID_ARGUMENT', `num placeholders in template and num inputs must match: ${parts.length - 1} vs. ${inputs.length}`);
  }
  let out = parts[0];
  inputs.forEach((t, i) => {
    out += summarize(elementTexts(t, types[i]), [...t.shape], ends) + parts[i + 1];
  });
  return tf.tensor([Uint8Array.from(out, (c) => c.charCodeAt(0))], [], 'string');
}

export const STRING_FORMAT_OPS: OpTable = { StringFormat: stringFormat };
