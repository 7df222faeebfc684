// Where each runnable op that the op sweep does not cover is checked instead (docs/op-sweep.md, last section):
// a zoo family (TensorFlow-made models with goldens, test/engine/zoo-*.test.ts), a vector suite made by
// TensorFlow, or nothing. Kept by hand: when a test starts covering an op, add it here.
const ZOO = (...families: string[]) => `zoo ${families.map((f) => `\`${f}\``).join(', ')}`;
const VECTORS = (file: string) => `\`test/engine/ops/${file}\``;

const VERIFIED_BY: Array<[string, string[]]> = [
  [`${VECTORS('image.vectors.json')}, ${ZOO('image', 'detection')}`, ['DecodeBmp', 'DecodeGif', 'DecodeImage', 'DecodeJpeg', 'DecodePng', 'ResizeArea', 'ResizeBicubic', 'ResizeBilinear', 'ResizeNearestNeighbor']],
  [`${VECTORS('string-ops.vectors.json')}, ${ZOO('strings', 'preprocessing')}`, [
    'Bucketize', 'DenseBincount', 'RaggedBincount', 'RaggedTensorToTensor', 'ReduceJoin', 'RegexFullMatch', 'RegexReplace', 'StaticRegexFullMatch',
    'StaticRegexReplace', 'StringFormat', 'StringLength', 'StringLower', 'StringNGrams', 'StringSplitV2', 'StringStrip', 'StringToHashBucketStrong',
    'StringToNumber', 'StringUpper', 'Substr', 'UnicodeDecode', 'UnicodeEncode']],
  [`${VECTORS('as-string.vectors.json')}, ${ZOO('strings', 'preprocessing')}`, ['AsString']],
  [`${VECTORS('fingerprint64.vectors.json')}, ${ZOO('preprocessing')}`, ['StringToHashBucketFast']],
  [ZOO('strings'), ['StringJoin', 'StringSplit', 'SparseToDense']],
  [`${VECTORS('transformer.vectors.json')}, ${ZOO('transformer')}`, ['BatchMatMul', 'BatchMatMulV3', 'Einsum']],
  [ZOO('transformer'), ['ResourceGather']],
  [`${VECTORS('tensor-list.vectors.json')}, ${ZOO('loops', 'rnn')}`, [
    'EmptyTensorList', 'TensorListConcatV2', 'TensorListElementShape', 'TensorListFromTensor', 'TensorListGather', 'TensorListGetItem', 'TensorListLength',
    'TensorListPopBack', 'TensorListPushBack', 'TensorListReserve', 'TensorListResize', 'TensorListScatter', 'TensorListScatterIntoExistingList',
    'TensorListScatterV2', 'TensorListSetItem', 'TensorListSplit', 'TensorListStack']],
  [`${ZOO('loops', 'rnn', 'detection')} (While v2 / If v2 bodies)`, ['While', 'StatelessWhile', 'If', 'StatelessIf']],
  [`${ZOO('v1_control')} (TF1 SavedModelBuilder graphs), the DKT fixture, \`test/engine/portable/v1-executor-*.test.ts\``, [
    'Enter', 'Exit', 'Merge', 'Switch', 'LoopCond', 'NextIteration', 'TensorArrayV3', 'TensorArrayWriteV3', 'TensorArrayReadV3',
    'TensorArrayGatherV3', 'TensorArrayScatterV3', 'TensorArraySizeV3']],
  ['the DKT fixture (`tf1_dkt_lstm` goldens: its Assert passes)', ['Assert']],
  [`${ZOO('detection')}, \`test/engine/ops/non-max-suppression.test.ts\``, ['NonMaxSuppressionV3', 'NonMaxSuppressionV4', 'NonMaxSuppressionV5', 'CombinedNonMaxSuppression']],
  [`${ZOO('preprocessing')}, \`test/engine/lookup-table-models*.test.ts\``, ['HashTableV2', 'LookupTableFindV2', 'LookupTableImportV2', 'InitializeTableV2', 'LookupTableSizeV2']],
  ['`test/engine/ops/parse-example-fixtures*.test.ts` (TensorFlow-made examples)', ['ParseExample', 'ParseExampleV2']],
  [ZOO('fusion'), ['FusedBatchNormV3']],
  [ZOO('contract'), ['RFFT', 'Real']],
  [`every zoo model (graph structure)`, ['Const', 'NoOp', 'Placeholder', 'PlaceholderWithDefault']],
  ['made by the graph optimizer from swept ops (`test/engine/graph/optimize/fuse-linear.test.ts`: equal to the unfused graph)', ['_FusedConv2D', '_FusedMatMul', 'FusedDepthwiseConv2dNative']],
  ['not a TensorFlow op (a TensorFlow.js converter name; no SavedModel holds it)', ['Conv1D', 'DepthwiseConv2d', 'Ones', 'Prelu', 'Zeros', 'SimpleMLCreateModelResource', 'SimpleMLInferenceOpWithHandle', 'SimpleMLLoadModelFromPathWithHandle']],
];

const BY_OP = new Map(VERIFIED_BY.flatMap(([where, ops]) => ops.map((op) => [op, where] as const)));

/** Where `op` (not in the sweep) is verified, or "not verified". `swept` holds the sweep's TF op names. */
export function verifiedElsewhere(op: string, swept: ReadonlySet<string>): string {
  const known = BY_OP.get(op);
  if (known) return known;
  if (op.startsWith('Tfs')) {
    // the converter's own nodes: `TfsExact>Add` / `Tfs64>Add` stand for Add; Iota / Take / Widen / Narrow / Wrap,
    // variables and table reads are plumbing the dtype pass and the freezer insert
    const tail = op.includes('>') ? op.slice(op.indexOf('>') + 1) : '';
    const of = tail.startsWith('CastTo') ? 'Cast' : tail;
    return swept.has(of) ? `the converter's route for \`${of}\`: its sweep rows` : "the converter's plumbing: exercised through the swept ops and zoo models that need it";
  }
  return 'not verified';
}
