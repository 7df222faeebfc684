// FastParseExample for a vector of serialized Examples: the semantics and messages of
// tensorflow/core/util/example_proto_fast_parsing.cc (FastParseSerializedExample + the merge steps), on host
// arrays. Outputs come back in TensorFlow's shapes; int64 is carried as int32 (range-checked).
import { type DenseFeature, type FeatureType, type ParseConfig, type Values, dataTypeString, invalid, shapeString } from './parse-example-config.ts';
import { type FeatureMessage, bytesText, copyValues, decodeFeatures, featureKind, featureLength, int64RangeMessage } from './parse-example-features.ts';

/** One output on the host: dtype as TensorFlow.js carries it. */
export interface HostOutput {
  dtype: 'float32' | 'int32' | 'string';
  shape: number[];
  values: Values;
}

/** ParseExample's outputs, each list in OpDef order. */
export interface ParseResult {
  sparseIndices: HostOutput[];
  sparseValues: HostOutput[];
  sparseShapes: HostOutput[];
  denseValues: HostOutput[];
  raggedValues: HostOutput[];
  raggedSplits: HostOutput[];
}

/** Values of one variable-length feature (sparse, ragged or var-len dense): all examples, plus end offsets. */
interface Buffered {
  values: (number | Uint8Array)[];
  ends: number[];
}

export function tfjsDtype(dtype: FeatureType): HostOutput['dtype'] {
  return dtype === 'DT_FLOAT' ? 'float32' : dtype === 'DT_STRING' ? 'string' : 'int32';
}

export function allocate(dtype: FeatureType, n: number): Values {
  return dtype === 'DT_FLOAT' ? new Float32Array(n) : dtype === 'DT_STRING' ? new Array<Uint8Array>(n).fill(new Uint8Array(0)) : new Int32Array(n);
}

export function toValues(dtype: FeatureType, list: (number | Uint8Array)[]): Values {
  if (dtype === 'DT_STRING') return list as Uint8Array[];
  return dtype === 'DT_FLOAT' ? Float32Array.from(list as number[]) : Int32Array.from(list as number[]);
}

type Slot = { type: 'dense' | 'sparse' | 'ragged'; d: number };

/** Feature name -> where it goes (TF's config_index). */
export function configIndex(config: ParseConfig): Map<string, Slot> {
  const index = new Map<string, Slot>();
  config.dense.forEach((f, d) => index.set(f.key, { type: 'dense', d }));
  config.sparse.forEach((f, d) => index.set(f.key, { type: 'sparse', d }));
  config.ragged.forEach((f, d) => index.set(f.key, { type: 'ragged', d }));
  return index;
}

/**
 * Which examples start one of TF's parallel minibatches (kMiniBatchSizeBytes = 50000, between min(8, n) and 64
 * of them). It only shows in one message: the var-len dense "Saw N values" counts the minibatch's buffer.
 */
function minibatchStarts(serialized: Uint8Array[]): Set<number> {
  const n = serialized.length;
  let result = 0;
  let bytes = 0;
  for (const s of serialized) {
    if (bytes === 0) result++;
    bytes += s.length + 1;
    if (bytes > 50000) bytes = 0;
  }
  const count = Math.max(Math.min(8, n), Math.min(64, result));
  const starts = new Set<number>();
  for (let m = 0; m < count; m++) starts.add(Math.floor((n * m) / count));
  return starts;
}

