// Classify and Regress over REST: the body's examples -> serialized tf.Examples for the signature's string
// input, and the classes/scores or outputs tensors -> {"results": …}. Follows tensorflow_serving/util/
// json_tensor.cc (FillClassifyRegressRequestFromJson, MakeJsonFromClassificationResult/RegressionResult) and
// the result checks of servables/tensorflow/classifier.cc and regressor.cc.
import { ServingError } from '../../errors/index.ts';
import type { HostTensor } from '../../tensor/index.ts';
import type { SignatureInfo } from '../../savedmodel/index.ts';
import { exampleFromJson } from '../json/example-features.ts';
import { signatureDebugString } from '../../inference/index.ts';
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
  const data = examples.map((e) => {
    const own = exampleFromJson(e);
    if (!contextBytes) return own;
    const joined = new Uint8Array(contextBytes.length + own.length);
    joined.set(contextBytes);
    joined.set(own, contextBytes.length);
    return joined;
  });
  return { signatureName, serialized: { dtype: 'DT_STRING', shape: [data.length], data } };
}

function invalid(message: string): ServingError {
  return new ServingError('INVALID_ARGUMENT', message);
}

/** TensorShape::DebugString: "[2,3]". */
function shapeText(t: HostTensor): string {
  return `[${t.shape.join(',')}]`;
}

/** The output tensor for a signature alias, or TF Serving's count mismatch error when the session lacks it. */
function requiredOutput(outputs: Map<string, HostTensor>, aliases: string[], alias: string): HostTensor {
  const t = outputs.get(alias);
  if (!t) {
    const got = aliases.filter((a) => outputs.has(a)).length;
    throw invalid(`Expected ${aliases.length} output tensor(s).  Got: ${got}`);
  }
  return t;
}

/** classifier.cc: classes/scores must be [batch_size, num_classes] of DT_STRING/DT_FLOAT. */
function checkClassOutput(t: HostTensor, what: 'classes' | 'scores', numExamples: number): void {
  if (t.shape.length !== 2) throw invalid(`Expected Tensor shape: [batch_size num_classes] but got ${shapeText(t)}`);
  const dtype = what === 'classes' ? 'DT_STRING' : 'DT_FLOAT';
  if (t.dtype !== dtype) throw invalid(`Expected ${what} Tensor of ${dtype}. Got: ${t.dtype}`);
  if (t.shape[0] !== numExamples) throw invalid(`Expected ${what} output batch size of ${numExamples}. Got: ${t.shape[0]}`);
}

const utf8 = new TextDecoder('utf-8');

/**
 * {"results": [[[label, score], …] per example]} from the signature's `classes` (labels; "" when the signature
 * has none) and `scores` (0 when it has none) outputs. `numExamples` defaults to the outputs' first dimension.
 * @example encodeClassifyResponse(new Map([['scores', s]]), sig)  // '{"results":[[["",2.5]],[["",3.0]]]}'
 */
export function encodeClassifyResponse(outputs: Map<string, HostTensor>, signature: SignatureInfo, numExamples?: number): string {
  const aliases = ['classes', 'scores'].filter((a) => a in signature.outputs);
  if (aliases.length === 0) {
    throw invalid(
      `Expected classification signature outputs to contain at least one of "classes" or "scores". Signature was: ${signatureDebugString(signature)}`,
    );
  }
  const classes = 'classes' in signature.outputs ? requiredOutput(outputs, aliases, 'classes') : undefined;
  const scores = 'scores' in signature.outputs ? requiredOutput(outputs, aliases, 'scores') : undefined;
  const n = numExamples ?? (classes ?? scores)!.shape[0] ?? 0;
  if (classes) checkClassOutput(classes, 'classes', n);
  if (scores) checkClassOutput(scores, 'scores', n);
  if (classes && scores && classes.shape[1] !== scores.shape[1]) {
    throw invalid(`Tensors class and score should match in dim_size(1). Got ${classes.shape[1]} vs. ${scores.shape[1]}`);
  }
  if (n === 0) throw invalid('Cannot convert empty ClassificationResults to JSON');
  const numClasses = (classes ?? scores)!.shape[1];
  const labels = classes?.data as Uint8Array[] | undefined;
  const values = scores?.data as Float32Array | undefined;
  const rows: string[] = [];
  for (let i = 0; i < n; i++) {
    const pairs: string[] = [];
    for (let c = 0; c < numClasses; c++) {
      const k = i * numClasses + c;
      const label = labels ? jsonString(utf8.decode(labels[k])) : '""';
      pairs.push(`[${label},${formatFloat32(values ? values[k] : 0)}]`);
    }
    rows.push(`[${pairs.join(',')}]`);
  }
  return `{"results":[${rows.join(',')}]}`;
}

/**
 * {"results": [value per example]} from the signature's `outputs` output, which must be DT_FLOAT shaped
 * [batch_size] or [batch_size, 1] (regressor.cc PostProcessRegressionResult).
 * @example encodeRegressResponse(new Map([['outputs', y]]), sig)  // '{"results":[42.0]}'
 */
export function encodeRegressResponse(outputs: Map<string, HostTensor>, signature: SignatureInfo, numExamples?: number): string {
  const spec = signature.outputs.outputs;
  if (!spec) {
    throw new ServingError('FAILED_PRECONDITION', `No regression outputs found in SignatureDef: ${signatureDebugString(signature)}`);
  }
  const t = outputs.get('outputs');
  if (!t) throw invalid(`Could not find output tensor '${spec.name}'`);
  if (!(t.shape.length === 1 || (t.shape.length === 2 && t.shape[1] === 1))) {
    throw invalid(`Expected output Tensor shape to be either [batch_size] or [batch_size, 1] but got ${shapeText(t)}`);
  }
  const n = numExamples ?? t.shape[0];
  if (n !== t.shape[0]) throw invalid(`Input batch size did not match output batch size: ${n} vs. ${t.shape[0]}`);
  if (t.dtype !== 'DT_FLOAT') throw invalid(`Expected output Tensor of DT_FLOAT.  Got: ${t.dtype}`);
  const data = t.data as Float32Array;
  if (data.length !== n) throw invalid(`Expected output batch size to be ${n}.  Got: ${data.length}`);
  if (n === 0) throw invalid('Cannot convert empty RegressionResults to JSON');
  const values: string[] = [];
  for (let i = 0; i < n; i++) values.push(formatFloat32(data[i]));
  return `{"results":[${values.join(',')}]}`;
}
