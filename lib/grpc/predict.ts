// PredictionService.Predict over a ModelProvider, with TF Serving's checks and messages in its order
// (servables/tensorflow/predict_impl.cc, predict_util.cc RunPredict/PreProcessPrediction, and TensorFlow's
// saved_model/util.cc GetInputValues for missing inputs and signature defaults).
import type { ModelProvider } from '../api/index.ts';
import { ByteBudget, decodeTensorProto, type HostTensor, resolveLoadLimits } from '../engine/index.ts';
import { isServingError, ServingError } from '../errors/index.ts';
import { dtypeName, type SignatureDefMessage, type TensorMessage } from '../savedmodel/index.ts';
import type { PredictRequestMessage, PredictResponseOut } from './messages.ts';
import { requireModelSpec, responseModelSpec, servableSpec, signatureNameOf } from './model-spec.ts';
import { encodeTensorProto, type TensorEncoding } from './tensor-proto-encode.ts';

const invalid = (message: string) => new ServingError('INVALID_ARGUMENT', message);
const sortedKeys = (o: object | undefined) => Object.keys(o ?? {}).sort();
const setDifference = (a: string[], b: string[]) => a.filter((x) => !b.includes(x));

/** predict_util.cc VerifyRequestInputsSize: more inputs than the signature, or fewer without defaults. */
function verifyInputsSize(signature: SignatureDefMessage, inputs: Record<string, TensorMessage>): void {
  const sent = sortedKeys(inputs);
  const expected = sortedKeys(signature.inputs);
  const hasDefaults = sortedKeys(signature.defaults).length > 0;
  if (sent.length > expected.length || (sent.length < expected.length && !hasDefaults)) {
    throw invalid(
      `input size does not match signature: ${sent.length}!=${expected.length} len({${sent.join(',')}}) != len({${expected.join(',')}}). ` +
        `Sent extra: {${setDifference(sent, expected).join(',')}}. Missing but required: {${setDifference(expected, sent).join(',')}}.`,
    );
  }
}

/** TensorFlow's DataTypeString: "float" for DT_FLOAT, as in "Expects arg[0] to be float but int32 is provided". */
function dataTypeString(dtype: string): string {
  return dtype.replace(/^DT_/, '').toLowerCase();
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
function inputValues(signature: SignatureDefMessage, request: Record<string, TensorMessage>, budget: ByteBudget): Map<string, HostTensor> {
  const out = new Map<string, HostTensor>();
  const seen = new Set<string>();
  const defaults = signature.defaults ?? {};
  sortedKeys(signature.inputs).forEach((alias, index) => {
    const info = signature.inputs![alias];
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
    out.set(alias, parseTensor(proto, alias, dtypeName(info.dtype).replace(/_REF$/, ''), index, budget));
  });
  const sent = sortedKeys(request);
  if (sent.length > 0 && seen.size !== sent.length) {
    throw invalid(`Inputs contains invalid name. Used request inputs: ${[...seen].sort().join(',')}, request input: ${sent.join(',')}`);
  }
  return out;
}

/** PreProcessPrediction's output_filter: each alias must exist, once; none means every output. */
function outputAliases(signature: SignatureDefMessage, filter: string[]): string[] {
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
  return filter;
}

/**
 * Answers one PredictRequest: pins the servable, validates the request against the SignatureDef, runs it, and
 * encodes the outputs (keyed by alias) with the response's model_spec (name, signature_name, version).
 * `maxTensorBytes` bounds the request's decoded inputs (default: the engine's tensor limit).
 * @example await predict(provider, { model_spec: { name: 'half_plus_two' }, inputs: { x } })  // { model_spec, outputs: { y } }
 */
export async function predict(provider: ModelProvider, request: PredictRequestMessage, encoding: TensorEncoding, maxTensorBytes?: number): Promise<PredictResponseOut> {
  const spec = requireModelSpec(request.model_spec);
  const handle = await provider.acquire(servableSpec(spec));
  try {
    const signatureName = signatureNameOf(spec);
    const defs = handle.metaGraph.def.signature_def ?? {};
    const signature = Object.prototype.hasOwnProperty.call(defs, signatureName) ? defs[signatureName] : undefined;
    if (!signature) throw new ServingError('FAILED_PRECONDITION', `Serving signature key "${signatureName}" not found.`);
    const inputs = request.inputs ?? {};
    verifyInputsSize(signature, inputs);
    // Every input's decoded size (fills expanded) is charged before it is allocated: one budget per request.
    const budget = new ByteBudget(maxTensorBytes ?? resolveLoadLimits().maxTensorBytes, 'the request tensor limit');
    const values = inputValues(signature, inputs, budget);
    const aliases = outputAliases(signature, request.output_filter ?? []);
    const outputs = await handle.servable.run(signatureName, values, aliases);
    const encoded: Record<string, TensorMessage> = {};
    for (const alias of aliases) {
      const t = outputs.get(alias);
      if (!t) throw new ServingError('UNKNOWN', 'Predict internal error');
      encoded[alias] = encodeTensorProto(t, encoding);
    }
    return { model_spec: responseModelSpec(spec.name ?? '', spec.signature_name ?? '', handle.version), outputs: encoded };
  } finally {
    handle.release();
  }
}
