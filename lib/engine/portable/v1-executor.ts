// A synchronous executor for TensorFlow 1 control flow (Switch/Merge/Enter/Exit/NextIteration/LoopCond): the
// dataflow rules of TensorFlow's executor (common_runtime/propagator_state.cc) over a plan from v1-plan.ts.
// Every value carries its frame instance and iteration; a node fires when all its inputs arrived (a Merge when
// one live input arrived, or when all expected inputs are dead); a node with a dead input yields dead outputs;
// Switch sends its data to the port its predicate picks and dead to the other; Enter starts iteration 0 of the
// child frame (an is_constant Enter feeds every iteration); NextIteration feeds the next iteration (a dead one
// stops the loop); Exit hands its live value to the parent frame, and a frame that ends without one hands dead.
// Control-flow ops and Identity pass tensor references on (tfjs-converter copies each with an Identity kernel);
// other ops call their backend kernel directly where v1-kernels.ts has them, else run through tfjs's executeOp
// (tfjs-op-runner.ts); TensorArrays run through tensor-arrays.ts. Tensors are
// reference counted (ref-counts.ts): disposed when their last consumer ran, or when the run ends or fails.
import type * as tf from '@tensorflow/tfjs-core';
import { scalar } from '@tensorflow/tfjs-core';
import { RefCounts } from './ref-counts.ts';
import { storedValues } from './stored-values.ts';
import { FLOW, runTensorArrayOp, TensorArrayValue } from './tensor-arrays.ts';
import type { TensorMap } from './tfjs-op-runner.ts';
import { Kind, type PlanFrame, type PlanNode, type V1Plan } from './v1-plan.ts';

const DEAD: unique symbol = Symbol('dead');
type Value = tf.Tensor | TensorArrayValue | typeof FLOW | typeof DEAD;

const isTensor = (v: unknown): v is tf.Tensor => v !== DEAD && v !== FLOW && v !== undefined && !(v instanceof TensorArrayValue);

/** A node of one iteration waiting for inputs. */
interface Waiting { values: Value[]; pending: number; dead: boolean; fired: boolean; deadInputs: number; chosen: number }

interface FrameRun {
  frame: PlanFrame;
  key: string;
  parent: FrameRun | undefined;
  parentIter: number;
  iters: Map<number, Waiting>[];
  /** is_constant Enter values, fed to every iteration. */
  constants: [PlanNode, Value][];
  entered: number;
  queued: number;
  children: Map<string, FrameRun>;
  exited: Set<number>;
}

const NO_VALUES: Value[] = [];

export class V1Executor {
  private readonly refs: RefCounts;
  /** The ready nodes, as parallel arrays (no object per scheduled node). */
  private readonly stackNodes: PlanNode[] = [];
  private readonly stackFrames: FrameRun[] = [];
  private readonly stackIters: number[] = [];
  private readonly stackWaits: (Waiting | undefined)[] = [];
  /** Per node id: whether a fetch reads one of its outputs. */
  private readonly fetched: Uint8Array;
  private feeds: Record<string, tf.Tensor> = {};
  private results: (tf.Tensor | undefined)[] = [];

  /** `backend`: the backend holding the run's tensors, for host reads (absent: tfjs's dataSync). */
  constructor(private readonly plan: V1Plan, private readonly backend?: tf.KernelBackend) {
    this.refs = new RefCounts(new Set(Object.values(plan.runner.weights).flat()));
    this.fetched = new Uint8Array(plan.nodes.length);
    for (const f of plan.fetches) this.fetched[f.node] = 1;
  }

  /**
   * Runs the graph on `feeds` (node name → tensor) and returns the tensors `names` refer to (each one of the plan's
   * fetches). The caller owns (and disposes) the results and the feeds; nothing else the run made survives it,
   * also when it throws.
   */
  execute(feeds: Record<string, tf.Tensor>, names: readonly string[]): tf.Tensor[] {
    this.feeds = feeds;
    this.results = new Array(this.plan.fetches.length);
    this.refs.begin(Object.values(feeds));
    const root = this.newFrame(this.plan.frames[0], '', undefined, 0);
    let out: tf.Tensor[] = [];
    try {
      for (const id of this.plan.roots) this.enqueue(this.plan.nodes[id], root, 0, undefined);
      while (this.stackNodes.length > 0) {
        const node = this.stackNodes.pop()!;
        const frame = this.stackFrames.pop()!;
        const iter = this.stackIters.pop()!;
        const w = this.stackWaits.pop();
        this.run(node, frame, iter, w);
        frame.queued--;
        this.settle(frame);
      }
      out = names.map((name) => {
        const t = this.results[this.plan.fetches.findIndex((f) => f.ref === name)];
        if (!t) throw new Error(`output '${name}' was not computed (it is dead: its branch was not taken)`);
        return this.refs.owned(t) ? t : t.clone();
      });
      return out;
    } finally {
      this.stackNodes.length = this.stackFrames.length = this.stackIters.length = this.stackWaits.length = 0;
      this.refs.end(out);
      this.feeds = {};
      this.results = [];
    }
  }

