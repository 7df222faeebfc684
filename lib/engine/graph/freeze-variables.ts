// Freezes variables: finds which checkpoint key restores each variable by tracing the saver's restore ops
// (RestoreV2 tensor_names[i] → Assign/AssignVariableOp target, through Identity chains; works for TF1
// VariableV2 and TF2 VarHandleOp, DESIGN.md §3), then turns each variable into a Const of its value and
// points ReadVariableOp consumers straight at that Const (never an Identity copy: FORMATS.md pitfall 12).
import { ServingError } from '../../errors/index.ts';
import type { Steps } from '../../io/index.ts';
import type { NodeDefMessage, TensorBundle } from '../../savedmodel/index.ts';
import type { HostTensor } from '../../tensor/index.ts';
import type { Graph } from './graph.ts';
import { parseSliceSpec, sliceTensor } from './checkpoint-slice.ts';
import { STATE_ATTR, type StateScope } from './state-scope.ts';
import { isControl, parseGraphRef } from './node-refs.ts';

const VARIABLE_OPS = new Set(['VarHandleOp', 'VariableV2', 'Variable']);

function constStrings(graph: Graph, ref: string, where: string): string[] {
  const { node } = graph.resolve(ref);
  const t = node.attr?.value?.tensor;
  if (node.op !== 'Const' || !t) throw new ServingError('UNIMPLEMENTED', `${where}: '${ref}' is not a constant`);
  return (t.string_val ?? []).map((b) => new TextDecoder().decode(b));
}

/** What restores one variable: a checkpoint key, and for a part of a partitioned variable its slice spec. */
export interface RestoreSource {
  key: string;
  slice?: string;
}

/** Nodes between two pauses in the whole-graph loops below (a 1M-node graph: issue 10 item 4). */
const NODES_PER_STEP = 4096;

/** Variable node name → checkpoint key (+ slice), from every RestoreV2 in the (inlined) graph. */
function* traceRestoresSteps(graph: Graph): Steps<Map<string, RestoreSource>> {
  const restores: NodeDefMessage[] = [];
  let step = 0;
  for (const n of graph.nodes.values()) {
    if (n.op === 'RestoreV2') restores.push(n);
    if ((++step % NODES_PER_STEP) === 0) yield;
  }
  const keys = new Map<string, RestoreSource>();
  if (restores.length === 0) return keys;
  const consumers = new Map<string, NodeDefMessage[]>();
  for (const n of graph.nodes.values()) {
    for (const i of n.input ?? []) {
      if (isControl(i)) continue;
      const p = parseGraphRef(i).node;
      if (!consumers.has(p)) consumers.set(p, []);
      consumers.get(p)!.push(n);
    }
    if ((++step % NODES_PER_STEP) === 0) yield;
  }
  for (const restore of restores) {
    const [, namesRef, slicesRef] = (restore.input ?? []).filter((i) => !isControl(i));
    const names = constStrings(graph, namesRef, restore.name);
    const slices = constStrings(graph, slicesRef, restore.name);
    for (const assign of assignsOf(restore, consumers)) {
      const target = graph.resolve(assign.input![0]).node;
      const valueRef = graph.resolve(assign.input![1]);
      if (valueRef.node !== restore || !VARIABLE_OPS.has(target.op)) continue;
      const i = valueRef.index;
      keys.set(target.name, slices[i] ? { key: names[i], slice: slices[i] } : { key: names[i] });
    }
  }
  return keys;
}

/** Assign / AssignVariableOp nodes fed (through identities) by a RestoreV2. */
function assignsOf(restore: NodeDefMessage, consumers: Map<string, NodeDefMessage[]>): NodeDefMessage[] {
  const out: NodeDefMessage[] = [];
  const queue = [restore.name];
  const seen = new Set(queue);
  while (queue.length) {
    for (const c of consumers.get(queue.pop()!) ?? []) {
      if (c.op === 'Assign' || c.op === 'AssignVariableOp') out.push(c);
      else if ((c.op === 'Identity' || c.op === 'IdentityN') && !seen.has(c.name)) {
        seen.add(c.name);
        queue.push(c.name);
      }
    }
  }
  return out;
}

/** Ops that write a variable (TF1 ref ops and TF2 resource ops); input 0 is the variable. */
const WRITE_OPS: Record<string, string> = {
  Assign: 'TfsAssign', AssignAdd: 'TfsAssignAdd', AssignSub: 'TfsAssignSub',
  AssignVariableOp: 'TfsAssign', AssignAddVariableOp: 'TfsAssignAdd', AssignSubVariableOp: 'TfsAssignSub',
};

/** Every node `roots` depend on, through data and control inputs. */
function* reachableFrom(graph: Graph, roots: string[]): Steps<Set<string>> {
  const seen = new Set<string>();
  const stack = roots.filter((r) => graph.nodes.has(r));
  while (stack.length) {
    if ((seen.size % NODES_PER_STEP) === 0) yield;
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const i of graph.nodes.get(name)?.input ?? []) {
      const dep = isControl(i) ? i.slice(1) : parseGraphRef(i).node;
      if (!seen.has(dep) && graph.nodes.has(dep)) stack.push(dep);
    }
  }
  return seen;
}

/**
 * Variables that serving writes: a write op (other than the saver's restore) that some client-callable
 * signature's outputs depend on. Initializers (Keras exports assign every variable from its initializer)
 * never run when serving, so they do not make a variable mutable.
 */