/** Parses a batch of serialized Examples. Throws INVALID_ARGUMENT with TensorFlow's message on the first bad example. */
export function parseBatch(config: ParseConfig, serialized: Uint8Array[], names: string[] | undefined): ParseResult {
  const n = serialized.length;
  const index = configIndex(config);
  const starts = minibatchStarts(serialized);
  const fixed = config.dense.map((f) => (f.variableLength ? undefined : allocate(f.dtype, n * f.elementsPerStride)));
  const varlen: Buffered[] = config.dense.map(() => ({ values: [], ends: [] }));
  const sparse: Buffered[] = config.sparse.map(() => ({ values: [], ends: [] }));
  const ragged: Buffered[] = config.ragged.map(() => ({ values: [], ends: [] }));
  const minibatchBase = config.dense.map(() => 0);

  for (let e = 0; e < n; e++) {
    const name = names ? names[e] : '<unknown>';
    const entries = decodeFeatures(serialized[e]);
    if (!entries) throw invalid(`Could not parse example input, value: '${bytesText(serialized[e])}'`);
    if (starts.has(e)) config.dense.forEach((_, d) => (minibatchBase[d] = varlen[d].values.length));
    const seen = { dense: new Set<number>(), sparse: new Set<number>(), ragged: new Set<number>() };
    // "last entry in the map overwrites all the previous ones": walk entries last to first.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, feature] = entries[i];
      const slot = index.get(key);
      if (!slot || seen[slot.type].has(slot.d)) continue;
      const fail = (suffix: string): never => {
        throw invalid(`Name: ${name}, Key: ${key}, Index: ${e}.  ${suffix}`);
      };
      const tooWide = (v: string): never => fail(int64RangeMessage(v));
      const kind = featureKind(feature);
      if (slot.type === 'dense') {
        if (kind === 'DT_INVALID') continue;
        seen.dense.add(slot.d);
        const f = config.dense[slot.d];
        if (kind !== f.dtype) fail(`Data types don't match. Data type: ${dataTypeString(kind)} but expected type: ${dataTypeString(f.dtype)}`);
        if (!f.variableLength) copyFixed(f, feature, fixed[slot.d]!, e, fail, tooWide);
        else copyVarLen(f, feature, varlen[slot.d], minibatchBase[slot.d], fail, tooWide);
        continue;
      }
      seen[slot.type].add(slot.d);
      const f = slot.type === 'sparse' ? config.sparse[slot.d] : config.ragged[slot.d];
      const out = slot.type === 'sparse' ? sparse[slot.d] : ragged[slot.d];
      if (kind !== 'DT_INVALID' && kind !== f.dtype) {
        fail(`Data types don't match. Expected type: ${dataTypeString(f.dtype)}, Actual type: ${dataTypeString(kind)}`);
      }
      if (kind !== 'DT_INVALID') copyValues(feature, f.dtype, out.values as number[], out.values.length, tooWide);
      out.ends.push(out.values.length);
    }
    // Missing features: defaults for fixed dense (or "required"), empty rows for the rest.
    config.dense.forEach((f, d) => {
      if (seen.dense.has(d)) return;
      if (f.variableLength) return void varlen[d].ends.push(varlen[d].values.length);
      const dst = fixed[d]!;
      if (f.defaultValue.length === 0) {
        throw invalid(`Name: ${name}, Feature: ${f.key} (data type: ${dataTypeString(f.dtype)}) is required but could not be found.`);
      }
      for (let i = 0; i < f.defaultValue.length; i++) (dst as unknown[])[e * f.elementsPerStride + i] = f.defaultValue[i];
    });
    config.sparse.forEach((_, d) => seen.sparse.has(d) || sparse[d].ends.push(sparse[d].values.length));
    config.ragged.forEach((_, d) => seen.ragged.has(d) || ragged[d].ends.push(ragged[d].values.length));
  }

  return {
    ...mergeSparse(config, sparse, n),
    denseValues: config.dense.map((f, d) => {
      if (!f.variableLength) return { dtype: tfjsDtype(f.dtype), shape: [n, ...f.shape!], values: fixed[d]! };
      return mergeVarLen(f, varlen[d], n);
    }),
    ...mergeRagged(config, ragged, n),
  };
}

/** A fixed-shape dense feature: exactly elementsPerStride values. */
function copyFixed(f: DenseFeature, feature: FeatureMessage, dst: Values, e: number, fail: (s: string) => never, tooWide: (v: string) => never): void {
  const count = featureLength(feature, f.dtype);
  if (count !== f.elementsPerStride) {
    // LimitedArraySlice: a bytes_list longer than the slice fails to parse (construct_at_end gives nullptr).
    if (f.dtype === 'DT_STRING' && count > f.elementsPerStride) fail("Can't parse serialized Example.");
    const typeStr = f.dtype === 'DT_STRING' ? 'bytes' : dataTypeString(f.dtype);
    fail(`Number of ${typeStr} values != expected.  Values size: ${count} but output shape: ${shapeString(f.shape)}`);
  }
  copyValues(feature, f.dtype, dst, e * f.elementsPerStride, tooWide);
}