  private newFrame(frame: PlanFrame, key: string, parent: FrameRun | undefined, parentIter: number): FrameRun {
    return { frame, key, parent, parentIter, iters: [], constants: [], entered: 0, queued: 0, children: new Map(), exited: new Set() };
  }

  private enqueue(node: PlanNode, frame: FrameRun, iter: number, w: Waiting | undefined): void {
    frame.queued++;
    this.stackNodes.push(node);
    this.stackFrames.push(frame);
    this.stackIters.push(iter);
    this.stackWaits.push(w);
  }

  /** The waiting nodes of one iteration; a new iteration first gets the frame's loop constants. */
  private iteration(frame: FrameRun, iter: number): Map<number, Waiting> {
    let m = frame.iters[iter];
    if (m) return m;
    m = frame.iters[iter] = new Map();
    for (const [enter, v] of frame.constants) this.deliverEdges(enter, 0, v, frame, iter);
    return m;
  }

  private run(node: PlanNode, frame: FrameRun, iter: number, w: Waiting | undefined): void {
    const values = w?.values ?? NO_VALUES;
    const dead = w?.dead ?? false;
    let out: Value[];
    switch (node.kind) {
      case Kind.Const:
        out = [dead ? DEAD : this.plan.runner.weights[node.name][0]];
        break;
      case Kind.Feed: {
        const t = this.feeds[node.name];
        if (!t) throw new Error(`input '${node.name}' is missing`);
        out = [t];
        break;
      }
      case Kind.PassThrough:
        out = [dead ? DEAD : values[0]];
        break;
      case Kind.Switch: {
        if (dead) out = [DEAD, DEAD];
        else out = this.truth(values[1] as tf.Tensor) ? [DEAD, values[0]] : [values[0], DEAD];
        break;
      }
      case Kind.Merge:
        out = dead ? [DEAD, DEAD] : [values[0], node.outs[1]?.length ? scalar(w!.chosen, 'int32') : DEAD];
        break;
      case Kind.Enter:
        this.enter(node, frame, iter, dead ? DEAD : values[0]);
        this.releaseInputs(values);
        return;
      case Kind.Exit:
        if (!dead) {
          frame.exited.add(node.id);
          this.deliver(node, [values[0]], frame.parent!, frame.parentIter);
        }
        this.releaseInputs(values);
        return;
      case Kind.NextIteration:
        if (!dead) this.deliver(node, [values[0]], frame, iter + 1);
        this.releaseInputs(values);
        return;
      case Kind.TensorArray:
        out = dead ? node.outs.map(() => DEAD) : (runTensorArrayOp(node.mapped, node.elementShape, values, this.refs, this.backend) as Value[]);
        break;
      default:
        out = dead ? node.outs.map(() => DEAD) : this.runOp(node, values);
    }
    this.deliver(node, out, frame, iter, dead);
    this.releaseInputs(values);
    this.refs.flush();
    for (const t of out) if (isTensor(t)) this.refs.dropIfUnused(t);
  }

  /** A Switch predicate's value, read without a copy where the backend allows (stored-values.ts). */
  private truth(t: tf.Tensor): boolean {
    const v = this.backend ? storedValues(this.backend, t) : undefined;
    return Boolean(v ? v[0] : t.dataSync()[0]);
  }

  /** An op: its direct kernel call where it has one and takes these inputs, else tfjs's own per-op code. */
  private runOp(node: PlanNode, values: Value[]): Value[] {
    if (node.direct) {
      try {
        const out = node.direct.run(values as tf.Tensor[]);
        if (out) return out;
      } catch (e) {
        // a kernel refused its inputs: tfjs's own path gives its answer or its error
        if (node.direct.final) throw e;
      }
    }
    return this.plan.runner.run(node.mapped, this.tensorMap(node, values));
  }

