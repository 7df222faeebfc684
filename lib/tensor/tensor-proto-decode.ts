// TensorProto → HostTensor. Values come either packed in tensor_content (little-endian) or in the typed
// *_val fields, where fewer values than elements means "repeat the last one" (TF's Tensor::FromProto).
// IMPORTANT: the expanded size is charged to a ByteBudget before anything is allocated: a 36-byte proto
// with shape [400000000] and one float_val is 1.6 GB once filled.
import { ServingError } from '../errors/index.ts';
import { dtypeName } from './dtype-name.ts';
import { type DType, type HostTensor, numElements, TYPED_ARRAY_OF } from './host-tensor.ts';
import { toBigInt } from './int64-field.ts';
import { shapeDims, type TensorMessage } from './tensor-message.ts';
import { ByteBudget } from './byte-budget.ts';
import { resolveLoadLimits } from './load-limits.ts';

function valField(t: TensorMessage, dtype: DType): ArrayLike<unknown> {
  switch (dtype) {
    case 'DT_FLOAT': return t.float_val ?? [];
    case 'DT_DOUBLE': return t.double_val ?? [];
    case 'DT_HALF': case 'DT_BFLOAT16': return t.half_val ?? [];
    case 'DT_INT64': return (t.int64_val ?? []).map((v) => toBigInt(v));
    case 'DT_UINT64': return (t.uint64_val ?? []).map((v) => BigInt.asUintN(64, toBigInt(v)));
    case 'DT_UINT32': return t.uint32_val ?? [];
    case 'DT_BOOL': return (t.bool_val ?? []).map((b) => (b ? 1 : 0));
    default: return t.int_val ?? []; // int8/16/32, uint8/16 are stored in int_val
  }
}

/** The dims of a TensorShapeProto as numbers; INVALID_ARGUMENT for a negative or non-integer dim (TensorShape::IsValid). */
function validShape(t: TensorMessage, where: string): number[] {
  let shape: number[];
  try {
    shape = shapeDims(t.tensor_shape) ?? [];
  } catch {
    throw new ServingError('INVALID_ARGUMENT', `${where}: tensor shape dimension is not a valid size`);
  }
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0)) throw new ServingError('INVALID_ARGUMENT', `${where}: bad tensor shape [${shape}]`);
  return shape;
}

/** Element count with an overflow check (any product past 2^53 is refused, as TF refuses past 2^63). */
function checkedElements(shape: readonly number[], where: string): number {
  let n = 1;
  for (const d of shape) {
    n *= d;
    if (!Number.isSafeInteger(n)) throw new ServingError('INVALID_ARGUMENT', `${where}: tensor shape [${shape}] has too many elements`);
  }
  return n;
}

/** Without a caller's budget, one tensor may be at most the default model byte limit. */
function perTensorBudget(): ByteBudget {
  return new ByteBudget(resolveLoadLimits().maxModelBytes, 'the model byte limit');
}

/**
 * Decodes a TensorProto. `where` names the node for messages; `budget` is charged the decoded size first
 * (RESOURCE_EXHAUSTED past it; default: one tensor within the default model byte limit).
 */
export function decodeTensorProto(t: TensorMessage, where: string, budget: ByteBudget = perTensorBudget()): HostTensor {
  const dtype = dtypeName(t.dtype) as DType;
  const shape = validShape(t, where);
  const n = checkedElements(shape, where);
  if (dtype === 'DT_STRING') {
    const vals = t.string_val ?? [];
    // Filled slots share one Uint8Array: a pointer each, plus the distinct values' bytes.
    budget.charge(n * 8 + vals.reduce((sum, v) => sum + v.length, 0), where);
    if (vals.length > n || (vals.length === 0 && n > 0)) {
      if (vals.length === 0) return { dtype, shape, data: Array.from({ length: n }, () => new Uint8Array(0)) };
      throw new ServingError('INVALID_ARGUMENT', `${where}: ${vals.length} strings for shape [${shape}]`);
    }
    const data = Array.from({ length: n }, (_, i) => vals[Math.min(i, vals.length - 1)]);
    return { dtype, shape, data };
  }
  const Array_ = TYPED_ARRAY_OF[dtype as keyof typeof TYPED_ARRAY_OF];
  if (!Array_) throw new ServingError('UNIMPLEMENTED', `${where}: constant of dtype ${dtype} is not supported`);
  const content = t.tensor_content;
  budget.charge(n * Array_.BYTES_PER_ELEMENT, where);
  if (content && content.length > 0) {
    if (content.length !== n * Array_.BYTES_PER_ELEMENT) {
      throw new ServingError('INVALID_ARGUMENT', `${where}: tensor_content has ${content.length} bytes, shape [${shape}] ${dtype} needs ${n * Array_.BYTES_PER_ELEMENT}`);
    }
    // A copy that owns an aligned buffer: protobufjs hands out Node Buffers, whose .slice() is a *view*
    // into a shared pool (byteOffset != 0), so `content.buffer` must never be read directly.
    const copy = new Uint8Array(content.length);
    copy.set(content);
    return { dtype, shape, data: new Array_(copy.buffer, 0, n) } as HostTensor;
  }
  const vals = valField(t, dtype);
  if (vals.length > n) throw new ServingError('INVALID_ARGUMENT', `${where}: ${vals.length} values for shape [${shape}]`);
  const data = new Array_(n) as unknown as { [i: number]: unknown; length: number };
  if (vals.length > 0) for (let i = 0; i < n; i++) data[i] = vals[Math.min(i, vals.length - 1)];
  return { dtype, shape, data } as unknown as HostTensor;
}
