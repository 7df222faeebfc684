// TF1 TensorArrays (TensorArrayV3 and its Write/Read/Gather/Scatter/Size/Close ops, what tf.TensorArray and
// dynamic_rnn emit under control flow v1) for the synchronous executor (v1-executor.ts). tfjs-converter's own
// TensorArray ops live in its async control executor, so they cannot run here. Semantics and messages follow
// TensorFlow's tensor_array.h / tensor_array_ops.cc: a resource of `size` slots (growing on write when
// dynamic_size), each written once, cleared by a read when clear_after_read, an unwritten slot read as zeros when
// the element shape is fully defined. The handle and the flow are executor values (never tensors: v1-plan.ts
// checks they reach only these ops). Elements are references counted by the run (RefCounts).
import * as tf from '@tensorflow/tfjs-core';
import { mergeShapes, type PartialShape } from '../ops/index.ts';
import type { MappedNode } from './tfjs-op-runner.ts';
import type { RefCounts } from './ref-counts.ts';
import { storedValues } from './stored-values.ts';
import { hostSplit } from './host-split.ts';

/** The flow value (TensorFlow's float scalar that only orders TensorArray ops). */
export const FLOW = Object.freeze({ flow: true });

export class TensorArrayValue {
  readonly slots: (tf.Tensor | undefined)[] = [];
  readonly cleared: boolean[] = [];
  constructor(
    readonly name: string,
    public size: number,
    readonly dtype: tf.DataType,
    public elementShape: PartialShape,
    readonly dynamicSize: boolean,
    readonly clearAfterRead: boolean,
  ) {}

  fail(message: string): never {
    throw new Error(`TensorArray ${this.name}: ${message}`);
  }

  write(index: number, value: tf.Tensor, refs: RefCounts): void {
    if (index < 0 || (!this.dynamicSize && index >= this.size)) this.fail(`Tried to write to index ${index} but array is not resizeable and size is: ${this.size}`);
    if (value.dtype !== this.dtype) this.fail(`Could not write to TensorArray index ${index} because the value dtype is ${value.dtype}, but TensorArray dtype is ${this.dtype}.`);
    const merged = mergeShapes(this.elementShape, value.shape);
    if (merged === undefined) this.fail(`Could not write to TensorArray index ${index} because the value shape is [${value.shape}] which is incompatible with the TensorArray's inferred element shape: [${this.elementShape}] (consider setting infer_shape=False).`);
    if (this.cleared[index]) this.fail(`Could not write to TensorArray index ${index} because it has already been read.`);
    if (this.slots[index]) this.fail(`Could not write to TensorArray index ${index} because it has already been written to.`);
    this.elementShape = merged;
    if (index >= this.size) this.size = index + 1;
    refs.retain(value);
    this.slots[index] = value;
  }

  /** The element at `index`; a cleared slot's reference is given to `refs` to drop once the value is delivered. */
  read(index: number, refs: RefCounts, shape: PartialShape = null): tf.Tensor {
    if (index < 0 || index >= this.size) this.fail(`Tried to read from index ${index} but array size is: ${this.size}`);
    if (this.cleared[index]) this.fail(`Could not read index ${index} twice because it was cleared after a previous read (perhaps try setting clear_after_read = false?).`);
    const t = this.slots[index];
    if (!t) {
      const s = mergeShapes(this.elementShape, shape);
      if (!s || s.some((d) => d < 0)) this.fail(`Could not read from TensorArray index ${index}.  Furthermore, the element shape is not fully defined: [${this.elementShape}].`);
      return tf.zeros(s as number[], this.dtype);
    }
    if (this.clearAfterRead) {
      this.cleared[index] = true;
      this.slots[index] = undefined;
      refs.releaseLater(t);
    }
    return t;
  }
}

const attr = <T>(node: MappedNode, name: string): T => node.attrParams[name]?.value as T;
/** An index tensor's values, read without a copy where the backend allows (stored-values.ts). */
function ints(t: tf.Tensor, backend: tf.KernelBackend | undefined): number[] {
  const v = backend && t.dtype === 'int32' ? storedValues(backend, t) : undefined;
  return Array.from(v ?? (t.dataSync() as Int32Array));
}

function arrayOf(v: unknown, node: MappedNode): TensorArrayValue {
  if (v instanceof TensorArrayValue) return v;
  throw new Error(`${node.op} (node '${node.name}'): input 0 is not a TensorArray handle`);
}

/** Runs one TensorArray op on its inputs (handles and flows as executor values, the rest tensors). */
export function runTensorArrayOp(node: MappedNode, elementShape: PartialShape, inputs: unknown[], refs: RefCounts, backend?: tf.KernelBackend): unknown[] {
  switch (node.op) {
    case 'TensorArrayV3': {
      const size = ints(inputs[0] as tf.Tensor, backend)[0];
      if (size < 0) throw new Error(`Size should be >= 0, got: ${size}`);
      return [new TensorArrayValue(node.name, size, attr(node, 'dtype'), elementShape, attr(node, 'dynamicSize') === true, attr(node, 'clearAfterRead') !== false), FLOW];
    }
    case 'TensorArrayWriteV3':
      arrayOf(inputs[0], node).write(ints(inputs[1] as tf.Tensor, backend)[0], inputs[2] as tf.Tensor, refs);
      return [FLOW];
    case 'TensorArrayReadV3':
      return [arrayOf(inputs[0], node).read(ints(inputs[1] as tf.Tensor, backend)[0], refs)];
    case 'TensorArrayGatherV3': {
      const ta = arrayOf(inputs[0], node);
      const shape = elementShape;
      const elements = ints(inputs[1] as tf.Tensor, backend).map((i) => ta.read(i, refs, shape));
      if (elements.length > 0) return [tf.stack(elements)];
      const s = mergeShapes(ta.elementShape, shape);
      if (!s || s.some((d) => d < 0)) throw new Error(`TensorArray has size zero, but element shape [${ta.elementShape}] is not fully defined. Currently only static shapes are supported when packing zero-size TensorArrays.`);
      return [tf.zeros([0, ...s], ta.dtype)];
    }
    case 'TensorArrayScatterV3': {
      const ta = arrayOf(inputs[0], node);
      const indices = ints(inputs[1] as tf.Tensor, backend);
      const value = inputs[2] as tf.Tensor;
      if (value.rank === 0 || indices.length !== value.shape[0]) throw new Error(`Expected len(indices) == values.shape[0], but saw: ${indices.length} vs. ${value.shape[0]}`);
      // rows copied out on the host where the backend allows (host-split.ts), else tf.unstack
      const rows = (backend && hostSplit(backend, value, 0, value.shape[0], true)) || tf.unstack(value);
      try {
        indices.forEach((i, k) => ta.write(i, rows[k], refs));
      } finally {
        for (const r of rows) refs.releaseLater(refs.retain(r));
      }
      return [FLOW];
    }
    case 'TensorArraySizeV3':
      return [tf.scalar(arrayOf(inputs[0], node).size, 'int32')];
    case 'TensorArrayCloseV3':
      return [];
    default:
      throw new Error(`op '${node.op}' is not a TensorArray op of the synchronous executor`);
  }
}
