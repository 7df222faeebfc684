// Elementwise ops that TensorFlow.js computes differently from TensorFlow, computed on the host instead
// (found by the op sweep, scripts/generate_op_sweep.py, against TF 2.21). The load-time pass
// `routeExactArith` renames exactly the affected nodes to `TfsExact>` + op; every other node keeps tfjs's kernel.
// - int32 (and the narrow ints carried as int32): tfjs divides through float32 (wasm) or floors (Div is
//   TF's truncating division), squares and negates through float32 (|x| > 2^24 loses bits), multiplies in
//   doubles on cpu (products beyond 2^53 lose the low bits TF keeps when it wraps), and answers integer
//   division by zero where TF fails ("Integer division by zero", cwise_ops.h safe_div_or_mod_op).
// - float32: tfjs's Mod is a floor modulo (TF's Mod is C fmod), FloorMod/FloorDiv differ at zeros,
//   infinities and NaN; Sign(NaN) is 0 (TF: NaN); wasm Maximum/Minimum drop NaN (TF propagates it: those
//   stay tfjs kernels, with NaN put back on wasm).
// - ClipByValue (every dtype): tfjs reads only the first element of the bounds and wasm clips int32 as
//   floats; TF is in.cwiseMin(max).cwiseMax(min) elementwise with broadcasting (clip_op.cc).
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import type { NodeDefMessage } from '../../savedmodel/index.ts';
import { broadcastIndex, broadcastShape } from './int64-kernel.ts';
import { floatToInt32 } from './narrow-int.ts';
import { boolAttr } from './raw-attrs.ts';
import type { OpTable } from './index.ts';

export const EXACT_PREFIX = 'TfsExact>';
type Scalar2 = (a: number, b: number) => number;

const zeroDivisor = () => new ServingError('INVALID_ARGUMENT', 'Integer division by zero');
const nonZero = (b: number) => {
  if (b === 0) throw zeroDivisor();
  return b;
};

/** Integer power by squaring, wrapping mod 2^32 as TF's int32 pow; TF refuses negative exponents. */
function intPow(a: number, b: number): number {
  if (b < 0) throw new ServingError('INVALID_ARGUMENT', 'Integers to negative integer powers are not allowed');
  let r = 1;
  let base = a;
  for (let e = b; e > 0; e >>>= 1) {
    if (e & 1) r = Math.imul(r, base);
    base = Math.imul(base, base);
  }
  return r;
}

/** TF's floor modulo: fmod, moved into the divisor's sign (google_floor_fmod / google_floor_mod). */
const floorMod: Scalar2 = (a, b) => {
  const m = a % b;
  return m !== 0 && b < 0 !== m < 0 ? m + b : m;
};

const INT: Record<string, Scalar2> = {
  Div: (a, b) => Math.trunc(a / nonZero(b)) | 0,
  TruncateDiv: (a, b) => Math.trunc(a / nonZero(b)) | 0,
  FloorDiv: (a, b) => Math.floor(a / nonZero(b)) | 0,
  FloorMod: (a, b) => floorMod(a, nonZero(b)) | 0,
  Mod: (a, b) => (a % nonZero(b)) | 0,
  TruncateMod: (a, b) => (a % nonZero(b)) | 0,
  Pow: intPow,
  Mul: Math.imul,
  SquaredDifference: (a, b) => Math.imul((a - b) | 0, (a - b) | 0),
};

const FLOAT: Record<string, Scalar2> = {
  FloorDiv: (a, b) => Math.floor(Math.fround(a / b)),
  FloorMod: floorMod,
  Mod: (a, b) => a % b,
  TruncateMod: (a, b) => a % b,
};

/** Float Maximum / Minimum propagating NaN: tfjs's kernel where no input is NaN (cpu's already does). */
const nanPropagating = (f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor) => (node: GraphNode): tf.Tensor => {
  const [a, b] = node.inputs;
  if (a.dtype !== 'float32' || tf.getBackend() !== 'wasm') return f(a, b);
  return tf.tidy(() => {
    const r = f(a, b);
    const nan = tf.logicalOr(tf.broadcastTo(tf.isNaN(a), r.shape), tf.broadcastTo(tf.isNaN(b), r.shape));
    return tf.where(nan, tf.fill(r.shape, NaN), r);
  });
};

