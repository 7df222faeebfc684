// Direct calls for the synchronous v1 executor (v1-executor.ts): a node's op runs without tfjs-converter's
// executeOp (tidy scope, parameter lookups by name) and engine.runKernel's bookkeeping, its outputs wrapped as tfjs
// tensors the way tfjs-core's engine wraps a kernel's outputs (makeTensorFromTensorInfo). Each form does what
// tfjs's own path does: the kernel that path reaches through the tfjs-core op function with its attrs resolved at
// load (tfjs-core 4.22 ops/less.ts, logical_and.ts, concat.ts, stack.ts, expand_dims.ts; converter executors
// logical/slice_join/graph), a host form where a kernel call costs more than the work (host-elementwise.ts,
// host-split.ts, v1-select.ts: exact), or our own custom op's executor (v1-custom-ops.ts). Inputs a form does not
// take (another dtype, strings, a broadcast it does not do) answer undefined, and that call of the node takes
// TensorFlow.js's own path (tfjs-op-runner.ts): the direct path has no error or edge case of its own.
import * as tf from '@tensorflow/tfjs-core';
import type { NodeDefMessage } from '../../savedmodel/index.ts';
import type { HostTensor } from '../../tensor/index.ts';
import type { BackendName } from './backend.ts';
import { type KernelArgs, LEAN_OPS, type LeanOp } from './lean-ops.ts';
import type { MappedNode, OpRunner } from './tfjs-op-runner.ts';
import { customDirectOp } from './v1-custom-ops.ts';
import { hostSelect } from './v1-select.ts';
import { hostOutput, storedValues } from './stored-values.ts';
import { hostSplit } from './host-split.ts';
import { HOST_BINARY, hostBinary } from './host-elementwise.ts';

/** One node's kernel call, built at load. */
export interface DirectOp {
  /** The node's outputs, or undefined when this call must take TensorFlow.js's own path. */
  run(inputs: readonly tf.Tensor[]): tf.Tensor[] | undefined;
  /** Its errors are the op's own (the same function tfjs would call): no second try through tfjs's path. */
  final?: boolean;
}

/** What a factory knows about a node at load: its NodeDef, its constant inputs, the backend. */
interface Site {
  node: NodeDefMessage;
  /** tfjs-converter's category for the node ('custom' = one of our registered ops runs it today). */
  category: string | undefined;
  inputCount: number;
  constant: (input: number) => HostTensor | undefined;
  backend: tf.KernelBackend;
  backendName: BackendName;
}

type Factory = (site: Site) => DirectOp | undefined;

const DT_FLOAT = 1;
const NUMERIC = new Set<string>(['float32', 'int32']);
const PLAIN = new Set<string>(['float32', 'int32', 'bool']);

const wrap = (info: tf.TensorInfo, backend: tf.KernelBackend): tf.Tensor => tf.engine().makeTensorFromTensorInfo(info, backend);

function scalarOf(t: HostTensor | undefined): number | undefined {
  return t && t.shape.length === 0 && (t.dtype === 'DT_INT32' || t.dtype === 'DT_INT64') ? Number((t.data as ArrayLike<number | bigint>)[0]) : undefined;
}

