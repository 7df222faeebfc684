// Compiles a converted straight-line graph into a flat plan for the lean executor (lean-executor.ts): steps in
// topological order, integer slots instead of tensor names, kernel functions, argument objects and attrs
// resolved once, and for each step the slots that die after it. Only graphs made entirely of the ops in
// lean-ops.ts (plus Placeholder, Const and pass-through identities) get a plan; any other op, control flow,
// a custom op of ours, or an output dtype other than float32/int32/bool leaves the signature to the GraphModel.
import * as tf from '@tensorflow/tfjs-core';
import type { DType, HostTensor } from '../../tensor/index.ts';
import type { ConvertedGraph } from '../graph/convert.ts';
import { isControl, parseGraphRef } from '../graph/node-refs.ts';
import type { BackendName } from './backend.ts';
import { type Finish, type KernelArgs, LEAN_OPS, PASS_THROUGH, type Prepare } from './lean-ops.ts';
import type { MemoryGraphModel } from './artifacts.ts';
import { createWasmDirect, type WasmDirectKernel } from './lean-wasm-direct.ts';

export interface LeanStep {
  readonly node: string;
  readonly kernel: tf.KernelFunc;
  /** Refilled in place on every call. */
  readonly args: KernelArgs;
  readonly inputNames: readonly string[];
  readonly inputSlots: Int32Array;
  readonly output: number;
  /** Owned slots whose last reader is this step. */
  readonly frees: Int32Array;
  readonly prepare: Prepare | undefined;
  readonly finish: Finish | undefined;
}

export interface LeanFeed {
  alias: string;
  slot: number;
  /** The tfjs dtype the placeholder takes, and the host dtype and array that travel without conversion. */
  dtype: 'float32' | 'int32' | 'bool';
  hostDtype: DType;
}

export interface LeanFetch {
  alias: string;
  slot: number;
  dtype: 'DT_FLOAT' | 'DT_INT32' | 'DT_BOOL';
}

export interface LeanPlan {
  readonly backend: tf.KernelBackend;
  readonly backendName: BackendName;
  readonly slotCount: number;
  /** Weight slots (never freed), set once: index → TensorInfo. */
  readonly constants: ReadonlyMap<number, tf.TensorInfo>;
  /** Slots the run owns (feeds and kernel outputs): freed after their last reader or at the end. */
  readonly owned: Uint8Array;
  readonly feeds: readonly LeanFeed[];
  readonly steps: readonly LeanStep[];
  readonly fetches: readonly LeanFetch[];
  /** Owned slots read by fetches, each once: freed after the outputs are read. */
  readonly endFrees: Int32Array;
  /** What the plan holds in the backend besides the weights (wasm scratch shapes), freed with the servable. */
  readonly resources: readonly { dispose(): void }[];
}

/** Why a signature has no lean plan (for tests and debugging), or the plan. */
export type LeanCompile = { plan: LeanPlan } | { reason: string };

const FEED_DTYPES: Record<number, [LeanFeed['dtype'], DType]> = { 1: ['float32', 'DT_FLOAT'], 3: ['int32', 'DT_INT32'], 10: ['bool', 'DT_BOOL'] };
const FETCH_DTYPES = new Set(['DT_FLOAT', 'DT_INT32', 'DT_BOOL']);

