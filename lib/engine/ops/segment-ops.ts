// UnsortedSegmentSum (tensorflow/core/kernels/segment_reduction_ops_impl.h): out[s] = Σ data[i] over the
// i with segment_ids[i] = s; negative ids are dropped, ids ≥ num_segments fail. RaggedReduceSum emits it.
// The wasm backend has no kernel for it, and int64 data needs exact sums, so it runs here for every dtype:
// float32 adds in data order, rounding each sum to float32 as TF's CPU loop does; int64 sums wrap like TF.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import type { OpTable } from './index.ts';
import { makeWide, readWide } from './int64-tensors.ts';
import { typeAttr } from './raw-attrs.ts';
import { indexValues } from './string-transform.ts';

function unsortedSegmentSum(node: GraphNode): tf.Tensor {
  const [data, idsT, numT] = node.inputs;
  const num = indexValues(numT)[0];
  if (!(num >= 0)) throw new ServingError('INVALID_ARGUMENT', `Input num_segments == ${num} must not be negative.`);
  const ids = indexValues(idsT);
  if (!tf.util.arraysEqual(data.shape.slice(0, idsT.rank), idsT.shape)) {
    throw new ServingError('INVALID_ARGUMENT', `data.shape = [${data.shape.join(',')}] does not start with segment_ids.shape = [${idsT.shape.join(',')}]`);
  }
  const inner = data.shape.slice(idsT.rank);
  const width = inner.reduce((a, b) => a * b, 1);
  const shape = [num, ...inner];
  const check = (i: number) => {
    if (ids[i] >= num) throw new ServingError('INVALID_ARGUMENT', `segment_ids[${i}] = ${ids[i]} is out of range [0, ${num})`);
    return ids[i] >= 0;
  };
  if (typeAttr(node, 'T') === 'DT_INT64') {
    const v = readWide(data);
    const out = new BigInt64Array(num * width);
    for (let i = 0; i < ids.length; i++) if (check(i)) for (let k = 0; k < width; k++) out[ids[i] * width + k] = BigInt.asIntN(64, out[ids[i] * width + k] + v[i * width + k]);
    return makeWide(out, shape);
  }
  if (data.dtype !== 'float32' && data.dtype !== 'int32') throw new ServingError('UNIMPLEMENTED', `UnsortedSegmentSum on ${data.dtype} is not supported by the portable engine`);
  const v = data.dataSync();
  const out = tf.util.getTypedArrayFromDType(data.dtype, num * width);
  for (let i = 0; i < ids.length; i++) if (check(i)) for (let k = 0; k < width; k++) out[ids[i] * width + k] += v[i * width + k];
  return tf.tensor(out, shape, data.dtype);
}

export const SEGMENT_OPS: OpTable = { UnsortedSegmentSum: unsortedSegmentSum };
