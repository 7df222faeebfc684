// JPEG decoding as TensorFlow's DecodeJpeg does it with libjpeg-turbo (jpeg_mem.cc): markers, baseline and
// progressive Huffman scans (jpeg-scan.ts), IFAST/ISLOW/reduced IDCTs (jpeg-idct.ts), fancy or plain chroma
// upsampling and colour conversion (jpeg-color.ts), ratio 1/2/4/8 scaling. Errors are TensorFlow's single
// INVALID_ARGUMENT "jpeg::Uncompress failed. Invalid JPEG data or crop window.".
import { BitReader, HuffmanTable, jpegError } from './jpeg-bits.ts';
import { rgbToGray, upsample, yccToRgb, type Plane } from './jpeg-color.ts';
import { idctMultipliers, pickIdct, type IdctKind } from './jpeg-idct.ts';
import { type Component, decodeScan, NATURAL, type Scan } from './jpeg-scan.ts';
import type { DecodedImage } from './image.ts';

export interface JpegOptions {
  /** 0 (as in the file, at most 3), 1 or 3. */
  channels: number;
  ratio: number;
  fancyUpscaling: boolean;
  tryRecoverTruncated: boolean;
  dct: IdctKind;
}

export const JPEG_DEFAULTS: JpegOptions = { channels: 0, ratio: 1, fancyUpscaling: true, tryRecoverTruncated: false, dct: 'ifast' };

type ColorSpace = 'gray' | 'ycc' | 'rgb' | 'cmyk' | 'ycck';

interface Frame {
  progressive: boolean;
  width: number;
  height: number;
  comps: Component[];
  hmax: number;
  vmax: number;
  mcusX: number;
  mcusY: number;
}

/** TensorFlow (jpeg_mem.cc) refuses output_height * output_width * num_components >= 2^29. */
const MAX_SAMPLES = 2 ** 29;
const MAX_BLOCKS = 2 ** 23;

export function decodeJpeg(data: Uint8Array, opts: JpegOptions): DecodedImage {
  const quant: (Int32Array | undefined)[] = [];
  const dcTables: (HuffmanTable | undefined)[] = [];
  const acTables: (HuffmanTable | undefined)[] = [];
  let frame: Frame | undefined;
  let restartInterval = 0;
  let jfif = false;
  let adobe: number | undefined;
  let pos = 2;
  let sawEoi = false;
  const u16 = (p: number) => {
    if (p + 1 >= data.length) throw jpegError();
    return (data[p] << 8) | data[p + 1];
  };
  if (data.length < 3 || data[0] !== 0xff || data[1] !== 0xd8) throw jpegError();
  while (!sawEoi) {
    if (pos >= data.length) throw jpegError();
    // libjpeg's next_marker skips garbage before a marker (a warning, JWRN_EXTRANEOUS_DATA) and fill bytes.
    while (pos < data.length && data[pos] !== 0xff) pos++;
    while (pos < data.length && data[pos] === 0xff) pos++;
    if (pos >= data.length) throw jpegError();
    const marker = data[pos++];
    if (marker === 0xd9) {
      sawEoi = true;
      break;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      if (marker === 0xd8) throw jpegError(); // JERR_SOI_DUPLICATE
      continue;
    }
    const len = u16(pos);
    if (len < 2 || pos + len > data.length) throw jpegError();
    const seg = data.subarray(pos + 2, pos + len);
    const next = pos + len;
    switch (marker) {
      case 0xc0: case 0xc1: case 0xc2:
        if (frame) throw jpegError();
        frame = readFrame(seg, marker === 0xc2, data.length);
        break;
      case 0xc4: readHuffman(seg, dcTables, acTables); break;
      case 0xdb: readQuant(seg, quant); break;
      case 0xdd: restartInterval = seg.length >= 2 ? (seg[0] << 8) | seg[1] : 0; break;
      case 0xe0: if (seg.length >= 5 && String.fromCharCode(...seg.subarray(0, 5)) === 'JFIF\0') jfif = true; break;
      case 0xee: if (seg.length >= 12 && String.fromCharCode(...seg.subarray(0, 5)) === 'Adobe') adobe = seg[11]; break;
      case 0xda: {
        if (!frame) throw jpegError();
        const scan = readScan(seg, frame, dcTables, acTables);
        const reader = new BitReader(data, next, opts.tryRecoverTruncated);
        decodeScan(reader, scan, { progressive: frame.progressive, mcusX: frame.mcusX, mcusY: frame.mcusY, restartInterval });
        if (reader.ranOut) throw jpegError();
        pos = reader.endOfScan();
        if (pos + 1 >= data.length) {
          if (!opts.tryRecoverTruncated) throw jpegError();
          sawEoi = true;
        }
        continue;
      }
      default:
        // SOF3/5-7/9-15 (lossless, hierarchical, arithmetic), DAC: not decoded.
        if ((marker >= 0xc3 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) || marker === 0xcc) throw jpegError();
    }
    pos = next;
  }
  if (!frame) throw jpegError();
  return render(frame, quant, colorSpace(frame, jfif, adobe), adobe !== undefined, opts);
}

