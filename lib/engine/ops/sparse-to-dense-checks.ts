// SparseToDense's argument checks (sparse_to_dense_op.cc), run before either kernel (tfjs's or the string
// one): tfjs checks neither order nor bounds, and tfjs-wasm reads out of its memory on an index out of range
// (op sweep). With validate_indices the indices must be in bounds and strictly increasing in row-major order;
// without it TF still fails an index out of bounds (SparseTensor::ToDense), and a repeated index keeps the
// last value.

import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import { boolAttr } from './raw-attrs.ts';
import { indexValues } from './string-transform.ts';

const invalid = (m: string) => new ServingError('INVALID_ARGUMENT', m);

/** The output shape, after TF's checks of every argument. */
export function checkSparseToDense(node: GraphNode): number[] {
  const [indices, shapeT, values, dflt] = node.inputs;
  if (shapeT.rank > 1) throw invalid(`output_shape must be rank 1, got shape [${shapeT.shape.join(',')}]`);
  if (indices.rank > 2) throw invalid(`sparse_indices should be a scalar, vector, or matrix, got shape [${indices.shape.join(',')}]`);
  const count = indices.rank > 0 ? indices.shape[0]! : 1;
  const rank = indices.rank > 1 ? indices.shape[1]! : 1;
  if (!(values.rank === 0 || (values.rank === 1 && values.shape[0] === count))) {
    throw invalid(`sparse_values has incorrect shape [${values.shape.join(',')}], should be [] or [${count}]`);
  }
  if (dflt.rank !== 0) throw invalid(`default_value should be a scalar, got shape [${dflt.shape.join(',')}]`);
  const shape = indexValues(shapeT);
  if (shape.length !== rank) throw invalid(`output_shape has incorrect number of elements: ${shape.length} should be: ${rank}`);
  const idx = indexValues(indices);
  const validate = boolAttr(node, 'validate_indices', true);
  const row = (k: number) => idx.slice(k * rank, (k + 1) * rank);
  for (let k = 0; k < count; k++) {
    const r = row(k);
    if (r.some((v, d) => v < 0 || v >= shape[d])) {
      throw invalid(validate ? `indices[${k}] = [${r.join(',')}] is out of bounds: need 0 <= index < [${shape.join(',')}]` : 'Indices are not valid (out of bounds).');
    }
    if (!validate || k === 0) continue;
    const prev = row(k - 1);
    const d = r.findIndex((v, j) => v !== prev[j]);
    if (d < 0) throw invalid(`indices[${k}] = [${r.join(',')}] is repeated`);
    if (r[d] < prev[d]) throw invalid(`indices[${k}] = [${r.join(',')}] is out of order. Many sparse ops require sorted indices.`);
  }
  return shape;
}

