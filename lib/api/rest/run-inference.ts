// `tf-serverless run`'s entry: one TF Serving request body on a bare Servable (signatures looked up on the
// servable itself), through the same core as the REST handler (inference.ts).
import type { Servable } from '../../engine/index.ts';
import { type InferenceMethod, runInferenceOn } from './rest-inference.ts';

export { INFERENCE_METHODS, type InferenceMethod } from './rest-inference.ts';

/**
 * Decodes `body` for `method`, runs the signature it names, and encodes TF Serving's JSON answer.
 * Throws ServingError for anything the client did wrong, with TF Serving's messages.
 * @example await runInference(servable, 'predict', '{"instances": [1.0, 2.0, 5.0]}') // '{"predictions": [2.5, 3.0, 4.5]}'
 */
export function runInference(servable: Servable, method: InferenceMethod, body: string): Promise<string> {
  return runInferenceOn(method, body, {
    predictSignature: (key) => servable.signature(key),
    exampleSignature: (key) => servable.signature(key),
    servable: () => servable,
  });
}
