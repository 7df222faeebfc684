// Exact element-wise kernels on int64 / uint64 / float64 values, with TF's semantics: integer results wrap
// modulo 2^64 as TF's do (two's complement, tensorflow/core/kernels/cwise_ops.h), integer division by zero
// is INVALID_ARGUMENT "Integer division by zero", FloorMod/FloorDiv round toward -inf (the remainder has
// the sign of the divisor), Mod/TruncateMod toward zero. float64 uses IEEE double arithmetic, never float32.
import { ServingError } from '../../errors/index.ts';
import { broadcastIndex, broadcastShape, boolTensor, kindOf, type WideKernel, type WideNode } from './int64-kernel.ts';
import { makeWide, readWideAs, type WideKind, type WideValues } from './int64-tensors.ts';

type IntFn = (a: bigint, b: bigint) => bigint;
type FloatFn = (a: number, b: number) => number;

const divByZero = () => new ServingError('INVALID_ARGUMENT', 'Integer division by zero');

function checked(f: IntFn): IntFn {
  return (a, b) => {
    if (b === 0n) throw divByZero();
    return f(a, b);
  };
}

const floorDiv: IntFn = (a, b) => {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
};
const floorMod: IntFn = (a, b) => {
  const r = a % b;
  return r !== 0n && r < 0n !== b < 0n ? r + b : r;
};
/** Eigen's max/min with NaN propagation (scalar_max_op<PropagateNaN>). */
const fmax: FloatFn = (a, b) => (a !== a ? a : b !== b ? b : a < b ? b : a);
const fmin: FloatFn = (a, b) => (a !== a ? a : b !== b ? b : b < a ? b : a);

/** Integer and float definitions of each binary op (undefined: not defined for that kind in TF). */
const BINARY: Record<string, { int?: IntFn; float?: FloatFn }> = {
  Add: { int: (a, b) => a + b, float: (a, b) => a + b },
  AddV2: { int: (a, b) => a + b, float: (a, b) => a + b },
  Sub: { int: (a, b) => a - b, float: (a, b) => a - b },
  Mul: { int: (a, b) => a * b, float: (a, b) => a * b },
  Div: { int: checked((a, b) => a / b), float: (a, b) => a / b },
  RealDiv: { float: (a, b) => a / b },
  TruncateDiv: { int: checked((a, b) => a / b) },
  FloorDiv: { int: checked(floorDiv), float: (a, b) => Math.floor(a / b) },
  FloorMod: {
    int: checked(floorMod),
    float: (a, b) => {
      const r = a % b;
      return r !== 0 && r < 0 !== b < 0 ? r + b : r;
    },
  },
  Mod: { int: checked((a, b) => a % b), float: (a, b) => a % b },
  TruncateMod: { int: checked((a, b) => a % b), float: (a, b) => a % b },
  Maximum: { int: (a, b) => (a < b ? b : a), float: fmax },
  Minimum: { int: (a, b) => (b < a ? b : a), float: fmin },
  SquaredDifference: { int: (a, b) => (a - b) * (a - b), float: (a, b) => (a - b) * (a - b) },
  BitwiseAnd: { int: (a, b) => a & b },
  BitwiseOr: { int: (a, b) => a | b },
  BitwiseXor: { int: (a, b) => a ^ b },
};

const COMPARE: Record<string, (a: number | bigint, b: number | bigint) => boolean> = {
  Equal: (a, b) => a === b,
  NotEqual: (a, b) => a !== b,
  Greater: (a, b) => a > b,
  GreaterEqual: (a, b) => a >= b,
  Less: (a, b) => a < b,
  LessEqual: (a, b) => a <= b,
};

/** Banker's rounding, as TF's Round (Eigen scalar_round_half_to_even_op). */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const UNARY: Record<string, { int?: (a: bigint) => bigint; float?: (a: number) => number; bool?: (a: number) => boolean }> = {
  Neg: { int: (a) => -a, float: (a) => -a },
  Abs: { int: (a) => (a < 0n ? -a : a), float: Math.abs },
  Sign: { int: (a) => (a > 0n ? 1n : a < 0n ? -1n : 0n), float: (a) => (a !== a ? a : a > 0 ? 1 : a < 0 ? -1 : 0) },
  Square: { int: (a) => a * a, float: (a) => a * a },
  Relu: { int: (a) => (a > 0n ? a : 0n), float: (a) => (a < 0 ? 0 : a) },
  ZerosLike: { int: () => 0n, float: () => 0 },
  OnesLike: { int: () => 1n, float: () => 1 },
  Sqrt: { float: Math.sqrt },
  Reciprocal: { float: (a) => 1 / a },
  Floor: { float: Math.floor },
  Ceil: { float: Math.ceil },
  Round: { int: (a) => a, float: roundHalfEven },
  Rint: { float: roundHalfEven },
  IsNan: { bool: (a) => a !== a },
  IsInf: { bool: (a) => a === Infinity || a === -Infinity },
  IsFinite: { bool: (a) => Number.isFinite(a) },
};

