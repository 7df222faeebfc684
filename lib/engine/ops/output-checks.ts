// Load-time refusal of op outputs the portable engine does not produce: TensorFlow.js's FusedBatchNorm* give
// only `y`; TF's batch_mean / batch_variance / reserve_space_* outputs in inference (op sweep, group nn: the
// reserve spaces are uninitialised memory in TF 2.21) are never made up. A graph reading them is refused
// naming op and node; graphs that read only `y` (every Keras / TF model seen) are untouched.
import { ServingError } from '../../errors/index.ts';
import type { NodeDefMessage } from '../../savedmodel/index.ts';

const FIRST_OUTPUT_ONLY = new Set(['FusedBatchNorm', 'FusedBatchNormV2', 'FusedBatchNormV3']);

/** Throws UNIMPLEMENTED when a node input or a fetch (`node:k` refs) reads output k > 0 of such an op. */
export function checkOutputUse(nodes: readonly NodeDefMessage[], fetches: readonly string[], where: string): void {
  const limited = new Map(nodes.filter((n) => FIRST_OUTPUT_ONLY.has(n.op)).map((n) => [n.name, n.op]));
  if (limited.size === 0) return;
  for (const ref of [...nodes.flatMap((n) => n.input ?? []), ...fetches]) {
    if (ref.startsWith('^')) continue;
    const m = /^(.*):(\d+)$/.exec(ref);
    if (!m || m[2] === '0' || !limited.has(m[1])) continue;
    throw new ServingError('UNIMPLEMENTED', `${where}: op '${limited.get(m[1])}' (node '${m[1]}') output ${m[2]} is not supported by the portable engine (only y)`);
  }
}
