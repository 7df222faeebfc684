// FAST PATH for the predict bodies that carry large numbers of numbers: {"instances": <tensor>} for a
// single-input signature, {"inputs": <tensor>} or {"inputs": {"<name>": <tensor>, …}}, with an optional string
// "signature_name", each tensor read by fast-tensor-scan.ts. Anything else gives undefined and the caller
// decodes with the general path (predict-codec.ts), which also reports every error.
import { isServingError } from '../../../errors/index.ts';
import type { HostTensor } from '../../../tensor/index.ts';
import type { SignatureInfo } from '../../../savedmodel/index.ts';
import { asciiBytes, isScannableDType, scanTensor } from './fast-tensor-scan.ts';
import { lastString, readString, skipWhitespace } from '../json-lexeme.ts';
import { DEFAULT_SIGNATURE } from '../json-request.ts';
import type { DecodedPredictRequest } from '../../codec/predict-codec.ts';

/**
 * The decoded request, or undefined when the body is not one this path takes. `signatureName` is the name
 * `signature` was looked up by; a body naming another signature gives undefined.
 * The result equals the general path's: same shapes, same elements bit for bit (see fast-tensor-scan.ts).
 * @example fastDecodePredict('{"instances": [[0.5, 1]]}', sig, 'serving_default')  // {format: 'row', inputs: {x: [1,2]}}
 */
/** `raw`, when given, is the body's bytes (RequestBody.bytes), read instead of encoding `body` again. */
export function fastDecodePredict(body: string, signature: SignatureInfo, signatureName: string, raw?: Uint8Array): DecodedPredictRequest | undefined {
  const names = Object.keys(signature.inputs).sort();
  if (names.length === 0 || !names.every((n) => isScannableDType(signature.inputs[n].dtype))) return undefined;
  const bytes = asciiBytes(body, raw);
  if (!bytes) return undefined;
  try {
    return decodeBody(body, bytes, signature, names, signatureName);
  } catch (e) {
    if (isServingError(e)) return undefined; // a malformed string or key: the general path reports it
    throw e;
  }
}

function decodeBody(body: string, bytes: Uint8Array, signature: SignatureInfo, names: string[], signatureName: string): DecodedPredictRequest | undefined {
  let p = skipWhitespace(body, 0);
  if (body.charCodeAt(p) !== 123) return undefined;
  p = skipWhitespace(body, p + 1);
  let requested: string | undefined;
  let format: DecodedPredictRequest['format'] | undefined;
  let inputs: Map<string, HostTensor> | undefined;
  for (;;) {
    if (body.charCodeAt(p) !== 34) return undefined;
    p = skipWhitespace(body, readString(body, p));
    const key = lastString;
    if (body.charCodeAt(p) !== 58) return undefined;
    p = skipWhitespace(body, p + 1);
    if (key === 'signature_name') {
      if (requested !== undefined || body.charCodeAt(p) !== 34) return undefined;
      p = readString(body, p);
      requested = lastString;
    } else if (key === 'instances' || key === 'inputs') {
      if (format !== undefined) return undefined; // both keys, or one twice: the general path decides
      format = key === 'instances' ? 'row' : 'columnar';
      if (format === 'columnar' && body.charCodeAt(p) === 123) {
        inputs = new Map();
        p = scanNamedTensors(body, bytes, p, signature, names, inputs);
        if (p < 0) return undefined;
      } else {
        if (names.length !== 1) return undefined;
        const t = scanTensor(body, bytes, p, signature.inputs[names[0]].dtype);
        // Row format needs a non-empty list (the scanner never returns an empty one).
        if (!t || (format === 'row' && t.shape.length === 0)) return undefined;
        inputs = new Map([[names[0], { dtype: signature.inputs[names[0]].dtype, shape: t.shape, data: t.data } as HostTensor]]);
        p = t.end;
      }
    } else return undefined;
    p = skipWhitespace(body, p);
    const c = body.charCodeAt(p);
    if (c === 125) break; // RapidJSON's kParseStopWhenDoneFlag: text after the document is ignored
    if (c !== 44) return undefined;
    p = skipWhitespace(body, p + 1);
  }
  if (!inputs || (requested || DEFAULT_SIGNATURE) !== signatureName) return undefined;
  return { signatureName, format: format!, inputs };
}

/** {"<name>": tensor, …} naming every input exactly once (in any order) into `out`, sorted; the end, or -1. */
function scanNamedTensors(body: string, bytes: Uint8Array, p: number, signature: SignatureInfo, names: string[], out: Map<string, HostTensor>): number {
  const found = new Map<string, HostTensor>();
  p = skipWhitespace(body, p + 1);
  for (;;) {
    if (body.charCodeAt(p) !== 34) return -1;
    p = skipWhitespace(body, readString(body, p));
    const name = lastString;
    const spec = signature.inputs[name];
    if (body.charCodeAt(p) !== 58 || !Object.hasOwn(signature.inputs, name) || found.has(name)) return -1;
    const t = scanTensor(body, bytes, skipWhitespace(body, p + 1), spec.dtype);
    if (!t) return -1;
    found.set(name, { dtype: spec.dtype, shape: t.shape, data: t.data } as HostTensor);
    p = skipWhitespace(body, t.end);
    const c = body.charCodeAt(p);
    if (c === 125) break;
    if (c !== 44) return -1;
    p = skipWhitespace(body, p + 1);
  }
  if (found.size !== names.length) return -1;
  for (const name of names) out.set(name, found.get(name)!);
  return p + 1;
}