  /** The inputs of an op keyed as tfjs-converter looks them up: producer node name → outputs. */
  private tensorMap(node: PlanNode, values: Value[]): TensorMap {
    const map: TensorMap = {};
    node.inputs.forEach(({ src, port }, i) => {
      const name = this.plan.nodes[src].name;
      (map[name] ??= [])[port] = values[i] as tf.Tensor;
    });
    return map;
  }

  private releaseInputs(values: Value[]): void {
    for (const v of values) if (isTensor(v)) this.refs.release(v);
  }

  private enter(node: PlanNode, frame: FrameRun, iter: number, v: Value): void {
    const key = `${iter}/${node.child}`;
    let child = frame.children.get(key);
    if (!child) frame.children.set(key, (child = this.newFrame(this.plan.frames[node.child], key, frame, iter)));
    this.iteration(child, 0);
    if (node.constant) {
      if (isTensor(v)) this.refs.retain(v);
      child.constants.push([node, v]);
      for (let i = 0; i < child.iters.length; i++) if (child.iters[i]) this.deliverEdges(node, 0, v, child, i);
    } else this.deliverEdges(node, 0, v, child, 0);
    for (const dst of node.controlOuts) this.arrive(this.plan.nodes[dst], -1, v === DEAD ? DEAD : FLOW, child, 0);
    child.entered++;
    this.settle(child);
  }

  /** Hands a node's outputs (and its control edges) to its consumers in `frame` / `iter`. */
  private deliver(node: PlanNode, out: Value[], frame: FrameRun, iter: number, dead = false): void {
    if (this.fetched[node.id] === 1 && frame.frame === this.plan.frames[0]) {
      const fetches = this.plan.fetches;
      for (let i = 0; i < fetches.length; i++) {
        const f = fetches[i];
        if (f.node === node.id && isTensor(out[f.port])) this.results[i] = this.refs.retain(out[f.port] as tf.Tensor);
      }
    }
    for (let port = 0; port < node.outs.length; port++) this.deliverEdges(node, port, out[port] ?? DEAD, frame, iter);
    for (const dst of node.controlOuts) this.arrive(this.plan.nodes[dst], -1, dead ? DEAD : FLOW, frame, iter);
  }

  private deliverEdges(node: PlanNode, port: number, v: Value, frame: FrameRun, iter: number): void {
    const edges = node.outs[port];
    if (!edges || edges.length === 0) return;
    const waiting = this.iteration(frame, iter);
    for (let i = 0; i < edges.length; i++) this.arrive(this.plan.nodes[edges[i].dst], edges[i].slot, v, frame, iter, waiting);
  }

  private arrive(dst: PlanNode, slot: number, v: Value, frame: FrameRun, iter: number, waiting = this.iteration(frame, iter)): void {
    let w = waiting.get(dst.id);
    if (!w) waiting.set(dst.id, (w = { values: new Array(dst.inputs.length), pending: dst.pending, dead: false, fired: false, deadInputs: 0, chosen: -1 }));
    if (dst.kind === Kind.Merge) {
      if (w.fired) return;
      if (v !== DEAD) {
        if (isTensor(v)) this.refs.retain(v);
        w.values[0] = v;
        w.chosen = slot;
      } else if (!dst.loopMerge && ++w.deadInputs < dst.inputs.length) return;
      else w.dead = true;
      w.fired = true;
      this.enqueue(dst, frame, iter, w);
      return;
    }
    if (slot >= 0) {
      if (isTensor(v)) this.refs.retain(v);
      w.values[slot] = v;
    }
    if (v === DEAD) w.dead = true;
    if (--w.pending === 0) {
      waiting.delete(dst.id);
      this.enqueue(dst, frame, iter, w);
    }
  }

  /** A frame whose inputs all arrived and whose work is done ends: dead for Exits that gave nothing. */
  private settle(frame: FrameRun): void {
    const parent = frame.parent;
    if (!parent || frame.entered < frame.frame.enters || frame.queued > 0 || frame.children.size > 0) return;
    parent.children.delete(frame.key);
    for (const exit of frame.frame.exits) if (!frame.exited.has(exit)) this.deliver(this.plan.nodes[exit], [DEAD], parent, frame.parentIter, true);
    for (const [, v] of frame.constants) if (isTensor(v)) this.refs.release(v);
    frame.constants.length = 0;
    frame.entered = -1; // settled once
    this.settle(parent);
  }
}
