// Refuses graphs with cycles before any rewrite walks them (issue 10: two nodes feeding each other made
// the converter loop until out of memory). TensorFlow's only legal cycles are v1 while loops, closed by
// the edge Merge ← NextIteration (control_flow_ops.py); every other cycle, and any node reading itself, is
// INVALID_ARGUMENT naming the nodes. Kahn's algorithm: iterative, each node and edge visited once.
import { ServingError } from '../../errors/index.ts';
import { runSteps, type Steps } from '../../io/index.ts';
import type { MetaGraph, NodeDefMessage } from '../../savedmodel/index.ts';

/** The node an input names: "^a", "a", "a:1" (GraphDef) and "a:out:0" (FunctionDef body) all name "a". */
function producerOf(ref: string): string {
  const name = ref.startsWith('^') ? ref.slice(1) : ref;
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(0, colon);
}

const isBackEdgeSource = (n: NodeDefMessage | undefined) => !!n && n.op.endsWith('NextIteration');

/**
 * INVALID_ARGUMENT when `nodes` (a GraphDef's, or one function body's: `where` says which) have a cycle
 * that does not pass through a NextIteration node, or a node that reads itself.
 * @example checkAcyclic(meta.def.graph_def?.node ?? [], 'the graph')
 */
export function checkAcyclic(nodes: readonly NodeDefMessage[], where: string): void {
  runSteps(acyclicSteps(nodes, where));
}

/** checkAcyclic as Steps (it may pause every 1024 nodes or edges). */
function* acyclicSteps(nodes: readonly NodeDefMessage[], where: string): Steps<void> {
  let step = 0;
  const byName = new Map<string, NodeDefMessage>();
  for (const n of nodes) {
    byName.set(n.name, n);
    if ((++step & 1023) === 0) yield;
  }
  const pending = new Map<string, number>();
  const consumers = new Map<string, string[]>();
  for (const n of nodes) {
    let count = 0;
    for (const ref of n.input ?? []) {
      const p = producerOf(ref);
      if (p === n.name) throw new ServingError('INVALID_ARGUMENT', `${where}: node '${n.name}' (${n.op}) reads its own output`);
      const producer = byName.get(p);
      if (!producer || isBackEdgeSource(producer)) continue; // missing inputs are the converter's error
      count++;
      let list = consumers.get(p);
      if (!list) consumers.set(p, (list = []));
      list.push(n.name);
    }
    pending.set(n.name, count);
    if ((++step & 1023) === 0) yield;
  }
  const ready: string[] = [];
  for (const [name, c] of pending) {
    if (c === 0) ready.push(name);
    if ((++step & 1023) === 0) yield;
  }
  while (ready.length) {
    if ((++step & 1023) === 0) yield;
    for (const c of consumers.get(ready.pop()!) ?? []) {
      const left = pending.get(c)! - 1;
      pending.set(c, left);
      if (left === 0) ready.push(c);
    }
  }
  const stuck: string[] = [];
  for (const [name, c] of pending) {
    if (c > 0) stuck.push(name);
    if ((++step & 1023) === 0) yield;
  }
  if (stuck.length) throw new ServingError('INVALID_ARGUMENT', `${where}: the graph has a cycle not closed by NextIteration: ${describeCycle(stuck, byName)}`);
}

/** One cycle among the stuck nodes, as "'a' reads 'b' reads 'a'" (walk inputs that are stuck too until a node repeats). */
function describeCycle(stuck: string[], byName: Map<string, NodeDefMessage>): string {
  const inCycle = new Set(stuck);
  const path: string[] = [];
  const at = new Map<string, number>();
  let name = stuck[0];
  while (!at.has(name) && path.length <= stuck.length) {
    at.set(name, path.length);
    path.push(name);
    const next = (byName.get(name)!.input ?? []).map(producerOf).find((p) => inCycle.has(p) && !isBackEdgeSource(byName.get(p)));
    if (next === undefined) break;
    name = next;
  }
  const cycle = at.has(name) ? [...path.slice(at.get(name)!), name] : path;
  const shown = cycle.length > 8 ? [...cycle.slice(0, 4), '…', ...cycle.slice(-3)] : cycle;
  return `${shown.map((n) => `'${n}'`).join(' reads ')} (${stuck.length} nodes on or after cycles)`;
}

/** checkAcyclic over a MetaGraph's graph and every library function body, as Steps (runStepsSliced at load). */
export function* metaGraphAcyclicSteps(meta: MetaGraph): Steps<void> {
  const graph = meta.def.graph_def;
  yield* acyclicSteps(graph?.node ?? [], 'graph');
  for (const f of graph?.library?.function ?? []) yield* acyclicSteps(f.node_def ?? [], `function '${f.signature?.name ?? ''}'`);
}

/** checkAcyclic over a MetaGraph's graph and every library function body. */
export function checkMetaGraphAcyclic(meta: MetaGraph): void {
  runSteps(metaGraphAcyclicSteps(meta));
}