/** Builds the plan, or says which node keeps the signature on the GraphModel. */
export function compileLeanPlan(g: ConvertedGraph, model: MemoryGraphModel, backendName: BackendName): LeanCompile {
  if (g.functions.length > 0) return { reason: 'the graph has function bodies (control flow)' };
  const backend = tf.findBackend(backendName);
  if (!backend) return { reason: `backend ${backendName} is not initialised` };
  const weights = model.weights;
  const refs = new Map<string, number>();
  const constants = new Map<number, tf.TensorInfo>();
  const constantValues = new Map<number, HostTensor>();
  const owned: number[] = [];
  const feeds: LeanFeed[] = [];
  const steps: Omit<LeanStep, 'frees'>[] = [];
  const resources: WasmDirectKernel[] = [];
  const refuse = (reason: string): LeanCompile => {
    for (const r of resources) r.dispose();
    return { reason };
  };
  let slots = 0;
  const slotOf = (ref: string) => {
    const r = parseGraphRef(ref);
    return refs.get(`${r.node}:${r.index}`);
  };
  for (const node of g.nodes) {
    const inputs = (node.input ?? []).filter((i) => !isControl(i));
    const inSlots = inputs.map(slotOf);
    if (inSlots.some((s) => s === undefined)) return refuse(`node '${node.name}' reads a tensor the plan does not have`);
    if (node.op === 'Placeholder') {
      const feed = g.feeds.find((f) => f.node === node.name);
      const dtype = feed && FEED_DTYPES[feed.dtype];
      if (!feed || !dtype) return refuse(`placeholder '${node.name}' is not a float32/int32/bool feed`);
      refs.set(`${node.name}:0`, slots);
      owned.push(slots);
      feeds.push({ alias: feed.alias, slot: slots++, dtype: dtype[0], hostDtype: dtype[1] });
    } else if (node.op === 'Const') {
      const t = weights[node.name]?.[0];
      if (!t) return refuse(`const '${node.name}' has no weight`);
      constants.set(slots, { dataId: t.dataId, shape: t.shape, dtype: t.dtype });
      const value = g.weights.get(node.name);
      if (value) constantValues.set(slots, value);
      refs.set(`${node.name}:0`, slots++);
    } else if (PASS_THROUGH.has(node.op)) {
      inSlots.forEach((s, k) => refs.set(`${node.name}:${k}`, s!));
    } else {
      const op = LEAN_OPS[node.op];
      if (!op || op.notOn === backendName) return refuse(`op '${node.op}' (node '${node.name}') has no lean kernel${op ? ` on ${backendName}` : ''}`);
      const config = tf.getKernel(op.kernel, backendName);
      const attrs = op.attrs(node, (i) => (inSlots[i] === undefined ? undefined : constantValues.get(inSlots[i]!)));
      if (!config || !attrs) return refuse(`node '${node.name}' (${node.op}) is not one the lean executor runs`);
      if (inSlots.length < op.inputs.length) return refuse(`node '${node.name}' has too few inputs`);
      refs.set(`${node.name}:0`, slots);
      owned.push(slots);
      const kernelInputs: Record<string, tf.TensorInfo | undefined> = {};
      for (const name of op.inputs) kernelInputs[name] = undefined;
      const direct = backendName === 'wasm' && op.wasmDirect ? createWasmDirect(backend, op.wasmDirect, op.kernel) : undefined;
      if (direct) resources.push(direct);
      steps.push({
        node: node.name, kernel: direct ? (args) => direct.run(args as unknown as KernelArgs) : config.kernelFunc, args: { inputs: kernelInputs, backend, attrs }, inputNames: op.inputs,
        inputSlots: Int32Array.from(inSlots.slice(0, op.inputs.length) as number[]), output: slots++, prepare: op.prepare, finish: op.finish,
      });
    }
  }
  const fetches: LeanFetch[] = [];
  for (const [alias, ref] of Object.entries(g.fetches)) {
    const slot = slotOf(ref);
    const dtype = g.signature.outputs[alias]?.dtype.replace(/_REF$/, '');
    if (slot === undefined) return refuse(`output '${alias}' (${ref}) is not computed by the plan`);
    if (!dtype || !FETCH_DTYPES.has(dtype)) return refuse(`output '${alias}' has dtype ${dtype}`);
    fetches.push({ alias, slot, dtype: dtype as LeanFetch['dtype'] });
  }
  if (feeds.length !== g.feeds.length) return refuse('a signature input is not a placeholder of the graph');
  return { plan: finishPlan(backend, backendName, slots, constants, owned, feeds, steps, fetches, resources) };
}

/** Adds the free lists: each owned slot dies after its last reader (fetched slots at the end, unread ones at once). */
function finishPlan(
  backend: tf.KernelBackend, backendName: BackendName, slotCount: number, constants: Map<number, tf.TensorInfo>, ownedList: number[],
  feeds: LeanFeed[], steps: Omit<LeanStep, 'frees'>[], fetches: LeanFetch[], resources: WasmDirectKernel[],
): LeanPlan {
  const owned = new Uint8Array(slotCount);
  for (const s of ownedList) owned[s] = 1;
  const fetched = new Set(fetches.map((f) => f.slot));
  const lastUse = new Int32Array(slotCount).fill(-1);
  steps.forEach((st, i) => {
    lastUse[st.output] = Math.max(lastUse[st.output], i); // unread: dies right after it is made
    for (const s of st.inputSlots) lastUse[s] = i;
  });
  const frees: number[][] = steps.map(() => []);
  for (let s = 0; s < slotCount; s++) if (owned[s] && !fetched.has(s) && lastUse[s] >= 0) frees[lastUse[s]].push(s);
  // A feed no step reads and no output returns is never written.
  const used = feeds.filter((f) => lastUse[f.slot] >= 0 || fetched.has(f.slot));
  return {
    backend, backendName, slotCount, constants, owned, feeds: used,
    steps: steps.map((st, i) => ({ ...st, frees: Int32Array.from(frees[i]) })),
    fetches, endFrees: Int32Array.from([...fetched].filter((s) => owned[s])), resources,
  };
}

