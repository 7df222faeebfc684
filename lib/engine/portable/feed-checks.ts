// The checks of a run's inputs that need no tensor: what each backend takes, an input missing, a dtype the
// placeholder does not take.
import { ServingError } from '../../errors/index.ts';
import { protoEnum } from '../../proto/index.ts';
import type { HostTensor } from '../../tensor/index.ts';
import type { Feed } from '../graph/prune.ts';
import { checkFeedDtype, type InputLimits } from '../input-checks.ts';
import type { BackendName } from './backend.ts';

/**
 * What each backend computes correctly. wasm: XNNPACK's elementwise kernels take at most 6 dims
 * (XNN_MAX_TENSOR_DIMS) and, past it, log "XNN status … not successful" and return uninitialised memory
 * (half_plus_two on a rank-7 input answered 3.6e-41); test/engine/portable/rank-limits-{wasm,cpu}.test.ts show ranks 0..8.
 */
export const BACKEND_LIMITS: Record<BackendName, InputLimits> = {
  wasm: { maxRank: 6, what: "the portable engine's wasm backend" },
  cpu: { what: "the portable engine's cpu backend" },
};

const DATA_TYPE = protoEnum('tensorflow.DataType');

/** The DataType enum name of a feed's dtype number, as the checks print it. */
export function feedDtypeName(feed: Feed): string {
  return DATA_TYPE.valuesById[feed.dtype] ?? String(feed.dtype);
}

/** The missing-input and placeholder dtype checks of a run, before anything is allocated (throws their errors). */
export function checkFeeds(feeds: readonly Feed[], inputs: ReadonlyMap<string, HostTensor>): true {
  for (let i = 0; i < feeds.length; i++) {
    const value = inputs.get(feeds[i].alias);
    if (!value) throw new ServingError('INVALID_ARGUMENT', `input '${feeds[i].alias}' is missing`);
    checkFeedDtype(feeds[i].alias, i, value, feedDtypeName(feeds[i]));
  }
  return true;
}