function readFrame(s: Uint8Array, progressive: boolean, fileSize: number): Frame {
  if (s.length < 6) throw jpegError();
  const precision = s[0], height = (s[1] << 8) | s[2], width = (s[3] << 8) | s[4], n = s[5];
  // An 8-bit libjpeg-turbo build; DNL-defined heights (0) are refused like libjpeg (JERR_EMPTY_IMAGE).
  if (precision !== 8 || width === 0 || height === 0 || n === 0 || n > 4 || s.length < 6 + 3 * n) throw jpegError();
  const raw = [];
  for (let i = 0; i < n; i++) {
    const h = s[6 + 3 * i + 1] >> 4, v = s[6 + 3 * i + 1] & 15;
    if (h < 1 || h > 4 || v < 1 || v > 4) throw jpegError();
    raw.push({ id: s[6 + 3 * i], h, v, tq: s[6 + 3 * i + 2] & 3 });
  }
  const hmax = Math.max(...raw.map((c) => c.h)), vmax = Math.max(...raw.map((c) => c.v));
  const mcusX = Math.ceil(width / (8 * hmax)), mcusY = Math.ceil(height / (8 * vmax));
  let blocks = 0;
  for (const c of raw) blocks += mcusX * c.h * mcusY * c.v;
  // Bounds before allocating coefficients (64 x int16 per block): every block costs at least one bit of
  // entropy-coded data in a well-formed file (a DC code), and 2^23 blocks (1 GiB) is the most we hold.
  // TF would decode a header declaring more than the data holds as mostly zeros; we refuse it.
  if (width * height * n >= MAX_SAMPLES * 4 || blocks > Math.min(MAX_BLOCKS, 8 * fileSize + 64)) throw jpegError();
  const comps = raw.map((c) => ({
    ...c,
    blocksW: Math.ceil(Math.ceil((width * c.h) / hmax) / 8),
    blocksH: Math.ceil(Math.ceil((height * c.v) / vmax) / 8),
    bufW: mcusX * c.h,
    bufH: mcusY * c.v,
    coefs: new Int16Array(0),
    pred: 0,
  }));
  return { progressive, width, height, comps, hmax, vmax, mcusX, mcusY };
}

function readHuffman(s: Uint8Array, dc: (HuffmanTable | undefined)[], ac: (HuffmanTable | undefined)[]): void {
  let p = 0;
  while (p < s.length) {
    if (p + 17 > s.length) throw jpegError();
    const tc = s[p] >> 4, th = s[p] & 15;
    if (tc > 1 || th > 3) throw jpegError();
    const counts = s.subarray(p + 1, p + 17);
    let total = 0;
    for (const c of counts) total += c;
    if (total > 256 || p + 17 + total > s.length) throw jpegError();
    const table = new HuffmanTable(counts, s.slice(p + 17, p + 17 + total));
    (tc === 0 ? dc : ac)[th] = table;
    p += 17 + total;
  }
}

