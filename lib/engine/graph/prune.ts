// Prunes a graph to what a signature needs: walk back from the fetched tensors, stopping at the fed
// ones, which become plain Placeholders with no shape (FORMATS.md pitfalls 3–5: TF's feeds replace the
// node and are not shape-checked against it; a fed Identity(ParseExample) must cut the graph there).
import { ServingError } from '../../errors/index.ts';
import type { Steps } from '../../io/index.ts';
import type { NodeDefMessage } from '../../savedmodel/index.ts';
import type { Graph } from './graph.ts';
import { isControl, parseGraphRef } from './node-refs.ts';

/**
 * Control dependencies on these only order work on state we no longer have (frozen variables, savers) or
 * on reads with no side effect (TF2 function bodies add `^ReadVariableOp` edges); they are dropped.
 */
export const DROPPABLE_CONTROL_TARGETS = new Set([
  'NoOp', 'Assign', 'AssignVariableOp', 'RestoreV2', 'SaveV2', 'VarIsInitializedOp',
  'ReadVariableOp', 'Const', 'VarHandleOp', 'VariableV2',
]);

export interface Feed {
  /** signature alias */
  alias: string;
  /** the Placeholder node that receives the value */
  node: string;
  dtype: number;
}

interface Pruned {
  nodes: NodeDefMessage[];
  feeds: Feed[];
}

/**
 * Keeps the nodes needed for `fetchRefs` given `feeds` (tensor refs like "x:0" keyed by alias).
 * Returns the kept nodes in topological order and the feed placeholders. Steps: it may pause every 4096 nodes
 * visited (runStepsSliced at load).
 */
export function* pruneSteps(graph: Graph, feedRefs: Record<string, { ref: string; dtype: number }>, fetchRefs: string[]): Steps<Pruned> {
  const feeds: Feed[] = [];
  for (const [alias, { ref, dtype }] of Object.entries(feedRefs)) {
    const { node, index } = parseGraphRef(ref);
    graph.get(node);
    // Output k>0 of a node is fed through a fresh Placeholder; output 0 replaces the node itself.
    const name = index === 0 ? node : `${node}/__feed_${index}`;
    if (index !== 0) graph.rewire(ref, name);
    // A fed placeholder keeps its own dtype: TF feeds by tensor name, so a signature that declares another
    // dtype (half_plus_three declares its serialized tf_example input DT_FLOAT) still gets the graph's.
    const fed = graph.get(node);
    const own = index === 0 && fed.op.startsWith('Placeholder') ? fed.attr?.dtype?.type : undefined;
    const type = own || dtype;
    graph.nodes.set(name, { name, op: 'Placeholder', input: [], attr: { dtype: { type } } });
    feeds.push({ alias, node: name, dtype: type });
  }
  const keep = new Set<string>();
  const order: NodeDefMessage[] = [];
  const visiting = new Set<string>();
  // Iterative DFS post-order, so deep graphs cannot overflow the stack.
  const stack: { name: string; expanded: boolean }[] = fetchRefs.map((r) => ({ name: parseGraphRef(r).node, expanded: false }));
  let step = 0;
  while (stack.length) {
    if ((++step & 4095) === 0) yield;
    const top = stack.pop()!;
    if (keep.has(top.name) || (!top.expanded && visiting.has(top.name))) continue;
    const node = graph.get(top.name);
    if (top.expanded) {
      visiting.delete(top.name);
      keep.add(top.name);
      order.push(node);
      continue;
    }
    visiting.add(top.name);
    stack.push({ name: top.name, expanded: true });
    node.input = (node.input ?? []).filter((i) => !isControl(i) || !DROPPABLE_CONTROL_TARGETS.has(graph.nodes.get(i.slice(1))?.op ?? 'NoOp'));
    for (const i of node.input) {
      const dep = isControl(i) ? i.slice(1) : parseGraphRef(i).node;
      if (!graph.nodes.has(dep)) throw new ServingError('INVALID_ARGUMENT', `node '${node.name}' reads missing node '${dep}'`);
      // A dep still being visited closes a cycle: v1 while loops have them through NextIteration (any
      // other cycle was refused before conversion: graph-cycles.ts). Skipping it keeps every node once.
      if (!keep.has(dep) && !visiting.has(dep)) stack.push({ name: dep, expanded: false });
    }
  }
  // A signature input the outputs do not depend on is accepted and ignored, as in TF (a feed of an
  // unreachable tensor is harmless there); TensorFlow.js refuses feeds that are not in the graph.
  return { nodes: order, feeds: feeds.filter((f) => keep.has(f.node)) };
}
