// GIF decoding as TensorFlow's gif_io.cc does it over giflib's DGifSlurp: every frame on the logical screen
// [frames, height, width, 3]; frame k starts as a copy of frame k-1 (disposal methods are ignored, as in TF),
// pixels outside the first frame's rectangle and transparent pixels of the first frame are black, a
// transparent index (Graphics Control Extension) keeps the previous frame's pixel; interlaced frames are
// de-interlaced. With `firstOnly` (DecodeImage expand_animations=False) only frame 0 is decoded.
import { ServingError } from '../../errors/index.ts';
import type { DecodedImage } from './image.ts';

const fail = (size: number, reason: string) => new ServingError('INVALID_ARGUMENT', `Invalid GIF data (size ${size}), ${reason}`);
const slurp = (size: number, giflibMessage: string) => fail(size, `failed to slurp gif file: ${giflibMessage}`);
const READ_FAILED = 'Failed to read from given file';

interface Frame {
  left: number;
  top: number;
  width: number;
  height: number;
  colors?: Uint8Array;
  transparent: number;
  pixels: Uint8Array;
}

/** Bound on decoded samples (frames * height * width * 3), so hostile headers cannot exhaust memory. */
const MAX_SAMPLES = 2 ** 29;

export function decodeGif(data: Uint8Array, firstOnly: boolean): DecodedImage {
  const size = data.length;
  const r = new Reader(data, size);
  const sig = String.fromCharCode(...data.subarray(0, 6));
  if (sig !== 'GIF87a' && sig !== 'GIF89a') throw slurp(size, 'Data is not in GIF format');
  r.pos = 6;
  const width = r.u16(), height = r.u16();
  const flags = r.u8();
  r.u8(); r.u8();
  const global = flags & 0x80 ? r.bytes(3 << ((flags & 7) + 1)) : undefined;
  const frames: Frame[] = [];
  let transparent = -1;
  for (;;) {
    const block = r.u8();
    if (block === 0x3b) break;
    if (block === 0x21) {
      const label = r.u8();
      let sub = r.u8();
      if (label === 0xf9 && sub >= 4) {
        const body = r.bytes(sub);
        transparent = body[0] & 1 ? body[3] : -1;
        sub = r.u8();
      }
      while (sub) {
        r.bytes(sub);
        sub = r.u8();
      }
      continue;
    }
    if (block !== 0x2c) throw slurp(size, 'Wrong record type detected');
    const left = r.u16(), top = r.u16(), w = r.u16(), h = r.u16();
    const f = r.u8();
    const colors = f & 0x80 ? r.bytes(3 << ((f & 7) + 1)) : undefined;
    if (w * h * 3 + frames.length * width * height * 3 > MAX_SAMPLES * 2) throw slurp(size, 'Failed to allocate required memory');
    const pixels = lzw(r, w * h, size);
    frames.push({ left, top, width: w, height: h, colors, transparent, pixels: f & 0x40 ? deinterlace(pixels, w, h) : pixels });
    transparent = -1;
  }
  if (frames.length === 0) throw fail(size, 'gif file does not contain any image');
  if (width <= 0 || height <= 0) throw fail(size, 'image width and height must be positive');
  const n = firstOnly ? 1 : frames.length;
  if (n * width * height * 3 >= MAX_SAMPLES) throw fail(size, 'image too large');
  const out = new Uint8Array(n * width * height * 3);
  const plane = width * height * 3;
  for (let k = 0; k < n; k++) {
    const fr = frames[k];
    const dst = k * plane;
    if (k > 0) out.copyWithin(dst, dst - plane, dst);
    const map = fr.colors ?? global;
    if (!map) throw fail(size, 'missing color map');
    const x0 = Math.max(fr.left, 0), y0 = Math.max(fr.top, 0);
    const x1 = Math.min(fr.left + fr.width, width), y1 = Math.min(fr.top + fr.height, height);
    const count = map.length / 3;
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const index = fr.pixels[(y - fr.top) * fr.width + (x - fr.left)];
        if (index === fr.transparent) continue;
        if (index >= count) throw fail(size, `found color index ${index} outside of color map range ${count}`);
        const o = dst + (y * width + x) * 3;
        out[o] = map[index * 3]; out[o + 1] = map[index * 3 + 1]; out[o + 2] = map[index * 3 + 2];
      }
    }
  }
  return { width, height, channels: 3, frames: n, data: out };
}