function readQuant(s: Uint8Array, quant: (Int32Array | undefined)[]): void {
  let p = 0;
  while (p < s.length) {
    const pq = s[p] >> 4, tq = s[p] & 15;
    if (tq > 3 || pq > 1 || p + 1 + 64 * (pq + 1) > s.length) throw jpegError();
    const q = new Int32Array(64);
    for (let k = 0; k < 64; k++) q[NATURAL[k]] = pq ? (s[p + 1 + 2 * k] << 8) | s[p + 2 + 2 * k] : s[p + 1 + k];
    quant[tq] = q;
    p += 1 + 64 * (pq + 1);
  }
}

function readScan(s: Uint8Array, f: Frame, dc: (HuffmanTable | undefined)[], ac: (HuffmanTable | undefined)[]): Scan {
  const n = s[0];
  if (!n || n > 4 || s.length < 1 + 2 * n + 3) throw jpegError();
  const comps: Component[] = [];
  for (let i = 0; i < n; i++) {
    const c = f.comps.find((x) => x.id === s[1 + 2 * i]);
    if (!c) throw jpegError();
    c.dc = dc[s[2 + 2 * i] >> 4] ?? c.dc;
    c.ac = ac[s[2 + 2 * i] & 15] ?? c.ac;
    if (c.coefs.length === 0) c.coefs = new Int16Array(c.bufW * c.bufH * 64);
    comps.push(c);
  }
  const p = 1 + 2 * n;
  const ss = s[p], se = s[p + 1], ah = s[p + 2] >> 4, al = s[p + 2] & 15;
  if (!f.progressive && (ss !== 0 || se !== 63)) throw jpegError();
  if (f.progressive && (ss > se || se > 63 || (ss > 0 && n > 1) || al > 13)) throw jpegError();
  const needDc = !f.progressive || (ss === 0 && ah === 0);
  const needAc = !f.progressive ? true : ss > 0;
  for (const c of comps) if ((needDc && !c.dc) || (needAc && !c.ac)) throw jpegError();
  return { comps, ss, se, ah, al };
}

/** libjpeg's default_decompress_parms: the colour space the file's components are in. */
function colorSpace(f: Frame, jfif: boolean, adobe: number | undefined): ColorSpace {
  const n = f.comps.length;
  if (n === 1) return 'gray';
  if (n === 3) {
    if (jfif) return 'ycc';
    if (adobe !== undefined) return adobe === 0 ? 'rgb' : 'ycc';
    const [a, b, c] = f.comps.map((x) => x.id);
    return a === 82 && b === 71 && c === 66 ? 'rgb' : 'ycc';
  }
  if (n === 4) return adobe === 2 ? 'ycck' : 'cmyk';
  throw jpegError(); // two components: JERR_CONVERSION_NOTIMPL
}

/** Each component's IDCT block size (libjpeg-turbo scales chroma up by IDCT rather than upsampling). */
function scaledSizes(f: Frame, ratio: number): number[] {
  const min = 8 / ratio;
  return f.comps.map((c) => {
    let s = min;
    while (s < 8 && (f.hmax * min) % (c.h * s * 2) === 0 && (f.vmax * min) % (c.v * s * 2) === 0) s *= 2;
    return s;
  });
}

