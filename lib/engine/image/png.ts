// PNG decoding as TensorFlow's DecodePng does it with libpng (png_io.cc): every colour type and bit depth,
// Adam7, palette and tRNS, then TF's transformations: palette → RGB(A), gray 1/2/4-bit → 8-bit, tRNS → alpha
// only when an alpha channel is asked for, 16 → 8 bits by the high byte (png_set_strip_16), 8 → 16 bits ×257,
// RGB → gray with libpng's integer weights for (0.299, 0.587) and no rounding (png_do_rgb_to_gray), alpha
// dropped without compositing. Inflate is node:zlib. Header problems answer TF's "Invalid PNG. Failed to
// initialize decoder.", problems in the image data "Invalid PNG data, size N".
import { ServingError } from '../../errors/index.ts';
import type { DecodedImage } from './image.ts';

// node:zlib is taken on first use, not imported: loading it costs a cold start ~5 ms that most models never need.
const zlib = (): typeof import('node:zlib') => process.getBuiltinModule('node:zlib');

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
// libpng's user limits (PNG_USER_WIDTH_MAX / HEIGHT_MAX), then TF's own bounds (decode_image_op.cc).
const LIBPNG_MAX_DIM = 1_000_000;
const initError = () => new ServingError('INVALID_ARGUMENT', 'Invalid PNG. Failed to initialize decoder.');
const dataError = (n: number) => new ServingError('INVALID_ARGUMENT', `Invalid PNG data, size ${n}`);

// libpng png_set_rgb_to_gray_fixed(…, 29900, 58700): coefficients / 32768.
const RED = Math.floor((29900 * 32768) / 100000), GREEN = Math.floor((58700 * 32768) / 100000), BLUE = 32768 - RED - GREEN;

interface Header {
  width: number;
  height: number;
  depth: number;
  colorType: number;
  interlace: number;
}

const NATIVE_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const VALID_DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

export function decodePng(data: Uint8Array, channels: number, bits: 8 | 16): DecodedImage {
  const size = data.length;
  if (size < 8 || SIGNATURE.some((b, i) => data[i] !== b)) throw initError();
  let header: Header | undefined;
  let palette: Uint8Array | undefined;
  let trns: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  let pos = 8;
  let inData = false;
  let ended = false;
  while (!ended) {
    // Before the first IDAT, a short or bad chunk fails png_read_info (initialisation); after it, the data.
    // png_read_info stops after the first IDAT's length and type: a short IDAT body is a data error.
    if (pos + 8 > size) throw inData ? dataError(size) : initError();
    const type = String.fromCharCode(...data.subarray(pos + 4, pos + 8));
    if (type === 'IDAT' && header) inData = true;
    const fail = inData ? () => dataError(size) : initError;
    if (pos + 12 > size) throw fail();
    const len = ((data[pos] << 24) | (data[pos + 1] << 16) | (data[pos + 2] << 8) | data[pos + 3]) >>> 0;
    if (len > 0x7fffffff || pos + 12 + len > size) throw fail();
    const body = data.subarray(pos + 8, pos + 8 + len);
    const crc = ((data[pos + 8 + len] << 24) | (data[pos + 9 + len] << 16) | (data[pos + 10 + len] << 8) | data[pos + 11 + len]) >>> 0;
    const critical = (data[pos + 4] & 0x20) === 0;
    pos += 12 + len;
    if (zlib().crc32(data.subarray(pos - 8 - len, pos - 4)) !== crc) {
      if (critical) throw fail();
      continue; // libpng: ancillary chunk CRC error is a warning, the chunk is dropped
    }
    if (!header && type !== 'IHDR') throw initError();
    switch (type) {
      case 'IHDR': header = readHeader(body); break;
      case 'PLTE': if (len % 3 !== 0 || len === 0 || len > 768) throw initError(); palette = body; break;
      case 'tRNS': trns = body; break;
      case 'IDAT': inData = true; idat.push(body); break;
      case 'IEND': ended = true; break;
      default: if (critical) throw fail();
    }
  }
  const h = header!;
  if (h.colorType === 3 && !palette) throw initError();
  if (idat.length === 0) throw dataError(size);
  const native = NATIVE_CHANNELS[h.colorType];
  const withTrns = trns !== undefined && (h.colorType === 0 || h.colorType === 2 || h.colorType === 3);
  const inherent = h.colorType === 3 ? (withTrns ? 4 : 3) : native;
  const out = channels === 0 ? inherent : channels;
  if (h.width >= 2 ** 27 || h.height >= 2 ** 27 || h.width * h.height >= 2 ** 29) {
    throw new ServingError('INVALID_ARGUMENT', `PNG size too large for int: ${h.width} by ${h.height}`);
  }
  const samples = unfilter(inflate(idat, h, size), h, size);
  return convert(samples, h, native, palette, withTrns ? trns : undefined, out, bits);
}