class Reader {
  pos = 0;
  constructor(private readonly data: Uint8Array, private readonly size: number) {}
  u8(): number {
    if (this.pos >= this.data.length) throw slurp(this.size, READ_FAILED);
    return this.data[this.pos++];
  }
  u16(): number {
    return this.u8() | (this.u8() << 8);
  }
  bytes(n: number): Uint8Array {
    if (this.pos + n > this.data.length) throw slurp(this.size, READ_FAILED);
    this.pos += n;
    return this.data.subarray(this.pos - n, this.pos);
  }
}

/** GIF's variable-width LZW over data sub-blocks; missing pixels stay index 0 (giflib leaves them unset). */
function lzw(r: Reader, count: number, size: number): Uint8Array {
  const minSize = r.u8();
  if (minSize < 1 || minSize > 11) throw slurp(size, 'Image is defective, decoding aborted');
  const out = new Uint8Array(count);
  const clear = 1 << minSize, eoi = clear + 1;
  const prefix = new Int32Array(4096), suffix = new Uint8Array(4096);
  for (let i = 0; i < clear; i++) { suffix[i] = i; prefix[i] = -1; }
  let next = eoi + 1, codeSize = minSize + 1, prev = -1;
  let acc = 0, bits = 0, n = 0, blockLeft = r.u8(), done = false;
  const stack = new Uint8Array(4097);
  while (!done) {
    while (bits < codeSize) {
      if (blockLeft === 0) { done = true; break; }
      acc |= r.u8() << bits;
      bits += 8;
      if (--blockLeft === 0) blockLeft = r.u8();
    }
    if (done) break;
    const code = acc & ((1 << codeSize) - 1);
    acc >>>= codeSize;
    bits -= codeSize;
    if (code === clear) { next = eoi + 1; codeSize = minSize + 1; prev = -1; continue; }
    if (code === eoi) break;
    let cur: number, first: number;
    if (prev === -1) {
      if (code >= clear) throw slurp(size, 'Image is defective, decoding aborted');
      if (n < count) out[n++] = code;
      prev = code;
      continue;
    }
    let top = 0;
    if (code < next) {
      for (cur = code; cur >= 0 && top < 4097; cur = prefix[cur]) stack[top++] = suffix[cur];
      first = stack[top - 1];
    } else if (code === next) {
      for (cur = prev; cur >= 0 && top < 4096; cur = prefix[cur]) stack[top++] = suffix[cur];
      first = stack[top - 1];
      // the new code is prev + first(prev): emit first(prev) last
      stack.copyWithin(1, 0, top);
      stack[0] = first;
      top++;
    } else throw slurp(size, 'Image is defective, decoding aborted');
    while (top > 0 && n < count) out[n++] = stack[--top];
    if (next < 4096) {
      prefix[next] = prev;
      suffix[next] = first;
      next++;
      if (next === 1 << codeSize && codeSize < 12) codeSize++;
    }
    prev = code;
  }
  // Skip the rest of the sub-blocks up to the terminator.
  while (blockLeft) {
    r.bytes(blockLeft);
    blockLeft = r.u8();
  }
  return out;
}

function deinterlace(p: Uint8Array, w: number, h: number): Uint8Array {
  const out = new Uint8Array(p.length);
  let row = 0;
  for (const [start, step] of [[0, 8], [4, 8], [2, 4], [1, 2]]) {
    for (let y = start; y < h; y += step) out.set(p.subarray(row * w, row++ * w + w), y * w);
  }
  return out;
}
