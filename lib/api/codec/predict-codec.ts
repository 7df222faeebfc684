// Predict over REST: request body -> named input tensors, output tensors -> response body, following
// tensorflow_serving/util/json_tensor.cc (FillPredictRequestFromJson, MakeJsonFromTensors) message for message.
import { ServingError, isServingError } from '../../errors/index.ts';
import type { HostTensor } from '../../tensor/index.ts';
import type { SignatureInfo } from '../../savedmodel/index.ts';
import { DEFAULT_SIGNATURE, formatError, parseRequestObject, type RequestBody, requestSignatureName } from '../json/json-request.ts';
import { type JsonObject, type JsonValue, asJsonObject } from '../json/json-value.ts';
import { fastDecodePredict } from '../json/fast/fast-predict-request.ts';
import { elementWriter, isBytesTensorName, jsonString, responseBuffer, writeTensorTo } from '../json/json-write.ts';
import { decodeRows, type InputInfo } from '../json/predict-rows.ts';
import { isBase64Object, tensorFromJson } from '../json/tensor-from-json.ts';

/** "row" for {"instances": …} requests, "columnar" for {"inputs": …}; the response mirrors it. */
export type PredictFormat = 'row' | 'columnar';

export interface DecodedPredictRequest {
  /** The signature used: the request's "signature_name", or "serving_default" when absent or "". */
  signatureName: string;
  format: PredictFormat;
  /** Input tensors by signature alias. */
  inputs: Map<string, HostTensor>;
}

/** Finds a signature by name; throws (e.g. ServingError) when there is none. */
export type SignatureLookup = (name: string) => SignatureInfo;

/**
 * Decodes a Predict body against the signature it names. Row format adds the batch dimension; columnar takes
 * tensors as given. Shapes are NOT checked against the signature: TF Serving does not either (its goldens feed
 * a batch of 3 to a [1]-shaped TF2 input and a [3] vector to a scalar placeholder).
 * @example decodePredictRequest('{"instances": [1.0, 2.0]}', () => sig)  // {format: 'row', inputs: {x: [2] float}}
 */
export function decodePredictRequest(request: string | RequestBody, signatureLookup: SignatureLookup): DecodedPredictRequest {
  const { text: body, bytes } = typeof request === 'string' ? { text: request, bytes: undefined } : request;
  const guess = guessSignatureName(body);
  let guessed: SignatureInfo | undefined;
  if (guess !== undefined) {
    try {
      guessed = signatureLookup(guess);
    } catch (e) {
      if (!isServingError(e)) throw e; // reported below, after the body has been parsed (parse errors win)
    }
  }
  if (guessed) {
    // FAST PATH: plain numeric tensors scanned from the text into typed arrays (fast-predict-request.ts).
    const scanned = fastDecodePredict(body, guessed, guess!, bytes);
    if (scanned) return scanned;
  }
  if (guessed && Object.values(guessed.inputs).every((s) => FAST_PATH_DTYPES.has(s.dtype))) {
    const fast = fastDocument(body);
    if (fast && signatureOf(fast) === guess && !mayRepeatInputNames(body, fast, guessed)) {
      try {
        const decoded = decodeDocument(fast, guessed);
        if (!hasInfinity(decoded.inputs)) return decoded;
      } catch (e) {
        if (!isServingError(e)) throw e; // redone below: messages quote values as RapidJSON kept them ("1.0")
      }
    }
  }
  const doc = parseRequestObject(body);
  const name = signatureOf(doc);
  return decodeDocument(doc, guessed && name === guess ? guessed : signatureLookup(name));
}

/**
 * SECOND FAST PATH, for bodies fast-predict-request.ts does not take (row objects for several inputs, bools).
 * JSON.parse beats our dialect parser on long float lexemes ("0.30196078431372547") but drops
 * what TF Serving looks at: `1.0` vs `1` (an integer input must reject 1.0), integers beyond 2^53, and
 * first-wins duplicate keys. So it is used only when none of that can matter:
 * - every input of the (guessed) signature is float-like or bool: any JSON number is accepted, whatever its lexeme;
 * - the body has no "\u" escape (JSON.parse accepts lone surrogates, RapidJSON does not);
 * - no top-level key twice, and no input name more often than once per row.
 * Any error, and any ±Infinity (from JSON.parse only an overflowing lexeme like 1e400 gives one; RapidJSON
 * rejects it), re-runs the dialect parser, so messages and edge cases stay exact. Remaining differences:
 * "-0" gives -0.0 instead of 0. Lists nested deeper than MAX_JSON_DEPTH are refused by jsonShape and re-parsed (400).
 * The signature is guessed from the text first, so bodies for other signatures never pay for JSON.parse.
 */
