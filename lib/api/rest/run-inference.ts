// `tf-serverless run`'s entry: one TF Serving request body on a bare Servable, through the same REST core as the
// HTTP handler (rest-inference.ts). Signatures are looked up on the servable itself, in its words (like
// saved_model_cli, there is no served MetaGraph to consult).
import type { InferenceModel } from '../../inference/index.ts';
import { type InferenceMethod, runRestInference } from './rest-inference.ts';

export { INFERENCE_METHODS, type InferenceMethod } from './rest-inference.ts';

/**
 * Decodes `body` for `method`, runs the signature it names, and encodes TF Serving's JSON answer.
 * Throws ServingError for anything the client did wrong, with TF Serving's messages.
 * @example await runOnServable(servable, 'predict', '{"instances": [1.0, 2.0, 5.0]}') // '{"predictions": [2.5, 3.0, 4.5]}'
 */
export function runOnServable(servable: InferenceModel['servable'], method: InferenceMethod, body: string): Promise<string> {
  return runRestInference(method, { text: body }, { model: () => ({ servable }), signature: (key) => servable.signature(key) });
}
