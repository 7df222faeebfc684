// TensorFlow's ImageProjectiveTransformV3 (tensorflow/core/kernels/image/image_ops.h, ProjectiveGenerator and
// MapCoordinate, after scipy's ni_interpolation.c) in float32 arithmetic. For output pixel (x, y) and transform
// [a0 a1 a2 b0 b1 b2 c0 c1]: k = c0·x + c1·y + 1 (0 gives fill_value); input point ((a0·x + a1·y + a2) / k,
// (b0·x + b1·y + b2) / k), mapped by fill_mode (REFLECT dcba|abcd|dcba, WRAP abcd|abcd, NEAREST clamp, CONSTANT
// as is), then NEAREST (std::round) or BILINEAR, where a tap outside the image reads fill_value (TF 2.21 has no
// whole-point bounds check: a CONSTANT-mode point at x = -0.4 rounds to column 0).
// TensorFlow.js's Transform differs on cpu (no fill_value, float64) and in REFLECT on wasm (op sweep).
const f = Math.fround;

export type FillMode = 'REFLECT' | 'WRAP' | 'CONSTANT' | 'NEAREST';

export interface TransformArgs {
  image: ArrayLike<number>;
  batch: number;
  height: number;
  width: number;
  depth: number;
  /** [1 or batch, 8] */
  transforms: ArrayLike<number>;
  perImage: boolean;
  outH: number;
  outW: number;
  bilinear: boolean;
  fillMode: FillMode;
  fill: number;
}

const clamp = (v: number, len: number) => Math.min(Math.max(v, 0), len - 1);

/** MapCoordinate: the C++ mixes float coordinates with int64 (DenseIndex) multiples of the length. */
function mapCoordinate(c: number, len: number, mode: FillMode): number {
  if (mode === 'CONSTANT') return c;
  if (mode === 'NEAREST') return clamp(c, len);
  let v = c;
  if (mode === 'REFLECT') {
    const sz2 = 2 * len;
    if (v < 0) {
      if (len <= 1) v = 0;
      else {
        if (v < sz2) v = f(sz2 * Math.trunc(f(-v / sz2)) + v);
        v = v < -len ? f(v + sz2) : f(-v - 1);
      }
    } else if (v > len - 1) {
      if (len <= 1) v = 0;
      else {
        v = f(v - sz2 * Math.trunc(f(v / sz2)));
        if (v >= len) v = f(sz2 - v - 1);
      }
    }
  } else if (v < 0) {
    v = len <= 1 ? 0 : f(v + len * (Math.trunc(f(-v / (len - 1))) + 1));
  } else if (v > len - 1) {
    v = len <= 1 ? 0 : f(v - len * Math.trunc(f(v / (len - 1))));
  }
  return clamp(v, len);
}

/** std::round: half away from zero. */
const roundAway = (v: number) => Math.sign(v) * Math.floor(Math.abs(v) + 0.5);

/** Output values as float32 numbers (the caller converts to the image dtype as static_cast<T> does). */
export function projectiveTransform(a: TransformArgs): Float32Array {
  const { image, height: H, width: W, depth: D, fill } = a;
  const out = new Float32Array(a.batch * a.outH * a.outW * D);
  const read = (b: number, y: number, x: number, d: number) => (y >= 0 && y < H && x >= 0 && x < W ? f(image[((b * H + y) * W + x) * D + d]) : fill);
  let o = 0;
  for (let b = 0; b < a.batch; b++) {
    const t = Array.from({ length: 8 }, (_, k) => f(a.transforms[(a.perImage ? b * 8 : 0) + k]));
    for (let oy = 0; oy < a.outH; oy++) {
      for (let ox = 0; ox < a.outW; ox++) {
        const k = f(f(f(t[6] * ox) + f(t[7] * oy)) + 1);
        const inX = f(f(f(f(t[0] * ox) + f(t[1] * oy)) + t[2]) / k);
        const inY = f(f(f(f(t[3] * ox) + f(t[4] * oy)) + t[5]) / k);
        const x = mapCoordinate(inX, W, a.fillMode);
        const y = mapCoordinate(inY, H, a.fillMode);
        if (k === 0) {
          for (let d = 0; d < D; d++) out[o++] = fill;
          continue;
        }
        if (!a.bilinear) {
          const ry = roundAway(y), rx = roundAway(x);
          for (let d = 0; d < D; d++) out[o++] = read(b, ry, rx, d);
          continue;
        }
        const y0 = Math.floor(y), x0 = Math.floor(x), y1 = y0 + 1, x1 = x0 + 1;
        const wx0 = f(x1 - x), wx1 = f(x - x0), wy0 = f(y1 - y), wy1 = f(y - y0);
        for (let d = 0; d < D; d++) {
          const top = f(f(wx0 * read(b, y0, x0, d)) + f(wx1 * read(b, y0, x1, d)));
          const bottom = f(f(wx0 * read(b, y1, x0, d)) + f(wx1 * read(b, y1, x1, d)));
          out[o++] = f(f(wy0 * top) + f(wy1 * bottom));
        }
      }
    }
  }
  return out;
}
