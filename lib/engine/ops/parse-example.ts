// tf.Example parsing ops, which TensorFlow.js lacks (FORMATS.md "ParseExample / classify / regress"):
// ParseExample (V1) and ParseExampleV2, with TensorFlow's semantics and error messages
// (tensorflow/core/kernels/example_parsing_ops.cc ParseExampleOp, util/example_proto_fast_parsing.cc).
//
// Outputs, flat in OpDef order (tensorflow/core/ops/parsing_ops.cc):
//   sparse_indices x Ns (int64 [N, 2]), sparse_values x Ns, sparse_shapes x Ns (int64 [2]), dense_values x Nd,
//   V2 only: ragged_values x Nr, ragged_row_splits x Nr ([N + 1]).
// int64 outputs are int32 tensors here; an int64 feature value outside int32 is INVALID_ARGUMENT, never a wrap.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { isServingError, ServingError } from '../../errors/index.ts';
import type { OpTable } from './index.ts';
import { readParseInputs } from './parse-example-config.ts';
import { type HostOutput, type ParseResult, parseBatch } from './parse-example-batch.ts';
import { parseSingle } from './parse-example-single.ts';

function parse(node: GraphNode, version: 1 | 2): ParseResult {
  try {
    const { config, serialized, serializedShape, names } = readParseInputs(node, version);
    // V2 accepts a scalar `serialized` (ParseExampleScalar); V1 requires a vector (checked above).
    if (serializedShape.length === 0) return parseSingle(config, serialized[0]);
    return parseBatch(config, serialized, names);
  } catch (e) {
    if (isServingError(e)) throw e;
    // A decoding bug must not surface as a bare Error through the graph executor.
    throw new ServingError('INTERNAL', `${version === 1 ? 'ParseExample' : 'ParseExampleV2'}: ${(e as Error).message}`, { cause: e });
  }
}

function toTensor(o: HostOutput): tf.Tensor {
  return tf.tensor(o.values as never, o.shape, o.dtype);
}

/** Host results -> tensors in OpDef order; V1 has no ragged outputs. Built only after parsing succeeded. */
function outputs(r: ParseResult, version: 1 | 2): tf.Tensor[] {
  const flat = [...r.sparseIndices, ...r.sparseValues, ...r.sparseShapes, ...r.denseValues];
  if (version === 2) flat.push(...r.raggedValues, ...r.raggedSplits);
  return flat.map(toTensor);
}

/** Custom executors for the tf.Example parsing ops, keyed by exact TensorFlow op name (STYLE.md §7). */
export const PARSE_EXAMPLE_OPS: OpTable = {
  ParseExample: (node) => outputs(parse(node, 1), 1),
  ParseExampleV2: (node) => outputs(parse(node, 2), 2),
};
