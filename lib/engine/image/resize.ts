// TensorFlow's resize kernels in float32 arithmetic (Math.fround after every operation, as the C++ does):
// resize_bilinear_op.cc, resize_nearest_neighbor_op.cc, resize_area_op.cc, resize_bicubic_op.cc, with
// align_corners / half_pixel_centers. TensorFlow.js's own ResizeBilinear/NearestNeighbor compute the source
// coordinate in float64, which picks a different neighbour when TF's float32 coordinate lands on an integer
// (e.g. 12 → 9 nearest), so these replace them. Images are NHWC, values as numbers.
const f = Math.fround;

export interface ResizeArgs {
  input: ArrayLike<number>;
  batch: number;
  inH: number;
  inW: number;
  channels: number;
  outH: number;
  outW: number;
  alignCorners: boolean;
  halfPixelCenters: boolean;
}

/** CalculateResizeScale (image_resizer_state.h). */
function scaleOf(inSize: number, outSize: number, alignCorners: boolean): number {
  return alignCorners && outSize > 1 ? f((inSize - 1) / f(outSize - 1)) : f(inSize / f(outSize));
}

interface Interp { lower: Int32Array; upper: Int32Array; lerp: Float32Array }

function bilinearWeights(outSize: number, inSize: number, scale: number, halfPixel: boolean): Interp {
  const w = { lower: new Int32Array(outSize), upper: new Int32Array(outSize), lerp: new Float32Array(outSize) };
  for (let i = 0; i < outSize; i++) {
    const pos = halfPixel ? f(f(f(i + 0.5) * scale) - 0.5) : f(i * scale);
    const floor = Math.floor(pos);
    w.lower[i] = Math.max(floor, 0);
    w.upper[i] = Math.min(Math.ceil(pos), inSize - 1);
    w.lerp[i] = f(pos - floor);
  }
  return w;
}

export function resizeBilinear(a: ResizeArgs): Float32Array {
  const { input, channels: c, inW, inH } = a;
  const ys = bilinearWeights(a.outH, inH, scaleOf(inH, a.outH, a.alignCorners), a.halfPixelCenters);
  const xs = bilinearWeights(a.outW, inW, scaleOf(inW, a.outW, a.alignCorners), a.halfPixelCenters);
  const out = new Float32Array(a.batch * a.outH * a.outW * c);
  let o = 0;
  for (let b = 0; b < a.batch; b++) {
    for (let y = 0; y < a.outH; y++) {
      const top = (b * inH + ys.lower[y]) * inW, bottom = (b * inH + ys.upper[y]) * inW, yl = ys.lerp[y];
      for (let x = 0; x < a.outW; x++) {
        const l = xs.lower[x], r = xs.upper[x], xl = xs.lerp[x];
        for (let k = 0; k < c; k++) {
          const tl = f(input[(top + l) * c + k]), tr = f(input[(top + r) * c + k]);
          const bl = f(input[(bottom + l) * c + k]), br = f(input[(bottom + r) * c + k]);
          const t = f(tl + f(f(tr - tl) * xl));
          const bo = f(bl + f(f(br - bl) * xl));
          out[o++] = f(t + f(f(bo - t) * yl));
        }
      }
    }
  }
  return out;
}

function nearestIndex(i: number, scale: number, inSize: number, alignCorners: boolean, halfPixel: boolean): number {
  const pos = halfPixel ? f(f(i + 0.5) * scale) : f(i * scale);
  // roundf rounds half away from zero; positions are non-negative.
  const idx = Math.min(alignCorners ? Math.floor(pos + 0.5) : Math.floor(pos), inSize - 1);
  return halfPixel ? Math.max(0, idx) : idx;
}

/** Same element type in and out (uint8 stays uint8). */
export function resizeNearest(a: ResizeArgs): Float64Array {
  const { input, channels: c, inW, inH } = a;
  const sy = scaleOf(inH, a.outH, a.alignCorners), sx = scaleOf(inW, a.outW, a.alignCorners);
  const xs = Int32Array.from({ length: a.outW }, (_, x) => nearestIndex(x, sx, inW, a.alignCorners, a.halfPixelCenters));
  const out = new Float64Array(a.batch * a.outH * a.outW * c);
  let o = 0;
  for (let b = 0; b < a.batch; b++) {
    for (let y = 0; y < a.outH; y++) {
      const row = (b * inH + nearestIndex(y, sy, inH, a.alignCorners, a.halfPixelCenters)) * inW;
      for (let x = 0; x < a.outW; x++) for (let k = 0; k < c; k++) out[o++] = input[(row + xs[x]) * c + k];
    }
  }
  return out;
}

interface AreaCells { start: number; end: number; startScale: number; endScale: number }

function areaCells(outSize: number, scale: number): AreaCells[] {
  const cells: AreaCells[] = [];
  const part = (v: number, lo: number, hi: number) => f(v < lo ? (v + 1 > hi ? scale : f(v + 1 - lo)) : v + 1 > hi ? f(hi - v) : 1);
  for (let i = 0; i < outSize; i++) {
    const lo = f(i * scale), hi = f((i + 1) * scale);
    const start = Math.floor(lo), end = Math.ceil(hi);
    cells.push({ start, end, startScale: part(start, lo, hi), endScale: part(end - 1, lo, hi) });
  }
  return cells;
}

