// One serialized tf.Example -> its features, and one feature -> host values, for ParseExample.
// Decoded with protobufjs (tensorflow.Example: features=1; Features: map feature=1; Feature oneof
// bytes_list=1 / float_list=2 / int64_list=3). Concatenated Examples merge as in proto ParseFromString and
// TF's fast parser: a later map entry wins (example_proto_fast_parsing.cc walks entries last-to-first).
import { protoType } from '../../proto/index.ts';
import type { FeatureType } from './parse-example-config.ts';

/** A decoded tensorflow.Feature (protobufjs object, keepCase names). int64 values are Long when `long` is present. */
export interface FeatureMessage {
  bytes_list?: { value?: Uint8Array[] } | null;
  float_list?: { value?: number[] } | null;
  int64_list?: { value?: (number | LongLike)[] } | null;
}

interface LongLike { low: number; high: number; toString(): string }

/** What a feature holds. DT_INVALID: the Feature has no kind set (TF then treats it as absent). */
export type FeatureKind = FeatureType | 'DT_INVALID';

const utf8 = new TextDecoder('utf-8');

let exampleType: ReturnType<typeof protoType> | undefined;

/**
 * The feature map of one serialized Example, entries in wire order of first appearance; undefined when the
 * bytes are not an Example (the caller reports "Could not parse example input").
 */
export function decodeFeatures(bytes: Uint8Array): [string, FeatureMessage][] | undefined {
  exampleType ??= protoType('tensorflow.Example');
  let message: { features?: { feature?: Record<string, FeatureMessage> } | null };
  try {
    message = exampleType.decode(bytes) as typeof message;
  } catch {
    return undefined;
  }
  const map = message.features?.feature;
  return map ? Object.entries(map) : [];
}

/** The kind of a feature (Feature::ParseDataType). */
export function featureKind(f: FeatureMessage | null | undefined): FeatureKind {
  if (!f) return 'DT_INVALID';
  if (f.bytes_list != null) return 'DT_STRING';
  if (f.float_list != null) return 'DT_FLOAT';
  if (f.int64_list != null) return 'DT_INT64';
  return 'DT_INVALID';
}

/** Number of values of the feature's own kind. */
export function featureLength(f: FeatureMessage, kind: FeatureType): number {
  if (kind === 'DT_STRING') return f.bytes_list?.value?.length ?? 0;
  if (kind === 'DT_FLOAT') return f.float_list?.value?.length ?? 0;
  return f.int64_list?.value?.length ?? 0;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** One int64 as a JS number when it fits int32, else undefined (TensorFlow.js carries int64 as int32). */
function int32Of(v: number | LongLike): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX ? v : undefined;
  return v.high === v.low >> 31 ? v.low : undefined;
}

/**
 * Appends the feature's values (of kind `kind`, already checked) to `out` from `offset`; returns the count.
 * `tooWide` is called with the text of an int64 value outside int32 and must throw.
 */
export function copyValues(
  f: FeatureMessage,
  kind: FeatureType,
  out: number[] | Uint8Array[] | Float32Array | Int32Array,
  offset: number,
  tooWide: (value: string) => never,
): number {
  if (kind === 'DT_STRING') {
    const src = f.bytes_list?.value ?? [];
    for (let i = 0; i < src.length; i++) (out as Uint8Array[])[offset + i] = src[i];
    return src.length;
  }
  if (kind === 'DT_FLOAT') {
    const src = f.float_list?.value ?? [];
    for (let i = 0; i < src.length; i++) (out as number[])[offset + i] = src[i];
    return src.length;
  }
  const src = f.int64_list?.value ?? [];
  for (let i = 0; i < src.length; i++) {
    const v = int32Of(src[i]);
    if (v === undefined) tooWide(src[i].toString());
    (out as number[])[offset + i] = v;
  }
  return src.length;
}

/** The message suffix for an int64 feature value TensorFlow.js cannot carry. */
export function int64RangeMessage(value: string): string {
  return `int64 value ${value} does not fit the portable engine's 32-bit integers`;
}

/** The serialized bytes as TF prints them in "Could not parse example input, value: '…'" (UTF-8, lossy). */
export function bytesText(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}
