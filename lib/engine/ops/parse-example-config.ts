// ParseExample / ParseExampleV2: a node's attrs and inputs -> the parse configuration, validated with
// TensorFlow's messages (tensorflow/core/util/example_proto_helper.cc GetDenseShapes, and
// kernels/example_parsing_ops.cc CheckInputShapes). Not the parsing itself (parse-example-batch.ts).
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import { protoEnum } from '../../proto/index.ts';
import { dataTypeString } from '../../tensor/index.ts';

/** The value types a tf.Example feature can hold (Feature oneof bytes_list / float_list / int64_list). */
export type FeatureType = 'DT_STRING' | 'DT_FLOAT' | 'DT_INT64';
/** Host storage: int64 travels as int32 in TensorFlow.js (range-checked, never wrapped); bytes stay raw. */
export type Values = Float32Array | Int32Array | Uint8Array[];

export interface DenseFeature {
  key: string;
  dtype: FeatureType;
  /** dense_shapes[d] as a PartialTensorShape: -1 = unknown dim, null = unknown rank. */
  shape: number[] | null;
  /** dense_shapes[d] has an unknown first dim: values are padded to the longest example. */
  variableLength: boolean;
  /** Elements per example (fixed) or per row of the first dim (variable length). */
  elementsPerStride: number;
  /** dense_defaults[d]; empty means "required" for fixed-length features, else the padding element. */
  defaultValue: Values;
  defaultShape: number[];
}

export interface ParseConfig {
  sparse: { key: string; dtype: FeatureType }[];
  dense: DenseFeature[];
  ragged: { key: string; dtype: FeatureType; splitsDtype: 'DT_INT32' | 'DT_INT64' }[];
}

export interface ParseInputs {
  config: ParseConfig;
  serialized: Uint8Array[];
  /** shape of the `serialized` input: [n] (batch) or [] (V2 only: one example, no batch dim) */
  serializedShape: number[];
  /** example names for messages, or undefined when `names` is empty ("<unknown>") */
  names: string[] | undefined;
}

interface RawShape { dim?: { size?: string | number }[]; unknown_rank?: boolean; unknownRank?: boolean }
interface RawAttr { i?: string | number; list?: { type?: (string | number)[]; shape?: RawShape[] } }

const utf8 = new TextDecoder('utf-8');

export function invalid(message: string): ServingError {
  return new ServingError('INVALID_ARGUMENT', message);
}

export { dataTypeString };

/** TensorShape / PartialTensorShape DebugString(): "[1]", "[?,2]", "[]", "<unknown>". */
export function shapeString(shape: readonly number[] | null): string {
  return shape === null ? '<unknown>' : `[${shape.map((d) => (d < 0 ? '?' : String(d))).join(',')}]`;
}

/**
 * The NodeDef attrs exactly as the GraphModel holds them. tfjs's GraphNode (NodeValueImpl) turns list(type)
 * into tfjs dtypes (int64 -> 'int32') and drops empty lists (FORMATS.md pitfall 7), so read the raw attrs
 * from its (runtime-public) `node.rawAttrs` when present, and the converted `attrs` otherwise.
 */
function rawAttrs(node: GraphNode): Record<string, RawAttr> | undefined {
  return (node as unknown as { node?: { rawAttrs?: Record<string, RawAttr> } }).node?.rawAttrs;
}

function intAttr(node: GraphNode, name: string): number {
  const raw = rawAttrs(node)?.[name]?.i;
  const v = raw !== undefined ? Number(raw) : Number(node.attrs[name] ?? 0);
  return Number.isFinite(v) ? v : 0;
}

const TFJS_TO_TF: Record<string, string> = { float32: 'DT_FLOAT', int32: 'DT_INT64', string: 'DT_STRING' };

function typeListAttr(node: GraphNode, name: string): string[] {
  const raw = rawAttrs(node)?.[name];
  if (raw) {
    const byId = protoEnum('tensorflow.DataType').valuesById;
    return (raw.list?.type ?? []).map((t) => (typeof t === 'number' ? (byId[t] ?? `DT_${t}`) : t));
  }
  const converted = node.attrs[name];
  return Array.isArray(converted) ? converted.map((t) => TFJS_TO_TF[String(t)] ?? String(t)) : [];
}