/** ResizeArea: box average over the covered cells (align_corners only changes the scale). */
export function resizeArea(a: ResizeArgs): Float32Array {
  const { input, channels: c, inW, inH } = a;
  const sy = scaleOf(inH, a.outH, a.alignCorners), sx = scaleOf(inW, a.outW, a.alignCorners);
  const scale = f(1 / f(sy * sx));
  const ys = areaCells(a.outH, sy), xs = areaCells(a.outW, sx);
  const bound = (v: number, n: number) => Math.min(Math.max(v, 0), n - 1);
  const out = new Float32Array(a.batch * a.outH * a.outW * c);
  let o = 0;
  for (let b = 0; b < a.batch; b++) {
    for (let y = 0; y < a.outH; y++) {
      const cy = ys[y];
      for (let x = 0; x < a.outW; x++) {
        const cx = xs[x];
        for (let k = 0; k < c; k++) {
          let sum = 0;
          for (let i = cy.start; i < cy.end; i++) {
            const wy = i === cy.start ? cy.startScale : i === cy.end - 1 ? cy.endScale : 1;
            const row = (b * inH + bound(i, inH)) * inW;
            let sumY = 0;
            for (let j = cx.start; j < cx.end; j++) {
              const v = f(input[(row + bound(j, inW)) * c + k]);
              const wx = j === cx.start ? cx.startScale : j === cx.end - 1 ? cx.endScale : 1;
              sumY = f(sumY + f(v * wx));
            }
            sum = f(sum + f(sumY * wy));
          }
          out[o++] = f(sum * scale);
        }
      }
    }
  }
  return out;
}

// resize_bicubic_op.cc: a 1024-entry table of Keys' cubic coefficients (computed in double, stored as float), A = -0.5 with half-pixel centres
// (the weights of taps outside the image are dropped and the rest renormalised), -0.75 otherwise.
const TABLE_SIZE = 1024;
const tables = new Map<number, Float32Array>();
function coeffTable(A: number): Float32Array {
  let t = tables.get(A);
  if (!t) {
    t = new Float32Array((TABLE_SIZE + 1) * 2);
    for (let i = 0; i <= TABLE_SIZE; i++) {
      const x = i / TABLE_SIZE;
      t[i * 2] = ((A + 2) * x - (A + 3)) * x * x + 1;
      const x1 = x + 1;
      t[i * 2 + 1] = ((A * x1 - 5 * A) * x1 + 8 * A) * x1 - 4 * A;
    }
    tables.set(A, t);
  }
  return t;
}

interface Taps { index: Int32Array; weight: Float32Array }

/** lrintf under the default rounding mode: to nearest, ties to even. */
function rint(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function bicubicTaps(outSize: number, inSize: number, scale: number, halfPixel: boolean): Taps[] {
  const table = coeffTable(halfPixel ? -0.5 : -0.75);
  const taps: Taps[] = [];
  for (let i = 0; i < outSize; i++) {
    const pos = halfPixel ? f(f(f(i + 0.5) * scale) - 0.5) : f(i * scale);
    const loc = Math.floor(pos);
    const offset = rint(f(f(pos - loc) * TABLE_SIZE));
    const w = new Float32Array([table[offset * 2 + 1], table[offset * 2], table[(TABLE_SIZE - offset) * 2], table[(TABLE_SIZE - offset) * 2 + 1]]);
    const idx = Int32Array.from([loc - 1, loc, loc + 1, loc + 2], (v) => Math.min(Math.max(v, 0), inSize - 1));
    if (halfPixel) {
      // Taps outside the image weigh 0 and the rest are renormalised (GetWeightsAndIndices, use_keys_cubic).
      for (let k = 0; k < 4; k++) if (idx[k] !== loc - 1 + k) w[k] = 0;
      const sum = f(f(f(w[0] + w[1]) + w[2]) + w[3]);
      if (Math.abs(sum) >= 1000 * 1.1754943508222875e-38) {
        const inv = f(1 / sum);
        for (let k = 0; k < 4; k++) w[k] = f(w[k] * inv);
      }
    }
    taps.push({ index: idx, weight: w });
  }
  return taps;
}

/** Interpolates vertically at each of the four x taps, then horizontally (interpolate_with_caching). */
export function resizeBicubic(a: ResizeArgs): Float32Array {
  const { input, channels: c, inW, inH } = a;
  const ys = bicubicTaps(a.outH, inH, scaleOf(inH, a.outH, a.alignCorners), a.halfPixelCenters);
  const xs = bicubicTaps(a.outW, inW, scaleOf(inW, a.outW, a.alignCorners), a.halfPixelCenters);
  const out = new Float32Array(a.batch * a.outH * a.outW * c);
  const cubic = (w: Float32Array, v0: number, v1: number, v2: number, v3: number) => f(f(f(f(v0 * w[0]) + f(v1 * w[1])) + f(v2 * w[2])) + f(v3 * w[3]));
  let o = 0;
  for (let b = 0; b < a.batch; b++) {
    for (let y = 0; y < a.outH; y++) {
      const ty = ys[y];
      const rows = Array.from(ty.index, (r) => (b * inH + r) * inW);
      for (let x = 0; x < a.outW; x++) {
        const tx = xs[x];
        for (let k = 0; k < c; k++) {
          const column = (j: number) => {
            const at = (r: number) => f(input[(rows[r] + tx.index[j]) * c + k]);
            return cubic(ty.weight, at(0), at(1), at(2), at(3));
          };
          out[o++] = cubic(tx.weight, column(0), column(1), column(2), column(3));
        }
      }
    }
  }
  return out;
}
