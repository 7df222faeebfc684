// Benchmark inputs shared by the engine workers: the signature a benchmark calls, synthetic inputs by the rule
// scripts/generate_bench_models.py uses for TensorFlow (dim 0 := batch, other unknown dims := 1, floats uniform
// [0, 1) from a fixed seed, integers 0, strings "cat"), and a golden file's first predict case tiled to a batch.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { decodePredictRequest } from '../lib/api/codec/predict-codec.ts';
import type { Servable } from '../lib/engine/index.ts';
import type { DType, HostTensor } from '../lib/tensor/host-tensor.ts';
import type { SignatureInfo } from '../lib/savedmodel/index.ts';

const CTORS: Record<string, new (n: number) => ArrayLike<unknown>> = {
  DT_FLOAT: Float32Array, DT_DOUBLE: Float64Array, DT_HALF: Uint16Array, DT_BFLOAT16: Uint16Array,
  DT_INT8: Int8Array, DT_INT16: Int16Array, DT_INT32: Int32Array, DT_INT64: BigInt64Array,
  DT_UINT8: Uint8Array, DT_UINT16: Uint16Array, DT_UINT32: Uint32Array, DT_UINT64: BigUint64Array, DT_BOOL: Uint8Array,
};

export function pickSignature(sigs: SignatureInfo[]): SignatureInfo {
  return sigs.find((s) => s.key === 'serving_default') ?? sigs.filter((s) => s.methodName.endsWith('/predict')).sort((a, b) => a.key.localeCompare(b.key))[0] ?? sigs[0];
}

export function synthetic(sig: SignatureInfo, batch: number): Map<string, HostTensor> {
  let seed = 0x9e3779b9;
  const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const out = new Map<string, HostTensor>();
  for (const [alias, spec] of Object.entries(sig.inputs).sort()) {
    const shape = (spec.shape ?? [-1]).map((d, i) => (i === 0 ? batch : d < 0 ? 1 : d));
    const n = shape.reduce((a, b) => a * b, 1);
    const dtype = spec.dtype as DType;
    let data: HostTensor['data'];
    if (dtype === 'DT_STRING') data = Array.from({ length: n }, () => new TextEncoder().encode('cat'));
    else if (dtype === 'DT_FLOAT' || dtype === 'DT_DOUBLE') {
      const a = new CTORS[dtype](n) as Float32Array;
      for (let i = 0; i < n; i++) a[i] = rand();
      data = a;
    } else data = new CTORS[dtype](n) as HostTensor['data'];
    out.set(alias, { dtype, shape, data } as HostTensor);
  }
  return out;
}

/** Row 0 of every batched input tiled `batch` times; a scalar integer input named like "batch_size" set to `batch`. */
export function rebatch(golden: Map<string, HostTensor>, batch: number): Map<string, HostTensor> {
  const g = [...golden.values()].find((t) => t.shape.length > 0)?.shape[0];
  const out = new Map<string, HostTensor>();
  for (const [alias, t] of golden) {
    if (t.shape.length === 0) {
      if (/batch/i.test(alias) && t.dtype === 'DT_INT32') out.set(alias, { ...t, data: Int32Array.of(batch) } as HostTensor);
      else out.set(alias, t);
      continue;
    }
    if (t.shape[0] !== g) { out.set(alias, t); continue; }
    const row = t.data.length / t.shape[0];
    let data: HostTensor['data'];
    if (Array.isArray(t.data)) data = Array.from({ length: batch * row }, (_, i) => (t.data as Uint8Array[])[i % row]);
    else {
      const src = t.data as Float32Array;
      const a = new (src.constructor as new (n: number) => Float32Array)(batch * row);
      for (let b = 0; b < batch; b++) a.set(src.subarray(0, row), b * row);
      data = a;
    }
    out.set(alias, { dtype: t.dtype, shape: [batch, ...t.shape.slice(1)], data } as HostTensor);
  }
  return out;
}

export function goldenInputs(file: string, versionDir: string, servable: Servable, sig: SignatureInfo): Map<string, HostTensor> | undefined {
  const golden = JSON.parse(readFileSync(file, 'utf8')) as { cases: { version: string; method: string; request_body: string }[] };
  for (const c of golden.cases) {
    if (c.method !== 'predict' || c.version !== basename(versionDir)) continue;
    try {
      const req = decodePredictRequest(c.request_body, (name) => servable.signature(name));
      if (req.signatureName === sig.key) return req.inputs;
    } catch {
      // a case for an absent signature or an error case: try the next
    }
  }
  return undefined;
}
