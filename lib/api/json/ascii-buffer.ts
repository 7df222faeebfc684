// A growable byte buffer for JSON text: mostly ASCII (numbers, brackets, commas), UTF-8 for string values.
// Writing a large tensor through it makes one flat string at the end instead of millions of small strings
// and rope nodes (which made GC the dominant cost of encoding a 1000x1000 float tensor).

export class AsciiBuffer {
  bytes: Buffer = Buffer.allocUnsafe(1 << 16);
  length = 0;
  /** Whether text() wrote non-ASCII bytes (then take() decodes UTF-8). */
  private utf8 = false;

  /** Forgets everything written (keeps the storage). */
  clear(): void {
    this.length = 0;
    this.utf8 = false;
  }

  /** Room for at least n more bytes. */
  reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.bytes.copy(next, 0, 0, this.length);
    this.bytes = next;
  }

  byte(c: number): void {
    this.reserve(1);
    this.bytes[this.length++] = c;
  }

  /** Appends an ASCII string (callers guarantee every char is < 128). */
  ascii(s: string): void {
    this.reserve(s.length);
    for (let i = 0; i < s.length; i++) this.bytes[this.length++] = s.charCodeAt(i);
  }

  /** Appends any string as UTF-8. */
  text(s: string): void {
    const n = Buffer.byteLength(s, 'utf8');
    this.reserve(n);
    this.bytes.write(s, this.length, 'utf8');
    this.length += n;
    if (n !== s.length) this.utf8 = true;
  }

  /** Appends the decimal digits of a non-negative integer below 2^53. */
  digits(q: number): void {
    let n = 1;
    for (let t = q; t >= 10; t = Math.floor(t / 10)) n++;
    this.reserve(n);
    const end = this.length + n;
    for (let i = end - 1; i >= this.length; i--) {
      const next = Math.floor(q / 10);
      this.bytes[i] = 48 + (q - next * 10);
      q = next;
    }
    this.length = end;
  }

  /** The text written since `from`, then forgets it. */
  take(from = 0): string {
    const s = this.bytes.toString(this.utf8 ? 'utf8' : 'latin1', from, this.length);
    this.length = from;
    if (from === 0) this.utf8 = false;
    return s;
  }
}
