// Runs one op-sweep case (test/fixtures/op-sweep/<group>.json, made by scripts/generate_op_sweep.py with
// TensorFlow 2.21) through the portable engine: the case's one-op graph becomes a SavedModel, its feeds are
// fed, and every output is compared with TensorFlow's. The verdict is
//   pass    — same dtypes, shapes and values (tolerances below), or TF failed and the engine failed too;
//             for a random op (case `random`): same dtypes and shapes, samples within the case's bounds;
//   refused — the load refused the graph (UNIMPLEMENTED naming op and node), wasm refused an input of
//             rank > 6 (its deliberate limit, DESIGN.md "The engine contract"), or a float → 64-bit integer
//             Cast met NaN / ±inf / a value out of range (C++-undefined in TF: the engine fails the request
//             rather than copy x86's answer, ops/int64-cast.ts);
//   error   — the request failed with a clear INVALID_ARGUMENT where TF answers (no value given: listed, allowed);
//   fail    — anything else: a wrong value, an answer where TF fails, a crash (not a ServingError).
// Used by op-sweep-{wasm,cpu}.test.ts and by scripts/op-sweep-coverage.ts (docs/op-sweep.md).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BackendName } from '../../../lib/engine/portable/backend.ts';
import { PortableServable } from '../../../lib/engine/portable/portable-servable.ts';
import { isServingError } from '../../../lib/errors/index.ts';
import { bfloat16ToNumber, type DType, halfToNumber, type HostTensor } from '../../../lib/tensor/index.ts';
import { tinyModel } from '../../helpers/tiny-graph-model.ts';

type Value = number | string;
interface Encoded { dtype: DType; shape: number[]; values: Value[] }
interface SweepNode { name: string; op: string; input?: string[]; attr: Record<string, string> }
export interface SweepCase {
  op: string;
  note: string;
  nodes: SweepNode[];
  feeds: Record<string, Encoded>;
  outputs: DType[];
  expected?: Encoded[];
  error?: string;
  /** [atol, rtol] for float outputs, where the generator states one */
  tol?: [number, number];
  /** tensors fetched instead of the op's outputs: a complex output comes back as its Real and Imag nodes */
  fetch?: string[];
  /** a random op: expected values are [], every sample must lie in [min, max] and its mean / std in range */
  random?: RandomBounds;
}
interface RandomBounds { min?: number; max?: number; mean?: [number, number]; std?: [number, number] }
export interface Verdict { kind: 'pass' | 'refused' | 'error' | 'fail'; detail: string }

export const SWEEP_DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'op-sweep');

/** Every group's cases, by group name (file name without .json). */
export function loadSweep(): Map<string, SweepCase[]> {
  const groups = new Map<string, SweepCase[]>();
  for (const f of readdirSync(SWEEP_DIR).filter((n) => n.endsWith('.json')).sort()) {
    groups.set(f.slice(0, -5), JSON.parse(readFileSync(join(SWEEP_DIR, f), 'utf8')).cases);
  }
  return groups;
}

/**
 * Float tolerance when the case states none: float32 kernels (add, mul, div, compares, moves) are IEEE
 * operations and must agree within 1 ulp (rtol 2^-23); float64 results exactly enough for 1 ulp of double.
 */
const DEFAULT_TOL: Record<string, [number, number]> = { DT_FLOAT: [0, 1.2e-7], DT_DOUBLE: [0, 2.3e-16] };

const num = (v: Value) => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : Number(v));

function hostTensor(e: Encoded): HostTensor {
  const { dtype, shape, values: v } = e;
  switch (dtype) {
    case 'DT_FLOAT': return { dtype, shape, data: Float32Array.from(v, num) };
    case 'DT_DOUBLE': return { dtype, shape, data: Float64Array.from(v, num) };
    case 'DT_INT64': return { dtype, shape, data: BigInt64Array.from(v, (x) => BigInt(x)) };
    case 'DT_UINT64': return { dtype, shape, data: BigUint64Array.from(v, (x) => BigInt(x)) };
    case 'DT_STRING': return { dtype, shape, data: v.map((s) => Buffer.from(String(s), 'latin1')) };
    case 'DT_INT32': return { dtype, shape, data: Int32Array.from(v, Number) };
    case 'DT_INT16': return { dtype, shape, data: Int16Array.from(v, Number) };
    case 'DT_INT8': return { dtype, shape, data: Int8Array.from(v, Number) };
    case 'DT_UINT32': return { dtype, shape, data: Uint32Array.from(v, Number) };
    case 'DT_UINT16': case 'DT_HALF': case 'DT_BFLOAT16': return { dtype, shape, data: Uint16Array.from(v, Number) } as HostTensor;
    case 'DT_UINT8': case 'DT_BOOL': return { dtype, shape, data: Uint8Array.from(v, Number) } as HostTensor;
  }
}

/** half / bfloat16 bit patterns: NaN of any payload matches NaN; +0 matches -0. */
function sixteenEqual(dtype: DType, got: number, want: number): boolean {
  const [expo, mant] = dtype === 'DT_HALF' ? [0x7c00, 0x3ff] : [0x7f80, 0x7f];
  const isNan = (b: number) => (b & expo) === expo && (b & mant) !== 0;
  return got === want || (isNan(got) && isNan(want)) || ((got | want) & 0x7fff) === 0;
}

