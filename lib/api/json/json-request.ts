// The top level of a predict/classify/regress body, as json_tensor.cc reads it (ParseJson, FillSignature,
// FormatError): a JSON object with an optional string "signature_name"; other keys are ignored.
import { ServingError } from '../../errors/index.ts';
import { DEFAULT_SIGNATURE } from '../../inference/index.ts';
import { jsonDebugString } from './json-debug-string.ts';
import { parseJson } from './json-parse.ts';
import { type JsonObject, type JsonValue, asJsonObject } from './json-value.ts';

export { DEFAULT_SIGNATURE } from '../../inference/index.ts';

/**
 * A request body: its text, and the bytes it arrived as when it arrived as bytes (an HTTP body, a base64 Lambda
 * event), which the fast scanner reads numbers from without encoding the text again.
 */
export interface RequestBody {
  text: string;
  bytes?: Uint8Array;
}

const utf8 = new TextDecoder('utf-8');

/**
 * The body as text (UTF-8, invalid sequences replaced as RapidJSON's reader would not see them) with its bytes.
 * The text is decoded when first read: a body decoded in a worker thread (codec/decode-offload.ts) never is here.
 */
export function requestBody(body: string | Uint8Array): RequestBody {
  if (typeof body === 'string') return { text: body };
  let text: string | undefined;
  return {
    get text() {
      return (text ??= utf8.decode(body));
    },
    bytes: body,
  };
}

/** json_tensor.cc FormatError: "JSON Value: <the whole document> <details>". */
export function formatError(doc: JsonValue, ...details: string[]): ServingError {
  return new ServingError('INVALID_ARGUMENT', `JSON Value: ${jsonDebugString(doc)} ${details.join('')}`);
}

/** Parses a body that must be a JSON object (else `JSON Value: … Is not object`). */
export function parseRequestObject(body: string): JsonObject {
  const doc = parseJson(body);
  const obj = asJsonObject(doc);
  if (!obj) throw formatError(doc, 'Is not object');
  return obj;
}

/**
 * The requested signature name: "signature_name" if present (it must be a string), "" otherwise.
 * Callers map "" to DEFAULT_SIGNATURE, as TF Serving does.
 */
export function requestSignatureName(doc: JsonObject): string {
  const v = doc.get('signature_name');
  if (v === undefined) return '';
  if (typeof v !== 'string') {
    throw formatError(doc, "not formatted correctly. 'signature_name' key must be a string value.");
  }
  return v;
}
