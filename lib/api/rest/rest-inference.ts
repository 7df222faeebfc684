// Predict / Classify / Regress on a pinned servable handle, with TF Serving's REST error order: the body is
// parsed first, the servable is looked up when the signature is needed (GetInfoMap), then the model runs.
import { ServingError } from '../../errors/index.ts';
import type { Servable } from '../../engine/index.ts';
import type { SignatureInfo } from '../../savedmodel/index.ts';
import { decodeExamplesRequest, encodeClassifyResponse, encodeRegressResponse } from '../codec/example-codec.ts';
import { checkClassifySignature, checkRegressSignature } from '../../inference/index.ts';
import type { ServableHandle } from '../../loader/index.ts';
import { decodePredictRequest, encodePredictResponse } from '../codec/predict-codec.ts';

export type InferenceMethod = 'predict' | 'classify' | 'regress';

export const INFERENCE_METHODS: readonly InferenceMethod[] = ['predict', 'classify', 'regress'];

/** Either the handle, or the reason there is none (thrown only once the body turned out to be well-formed). */
export type HandleOrError = { handle: ServableHandle } | { error: unknown };

function handleOf(h: HandleOrError): ServableHandle {
  if ('error' in h) throw h.error;
  return h.handle;
}

function hasSignature(handle: ServableHandle, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(handle.metaGraph.def.signature_def ?? {}, key);
}

/** The signature a Predict names, as HttpRestApiHandler::GetInfoMap finds it. */
function predictSignature(handle: ServableHandle, key: string): SignatureInfo {
  if (!hasSignature(handle, key)) throw new ServingError('INVALID_ARGUMENT', `Serving signature name: "${key}" not found in signature def`);
  return handle.servable.signature(key);
}

/** The signature a Classify/Regress names (classifier.cc / regressor.cc wording). */
function exampleSignature(handle: ServableHandle, key: string): SignatureInfo {
  if (!hasSignature(handle, key)) throw new ServingError('INVALID_ARGUMENT', `No signature was found with the name: ${key}`);
  return handle.servable.signature(key);
}

/**
 * Where a request's signature and servable come from. REST (TF Serving's HTTP handler) looks the signature up
 * in the MetaGraph first and reports a missing servable only then; the `run` command asks the servable.
 */
export interface InferenceTarget {
  predictSignature(key: string): SignatureInfo;
  exampleSignature(key: string): SignatureInfo;
  servable(): Servable;
}

/** Decodes `body` for `method`, runs the signature it names on the target, and encodes TF Serving's JSON answer. */
export async function runInferenceOn(method: InferenceMethod, body: string, target: InferenceTarget): Promise<string> {
  if (method === 'predict') {
    const req = decodePredictRequest(body, (name) => target.predictSignature(name));
    const servable = target.servable();
    const outputs = await servable.run(req.signatureName, req.inputs);
    return encodePredictResponse(req.format, outputs, servable.signature(req.signatureName));
  }
  const req = decodeExamplesRequest(body);
  const signature = target.exampleSignature(req.signatureName);
  const alias = method === 'classify' ? checkClassifySignature(signature) : checkRegressSignature(signature);
  const outputs = await target.servable().run(req.signatureName, new Map([[alias, req.serialized]]));
  const n = req.serialized.shape[0];
  return method === 'classify' ? encodeClassifyResponse(outputs, signature, n) : encodeRegressResponse(outputs, signature, n);
}

/**
 * Runs one REST inference body and returns TF Serving's JSON answer.
 * @example await runRestInference('predict', '{"instances": [1.0, 2.0, 5.0]}', { handle }) // '{"predictions": [2.5, 3.0, 4.5]}'
 */
export function runRestInference(method: InferenceMethod, body: string, target: HandleOrError): Promise<string> {
  return runInferenceOn(method, body, {
    predictSignature: (key) => predictSignature(handleOf(target), key),
    exampleSignature: (key) => exampleSignature(handleOf(target), key),
    servable: () => handleOf(target).servable,
  });
}
