// tensorflow.serving.ModelSpec on the wire ⇄ the ModelSpec a ModelProvider takes, with TF Serving's checks
// (ServerCore::ServableRequestFromModelSpec) and the model_spec it writes into responses (util.cc MakeModelSpec).
import type { ModelSpec } from '../loader/index.ts';
import { ServingError } from '../errors/index.ts';
import { DEFAULT_SIGNATURE } from '../inference/index.ts';
import { toBigInt } from '../tensor/index.ts';
import type { ModelSpecMessage, ModelSpecOut } from './messages.ts';


/** The request's model_spec, or INVALID_ARGUMENT "Missing ModelSpec" (every TF Serving service checks it first). */
export function requireModelSpec(spec: ModelSpecMessage | null | undefined): ModelSpecMessage {
  if (!spec) throw new ServingError('INVALID_ARGUMENT', 'Missing ModelSpec');
  return spec;
}

/**
 * The servable a ModelSpec asks for: a version number, a label, or neither (the latest).
 * @example servableSpec({ name: 'm', version: { value: 3 }, version_choice: 'version' })  // { name: 'm', version: 3n }
 */
export function servableSpec(spec: ModelSpecMessage): ModelSpec {
  const name = spec.name ?? '';
  if (name === '') throw new ServingError('INVALID_ARGUMENT', 'ModelSpec has no name specified.');
  if (spec.version_choice === 'version' && spec.version) return { name, version: toBigInt(spec.version.value) };
  if (spec.version_choice === 'version_label') return { name, label: spec.version_label ?? '' };
  return { name };
}

/**
 * MakeModelSpec: the response's model_spec. `signatureName` undefined leaves it out (GetModelMetadata);
 * "" becomes "serving_default".
 * @example responseModelSpec('half_plus_two', '', 1n)  // { name: 'half_plus_two', signature_name: 'serving_default', version: { value: '1' } }
 */
export function responseModelSpec(name: string, signatureName: string | undefined, version: bigint): ModelSpecOut {
  const out: ModelSpecOut = { name, version: { value: version.toString() } };
  if (signatureName !== undefined) out.signature_name = signatureName || DEFAULT_SIGNATURE;
  return out;
}
