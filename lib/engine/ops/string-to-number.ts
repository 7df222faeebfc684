// StringToNumber (tensorflow/core/kernels/string_to_number_op.cc → strings::SafeStringToNumeric): ASCII
// whitespace around the number is allowed; floats take decimals with an optional exponent, hex integers
// ("0x10"), and inf / infinity / nan in any case; integers take decimal digits with a sign and must fit.
// Anything else is INVALID_ARGUMENT with TensorFlow's message. float32 is rounded once from the decimal
// (toFloat32), never decimal → double → float.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import type { OpTable } from './index.ts';
import { makeWide } from './int64-tensors.ts';
import { typeAttr } from './raw-attrs.ts';
import { strings } from './string-transform.ts';

const latin1 = new TextDecoder('latin1');
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const HEX = /^([+-]?)0[xX]([0-9a-fA-F]+)$/;
const SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;
const INTEGER = /^[+-]?\d+$/;

const fail = (s: string) => new ServingError('INVALID_ARGUMENT', `StringToNumberOp could not correctly convert string: ${s}`);

const trim = (s: string) => s.replace(/^[\t\n\v\f\r ]+|[\t\n\v\f\r ]+$/g, '');

function parseFloating(s: string): number {
  const t = trim(s);
  if (DECIMAL.test(t)) return Number(t);
  const hex = HEX.exec(t);
  if (hex) return (hex[1] === '-' ? -1 : 1) * Number.parseInt(hex[2], 16);
  const special = SPECIAL.exec(t);
  if (special) return special[2].toLowerCase() === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity;
  throw fail(s);
}

/** Sign of (|decimal text| − |d|), computed exactly with BigInt. */
function compareExact(t: string, d: number): number {
  const m = DECIMAL.exec(t.replace(/^[+-]/, ''))!;
  const [whole, frac = ''] = m[1].split('.');
  let digits = BigInt((whole || '0') + frac);
  let e10 = Number(m[2]?.slice(1) ?? 0) - frac.length;
  const view = new DataView(new Float64Array([Math.abs(d)]).buffer);
  const bits = view.getBigUint64(0, true);
  const exp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let e2: number;
  if (exp === 0) e2 = -1074;
  else {
    mant |= 1n << 52n;
    e2 = exp - 1075;
  }
  // digits·10^e10 vs mant·2^e2, scaled to integers.
  if (e10 < 0) {
    mant *= 10n ** BigInt(-e10);
    e10 = 0;
  }
  if (e2 < 0) {
    digits *= 2n ** BigInt(-e2);
    e2 = 0;
  }
  const left = digits * 10n ** BigInt(e10);
  const right = mant * 2n ** BigInt(e2);
  return left > right ? 1 : left < right ? -1 : 0;
}

/**
 * float32 of a decimal, rounded once: Math.fround of the double is right unless the double lies exactly
 * halfway between two floats, where the decimal itself decides (ties to even only when it is that midpoint).
 */
function toFloat32(d: number, text: string): number {
  const f = Math.fround(d);
  if (f === d || !Number.isFinite(d) || !DECIMAL.test(text)) return f;
  const bits = new Float32Array([f]);
  const u = new Uint32Array(bits.buffer);
  u[0] += d > f === f >= 0 ? 1 : -1;
  const other = bits[0];
  if ((f + other) / 2 !== d) return f;
  const c = compareExact(text, d);
  if (c === 0) return f;
  // c > 0: the decimal is above the midpoint in magnitude, so the float farther from zero.
  const away = Math.abs(other) > Math.abs(f) ? other : f;
  const toward = away === other ? f : other;
  return c > 0 ? away : toward;
}

function parseInteger(s: string, bits: 32 | 64): bigint {
  const t = s.replace(/^[\t\n\v\f\r ]+|[\t\n\v\f\r ]+$/g, '');
  if (!INTEGER.test(t)) throw fail(s);
  const v = BigInt(t);
  const limit = 1n << BigInt(bits - 1);
  if (v < -limit || v >= limit) throw fail(s);
  return v;
}

function stringToNumber(node: GraphNode): tf.Tensor {
  const x = node.inputs[0];
  const out = typeAttr(node, 'out_type') ?? 'DT_FLOAT';
  const values = strings(x).map((b) => latin1.decode(b));
  switch (out) {
    case 'DT_FLOAT': return tf.tensor(Float32Array.from(values, (s) => toFloat32(parseFloating(s), trim(s))), x.shape, 'float32');
    case 'DT_DOUBLE': return makeWide(Float64Array.from(values, parseFloating), x.shape);
    case 'DT_INT32': return tf.tensor(Int32Array.from(values, (s) => Number(parseInteger(s, 32))), x.shape, 'int32');
    case 'DT_INT64': return makeWide(BigInt64Array.from(values, (s) => parseInteger(s, 64)), x.shape);
    default: throw new ServingError('UNIMPLEMENTED', `StringToNumber to ${out} is not supported by the portable engine`);
  }
}

export const STRING_TO_NUMBER_OPS: OpTable = { StringToNumber: stringToNumber };
