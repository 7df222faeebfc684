// GetModelMetadata in TF Serving's JSON layout, as printed by its REST API
// (proto3 JSON with preserved field names and default fields printed: sizes as strings,
// "unknown_rank", "defaults": {} on every SignatureDef). See API.md "Model metadata".
import { protoType } from '../proto/index.ts';
import { dtypeName, toBigInt } from '../tensor/index.ts';
import type { SignatureDefMessage, TensorInfoMessage, TensorShapeMessage } from './messages.ts';
import type { MetaGraph } from './saved-model.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function shapeJson(shape: TensorShapeMessage): Json {
  return {
    dim: (shape.dim ?? []).map((d) => ({ size: toBigInt(d.size).toString(), name: d.name ?? '' })),
    unknown_rank: shape.unknown_rank ?? false,
  };
}

function tensorInfoJson(info: TensorInfoMessage): Json {
  const out: { [k: string]: Json } = { dtype: dtypeName(info.dtype) };
  if (info.tensor_shape) out.tensor_shape = shapeJson(info.tensor_shape);
  if (info.coo_sparse) {
    out.coo_sparse = {
      values_tensor_name: info.coo_sparse.values_tensor_name ?? '',
      indices_tensor_name: info.coo_sparse.indices_tensor_name ?? '',
      dense_shape_tensor_name: info.coo_sparse.dense_shape_tensor_name ?? '',
    };
  } else if (info.composite_tensor) {
    out.composite_tensor = { components: (info.composite_tensor.components ?? []).map(tensorInfoJson) };
  } else {
    out.name = info.name ?? '';
  }
  return out;
}

function mapJson<T>(map: Record<string, T> | undefined, f: (v: T) => Json): Json {
  const out: { [k: string]: Json } = {};
  for (const [k, v] of Object.entries(map ?? {})) out[k] = f(v);
  return out;
}

function signatureJson(def: SignatureDefMessage): Json {
  const tensorType = protoType('tensorflow.TensorProto');
  return {
    inputs: mapJson(def.inputs, tensorInfoJson),
    outputs: mapJson(def.outputs, tensorInfoJson),
    method_name: def.method_name ?? '',
    defaults: mapJson(def.defaults, (t) =>
      tensorType.toObject(tensorType.fromObject(t), { enums: String, longs: String, bytes: String, defaults: true }) as Json,
    ),
  };
}

/** The `metadata.signature_def` part: every SignatureDef of the MetaGraph, including `__saved_model_init_op`. */
export function signatureDefMapJson(meta: MetaGraph): Json {
  return { signature_def: mapJson(meta.def.signature_def, signatureJson) };
}

/**
 * The whole GET /v1/models/{name}/versions/{v}/metadata body.
 * @example renderModelMetadata('half_plus_two', 123, sm.metaGraph()) // {"model_spec": {...}, "metadata": {...}}
 */
export function renderModelMetadata(name: string, version: number | bigint | string, meta: MetaGraph): Json {
  return {
    model_spec: { name, signature_name: '', version: String(version) },
    metadata: { signature_def: signatureDefMapJson(meta) },
  };
}
