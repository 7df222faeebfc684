// CRC-32C (Castagnoli) and the LevelDB/TensorFlow masking of stored checksums.
// The table lives in the `crc-32` package; this file only adapts its signed results and adds the mask.
import CRC32C from 'crc-32/crc32c';

/** LevelDB's kMaskDelta (util/crc32c.h), also used by TensorFlow's tensor bundles. */
const MASK_DELTA = 0xa282ead8;

/**
 * CRC-32C of `data` as an unsigned 32-bit number. Pass a previous result as `crc` to extend it
 * over more bytes: crc32c(b, crc32c(a)) === crc32c(a ++ b).
 * @example crc32c(new TextEncoder().encode('123456789')) === 0xe3069283
 */
export function crc32c(data: Uint8Array, crc = 0): number {
  // crc-32 returns a signed int32 and takes the previous crc (signed or not) as its seed.
  return CRC32C.buf(data, crc) >>> 0;
}

/**
 * The masked form that LevelDB blocks and BundleEntryProto.crc32c store (FORMATS.md):
 * rotate right by 15 bits, then add 0xa282ead8, modulo 2^32.
 * @example maskCrc(0) === 0xa282ead8
 */
export function maskCrc(crc: number): number {
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + MASK_DELTA) >>> 0;
}

/** Inverse of maskCrc. */
export function unmaskCrc(masked: number): number {
  const rot = (masked - MASK_DELTA) >>> 0;
  return ((rot >>> 17) | (rot << 15)) >>> 0;
}

/** maskCrc(crc32c(data)): what TensorFlow stores for a tensor's raw bytes. */
export function maskedCrc32c(data: Uint8Array): number {
  return maskCrc(crc32c(data));
}

/** "0x0a1b2c3d": how checksums appear in error messages. */
export function hex32(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
}
