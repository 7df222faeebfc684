// The exact 64-bit family: TF ops on int64 / uint64 / float64 values that our own kernels run on host
// BigInt64Array / BigUint64Array / Float64Array values (int64-tensors.ts says how they travel). The dtype
// pass (graph/dtype-pass.ts) renames a node `FloorMod` that touches int64 to `Tfs64>FloorMod`, so tfjs's
// own FloorMod stays in place for float32; this table is keyed `Tfs64>` + the exact TF op name.
import type { OpTable } from './index.ts';
import { castKernel, castSupports } from './int64-cast.ts';
import { WIDE_OP_PREFIX, wideExecutor, type WideKernel } from './int64-kernel.ts';
import { mathSupports, WIDE_MATH_KERNELS } from './int64-math.ts';
import { WIDE_PLUMBING_KERNELS } from './int64-plumbing.ts';
import { WIDE_REDUCE_KERNELS } from './int64-reduce.ts';
import { WIDE_SCAN_KERNELS } from './int64-scan.ts';
import { WIDE_DTYPES } from './int64-tensors.ts';

const KERNELS: Record<string, WideKernel> = { ...WIDE_MATH_KERNELS, ...WIDE_REDUCE_KERNELS, Cast: castKernel, ...WIDE_PLUMBING_KERNELS, ...WIDE_SCAN_KERNELS };

/**
 * Whether our kernel runs TF op `op` exactly on these data-input dtypes and output dtypes (DataType numbers).
 * Every input that is not 64-bit must be an axis (reductions) or Cast's source.
 */
export function wideKernelSupports(op: string, inTypes: (number | undefined)[], outTypes: (number | undefined)[]): boolean {
  if (op === 'Cast') return castSupports(inTypes[0] ?? 0) && castSupports(outTypes[0] ?? 0);
  const kind = WIDE_DTYPES.get(inTypes[0] ?? 0);
  if (!kind) return false;
  if (WIDE_MATH_KERNELS[op]) return mathSupports(op, kind) && inTypes.every((t) => t === inTypes[0]);
  if (op === 'MatMul') return inTypes[1] === inTypes[0];
  return op in WIDE_REDUCE_KERNELS || op in WIDE_SCAN_KERNELS;
}

/** The op name a node gets when our 64-bit kernel runs it. */
export const wideOpName = (tfOp: string) => WIDE_OP_PREFIX + tfOp;

export const INT64_OPS: OpTable = Object.fromEntries(Object.entries(KERNELS).map(([op, k]) => [wideOpName(op), wideExecutor(op, k)]));