function shapeListAttr(node: GraphNode, name: string): (number[] | null)[] {
  const raw = rawAttrs(node)?.[name];
  if (raw) {
    // Proto3: a Dim without size has size 0 (FORMATS.md "Proto3 trap").
    return (raw.list?.shape ?? []).map((s) => (s.unknown_rank || s.unknownRank ? null : (s.dim ?? []).map((d) => Number(d.size ?? 0))));
  }
  const converted = node.attrs[name];
  return Array.isArray(converted) ? converted.map((s) => (Array.isArray(s) ? s.map(Number) : null)) : [];
}

function featureType(dtype: string): FeatureType {
  if (dtype === 'DT_STRING' || dtype === 'DT_FLOAT' || dtype === 'DT_INT64') return dtype;
  // example_proto_fast_parsing.cc CheckConfigDataType
  throw invalid(`Invalid config dtype: ${dataTypeString(dtype)}`);
}

/** Raw bytes of a string tensor: readSync, never dataSync, which UTF-8-decodes (FORMATS.md pitfall 6). */
export function stringValues(t: tf.Tensor): Uint8Array[] {
  return tf.engine().readSync(t.dataId) as unknown as Uint8Array[];
}

function hostValues(t: tf.Tensor): Values {
  if (t.dtype === 'string') return stringValues(t);
  const v = t.dataSync();
  return v instanceof Float32Array || v instanceof Int32Array ? v : Int32Array.from(v);
}

function keyStrings(t: tf.Tensor): string[] {
  return stringValues(t).map((b) => utf8.decode(b));
}

/** The dtype name TF would print for a default tensor (tfjs int32 carries TF int64 here). */
function tfjsDtypeString(t: tf.Tensor): string {
  return t.dtype === 'float32' ? 'float' : t.dtype === 'int32' ? 'int64' : t.dtype;
}

function isCompatible(partial: number[] | null, shape: readonly number[]): boolean {
  if (partial === null) return true;
  return partial.length === shape.length && partial.every((d, i) => d < 0 || d === shape[i]);
}

/** example_proto_helper.cc GetDenseShapes: only the first dim may be unknown. */
function denseLayout(shape: number[] | null, d: number): { variableLength: boolean; elementsPerStride: number } {
  if (shape === null || shape.slice(1).some((s) => s < 0)) {
    throw invalid(`dense_shapes[${d}] has unknown rank or unknown inner dimensions: ${shapeString(shape)}`);
  }
  const variableLength = shape.length > 0 && shape[0] === -1;
  const inner = variableLength ? shape.slice(1) : shape;
  return { variableLength, elementsPerStride: inner.reduce((a, b) => a * b, 1) };
}

