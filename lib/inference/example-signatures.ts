// Which signatures Classify and Regress accept, with TF Serving's messages (PreProcessClassification in
// servables/tensorflow/classifier.cc, PreProcessRegression in regressor.cc). The method_name itself is not
// checked: --enable_signature_method_name_check defaults to false.
import { ServingError } from '../errors/index.ts';
import type { SignatureInfo, TensorSpec } from '../savedmodel/index.ts';

/** tensorflow::serving kClassifyInputs / kRegressInputs: the alias that receives the serialized Examples. */
export const EXAMPLES_INPUT = 'inputs';

function invalid(message: string): ServingError {
  return new ServingError('INVALID_ARGUMENT', message);
}

/**
 * Checks a signature for Classify; returns the input alias ("inputs").
 * @example checkClassifySignature(sig)  // throws 'Expected one input Tensor.' for a two-input signature
 */
export function checkClassifySignature(sig: SignatureInfo): string {
  if (Object.keys(sig.inputs).length !== 1) throw invalid('Expected one input Tensor.');
  const outputs = Object.keys(sig.outputs).length;
  if (outputs !== 1 && outputs !== 2) throw invalid(`Expected one or two output Tensors, found ${outputs}`);
  if (!(EXAMPLES_INPUT in sig.inputs)) throw invalid(`No classification inputs found in SignatureDef: ${signatureDebugString(sig)}`);
  if (!('classes' in sig.outputs) && !('scores' in sig.outputs)) {
    throw invalid(
      `Expected classification signature outputs to contain at least one of "classes" or "scores". Signature was: ${signatureDebugString(sig)}`,
    );
  }
  return EXAMPLES_INPUT;
}

/** Checks a signature for Regress; returns the input alias ("inputs"). */
export function checkRegressSignature(sig: SignatureInfo): string {
  if (Object.keys(sig.inputs).length !== 1) throw invalid('Expected one input Tensor.');
  if (Object.keys(sig.outputs).length !== 1) throw invalid('Expected one output Tensor.');
  if (!(EXAMPLES_INPUT in sig.inputs)) throw invalid(`No regression inputs found in SignatureDef: ${signatureDebugString(sig)}`);
  if (!('outputs' in sig.outputs)) throw invalid(`No regression outputs found in SignatureDef: ${signatureDebugString(sig)}`);
  return EXAMPLES_INPUT;
}

/**
 * SignatureDef::DebugString() (protobuf text format, map entries sorted by key) as TF Serving puts it in
 * these messages. Approximation: TensorInfo fields we do not keep (e.g. composite tensors) are omitted.
 */
export function signatureDebugString(sig: SignatureInfo): string {
  const lines: string[] = [];
  const entries = (field: string, map: Record<string, TensorSpec>) => {
    for (const key of Object.keys(map).sort()) {
      const spec = map[key];
      lines.push(`${field} {`, `  key: ${JSON.stringify(key)}`, '  value {', `    name: ${JSON.stringify(spec.name)}`, `    dtype: ${spec.dtype}`, '    tensor_shape {');
      if (spec.shape === null) lines.push('      unknown_rank: true');
      else for (const d of spec.shape) lines.push('      dim {', `        size: ${d}`, '      }');
      lines.push('    }', '  }', '}');
    }
  };
  entries('inputs', sig.inputs);
  entries('outputs', sig.outputs);
  lines.push(`method_name: ${JSON.stringify(sig.methodName)}`);
  return `${lines.join('\n')}\n`;
}
