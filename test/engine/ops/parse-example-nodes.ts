// Builds tf.Examples and fake ParseExample / ParseExampleV2 graph nodes, so the op executors can be driven
// directly with tensors. A node comes in the two shapes tfjs-converter can hand over: with the raw NodeDef
// attrs on `node.rawAttrs` (what NodeValueImpl carries) or with only tfjs's converted `attrs` (pitfall 7).
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { protoType } from '../../../lib/proto/index.ts';

export type FeatureSpec = { float: number[] } | { int64: (number | string)[] } | { bytes: string[] } | Record<string, never>;

const utf8 = new TextEncoder();

/** A serialized tf.Example with the given features ({} = a Feature with no kind). */
export function example(features: Record<string, FeatureSpec>): Uint8Array {
  const Example = protoType('tensorflow.Example');
  const feature: Record<string, object> = {};
  for (const [k, f] of Object.entries(features)) {
    if ('float' in f) feature[k] = { float_list: { value: f.float } };
    else if ('int64' in f) feature[k] = { int64_list: { value: f.int64 } };
    else if ('bytes' in f) feature[k] = { bytes_list: { value: f.bytes.map((s) => utf8.encode(s)) } };
    else feature[k] = {};
  }
  return Example.encode(Example.fromObject({ features: { feature } })).finish();
}

export type TfType = 'DT_FLOAT' | 'DT_INT64' | 'DT_STRING';

export interface DenseSpec {
  key: string;
  dtype: TfType;
  /** dense_shapes entry; -1 first dim = variable length */
  shape: number[];
  /** default value tensor (empty = required) */
  def: tf.Tensor;
}

export interface NodeSpec {
  /** serialized Examples: an array -> shape [n], a single Uint8Array -> a scalar */
  serialized: Uint8Array[] | Uint8Array;
  names?: string[];
  sparse?: { key: string; dtype: TfType }[];
  dense?: DenseSpec[];
  ragged?: { key: string; dtype: TfType; splits?: 'DT_INT32' | 'DT_INT64' }[];
  /** false: only tfjs's converted attrs (lowercased, tfjs dtypes, empty lists missing) */
  raw?: boolean;
}

const TFJS: Record<TfType, tf.DataType> = { DT_FLOAT: 'float32', DT_INT64: 'int32', DT_STRING: 'string' };

const strings = (values: string[], shape?: number[]) => tf.tensor(values.map((s) => utf8.encode(s)), shape ?? [values.length], 'string');

function shapeAttr(shapes: number[][]) {
  return { list: { shape: shapes.map((s) => ({ dim: s.map((size) => ({ size: String(size) })) })) } };
}

function makeNode(inputs: tf.Tensor[], raw: Record<string, object>, converted: Record<string, unknown>, useRaw: boolean): GraphNode {
  const node = { inputs, attrs: converted } as unknown as GraphNode & { node?: unknown };
  if (useRaw) node.node = { rawAttrs: raw };
  return node;
}

function serializedTensor(s: NodeSpec): tf.Tensor {
  return Array.isArray(s.serialized) ? tf.tensor(s.serialized, [s.serialized.length], 'string') : tf.tensor([s.serialized], [], 'string');
}

/** A ParseExampleV2 node (inputs: serialized, names, sparse_keys, dense_keys, ragged_keys, dense_defaults…). */
export function v2Node(s: NodeSpec): GraphNode {
  const sparse = s.sparse ?? [];
  const dense = s.dense ?? [];
  const ragged = s.ragged ?? [];
  const inputs = [
    serializedTensor(s),
    strings(s.names ?? []),
    strings(sparse.map((f) => f.key)),
    strings(dense.map((f) => f.key)),
    strings(ragged.map((f) => f.key)),
    ...dense.map((f) => f.def),
  ];
  const raw = {
    num_sparse: { i: String(sparse.length) },
    sparse_types: { list: { type: sparse.map((f) => f.dtype) } },
    Tdense: { list: { type: dense.map((f) => f.dtype) } },
    dense_shapes: shapeAttr(dense.map((f) => f.shape)),
    ragged_value_types: { list: { type: ragged.map((f) => f.dtype) } },
    ragged_split_types: { list: { type: ragged.map((f) => f.splits ?? 'DT_INT64') } },
  };
  const list = <T>(xs: T[]) => (xs.length ? xs : undefined);
  const converted = {
    num_sparse: sparse.length,
    sparse_types: list(sparse.map((f) => TFJS[f.dtype])),
    Tdense: list(dense.map((f) => TFJS[f.dtype])),
    dense_shapes: list(dense.map((f) => f.shape)),
    ragged_value_types: list(ragged.map((f) => TFJS[f.dtype])),
    ragged_split_types: list(ragged.map(() => 'int32')),
  };
  return makeNode(inputs, raw, converted, s.raw !== false);
}

/** A ParseExample (V1) node (inputs: serialized, names, sparse_keys×Ns, dense_keys×Nd, dense_defaults×Nd). */
export function v1Node(s: NodeSpec): GraphNode {
  const sparse = s.sparse ?? [];
  const dense = s.dense ?? [];
  const inputs = [
    serializedTensor(s),
    strings(s.names ?? []),
    ...sparse.map((f) => strings([f.key], [])),
    ...dense.map((f) => strings([f.key], [])),
    ...dense.map((f) => f.def),
  ];
  const raw = {
    Nsparse: { i: String(sparse.length) },
    Ndense: { i: String(dense.length) },
    sparse_types: { list: { type: sparse.map((f) => f.dtype) } },
    Tdense: { list: { type: dense.map((f) => f.dtype) } },
    dense_shapes: shapeAttr(dense.map((f) => f.shape)),
  };
  const converted = {
    Nsparse: sparse.length,
    Ndense: dense.length,
    sparse_types: sparse.length ? sparse.map((f) => TFJS[f.dtype]) : undefined,
    Tdense: dense.length ? dense.map((f) => TFJS[f.dtype]) : undefined,
    dense_shapes: dense.length ? dense.map((f) => f.shape) : undefined,
  };
  return makeNode(inputs, raw, converted, s.raw !== false);
}

/** Plain values of an output tensor: numbers, or strings for string tensors (decoded from raw bytes). */
export function valuesOf(t: tf.Tensor): (number | string)[] {
  if (t.dtype === 'string') return (tf.engine().readSync(t.dataId) as unknown as Uint8Array[]).map((b) => new TextDecoder().decode(b));
  return Array.from(t.dataSync());
}

