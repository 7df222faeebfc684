// Predict / Classify / Regress over REST: decode the JSON body, run it through the inference core (lib/inference),
// encode TF Serving's JSON answer. The order of errors is TF Serving's HttpRestApiHandler: the body is parsed
// first, the servable is looked up when the signature is needed (GetInfoMap), then the model runs.
import { findSignature, type InferenceModel, runClassify, runRegress, type SignatureLookup } from '../../inference/index.ts';
import type { SignatureInfo } from '../../savedmodel/index.ts';
import { decodeExamplesOffloaded, decodePredictOffloaded, type DecodeOffload, offloadedBytes } from '../codec/decode-offload.ts';
import { decodeExamplesRequest, encodeClassifyResult, encodeRegressResult } from '../codec/example-codec.ts';
import { decodePredictRequest, encodePredictResponse } from '../codec/predict-codec.ts';
import type { RequestBody } from '../json/json-request.ts';

export type InferenceMethod = 'predict' | 'classify' | 'regress';

export const INFERENCE_METHODS: readonly InferenceMethod[] = ['predict', 'classify', 'regress'];

/**
 * Where a request's model and signature come from. `model()` throws the reason there is none (a missing or
 * unloadable servable) only when asked, so that errors in the body, found first, win as in TF Serving.
 */
export interface RestTarget {
  model(): InferenceModel;
  /** The signature `key`, or the error `lookup`'s path words for a missing one. */
  signature(key: string, lookup: SignatureLookup): SignatureInfo;
}

/** A target over a served model (a ServableHandle, or the error acquiring it), looking names up in its MetaGraph. */
export function servedTarget(handle: InferenceModel | { error: unknown }): RestTarget {
  const model = (): InferenceModel => {
    if ('error' in handle) throw handle.error;
    return handle;
  };
  return { model, signature: (key, lookup) => findSignature(model(), key, lookup) };
}

/**
 * Decodes `body` for `method`, runs the signature it names on the target, and encodes TF Serving's JSON answer.
 * A body `offload` takes (a big one) is decoded in a worker thread.
 * @example await runRestInference('predict', { text: '{"instances": [1.0, 2.0, 5.0]}' }, servedTarget(handle)) // '{"predictions": [2.5, 3.0, 4.5]}'
 */
export async function runRestInference(method: InferenceMethod, body: RequestBody, target: RestTarget, offload?: DecodeOffload): Promise<string> {
  const bytes = offloadedBytes(body, offload);
  if (method === 'predict') {
    const req = bytes
      ? await decodePredictOffloaded(offload!, bytes, target)
      : decodePredictRequest(body, (name) => target.signature(name, 'rest-predict'));
    const outputs = await target.model().servable.run(req.signatureName, req.inputs);
    return encodePredictResponse(req.format, outputs);
  }
  const req = bytes ? await decodeExamplesOffloaded(offload!, bytes) : decodeExamplesRequest(body.text);
  const signature = target.signature(req.signatureName, 'examples');
  const examples = () => req.serialized;
  if (method === 'classify') return encodeClassifyResult(await runClassify(target.model().servable, signature, examples));
  return encodeRegressResult(await runRegress(target.model().servable, signature, examples));
}
