// The ops a graph uses, as TensorFlow's meta_graph.ops_used_by_graph_def counts them (python/framework/
// meta_graph.py): every node's op, following calls into the graph's function library (a node whose op names
// a library function, or a PartitionedCall/StatefulPartitionedCall's `f` attr) recursively; the function
// names themselves are not ops. `saved_model_cli show --all` prints this set per MetaGraph.
import type { FunctionDefMessage, GraphDefMessage, NodeDefMessage } from './messages.ts';

const CALL_OPS = new Set(['PartitionedCall', 'StatefulPartitionedCall']);

/** The op names used by `graph`, sorted (TF returns an unordered set). */
export function opsUsedByGraph(graph: GraphDefMessage): string[] {
  const functions = new Map<string, FunctionDefMessage>((graph.library?.function ?? []).map((f) => [f.signature.name, f]));
  const used = new Set<string>();
  const pending: FunctionDefMessage[] = [];
  const mark = (op: string): void => {
    if (!used.has(op) && functions.has(op)) pending.push(functions.get(op)!);
    used.add(op);
  };
  const visit = (node: NodeDefMessage): void => {
    mark(node.op);
    const callee = CALL_OPS.has(node.op) ? node.attr?.f?.func?.name : undefined;
    if (callee) mark(callee);
  };
  for (const node of graph.node ?? []) visit(node);
  for (let f = pending.pop(); f; f = pending.pop()) for (const node of f.node_def ?? []) visit(node);
  return [...used].filter((op) => !functions.has(op)).sort();
}
