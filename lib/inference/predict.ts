// Predict on a model with TF Serving's checks and messages in its order (servables/tensorflow/predict_util.cc
// RunPredict/PreProcessPrediction, and TensorFlow's saved_model/util.cc GetInputValues for missing inputs and
// signature defaults), for requests whose tensors are TensorProtos: gRPC and model warm-up.
import { isServingError, ServingError } from '../errors/index.ts';
import type { SignatureInfo } from '../savedmodel/index.ts';
import { ByteBudget, dataTypeString, decodeTensorProto, dtypeName, type HostTensor, resolveLoadLimits, type TensorMessage } from '../tensor/index.ts';
import { findSignature, type InferenceModel } from './signature-lookup.ts';

const invalid = (message: string) => new ServingError('INVALID_ARGUMENT', message);
const sortedKeys = (o: object | undefined) => Object.keys(o ?? {}).sort();
const setDifference = (a: string[], b: string[]) => a.filter((x) => !b.includes(x));

/** predict_util.cc VerifyRequestInputsSize: more inputs than the signature, or fewer without defaults. */
function verifyInputsSize(signature: SignatureInfo, defaults: Record<string, TensorMessage>, inputs: Record<string, TensorMessage>): void {
  const sent = sortedKeys(inputs);
  const expected = sortedKeys(signature.inputs);
  const hasDefaults = sortedKeys(defaults).length > 0;
  if (sent.length > expected.length || (sent.length < expected.length && !hasDefaults)) {
    throw invalid(
      `input size does not match signature: ${sent.length}!=${expected.length} len({${sent.join(',')}}) != len({${expected.join(',')}}). ` +
        `Sent extra: {${setDifference(sent, expected).join(',')}}. Missing but required: {${setDifference(expected, sent).join(',')}}.`,
    );
  }
}

/**
 * Tensor::FromProto ("tensor parsing error: x" for a proto that is no valid tensor), then the dtype check
 * TensorFlow's session makes on feeds; TensorFlow.js would silently convert a mismatched dtype instead.
 */
function parseTensor(proto: TensorMessage, alias: string, want: string, index: number, budget: ByteBudget): HostTensor {
  const dtype = dtypeName(proto.dtype);
  if (dtype === 'DT_INVALID' || /^DT_\d+$/.test(dtype)) throw invalid(`tensor parsing error: ${alias}`);
  if (dtype !== want) throw invalid(`Expects arg[${index}] to be ${dataTypeString(want)} but ${dataTypeString(dtype)} is provided`);
  try {
    return decodeTensorProto(proto, `input '${alias}'`, budget);
  } catch (e) {
    if (isServingError(e) && e.code === 'INVALID_ARGUMENT') throw invalid(`tensor parsing error: ${alias}`);
    // Over the limit through *_val fields means a fill of the last value (dims [1e9] with one float_val):
    // TF Serving's FromProto cannot allocate it and answers "tensor parsing error" too. Full tensor_content
    // over the limit stays RESOURCE_EXHAUSTED.
    if (isServingError(e) && e.code === 'RESOURCE_EXHAUSTED' && !proto.tensor_content?.length) throw invalid(`tensor parsing error: ${alias}`);
    throw e;
  }
}

/** GetInputValues: every signature input, from the request or else from the signature's defaults. */
function inputValues(signature: SignatureInfo, defaults: Record<string, TensorMessage>, request: Record<string, TensorMessage>, budget: ByteBudget): Map<string, HostTensor> {
  const out = new Map<string, HostTensor>();
  const seen = new Set<string>();
  sortedKeys(signature.inputs).forEach((alias, index) => {
    const info = signature.inputs[alias];
    let proto = Object.prototype.hasOwnProperty.call(request, alias) ? request[alias] : undefined;
    if (proto) seen.add(alias);
    else {
      proto = Object.prototype.hasOwnProperty.call(defaults, alias) ? defaults[alias] : undefined;
      if (!proto) {
        throw invalid(
          `Signature input alias: ${alias}(feed name: ${info.name ?? ''}) not found in request and no default value provided. ` +
            `Inputs expected to be in the request {${sortedKeys(request).join(',')}}, or default input alias set: ${sortedKeys(defaults).join(',')}`,
        );
      }
    }
    out.set(alias, parseTensor(proto, alias, info.dtype.replace(/_REF$/, ''), index, budget));
  });
  const sent = sortedKeys(request);
  if (sent.length > 0 && seen.size !== sent.length) {
    throw invalid(`Inputs contains invalid name. Used request inputs: ${[...seen].sort().join(',')}, request input: ${sent.join(',')}`);
  }
  return out;
}

/** PreProcessPrediction's output_filter: each alias must exist, once; none means every output. */
function outputAliases(signature: SignatureInfo, filter: readonly string[]): string[] {
  const all = sortedKeys(signature.outputs);
  if (filter.length === 0) return all;
  const seen = new Set<string>();
  for (const alias of filter) {
    if (!all.includes(alias)) {
      throw invalid(`output tensor alias not found in signature: ${alias} Outputs expected to be in the set {${all.join(',')}}.`);
    }
    if (seen.has(alias)) throw invalid(`duplicate output tensor alias: ${alias}`);
    seen.add(alias);
  }
  return [...filter];
}

/** A Predict's tensors: inputs by alias as TensorProtos, and the output_filter (empty: every output). */
export interface PredictTensors {
  inputs: Record<string, TensorMessage>;
  outputFilter: readonly string[];
  /** Bound on the request's decoded input bytes (fills expanded), charged before each input is allocated; default the engine's tensor limit. */
  maxTensorBytes?: number;
}

/** The SignatureDef's default inputs (SignatureDef.defaults), from the MetaGraph when the model has one. */
function signatureDefaults(model: InferenceModel, key: string): Record<string, TensorMessage> {
  const defs = model.metaGraph?.def.signature_def ?? {};
  return (Object.prototype.hasOwnProperty.call(defs, key) ? defs[key].defaults : undefined) ?? {};
}

/**
 * RunPredict on the signature `key`: validates the request against the signature, runs it, and returns the
 * outputs by alias in the order the response lists them.
 * @example await runPredict(handle, 'serving_default', { inputs: { x }, outputFilter: [] })  // { aliases: ['y'], outputs }
 */
export async function runPredict(model: InferenceModel, key: string, request: PredictTensors): Promise<{ aliases: string[]; outputs: Map<string, HostTensor> }> {
  const signature = findSignature(model, key, 'predict');
  const defaults = signatureDefaults(model, key);
  verifyInputsSize(signature, defaults, request.inputs);
  // Every input's decoded size (fills expanded) is charged before it is allocated: one budget per request.
  const budget = new ByteBudget(request.maxTensorBytes ?? resolveLoadLimits().maxTensorBytes, 'the request tensor limit');
  const values = inputValues(signature, defaults, request.inputs, budget);
  const aliases = outputAliases(signature, request.outputFilter);
  const outputs = await model.servable.run(key, values, aliases);
  return { aliases, outputs };
}