function render(f: Frame, quant: (Int32Array | undefined)[], space: ColorSpace, sawAdobe: boolean, opts: JpegOptions): DecodedImage {
  const outW = Math.ceil(f.width / opts.ratio), outH = Math.ceil(f.height / opts.ratio);
  const channels = opts.channels === 0 ? Math.min(f.comps.length, 3) : opts.channels;
  if (outH * outW * f.comps.length >= MAX_SAMPLES) throw jpegError();
  const minSize = 8 / opts.ratio;
  const sizes = scaledSizes(f, opts.ratio);
  // Only the luma plane is needed for a grayscale output of a YCbCr image (jdcolor.c grayscale_convert).
  const used = channels === 1 && (space === 'ycc' || space === 'gray') ? [0] : f.comps.map((_, i) => i);
  if (channels === 1 && (space === 'cmyk' || space === 'ycck')) throw jpegError(); // TF: output_components != 1
  const planes: Plane[] = [];
  const ws = new Int32Array(64);
  for (const ci of used) {
    const c = f.comps[ci];
    const q = quant[c.tq];
    if (!q) throw jpegError(); // JERR_NO_QUANT_TABLE
    if (c.coefs.length === 0) c.coefs = new Int16Array(c.bufW * c.bufH * 64);
    const size = sizes[ci];
    const idct = pickIdct(size, opts.dct);
    const mult = idctMultipliers(q, opts.dct, size);
    const stride = c.bufW * size;
    const plane = new Uint8Array(stride * c.bufH * size);
    for (let by = 0; by < c.bufH; by++) {
      for (let bx = 0; bx < c.bufW; bx++) idct(c.coefs, (by * c.bufW + bx) * 64, mult, ws, plane, by * size * stride + bx * size, stride);
    }
    const dw = Math.ceil((f.width * c.h * size) / (f.hmax * 8)), dh = Math.ceil((f.height * c.v * size) / (f.vmax * 8));
    const hx = (f.hmax * minSize) / (c.h * size), vx = (f.vmax * minSize) / (c.v * size);
    if (!Number.isInteger(hx) || !Number.isInteger(vx)) throw jpegError(); // JERR_FRACT_SAMPLE_NOTIMPL
    const fancy = opts.fancyUpscaling && minSize > 1;
    planes[ci] = upsample({ data: plane, stride, width: dw, height: dh }, hx, vx, fancy, outW, outH);
  }
  const out = new Uint8Array(outW * outH * channels);
  const px = new Uint8Array(4);
  const [p0, p1, p2, p3] = planes;
  for (let y = 0; y < outH; y++) {
    const r0 = y * p0.stride, r1 = p1 ? y * p1.stride : 0, r2 = p2 ? y * p2.stride : 0, r3 = p3 ? y * p3.stride : 0;
    let o = y * outW * channels;
    if (channels === 1) {
      if (space === 'rgb') for (let x = 0; x < outW; x++) out[o++] = rgbToGray(p0.data[r0 + x], p1.data[r1 + x], p2.data[r2 + x]);
      else out.set(p0.data.subarray(r0, r0 + outW), o);
      continue;
    }
    switch (space) {
      case 'gray':
        for (let x = 0; x < outW; x++, o += 3) out[o] = out[o + 1] = out[o + 2] = p0.data[r0 + x];
        break;
      case 'ycc':
        for (let x = 0; x < outW; x++, o += 3) yccToRgb(p0.data[r0 + x], p1.data[r1 + x], p2.data[r2 + x], out, o);
        break;
      case 'rgb':
        for (let x = 0; x < outW; x++, o += 3) { out[o] = p0.data[r0 + x]; out[o + 1] = p1.data[r1 + x]; out[o + 2] = p2.data[r2 + x]; }
        break;
      default:
        for (let x = 0; x < outW; x++, o += 3) {
          if (space === 'ycck') {
            yccToRgb(p0.data[r0 + x], p1.data[r1 + x], p2.data[r2 + x], px, 0);
            px[0] = 255 - px[0]; px[1] = 255 - px[1]; px[2] = 255 - px[2];
          } else {
            px[0] = p0.data[r0 + x]; px[1] = p1.data[r1 + x]; px[2] = p2.data[r2 + x];
          }
          const k = p3.data[r3 + x];
          // jpeg_mem.cc: Adobe CMYK is stored inverted.
          for (let j = 0; j < 3; j++) out[o + j] = sawAdobe ? Math.floor((k * px[j]) / 255) : Math.floor(((255 - k) * (255 - px[j])) / 255);
        }
    }
  }
  return { width: outW, height: outH, channels, frames: 1, data: out };
}
