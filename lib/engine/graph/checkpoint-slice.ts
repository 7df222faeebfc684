// Partitioned variables: each part is restored with RestoreV2's shape_and_slices, e.g. "10 4 0,4:0,4" =
// full shape [10, 4], rows [0, 4) and columns from 0, length 4 (TensorSlice text form; "-" = the whole dim).
// The checkpoint holds the full tensor (assembled by TensorBundle), so a part is a sub-block of it.
import { ServingError } from '../../errors/index.ts';
import { type HostTensor, numElements } from '../../tensor/index.ts';

export interface SliceSpec {
  fullShape: number[];
  /** [start, length] per dimension; length -1 = to the end */
  extents: [number, number][];
}

/** Parses "d0 d1 … s0,l0:s1,l1:…" (tensorflow/core/framework/tensor_slice.cc). */
export function parseSliceSpec(spec: string, where: string): SliceSpec {
  const parts = spec.trim().split(' ');
  const sliceText = parts.pop() ?? '';
  const fullShape = parts.map(Number);
  const extents = sliceText.split(':').map((e): [number, number] => (e === '-' ? [0, -1] : (e.split(',').map(Number) as [number, number])));
  if (fullShape.some((d) => !Number.isInteger(d) || d < 0) || extents.length !== fullShape.length || extents.some(([s, l]) => !Number.isInteger(s) || !Number.isInteger(l))) {
    throw new ServingError('INVALID_ARGUMENT', `${where}: bad slice spec "${spec}"`);
  }
  return { fullShape, extents };
}

/** Copies the block `spec` selects out of the full tensor. */
export function sliceTensor(full: HostTensor, spec: SliceSpec, where: string): HostTensor {
  const shape = full.shape;
  if (shape.length !== spec.fullShape.length || shape.some((d, i) => d !== spec.fullShape[i])) {
    throw new ServingError('DATA_LOSS', `${where}: checkpoint shape [${shape}] differs from the slice's full shape [${spec.fullShape}]`);
  }
  const starts = spec.extents.map(([s]) => s);
  const sizes = spec.extents.map(([s, l], d) => (l < 0 ? shape[d] - s : l));
  if (sizes.some((n, d) => starts[d] + n > shape[d])) throw new ServingError('DATA_LOSS', `${where}: slice outside [${shape}]`);
  const n = numElements(sizes);
  const src = full.data as unknown as { [i: number]: unknown; length: number };
  const out = (Array.isArray(full.data) ? new Array(n) : new (full.data.constructor as new (n: number) => typeof full.data)(n)) as unknown as { [i: number]: unknown };
  const strides = shape.map((_, d) => numElements(shape.slice(d + 1)));
  const coord = new Array(sizes.length).fill(0);
  for (let i = 0; i < n; i++) {
    let at = 0;
    for (let d = 0; d < sizes.length; d++) at += (starts[d] + coord[d]) * strides[d];
    out[i] = src[at];
    for (let d = sizes.length - 1; d >= 0; d--) {
      if (++coord[d] < sizes[d]) break;
      coord[d] = 0;
    }
  }
  return { dtype: full.dtype, shape: sizes, data: out } as HostTensor;
}
