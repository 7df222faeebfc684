// JSON values -> tensor elements, with TF Serving's checks and messages (GetDenseTensorShape, FillTensorProto,
// AddValueToTensor, JsonDecodeBase64Object in tensorflow_serving/util/json_tensor.cc).
import { ServingError } from '../../errors/index.ts';
import { dataTypeString, type DType, type HostTensor, numberToBfloat16, numberToHalf, type TensorData } from '../../tensor/index.ts';
import { jsonDebugString } from './json-debug-string.ts';
import { MAX_JSON_DEPTH } from './json-parse.ts';
import { FloatLiteral, type JsonValue, asJsonObject, jsonTypeString } from './json-value.ts';

/** json_tensor.cc TypeError: `JSON Value: "a" Type: String is not of expected type: float`. */
export function typeError(v: JsonValue, dtype: string): ServingError {
  const msg = `JSON Value: ${jsonDebugString(v)} Type: ${jsonTypeString(v)} is not of expected type: ${dataTypeString(dtype)}`;
  return new ServingError('INVALID_ARGUMENT', msg);
}

/** json_tensor.cc IsValBase64Object: an object whose only member is "b64" with a string value. */
export function isBase64Object(v: JsonValue): boolean {
  const o = asJsonObject(v);
  return o !== undefined && o.size === 1 && o.keys[0] === 'b64' && typeof o.values[0] === 'string';
}

// absl::Base64Unescape: standard alphabet, padding optional, ASCII whitespace skipped.
const BASE64_BODY = /^[A-Za-z0-9+/]*$/;

/** Decodes {"b64": "..."}; TF Serving's messages for a malformed object or bad base64. */
export function decodeBase64Object(v: JsonValue): Uint8Array {
  if (!isBase64Object(v)) {
    throw new ServingError('INVALID_ARGUMENT', `JSON Value: ${jsonDebugString(v)} not formatted correctly for base64 data`);
  }
  const bytes = decodeBase64(asJsonObject(v)!.values[0] as string);
  if (!bytes) throw new ServingError('INVALID_ARGUMENT', 'Unable to base64 decode');
  return bytes;
}

/** Strict base64 (standard alphabet, optional '=' padding); undefined when malformed. */
export function decodeBase64(text: string): Uint8Array | undefined {
  let s = text.replace(/[ \t\n\v\f\r]/g, '');
  let pad = 0;
  while (pad < 2 && s.endsWith('=')) {
    s = s.slice(0, -1);
    pad++;
  }
  if (!BASE64_BODY.test(s) || s.length % 4 === 1 || (pad > 0 && (s.length + pad) % 4 !== 0)) return undefined;
  return new Uint8Array(Buffer.from(s, 'base64'));
}

/** json_tensor.cc GetDenseTensorShape: the nesting shape, following each list's first element. */
export function jsonShape(v: JsonValue): number[] {
  const shape: number[] = [];
  while (Array.isArray(v)) {
    // Only JSON.parse (the second fast path) lets deeper lists through; fillValues recurses once per level,
    // so refuse here and let the caller re-parse with the dialect parser for its exact 400 (issue 10).
    if (shape.length >= MAX_JSON_DEPTH) throw new ServingError('INVALID_ARGUMENT', `JSON Parse error: Nesting is deeper than ${MAX_JSON_DEPTH} levels.`);
    shape.push(v.length);
    if (v.length === 0) break;
    v = v[0];
  }
  return shape;
}

/**
 * Stores one JSON scalar at data[i], or throws TF Serving's type error. `floats` is set for float32/float64
 * targets so fillValues can store plain numbers without a call.
 */
export interface ElementPut {
  (v: JsonValue, i: number): void;
  floats?: Float32Array | Float64Array;
}

