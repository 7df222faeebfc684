// Classify, Regress and MultiInference on a model: serialized tf.Examples into a signature's "inputs", results
// out, in TF Serving's order of checks (classifier.cc RunClassify, regressor.cc RunRegress, multi_inference.cc
// Infer). The examples come as a thunk so that signature errors win over "Input is empty.", as in TF Serving.
import type { Servable } from '../engine/index.ts';
import { ServingError } from '../errors/index.ts';
import type { SignatureInfo } from '../savedmodel/index.ts';
import type { HostTensor } from '../tensor/index.ts';
import { classificationResult, classifyOutputs, REGRESS_OUTPUT, regressionResult } from './example-results.ts';
import { checkClassifySignature, checkRegressSignature } from './example-signatures.ts';
import type { ClassificationResult, RegressionResult } from './request-messages.ts';
import { findSignature, type InferenceModel, signatureKey } from './signature-lookup.ts';

/** SignatureDef method names (tensorflow/cc/saved_model/signature_constants.h). */
export const CLASSIFY_METHOD_NAME = 'tensorflow/serving/classify';
export const REGRESS_METHOD_NAME = 'tensorflow/serving/regress';

/** The serialized Examples, built only once the signature has passed its checks. */
export type ExamplesThunk = () => HostTensor<'DT_STRING'>;

/**
 * RunClassify on a signature already looked up: checks it, runs the examples, checks and reads the outputs.
 * @example await runClassify(handle.servable, findSignature(handle, 'classify_x_to_y', 'examples'), () => examples)
 */
export async function runClassify(servable: Servable, signature: SignatureInfo, examples: ExamplesThunk): Promise<ClassificationResult> {
  const alias = checkClassifySignature(signature);
  const input = examples();
  const outputs = await servable.run(signature.key, new Map([[alias, input]]), classifyOutputs(signature));
  return classificationResult(signature, input.shape[0], outputs);
}

/** RunRegress on a signature already looked up. */
export async function runRegress(servable: Servable, signature: SignatureInfo, examples: ExamplesThunk): Promise<RegressionResult> {
  const alias = checkRegressSignature(signature);
  const input = examples();
  const outputs = await servable.run(signature.key, new Map([[alias, input]]), [REGRESS_OUTPUT]);
  return regressionResult(signature, input.shape[0], outputs);
}

/** One task of a MultiInferenceRequest: the model_spec's name and signature_name, and the method. */
export interface InferenceTask {
  modelName: string;
  signatureName: string;
  methodName: string;
}

export interface InferenceTaskResult {
  task: InferenceTask;
  classification?: ClassificationResult;
  regression?: RegressionResult;
}

interface PlannedTask {
  task: InferenceTask;
  signature: SignatureInfo;
  classify: boolean;
}

/** TensorFlowMultiInferenceRunner::Infer's checks of the tasks, before anything runs. */
function planTasks(model: InferenceModel, tasks: readonly InferenceTask[]): PlannedTask[] {
  let modelName = '';
  const keys = new Set<string>();
  return tasks.map((task) => {
    if (task.modelName === '') throw new ServingError('INVALID_ARGUMENT', 'Found ModelSpec with an empty model name.');
    if (modelName === '') modelName = task.modelName;
    else if (modelName !== task.modelName) {
      throw new ServingError('INVALID_ARGUMENT', 'All ModelSpecs in a MultiInferenceRequest must access the same model name.');
    }
    const key = signatureKey(task.signatureName);
    if (keys.has(key)) throw new ServingError('INVALID_ARGUMENT', `Duplicate evaluation of signature: ${key}`);
    keys.add(key);
    const signature = findSignature(model, key, 'multi-inference');
    if (task.methodName === CLASSIFY_METHOD_NAME) checkClassifySignature(signature);
    else if (task.methodName === REGRESS_METHOD_NAME) checkRegressSignature(signature);
    else throw new ServingError('UNIMPLEMENTED', `Unsupported signature method_name: ${task.methodName}`);
    return { task, signature, classify: task.methodName === CLASSIFY_METHOD_NAME };
  });
}

/**
 * MultiInference: every task (one signature each, all of one model) over the same examples. Each signature runs
 * once; TF Serving fetches all tasks' outputs in one Session::Run.
 */
export async function runMultiInference(model: InferenceModel, tasks: readonly InferenceTask[], examples: ExamplesThunk): Promise<InferenceTaskResult[]> {
  const planned = planTasks(model, tasks);
  const input = examples();
  const results: InferenceTaskResult[] = [];
  for (const { task, signature, classify } of planned) {
    const fetch = classify ? classifyOutputs(signature) : [REGRESS_OUTPUT];
    const outputs = await model.servable.run(signature.key, new Map([[checkExamplesAlias(signature, classify), input]]), fetch);
    results.push(
      classify
        ? { task, classification: classificationResult(signature, input.shape[0], outputs) }
        : { task, regression: regressionResult(signature, input.shape[0], outputs) },
    );
  }
  return results;
}

function checkExamplesAlias(signature: SignatureInfo, classify: boolean): string {
  return classify ? checkClassifySignature(signature) : checkRegressSignature(signature);
}