function readHeader(b: Uint8Array): Header {
  if (b.length !== 13) throw initError();
  const u32 = (p: number) => ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
  const h = { width: u32(0), height: u32(4), depth: b[8], colorType: b[9], interlace: b[12] };
  if (!h.width || !h.height || h.width > LIBPNG_MAX_DIM || h.height > LIBPNG_MAX_DIM) throw initError();
  if (!VALID_DEPTHS[h.colorType]?.includes(h.depth) || b[10] !== 0 || b[11] !== 0 || h.interlace > 1) throw initError();
  return h;
}

const PASSES = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]];

function passes(h: Header): number[][] {
  return h.interlace ? PASSES : [[0, 0, 1, 1]];
}

function inflate(parts: Uint8Array[], h: Header, size: number): Uint8Array {
  const bpr = (w: number) => Math.ceil((w * NATIVE_CHANNELS[h.colorType] * h.depth) / 8);
  let expected = 0;
  for (const [x0, y0, dx, dy] of passes(h)) {
    const w = Math.ceil((h.width - x0) / dx), rows = Math.ceil((h.height - y0) / dy);
    if (w > 0 && rows > 0) expected += rows * (1 + bpr(w));
  }
  let raw: Buffer;
  try {
    // The declared size bounds the output: a zlib bomb stops at it (libpng ignores the excess too).
    raw = zlib().inflateSync(Buffer.concat(parts), { maxOutputLength: Math.max(expected, 1), finishFlush: 2 /* Z_SYNC_FLUSH */ });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw dataError(size);
    throw dataError(size);
  }
  if (raw.length < expected) throw dataError(size); // libpng: "Not enough image data"
  return new Uint8Array(raw.buffer, raw.byteOffset, expected);
}