/** Reads and validates a ParseExample (version 1) or ParseExampleV2 (version 2) node's inputs and attrs. */
export function readParseInputs(node: GraphNode, version: 1 | 2): ParseInputs {
  const ins = node.inputs;
  const denseTypes = typeListAttr(node, 'Tdense');
  const denseShapes = shapeListAttr(node, 'dense_shapes');
  const sparseTypes = typeListAttr(node, 'sparse_types');
  let sparseKeys: string[];
  let denseKeys: string[];
  let raggedKeys: string[] = [];
  let defaults: tf.Tensor[];
  if (version === 1) {
    const ns = intAttr(node, 'Nsparse');
    const nd = intAttr(node, 'Ndense');
    sparseKeys = ins.slice(2, 2 + ns).flatMap(keyStrings);
    denseKeys = ins.slice(2 + ns, 2 + ns + nd).flatMap(keyStrings);
    defaults = ins.slice(2 + ns + nd, 2 + ns + 2 * nd);
    // example_proto_helper.cc ParseExampleAttrs::FinishInit
    if (ns !== sparseTypes.length) throw invalid('len(sparse_keys) != len(sparse_types)');
    if (nd !== denseTypes.length) throw invalid('len(dense_keys) != len(dense_types)');
  } else {
    [sparseKeys, denseKeys, raggedKeys] = [ins[2], ins[3], ins[4]].map((t) => (t ? keyStrings(t) : []));
    defaults = ins.slice(5);
    if (intAttr(node, 'num_sparse') !== sparseTypes.length) throw invalid('len(sparse_keys) != len(sparse_types)');
  }
  if (denseTypes.length !== denseShapes.length) throw invalid('len(dense_keys) != len(dense_shapes)');
  const raggedTypes = version === 2 ? typeListAttr(node, 'ragged_value_types') : [];
  const splitTypes = version === 2 ? typeListAttr(node, 'ragged_split_types') : [];
  if (raggedTypes.length !== splitTypes.length) throw invalid('len(ragged_keys) != len(ragged_split_types)');
  const layouts = denseShapes.map(denseLayout);

  const serializedT = ins[0];
  const namesT = ins[1];
  checkInputShapes(version, serializedT, namesT);
  if (version === 2) {
    if (denseKeys.length !== denseTypes.length) {
      throw invalid(`Expected len(dense_keys) == len(dense_types) but got: ${denseKeys.length} vs. ${denseTypes.length}`);
    }
    if (sparseKeys.length !== sparseTypes.length) {
      throw invalid(`Expected len(sparse_keys) == num_sparse but got: ${sparseKeys.length} vs. ${sparseTypes.length}`);
    }
    if (raggedKeys.length !== raggedTypes.length) {
      throw invalid(`Expected len(ragged_keys) == len(ragged_value_types) but got: ${raggedKeys.length} vs. ${raggedTypes.length}`);
    }
  }
  if (defaults.length !== denseTypes.length) {
    throw invalid(`Expected len(dense_defaults) == len(dense_keys) but got: ${defaults.length} vs. ${denseTypes.length}`);
  }
  const dense = denseTypes.map((t, d): DenseFeature => {
    const dtype = featureType(t);
    const def = defaults[d];
    checkDefault(d, def, dtype, denseShapes[d], layouts[d].variableLength);
    return { key: denseKeys[d], dtype, shape: denseShapes[d], ...layouts[d], defaultValue: hostValues(def), defaultShape: [...def.shape] };
  });
  const config: ParseConfig = {
    sparse: sparseTypes.map((t, d) => ({ key: sparseKeys[d], dtype: featureType(t) })),
    dense,
    ragged: raggedTypes.map((t, d) => {
      const splitsDtype = splitTypes[d];
      if (splitsDtype !== 'DT_INT32' && splitsDtype !== 'DT_INT64') throw invalid(`Invalid ragged_split_type: ${dataTypeString(splitsDtype)}`);
      return { key: raggedKeys[d], dtype: featureType(t), splitsDtype };
    }),
  };
  const names = namesT && namesT.size > 0 ? keyStrings(namesT) : undefined;
  return { config, serialized: stringValues(serializedT), serializedShape: [...serializedT.shape], names };
}

/** example_parsing_ops.cc CheckInputShapes: serialized rank and names shape. */
function checkInputShapes(version: 1 | 2, serialized: tf.Tensor, names: tf.Tensor | undefined): void {
  if (version === 2 && serialized.rank > 1) {
    throw invalid(`Expected serialized to be a scalar or vector, got shape: ${shapeString(serialized.shape)}`);
  }
  if (version === 1 && serialized.rank !== 1) throw invalid(`Expected serialized to be a vector, got shape: ${shapeString(serialized.shape)}`);
  if (names && names.size > 0 && shapeString(names.shape) !== shapeString(serialized.shape)) {
    throw invalid(
      `Expected names have the same shape as serialized: name.shape=${shapeString(names.shape)}, serialized.shape=${shapeString(serialized.shape)}`,
    );
  }
}

/** example_parsing_ops.cc CheckInputShapes: each dense default against its shape and type. */
function checkDefault(d: number, def: tf.Tensor, dtype: FeatureType, shape: number[] | null, variableLength: boolean): void {
  if (variableLength) {
    if (def.size !== 1) {
      throw invalid(
        `dense_shape[${d}] is a variable length shape: ${shapeString(shape)}, therefore def_value[${d}] must contain a single element ` +
          `(the padding element).  But its shape is: ${shapeString(def.shape)}`,
      );
    }
  } else if (def.size > 0 && !isCompatible(shape, def.shape)) {
    throw invalid(`def_value[${d}].shape() == ${shapeString(def.shape)} is not compatible with dense_shapes_[${d}] == ${shapeString(shape)}`);
  }
  if (tfjsDtypeString(def) !== dataTypeString(dtype)) {
    throw invalid(`dense_defaults[${d}].dtype() == ${tfjsDtypeString(def)} != dense_types_[${d}] == ${dataTypeString(dtype)}`);
  }
}
