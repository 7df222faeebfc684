// What the dtype pass (graph/dtype-pass.ts) may do with a node that touches int64 / uint64 / float64 /
// half / bfloat16, by exact TF op name (STYLE.md §7). Everything not listed here is refused at load.
// Op families that run our own 64-bit kernels are in int64.ts; these tables describe tfjs's own ops.

type Positions = (inputs: number) => number[];
const at = (...p: number[]): Positions => () => p;
const all: Positions = (n) => [...Array(n).keys()];
const allButLast: Positions = (n) => [...Array(n - 1).keys()];
const allButFirst: Positions = (n) => [...Array(n).keys()].slice(1);
const last: Positions = (n) => [n - 1];

/** Ops that return their inputs unchanged: wide tensors pass through tfjs's executor (a clone) as they are. */
export const PASS_THROUGH = new Set(['Identity', 'IdentityN', 'Snapshot', 'StopGradient', 'PlaceholderWithDefault']);

/**
 * Ops that only move elements, by the positions of their data inputs. With a wide data input they run on
 * int32 positions (int64-plumbing.ts Iota/Take); with only int32-carried int64 data they run as they are.
 */
export const MOVE_DATA: Record<string, Positions> = {
  Reshape: at(0), ExpandDims: at(0), Squeeze: at(0), EnsureShape: at(0), StridedSlice: at(0), Slice: at(0),
  GatherV2: at(0), Gather: at(0), GatherNd: at(0), ResourceGather: at(0), Tile: at(0), Transpose: at(0),
  ReverseV2: at(0), BroadcastTo: at(0), MirrorPad: at(0), SplitV: at(0), Unpack: at(0), Split: at(1),
  Pack: all, ConcatV2: allButLast, Concat: allButFirst, Select: at(1, 2), SelectV2: at(1, 2), Fill: at(1),
};

/**
 * Inputs of tfjs ops that are indices, sizes or axes: an int64 value there is narrowed to int32 (Narrow),
 * and one that does not fit is INVALID_ARGUMENT (as an index that large is out of range in TF too).
 */
export const INDEX_INPUTS: Record<string, Positions> = {
  GatherV2: at(1, 2), Gather: at(1), GatherNd: at(1), ResourceGather: at(1), OneHot: at(0), Reshape: at(1),
  ExpandDims: at(1), Tile: at(1), Fill: at(0), StridedSlice: at(1, 2, 3), Slice: at(1, 2), ConcatV2: last,
  Transpose: at(1), ReverseV2: at(1), SplitV: at(1, 2), BroadcastTo: at(1), Pad: at(1), PadV2: at(1),
  MirrorPad: at(1), Sum: at(1), Prod: at(1), Max: at(1), Min: at(1), Mean: at(1), All: at(1), Any: at(1),
  ArgMax: at(1), ArgMin: at(1), Cumsum: at(1), Cumprod: at(1), Range: at(0, 1, 2), SparseToDense: at(0, 1),
  ScatterNd: at(0, 2), TensorScatterUpdate: at(1), SparseSegmentSum: at(1, 2), SparseSegmentMean: at(1, 2),
  RandomUniform: at(0),
};

/** Index inputs where TF treats an out-of-range value as "none" rather than an error (OneHot: an all-off row). */
export const OUT_OF_RANGE_IS_NONE = new Set(['OneHot']);

/** tfjs ops whose int64 outputs are below a tensor size (shapes, positions), hence carried as int32. */
export const INT32_RESULTS = new Set(['Shape', 'ShapeN', 'Size', 'ArgMax', 'ArgMin', 'Range', 'Where']);

/** Ops that read only the shape of their input, so a wide input is fine as it is. */
export const SHAPE_ONLY = new Set(['Shape', 'ShapeN', 'Size', 'Rank']);

/** tfjs ops that are exact on int64 values carried as int32 (they compare or pick; no arithmetic). */
export const INT32_EXACT = new Set(['Equal', 'NotEqual', 'Greater', 'GreaterEqual', 'Less', 'LessEqual', 'Maximum', 'Minimum']);

/** Cast targets that tfjs computes exactly from an int64 value carried as int32 (they hold every int32). */
export const INT32_CAST_TARGETS = new Set([1, 3, 9, 10]); // DT_FLOAT, DT_INT32, DT_INT64, DT_BOOL
/** Cast sources whose values tfjs's Cast carries to int64 exactly as int32. */
export const INT32_CAST_SOURCES = new Set([3, 4, 5, 6, 10, 17]); // int32, uint8, int16, int8, bool, uint16

