// Load-time refusal of op outputs the portable engine does not make up: FusedBatchNorm* in inference give `y`,
// `batch_mean` and `batch_variance` (ops/batch-norm.ts, as TF computes them), but TF's reserve_space_* outputs
// are uninitialised memory in TF 2.21 (op sweep, groups nn and nn2). A graph reading one is refused naming op and
// node; graphs that read only `y` (every Keras / TF model seen) are untouched.
import { ServingError } from '../../errors/index.ts';
import type { NodeDefMessage } from '../../savedmodel/index.ts';

const FIRST_OUTPUT_ONLY = new Set(['FusedBatchNorm', 'FusedBatchNormV2', 'FusedBatchNormV3']);
/** Outputs 0–2 (y, batch_mean, batch_variance) are computed; 3 and up are the reserve spaces. */
const COMPUTED_OUTPUTS = 3;

/** Throws UNIMPLEMENTED when a node input or a fetch (`node:k` refs) reads a reserve space (output k ≥ 3) of such an op. */
export function checkOutputUse(nodes: readonly NodeDefMessage[], fetches: readonly string[], where: string): void {
  const limited = new Map(nodes.filter((n) => FIRST_OUTPUT_ONLY.has(n.op)).map((n) => [n.name, n.op]));
  if (limited.size === 0) return;
  for (const ref of [...nodes.flatMap((n) => n.input ?? []), ...fetches]) {
    if (ref.startsWith('^')) continue;
    const m = /^(.*):(\d+)$/.exec(ref);
    if (!m || Number(m[2]) < COMPUTED_OUTPUTS || !limited.has(m[1])) continue;
    throw new ServingError('UNIMPLEMENTED', `${where}: op '${limited.get(m[1])}' (node '${m[1]}') output ${m[2]} is not supported by the portable engine (only y, batch_mean and batch_variance: TensorFlow leaves the reserve spaces uninitialised)`);
  }
}