/** A lean-ops.ts adapter on tensors: its data inputs first, any later input a constant its attrs read. */
function fromLean(op: LeanOp): Factory {
  return ({ node, inputCount, constant, backend, backendName }) => {
    const config = tf.getKernel(op.kernel, backendName);
    if (!config || op.notOn === backendName || inputCount < op.inputs.length) return undefined;
    for (let i = op.inputs.length; i < inputCount; i++) if (!constant(i)) return undefined;
    const attrs = op.attrs(node, constant);
    if (!attrs) return undefined;
    const args: KernelArgs = { inputs: {}, backend, attrs };
    const kernel = config.kernelFunc;
    return {
      run(inputs) {
        for (let i = 0; i < op.inputs.length; i++) args.inputs[op.inputs[i]] = inputs[i];
        if (op.prepare && !op.prepare(args)) return undefined;
        const out = kernel(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
        return [wrap(op.finish ? op.finish(args, out) : out, backend)];
      },
    };
  };
}

/** tf.less & co.: makeTypesMatch has nothing to do when both operands have one numeric dtype. */
const compare = (kernel: string, dtypes: ReadonlySet<string>): Factory => ({ category, backend, backendName }) => {
  const config = tf.getKernel(kernel, backendName);
  if (!config || category === 'custom') return undefined;
  const args = { inputs: { a: undefined as tf.TensorInfo | undefined, b: undefined as tf.TensorInfo | undefined }, backend, attrs: {} };
  return {
    run([a, b]) {
      if (a.dtype !== b.dtype || !dtypes.has(a.dtype)) return undefined;
      args.inputs.a = a;
      args.inputs.b = b;
      return [wrap(config.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo, backend)];
    },
  };
};

/** ConcatV2(values…, axis) as tf.concat of two or more tensors along a constant axis. */
const concat: Factory = ({ category, inputCount, constant, backend, backendName }) => {
  const axis = scalarOf(constant(inputCount - 1));
  const config = tf.getKernel('Concat', backendName);
  if (!config || category === 'custom' || axis === undefined || inputCount < 3) return undefined;
  const list: tf.TensorInfo[] = new Array(inputCount - 1);
  const args = { inputs: list, backend, attrs: { axis } };
  return {
    run(inputs) {
      for (let i = 0; i < list.length; i++) {
        if (inputs[i].dtype !== inputs[0].dtype || !PLAIN.has(inputs[i].dtype)) return undefined;
        list[i] = inputs[i];
      }
      return [wrap(config.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo, backend)];
    },
  };
};

/**
 * Split(split_dim, value) as tf.split into num_split equal pieces along a constant axis (a negative axis counts
 * from the end, as SplitV's parseAxisParam does), on the host (host-split.ts).
 */
const split: Factory = ({ node, category, constant, backend }) => {
  const axis = scalarOf(constant(0));
  const num = Number(node.attr?.num_split?.i ?? 0);
  if (category === 'custom' || axis === undefined || num < 1) return undefined;
  return { run: ([, x]) => (axis >= -x.rank && axis < x.rank ? hostSplit(backend, x, axis < 0 ? axis + x.rank : axis, num) : undefined) };
};

/** Pack as tfjs-converter's Pack of tensors of one shape and dtype: tf.stack along attr `axis`. */
const pack: Factory = ({ node, category, inputCount, backend, backendName }) => {
  const config = tf.getKernel('Pack', backendName);
  const axis = Number(node.attr?.axis?.i ?? 0);
  if (!config || category === 'custom' || inputCount < 1) return undefined;
  const list: tf.TensorInfo[] = new Array(inputCount);
  const args = { inputs: list, backend, attrs: { axis } };
  return {
    run(inputs) {
      const first = inputs[0];
      if (axis > first.rank || !PLAIN.has(first.dtype)) return undefined;
      for (let i = 0; i < list.length; i++) {
        if (inputs[i].dtype !== first.dtype || !tf.util.arraysEqual(inputs[i].shape, first.shape)) return undefined;
        list[i] = inputs[i];
      }
      return [wrap(config.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo, backend)];
    },
  };
};

/** ExpandDims(x, dim) as tf.expandDims along a constant axis. */
const expandDims: Factory = ({ category, constant, backend, backendName }) => {
  const config = tf.getKernel('ExpandDims', backendName);
  const dim = scalarOf(constant(1));
  if (!config || category === 'custom' || dim === undefined) return undefined;
  const args = { inputs: { input: undefined as tf.TensorInfo | undefined }, backend, attrs: { dim } };
  return {
    run([x]) {
      if (dim > x.rank || !PLAIN.has(x.dtype)) return undefined;
      args.inputs.input = x;
      return [wrap(config.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo, backend)];
    },
  };
};

/**
 * RandomUniform (float32) as tfjs's: uniform values in [0, 1) from a generator seeded anew on every call
 * (tfjs-core ops/random_uniform.ts seeds an alea generator from Math.random(); neither honours TF's seed attrs),
 * here Math.random itself.
 */
const randomUniform: Factory = ({ node, category, backend }) => {
  if (category === 'custom' || node.attr?.dtype?.type !== DT_FLOAT) return undefined;
  return {
    run([dims]) {
      const v = dims.dtype === 'int32' && dims.rank === 1 ? storedValues(backend, dims) : undefined;
      if (!v || v.some((d) => d < 0)) return undefined;
      const { info, values } = hostOutput(backend, Array.from(v), 'float32');
      for (let i = 0; i < values.length; i++) values[i] = Math.random();
      return [wrap(info, backend)];
    },
  };
};

/** Shape as tensor1d(x.shape, 'int32'): the shape written into a new int32 tensor. */
const shape: Factory = ({ category, backend }) => {
  if (category === 'custom') return undefined;
  return {
    run([x]) {
      const { info, values } = hostOutput(backend, [x.rank], 'int32');
      values.set(x.shape);
      return [wrap(info, backend)];
    },
  };
};

/** TensorFlow op name (as the converted graph spells it) → how a node of it calls its kernel. */
const DIRECT: Record<string, Factory> = {
  ...Object.fromEntries(Object.entries(LEAN_OPS).map(([name, op]) => [name, fromLean(op)])),
  Less: compare('Less', NUMERIC),
  LessEqual: compare('LessEqual', NUMERIC),
  Greater: compare('Greater', NUMERIC),
  GreaterEqual: compare('GreaterEqual', NUMERIC),
  Maximum: compare('Maximum', NUMERIC),
  Minimum: compare('Minimum', NUMERIC),
  LogicalAnd: compare('LogicalAnd', new Set(['bool'])),
  LogicalOr: compare('LogicalOr', new Set(['bool'])),
  ConcatV2: concat,
  Split: split,
  Shape: shape,
  RandomUniform: randomUniform,
  Pack: pack,
  ExpandDims: expandDims,
  Select: ({ backend }) => hostSelect(backend, true),
  SelectV2: ({ backend }) => hostSelect(backend, false),
};

/** A kernel call that first tries the host form of a tiny elementwise op (host-elementwise.ts). */
const hostFirst = (name: string, kernel: Factory): Factory => (site) => {
  const op = kernel(site);
  const host = HOST_BINARY[name];
  if (!op) return undefined;
  return {
    run(inputs) {
      const out = hostBinary(host, site.backend, inputs[0], inputs[1]);
      return out ? [out] : op.run(inputs);
    },
  };
};

for (const name of Object.keys(HOST_BINARY)) if (DIRECT[name]) DIRECT[name] = hostFirst(name, DIRECT[name]);

/**
 * The node's direct call, or undefined when it always takes TensorFlow.js's own path: a kernel adapter above,
 * else one of our custom ops (v1-custom-ops.ts).
 */
export function directOpFor(
  node: NodeDefMessage, mapped: MappedNode, inputCount: number, constant: Site['constant'], backendName: BackendName, runner: OpRunner,
): DirectOp | undefined {
  const factory = DIRECT[node.op] as Factory | undefined;
  const backend = tf.findBackend(backendName);
  const direct = factory && backend ? factory({ node, category: mapped.category, inputCount, constant, backend, backendName }) : undefined;
  return direct ?? customDirectOp(mapped, inputCount, runner);
}