function wrapperOf(kind: WideKind): (v: bigint) => bigint {
  return kind === 'int64' ? (v) => BigInt.asIntN(64, v) : (v) => BigInt.asUintN(64, v);
}

function emptyLike(kind: WideKind, n: number): WideValues {
  return kind === 'int64' ? new BigInt64Array(n) : kind === 'uint64' ? new BigUint64Array(n) : new Float64Array(n);
}

/** Both operands of a binary node, read as `kind`, with the index of each output element in each. */
function broadcastOperands(n: WideNode) {
  const kind = kindOf(n, n.inTypes[0]);
  const [x, y] = n.inputs;
  const shape = broadcastShape(x.shape, y.shape);
  return { kind, shape, a: readWideAs(x, kind), b: readWideAs(y, kind), ia: broadcastIndex(x.shape, shape), ib: broadcastIndex(y.shape, shape) };
}

function binaryKernel(op: string): WideKernel {
  return (n: WideNode) => {
    const { kind, shape, a, b, ia, ib } = broadcastOperands(n);
    const out = emptyLike(kind, ia.length);
    const def = BINARY[op];
    if (kind === 'float64') {
      const f = def.float!;
      for (let i = 0; i < out.length; i++) out[i] = f(a[ia[i]] as number, b[ib[i]] as number);
    } else {
      const f = def.int!;
      const wrap = wrapperOf(kind);
      for (let i = 0; i < out.length; i++) out[i] = wrap(f(a[ia[i]] as bigint, b[ib[i]] as bigint));
    }
    return makeWide(out, shape);
  };
}

function compareKernel(op: string): WideKernel {
  return (n: WideNode) => {
    const { shape, a, b, ia, ib } = broadcastOperands(n);
    const out = new Uint8Array(ia.length);
    const f = COMPARE[op];
    for (let i = 0; i < out.length; i++) out[i] = f(a[ia[i]], b[ib[i]]) ? 1 : 0;
    return boolTensor(out, shape);
  };
}

function unaryKernel(op: string): WideKernel {
  return (n: WideNode) => {
    const kind = kindOf(n, n.inTypes[0]);
    const x = n.inputs[0];
    const a = readWideAs(x, kind);
    const def = UNARY[op];
    if (def.bool) {
      const out = new Uint8Array(a.length);
      for (let i = 0; i < a.length; i++) out[i] = def.bool(a[i] as number) ? 1 : 0;
      return boolTensor(out, x.shape);
    }
    const out = emptyLike(kind, a.length);
    if (kind === 'float64') for (let i = 0; i < a.length; i++) out[i] = def.float!(a[i] as number);
    else {
      const wrap = wrapperOf(kind);
      for (let i = 0; i < a.length; i++) out[i] = wrap(def.int!(a[i] as bigint));
    }
    return makeWide(out, x.shape);
  };
}

/** AddN: left-to-right sum of N same-shape tensors. */
const addN: WideKernel = (n) => {
  const kind = kindOf(n, n.inTypes[0]);
  const arrays = n.inputs.map((t) => readWideAs(t, kind));
  const out = emptyLike(kind, arrays[0].length);
  const wrap = wrapperOf(kind);
  for (let i = 0; i < out.length; i++) {
    if (kind === 'float64') {
      let s = 0;
      for (const a of arrays) s += a[i] as number;
      out[i] = s;
    } else {
      let s = 0n;
      for (const a of arrays) s += a[i] as bigint;
      out[i] = wrap(s);
    }
  }
  return makeWide(out, n.inputs[0].shape);
};

/** Which dtype kinds each element-wise op is defined for (the dtype pass refuses the rest at load). */
export function mathSupports(op: string, kind: WideKind): boolean {
  if (COMPARE[op]) return true;
  if (op === 'AddN') return true;
  const def = BINARY[op] ?? UNARY[op];
  if (!def) return false;
  if (kind === 'float64') return 'float' in def || 'bool' in def;
  return 'int' in def;
}

export const WIDE_MATH_KERNELS: Record<string, WideKernel> = {
  ...Object.fromEntries(Object.keys(BINARY).map((op) => [op, binaryKernel(op)])),
  ...Object.fromEntries(Object.keys(COMPARE).map((op) => [op, compareKernel(op)])),
  ...Object.fromEntries(Object.keys(UNARY).map((op) => [op, unaryKernel(op)])),
  AddN: addN,
};
