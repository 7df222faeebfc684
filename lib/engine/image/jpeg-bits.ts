// Entropy-coded segment reader of a JPEG scan: byte stuffing (FF 00), markers, Huffman codes.
// Like libjpeg (jdhuff.c jpeg_fill_bit_buffer): a marker inside the data ends the segment and zero bits are
// supplied from then on (libjpeg warns "premature end of data segment" and the decoder leaves the rest of
// the MCUs zero); running out of bytes altogether is an error (TensorFlow's memory source has no more data:
// JERR_FILE_READ), unless the caller recovers truncated files by pretending an EOI marker came.
import { ServingError } from '../../errors/index.ts';

export const jpegError = () => new ServingError('INVALID_ARGUMENT', 'jpeg::Uncompress failed. Invalid JPEG data or crop window.');

/** A canonical Huffman table (DHT): lookup by (length, code) → symbol. */
export class HuffmanTable {
  readonly maxCode = new Int32Array(18);
  readonly valOffset = new Int32Array(17);
  readonly values: Uint8Array;
  /** 8-bit lookahead: (length << 8 | symbol), 0 when the code is longer. */
  readonly look = new Uint16Array(256);

  constructor(counts: Uint8Array, values: Uint8Array) {
    this.values = values;
    let code = 0, k = 0;
    for (let len = 1; len <= 16; len++) {
      this.valOffset[len] = k - code;
      const n = counts[len - 1];
      if (n > 0 && len <= 8) {
        for (let j = 0; j < n; j++) {
          const c = code + j;
          const shift = 8 - len;
          for (let x = 0; x < 1 << shift; x++) this.look[(c << shift) | x] = (len << 8) | values[k + j];
        }
      }
      code += n;
      k += n;
      this.maxCode[len] = n ? code - 1 : -1;
      if (code > 1 << len) throw jpegError(); // libjpeg: JERR_BAD_HUFF_TABLE
      code <<= 1;
    }
    this.maxCode[17] = 0x7fffffff;
  }
}

export class BitReader {
  private acc = 0;
  private bits = 0;
  /** Zero bits supplied after the data ran into a marker (always the low bits of acc). */
  private fake = 0;
  private hitMarker = false;
  private hitEnd = false;

  constructor(private readonly data: Uint8Array, public pos: number, private readonly recoverTruncated: boolean) {}

  private fill(): void {
    while (this.bits <= 24) {
      let byte = 0;
      if (!this.hitMarker) {
        if (this.pos >= this.data.length) {
          if (!this.recoverTruncated) throw jpegError();
          this.hitMarker = true;
          this.hitEnd = true;
          this.fake += 8;
        } else {
          byte = this.data[this.pos];
          if (byte === 0xff) {
            const next = this.pos + 1 < this.data.length ? this.data[this.pos + 1] : -1;
            if (next === 0) this.pos += 2;
            else if (next === -1 && !this.recoverTruncated) throw jpegError();
            else {
              this.hitMarker = true;
              this.fake += 8;
              byte = 0;
            }
          } else this.pos++;
        }
      } else this.fake += 8;
      this.acc = ((this.acc << 8) | byte) >>> 0;
      this.bits += 8;
    }
  }

  /** True once a zero bit past a marker was consumed: libjpeg's insufficient_data, the rest of the MCUs stay zero. */
  get exhausted(): boolean {
    return this.bits < this.fake;
  }

  /**
   * The scan needed bits past the end of the data. TensorFlow fails then even with try_recover_truncated
   * (libjpeg: "missing SOS marker" after the fake EOI); recovery only covers a missing EOI after the scans.
   */
  get ranOut(): boolean {
    return this.hitEnd && this.exhausted;
  }

  bit(): number {
    if (this.bits === 0) this.fill();
    this.bits--;
    return (this.acc >>> this.bits) & 1;
  }

  /** n (1..16) bits as an unsigned number. */
  get(n: number): number {
    if (this.bits < n) this.fill();
    this.bits -= n;
    return (this.acc >>> this.bits) & ((1 << n) - 1);
  }

  /** get(n) sign-extended as in JPEG's HUFF_EXTEND. */
  receiveExtend(n: number): number {
    if (n === 0) return 0;
    const v = this.get(n);
    return v < 1 << (n - 1) ? v - (1 << n) + 1 : v;
  }

  decode(t: HuffmanTable): number {
    if (this.bits < 16) this.fill();
    const peek = (this.acc >>> (this.bits - 8)) & 0xff;
    const hit = t.look[peek];
    if (hit) {
      this.bits -= hit >> 8;
      return hit & 0xff;
    }
    let code = 0;
    for (let len = 1; len <= 16; len++) {
      code = (code << 1) | this.bit();
      if (code <= t.maxCode[len]) return t.values[(t.valOffset[len] + code) & 0xffff] ?? 0;
    }
    // libjpeg: JWRN_HUFF_BAD_CODE, a warning; the symbol decodes as 0.
    return 0;
  }

  /** Discards buffered bits and, at a restart, consumes the RSTn marker (if it is next). */
  restart(): void {
    this.acc = 0;
    this.bits = 0;
    this.fake = 0;
    let p = this.pos;
    while (p + 1 < this.data.length && !(this.data[p] === 0xff && this.data[p + 1] >= 0xd0 && this.data[p + 1] <= 0xd7)) {
      if (this.data[p] === 0xff && this.data[p + 1] !== 0 && this.data[p + 1] !== 0xff) break;
      p++;
    }
    if (p + 1 < this.data.length && this.data[p] === 0xff && this.data[p + 1] >= 0xd0 && this.data[p + 1] <= 0xd7) {
      this.pos = p + 2;
      this.hitMarker = false;
    } else if (p + 1 >= this.data.length && !this.recoverTruncated) throw jpegError();
  }

  /** Position of the next marker after the scan's data (skipping fill bytes). */
  endOfScan(): number {
    let p = this.pos;
    while (p + 1 < this.data.length && !(this.data[p] === 0xff && this.data[p + 1] !== 0 && !(this.data[p + 1] >= 0xd0 && this.data[p + 1] <= 0xd7))) p++;
    return p;
  }
}
