// TensorFlow's CropAndResize CPU kernel in float32 arithmetic (tensorflow/core/kernels/image/
// crop_and_resize_op.cc, CropAndResize<CPUDevice>): per box, sample points y1·(H-1) + y·(y2-y1)·(H-1)/(crop_h-1)
// (the box centre when crop_h is 1), extrapolation_value outside [0, H-1], bilinear (floor / ceil neighbours,
// lerp across then down) or nearest (roundf, half away from zero). Boxes may be flipped or leave [0, 1].
// TensorFlow.js's kernel computes the coordinates in float64 on cpu, which moves values by ulps and, for
// nearest, picks another pixel where TF's float32 coordinate rounds differently (op sweep).
const f = Math.fround;

export interface CropArgs {
  image: ArrayLike<number>;
  batch: number;
  height: number;
  width: number;
  depth: number;
  /** [n, 4] y1, x1, y2, x2 */
  boxes: ArrayLike<number>;
  boxIndex: ArrayLike<number>;
  cropH: number;
  cropW: number;
  nearest: boolean;
  extrapolation: number;
}

/** roundf: half away from zero. */
const roundf = (v: number) => Math.sign(v) * Math.floor(Math.abs(v) + 0.5);

/** The sample coordinates of one box side (in image pixels), float32 as the C++ computes them. */
function coords(lo: number, hi: number, size: number, crop: number): Float32Array {
  const out = new Float32Array(crop);
  if (crop === 1) {
    // 0.5 * (lo + hi) * (size - 1) is evaluated in double (0.5 is a double literal), then stored as float
    out[0] = f(0.5 * f(lo + hi) * (size - 1));
    return out;
  }
  const scale = f(f(f(hi - lo) * (size - 1)) / (crop - 1));
  for (let i = 0; i < crop; i++) out[i] = f(f(lo * (size - 1)) + f(i * scale));
  return out;
}

export function cropAndResize(a: CropArgs): Float32Array {
  const { image, height: H, width: W, depth: D } = a;
  const n = a.boxIndex.length;
  const out = new Float32Array(n * a.cropH * a.cropW * D);
  const extra = f(a.extrapolation);
  let o = 0;
  for (let b = 0; b < n; b++) {
    const [y1, x1, y2, x2] = [0, 1, 2, 3].map((k) => f(a.boxes[b * 4 + k]));
    const ys = coords(y1, y2, H, a.cropH);
    const xs = coords(x1, x2, W, a.cropW);
    const base = a.boxIndex[b] * H;
    const at = (y: number, x: number, d: number) => f(image[((base + y) * W + x) * D + d]);
    for (let y = 0; y < a.cropH; y++) {
      const inY = ys[y];
      const top = Math.floor(inY), bottom = Math.ceil(inY), yLerp = f(inY - top);
      for (let x = 0; x < a.cropW; x++) {
        const inX = xs[x];
        if (inY < 0 || inY > H - 1 || inX < 0 || inX > W - 1) {
          for (let d = 0; d < D; d++) out[o++] = extra;
          continue;
        }
        if (a.nearest) {
          const cy = roundf(inY), cx = roundf(inX);
          for (let d = 0; d < D; d++) out[o++] = at(cy, cx, d);
          continue;
        }
        const left = Math.floor(inX), right = Math.ceil(inX), xLerp = f(inX - left);
        for (let d = 0; d < D; d++) {
          const tl = at(top, left, d), tr = at(top, right, d), bl = at(bottom, left, d), br = at(bottom, right, d);
          const t = f(tl + f(f(tr - tl) * xLerp));
          const bo = f(bl + f(f(br - bl) * xLerp));
          out[o++] = f(t + f(f(bo - t) * yLerp));
        }
      }
    }
  }
  return out;
}
