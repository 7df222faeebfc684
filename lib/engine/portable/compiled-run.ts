// One run of a compiled signature (signature-compiler.ts) on host tensors: TF Serving's input checks, then the
// lean executor where it has a plan, else the GraphModel (or the synchronous TF1 executor).
import * as tf from '@tensorflow/tfjs-core';
import { ServingError } from '../../errors/index.ts';
import type { DType, HostTensor } from '../../tensor/index.ts';
import { checkFeedDtype, checkInputs, runError } from '../input-checks.ts';
import { withListScope } from '../ops/index.ts';
import { asResourceExhausted } from './allocation-guard.ts';
import type { BackendName } from './backend.ts';
import { BACKEND_LIMITS, checkFeeds, feedDtypeName } from './feed-checks.ts';
import { fromTfTensor, toFeedTensor } from './host-tensors.ts';
import type { CompiledSignature } from './signature-compiler.ts';

/** Runs a compiled signature: the input checks, then the lean executor or the GraphModel; frees every tensor it made. */
export async function runCompiled(c: CompiledSignature, inputs: Map<string, HostTensor>, backend: BackendName, outputs?: readonly string[]): Promise<Map<string, HostTensor>> {
  checkInputs(c.info, inputs, BACKEND_LIMITS[backend]);
  const aliases = outputs ?? c.fetchAliases;
  // The lean executor (lean-plan.ts) answers first where it has a plan, with the same feed checks.
  const lean = c.lean && checkFeeds(c.feeds, inputs) ? c.lean.run(inputs, aliases) : undefined;
  return lean ?? runGraph(c, inputs, aliases);
}

/** The GraphModel's (or the v1 executor's) run; a function of its own so that lean calls do not allocate the context its closures need. */
async function runGraph(c: CompiledSignature, inputs: Map<string, HostTensor>, aliases: readonly string[]): Promise<Map<string, HostTensor>> {
  const feed: tf.NamedTensorMap = {};
  let results: tf.Tensor[] = [];
  try {
    c.feeds.forEach((f, i) => {
      const value = inputs.get(f.alias);
      if (!value) throw new ServingError('INVALID_ARGUMENT', `input '${f.alias}' is missing`);
      checkFeedDtype(f.alias, i, value, feedDtypeName(f));
      feed[f.node] = toFeedTensor(value, f.dtype, `input '${f.alias}'`);
    });
    const names = aliases.map((a) => c.fetches[a]);
    // Only graphs with TensorLists pay for a list scope (an AsyncLocalStorage run) on the request path.
    const execute = () => (c.v1 ? c.v1.execute(feed, names) : c.async ? c.model.executeAsync(feed, names) : c.model.execute(feed, names));
    const out = c.lists ? await withListScope(execute) : await execute();
    results = Array.isArray(out) ? out : [out];
    const result = new Map<string, HostTensor>();
    // TF1 signatures may declare ref dtypes (DT_FLOAT_REF for an AssignAdd output): the value is the base dtype.
    aliases.forEach((alias, i) => result.set(alias, fromTfTensor(results[i], c.info.outputs[alias].dtype.replace(/_REF$/, '') as DType)));
    return result;
  } catch (e) {
    throw runError(asResourceExhausted(e), c.info, inputs);
  } finally {
    tf.dispose(Object.values(feed));
    tf.dispose(results);
  }
}