const utf8 = new TextEncoder();
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** RapidJSON IsInt / IsUint / IsInt64 / IsUint64 on our number representation (never a float lexeme). */
function isIntIn(v: JsonValue, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

function bigIntIn(v: JsonValue, min: bigint, max: bigint): bigint | undefined {
  if (typeof v === 'number') return Number.isInteger(v) && v >= Number(min) && v <= Number(max) ? BigInt(v) : undefined;
  if (typeof v === 'bigint') return v >= min && v <= max ? v : undefined;
  return undefined;
}

function floatValue(v: JsonValue): number | undefined {
  if (typeof v === 'number') return v;
  if (v instanceof FloatLiteral) return v.value;
  return typeof v === 'bigint' ? Number(v) : undefined;
}

const DTYPES: ReadonlySet<string> = new Set<DType>([
  'DT_FLOAT', 'DT_DOUBLE', 'DT_HALF', 'DT_BFLOAT16', 'DT_INT8', 'DT_INT16', 'DT_INT32', 'DT_INT64',
  'DT_UINT8', 'DT_UINT16', 'DT_UINT32', 'DT_UINT64', 'DT_BOOL', 'DT_STRING',
]);

/** True for the dtypes a HostTensor can hold. */
export function isHostDType(dtype: string): dtype is DType {
  return DTYPES.has(dtype);
}

/** Fresh zeroed storage for `size` elements of a dtype. */
export function allocateData(dtype: DType, size: number): TensorData {
  switch (dtype) {
    case 'DT_FLOAT': return new Float32Array(size);
    case 'DT_DOUBLE': return new Float64Array(size);
    case 'DT_HALF': case 'DT_BFLOAT16': case 'DT_UINT16': return new Uint16Array(size);
    case 'DT_INT8': return new Int8Array(size);
    case 'DT_INT16': return new Int16Array(size);
    case 'DT_INT32': return new Int32Array(size);
    case 'DT_INT64': return new BigInt64Array(size);
    case 'DT_UINT8': case 'DT_BOOL': return new Uint8Array(size);
    case 'DT_UINT32': return new Uint32Array(size);
    case 'DT_UINT64': return new BigUint64Array(size);
    case 'DT_STRING': return new Array<Uint8Array>(size).fill(new Uint8Array(0));
  }
}

/**
 * The element store for a dtype (json_tensor.cc AddValueToTensor). float32 takes any number (too large ->
 * Infinity, as a C++ float cast does); int8/int16/int32/uint8 need a JSON integer in int32 range (then wrap like
 * TensorProto.int_val); int64/uint32/uint64 their own ranges; bool true/false; string a string or {"b64"}.
 * half/bfloat16/uint16 are extensions (TF Serving answers Unimplemented).
 */
export function elementPut(dtype: string, data: TensorData): ElementPut {
  const fail = (v: JsonValue): never => {
    throw typeError(v, dtype);
  };
  switch (dtype) {
    case 'DT_FLOAT': case 'DT_DOUBLE': {
      const d = data as Float32Array | Float64Array;
      const put: ElementPut = (v, i) => void (d[i] = floatValue(v) ?? fail(v));
      put.floats = d;
      return put;
    }
    case 'DT_HALF': case 'DT_BFLOAT16': {
      const d = data as Uint16Array;
      const convert = dtype === 'DT_HALF' ? numberToHalf : numberToBfloat16;
      return (v, i) => void (d[i] = convert(floatValue(v) ?? fail(v)));
    }
    case 'DT_INT8': case 'DT_INT16': case 'DT_INT32': case 'DT_UINT8': case 'DT_UINT16': {
      const d = data as Int32Array;
      return (v, i) => void (d[i] = isIntIn(v, -2147483648, 2147483647) ? v : fail(v));
    }
    case 'DT_UINT32': {
      const d = data as Uint32Array;
      return (v, i) => void (d[i] = isIntIn(v, 0, 4294967295) ? v : fail(v));
    }
    case 'DT_INT64': {
      const d = data as BigInt64Array;
      return (v, i) => void (d[i] = bigIntIn(v, INT64_MIN, INT64_MAX) ?? fail(v));
    }
    case 'DT_UINT64': {
      const d = data as BigUint64Array;
      return (v, i) => void (d[i] = bigIntIn(v, 0n, UINT64_MAX) ?? fail(v));
    }
    case 'DT_BOOL': {
      const d = data as Uint8Array;
      return (v, i) => void (d[i] = typeof v === 'boolean' ? (v ? 1 : 0) : fail(v));
    }
    case 'DT_STRING': {
      const d = data as Uint8Array[];
      return (v, i) => {
        if (typeof v === 'string') d[i] = utf8.encode(v);
        else if (asJsonObject(v)) d[i] = decodeBase64Object(v);
        else fail(v);
      };
    }
    default:
      return (v) => {
        throw new ServingError('UNIMPLEMENTED', `Conversion of JSON Value: ${jsonDebugString(v)} to type: ${dataTypeString(dtype)}`);
      };
  }
}

/**
 * json_tensor.cc FillTensorProto: walks `v` (whose shape is `shape`, from jsonShape) and stores its scalars
 * from data index `offset`; returns the next index. Ragged or over-deep lists fail with TF Serving's messages.
 */
export function fillValues(v: JsonValue, shape: number[], put: ElementPut, offset: number, level = 0): number {
  const rank = shape.length;
  if (!Array.isArray(v)) {
    if (level !== rank) {
      throw new ServingError('INVALID_ARGUMENT', `JSON Value: ${jsonDebugString(v)} found at incorrect level: ${level + 1} in the JSON DOM. Expected at level: ${rank}`);
    }
    put(v, offset);
    return offset + 1;
  }
  if (level >= rank) {
    throw new ServingError('INVALID_ARGUMENT', `Encountered list at unexpected level: ${level} expected < ${rank}`);
  }
  if (v.length !== shape[level]) {
    throw new ServingError('INVALID_ARGUMENT', `Encountered list at unexpected size: ${v.length} at level: ${level} expected size: ${shape[level]}`);
  }
  if (level === rank - 1) {
    // Innermost list: scalars expected (the hot loop).
    const floats = put.floats;
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (floats !== undefined && typeof x === 'number') floats[offset++] = x;
      else if (Array.isArray(x)) throw new ServingError('INVALID_ARGUMENT', `Encountered list at unexpected level: ${rank} expected < ${rank}`);
      else put(x, offset++);
    }
    return offset;
  }
  for (let i = 0; i < v.length; i++) offset = fillValues(v[i], shape, put, offset, level + 1);
  return offset;
}

/**
 * One JSON value (a whole tensor) as a HostTensor of `dtype`. A dtype a HostTensor cannot hold fails like
 * TF Serving: UNIMPLEMENTED "Conversion of JSON Value: … to type: complex64".
 */
export function tensorFromJson(v: JsonValue, dtype: string): HostTensor {
  const shape = jsonShape(v);
  if (!isHostDType(dtype)) {
    fillValues(v, shape, elementPut(dtype, []), 0);
    throw new ServingError('UNIMPLEMENTED', `Conversion of JSON Value: ${jsonDebugString(v)} to type: ${dataTypeString(dtype)}`);
  }
  let size = 1;
  for (const d of shape) size *= d;
  const data = allocateData(dtype, size);
  fillValues(v, shape, elementPut(dtype, data), 0);
  return { dtype, shape, data } as HostTensor;
}
