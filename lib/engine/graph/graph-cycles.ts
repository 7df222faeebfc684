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

/**
 * checkAcyclic as Steps (it may pause every 1024 nodes or edges). Nodes are numbered in file order; the
 * in-degrees and the consumer lists are typed arrays (CSR), not a Map and an array per node: three Maps of
 * 1M entries each and their growth were the longest stretches of a 1M-node load (bench/load-stalls.ts).
 */
function* acyclicSteps(nodes: readonly NodeDefMessage[], where: string): Steps<void> {
  let step = 0;
  const index = new Map<string, number>();
  for (let i = 0; i < nodes.length; i++) {
    index.set(nodes[i].name, i); // a repeated name: the last one counts, as the converter's node table
    if ((++step & 1023) === 0) yield;
  }
  const byName = (name: string) => nodes[index.get(name)!] as NodeDefMessage | undefined;
  // The producer of each counted edge, in consumer order; then per producer, its consumers (CSR).
  const pending = new Int32Array(nodes.length);
  const edgeFrom: number[] = [];
  const edgeTo: number[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    for (const ref of n.input ?? []) {
      const p = producerOf(ref);
      if (p === n.name) throw new ServingError('INVALID_ARGUMENT', `${where}: node '${n.name}' (${n.op}) reads its own output`);
      const from = index.get(p);
      if (from === undefined || isBackEdgeSource(nodes[from])) continue; // missing inputs are the converter's error
      pending[i]++;
      edgeFrom.push(from);
      edgeTo.push(i);
    }
    if ((++step & 1023) === 0) yield;
  }
  const start = new Int32Array(nodes.length + 1);
  for (let e = 0; e < edgeFrom.length; e++) {
    start[edgeFrom[e] + 1]++;
    if ((++step & 4095) === 0) yield;
  }
  for (let i = 0; i < nodes.length; i++) start[i + 1] += start[i];
  const consumers = new Int32Array(edgeFrom.length);
  const filled = start.slice(0, nodes.length);
  for (let e = 0; e < edgeFrom.length; e++) {
    consumers[filled[edgeFrom[e]]++] = edgeTo[e];
    if ((++step & 4095) === 0) yield;
  }
  const ready: number[] = [];
  // A node listed twice under one name is counted once, at its last position (the index above).
  for (let i = 0; i < nodes.length; i++) {
    if (pending[i] === 0 && index.get(nodes[i].name) === i) ready.push(i);
    if ((++step & 4095) === 0) yield;
  }
  while (ready.length) {
    if ((++step & 1023) === 0) yield;
    const r = ready.pop()!;
    for (let k = start[r]; k < start[r + 1]; k++) {
      const c = consumers[k];
      if (--pending[c] === 0) ready.push(c);
    }
  }
  const stuck: string[] = [];
  for (let i = 0; i < nodes.length; i++) {
    if (pending[i] > 0 && index.get(nodes[i].name) === i) stuck.push(nodes[i].name);
    if ((++step & 4095) === 0) yield;
  }
  if (stuck.length) throw new ServingError('INVALID_ARGUMENT', `${where}: the graph has a cycle not closed by NextIteration: ${describeCycle(stuck, byName)}`);
}

/** One cycle among the stuck nodes, as "'a' reads 'b' reads 'a'" (walk inputs that are stuck too until a node repeats). */
function describeCycle(stuck: string[], byName: (name: string) => NodeDefMessage | undefined): string {
  const inCycle = new Set(stuck);
  const path: string[] = [];
  const at = new Map<string, number>();
  let name = stuck[0];
  while (!at.has(name) && path.length <= stuck.length) {
    at.set(name, path.length);
    path.push(name);
    const next = (byName(name)!.input ?? []).map(producerOf).find((p) => inCycle.has(p) && !isBackEdgeSource(byName(p)));
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