/** Other families' ops that read 64-bit inputs themselves with readWide* (int64-tensors.ts). */
export const WIDE_AWARE_OPS = new Set([
  'AsString', 'TfsLookupTableFind', 'TfsLookupTableSize', 'Substr', 'ReduceJoin', 'StringNGrams', 'UnicodeEncode',
  'RaggedTensorToTensor', 'DenseBincount', 'Bincount', 'RaggedBincount', 'Bucketize', 'UnsortedSegmentSum', 'StringToNumber', 'StringFormat',
  'LowerBound', 'UpperBound', 'RandomUniformInt', 'SparseReshape', 'SparseFillEmptyRows', 'RaggedRange', 'RaggedGather', 'RandomStandardNormal', 'TruncatedNormal', 'Multinomial',
]);
/** Other families' ops whose int64 outputs are int32 tensors (they fail on values that do not fit). */
export const INT32_PRODUCERS = new Set([
  'ParseExample', 'ParseExampleV2', 'StringSplit', 'StringSplitV2', 'StringNGrams', 'UnicodeDecode', 'DenseBincount', 'Bincount', 'RaggedBincount',
  'LowerBound', 'UpperBound', 'RandomUniformInt', 'Multinomial',
]);
/** Other families' ops that compute in float32 where TF computes in half itself: refused on 16-bit dtypes. */
// (Sum / Prod / Mean / All / Any are ours only for empty inputs, empty-reduce.ts; tfjs sums halves in float32.)
export const NOT_SIXTEEN_SAFE = new Set(['Sum', 'Prod', 'Mean', 'All', 'Any', 'NonMaxSuppressionV2', 'NonMaxSuppressionV3', 'NonMaxSuppressionV4', 'NonMaxSuppressionV5']);
/** Other families' ops that would do 32-bit arithmetic on 64-bit values: refused on them. */
export const NOT_WIDE_SAFE = new Set(['Sum', 'Prod', 'Max', 'Min', 'Mean', 'All', 'Any', 'TfsAssignAdd', 'TfsAssignSub', 'Einsum', 'BatchMatMul', 'BatchMatMulV2', 'BatchMatMulV3', 'Erf', 'Erfc', 'Bitcast', 'BitwiseAnd', 'BitwiseOr', 'BitwiseXor']);

/**
 * half / bfloat16 ops that tfjs computes on float32 carriers and whose result is TF's once rounded back to
 * 16 bits (Eigen computes 16-bit arithmetic in float, then rounds; each is a single IEEE operation).
 */
export const HALF_ROUNDED = new Set(['Add', 'AddV2', 'Sub', 'Mul', 'RealDiv', 'Div', 'Neg', 'Abs', 'Square', 'Sqrt', 'Maximum', 'Minimum', 'Relu', 'Floor', 'Ceil', 'Sign']);

/** half / bfloat16 ops whose tfjs results on float32 carriers are already exact (they compare, pick or move). */
export const HALF_EXACT = new Set([
  ...PASS_THROUGH, ...Object.keys(MOVE_DATA), ...SHAPE_ONLY, 'Equal', 'NotEqual', 'Greater', 'GreaterEqual', 'Less',
  'LessEqual', 'ArgMax', 'ArgMin', 'Max', 'Min', 'ZerosLike', 'OnesLike', 'Pad', 'PadV2', 'IsNan', 'IsInf', 'IsFinite',
]);

/**
 * uint8 / int8 / uint16 / int16 ops (carried as int32) whose result can leave the narrow range: the dtype
 * pass wraps their output as TF does (ops/narrow-int.ts). tfjs's int32 result is exact mod 2^32 here.
 */
export const NARROW_WRAPPED = new Set([
  'Add', 'AddV2', 'Sub', 'Mul', 'Neg', 'AddN', 'Square', 'Abs', 'FloorDiv', 'BiasAdd', 'Sum', 'Cumsum',
  'Einsum', 'BatchMatMul', 'BatchMatMulV2', 'BatchMatMulV3', 'MatMul', 'UnsortedSegmentSum', 'SegmentSum', 'SparseSegmentSum',
]);
/** uint8 / int8 / uint16 / int16 ops whose result stays in range (they compare, pick or move). */
export const NARROW_EXACT = new Set([
  ...PASS_THROUGH, ...Object.keys(MOVE_DATA), ...SHAPE_ONLY, ...INT32_EXACT, 'ArgMax', 'ArgMin', 'Max', 'Min', 'ZerosLike',
  'OnesLike', 'Pad', 'PadV2', 'FloorMod', 'Relu', 'Sign', 'ClipByValue', 'Where', 'Unique', 'TopKV2', 'OneHot', 'Reverse',
  'DepthToSpace', 'SpaceToDepth', 'Range', 'Cast', // Cast from a narrow int (Cast to one is the dtype pass's Wrap)
]);
/** Other families' ops that would compute on narrow ints without wrapping: refused on them. */
export const NOT_NARROW_SAFE = new Set(['TfsAssignAdd', 'TfsAssignSub', 'Erf', 'Erfc']);
