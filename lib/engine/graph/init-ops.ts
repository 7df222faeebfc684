// The SavedModel's init ops, which TensorFlow runs once at load (tensorflow/cc/saved_model/loader.cc):
//   TF2: the output of the `__saved_model_init_op` pseudo signature (a NoOp that depends on every initializer);
//   TF1: the `saved_model_main_op` collection, else `legacy_init_op` (constants.py MAIN_OP_KEY /
//        LEGACY_INIT_OP_KEY); the `table_initializer` collection (GraphKeys.TABLE_INITIALIZERS) is also read,
//        since TF1 exports list their table initializers there.
// We never run them: lookup-tables.ts builds the tables they would fill, from the nodes found here.
import type { MetaGraphDefMessage, NodeDefMessage } from '../../savedmodel/index.ts';
import type { Graph } from './graph.ts';
import { isControl, parseGraphRef } from './node-refs.ts';

export const INIT_OP_SIGNATURE = '__saved_model_init_op';
const MAIN_OP_COLLECTIONS = ['saved_model_main_op', 'legacy_init_op'];
const TABLE_INITIALIZER_COLLECTION = 'table_initializer';

/** Names of the init op nodes of a MetaGraph (may be empty). */
export function initOpRoots(meta: MetaGraphDefMessage): string[] {
  const roots = new Set<string>();
  const sig = meta.signature_def?.[INIT_OP_SIGNATURE]?.outputs?.[INIT_OP_SIGNATURE]?.name;
  if (sig) roots.add(parseGraphRef(sig).node);
  const collection = (key: string) => meta.collection_def?.[key]?.node_list?.value ?? [];
  const main = MAIN_OP_COLLECTIONS.map(collection).find((v) => v.length > 0) ?? [];
  for (const name of [...main, ...collection(TABLE_INITIALIZER_COLLECTION)]) roots.add(parseGraphRef(name).node);
  return [...roots];
}

/** Every node the init ops depend on (data and control edges), in the order first reached. */
export function initOpNodes(graph: Graph, roots: string[]): NodeDefMessage[] {
  const seen = new Set<string>();
  const out: NodeDefMessage[] = [];
  const stack = roots.filter((r) => graph.nodes.has(r)).reverse();
  while (stack.length) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const node = graph.get(name);
    out.push(node);
    const deps = (node.input ?? []).map((i) => (isControl(i) ? i.slice(1) : parseGraphRef(i).node));
    for (let i = deps.length - 1; i >= 0; i--) if (!seen.has(deps[i]) && graph.nodes.has(deps[i])) stack.push(deps[i]);
  }
  return out;
}