/** Reverses the filters and returns native samples, row-major, one number per channel. */
function unfilter(raw: Uint8Array, h: Header, size: number): Uint16Array {
  const ch = NATIVE_CHANNELS[h.colorType];
  const bpp = Math.max(1, (ch * h.depth) >> 3);
  const out = new Uint16Array(h.width * h.height * ch);
  let p = 0;
  for (const [x0, y0, dx, dy] of passes(h)) {
    const w = Math.ceil((h.width - x0) / dx), rows = Math.ceil((h.height - y0) / dy);
    if (w <= 0 || rows <= 0) continue;
    const bpr = Math.ceil((w * ch * h.depth) / 8);
    let prev = new Uint8Array(bpr);
    for (let r = 0; r < rows; r++) {
      const filter = raw[p++];
      const line = raw.slice(p, p + bpr);
      p += bpr;
      for (let i = 0; i < bpr; i++) {
        const a = i >= bpp ? line[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
        switch (filter) {
          case 0: break;
          case 1: line[i] += a; break;
          case 2: line[i] += b; break;
          case 3: line[i] += (a + b) >> 1; break;
          case 4: {
            const pa = Math.abs(b - c), pb = Math.abs(a - c), pc = Math.abs(a + b - 2 * c);
            line[i] += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
            break;
          }
          default: throw dataError(size); // libpng: "bad adaptive filter value"
        }
      }
      prev = line;
      const y = y0 + r * dy;
      for (let i = 0; i < w; i++) {
        const x = x0 + i * dx;
        for (let k = 0; k < ch; k++) out[(y * h.width + x) * ch + k] = sample(line, i * ch + k, h.depth);
      }
    }
  }
  return out;
}

function sample(line: Uint8Array, index: number, depth: number): number {
  if (depth === 8) return line[index];
  if (depth === 16) return (line[2 * index] << 8) | line[2 * index + 1];
  const perByte = 8 / depth;
  const byte = line[Math.floor(index / perByte)];
  const shift = 8 - depth * ((index % perByte) + 1);
  return (byte >> shift) & ((1 << depth) - 1);
}

/** TF's libpng transformations from native samples to `out` channels of `bits` bits. */
function convert(s: Uint16Array, h: Header, native: number, palette: Uint8Array | undefined, trns: Uint8Array | undefined, out: number, bits: 8 | 16): DecodedImage {
  const n = h.width * h.height;
  const result = bits === 8 ? new Uint8Array(n * out) : new Uint16Array(n * out);
  const sixteen = h.depth === 16;
  // Samples are brought to the output's depth: palette entries and sub-8-bit gray are 8-bit first.
  const to = (v8or16: number, is16: boolean) => (bits === 8 ? (is16 ? v8or16 >> 8 : v8or16) : is16 ? v8or16 : v8or16 * 257);
  const grayScale = h.depth < 8 && h.colorType === 0 ? 255 / ((1 << h.depth) - 1) : 1;
  // libpng adds the filler alpha (png_set_add_alpha) at the file's bit depth: 1/2/4-bit images get 1/3/15.
  const max = sixteen ? 65535 : h.depth < 8 ? (1 << h.depth) - 1 : 255;
  const px = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    let r: number, g: number, b: number, a = max, color = true;
    if (h.colorType === 3) {
      const idx = s[i];
      const e = idx * 3 < palette!.length ? idx * 3 : -1;
      r = e >= 0 ? palette![e] : 0; g = e >= 0 ? palette![e + 1] : 0; b = e >= 0 ? palette![e + 2] : 0;
      a = trns && idx < trns.length ? trns[idx] : trns ? 255 : max;
    } else if (native <= 2) {
      r = g = b = s[i * native] * grayScale;
      color = false;
      if (native === 2) a = s[i * 2 + 1];
      else if (trns && trns.length >= 2 && s[i] === ((trns[0] << 8) | trns[1])) a = 0;
    } else {
      r = s[i * native]; g = s[i * native + 1]; b = s[i * native + 2];
      if (native === 4) a = s[i * 4 + 3];
      else if (trns && trns.length >= 6 && r === ((trns[0] << 8) | trns[1]) && g === ((trns[2] << 8) | trns[3]) && b === ((trns[4] << 8) | trns[5])) a = 0;
    }
    const is16 = sixteen && h.colorType !== 3;
    if (out <= 2) {
      // png_do_rgb_to_gray happens before the 16 → 8 strip; 8-bit without rounding, 16-bit rounded.
      const y = !color || (r === g && g === b) ? r : is16 ? (RED * r + GREEN * g + BLUE * b + 16384) >> 15 : (RED * r + GREEN * g + BLUE * b) >> 15;
      px[0] = to(y, is16);
      px[1] = to(a, is16);
    } else {
      px[0] = to(r, is16); px[1] = to(g, is16); px[2] = to(b, is16); px[3] = to(a, is16);
    }
    for (let k = 0; k < out; k++) result[i * out + k] = px[k];
  }
  return { width: h.width, height: h.height, channels: out, frames: 1, data: result };
}
