// lib/api: TF Serving's REST semantics over a ModelProvider. Public entry point of the module.
export { handleRestRequest, type RestHandlerOptions, type RestRequest, type RestResponse } from './rest/rest-handler.ts';
export { describeRequest, type ModelProvider, type ModelSpec, type ServableHandle, type VersionState, type VersionStatus } from '../loader/index.ts';
export { isApiPath, parseRoute, type Route } from './rest/routes.ts';
export { httpStatusOf } from './rest/http-status.ts';
export { errorJson, modelMetadataJson, modelStatusJson } from './rest/status-json.ts';
export { INFERENCE_METHODS, type InferenceMethod, runRestInference } from './rest/rest-inference.ts';
export { runInference } from './rest/run-inference.ts';
export { decodePredictRequest, encodePredictResponse, type PredictFormat } from './codec/predict-codec.ts';
export { decodeExamplesRequest, encodeClassifyResponse, encodeRegressResponse } from './codec/example-codec.ts';
export { checkClassifySignature, checkRegressSignature, EXAMPLES_INPUT } from '../inference/index.ts';
