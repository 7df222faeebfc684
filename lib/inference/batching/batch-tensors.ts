// Host-tensor moves for batching: concatenate requests along dimension 0, pad a batch to an allowed size,
// pad variable-length dims, and split outputs back. TF Serving's batching_session.cc (MergeInputTensors,
// SplitOutputTensors) and batching_util.cc (AddPadding) semantics, on our HostTensor layout (row-major).
import { ServingError } from '../../errors/index.ts';
import { type HostTensor, numElements, TYPED_ARRAY_OF, type NumericDType, type TensorData } from '../../tensor/index.ts';

/** A new, empty data array of `dtype` with `length` elements. */
function allocate(dtype: HostTensor['dtype'], length: number): TensorData {
  if (dtype === 'DT_STRING') return new Array<Uint8Array>(length);
  return new TYPED_ARRAY_OF[dtype as NumericDType](length) as unknown as TensorData;
}

/** Copies `count` elements from `src[from…]` to `dst[to…]` (typed arrays by set, string arrays by element). */
function copy(dst: TensorData, to: number, src: TensorData, from: number, count: number): void {
  if (Array.isArray(src)) {
    for (let i = 0; i < count; i++) (dst as Uint8Array[])[to + i] = src[from + i];
  } else {
    (dst as unknown as { set(a: ArrayLike<unknown>, o: number): void }).set((src as unknown as { subarray(a: number, b: number): ArrayLike<unknown> }).subarray(from, from + count), to);
  }
}

/**
 * AddPadding: `t` padded after each non-batch dim up to `dims` (dims[0] is ignored), with its first element as
 * the value, as batching_util.cc does (ranks 1 to 6 there; any rank here). An empty tensor cannot give a value:
 * TF's error "Got empty tensor in batch of non-empty tensors.".
 */
export function padToDims(t: HostTensor, dims: readonly number[]): HostTensor {
  const shape = [t.shape[0], ...dims.slice(1)];
  if (shape.every((d, i) => d === t.shape[i])) return t;
  if (t.data.length === 0) throw new ServingError('INVALID_ARGUMENT', 'Got empty tensor in batch of non-empty tensors.');
  const out = allocate(t.dtype, numElements(shape));
  const value = t.data[0];
  if (Array.isArray(out)) out.fill(value as Uint8Array);
  else (out as unknown as { fill(v: unknown): void }).fill(value);
  // Copy row by row along the last dim: for every index prefix of the source, its innermost run of elements.
  const rank = t.shape.length;
  const inner = rank === 0 ? 1 : t.shape[rank - 1];
  const outer = inner === 0 ? 0 : t.data.length / inner;
  const srcIndex = new Array<number>(Math.max(rank - 1, 0)).fill(0);
  for (let row = 0; row < outer; row++) {
    let offset = 0;
    for (let d = 0; d < rank - 1; d++) offset = offset * shape[d] + srcIndex[d];
    copy(out, (rank === 0 ? 0 : offset * shape[rank - 1]), t.data, row * inner, inner);
    for (let d = rank - 2; d >= 0; d--) {
      if (++srcIndex[d] < t.shape[d]) break;
      srcIndex[d] = 0;
    }
  }
  return { dtype: t.dtype, shape, data: out } as HostTensor;
}

/**
 * tensor::Concat along dim 0 of same-dtype tensors whose other dims agree, plus `padRows` copies of the first
 * row of the last tensor (MergeInputTensors: "Use the first row of this task's tensor as the padding data").
 */
export function concatRows(parts: readonly HostTensor[], padRows = 0): HostTensor {
  const last = parts[parts.length - 1];
  const rowElements = numElements(last.shape.slice(1));
  const rows = parts.reduce((n, p) => n + p.shape[0], 0) + padRows;
  if (parts.length === 1 && padRows === 0) return last;
  const out = allocate(last.dtype, rows * rowElements);
  let at = 0;
  for (const p of parts) {
    copy(out, at, p.data, 0, p.data.length);
    at += p.data.length;
  }
  for (let i = 0; i < padRows; i++, at += rowElements) copy(out, at, last.data, 0, rowElements);
  return { dtype: last.dtype, shape: [rows, ...last.shape.slice(1)], data: out } as HostTensor;
}

/** tensor::Split along dim 0 into consecutive pieces of `sizes` rows (a final padding piece is simply not asked for). */
export function splitRows(t: HostTensor, sizes: readonly number[]): HostTensor[] {
  const rowElements = numElements(t.shape.slice(1));
  const out: HostTensor[] = [];
  let row = 0;
  for (const size of sizes) {
    const from = row * rowElements;
    const to = from + size * rowElements;
    const data = Array.isArray(t.data) ? t.data.slice(from, to) : (t.data as unknown as { slice(a: number, b: number): TensorData }).slice(from, to);
    out.push({ dtype: t.dtype, shape: [size, ...t.shape.slice(1)], data } as HostTensor);
    row += size;
  }
  return out;
}