const FAST_PATH_DTYPES: ReadonlySet<string> = new Set(['DT_FLOAT', 'DT_DOUBLE', 'DT_HALF', 'DT_BFLOAT16', 'DT_BOOL']);

/** The signature a body most likely names, from its text alone (verified after parsing); undefined if unsure. */
function guessSignatureName(body: string): string | undefined {
  const at = body.indexOf('"signature_name"');
  if (at < 0) return DEFAULT_SIGNATURE;
  if (body.indexOf('"signature_name"', at + 1) >= 0) return undefined;
  const m = /^\s*:\s*"([^"\\]*)"/.exec(body.slice(at + 16, at + 16 + 1024));
  return m ? m[1] || DEFAULT_SIGNATURE : undefined;
}

function fastDocument(body: string): JsonObject | undefined {
  // indexOf is a fast scan; lastIndexOf is not, so duplicates are looked for with a second indexOf.
  if (body.includes('\\u')) return undefined;
  for (const key of ['"signature_name"', '"instances"', '"inputs"']) {
    const at = body.indexOf(key);
    if (at >= 0 && body.indexOf(key, at + 1) >= 0) return undefined;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return undefined;
  }
  const obj = asJsonObject(doc as JsonValue);
  if (!obj) return undefined;
  const name = obj.get('signature_name');
  return name === undefined || typeof name === 'string' ? obj : undefined;
}

/**
 * True when an input name occurs in the text more often than a correct body can name it (once per row, or
 * once): JSON.parse would have kept the last of duplicated keys where TF Serving reads them all or the first.
 */
function mayRepeatInputNames(body: string, doc: JsonObject, signature: SignatureInfo): boolean {
  const instances = doc.get('instances');
  const limit = Array.isArray(instances) ? instances.length : 1;
  for (const name of Object.keys(signature.inputs)) {
    const token = JSON.stringify(name);
    let count = 0;
    for (let at = body.indexOf(token); at >= 0; at = body.indexOf(token, at + token.length)) {
      if (++count > limit) return true;
    }
  }
  return false;
}

function hasInfinity(inputs: Map<string, HostTensor>): boolean {
  for (const t of inputs.values()) {
    if (t.dtype !== 'DT_FLOAT' && t.dtype !== 'DT_DOUBLE') continue;
    const d = t.data as Float32Array | Float64Array;
    for (let i = 0; i < d.length; i++) if (d[i] === Infinity || d[i] === -Infinity) return true;
  }
  return false;
}

function signatureOf(doc: JsonObject): string {
  return requestSignatureName(doc) || DEFAULT_SIGNATURE;
}

function decodeDocument(doc: JsonObject, signature: SignatureInfo): DecodedPredictRequest {
  const requested = requestSignatureName(doc);
  const signatureName = requested || DEFAULT_SIGNATURE;
  // Sorted like the std::set TF Serving uses in its messages ("keys must be equal to: a,b").
  const inputs: InputInfo[] = Object.keys(signature.inputs)
    .sort()
    .map((name) => ({ name, dtype: signature.inputs[name].dtype }));
  if (inputs.length === 0) {
    throw new ServingError('INVALID_ARGUMENT', `Failed to get input map for signature: ${requested || 'DEFAULT'}`);
  }
  const instances = doc.get('instances');
  const columns = doc.get('inputs');
  if (instances !== undefined) {
    if (columns !== undefined) {
      throw formatError(doc, 'Not formatted correctly expecting only', " one of 'inputs' or 'instances' keys to exist ");
    }
    if (!Array.isArray(instances)) throw formatError(doc, "Expecting 'instances' to be an list/array");
    if (instances.length === 0) throw formatError(doc, "No values in 'instances' array");
    const tensors = decodeRows(instances, inputs);
    checkInputsSize(tensors, inputs);
    return { signatureName, format: 'row', inputs: tensors };
  }
  if (columns !== undefined) {
    return { signatureName, format: 'columnar', inputs: decodeColumns(columns, inputs) };
  }
  throw new ServingError('INVALID_ARGUMENT', "Missing 'inputs' or 'instances' key");
}