/** Applies `f` elementwise over broadcast inputs, into the dtype of the first input. */
function elementwise(inputs: tf.Tensor[], f: (...v: number[]) => number): tf.Tensor {
  const out = inputs.map((t) => t.shape).reduce((a, b) => broadcastShape(a, b));
  const idx = inputs.map((t) => broadcastIndex(t.shape, out));
  const vals = inputs.map((t) => t.dataSync() as ArrayLike<number>);
  const res = inputs[0].dtype === 'int32' ? new Int32Array(idx[0].length) : new Float32Array(idx[0].length);
  const args = new Array<number>(inputs.length);
  for (let i = 0; i < res.length; i++) {
    for (let k = 0; k < inputs.length; k++) args[k] = vals[k][idx[k][i]];
    res[i] = f(...args);
  }
  return tf.tensor(res, out, inputs[0].dtype);
}

/**
 * MatMul: int32 wrapping mod 2^32 as TF (tfjs-wasm has no int32 matmul; cpu multiplies in doubles); float32
 * by tfjs, except an empty inner dimension (wasm answers uninitialised memory; TF zeros).
 */
function matMul(node: GraphNode): tf.Tensor {
  const [a, b] = node.inputs;
  const [ta, tb] = [boolAttr(node, 'transpose_a', false), boolAttr(node, 'transpose_b', false)];
  if (a.dtype === 'float32' && (a.shape[ta ? 0 : 1] !== 0 || b.shape[tb ? 1 : 0] !== 0)) return tf.matMul(a, b, ta, tb);
  const [r0, c0] = a.shape as [number, number];
  const [r1, c1] = b.shape as [number, number];
  const [m, k] = ta ? [c0, r0] : [r0, c0];
  const [k2, n] = tb ? [c1, r1] : [r1, c1];
  if (k !== k2) throw new ServingError('INVALID_ARGUMENT', `Matrix size-incompatible: In[0]: [${a.shape}], In[1]: [${b.shape}]`);
  const [av, bv] = [a.dataSync() as ArrayLike<number>, b.dataSync() as ArrayLike<number>];
  const out = a.dtype === 'int32' ? new Int32Array(m * n) : new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let p = 0; p < k; p++) acc = (acc + Math.imul(av[ta ? p * m + i : i * k + p], bv[tb ? j * k + p : p * n + j])) | 0;
      out[i * n + j] = acc;
    }
  }
  return tf.tensor(out, [m, n], a.dtype);
}

const binary = (op: string) => (node: GraphNode): tf.Tensor => {
  const f = node.inputs[0].dtype === 'int32' ? INT[op] : FLOAT[op];
  return elementwise(node.inputs.slice(0, 2), f);
};

const unary = (f: (v: number) => number) => (node: GraphNode): tf.Tensor => elementwise([node.inputs[0]], f);

/** clip_op.cc: in.cwiseMin(max).cwiseMax(min) (std::min / std::max: a NaN input stays NaN, NaN bounds do nothing). */
const clip = (x: number, lo: number, hi: number) => {
  const m = hi < x ? hi : x;
  return m < lo ? lo : m;
};

