// Runs one TF Serving request body (predict, classify or regress) on a Servable and returns the response
// body: the transport-free core shared by `tf-serverless run`, the HTTP server and the Lambda handler.
import type { Servable } from '../engine/servable.ts';
import { decodeExamplesRequest, encodeClassifyResponse, encodeRegressResponse } from './example-codec.ts';
import { checkClassifySignature, checkRegressSignature } from './example-signature.ts';
import { decodePredictRequest, encodePredictResponse } from './predict-codec.ts';

import type { InferenceMethod } from './inference.ts';

export { INFERENCE_METHODS, type InferenceMethod } from './inference.ts';

/**
 * Decodes `body` for `method`, runs the signature it names, and encodes TF Serving's JSON answer.
 * Throws ServingError for anything the client did wrong, with TF Serving's messages.
 * @example await runInference(servable, 'predict', '{"instances": [1.0, 2.0, 5.0]}') // '{"predictions": [2.5, 3.0, 4.5]}'
 */
export async function runInference(servable: Servable, method: InferenceMethod, body: string): Promise<string> {
  if (method === 'predict') {
    const req = decodePredictRequest(body, (name) => servable.signature(name));
    const outputs = await servable.run(req.signatureName, req.inputs);
    return encodePredictResponse(req.format, outputs, servable.signature(req.signatureName));
  }
  const req = decodeExamplesRequest(body);
  const signature = servable.signature(req.signatureName);
  const alias = method === 'classify' ? checkClassifySignature(signature) : checkRegressSignature(signature);
  const outputs = await servable.run(req.signatureName, new Map([[alias, req.serialized]]));
  const n = req.serialized.shape[0];
  return method === 'classify' ? encodeClassifyResponse(outputs, signature, n) : encodeRegressResponse(outputs, signature, n);
}
