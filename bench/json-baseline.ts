// What a naive Node server does with TF Serving JSON, the yardstick for lib/api's codec in bench/json-codec.ts:
// JSON.parse then copy the nested lists into a typed array; build nested plain arrays then JSON.stringify.
import type { HostTensor } from '../lib/tensor/host-tensor.ts';

/** JSON.parse, then the request's first tensor ("instances" or "inputs") copied into a Float32Array. */
export function baselineDecode(body: string): { shape: number[]; data: Float32Array } {
  const doc = JSON.parse(body) as Record<string, unknown>;
  const root = (doc.instances ?? doc.inputs) as unknown;
  const shape: number[] = [];
  for (let v = root; Array.isArray(v); v = v[0]) shape.push(v.length);
  let size = 1;
  for (const d of shape) size *= d;
  const data = new Float32Array(size);
  const end = copyNested(root, data, 0);
  if (end !== size) throw new Error('ragged input');
  return { shape, data };
}

function copyNested(v: unknown, out: Float32Array, at: number): number {
  if (!Array.isArray(v)) {
    if (typeof v !== 'number') throw new Error('not a number');
    out[at] = v;
    return at + 1;
  }
  if (v.length > 0 && !Array.isArray(v[0])) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x !== 'number') throw new Error('not a number');
      out[at++] = x;
    }
    return at;
  }
  for (let i = 0; i < v.length; i++) at = copyNested(v[i], out, at);
  return at;
}

/** Nested plain arrays built from a float32 tensor by shape, then JSON.stringify({"predictions": …}). */
export function baselineEncode(t: HostTensor): string {
  const data = t.data as Float32Array;
  const build = (dim: number, offset: number, stride: number): unknown => {
    const n = t.shape[dim];
    const out = new Array<unknown>(n);
    if (dim === t.shape.length - 1) {
      for (let i = 0; i < n; i++) out[i] = data[offset + i];
      return out;
    }
    const inner = stride / n;
    for (let i = 0; i < n; i++) out[i] = build(dim + 1, offset + i * inner, inner);
    return out;
  };
  return JSON.stringify({ predictions: build(0, 0, data.length) });
}