function* writtenVariables(graph: Graph, servingRoots: string[]): Steps<Map<string, NodeDefMessage[]>> {
  const out = new Map<string, NodeDefMessage[]>();
  const serving = yield* reachableFrom(graph, servingRoots);
  let step = 0;
  for (const n of graph.nodes.values()) {
    if ((++step % NODES_PER_STEP) === 0) yield;
    if (!WRITE_OPS[n.op] || !n.input?.[1] || !serving.has(n.name)) continue;
    if (graph.resolve(n.input[1]).node.op === 'RestoreV2') continue;
    const target = graph.resolve(n.input[0]).node;
    if (!VARIABLE_OPS.has(target.op)) continue;
    if (!out.has(target.name)) out.set(target.name, []);
    out.get(target.name)!.push(n);
  }
  return out;
}

/** Turns a written variable into TfsVariable reads and TfsAssign* writes over a servable-wide state. */
function keepMutable(graph: Graph, name: string, writers: NodeDefMessage[], value: HostTensor, scope: StateScope): void {
  const id = scope.idFor(name);
  scope.initial.set(id, value);
  const idAttr = { s: new TextEncoder().encode(id) };
  const dtype = graph.get(name).attr?.dtype?.type ?? 0;
  graph.nodes.set(name, { name, op: 'TfsVariable', input: [], attr: { dtype: { type: dtype }, [STATE_ATTR]: idAttr } });
  for (const w of writers) graph.nodes.set(w.name, { ...w, op: WRITE_OPS[w.op], attr: { ...w.attr, [STATE_ATTR]: idAttr } });
  for (const n of [...graph.nodes.values()]) {
    if (n.op === 'ReadVariableOp' && graph.resolve(n.input![0]).node.name === name) {
      graph.nodes.set(n.name, { name: n.name, op: 'TfsVariable', input: n.input!.filter((i) => i.startsWith('^')), attr: { dtype: { type: dtype }, [STATE_ATTR]: idAttr } });
    }
  }
}

/**
 * Replaces restored variables with Consts whose values go to `weights`, and bypasses ReadVariableOp.
 * Variables that the graph itself writes stay mutable in `scope` (see state-scope.ts).
 * Variables never restored (FORMATS.md pitfall 10) are left alone; pruning drops them if unused. `objectKeys`
 * (shared_name → checkpoint key from the object graph) restores resource variables the saver does not, as TF2 does.
 * Steps: it pauses every few thousand nodes of its whole-graph loops and after each checkpoint read (runStepsSliced at load).
 */
export function* freezeVariablesSteps(
  graph: Graph, bundle: TensorBundle | null, weights: Map<string, HostTensor>, scope: StateScope, servingRoots: string[],
  objectKeys: ReadonlyMap<string, string> = new Map(),
): Steps<void> {
  const keys = yield* traceRestoresSteps(graph);
  const written = yield* writtenVariables(graph, servingRoots);
  let step = 0;
  // Resource variables sharing a shared_name alias one another (FORMATS.md pitfall 10).
  const byShared = new Map<string, RestoreSource>();
  for (const [name, key] of keys) {
    const shared = graph.nodes.get(name)?.attr?.shared_name?.s;
    if (shared?.length) byShared.set(new TextDecoder().decode(shared), key);
  }
  for (const n of graph.nodes.values()) {
    if ((++step % NODES_PER_STEP) === 0) yield;
    if (!VARIABLE_OPS.has(n.op) || keys.has(n.name)) continue;
    const shared = n.attr?.shared_name?.s;
    const sharedName = shared?.length ? new TextDecoder().decode(shared) : undefined;
    const key = sharedName !== undefined ? byShared.get(sharedName) : undefined;
    if (key) keys.set(n.name, key);
    // Not restored by the saver (a TF1 session would fail with "Could not find variable"), but TF2's object-graph
    // restore fills it: e.g. Keras models saved under MirroredStrategy read the primary variables while the
    // saver restores mirror copies (docs/tfserving-tests.md).
    else if (n.op === 'VarHandleOp' && sharedName !== undefined && objectKeys.has(sharedName)) keys.set(n.name, { key: objectKeys.get(sharedName)! });
  }
  if (keys.size > 0 && !bundle) throw new ServingError('NOT_FOUND', 'the graph restores variables but the version has no variables/ directory');
  for (const [name, { key, slice }] of keys) {
    yield; // one checkpoint tensor read (and crc-checked) per step
    if (!bundle!.has(key)) throw new ServingError('NOT_FOUND', `checkpoint has no tensor '${key}' for variable '${name}'`);
    const node = graph.get(name);
    const full = bundle!.readTensor(key);
    const where = `variable '${name}'`;
    const value = slice ? sliceTensor(full, parseSliceSpec(slice, where), where) : full;
    if (written.has(name)) {
      keepMutable(graph, name, written.get(name)!, value, scope);
      continue;
    }
    weights.set(name, value);
    const dtype = node.attr?.dtype?.type ?? 0;
    graph.nodes.set(name, { name, op: 'Const', input: [], attr: { dtype: { type: dtype } } });
  }
  // One pass over all inputs for every read (a rewire per read was quadratic: seconds for MobileNetV2).
  const reads = new Map<string, string>();
  for (const n of graph.nodes.values()) {
    if ((++step % NODES_PER_STEP) === 0) yield;
    if (n.op !== 'ReadVariableOp') continue;
    const handle = graph.resolve(n.input![0]).node;
    if (keys.has(handle.name) && handle.op === 'Const') reads.set(n.name, handle.name);
  }
  if (reads.size > 0) yield* graph.rewireManySteps(reads);
}
