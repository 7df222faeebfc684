// The request checks every engine runs before a signature (REST, gRPC, warm-up and `run` all reach them through
// Servable.run), and the one rule that turns a kernel's refusal of the inputs into INVALID_ARGUMENT.
// Not checked before running: static dims and dtypes against the SignatureDef. TensorFlow feeds replace the
// placeholder, so TF Serving runs a signature declared (1) with a [3] input (saved_model_half_plus_two_tf2_cpu's
// golden), and feeds serialized tf.Examples to a regress input the signature calls DT_FLOAT
// (saved_model_half_plus_three); only the graph's kernels decide. When a kernel refuses, the message says which
// input disagrees with the signature.
import { ServingError } from '../errors/index.ts';
import type { SignatureInfo, TensorSpec } from '../savedmodel/index.ts';
import type { HostTensor } from '../tensor/index.ts';

/** What an engine/backend can compute correctly. */
export interface InputLimits {
  /** Highest input rank computed correctly; undefined when none is known. */
  maxRank?: number;
  /** Named in the rank error, e.g. "the portable engine's wasm backend". */
  what: string;
}

const shapeText = (shape: readonly number[]) => `[${shape.join(',')}]`;

/**
 * Refuses, with INVALID_ARGUMENT, an input of a rank the backend cannot compute correctly (the wasm backend's
 * XNNPACK kernels stop at rank 6 and return garbage beyond it, rather than failing).
 */
export function checkInputs(info: SignatureInfo, inputs: ReadonlyMap<string, HostTensor>, limits: InputLimits): void {
  for (const alias in info.inputs) {
    const value = inputs.get(alias);
    if (!value) continue;
    if (limits.maxRank !== undefined && value.shape.length > limits.maxRank) {
      throw new ServingError(
        'INVALID_ARGUMENT',
        `input '${alias}' has rank ${value.shape.length} (shape ${shapeText(value.shape)}); ${limits.what} computes tensors of rank at most ${limits.maxRank}`,
      );
    }
  }
}

/** TensorFlow's short dtype names (DataTypeString), as DirectSession's "Expects arg[i] to be float" prints them. */
const tfName = (dtype: string) => dtype.replace(/^DT_/, '').replace(/_REF$/, '').toLowerCase();

/**
 * Refuses a value whose dtype differs from the graph placeholder it feeds (not the SignatureDef's, which may
 * differ: see above), in DirectSession's words: "Expects arg[0] to be float but double is provided".
 */
export function checkFeedDtype(alias: string, index: number, value: HostTensor, placeholderDtype: string): void {
  if (value.dtype === placeholderDtype || tfName(value.dtype) === tfName(placeholderDtype)) return;
  throw new ServingError('INVALID_ARGUMENT', `Expects arg[${index}] to be ${tfName(placeholderDtype)} but ${tfName(value.dtype)} is provided (input '${alias}')`);
}

/** True when a fed shape cannot be the signature's (rank, or a static dim, differs). */
function disagrees(shape: readonly number[], spec: TensorSpec): boolean {
  if (spec.shape === null) return false;
  return shape.length !== spec.shape.length || spec.shape.some((d, i) => d >= 0 && d !== shape[i]);
}

/** "input 'x' has shape [1] where the signature declares [-1,64]" for each input the signature disagrees with. */
export function shapeMismatches(info: SignatureInfo, inputs: ReadonlyMap<string, HostTensor>): string[] {
  const out: string[] = [];
  for (const [alias, spec] of Object.entries(info.inputs)) {
    const value = inputs.get(alias);
    if (value && spec.shape && disagrees(value.shape, spec)) {
      out.push(`input '${alias}' has shape ${shapeText(value.shape)} where the signature declares ${shapeText(spec.shape)}`);
    }
  }
  return out;
}

/** "Kernel 'Einsum' not registered for backend 'wasm'" (tfjs-core engine.ts): a missing kernel, not a bad input. */
export const MISSING_KERNEL = /Kernel '(\w+)' not registered for backend '(\w+)'/;

/** "Unknown dtype string": the wasm backend's kernels (e.g. Fill) have no code for the dtype at all. */
const UNKNOWN_DTYPE = /^Unknown dtype (\w+)/;

/**
 * Classifies an exception raised while a signature ran: ServingErrors pass; a missing kernel, or a kernel with no
 * code for the dtype, is UNIMPLEMENTED;
 * a plain `Error` from a kernel (tfjs-core's assertions throw `new Error(text)`) is INVALID_ARGUMENT with its text,
 * plus the inputs whose shapes disagree with the signature; anything else (TypeError, RangeError, a wasm trap)
 * is returned as it is: a bug, reported as INTERNAL by the transport.
 */
export function runError(e: unknown, info: SignatureInfo, inputs: ReadonlyMap<string, HostTensor>): unknown {
  if (!(e instanceof Error) || e.name === 'ServingError') return e;
  const missing = MISSING_KERNEL.exec(e.message);
  if (missing) {
    return new ServingError('UNIMPLEMENTED', `signature '${info.key}': TensorFlow.js kernel '${missing[1]}' is not registered for backend '${missing[2]}'`, { cause: e });
  }
  const dtype = UNKNOWN_DTYPE.exec(e.message);
  if (dtype) {
    return new ServingError('UNIMPLEMENTED', `signature '${info.key}': a TensorFlow.js kernel of this backend cannot take dtype ${dtype[1]} (${e.message})`, { cause: e });
  }
  if (Object.getPrototypeOf(e) !== Error.prototype) return e;
  const mismatches = shapeMismatches(info, inputs);
  const text = mismatches.length ? `${e.message} (${mismatches.join('; ')})` : e.message;
  return new ServingError('INVALID_ARGUMENT', text, { cause: e });
}
