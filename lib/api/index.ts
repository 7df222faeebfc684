// lib/api: TF Serving's REST semantics over a ModelProvider. Public entry point of the module.
export { handleRestRequest, type RestHandlerOptions, type RestRequest, type RestResponse } from './rest-handler.ts';
export { describeRequest, type ModelProvider, type ModelSpec, type ServableHandle, type VersionState, type VersionStatus } from './model-provider.ts';
export { isApiPath, parseRoute, type Route } from './routes.ts';
export { httpStatusOf } from './http-status.ts';
export { errorJson, modelMetadataJson, modelStatusJson } from './status-json.ts';
export { INFERENCE_METHODS, type InferenceMethod, runRestInference } from './inference.ts';
export { runInference } from './run-inference.ts';
export { decodePredictRequest, encodePredictResponse, type PredictFormat } from './predict-codec.ts';
export { decodeExamplesRequest, encodeClassifyResponse, encodeRegressResponse } from './example-codec.ts';
export { checkClassifySignature, checkRegressSignature, EXAMPLES_INPUT } from './example-signature.ts';