/** A var-len dense feature: a multiple of the stride (TF counts the whole minibatch buffer in the message). */
function copyVarLen(f: DenseFeature, feature: FeatureMessage, out: Buffered, base: number, fail: (s: string) => never, tooWide: (v: string) => never): void {
  copyValues(feature, f.dtype, out.values as number[], out.values.length, tooWide);
  const seenInMinibatch = out.values.length - base;
  if (f.elementsPerStride > 0 && seenInMinibatch % f.elementsPerStride !== 0) {
    const typeStr = f.dtype === 'DT_STRING' ? 'bytes' : dataTypeString(f.dtype);
    fail(`Number of ${typeStr} values is not a multiple of stride length. Saw ${seenInMinibatch} values but output shape is: ${shapeString(f.shape)}`);
  }
  out.ends.push(out.values.length);
}

/** [n, max rows, ...inner dims], each example's rows first, padded with the default's single element. */
function mergeVarLen(f: DenseFeature, buf: Buffered, n: number): HostOutput {
  let maxValues = 0;
  buf.ends.forEach((end, e) => (maxValues = Math.max(maxValues, end - (e > 0 ? buf.ends[e - 1] : 0))));
  const rows = f.elementsPerStride > 0 ? maxValues / f.elementsPerStride : 0;
  const shape = [n, rows, ...f.shape!.slice(1)];
  const perExample = rows * f.elementsPerStride;
  const values = allocate(f.dtype, n * perExample);
  (values as unknown[]).fill(f.defaultValue[0]);
  buf.ends.forEach((end, e) => {
    const start = e > 0 ? buf.ends[e - 1] : 0;
    for (let i = start; i < end; i++) (values as unknown[])[e * perExample + i - start] = buf.values[i];
  });
  return { dtype: tfjsDtype(f.dtype), shape, values };
}

/** SparseTensor parts: indices [total, 2] (example, position), values [total], dense_shape [n, longest]. */
function mergeSparse(config: ParseConfig, bufs: Buffered[], n: number): Pick<ParseResult, 'sparseIndices' | 'sparseValues' | 'sparseShapes'> {
  const out: Pick<ParseResult, 'sparseIndices' | 'sparseValues' | 'sparseShapes'> = { sparseIndices: [], sparseValues: [], sparseShapes: [] };
  config.sparse.forEach((f, d) => {
    const buf = bufs[d];
    const total = buf.values.length;
    const indices = new Int32Array(total * 2);
    let longest = 0;
    buf.ends.forEach((end, e) => {
      const start = e > 0 ? buf.ends[e - 1] : 0;
      longest = Math.max(longest, end - start);
      for (let i = start; i < end; i++) {
        indices[2 * i] = e;
        indices[2 * i + 1] = i - start;
      }
    });
    out.sparseIndices.push({ dtype: 'int32', shape: [total, 2], values: indices });
    out.sparseValues.push({ dtype: tfjsDtype(f.dtype), shape: [total], values: toValues(f.dtype, buf.values) });
    out.sparseShapes.push({ dtype: 'int32', shape: [2], values: Int32Array.of(n, longest) });
  });
  return out;
}

/** RaggedTensor parts: flat values and row_splits [n + 1] (int32 or int64, both int32 here). */
function mergeRagged(config: ParseConfig, bufs: Buffered[], n: number): Pick<ParseResult, 'raggedValues' | 'raggedSplits'> {
  return {
    raggedValues: config.ragged.map((f, d) => ({ dtype: tfjsDtype(f.dtype), shape: [bufs[d].values.length], values: toValues(f.dtype, bufs[d].values) })),
    raggedSplits: bufs.map((b) => {
      const splits = new Int32Array(n + 1);
      splits.set(b.ends, 1);
      return { dtype: 'int32' as const, shape: [n + 1], values: splits };
    }),
  };
}
