// What a worker thread does with a big REST body (decode-offload.ts sends it): the same decoders the main
// thread runs, over the same bytes, so answers and TF Serving's error texts are identical. The signature
// lookup reads a table the main thread sent; a name not in it comes back as `missing`, and the main thread
// asks the real lookup, which throws the real error (a missing servable, a missing signature).
import { isServingError, ServingError } from '../../errors/index.ts';
import type { SignatureInfo } from '../../savedmodel/index.ts';
import type { HostTensor } from '../../tensor/index.ts';
import { parseRequestObject, requestBody, requestSignatureName } from '../json/json-request.ts';
import { type DecodedExamplesRequest, decodeExamplesRequest } from './example-codec.ts';
import { type DecodedPredictRequest, decodePredictRequest } from './predict-codec.ts';

export type DecodeJob =
  | { kind: 'predict'; bytes: Uint8Array; signatures: Record<string, SignatureInfo> }
  | { kind: 'examples'; bytes: Uint8Array }
  /** The top level of a Predict body only (rest-handler.ts checks it before a cold load). */
  | { kind: 'check-predict'; bytes: Uint8Array };

export type DecodeAnswer =
  | { kind: 'predict'; request: DecodedPredictRequest }
  | { kind: 'examples'; request: DecodedExamplesRequest }
  | { kind: 'checked' }
  /** The body named a signature the table lacks. */
  | { kind: 'missing'; name: string };

/** Runs one job; typed arrays of the answer are transferred back, not copied. */
export function handleJob(job: DecodeJob): { value: DecodeAnswer; transfer: ArrayBuffer[] } {
  const body = requestBody(job.bytes);
  if (job.kind === 'check-predict') {
    requestSignatureName(parseRequestObject(body.text));
    return { value: { kind: 'checked' }, transfer: [] };
  }
  if (job.kind === 'examples') {
    const request = decodeExamplesRequest(body.text);
    return { value: { kind: 'examples', request }, transfer: [] };
  }
  const misses = new Set<ServingError>();
  const lookup = (name: string): SignatureInfo => {
    if (Object.prototype.hasOwnProperty.call(job.signatures, name)) return job.signatures[name];
    const miss = new ServingError('NOT_FOUND', name);
    misses.add(miss);
    throw miss;
  };
  try {
    const request = decodePredictRequest(body, lookup);
    return { value: { kind: 'predict', request }, transfer: buffersOf(request.inputs.values()) };
  } catch (e) {
    if (isServingError(e) && misses.has(e)) return { value: { kind: 'missing', name: e.message }, transfer: [] };
    throw e;
  }
}

function buffersOf(tensors: Iterable<HostTensor>): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const t of tensors) {
    if (ArrayBuffer.isView(t.data) && t.data.buffer instanceof ArrayBuffer) out.add(t.data.buffer);
  }
  return [...out];
}
