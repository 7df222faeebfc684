// libjpeg-turbo's upsampling (jdsample.c) and colour conversion (jdcolor.c), integer-exact.
// Fancy upsampling is the triangle filter: h2v1 (3/4, 1/4 with rounding 1 and 2), h1v2 (the same
// vertically), h2v2 (9/16, 3/16, 3/16, 1/16 with +8 / +7); others, and fancy_upscaling=false, replicate.
// The rows above the first and below the last are the first and last rows (jdmainct.c context rows).

export interface Plane {
  data: Uint8Array;
  stride: number;
  /** Meaningful samples (libjpeg's downsampled_width / downsampled_height). */
  width: number;
  height: number;
}

/** Upsamples a plane by (hx, vx) to at least outW x outH. */
export function upsample(p: Plane, hx: number, vx: number, fancy: boolean, outW: number, outH: number): Plane {
  if (hx === 1 && vx === 1) return p;
  if (fancy && hx === 2 && vx === 1 && p.width > 2) return h2v1Fancy(p);
  if (fancy && hx === 1 && vx === 2) return h1v2Fancy(p);
  if (fancy && hx === 2 && vx === 2 && p.width > 2) return h2v2Fancy(p);
  const w = Math.max(outW, p.width * hx), h = Math.max(outH, p.height * vx);
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const src = Math.min(Math.floor(y / vx), p.height - 1) * p.stride;
    for (let x = 0; x < w; x++) out[y * w + x] = p.data[src + Math.min(Math.floor(x / hx), p.stride - 1)];
  }
  return { data: out, stride: w, width: w, height: h };
}

function h2v1Fancy(p: Plane): Plane {
  const n = p.width, w = n * 2;
  const out = new Uint8Array(w * p.height);
  for (let y = 0; y < p.height; y++) {
    fancyRow(p.data, y * p.stride, n, out, y * w);
  }
  return { data: out, stride: w, width: w, height: p.height };
}

function fancyRow(src: Uint8Array, s: number, n: number, out: Uint8Array, o: number): void {
  out[o] = src[s];
  out[o + 1] = (src[s] * 3 + src[s + 1] + 2) >> 2;
  for (let i = 1; i < n - 1; i++) {
    const v = src[s + i] * 3;
    out[o + 2 * i] = (v + src[s + i - 1] + 1) >> 2;
    out[o + 2 * i + 1] = (v + src[s + i + 1] + 2) >> 2;
  }
  out[o + 2 * n - 2] = (src[s + n - 1] * 3 + src[s + n - 2] + 1) >> 2;
  out[o + 2 * n - 1] = src[s + n - 1];
}

function h1v2Fancy(p: Plane): Plane {
  const w = p.width, h = p.height * 2;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < p.height; y++) {
    const cur = y * p.stride, above = Math.max(y - 1, 0) * p.stride, below = Math.min(y + 1, p.height - 1) * p.stride;
    for (let x = 0; x < w; x++) {
      const v = p.data[cur + x] * 3;
      out[2 * y * w + x] = (v + p.data[above + x] + 1) >> 2;
      out[(2 * y + 1) * w + x] = (v + p.data[below + x] + 2) >> 2;
    }
  }
  return { data: out, stride: w, width: w, height: h };
}

function h2v2Fancy(p: Plane): Plane {
  const n = p.width, w = n * 2, h = p.height * 2;
  const out = new Uint8Array(w * h);
  const sums = new Int32Array(n);
  for (let y = 0; y < p.height; y++) {
    const cur = y * p.stride;
    for (let dy = 0; dy < 2; dy++) {
      const oth = (dy === 0 ? Math.max(y - 1, 0) : Math.min(y + 1, p.height - 1)) * p.stride;
      for (let x = 0; x < n; x++) sums[x] = p.data[cur + x] * 3 + p.data[oth + x];
      const o = (2 * y + dy) * w;
      out[o] = (sums[0] * 4 + 8) >> 4;
      out[o + 1] = (sums[0] * 3 + sums[1] + 7) >> 4;
      for (let i = 1; i < n - 1; i++) {
        out[o + 2 * i] = (sums[i] * 3 + sums[i - 1] + 8) >> 4;
        out[o + 2 * i + 1] = (sums[i] * 3 + sums[i + 1] + 7) >> 4;
      }
      out[o + 2 * n - 2] = (sums[n - 1] * 3 + sums[n - 2] + 8) >> 4;
      out[o + 2 * n - 1] = (sums[n - 1] * 4 + 7) >> 4;
    }
  }
  return { data: out, stride: w, width: w, height: h };
}

// jdcolor.c build_ycc_rgb_table: SCALEBITS 16, FIX(x) = round(x * 2^16).
const FIX = (x: number) => Math.floor(x * 65536 + 0.5);
const HALF = 1 << 15;
const CR_R = new Int32Array(256), CB_B = new Int32Array(256), CR_G = new Int32Array(256), CB_G = new Int32Array(256);
for (let i = 0; i < 256; i++) {
  const x = i - 128;
  CR_R[i] = (FIX(1.402) * x + HALF) >> 16;
  CB_B[i] = (FIX(1.772) * x + HALF) >> 16;
  CR_G[i] = -FIX(0.71414) * x;
  CB_G[i] = -FIX(0.34414) * x + HALF;
}
const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v);

/** YCbCr → R, G, B (ycc_rgb_convert). */
export function yccToRgb(y: number, cb: number, cr: number, out: Uint8Array, o: number): void {
  out[o] = clamp(y + CR_R[cr]);
  out[o + 1] = clamp(y + ((CB_G[cb] + CR_G[cr]) >> 16));
  out[o + 2] = clamp(y + CB_B[cb]);
}

/** R, G, B → Y (rgb_gray_convert, jccolor.c weights). */
export function rgbToGray(r: number, g: number, b: number): number {
  return (FIX(0.299) * r + FIX(0.587) * g + FIX(0.114) * b + HALF) >> 16;
}
