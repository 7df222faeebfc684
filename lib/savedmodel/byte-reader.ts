// A bounds-checked cursor over untrusted bytes (checkpoint index blocks, string tensors).
// IMPORTANT: every read checks the bytes that remain; a failure is DATA_LOSS naming `where`,
// so a hostile length field can never cause an out-of-range read or a giant allocation.
import { ServingError } from '../errors/index.ts';

/** Varints longer than this cannot encode a 64-bit value (protobuf/LevelDB encoding). */
const MAX_VARINT64_BYTES = 10;

export class ByteReader {
  /** Next byte to read, relative to `bytes`. */
  pos = 0;

  /**
   * @param bytes the bytes to read (never copied)
   * @param where names the place in messages, e.g. "variables/variables.index block at 0"
   */
  constructor(
    readonly bytes: Uint8Array,
    readonly where: string,
    readonly end: number = bytes.length,
  ) {}

  get remaining(): number {
    return this.end - this.pos;
  }

  fail(what: string, at = this.pos): never {
    throw new ServingError('DATA_LOSS', `${this.where}: ${what} at byte ${at}`);
  }

  /** An unsigned LEB128 varint that must fit in 32 bits (LevelDB block entry fields). */
  varint32(what: string): number {
    const v = this.varint64(what);
    if (v > 0xffffffff) this.fail(`${what} ${v} does not fit in 32 bits`);
    return v;
  }

  /** An unsigned LEB128 varint; values above 2^53-1 are rejected (no offset or length is that large). */
  varint64(what: string): number {
    const start = this.pos;
    let result = 0;
    let scale = 1;
    for (let i = 0; i < MAX_VARINT64_BYTES; i++) {
      if (this.pos >= this.end) this.fail(`truncated varint (${what})`, start);
      const b = this.bytes[this.pos++];
      result += (b & 0x7f) * scale;
      if (b < 0x80) {
        if (!Number.isSafeInteger(result)) this.fail(`${what} is too large`, start);
        return result;
      }
      scale *= 128;
    }
    return this.fail(`varint longer than ${MAX_VARINT64_BYTES} bytes (${what})`, start);
  }

  /** A little-endian uint32. */
  uint32(what: string): number {
    if (this.remaining < 4) this.fail(`truncated ${what}`);
    const b = this.bytes;
    const p = this.pos;
    this.pos += 4;
    return (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
  }

  /** A view of the next `n` bytes (no copy); `n` is checked against what remains first. */
  take(n: number, what: string): Uint8Array {
    if (n > this.remaining) this.fail(`${what} needs ${n} bytes but only ${this.remaining} remain`);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}

/** A little-endian uint32 at `at` of `bytes` (caller checks bounds). */
export function uint32At(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}
