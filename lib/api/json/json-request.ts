// The top level of a predict/classify/regress body, as json_tensor.cc reads it (ParseJson, FillSignature,
// FormatError): a JSON object with an optional string "signature_name"; other keys are ignored.
import { ServingError } from '../../errors/index.ts';
import { jsonDebugString } from './json-debug-string.ts';
import { parseJson } from './json-parse.ts';
import { type JsonObject, type JsonValue, asJsonObject } from './json-value.ts';

/** The signature used when a request names none (or names ""), tensorflow::kDefaultServingSignatureDefKey. */
export const DEFAULT_SIGNATURE = 'serving_default';

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
