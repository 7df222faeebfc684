// Lookups in the tables lib/engine/graph/lookup-tables.ts builds at load. TensorFlow's LookupTableFindV2 /
// LookupTableFind and LookupTableSizeV2 / LookupTableSize are rewritten to these ops (TensorFlow.js would
// otherwise force executeAsync on any node of those names), with the table passed as constant inputs:
//   TfsLookupTableFind(table_keys, keys, default_value, table_values): table_keys sorted ascending (strings
//     by bytes, integers by value), table_values aligned; out[i] = the value of keys[i], else the default
//     (a scalar, or one per key) — lookup_table_op.h HashTable::DoFind;
//   TfsLookupTableSize(table_keys): the number of entries, int64 scalar.
// No state lives here: the table is whatever constant tensors the node reads.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import type { OpTable } from './index.ts';
import { readWide } from './int64-tensors.ts';
import { typeAttr } from './raw-attrs.ts';

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Index of each query in the sorted table keys, or -1. */
function positions<T>(table: ArrayLike<T>, queries: ArrayLike<T>, compare: (a: T, b: T) => number): Int32Array {
  const out = new Int32Array(queries.length);
  for (let q = 0; q < queries.length; q++) {
    let lo = 0;
    let hi = table.length - 1;
    out[q] = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = compare(table[mid], queries[q]);
      if (c === 0) {
        out[q] = mid;
        break;
      }
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
  }
  return out;
}

function keyPositions(node: GraphNode, tableKeys: tf.Tensor, keys: tf.Tensor): Int32Array {
  const tin = typeAttr(node, 'Tin');
  if (tin === 'DT_STRING' || (tin === undefined && keys.dtype === 'string')) {
    const read = (t: tf.Tensor) => tf.engine().readSync(t.dataId) as unknown as Uint8Array[];
    return positions(read(tableKeys), read(keys), compareBytes);
  }
  if (tin === 'DT_INT64') return positions(readWide(tableKeys), readWide(keys), (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return positions(tableKeys.dataSync(), keys.dataSync(), (a, b) => a - b);
}

/** 8 little-endian bytes of an int64 (the wide element form, int64-tensors.ts). */
function wideElement(v: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigInt64(0, v, true);
  return out;
}

function find(node: GraphNode): tf.Tensor {
  const [tableKeys, keys, dflt, tableValues] = node.inputs;
  if (!tableValues) throw new ServingError('FAILED_PRECONDITION', 'Table not initialized.');
  const n = keys.size;
  if (dflt.size !== 1 && dflt.size !== n) {
    throw new ServingError('INVALID_ARGUMENT', `Expected shape [] or ${JSON.stringify(keys.shape).replace(/ /g, '')} for default value, got ${JSON.stringify(dflt.shape)}`);
  }
  const at = keyPositions(node, tableKeys, keys);
  const tout = typeAttr(node, 'Tout');
  // Element-moving only: the output keeps the carriage of the table values (a wide int64 stays wide).
  const wide = tout !== 'DT_STRING' && (tableValues.dtype === 'string' || dflt.dtype === 'string');
  if (tableValues.dtype === 'string' || wide) {
    const asElements = (t: tf.Tensor): Uint8Array[] =>
      t.dtype === 'string' ? (tf.engine().readSync(t.dataId) as unknown as Uint8Array[]) : Array.from(readWide(t), wideElement);
    const values = asElements(tableValues);
    const defaults = asElements(dflt);
    const out = new Array<Uint8Array>(n);
    for (let i = 0; i < n; i++) out[i] = at[i] >= 0 ? values[at[i]] : defaults[defaults.length === 1 ? 0 : i];
    return tf.tensor(out, keys.shape, 'string');
  }
  const values = tableValues.dataSync();
  const defaults = dflt.dataSync();
  const out = tf.util.getTypedArrayFromDType(tableValues.dtype as 'float32', n);
  for (let i = 0; i < n; i++) out[i] = at[i] >= 0 ? values[at[i]] : defaults[defaults.length === 1 ? 0 : i];
  return tf.tensor(out, keys.shape, tableValues.dtype);
}

function size(node: GraphNode): tf.Tensor {
  return tf.scalar(node.inputs[0].size, 'int32');
}

/** Custom executors for the rewritten lookups (names from lib/engine/graph/lookup-tables.ts). */
export const LOOKUP_TABLE_OPS: OpTable = {
  TfsLookupTableFind: find,
  TfsLookupTableSize: size,
};
