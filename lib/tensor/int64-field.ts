// int64 values decoded by protobufjs arrive as Long objects (or numbers for small values).
// These helpers convert them without silent precision loss.
import type { Long } from 'protobufjs';
import { ServingError } from '../errors/index.ts';

export type Int64Like = number | Long | string | bigint | null | undefined;

/** Exact bigint of a protobuf int64 field; absent means 0 (proto3). */
export function toBigInt(v: Int64Like): bigint {
  if (v === null || v === undefined) return 0n;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(v);
  if (typeof v === 'string') return BigInt(v);
  const lo = BigInt(v.low >>> 0);
  const hi = BigInt(v.high >>> 0);
  const u = (hi << 32n) | lo;
  return v.unsigned ? u : BigInt.asIntN(64, u);
}

/** A JS number for an int64 field that must be a safe integer (sizes, offsets); throws otherwise. */
export function toSafeNumber(v: Int64Like, what: string): number {
  const b = toBigInt(v);
  if (b > BigInt(Number.MAX_SAFE_INTEGER) || b < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new ServingError('DATA_LOSS', `${what} is out of range: ${b}`);
  }
  return Number(b);
}