/** json_tensor.cc FillTensorMapFromInputsMap: a bare tensor for one input, else an object with every input. */
function decodeColumns(value: JsonValue, inputs: InputInfo[]): Map<string, HostTensor> {
  const out = new Map<string, HostTensor>();
  const obj = asJsonObject(value);
  if (!obj || isBase64Object(value)) {
    if (inputs.length > 1) {
      throw new ServingError(
        'INVALID_ARGUMENT',
        'inputs is a plain value/list, but expecting an object as multiple input tensors required as per tensorinfo_map',
      );
    }
    out.set(inputs[0].name, tensorFromJson(value, inputs[0].dtype));
    return out;
  }
  // Extra names in the object are ignored, as in TF Serving.
  for (const { name, dtype } of inputs) {
    const item = obj.get(name);
    if (item === undefined) throw new ServingError('INVALID_ARGUMENT', `Missing named input: ${name} in 'inputs' object.`);
    out.set(name, tensorFromJson(item, dtype));
  }
  return out;
}

/** predict_util.cc VerifyRequestInputsSize (reachable when a {"b64"} first row hides several inputs). */
function checkInputsSize(tensors: Map<string, HostTensor>, inputs: InputInfo[]): void {
  if (tensors.size === inputs.length) return;
  const sent = [...tensors.keys()].sort();
  const all = inputs.map((i) => i.name);
  const missing = all.filter((n) => !tensors.has(n));
  throw new ServingError(
    'INVALID_ARGUMENT',
    `input size does not match signature: ${sent.length}!=${all.length} len({${sent.join(',')}}) != len({${all.join(',')}}). ` +
      `Sent extra: {}. Missing but required: {${missing.join(',')}}.`,
  );
}

/**
 * The Predict response: row -> {"predictions": [...]} (one output: per-row values; several: one object per row
 * keyed by output name; all outputs must share dimension 0), columnar -> {"outputs": tensor | {name: tensor}}.
 * Output names are written in sorted order (TF Serving iterates a protobuf Map, whose order is unspecified).
 * Outputs named "*_bytes" of dtype string are written as {"b64": …}. `signature` is accepted for callers
 * that have it; TF Serving writes whatever tensors the session returned.
 * @example encodePredictResponse('row', new Map([['y', yTensor]]))  // '{"predictions":[2.5,3.0]}'
 */
export function encodePredictResponse(format: PredictFormat, outputs: Map<string, HostTensor>, _signature?: SignatureInfo): string {
  if (outputs.size === 0) throw new ServingError('INVALID_ARGUMENT', 'Cannot convert empty tensor map to JSON');
  const names = [...outputs.keys()].sort();
  const tensors = names.map((n) => outputs.get(n)!);
  const writers = tensors.map((t, i) => elementWriter(t, t.dtype === 'DT_STRING' && isBytesTensorName(names[i])));
  const keys = names.map((n) => `${jsonString(n)}:`);
  const many = names.length > 1;
  const out = responseBuffer();
  if (format === 'columnar') {
    out.ascii(many ? '{"outputs":{' : '{"outputs":');
    for (let i = 0; i < names.length; i++) {
      if (i > 0) out.byte(44);
      if (many) out.text(keys[i]);
      writeTensorTo(out, tensors[i], writers[i]);
    }
    out.ascii(many ? '}}' : '}');
    return out.take();
  }
  // json_tensor.cc MakeRowFormatJsonFromTensors: every output needs a batch dimension, the same for all.
  let batch = -1;
  for (let i = 0; i < names.length; i++) {
    const shape = tensors[i].shape;
    if (shape.length === 0) throw new ServingError('INVALID_ARGUMENT', `Tensor name: ${names[i]} has no shape information `);
    if (batch >= 0 && shape[0] !== batch) {
      throw new ServingError('INVALID_ARGUMENT', `Tensor name: ${names[i]} has inconsistent batch size: ${shape[0]} expecting: ${batch}`);
    }
    batch = shape[0];
  }
  const rowSizes = tensors.map((t) => t.shape.slice(1).reduce((a, b) => a * b, 1));
  out.ascii('{"predictions":[');
  for (let row = 0; row < batch; row++) {
    if (row > 0) out.byte(44);
    if (many) out.byte(123);
    for (let i = 0; i < names.length; i++) {
      if (i > 0) out.byte(44);
      if (many) out.text(keys[i]);
      writeTensorTo(out, tensors[i], writers[i], 1, row * rowSizes[i]);
    }
    if (many) out.byte(125);
  }
  out.ascii(']}');
  return out.take();
}
