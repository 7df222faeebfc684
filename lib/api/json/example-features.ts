// A JSON object -> serialized tf.Example, as tensorflow_serving/util/json_tensor.cc MakeExampleFromJsonObject
// and AddValueToFeature build it: integer lexeme -> int64_list, fraction/exponent -> float_list, string or
// {"b64"} -> bytes_list, true/false -> int64 1/0; a list maps element-wise and must not mix kinds.
import { ServingError } from '../../errors/index.ts';
import { protoType } from '../../proto/index.ts';
import { type JsonValue, asJsonObject, isJsonDouble, jsonNumber, jsonTypeString } from './json-value.ts';
import { decodeBase64Object, isBase64Object } from './tensor-from-json.ts';

type Kind = 'bytes' | 'float' | 'int64';

/** One feature being filled; `kind` is unset until the first element (an empty list stays unset). */
interface FeatureValues {
  kind: Kind | undefined;
  values: (Uint8Array | number | Int64Bits)[];
}

/** An int64 as protobufjs's LongBits.from() reads it (exact for any int64). */
interface Int64Bits {
  low: number;
  high: number;
  unsigned: boolean;
}

const INT64_MAX = 2n ** 63n - 1n;
const utf8 = new TextEncoder();

function invalid(message: string): ServingError {
  return new ServingError('INVALID_ARGUMENT', message);
}

/** Sets the feature's kind, or fails with TF Serving's message naming the kind it already has. */
function expectKind(name: string, f: FeatureValues, kind: Kind): void {
  if (f.kind !== undefined && f.kind !== kind) throw invalid(`Unexpected element type in feature: ${name} expecting type: ${f.kind}`);
  f.kind = kind;
}

function unexpectedType(name: string, v: JsonValue): ServingError {
  return invalid(`Feature: ${name} has element with unexpected JSON type: ${jsonTypeString(v)}`);
}

/** json_tensor.cc AddValueToFeature for one scalar element. */
function addValue(v: JsonValue, name: string, f: FeatureValues): void {
  if (v === null || Array.isArray(v)) throw unexpectedType(name, v);
  if (typeof v === 'boolean') {
    expectKind(name, f, 'int64');
    f.values.push(v ? 1 : 0);
  } else if (typeof v === 'string') {
    expectKind(name, f, 'bytes');
    f.values.push(utf8.encode(v));
  } else if (asJsonObject(v)) {
    if (!isBase64Object(v)) throw unexpectedType(name, v);
    expectKind(name, f, 'bytes');
    f.values.push(decodeBase64Object(v));
  } else if (isJsonDouble(v)) {
    // RapidJSON doubles: fraction/exponent lexemes, NaN/Infinity, integers beyond the uint64 range.
    expectKind(name, f, 'float');
    f.values.push(Math.fround(jsonNumber(v)!));
  } else {
    expectKind(name, f, 'int64');
    if (typeof v === 'bigint') {
      if (v > INT64_MAX) throw invalid(`Feature: ${name} has uint64_t element. Only int64_t is supported.`);
      f.values.push({ low: Number(BigInt.asIntN(32, v)), high: Number(BigInt.asIntN(32, v >> 32n)), unsigned: false });
    } else {
      f.values.push(v as number);
    }
  }
}

/** The tensorflow.Feature message (protobufjs plain object, keepCase field names) for collected values. */
function featureMessage(f: FeatureValues): object {
  if (f.kind === undefined) return {};
  return { [`${f.kind}_list`]: { value: f.values } };
}

/**
 * Serializes one JSON object as a tf.Example. Not an object -> "Example must be JSON object but got JSON Array".
 * A name repeated in the object keeps its last value (TF Serving assigns the proto map entry each time).
 * @example exampleFromJson(parseJson('{"x": 80.0, "k": [1, 2]}'))  // x: float_list [80], k: int64_list [1, 2]
 */
export function exampleFromJson(v: JsonValue): Uint8Array {
  const obj = asJsonObject(v);
  if (!obj || Array.isArray(v)) throw invalid(`Example must be JSON object but got JSON ${jsonTypeString(v)}`);
  const features: Record<string, object> = Object.create(null);
  for (let m = 0; m < obj.size; m++) {
    const name = obj.keys[m];
    const content = obj.values[m];
    const f: FeatureValues = { kind: undefined, values: [] };
    if (Array.isArray(content)) for (const x of content) addValue(x, name, f);
    else addValue(content, name, f);
    features[name] = featureMessage(f);
  }
  return exampleType().encode({ features: { feature: features } }).finish();
}

let cachedExampleType: ReturnType<typeof protoType> | undefined;

function exampleType(): ReturnType<typeof protoType> {
  cachedExampleType ??= protoType('tensorflow.Example');
  return cachedExampleType;
}
