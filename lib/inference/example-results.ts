// Output tensors → ClassificationResult / RegressionResult, with the checks and messages of TF Serving's
// PostProcessClassificationResult (servables/tensorflow/classifier.cc) and PostProcessRegressionResult
// (regressor.cc). gRPC sends these results as protos, REST writes them as JSON (lib/api/codec/example-codec.ts).
import { ServingError } from '../errors/index.ts';
import type { SignatureInfo } from '../savedmodel/index.ts';
import type { HostTensor } from '../tensor/index.ts';
import { signatureDebugString } from './example-signatures.ts';
import type { ClassificationResult, RegressionResult } from './request-messages.ts';

/** The output aliases a Classify run fetches: those of "classes" and "scores" the signature has. */
export const CLASSIFY_OUTPUTS: readonly string[] = ['classes', 'scores'];
/** The output alias a Regress run fetches. */
export const REGRESS_OUTPUT = 'outputs';

const invalid = (message: string) => new ServingError('INVALID_ARGUMENT', message);

/** TensorShape::DebugString: "[2,3]". */
const shapeText = (t: HostTensor) => `[${t.shape.join(',')}]`;

/** classifier.cc: classes/scores must be [batch_size, num_classes] of DT_STRING/DT_FLOAT. */
function checkClassTensor(t: HostTensor, what: 'classes' | 'scores', numExamples: number): void {
  if (t.shape.length !== 2) throw invalid(`Expected Tensor shape: [batch_size num_classes] but got ${shapeText(t)}`);
  const dtype = what === 'classes' ? 'DT_STRING' : 'DT_FLOAT';
  if (t.dtype !== dtype) throw invalid(`Expected ${what} Tensor of ${dtype}. Got: ${t.dtype}`);
  if (t.shape[0] !== numExamples) throw invalid(`Expected ${what} output batch size of ${numExamples}. Got: ${t.shape[0]}`);
}

const utf8 = new TextDecoder('utf-8');

/** The Classify outputs a signature has ("classes" and/or "scores"); none is TF Serving's signature error. */
export function classifyOutputs(signature: SignatureInfo): string[] {
  const aliases = CLASSIFY_OUTPUTS.filter((a) => a in signature.outputs);
  if (aliases.length === 0) {
    throw invalid(
      `Expected classification signature outputs to contain at least one of "classes" or "scores". Signature was: ${signatureDebugString(signature)}`,
    );
  }
  return aliases;
}

/**
 * One Classifications per example: labels from `classes` (none: ""), scores from `scores` (none: 0).
 * @example classificationResult(sig, 2, new Map([['scores', s]]))  // { classifications: [{ classes: [{ label: '', score: 2.5 }] }, …] }
 */
export function classificationResult(signature: SignatureInfo, numExamples: number, outputs: Map<string, HostTensor>): ClassificationResult {
  const wanted = classifyOutputs(signature);
  const got = wanted.filter((a) => outputs.has(a));
  if (got.length !== wanted.length) throw invalid(`Expected ${wanted.length} output tensor(s).  Got: ${got.length}`);
  const classes = wanted.includes('classes') ? outputs.get('classes') : undefined;
  const scores = wanted.includes('scores') ? outputs.get('scores') : undefined;
  if (classes) checkClassTensor(classes, 'classes', numExamples);
  if (scores) checkClassTensor(scores, 'scores', numExamples);
  if (classes && scores && classes.shape[1] !== scores.shape[1]) {
    throw invalid(`Tensors class and score should match in dim_size(1). Got ${classes.shape[1]} vs. ${scores.shape[1]}`);
  }
  const numClasses = (classes ?? scores)?.shape[1] ?? 0;
  const labels = classes?.data as Uint8Array[] | undefined;
  const values = scores?.data as Float32Array | undefined;
  const classifications: ClassificationResult['classifications'] = [];
  for (let i = 0; i < numExamples; i++) {
    const row: { label: string; score: number }[] = [];
    for (let c = 0; c < numClasses; c++) {
      const k = i * numClasses + c;
      row.push({ label: labels ? utf8.decode(labels[k]) : '', score: values ? values[k] : 0 });
    }
    classifications.push({ classes: row });
  }
  return { classifications };
}

/**
 * One Regression per example from the `outputs` tensor: DT_FLOAT shaped [batch_size] or [batch_size, 1].
 * @example regressionResult(sig, 2, new Map([['outputs', y]]))  // { regressions: [{ value: 2.5 }, { value: 3 }] }
 */
export function regressionResult(signature: SignatureInfo, numExamples: number, outputs: Map<string, HostTensor>): RegressionResult {
  const spec = signature.outputs[REGRESS_OUTPUT];
  if (!spec) throw new ServingError('FAILED_PRECONDITION', `No regression outputs found in SignatureDef: ${signatureDebugString(signature)}`);
  const t = outputs.get(REGRESS_OUTPUT);
  if (!t) throw invalid(`Could not find output tensor '${spec.name}'`);
  if (!(t.shape.length === 1 || (t.shape.length === 2 && t.shape[1] === 1))) {
    throw invalid(`Expected output Tensor shape to be either [batch_size] or [batch_size, 1] but got ${shapeText(t)}`);
  }
  if (numExamples !== t.shape[0]) throw invalid(`Input batch size did not match output batch size: ${numExamples} vs. ${t.shape[0]}`);
  if (t.dtype !== 'DT_FLOAT') throw invalid(`Expected output Tensor of DT_FLOAT.  Got: ${t.dtype}`);
  const data = t.data as Float32Array;
  if (data.length !== numExamples) throw invalid(`Expected output batch size to be ${numExamples}.  Got: ${data.length}`);
  const regressions: RegressionResult['regressions'] = [];
  for (let i = 0; i < numExamples; i++) regressions.push({ value: data[i] });
  return { regressions };
}
