// Classify, Regress and MultiInference: serialized tf.Examples into a signature's "inputs", results out, in
// TF Serving's order of checks (classifier.cc RunClassify, regressor.cc RunRegress, multi_inference.cc Infer).
import { checkClassifySignature, checkRegressSignature, EXAMPLES_INPUT, type ModelProvider, type ServableHandle } from '../api/index.ts';
import type { HostTensor } from '../engine/index.ts';
import { ServingError } from '../errors/index.ts';
import type { SignatureInfo } from '../savedmodel/index.ts';
import { CLASSIFY_OUTPUTS, classificationResult, REGRESS_OUTPUT, regressionResult } from './example-results.ts';
import type {
  ClassificationResponseOut, ExamplesRequest, InferenceResultOut, ModelSpecMessage, MultiInferenceRequest, MultiInferenceResponseOut,
  RegressionResponseOut,
} from '../grpc/messages.ts';
import { requireModelSpec, responseModelSpec, servableSpec, signatureNameOf } from '../grpc/model-spec.ts';
import { serializedExamples } from './serialized-request.ts';

/** SignatureDef method names (tensorflow/cc/saved_model/signature_constants.h). */
export const CLASSIFY_METHOD_NAME = 'tensorflow/serving/classify';
export const REGRESS_METHOD_NAME = 'tensorflow/serving/regress';

function hasSignature(handle: ServableHandle, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(handle.metaGraph.def.signature_def ?? {}, key);
}

/** GetClassificationSignatureDef / GetRegressionSignatureDef: the named signature, or INVALID_ARGUMENT. */
function namedSignature(handle: ServableHandle, key: string): SignatureInfo {
  if (!hasSignature(handle, key)) throw new ServingError('INVALID_ARGUMENT', `No signature was found with the name: ${key}`);
  return handle.metaGraph.signature(key);
}

function examplesTensor(examples: Uint8Array[]): HostTensor<'DT_STRING'> {
  return { dtype: 'DT_STRING', shape: [examples.length], data: examples };
}

async function runExamples(handle: ServableHandle, key: string, examples: Uint8Array[], outputs: string[]): Promise<Map<string, HostTensor>> {
  return handle.servable.run(key, new Map([[EXAMPLES_INPUT, examplesTensor(examples)]]), outputs);
}

/**
 * Answers a ClassificationRequest.
 * @example await classify(provider, { model_spec: { name: 'half_plus_two', signature_name: 'classify_x_to_y' }, input })
 */
export async function classify(provider: ModelProvider, request: ExamplesRequest): Promise<ClassificationResponseOut> {
  const spec = requireModelSpec(request.model_spec);
  const handle = await provider.acquire(servableSpec(spec));
  try {
    const key = signatureNameOf(spec);
    const signature = namedSignature(handle, key);
    checkClassifySignature(signature);
    const examples = serializedExamples(request.input);
    const outputs = await runExamples(handle, key, examples, CLASSIFY_OUTPUTS.filter((a) => a in signature.outputs));
    return {
      model_spec: responseModelSpec(spec.name ?? '', spec.signature_name ?? '', handle.version),
      result: classificationResult(signature, examples.length, outputs),
    };
  } finally {
    handle.release();
  }
}

/**
 * Answers a RegressionRequest.
 * @example await regress(provider, { model_spec: { name: 'half_plus_two', signature_name: 'regress_x_to_y' }, input })
 */
export async function regress(provider: ModelProvider, request: ExamplesRequest): Promise<RegressionResponseOut> {
  const spec = requireModelSpec(request.model_spec);
  const handle = await provider.acquire(servableSpec(spec));
  try {
    const key = signatureNameOf(spec);
    const signature = namedSignature(handle, key);
    checkRegressSignature(signature);
    const examples = serializedExamples(request.input);
    const outputs = await runExamples(handle, key, examples, [REGRESS_OUTPUT]);
    return {
      model_spec: responseModelSpec(spec.name ?? '', spec.signature_name ?? '', handle.version),
      result: regressionResult(signature, examples.length, outputs),
    };
  } finally {
    handle.release();
  }
}

interface PlannedTask {
  spec: ModelSpecMessage;
  key: string;
  classify: boolean;
  signature: SignatureInfo;
}

/** TensorFlowMultiInferenceRunner::Infer's checks of the tasks, before anything runs. */
function planTasks(handle: ServableHandle, request: MultiInferenceRequest): PlannedTask[] {
  let modelName = '';
  const keys = new Set<string>();
  return request.tasks.map((task) => {
    const spec = task.model_spec ?? {};
    const name = spec.name ?? '';
    if (name === '') throw new ServingError('INVALID_ARGUMENT', 'Found ModelSpec with an empty model name.');
    if (modelName === '') modelName = name;
    else if (modelName !== name) {
      throw new ServingError('INVALID_ARGUMENT', 'All ModelSpecs in a MultiInferenceRequest must access the same model name.');
    }
    const key = signatureNameOf(spec);
    if (keys.has(key)) throw new ServingError('INVALID_ARGUMENT', `Duplicate evaluation of signature: ${key}`);
    keys.add(key);
    if (!hasSignature(handle, key)) throw new ServingError('INVALID_ARGUMENT', `Requested signature not found in model graph: ${key}`);
    const signature = handle.metaGraph.signature(key);
    if (task.method_name === CLASSIFY_METHOD_NAME) checkClassifySignature(signature);
    else if (task.method_name === REGRESS_METHOD_NAME) checkRegressSignature(signature);
    else throw new ServingError('UNIMPLEMENTED', `Unsupported signature method_name: ${task.method_name ?? ''}`);
    return { spec, key, classify: task.method_name === CLASSIFY_METHOD_NAME, signature };
  });
}

/**
 * Answers a MultiInferenceRequest: every task (one signature each, all of one model, the servable of the first
 * task's model_spec) over the same examples. Each signature runs once; TF Serving runs them in one session call.
 */
export async function multiInference(provider: ModelProvider, request: MultiInferenceRequest): Promise<MultiInferenceResponseOut> {
  const handle = await provider.acquire(servableSpec(request.tasks[0]?.model_spec ?? {}));
  try {
    const tasks = planTasks(handle, request);
    const examples = serializedExamples(request.input);
    const results: InferenceResultOut[] = [];
    for (const task of tasks) {
      const wanted = task.classify ? CLASSIFY_OUTPUTS.filter((a) => a in task.signature.outputs) : [REGRESS_OUTPUT];
      const outputs = await runExamples(handle, task.key, examples, wanted);
      const model_spec = responseModelSpec(task.spec.name ?? '', task.spec.signature_name ?? '', handle.version);
      results.push(
        task.classify
          ? { model_spec, classification_result: classificationResult(task.signature, examples.length, outputs) }
          : { model_spec, regression_result: regressionResult(task.signature, examples.length, outputs) },
      );
    }
    return { results };
  } finally {
    handle.release();
  }
}
