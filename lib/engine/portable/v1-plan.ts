// The static half of the synchronous executor for TensorFlow 1 control flow (v1-executor.ts): which graphs it
// runs, and for each node its edges, its frame and how it fires. Frames as in TensorFlow's executor
// (common_runtime/immutable_executor_state.cc BuildControlFlowInfo): a node lives in the frame of its inputs;
// Enter's outputs live in the frame its `frame_name` names, whose parent is the Enter's own frame; Exit's outputs
// live in the parent of the Exit's frame. A graph outside what this file accepts runs through executeAsync.
import type { NodeDefMessage } from '../../savedmodel/index.ts';
import type { PartialShape } from '../ops/index.ts';
import { isControl, parseGraphRef } from '../graph/node-refs.ts';
import type { MappedNode, OpRunner } from './tfjs-op-runner.ts';
import type { DirectOp } from './v1-kernels.ts';

export const enum Kind { Op, Const, Feed, Enter, Exit, Switch, Merge, NextIteration, PassThrough, TensorArray }

/** Ops that forward their one input unchanged: the executor passes the reference on (no Identity kernel). */
const PASS_THROUGH = new Set(['Identity', 'LoopCond', 'StopGradient', 'Snapshot']);
/** TensorArray ops the executor runs itself (tensor-arrays.ts); Concat/Split/Grad are left to executeAsync. */
export const TENSOR_ARRAY_OPS = new Set(['TensorArrayV3', 'TensorArrayWriteV3', 'TensorArrayReadV3', 'TensorArrayGatherV3',
  'TensorArrayScatterV3', 'TensorArraySizeV3', 'TensorArrayCloseV3']);
const V1_CONTROL: Record<string, Kind> = { Enter: Kind.Enter, Exit: Kind.Exit, Switch: Kind.Switch, Merge: Kind.Merge, NextIteration: Kind.NextIteration, RefEnter: Kind.Enter, RefExit: Kind.Exit, RefSwitch: Kind.Switch, RefMerge: Kind.Merge, RefNextIteration: Kind.NextIteration };
/** tfjs-converter categories whose executors answer with promises (or need state we do not keep). */
const ASYNC_CATEGORIES = new Set(['control', 'dynamic', 'hash_table']);

export interface Edge { dst: number; slot: number }

export interface PlanNode {
  id: number;
  name: string;
  kind: Kind;
  mapped: MappedNode;
  /** Data inputs in order: producer id and output index. */
  inputs: { src: number; port: number }[];
  /** Inputs (data + control) a non-Merge node waits for. */
  pending: number;
  /** Consumers per output port (slot = the consumer's data input position). */
  outs: Edge[][];
  /** Nodes that wait on this one through a control edge. */
  controlOuts: number[];
  frame: number;
  /** Enter: the frame it enters, and whether its value is the same in every iteration (is_constant). */
  child: number;
  constant: boolean;
  /** Merge fed by a NextIteration: one input per iteration is expected. */
  loopMerge: boolean;
  /** TensorArrayV3 / GatherV3: the element_shape attr (null: unknown rank). */
  elementShape: PartialShape;
  /** An op's direct kernel call (v1-kernels.ts); absent: tfjs's own per-op code runs it. */
  direct: DirectOp | undefined;
}

export interface PlanFrame { name: string; parent: number; enters: number; exits: number[] }

export interface V1Plan {
  nodes: PlanNode[];
  frames: PlanFrame[];
  /** Root-frame nodes without inputs: run first, in this order. */
  roots: number[];
  fetches: { ref: string; node: number; port: number }[];
  runner: OpRunner;
}

/** A shape attr as TensorFlow's PartialTensorShape (null = unknown rank, -1 = unknown dimension). */
function shapeAttr(n: NodeDefMessage, key: string): PartialShape {
  const s = n.attr?.[key]?.shape;
  return !s || s.unknown_rank ? null : (s.dim ?? []).map((d) => Number(d.size ?? -1));
}

const text = (n: NodeDefMessage, key: string): string => {
  const s = n.attr?.[key]?.s;
  return s === undefined ? '' : typeof s === 'string' ? s : new TextDecoder().decode(s);
};

function kindOf(n: NodeDefMessage, feeds: Set<string>): Kind {
  if (feeds.has(n.name)) return Kind.Feed;
  if (n.op === 'Const') return Kind.Const;
  if (PASS_THROUGH.has(n.op)) return Kind.PassThrough;
  if (TENSOR_ARRAY_OPS.has(n.op)) return Kind.TensorArray;
  return V1_CONTROL[n.op] ?? Kind.Op;
}

