// Turns one checkpoint entry's stored bytes into a HostTensor, verifying its crc32c first.
// Numeric tensors are raw little-endian bytes; DT_STRING has its own layout (FORMATS.md,
// "variables.data-SSSSS-of-NNNNN"). Not here: partitioned variables (tensor-bundle-slices.ts).
import { type DType, type HostTensor, numElements, type NumericDType, TYPED_ARRAY_OF } from '../tensor/index.ts';
import { ServingError } from '../errors/index.ts';
import { ByteReader } from './byte-reader.ts';
import { crc32c, hex32, maskCrc, maskedCrc32c } from './crc32c.ts';
import { type BundleEntry, printableKey } from './tensor-bundle-entry.ts';

/** Typed arrays view the stored bytes directly, which is only right on a little-endian host. */
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** True when readTensor can return this dtype (DataType enum name). */
export function isReadableDType(dtype: string): dtype is DType {
  return dtype === 'DT_STRING' || dtype in TYPED_ARRAY_OF;
}

/** Entries TF writes by memcpy, so their crc covers the raw bytes (all but strings and variants). */
export function isRawCrcDType(dtype: string): boolean {
  return dtype !== 'DT_STRING' && dtype !== 'DT_VARIANT';
}

/** Throws DATA_LOSS unless the masked crc32c of `bytes` is the entry's. */
export function verifyRawCrc(entry: BundleEntry, bytes: Uint8Array, file: string): void {
  checkCrc(entry, maskedCrc32c(bytes), file);
}

function checkCrc(entry: BundleEntry, actual: number, file: string): void {
  if (actual !== entry.crc32c) {
    throw new ServingError(
      'DATA_LOSS',
      `crc32c mismatch for tensor '${printableKey(entry.key)}' in ${file} at [${entry.offset}, ${entry.offset + entry.size}): ` +
        `stored ${hex32(entry.crc32c)}, computed ${hex32(actual)}`,
    );
  }
}

/**
 * The tensor stored in `bytes` (exactly the entry's [offset, offset + size) of shard `file`).
 * IMPORTANT: numeric data is a view over `bytes` when it is aligned (no copy): do not mutate it.
 */
export function decodeTensor(entry: BundleEntry, bytes: Uint8Array, file: string, crcAlreadyVerified = false): HostTensor {
  const { dtype } = entry;
  const shape = [...entry.shape];
  if (!isReadableDType(dtype)) {
    throw new ServingError('UNIMPLEMENTED', `tensor '${printableKey(entry.key)}' in ${file} has dtype ${dtype}, which cannot be read`);
  }
  if (dtype === 'DT_STRING') return { dtype, shape, data: decodeStrings(entry, bytes, file) };
  const Ctor = TYPED_ARRAY_OF[dtype];
  const n = numElements(shape);
  if (n * Ctor.BYTES_PER_ELEMENT !== bytes.length) {
    throw new ServingError(
      'DATA_LOSS',
      `tensor '${printableKey(entry.key)}' in ${file}: ${dtype} [${shape.join(',')}] needs ` +
        `${n * Ctor.BYTES_PER_ELEMENT} bytes but the entry holds ${bytes.length}`,
    );
  }
  if (!crcAlreadyVerified) verifyRawCrc(entry, bytes, file);
  if (!HOST_IS_LITTLE_ENDIAN) throw new ServingError('UNIMPLEMENTED', 'reading checkpoints needs a little-endian host');
  if (bytes.byteOffset % Ctor.BYTES_PER_ELEMENT === 0) {
    return { dtype, shape, data: new Ctor(bytes.buffer, bytes.byteOffset, n) } as HostTensor;
  }
  // Unaligned: copy into a fresh buffer. (Not bytes.slice(): on a Node Buffer that is a view.)
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  const data = new Ctor(copy.buffer, 0, n);
  return { dtype, shape, data } as HostTensor;
}

/**
 * DT_STRING layout: `varint64 len[i]` for each element, a uint32 LE length checksum, then the bytes.
 * The running crc covers each length as uint32 LE (uint64 LE when over 4 GiB), not the varints;
 * the length checksum is mask(running crc); the crc then goes on over those 4 bytes and all string
 * bytes, and entry.crc32c is mask(final crc). Verified on `_CHECKPOINTABLE_OBJECT_GRAPH` (FORMATS.md).
 */
function decodeStrings(entry: BundleEntry, bytes: Uint8Array, file: string): Uint8Array[] {
  const n = numElements(entry.shape);
  const r = new ByteReader(bytes, `string tensor '${printableKey(entry.key)}' in ${file} at offset ${entry.offset}`);
  // Each element needs at least one length byte: checking this first bounds every allocation below.
  if (!(n <= bytes.length)) r.fail(`${n} elements cannot fit in ${bytes.length} bytes`, 0);
  const lengths = new Float64Array(n);
  let wide = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const at = r.pos;
    const len = r.varint64(`length of element ${i}`);
    if (len > r.remaining) r.fail(`element ${i} claims ${len} bytes but only ${r.remaining} remain`, at);
    lengths[i] = len;
    total += len;
    if (len > 0xffffffff) wide++;
  }
  const lengthWords = new DataView(new ArrayBuffer(4 * n + 4 * wide));
  for (let i = 0, p = 0; i < n; i++) {
    const len = lengths[i];
    lengthWords.setUint32(p, len % 0x1_0000_0000, true);
    p += 4;
    if (len > 0xffffffff) {
      lengthWords.setUint32(p, Math.floor(len / 0x1_0000_0000), true);
      p += 4;
    }
  }
  let crc = crc32c(new Uint8Array(lengthWords.buffer));
  const checksumAt = r.pos;
  const stored = r.uint32('length checksum');
  if (maskCrc(crc) !== stored) {
    r.fail(`length checksum mismatch: stored ${hex32(stored)}, computed ${hex32(maskCrc(crc))}`, checksumAt);
  }
  if (total !== r.remaining) r.fail(`lengths add up to ${total} bytes but ${r.remaining} follow the length checksum`);
  crc = crc32c(bytes.subarray(checksumAt), crc);
  checkCrc(entry, maskCrc(crc), file);
  const out = new Array<Uint8Array>(n);
  for (let i = 0; i < n; i++) out[i] = r.take(lengths[i], `element ${i}`);
  return out;
}
