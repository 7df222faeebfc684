// SignatureDef → SignatureInfo: names, dtypes and shapes of a signature's inputs and outputs.
import { dtypeName, shapeDims } from '../tensor/index.ts';
import type { SignatureDefMessage, TensorInfoMessage } from './messages.ts';
import type { SignatureInfo, TensorSpec } from './signature-types.ts';

/** The graph tensor a TensorInfo names; for a CooSparse tensor, its values tensor. */
export function tensorInfoName(info: TensorInfoMessage): string {
  return info.name || info.coo_sparse?.values_tensor_name || '';
}

function tensorSpec(info: TensorInfoMessage): TensorSpec {
  return { name: tensorInfoName(info), dtype: dtypeName(info.dtype), shape: shapeDims(info.tensor_shape) };
}

function specs(map: Record<string, TensorInfoMessage> | undefined): Record<string, TensorSpec> {
  const out: Record<string, TensorSpec> = {};
  for (const key of Object.keys(map ?? {}).sort()) out[key] = tensorSpec(map![key]);
  return out;
}

/** Converts one SignatureDef; inputs and outputs are keyed by alias in sorted order. */
export function signatureInfo(key: string, def: SignatureDefMessage): SignatureInfo {
  return { key, methodName: def.method_name ?? '', inputs: specs(def.inputs), outputs: specs(def.outputs) };
}