/** Whether a graph has TensorFlow 1 control flow at all (only such graphs are worth this executor). */
export function hasV1ControlFlow(nodes: readonly NodeDefMessage[]): boolean {
  return nodes.some((n) => V1_CONTROL[n.op] !== undefined || n.op === 'LoopCond');
}

/** A node's direct kernel call given its data inputs' producers (undefined: tfjs's per-op code runs it). */
export type DirectOpFor = (node: NodeDefMessage, mapped: MappedNode, producers: readonly NodeDefMessage[]) => DirectOp | undefined;

/** The plan, or why the synchronous executor does not run this graph (then executeAsync does). */
export function planV1(
  nodes: readonly NodeDefMessage[], feeds: readonly string[], fetches: readonly string[], runner: OpRunner, directFor?: DirectOpFor,
): V1Plan | string {
  const ids = new Map(nodes.map((n, i) => [n.name, i]));
  const feedSet = new Set(feeds.filter((f) => ids.has(f)));
  const plan: PlanNode[] = [];
  for (const [id, n] of nodes.entries()) {
    const mapped = runner.nodes[n.name];
    if (!mapped) return `node '${n.name}' is not in the TensorFlow.js graph`;
    const kind = kindOf(n, feedSet);
    if (kind === Kind.Op) {
      if (mapped.category === undefined || ASYNC_CATEGORIES.has(mapped.category)) return `op '${n.op}' (node '${n.name}') runs asynchronously in TensorFlow.js`;
      if (n.op.startsWith('TensorList')) return `op '${n.op}' (node '${n.name}') needs a TensorList scope`;
    }
    const inputs: PlanNode['inputs'] = [];
    let controls = 0;
    for (const ref of kind === Kind.Feed ? [] : (n.input ?? [])) {
      const r = isControl(ref) ? { node: ref.slice(1), index: -1 } : parseGraphRef(ref);
      const src = ids.get(r.node);
      if (src === undefined) return `input '${ref}' of node '${n.name}' is not in the graph`;
      if (r.index < 0) controls++;
      else inputs.push({ src, port: r.index });
    }
    if (kind === Kind.Merge && controls > 0) return `Merge '${n.name}' has control inputs`;
    // tfjs reads control inputs of variadic ops as data (FORMATS.md pitfall 15); we do not guess what it meant.
    if (kind === Kind.Op && controls > 0 && Object.values((mapped as unknown as { inputParams?: Record<string, { type: string; inputIndexEnd?: number }> }).inputParams ?? {}).some((p) => p.type === 'tensors' && p.inputIndexEnd === 0)) {
      return `variadic op '${n.op}' (node '${n.name}') has control inputs`;
    }
    plan.push({ id, name: n.name, kind, mapped, inputs, pending: inputs.length + controls, outs: [], controlOuts: [], frame: -1, child: -1, constant: kind === Kind.Enter && n.attr?.is_constant?.b === true, loopMerge: false, elementShape: shapeAttr(n, 'element_shape'), direct: undefined });
  }
  for (const [id, n] of nodes.entries()) {
    if (plan[id].kind === Kind.Feed) continue;
    let slot = 0;
    for (const ref of n.input ?? []) {
      if (isControl(ref)) plan[ids.get(ref.slice(1))!].controlOuts.push(id);
      else {
        const { src, port } = plan[id].inputs[slot];
        ((plan[src].outs[port] ??= []) as Edge[]).push({ dst: id, slot: slot++ });
      }
    }
  }
  for (const p of plan) for (let k = 0; k < p.outs.length; k++) p.outs[k] ??= [];
  if (directFor) for (const p of plan) if (p.kind === Kind.Op) p.direct = directFor(nodes[p.id], p.mapped, p.inputs.map((i) => nodes[i.src]));
  for (const p of plan) if (p.kind === Kind.Merge) p.loopMerge = p.inputs.some((i) => plan[i.src].kind === Kind.NextIteration);
  const bad = plan.find((p) => p.loopMerge && p.inputs.length !== 2);
  if (bad) return `loop Merge '${bad.name}' has ${bad.inputs.length} inputs`;
  const frames = assignFrames(plan, nodes);
  if (typeof frames === 'string') return frames;
  const fetched: V1Plan['fetches'] = [];
  for (const ref of fetches) {
    const r = parseGraphRef(ref);
    const id = ids.get(r.node);
    // an Exit lives in its loop's frame and hands its value to the parent frame
    const frame = id === undefined ? -1 : plan[id].kind === Kind.Exit ? frames[plan[id].frame].parent : plan[id].frame;
    if (id === undefined || frame !== 0) return `fetch '${ref}' is not in the graph's root frame`;
    fetched.push({ ref, node: id, port: r.index });
  }
  const arrays = checkTensorArrayFlow(plan, fetched);
  if (arrays) return arrays;
  const roots = plan.filter((p) => p.pending === 0).map((p) => p.id);
  return { nodes: plan, frames, roots, fetches: fetched, runner };
}

