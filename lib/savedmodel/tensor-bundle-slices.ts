// Partitioned variables: the full tensor's entry lists its slices (BundleEntryProto.slices), and each
// slice's data is stored under its own key, TensorFlow's checkpoint::EncodeTensorNameSlice:
//   OrderedCode NumIncreasing(0), String(name), NumIncreasing(rank), then per dimension
//   SignedNumIncreasing(start), SignedNumIncreasing(length), where a whole dimension has length -1.
// Checked against TF 2.21 output: slice [65:130, 0:1] of "w" is 00 77 00 01 01 02 c0 41 c0 41 80 81.
import { type HostTensor, numElements, type TensorData } from '../tensor/index.ts';
import { isServingError, ServingError } from '../errors/index.ts';
import { type BundleEntry, type SliceExtent, printableKey } from './tensor-bundle-entry.ts';

/** OrderedCode NumIncreasing: a length byte, then the value big-endian in that many bytes (0 → "\x00"). */
function numIncreasing(v: number): number[] {
  const bytes: number[] = [];
  for (let x = BigInt(v); x > 0n; x >>= 8n) bytes.unshift(Number(x & 0xffn));
  return [bytes.length, ...bytes];
}

/** OrderedCode String: 0x00 → 00 ff, 0xff → ff 00, terminated by 00 01. `s` is a binary string. */
function orderedString(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const b = s.charCodeAt(i);
    if (b === 0x00) out.push(0x00, 0xff);
    else if (b === 0xff) out.push(0xff, 0x00);
    else out.push(b);
  }
  out.push(0x00, 0x01);
  return out;
}

/**
 * OrderedCode SignedNumIncreasing: the two's-complement value in L bytes, whose first L bits (a
 * header, inverted for negatives) give L; |v| < 64 takes 1 byte (0 → 80, 3 → 83, -1 → 7f, 65 → c0 41).
 */
export function signedNumIncreasing(v: number): number[] {
  const big = BigInt(v);
  const magnitude = big < 0n ? -big - 1n : big;
  const bits = magnitude === 0n ? 0 : magnitude.toString(2).length;
  const len = Math.floor(bits / 7) + 1; // 7 usable bits per byte, one of them the sign
  const word = BigInt.asUintN(80, big); // sign-extended to 10 bytes
  const out: number[] = [];
  for (let i = len - 1; i >= 0; i--) out.push(Number((word >> BigInt(8 * i)) & 0xffn));
  // Header: `len` one-bits from the top, spilling into the second byte for len 9 and 10.
  out[0] ^= (0xff << (8 - Math.min(len, 8))) & 0xff;
  if (len > 8) out[1] ^= (0xff << (16 - len)) & 0xff;
  return out;
}

/** The binary-string key under which TF stores `slice` of the tensor keyed `name` (a binary string). */
export function sliceKey(name: string, slice: readonly SliceExtent[]): string {
  const bytes = [...numIncreasing(0), ...orderedString(name), ...numIncreasing(slice.length)];
  for (const e of slice) bytes.push(...signedNumIncreasing(e.start), ...signedNumIncreasing(e.length ?? -1));
  return String.fromCharCode(...bytes);
}

/** True for a key written by sliceKey (it starts with NumIncreasing(0) = "\x00"; real names never do). */
export function isSliceKey(rawKey: string): boolean {
  return rawKey.charCodeAt(0) === 0;
}

export interface SliceSource {
  /** The stored entry of one slice, found by its binary key. */
  entry(rawKey: string): BundleEntry | undefined;
  /** That entry's tensor, crc-verified. */
  read(entry: BundleEntry): HostTensor;
}

/**
 * The full tensor of a partitioned variable, assembled from its slices. The slices must cover it
 * exactly once; a missing, overlapping or mis-shaped slice is DATA_LOSS, never silently zero.
 */
