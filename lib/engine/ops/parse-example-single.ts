// FastParseSingleExample: ParseExampleV2 with a scalar `serialized`. Same features as the batch form but no
// batch dimension (sparse indices [n, 1], dense_shape [n], row_splits empty) and its own messages
// (tensorflow/core/util/example_proto_fast_parsing.cc FastParseSingleExample).
import { type ParseConfig, dataTypeString, invalid } from './parse-example-config.ts';
import { type HostOutput, type ParseResult, allocate, configIndex, tfjsDtype, toValues } from './parse-example-batch.ts';
import { bytesText, copyValues, decodeFeatures, featureKind, featureLength, int64RangeMessage } from './parse-example-features.ts';

const LIST_NAME = { DT_STRING: 'bytes_list', DT_FLOAT: 'float_list', DT_INT64: 'int64_list' } as const;

/** Parses one serialized Example into unbatched outputs. Throws INVALID_ARGUMENT with TensorFlow's message. */
export function parseSingle(config: ParseConfig, serialized: Uint8Array): ParseResult {
  const entries = decodeFeatures(serialized);
  if (!entries) throw invalid(`Could not parse example input, value: '${bytesText(serialized)}'`);
  const index = configIndex(config);
  const dense: (HostOutput | undefined)[] = config.dense.map(() => undefined);
  const sparse: (HostOutput | undefined)[] = config.sparse.map(() => undefined);
  const ragged: (HostOutput | undefined)[] = config.ragged.map(() => undefined);

  for (let i = entries.length - 1; i >= 0; i--) {
    const [key, feature] = entries[i];
    const slot = index.get(key);
    const kind = featureKind(feature);
    if (!slot || kind === 'DT_INVALID') continue;
    const outs = slot.type === 'dense' ? dense : slot.type === 'sparse' ? sparse : ragged;
    if (outs[slot.d]) continue; // already seen: the last entry wins
    const fail = (suffix: string): never => {
      throw invalid(`Key: ${key}.  ${suffix}`);
    };
    const tooWide = (v: string): never => fail(int64RangeMessage(v));
    const dtype = slot.type === 'dense' ? config.dense[slot.d].dtype : slot.type === 'sparse' ? config.sparse[slot.d].dtype : config.ragged[slot.d].dtype;
    if (kind !== dtype) {
      if (slot.type === 'dense') fail(`Data types don't match. Data type: ${dataTypeString(kind)} but expected type: ${dataTypeString(dtype)}`);
      fail(`Data types don't match. Expected type: ${dataTypeString(dtype)}, Actual type: ${dataTypeString(kind)}`);
    }
    const count = featureLength(feature, dtype);
    const f = slot.type === 'dense' ? config.dense[slot.d] : undefined;
    if (f && !f.variableLength) {
      if (count !== f.elementsPerStride) {
        // LimitedArraySlice: too many bytes fail to parse; any other size mismatch leaves part of the slice unfilled.
        const what = dtype === 'DT_STRING' && count > f.elementsPerStride ? 'Parsing bytes_list failed.' : `Some ${LIST_NAME[dtype]} slice was not parsed.`;
        fail(`Can't parse serialized Example: ${what}`);
      }
    } else {
      const divisor = f ? f.elementsPerStride : 1;
      if (divisor > 0 && count % divisor !== 0) {
        throw invalid(`Error while parsing feature with key ${key}: number of elements should be divisible by ${divisor}, found ${count} instead`);
      }
    }
    const values = allocate(dtype, count);
    copyValues(feature, dtype, values, 0, tooWide);
    if (f) {
      const shape = f.variableLength ? [f.elementsPerStride > 0 ? count / f.elementsPerStride : 0, ...f.shape!.slice(1)] : f.shape!;
      dense[slot.d] = { dtype: tfjsDtype(dtype), shape, values };
    } else {
      outs[slot.d] = { dtype: tfjsDtype(dtype), shape: [count], values };
    }
  }

  const denseValues = config.dense.map((f, d): HostOutput => {
    const got = dense[d];
    if (got) return got;
    if (f.variableLength) return { dtype: tfjsDtype(f.dtype), shape: [0, ...f.shape!.slice(1)], values: allocate(f.dtype, 0) };
    if (f.defaultValue.length === 0) {
      throw invalid(`Feature: ${f.key} (data type: ${dataTypeString(f.dtype)}) is required but could not be found.`);
    }
    return { dtype: tfjsDtype(f.dtype), shape: f.defaultShape, values: f.defaultValue.slice() };
  });
  const sparseValues = config.sparse.map((f, d) => sparse[d] ?? { dtype: tfjsDtype(f.dtype), shape: [0], values: toValues(f.dtype, []) });
  const raggedValues = config.ragged.map((f, d) => ragged[d] ?? { dtype: tfjsDtype(f.dtype), shape: [0], values: toValues(f.dtype, []) });
  return {
    sparseIndices: sparseValues.map((v) => ({ dtype: 'int32', shape: [v.shape[0], 1], values: Int32Array.from({ length: v.shape[0] }, (_, i) => i) })),
    sparseValues,
    sparseShapes: sparseValues.map((v) => ({ dtype: 'int32', shape: [1], values: Int32Array.of(v.shape[0]) })),
    denseValues,
    raggedValues,
    raggedSplits: config.ragged.map(() => ({ dtype: 'int32', shape: [0], values: new Int32Array(0) })),
  };
}