export const EXACT_ARITH_OPS: OpTable = {
  ...Object.fromEntries([...new Set([...Object.keys(INT), ...Object.keys(FLOAT)])].map((op) => [EXACT_PREFIX + op, binary(op)])),
  [`${EXACT_PREFIX}Maximum`]: nanPropagating(tf.maximum),
  [`${EXACT_PREFIX}Minimum`]: nanPropagating(tf.minimum),
  [`${EXACT_PREFIX}MatMul`]: matMul,
  [`${EXACT_PREFIX}Abs`]: unary((v) => (v < 0 ? -v | 0 : v)),
  [`${EXACT_PREFIX}Neg`]: unary((v) => -v | 0),
  [`${EXACT_PREFIX}Sign`]: unary((v) => (Number.isNaN(v) ? NaN : Math.sign(v) + 0)),
  [`${EXACT_PREFIX}ClipByValue`]: (node: GraphNode) => elementwise(node.inputs.slice(0, 3), clip),
  // Cast float → int32 as TF's CPU cast (NaN, ±inf, out of range → -2^31); any → bool is x != 0 (NaN → true):
  // tfjs rounds NaN to 0, and wasm's bool cast keeps 2 as 2 and 0.5 as 0.
  [`${EXACT_PREFIX}CastToInt32`]: (node: GraphNode) => tf.tensor(Int32Array.from(node.inputs[0].dataSync(), floatToInt32), node.inputs[0].shape, 'int32'),
  [`${EXACT_PREFIX}CastToBool`]: (node: GraphNode) => tf.tensor(Uint8Array.from(node.inputs[0].dataSync(), (v) => (v !== 0 ? 1 : 0)), node.inputs[0].shape, 'bool'),
};

const DT_FLOAT = 1;
const DT_INT32 = 3;
const DT_BOOL = 10;
const DT_HALF = 19;
const DT_BFLOAT16 = 14;
/** int32 and the narrow ints carried as int32 (int8, uint8, int16, uint16). */
const INT32_CARRIED = new Set([3, 4, 5, 6, 17]);
const FLOAT32_CARRIED = new Set([DT_FLOAT, DT_HALF, DT_BFLOAT16]);
/** Also Cumsum / Cumprod (exact-scan.ts) and the guarded tfjs kernels (guarded-kernels.ts). */
const GUARDED = ['Cumsum', 'Cumprod', 'ArgMax', 'ArgMin', 'TopKV2'];
/** Guarded for every dtype they reach here with (strings are refused or moved before). */
const BY_NAME = new Set(['GatherNd', 'ScatterNd', 'Range']);
const INT_ROUTED = new Set([...Object.keys(INT), 'Abs', 'Neg', 'ClipByValue', 'MatMul', 'Pad', 'PadV2', ...GUARDED]);
const FLOAT_ROUTED = new Set([...Object.keys(FLOAT), 'MatMul', 'Pad', 'PadV2', 'Maximum', 'Minimum', 'Sign', 'ClipByValue', ...GUARDED, 'Softmax', 'LogSoftmax', 'EuclideanNorm']);

/**
 * Renames the nodes tfjs would compute differently to their exact kernels (after the dtype pass: a node it
 * left alone has an int32-carried or float32-carried T). Also over While / If bodies.
 */
export function routeExactArith(nodes: NodeDefMessage[]): void {
  for (const n of nodes) {
    if (n.op === 'Cast') {
      // bfloat16 travels as float32 (the dtype pass rounds after the Cast); tfjs-converter maps DT_BFLOAT16 to
      // no dtype, and wasm's Cast then fails "Failed to cast to unknown dtype null".
      for (const a of ['SrcT', 'DstT']) if (n.attr?.[a]?.type === DT_BFLOAT16) n.attr[a] = { type: DT_FLOAT };
      const [src, dst] = [n.attr?.SrcT?.type ?? 0, n.attr?.DstT?.type];
      // a Cast to its own dtype (the dtype pass leaves narrow → same narrow as it is; tfjs knows no int16)
      if (src === dst) n.op = 'Identity';
      if (dst === DT_BOOL && (INT32_CARRIED.has(src) || FLOAT32_CARRIED.has(src))) n.op = `${EXACT_PREFIX}CastToBool`;
      if (dst === DT_INT32 && FLOAT32_CARRIED.has(src)) n.op = `${EXACT_PREFIX}CastToInt32`;
      continue;
    }
    if (BY_NAME.has(n.op)) {
      n.op = EXACT_PREFIX + n.op;
      continue;
    }
    const t = n.attr?.T?.type;
    if (t === undefined) continue;
    if ((INT32_CARRIED.has(t) && INT_ROUTED.has(n.op)) || (FLOAT32_CARRIED.has(t) && FLOAT_ROUTED.has(n.op))) n.op = EXACT_PREFIX + n.op;
  }
}
