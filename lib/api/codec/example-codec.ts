// Classify and Regress over REST: the body's examples -> serialized tf.Examples for the signature's string
// input, and the classes/scores or outputs tensors -> {"results": …}. Follows tensorflow_serving/util/
// json_tensor.cc (FillClassifyRegressRequestFromJson, MakeJsonFromClassificationResult/RegressionResult) and
// the result checks of servables/tensorflow/classifier.cc and regressor.cc, which are the inference core's.
import { ServingError } from '../../errors/index.ts';
import {
  CLASSIFY_OUTPUTS, type ClassificationResult, classificationResult, REGRESS_OUTPUT, type RegressionResult, regressionResult, withContext,
} from '../../inference/index.ts';
import type { SignatureInfo } from '../../savedmodel/index.ts';
import type { HostTensor } from '../../tensor/index.ts';
import { exampleFromJson } from '../json/example-features.ts';
import { formatFloat32 } from '../json/float-format.ts';
import { DEFAULT_SIGNATURE, formatError, parseRequestObject, requestSignatureName } from '../json/json-request.ts';
import { jsonString } from '../json/json-write.ts';

export interface DecodedExamplesRequest {
  /** The request's "signature_name", or "serving_default" when absent or "". */
  signatureName: string;
  /** One serialized tf.Example per entry of "examples", shape [n]. */
  serialized: HostTensor<'DT_STRING'>;
}

/**
 * Decodes a Classify/Regress body. Each example's bytes are the serialized "context" Example (if any)
 * followed by the example's own: protobuf merges concatenated messages, so an example's feature wins over a
 * context feature of the same name, and `{}` takes everything from the context (TF Serving does the same with
 * ExampleListWithContext).
 * @example decodeExamplesRequest('{"examples": [{"x": 80.0}]}').serialized.shape  // [1]
 */
export function decodeExamplesRequest(body: string): DecodedExamplesRequest {
  const doc = parseRequestObject(body);
  const signatureName = requestSignatureName(doc) || DEFAULT_SIGNATURE;
  const context = doc.get('context');
  const contextBytes = context === undefined ? undefined : exampleFromJson(context);
  const examples = doc.get('examples');
  // TF Serving says "classify" here for Regress requests too.
  if (examples === undefined) throw formatError(doc, "When method is classify, key 'examples' is expected and was not found");
  if (!Array.isArray(examples)) throw formatError(doc, "Expecting 'examples' value to be an list/array");
  if (examples.length === 0) throw formatError(doc, "'examples' value is an empty array");
  const data = examples.map((e) => withContext(contextBytes, exampleFromJson(e)));
  return { signatureName, serialized: { dtype: 'DT_STRING', shape: [data.length], data } };
}

/**
 * {"results": [[[label, score], …] per example]} from the signature's `classes` (labels; "" when the signature
 * has none) and `scores` (0 when it has none) outputs, checked by the inference core. `numExamples` defaults to
 * the outputs' first dimension.
 * @example encodeClassifyResponse(new Map([['scores', s]]), sig)  // '{"results":[[["",2.5]],[["",3.0]]]}'
 */
export function encodeClassifyResponse(outputs: Map<string, HostTensor>, signature: SignatureInfo, numExamples?: number): string {
  return encodeClassifyResult(classificationResult(signature, numExamples ?? batchOf(outputs, CLASSIFY_OUTPUTS), outputs));
}

/**
 * {"results": [value per example]} from the signature's `outputs` output, which must be DT_FLOAT shaped
 * [batch_size] or [batch_size, 1] (checked by the inference core).
 * @example encodeRegressResponse(new Map([['outputs', y]]), sig)  // '{"results":[42.0]}'
 */
export function encodeRegressResponse(outputs: Map<string, HostTensor>, signature: SignatureInfo, numExamples?: number): string {
  return encodeRegressResult(regressionResult(signature, numExamples ?? batchOf(outputs, [REGRESS_OUTPUT]), outputs));
}

/** The first dimension of the first of `aliases` in `outputs` (0 when none is there). */
function batchOf(outputs: Map<string, HostTensor>, aliases: readonly string[]): number {
  for (const a of aliases) {
    const t = outputs.get(a);
    if (t) return t.shape[0] ?? 0;
  }
  return 0;
}

/** json_tensor.cc MakeJsonFromClassificationResult. */
export function encodeClassifyResult(result: ClassificationResult): string {
  if (result.classifications.length === 0) throw new ServingError('INVALID_ARGUMENT', 'Cannot convert empty ClassificationResults to JSON');
  const rows = result.classifications.map(({ classes }) => `[${classes.map((c) => `[${jsonString(c.label)},${formatFloat32(c.score)}]`).join(',')}]`);
  return `{"results":[${rows.join(',')}]}`;
}

/** json_tensor.cc MakeJsonFromRegressionResult. */
export function encodeRegressResult(result: RegressionResult): string {
  if (result.regressions.length === 0) throw new ServingError('INVALID_ARGUMENT', 'Cannot convert empty RegressionResults to JSON');
  return `{"results":[${result.regressions.map((r) => formatFloat32(r.value)).join(',')}]}`;
}
