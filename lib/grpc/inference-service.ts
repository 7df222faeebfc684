// PredictionService.Predict / Classify / Regress / MultiInference: pin the servable a ModelSpec names, run the
// inference core (lib/inference) on it, and wrap the result with the response's model_spec. Only the wire
// shapes live here; TF Serving's checks and messages are the core's.
import {
  findSignature, type InferenceTask, runClassify, runMultiInference, runPredict, runRegress, serializedExamples, signatureKey,
} from '../inference/index.ts';
import type { ModelProvider, ServableHandle } from '../loader/index.ts';
import { ServingError } from '../errors/index.ts';
import { recordRequestExampleCount } from '../monitoring/index.ts';
import { encodeTensorProto, type TensorEncoding, type TensorMessage } from '../tensor/index.ts';
import type {
  ClassificationResponseOut, ExamplesRequest, ModelSpecMessage, MultiInferenceRequest, MultiInferenceResponseOut, PredictRequestMessage,
  PredictResponseOut, RegressionResponseOut,
} from './messages.ts';
import { requireModelSpec, responseModelSpec, servableSpec } from './model-spec.ts';

/** Runs `body` on the servable the spec names, released afterwards whatever happens. */
async function withServable<T>(provider: ModelProvider, spec: ModelSpecMessage, body: (handle: ServableHandle) => Promise<T>): Promise<T> {
  const handle = await provider.acquire(servableSpec(spec));
  try {
    return await body(handle);
  } finally {
    handle.release();
  }
}

/**
 * Answers one PredictRequest: outputs keyed by alias, encoded as TensorProtos, with the response's model_spec.
 * @example await predict(provider, { model_spec: { name: 'half_plus_two' }, inputs: { x } }, 'field')  // { model_spec, outputs: { y } }
 */
export function predict(provider: ModelProvider, request: PredictRequestMessage, encoding: TensorEncoding, maxTensorBytes?: number): Promise<PredictResponseOut> {
  const spec = requireModelSpec(request.model_spec);
  return withServable(provider, spec, async (handle) => {
    const key = signatureKey(spec.signature_name);
    const { aliases, outputs } = await runPredict(handle, key, { inputs: request.inputs ?? {}, outputFilter: request.output_filter ?? [], maxTensorBytes });
    const encoded: Record<string, TensorMessage> = {};
    for (const alias of aliases) {
      const t = outputs.get(alias);
      if (!t) throw new ServingError('UNKNOWN', 'Predict internal error');
      encoded[alias] = encodeTensorProto(t, encoding);
    }
    return { model_spec: responseModelSpec(spec.name ?? '', spec.signature_name ?? '', handle.version), outputs: encoded };
  });
}

/**
 * Answers a ClassificationRequest.
 * @example await classify(provider, { model_spec: { name: 'half_plus_two', signature_name: 'classify_x_to_y' }, input })
 */
export function classify(provider: ModelProvider, request: ExamplesRequest): Promise<ClassificationResponseOut> {
  const spec = requireModelSpec(request.model_spec);
  return withServable(provider, spec, async (handle) => {
    const signature = findSignature(handle, signatureKey(spec.signature_name), 'examples');
    const result = await runClassify(handle.servable, signature, () => serializedExamples(request.input));
    return { model_spec: responseModelSpec(spec.name ?? '', spec.signature_name ?? '', handle.version), result };
  });
}

/**
 * Answers a RegressionRequest.
 * @example await regress(provider, { model_spec: { name: 'half_plus_two', signature_name: 'regress_x_to_y' }, input })
 */
export function regress(provider: ModelProvider, request: ExamplesRequest): Promise<RegressionResponseOut> {
  const spec = requireModelSpec(request.model_spec);
  return withServable(provider, spec, async (handle) => {
    const signature = findSignature(handle, signatureKey(spec.signature_name), 'examples');
    const result = await runRegress(handle.servable, signature, () => serializedExamples(request.input));
    return { model_spec: responseModelSpec(spec.name ?? '', spec.signature_name ?? '', handle.version), result };
  });
}

/** A MultiInferenceRequest task as the core sees it. */
function taskOf(spec: ModelSpecMessage | null | undefined, methodName: string | undefined): InferenceTask {
  return { modelName: spec?.name ?? '', signatureName: spec?.signature_name ?? '', methodName: methodName ?? '' };
}

/**
 * Answers a MultiInferenceRequest on the servable of the first task's model_spec (TF Serving does the same).
 */
export function multiInference(provider: ModelProvider, request: MultiInferenceRequest): Promise<MultiInferenceResponseOut> {
  return withServable(provider, request.tasks[0]?.model_spec ?? {}, async (handle) => {
    const tasks = request.tasks.map((t) => taskOf(t.model_spec, t.method_name));
    let examples = 0;
    const results = await runMultiInference(handle, tasks, () => {
      const serialized = serializedExamples(request.input);
      examples = serialized.shape[0] ?? 0;
      return serialized;
    });
    // multi_inference.cc: the number of tf.Examples of each MultiInference request that ran, by model.
    recordRequestExampleCount(request.tasks[0]?.model_spec?.name ?? '', examples);
    return {
      results: results.map(({ task, classification, regression }) => {
        const model_spec = responseModelSpec(task.modelName, task.signatureName, handle.version);
        return classification ? { model_spec, classification_result: classification } : { model_spec, regression_result: regression };
      }),
    };
  });
}