export function assembleSlices(full: BundleEntry, rawKey: string, source: SliceSource): HostTensor {
  const name = `partitioned tensor '${printableKey(full.key)}'`;
  const fail = (what: string): never => {
    throw new ServingError('DATA_LOSS', `${name}: ${what}`);
  };
  const dims = full.shape;
  if (full.slices.length === 0) fail('no slices are listed');
  // Read every slice before allocating: their verified sizes bound the output.
  const parts = full.slices.map((slice) => {
    if (slice.length !== dims.length) fail(`a slice has ${slice.length} dimensions, the tensor ${dims.length}`);
    const starts = slice.map((e) => e.start);
    const lengths = slice.map((e, d) => e.length ?? dims[d]);
    slice.forEach((e, d) => {
      if ((e.length === null && e.start !== 0) || starts[d] + lengths[d] > dims[d]) {
        fail(`slice [${describe(slice)}] lies outside shape [${dims.join(',')}]`);
      }
    });
    const entry = source.entry(sliceKey(rawKey, slice));
    if (!entry) return fail(`slice [${describe(slice)}] is listed but not stored`);
    if (entry.dtype !== full.dtype) fail(`slice [${describe(slice)}] is ${entry.dtype}, the tensor ${full.dtype}`);
    if (entry.shape.join(',') !== lengths.join(',')) fail(`slice [${describe(slice)}] is stored with shape [${entry.shape}]`);
    try {
      return { starts, lengths, tensor: source.read(entry) };
    } catch (e) {
      if (!isServingError(e)) throw e;
      throw new ServingError(e.code, `${name}: slice [${describe(slice)}]: ${e.message}`, { cause: e });
    }
  });
  const total = numElements(dims);
  const covered = parts.reduce((sum, p) => sum + numElements(p.lengths), 0);
  if (covered !== total) fail(`slices hold ${covered} elements, the shape [${dims.join(',')}] needs ${total}`);

  const first = parts[0].tensor.data;
  const out: TensorData = Array.isArray(first)
    ? new Array<Uint8Array>(total)
    : new (first.constructor as new (n: number) => Exclude<TensorData, Uint8Array[]>)(total);
  const seen = new Uint8Array(total); // which elements a slice has filled; catches overlaps
  const strides = dims.map((_, d) => numElements(dims.slice(d + 1)));
  for (const { starts, lengths, tensor } of parts) {
    const rank = lengths.length;
    const run = rank === 0 ? 1 : lengths[rank - 1];
    const runs = rank === 0 ? 1 : numElements(lengths.slice(0, -1));
    if (run === 0 || runs === 0) continue;
    const idx = new Array<number>(Math.max(rank - 1, 0)).fill(0);
    for (let r = 0; r < runs; r++) {
      let dst = rank === 0 ? 0 : starts[rank - 1];
      for (let d = 0; d < rank - 1; d++) dst += (starts[d] + idx[d]) * strides[d];
      if (seen.subarray(dst, dst + run).includes(1)) fail(`slices overlap at element ${dst}`);
      seen.fill(1, dst, dst + run);
      copyRun(tensor.data, r * run, out, dst, run);
      for (let d = rank - 2; d >= 0 && ++idx[d] === lengths[d]; d--) idx[d] = 0;
    }
  }
  return { dtype: full.dtype, shape: [...dims], data: out } as HostTensor;
}

/** Copies n elements; both sides have the same element type (checked dtypes). */
function copyRun(src: TensorData, from: number, dst: TensorData, to: number, n: number): void {
  if (Array.isArray(src)) {
    for (let i = 0; i < n; i++) (dst as Uint8Array[])[to + i] = src[from + i];
  } else {
    (dst as Uint8Array).set((src as Uint8Array).subarray(from, from + n), to);
  }
}

function describe(slice: readonly SliceExtent[]): string {
  return slice.map((e) => (e.length === null ? '-' : `${e.start}:${e.start + e.length}`)).join(', ');
}
