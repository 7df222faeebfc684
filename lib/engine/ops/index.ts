// The portable engine's custom ops: TensorFlow ops that TensorFlow.js lacks (or runs inexactly),
// registered with tfjs-converter's registerOp. Each family file exports a table keyed by exact
// TensorFlow op names (STYLE.md §7); this is the one list of them. Registration happens once per process.
import { type OpExecutor, registerOp } from '@tensorflow/tfjs-converter';
import { ASSERT_OPS } from './assert.ts';
import { COMBINED_NMS_OPS } from './combined-nms.ts';
import { LOOKUP_TABLE_OPS } from './lookup-table.ts';
import { FLOAT16_OPS } from './float16.ts';
import { NARROW_INT_OPS } from './narrow-int.ts';
import { EMPTY_REDUCE_OPS } from './empty-reduce.ts';
import { STRIDED_SLICE_OPS } from './strided-slice.ts';
import { IMAGE_OPS } from './image.ts';
import { INT64_OPS } from './int64.ts';
import { NON_MAX_SUPPRESSION_OPS } from './non-max-suppression.ts';
import { ONE_HOT_OPS } from './one-hot.ts';
import { RESOURCE_OPS } from './resource-gather.ts';
import { PARSE_EXAMPLE_OPS } from './parse-example.ts';
import { SELECT_OPS } from './select.ts';
import { STRING_OPS } from './string-ops.ts';
import { VARIABLE_OPS } from './variables.ts';
import { STRING_TENSOR_OPS } from './string-tensors.ts';
import { TENSOR_LIST_OPS } from './tensor-list.ts';

export { mergeShapes, type PartialShape, withListScope } from './tensor-list-value.ts';
import { BATCH_MATMUL_OPS } from './batch-matmul.ts';
import { EINSUM_OPS } from './einsum.ts';
import { ERF_OPS } from './erf.ts';
import { TENSOR_FILL_OPS } from './tensor-fill.ts';
import { STRING_COMPARE_OPS } from './string-compare.ts';
import { BITCAST_OPS } from './bitcast.ts';
import { BITWISE_OPS } from './bitwise.ts';
import { BAND_PART_OPS } from './band-part.ts';

export { checkOpAttrs } from './attr-checks.ts';
export { checkOutputUse } from './output-checks.ts';
import { STRING_TRANSFORM_OPS } from './string-transform.ts';
import { STRING_SPLIT_OPS } from './string-split.ts';
import { REGEX_OPS } from './regex-ops.ts';
import { RAGGED_OPS } from './ragged-ops.ts';
import { STRING_TO_NUMBER_OPS } from './string-to-number.ts';
import { SEGMENT_OPS } from './segment-ops.ts';
import { STRING_FORMAT_OPS } from './string-format.ts';
import { EXACT_ARITH_OPS } from './exact-arith.ts';
import { EXACT_SCAN_OPS } from './exact-scan.ts';
import { GUARDED_OPS } from './guarded-kernels.ts';
import { RESHAPE_TRANSPOSE_OPS } from './reshape-transpose.ts';
import { ARRAY_CHECK_OPS } from './array-checks.ts';
import { BATCH_NORM_OPS } from './batch-norm.ts';
import { FAKE_QUANT_OPS } from './fake-quant.ts';
import { WINDOW_MAX_OPS } from './window-max.ts';
import { FFT_OPS } from './fft.ts';
import { SEARCH_SORTED_OPS } from './search-sorted.ts';
import { RANDOM_OPS } from './random.ts';
import { SPARSE_OPS } from './sparse-ops.ts';
import { RAGGED_GATHER_OPS } from './ragged-gather.ts';

export { routeExactArith } from './exact-arith.ts';

/** One family of custom ops: exact TensorFlow op name → executor. */
export type OpTable = Record<string, OpExecutor>;

const FAMILIES: OpTable[] = [PARSE_EXAMPLE_OPS, STRING_TENSOR_OPS, ASSERT_OPS, SELECT_OPS, VARIABLE_OPS, INT64_OPS, FLOAT16_OPS, NARROW_INT_OPS, EMPTY_REDUCE_OPS, STRIDED_SLICE_OPS, RESOURCE_OPS, ONE_HOT_OPS, LOOKUP_TABLE_OPS, STRING_OPS, TENSOR_LIST_OPS, NON_MAX_SUPPRESSION_OPS, COMBINED_NMS_OPS, EINSUM_OPS, BATCH_MATMUL_OPS, ERF_OPS, TENSOR_FILL_OPS, STRING_COMPARE_OPS, BITCAST_OPS, BITWISE_OPS, BAND_PART_OPS, STRING_TRANSFORM_OPS, STRING_SPLIT_OPS, REGEX_OPS, RAGGED_OPS, STRING_TO_NUMBER_OPS, SEGMENT_OPS, STRING_FORMAT_OPS, IMAGE_OPS, EXACT_ARITH_OPS, EXACT_SCAN_OPS, GUARDED_OPS, RESHAPE_TRANSPOSE_OPS, ARRAY_CHECK_OPS, BATCH_NORM_OPS, FAKE_QUANT_OPS, WINDOW_MAX_OPS, FFT_OPS, SEARCH_SORTED_OPS, RANDOM_OPS, SPARSE_OPS, RAGGED_GATHER_OPS];

/** Project ops that call TensorFlow.js kernels some backends lack (checked at load like tfjs's own ops). */
export const CUSTOM_OP_KERNELS: Readonly<Record<string, readonly string[]>> = {
  RFFT: ['FFT', 'Real', 'Imag', 'Complex'], IRFFT: ['IFFT', 'Real', 'Imag', 'Complex'], FFT: ['FFT'], IFFT: ['IFFT'], Complex: ['Complex'],
};

let registered = false;

/** Registers every custom op with TensorFlow.js (idempotent). Registered ops take precedence over built-in mappers. */
export function registerCustomOps(): void {
  if (registered) return;
  registered = true;
  for (const table of FAMILIES) for (const [name, exec] of Object.entries(table)) registerOp(name, exec);
}

/** The executor registerCustomOps registers for an op name (a later family's entry wins, as registration order decides). */
export function customOpExecutor(name: string): OpExecutor | undefined {
  let exec: OpExecutor | undefined;
  for (const table of FAMILIES) if (Object.hasOwn(table, name)) exec = table[name];
  return exec;
}

/** Names of all custom ops, sorted (for docs and load-time checks). */
export function customOpNames(): string[] {
  return FAMILIES.flatMap((t) => Object.keys(t)).sort();
}

