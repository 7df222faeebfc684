// Variable name → checkpoint key, the way TF2's tf.saved_model.load restores variables: through the object graph,
// not through the saver's restore function (which TF1 sessions and TF Serving run). The SavedModel's
// SavedObjectGraph and the checkpoint's TrackableObjectGraph (the `_CHECKPOINTABLE_OBJECT_GRAPH` tensor) are
// written from the same list of objects, so node i of one is node i of the other (tensorflow/python/saved_model/
// save.py builds both from one traversal; load.py matches them by id). A variable node's SavedVariable.name is the
// shared_name of its VarHandleOp; its checkpoint attribute named VARIABLE_VALUE holds the key.
import { protoType } from '../proto/index.ts';
import type { MetaGraphDefMessage } from './messages.ts';
import type { TensorBundle } from './tensor-bundle.ts';

const OBJECT_GRAPH_KEY = '_CHECKPOINTABLE_OBJECT_GRAPH';
const VARIABLE_VALUE = 'VARIABLE_VALUE';

interface TrackableObjectGraphMessage {
  nodes?: { attributes?: { name?: string; checkpoint_key?: string }[] }[];
}

/** Empty when the version has no object graph (TF1 exports) or the two graphs do not line up. */
export function objectGraphVariableKeys(meta: MetaGraphDefMessage, bundle: TensorBundle | null): Map<string, string> {
  const keys = new Map<string, string>();
  const saved = meta.object_graph_def?.nodes ?? [];
  if (!bundle || saved.length === 0 || !bundle.has(OBJECT_GRAPH_KEY)) return keys;
  const stored = bundle.readTensor(OBJECT_GRAPH_KEY);
  if (stored.dtype !== 'DT_STRING' || stored.data.length !== 1) return keys;
  let graph: TrackableObjectGraphMessage;
  try {
    graph = protoType('tensorflow.TrackableObjectGraph').decode(stored.data[0] as Uint8Array) as unknown as TrackableObjectGraphMessage;
  } catch {
    return keys; // an unreadable object graph only loses this fallback; the saver's restore still applies
  }
  const nodes = graph.nodes ?? [];
  if (nodes.length !== saved.length) return keys;
  saved.forEach((node, i) => {
    const name = node.variable?.name;
    const key = nodes[i].attributes?.find((a) => a.name === VARIABLE_VALUE)?.checkpoint_key;
    if (name && key) keys.set(name, key);
  });
  return keys;
}
