// lib/api: TF Serving's REST API over a ModelProvider (lib/loader) and the inference core (lib/inference):
// rest/ (routes, handler, status codes), codec/ (JSON ⇄ requests/results), json/ (TF Serving's JSON dialect),
// json/fast/ (fast numeric paths); see README.md. Public entry point of the module.
export { handleRestRequest, type RestHandlerOptions, type RestRequest, type RestResponse } from './rest/rest-handler.ts';
export { isApiPath, parseRoute, type Route } from './rest/routes.ts';
export { httpStatusOf } from './rest/http-status.ts';
export { errorJson, modelMetadataJson, modelStatusJson } from './rest/status-json.ts';
export { INFERENCE_METHODS, type InferenceMethod, type RestTarget, runRestInference, servedTarget } from './rest/rest-inference.ts';
export { runOnServable } from './rest/run-inference.ts';
export { decodePredictRequest, encodePredictResponse, type PredictFormat } from './codec/predict-codec.ts';
export { decodeExamplesRequest, encodeClassifyResponse, encodeRegressResponse } from './codec/example-codec.ts';
export { requestBody, type RequestBody } from './json/json-request.ts';
export { type DecodeOffload, type DecodeOffloadOptions, startDecodeOffload } from './codec/decode-offload.ts';