/** The first element that differs, or undefined. */
function mismatch(got: HostTensor, want: Encoded, tol: [number, number] | undefined): string | undefined {
  if (got.dtype !== want.dtype) return `dtype ${got.dtype}, TensorFlow ${want.dtype}`;
  if (got.shape.join() !== want.shape.join()) return `shape [${got.shape}], TensorFlow [${want.shape}]`;
  const data = got.data as ArrayLike<number | bigint | Uint8Array>;
  for (let i = 0; i < want.values.length; i++) {
    const g = data[i];
    const w = want.values[i];
    let ok: boolean;
    if (want.dtype === 'DT_STRING') ok = Buffer.from(g as Uint8Array).toString('latin1') === w;
    else if (typeof g === 'bigint') ok = g === BigInt(w);
    else if (want.dtype === 'DT_HALF' || want.dtype === 'DT_BFLOAT16') ok = sixteenEqual(want.dtype, g as number, Number(w));
    else if (want.dtype === 'DT_FLOAT' || want.dtype === 'DT_DOUBLE') {
      const wf = want.dtype === 'DT_FLOAT' ? Math.fround(num(w)) : num(w);
      const [atol, rtol] = tol ?? DEFAULT_TOL[want.dtype];
      const gv = g as number;
      ok = Number.isNaN(wf) ? Number.isNaN(gv) : gv === wf || Math.abs(gv - wf) <= atol + rtol * Math.abs(wf);
    } else ok = g === Number(w);
    if (!ok) return `element ${i}: got ${String(g instanceof Uint8Array ? Buffer.from(g).toString('latin1') : g)}, TensorFlow ${w}`;
  }
  return undefined;
}

/** Where a random op's sample breaks the case's bounds (dtype and shape must be TensorFlow's), or undefined. */
function outOfBounds(got: HostTensor, want: Encoded, b: RandomBounds): string | undefined {
  if (got.dtype !== want.dtype) return `dtype ${got.dtype}, TensorFlow ${want.dtype}`;
  if (got.shape.join() !== want.shape.join()) return `shape [${got.shape}], TensorFlow [${want.shape}]`;
  const decode = got.dtype === 'DT_HALF' ? halfToNumber : got.dtype === 'DT_BFLOAT16' ? bfloat16ToNumber : Number;
  const v = Array.from(got.data as ArrayLike<number | bigint>, (x) => decode(x as number));
  if (v.length === 0) return undefined;
  const bad = v.findIndex((x) => !(x >= (b.min ?? -Infinity) && x <= (b.max ?? Infinity)));
  if (bad >= 0) return `element ${bad}: ${v[bad]} outside [${b.min}, ${b.max}]`;
  const mean = v.reduce((t, x) => t + x, 0) / v.length;
  const std = Math.sqrt(v.reduce((t, x) => t + (x - mean) ** 2, 0) / v.length);
  if (b.mean && !(mean >= b.mean[0] && mean <= b.mean[1])) return `mean ${mean} outside [${b.mean}]`;
  if (b.std && !(std >= b.std[0] && std <= b.std[1])) return `std ${std} outside [${b.std}]`;
  return undefined;
}

function model(c: SweepCase) {
  const inputs = Object.fromEntries(Object.entries(c.feeds).map(([n, e]) => [n, [`${n}:0`, e.dtype] as [string, string]]));
  const fetched = (k: number) => c.fetch?.[k] ?? `op_under_test:${k}`;
  const outputs = Object.fromEntries(c.outputs.map((dt, k) => [`y${k}`, [fetched(k), dt] as [string, string]]));
  return tinyModel(c.nodes, inputs, outputs);
}

/** Runs a case on `backend` (already selected by the caller with ensureBackend). */
export async function runSweepCase(c: SweepCase, backend: BackendName): Promise<Verdict> {
  let s: PortableServable;
  try {
    s = await PortableServable.load(model(c), { backend });
  } catch (e) {
    if (!isServingError(e)) return { kind: 'fail', detail: `load crashed: ${String(e).slice(0, 200)}` };
    if (e.code === 'UNIMPLEMENTED') return { kind: 'refused', detail: e.message };
    return c.error ? { kind: 'pass', detail: `TF ${c.error}; load ${e.code}` } : { kind: 'fail', detail: `load ${e.code}: ${e.message}` };
  }
  try {
    const feeds = new Map(Object.entries(c.feeds).map(([n, e]) => [n, hostTensor(e)]));
    let out: Map<string, HostTensor>;
    try {
      out = await s.run('serving_default', feeds);
    } catch (e) {
      if (!isServingError(e)) return { kind: 'fail', detail: `run crashed: ${String(e).slice(0, 200)}` };
      if (backend === 'wasm' && /rank at most 6/.test(e.message)) return { kind: 'refused', detail: e.message };
      if (/^Cast .*cannot be represented as/.test(e.message)) return { kind: 'refused', detail: e.message };
      if (c.error) return { kind: 'pass', detail: `TF ${c.error}; engine ${e.code}` };
      return { kind: e.code === 'UNIMPLEMENTED' ? 'refused' : 'error', detail: `run ${e.code}: ${e.message.slice(0, 300)}` };
    }
    if (c.error) return { kind: 'fail', detail: `TensorFlow fails (${c.error}), the engine answered` };
    for (let k = 0; k < c.outputs.length; k++) {
      const got = out.get(`y${k}`)!;
      const why = c.random ? outOfBounds(got, c.expected![k], c.random) : mismatch(got, c.expected![k], c.tol);
      if (why) return { kind: 'fail', detail: `output ${k}: ${why}` };
    }
    return { kind: 'pass', detail: '' };
  } finally {
    s.dispose();
  }
}

/** A test label: index, op, the dtypes and shapes fed, the note. */
export function caseLabel(c: SweepCase, i: number): string {
  const feeds = Object.values(c.feeds).map((e) => `${e.dtype.slice(3).toLowerCase()}[${e.shape}]`).join(' ');
  return `${i} ${c.op} ${feeds} ${c.note}`;
}
