// Checks a version against its LoadLimits before any value is decoded (issue 10): every constant at its
// expanded size (a TensorProto with fewer values than elements is filled with the last one: TF's
// Tensor::FromProto), every checkpoint tensor at its shape's size, and the node count. Reads only the
// graph protos and the checkpoint index.
import { ServingError } from '../../errors/index.ts';
import type { Steps } from '../../io/index.ts';
import type { MetaGraph, NodeDefMessage, SavedModel } from '../../savedmodel/index.ts';
import { ByteBudget, dtypeName, type LoadLimits, type NumericDType, shapeDims, type TensorMessage, TYPED_ARRAY_OF } from '../../tensor/index.ts';

/** Bytes one element of `dtype` takes once decoded; strings count a pointer (their bytes are added apart). */
function elementBytes(dtype: string): number {
  if (dtype === 'DT_STRING') return 8;
  return TYPED_ARRAY_OF[dtype.replace(/_REF$/, '') as NumericDType]?.BYTES_PER_ELEMENT ?? 8;
}

/** Elements × element bytes with overflow checks; INVALID_ARGUMENT naming `where` for a shape no tensor can have. */
export function tensorBytes(dtype: string, shape: readonly number[], where: string): number {
  let n = elementBytes(dtype);
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) throw new ServingError('INVALID_ARGUMENT', `${where}: bad tensor shape [${shape}]`);
    n *= d;
    if (!Number.isSafeInteger(n)) throw new ServingError('RESOURCE_EXHAUSTED', `${where}: tensor shape [${shape}] needs more than 2^53 bytes`);
  }
  return n;
}

function constBytes(t: TensorMessage, where: string): number {
  let shape: number[];
  try {
    shape = shapeDims(t.tensor_shape) ?? [];
  } catch {
    throw new ServingError('INVALID_ARGUMENT', `${where}: tensor shape dimension is not a valid size`);
  }
  const strings = (t.string_val ?? []).reduce((sum, v) => sum + v.length, 0);
  return tensorBytes(dtypeName(t.dtype), shape, where) + strings;
}

/**
 * Steps (runStepsSliced at load: they pause every 4096 nodes or checkpoint entries) that end RESOURCE_EXHAUSTED
 * when the serving MetaGraph's constants plus the checkpoint's tensors pass
 * `limits.maxModelBytes`, or its nodes (graph + library functions) pass `limits.maxGraphNodes`.
 */
export function* checkModelBoundsSteps(model: SavedModel, meta: MetaGraph, limits: Required<LoadLimits>): Steps<void> {
  const graph = meta.def.graph_def;
  const functions = graph?.library?.function ?? [];
  const nodeCount = (graph?.node?.length ?? 0) + functions.reduce((sum, f) => sum + (f.node_def?.length ?? 0), 0);
  if (nodeCount > limits.maxGraphNodes) {
    throw new ServingError('RESOURCE_EXHAUSTED', `${model.source}: the graph has ${nodeCount} nodes, over the limit of ${limits.maxGraphNodes}`);
  }
  const budget = new ByteBudget(limits.maxModelBytes, 'the model byte limit (--max_model_bytes)');
  let step = 0;
  function* charge(nodes: readonly NodeDefMessage[], prefix: string): Steps<void> {
    for (const n of nodes) {
      const t = n.op === 'Const' ? n.attr?.value?.tensor : undefined;
      if (t) budget.charge(constBytes(t, `Const '${prefix}${n.name}'`), `Const '${prefix}${n.name}'`);
      if ((++step & 4095) === 0) yield;
    }
  }
  yield* charge(graph?.node ?? [], '');
  for (const f of functions) yield* charge(f.node_def ?? [], `${f.signature?.name ?? ''}/`);
  const bundle = model.variables();
  for (const key of bundle?.keys() ?? []) {
    const entry = bundle!.entry(key);
    const where = `checkpoint tensor '${key}'`;
    budget.charge(tensorBytes(entry.dtype, entry.shape, where), where);
    if ((++step & 4095) === 0) yield;
  }
}
