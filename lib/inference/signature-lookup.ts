// The signature a request names, found the way each TF Serving path finds it, with the words each path uses
// when it is missing. One table, so REST, gRPC and model warm-up cannot drift apart.
import type { Servable } from '../engine/index.ts';
import { ServingError } from '../errors/index.ts';
import type { MetaGraph, SignatureInfo } from '../savedmodel/index.ts';

/** tensorflow::kDefaultServingSignatureDefKey: what an absent or empty signature_name means. */
export const DEFAULT_SIGNATURE = 'serving_default';

/**
 * What the core runs on: a Servable, and the MetaGraph it serves when there is one (its SignatureDefs are what
 * TF Serving looks names up in, including `__saved_model_init_op`, and they carry Predict's input defaults).
 * A ServableHandle from lib/loader is one.
 */
export interface InferenceModel {
  readonly servable: Servable;
  readonly metaGraph?: MetaGraph;
}

/** Which TF Serving path looks the signature up; each words a missing one its own way. */
export type SignatureLookup = 'predict' | 'rest-predict' | 'examples' | 'multi-inference';

const NOT_FOUND: Record<SignatureLookup, (key: string) => ServingError> = {
  // servables/tensorflow/predict_util.cc RunPredict
  predict: (key) => new ServingError('FAILED_PRECONDITION', `Serving signature key "${key}" not found.`),
  // model_servers/http_rest_api_handler.cc GetInfoMap
  'rest-predict': (key) => new ServingError('INVALID_ARGUMENT', `Serving signature name: "${key}" not found in signature def`),
  // servables/tensorflow/classifier.cc GetClassificationSignatureDef, regressor.cc GetRegressionSignatureDef
  examples: (key) => new ServingError('INVALID_ARGUMENT', `No signature was found with the name: ${key}`),
  // servables/tensorflow/multi_inference.cc TensorFlowMultiInferenceRunner::Infer
  'multi-inference': (key) => new ServingError('INVALID_ARGUMENT', `Requested signature not found in model graph: ${key}`),
};

/** The signature key a request's signature_name means: itself, or "serving_default" when absent or "". */
export function signatureKey(name: string | null | undefined): string {
  return name || DEFAULT_SIGNATURE;
}

/**
 * The signature `key` of the model, or the NOT_FOUND error of the path `lookup` names.
 * @example findSignature(handle, 'nope', 'examples')  // throws INVALID_ARGUMENT "No signature was found with the name: nope"
 */
export function findSignature(model: InferenceModel, key: string, lookup: SignatureLookup): SignatureInfo {
  if (model.metaGraph) {
    if (!Object.prototype.hasOwnProperty.call(model.metaGraph.def.signature_def ?? {}, key)) throw NOT_FOUND[lookup](key);
    return model.metaGraph.signature(key);
  }
  const found = model.servable.signatures().find((s) => s.key === key);
  if (!found) throw NOT_FOUND[lookup](key);
  return found;
}
