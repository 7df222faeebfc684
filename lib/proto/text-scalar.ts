// Reads one scalar value of a text-format proto (int, float, bool, enum, string, bytes) for text-format.ts,
// producing what protobufjs's binary decode yields: int64 as Long, float rounded to 32 bits, enums as numbers.
// Accepted spellings follow the Text Format Language Specification, "Value Types".
import protobuf from 'protobufjs/light.js';
import type { Long } from 'protobufjs';
import { describe, type TextTokenizer, type Token } from './text-tokenizer.ts';

/** The part of a protobufjs Field this module needs; map keys and values are described the same way. */
export interface Slot {
  name: string;
  /** Scalar type name ("int64", "string", …) or the message/enum type name. */
  type: string;
  resolvedType: protobuf.Type | protobuf.Enum | null;
}

const INT_RANGES: Record<string, [bigint, bigint]> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  sint32: [-(2n ** 31n), 2n ** 31n - 1n],
  sfixed32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  fixed32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  sint64: [-(2n ** 63n), 2n ** 63n - 1n],
  sfixed64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
  fixed64: [0n, 2n ** 64n - 1n],
};
const UNSIGNED_64 = new Set(['uint64', 'fixed64']);
const TRUE_NAMES = new Set(['true', 'True', 't']);
const FALSE_NAMES = new Set(['false', 'False', 'f']);
const FLOAT_NAMES: Record<string, number> = { inf: Infinity, infinity: Infinity, nan: NaN };

// long.js's class when installed (it is a protobufjs dependency); protobufjs then decodes 64-bit ints as Long.
const LongCtor = protobuf.util.Long as unknown as (new (low: number, high: number, unsigned: boolean) => Long) | null;

/** The exact value of an int token: decimal, octal (`0777`) or hex (`0x1F`). */
function intValue(t: Token): bigint {
  const text = t.text;
  // Anything with more than 24 significant digits is beyond 64 bits in every base; skip the costly BigInt.
  if (text.replace(/^0[xX]/, '').replace(/^0+/, '').length > 24) return 2n ** 65n;
  if (/^0[0-7]+$/.test(text)) return BigInt(`0o${text.slice(1)}`);
  return BigInt(text);
}

/** A 64-bit value as protobufjs decode returns it: a Long (signed unless uint64/fixed64), else a number. */
export function toLong(v: bigint, unsigned: boolean): Long | number {
  if (!LongCtor) return Number(v);
  return new LongCtor(Number(BigInt.asIntN(32, v)), Number(BigInt.asIntN(32, v >> 32n)), unsigned);
}

/** Concatenates adjacent string tokens (`"a" 'b'`) into one byte string. */
export function readStringBytes(tok: TextTokenizer, what: string): Uint8Array {
  const first = tok.peek();
  if (first.kind !== 'string') tok.fail(first, `Expected string for ${what} but found ${describe(first)}`);
  const parts: Uint8Array[] = [];
  while (tok.peek().kind === 'string') parts.push(tok.next().bytes!);
  // util.newBuffer: a Buffer under Node, as protobufjs decode returns for bytes fields.
  const out = protobuf.util.newBuffer(parts.reduce((n, p) => n + p.length, 0)) as Uint8Array;
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const UTF8 = new TextDecoder('utf-8');

/** Reads the value of `slot` at the tokenizer's position; `-` may precede numbers and inf/nan. */
export function readScalar(tok: TextTokenizer, slot: Slot, messageName: string): unknown {
  const what = `field "${slot.name}" of ${messageName}`;
  if (slot.type === 'string') return UTF8.decode(readStringBytes(tok, what));
  if (slot.type === 'bytes') return readStringBytes(tok, what);

  const minus = tok.tryConsume('-');
  const t = tok.next();
  const bad = (expected: string): never => tok.fail(t, `Expected ${expected} for ${what} but found ${minus ? '"-" ' : ''}${describe(t)}`);

  if (slot.resolvedType instanceof protobuf.Enum) {
    const values = slot.resolvedType.values;
    if (t.kind === 'ident' && !minus) {
      if (!Object.prototype.hasOwnProperty.call(values, t.text)) {
        tok.fail(t, `Unknown enumeration value "${t.text}" for ${what} (enum ${slot.resolvedType.fullName.slice(1)})`);
      }
      return values[t.text];
    }
    if (t.kind !== 'int') return bad(`an enum value name or number`);
    return checkedInt(tok, t, minus, 'int32', what);
  }
  if (slot.type === 'bool') {
    if (!minus && t.kind === 'ident' && TRUE_NAMES.has(t.text)) return true;
    if (!minus && t.kind === 'ident' && FALSE_NAMES.has(t.text)) return false;
    if (!minus && t.kind === 'int' && intValue(t) <= 1n) return intValue(t) === 1n;
    return bad('true, false, t, f, 1 or 0');
  }
  if (slot.type === 'float' || slot.type === 'double') {
    let v: number;
    if (t.kind === 'float') v = Number(t.text.replace(/[fF]$/, ''));
    else if (t.kind === 'int' && /^(0|[1-9][0-9]*)$/.test(t.text)) v = Number(t.text);
    else if (t.kind === 'ident' && t.text.toLowerCase() in FLOAT_NAMES) v = FLOAT_NAMES[t.text.toLowerCase()];
    else return bad('a number, inf or nan');
    if (minus) v = -v;
    // protobufjs decodes a float field to the float32 value, so round the same way.
    return slot.type === 'float' ? Math.fround(v) : v;
  }
  if (slot.type in INT_RANGES) {
    if (t.kind !== 'int') return bad('an integer');
    return checkedInt(tok, t, minus, slot.type, what);
  }
  return tok.fail(t, `Field "${slot.name}" of ${messageName} has unsupported type "${slot.type}"`);
}

function checkedInt(tok: TextTokenizer, t: Token, minus: boolean, type: string, what: string): number | Long {
  const v = minus ? -intValue(t) : intValue(t);
  const [lo, hi] = INT_RANGES[type];
  if (minus && lo === 0n) tok.fail(t, `Expected a non-negative integer for ${what} (${type}) but found "-" ${describe(t)}`);
  if (v < lo || v > hi) tok.fail(t, `Integer out of range for ${what} (${type}): ${minus ? '"-" ' : ''}${describe(t)}`);
  return type.endsWith('64') ? toLong(v, UNSIGNED_64.has(type)) : Number(v);
}
