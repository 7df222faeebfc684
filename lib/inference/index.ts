// lib/inference: TF Serving's inference semantics over a Servable, once — signature lookup, Predict's input
// checks, Classify/Regress/MultiInference with tf.Example inputs and their result checks. REST (lib/api), gRPC
// (lib/grpc) and model warm-up (lib/loader) keep only their wire codecs. Public entry point of the module.
export { DEFAULT_SIGNATURE, findSignature, type InferenceModel, type SignatureLookup, signatureKey } from './signature-lookup.ts';
export { type PredictTensors, runPredict } from './predict.ts';
export {
  CLASSIFY_METHOD_NAME, type ExamplesThunk, type InferenceTask, type InferenceTaskResult, REGRESS_METHOD_NAME, runClassify, runMultiInference,
  runRegress,
} from './example-inference.ts';
export { CLASSIFY_OUTPUTS, classificationResult, REGRESS_OUTPUT, regressionResult } from './example-results.ts';
export { checkClassifySignature, checkRegressSignature, EXAMPLES_INPUT, signatureDebugString } from './example-signatures.ts';
export { examplesTensor, serializedExamples, withContext } from './examples.ts';
export { decodeExamplesRequest, decodeMultiInferenceRequest, lengthDelimitedFields } from './serialized-request.ts';
export type {
  ClassificationResult, ExamplesRequest, InferenceTaskMessage, ModelSpecMessage, MultiInferenceRequest, PredictRequestMessage, RegressionResult,
  SerializedInputMessage,
} from './request-messages.ts';
export { Batcher, type BatchingOptions, type BatchingStats, defaultBatchingOptions, parseBatchingParameters } from './batching/index.ts';
