// Cumsum / Cumprod on 64-bit values (int64, uint64 wrap like TF's two's complement; float64 in order),
// with TF's `exclusive` and `reverse` attrs (tensorflow/core/kernels/scan_ops.h). Ragged row partitions
// (RowPartitionFromValueRowIds) run Cumsum over int64 counts.
import { ServingError } from '../../errors/index.ts';
import { kindOf, readSmallInts, type WideKernel } from './int64-kernel.ts';
import { makeWide, readWideAs } from './int64-tensors.ts';

function scan(product: boolean): WideKernel {
  return (n) => {
    const kind = kindOf(n, n.inTypes[0]);
    const [x, axisT] = n.inputs;
    const exclusive = Boolean(n.attrs['exclusive']);
    const reverse = Boolean(n.attrs['reverse']);
    let axis = readSmallInts(axisT, 'axis')[0];
    if (axis < -x.rank || axis >= Math.max(x.rank, 1)) throw new ServingError('INVALID_ARGUMENT', `ScanOp: Expected scan axis in the range [${-x.rank}, ${x.rank}), but got ${axis}`);
    if (axis < 0) axis += x.rank;
    const values = readWideAs(x, kind);
    const out = values.slice() as typeof values;
    const dim = x.shape[axis] ?? 1;
    const inner = x.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    const outer = x.size / Math.max(dim * inner, 1);
    const float = kind === 'float64';
    const wrap = (v: bigint) => (kind === 'int64' ? BigInt.asIntN(64, v) : BigInt.asUintN(64, v));
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        let acc: number | bigint = float ? (product ? 1 : 0) : product ? 1n : 0n;
        for (let k = 0; k < dim; k++) {
          const j = reverse ? dim - 1 - k : k;
          const at = (o * dim + j) * inner + i;
          const v = values[at];
          const next = float ? (product ? (acc as number) * (v as number) : (acc as number) + (v as number)) : wrap(product ? (acc as bigint) * (v as bigint) : (acc as bigint) + (v as bigint));
          (out as unknown as (number | bigint)[])[at] = exclusive ? acc : next;
          acc = next;
        }
      }
    }
    return makeWide(out, x.shape);
  };
}

export const WIDE_SCAN_KERNELS: Record<string, WideKernel> = { Cumsum: scan(false), Cumprod: scan(true) };
