// The portable engine's custom ops: TensorFlow ops that TensorFlow.js lacks (or runs inexactly),
// registered with tfjs-converter's registerOp. Each family file exports a table keyed by exact
// TensorFlow op names (STYLE.md §7); this is the one list of them. Registration happens once per process.
import { registerOp } from '@tensorflow/tfjs-converter';
import type { OpExecutor } from '@tensorflow/tfjs-converter';
import { ASSERT_OPS } from './assert.ts';
import { LOOKUP_TABLE_OPS } from './lookup-table.ts';
import { FLOAT16_OPS } from './float16.ts';
import { IMAGE_OPS } from './image.ts';
import { INT64_OPS } from './int64.ts';
import { ONE_HOT_OPS } from './one-hot.ts';
import { RESOURCE_OPS } from './resource-gather.ts';
import { PARSE_EXAMPLE_OPS } from './parse-example.ts';
import { SELECT_OPS } from './select.ts';
import { STRING_OPS } from './string-ops.ts';
import { VARIABLE_OPS } from './variables.ts';
import { STRING_TENSOR_OPS } from './string-tensors.ts';
import { TENSOR_LIST_OPS } from './tensor-list.ts';

export { withListScope } from './tensor-list-value.ts';

/** One family of custom ops: exact TensorFlow op name → executor. */
export type OpTable = Record<string, OpExecutor>;

const FAMILIES: OpTable[] = [PARSE_EXAMPLE_OPS, STRING_TENSOR_OPS, ASSERT_OPS, SELECT_OPS, VARIABLE_OPS, INT64_OPS, FLOAT16_OPS, RESOURCE_OPS, ONE_HOT_OPS, LOOKUP_TABLE_OPS, STRING_OPS, TENSOR_LIST_OPS, IMAGE_OPS];

let registered = false;

/** Registers every custom op with TensorFlow.js (idempotent). Registered ops take precedence over built-in mappers. */
export function registerCustomOps(): void {
  if (registered) return;
  registered = true;
  for (const table of FAMILIES) for (const [name, exec] of Object.entries(table)) registerOp(name, exec);
}

/** Names of all custom ops, sorted (for docs and load-time checks). */
export function customOpNames(): string[] {
  return FAMILIES.flatMap((t) => Object.keys(t)).sort();
}