/** Frames by a walk from the nodes without inputs; any disagreement refuses the graph. */
function assignFrames(plan: PlanNode[], nodes: readonly NodeDefMessage[]): PlanFrame[] | string {
  const frames: PlanFrame[] = [{ name: '', parent: -1, enters: 0, exits: [] }];
  const byName = new Map<string, number>();
  const work = plan.filter((p) => p.pending === 0 || p.kind === Kind.Feed).map((p) => p.id);
  for (const id of work) plan[id].frame = 0;
  while (work.length > 0) {
    const p = plan[work.pop()!];
    let out = p.frame;
    if (p.kind === Kind.Enter) {
      const name = text(nodes[p.id], 'frame_name');
      if (!name) return `Enter '${p.name}' has no frame_name`;
      let f = byName.get(name);
      if (f === undefined) {
        f = frames.push({ name, parent: p.frame, enters: 0, exits: [] }) - 1;
        byName.set(name, f);
      } else if (frames[f].parent !== p.frame) return `frame '${name}' is entered from two frames`;
      frames[f].enters++;
      p.child = out = f;
    } else if (p.kind === Kind.Exit) {
      if (p.frame === 0) return `Exit '${p.name}' is outside any loop`;
      frames[p.frame].exits.push(p.id);
      out = frames[p.frame].parent;
    }
    for (const dst of [...p.outs.flat().map((e) => e.dst), ...p.controlOuts]) {
      const d = plan[dst];
      if (d.frame === -1) {
        d.frame = out;
        work.push(dst);
      } else if (d.frame !== out) return `node '${d.name}' reads from two frames`;
    }
  }
  const lost = plan.find((p) => p.frame === -1);
  return lost ? `node '${lost.name}' is never reached` : frames;
}

/**
 * TensorArray handles and flows are executor values, not tensors: they may only travel through control-flow
 * forwarding ops into TensorArray ops (as in every TF1 tf.TensorArray / dynamic_rnn graph), never into a kernel.
 */
function checkTensorArrayFlow(plan: PlanNode[], fetches: V1Plan['fetches']): string | undefined {
  const carries = new Set<string>();
  const work: [number, number][] = [];
  const mark = (id: number, port: number) => {
    if (carries.has(`${id}:${port}`)) return;
    carries.add(`${id}:${port}`);
    work.push([id, port]);
  };
  for (const p of plan) {
    if (p.mapped.op === 'TensorArrayV3') mark(p.id, 0), mark(p.id, 1);
    if (p.mapped.op === 'TensorArrayWriteV3' || p.mapped.op === 'TensorArrayScatterV3') mark(p.id, 0);
  }
  while (work.length > 0) {
    const [id, port] = work.pop()!;
    for (const e of plan[id].outs[port] ?? []) {
      const d = plan[e.dst];
      if (d.kind === Kind.TensorArray && (e.slot === 0 || e.slot === d.inputs.length - 1)) continue;
      if (d.kind === Kind.Switch && e.slot === 0) mark(d.id, 0), mark(d.id, 1);
      else if (d.kind === Kind.Enter || d.kind === Kind.Exit || d.kind === Kind.Merge || d.kind === Kind.NextIteration || (d.kind === Kind.PassThrough && d.mapped.op !== 'LoopCond')) mark(d.id, 0);
      else return `a TensorArray handle reaches node '${d.name}' (${d.mapped.op})`;
    }
  }
  const f = fetches.find((x) => carries.has(`${x.node}:${x.port}`));
  return f ? `node '${plan[f.node].name}' fetches a TensorArray handle` : undefined;
}
