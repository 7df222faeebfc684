// TensorList values for the portable engine's TensorList* ops (tensor-list.ts). In TensorFlow a list is an
// immutable DT_VARIANT value: TensorListSetItem returns a new list and leaves its input as it was
// (tensorflow/core/kernels/list_kernels.h). TensorFlow.js 4.22 instead mutates one shared list in place and
// keeps its elements as tensors of the loop body, which the body's executor disposes when the body returns
// (GraphExecutor._executeAsync disposes every tensor of the body that is not an input or an output, kept or
// not): a Keras LSTM then stacks disposed tensors ("Cannot read properties of undefined (reading 'backend')").
//
// Here a list travels through the graph as an int32 scalar "handle" whose value numbers the list within the
// run (a handle's value survives every copy: Identity, While arguments; the wasm backend's Identity copies the
// data, so tensor or data ids would not). Elements are private references (tf.clone), owned by the run that
// stored them and disposed when it ends, so no executor can dispose them under a list. Lists are copied on
// write (an array of references, never tensor data) and live until the run ends.
import { AsyncLocalStorage } from 'node:async_hooks';
import * as tf from '@tensorflow/tfjs-core';
import { ServingError } from '../../errors/index.ts';

/** An element shape as TensorFlow's PartialTensorShape: null = unknown rank, -1 = unknown dimension. */
export type PartialShape = readonly number[] | null;

export interface ListValue {
  /** DataType name of the elements (the ops' element_dtype attr), e.g. "DT_FLOAT". */
  readonly dtype: string;
  readonly elementShape: PartialShape;
  /** Elements; null where TensorFlow's list holds an uninitialized tensor (TensorListReserve). */
  readonly elements: readonly (tf.Tensor | null)[];
  /** -1 = unbounded (EmptyTensorList's max_num_elements). */
  readonly maxElements: number;
}

interface ListScope {
  /** Element tensors, disposed when the run ends. */
  readonly owned: tf.Tensor[];
  /** Every list value the run made, by handle value. */
  readonly lists: ListValue[];
}

const RUN = new AsyncLocalStorage<ListScope>();

function scope(): ListScope {
  const s = RUN.getStore();
  if (!s) throw new Error('TensorList op ran outside withListScope');
  return s;
}

/**
 * Runs one graph execution with a TensorList scope: element tensors the run stores in lists live until it ends.
 * @example const out = await withListScope(() => model.executeAsync(feed, names));
 */
export async function withListScope<T>(run: () => T | Promise<T>): Promise<T> {
  const s: ListScope = { owned: [], lists: [] };
  try {
    return await RUN.run(s, run);
  } finally {
    tf.dispose(s.owned);
  }
}

/** A private copy of `t` for a list element, freed when the run ends. */
export function ownElement(t: tf.Tensor): tf.Tensor {
  const e = tf.keep(t.clone());
  scope().owned.push(e);
  return e;
}

/** A new handle tensor standing for `value`. */
export function makeHandle(value: ListValue): tf.Tensor {
  const lists = scope().lists;
  lists.push(value);
  return tf.scalar(lists.length - 1, 'int32');
}

/** The list a handle stands for. */
export function listOf(handle: tf.Tensor, op: string): ListValue {
  const id = handle.dtype === 'int32' && handle.size === 1 ? (handle.dataSync() as Int32Array)[0] : -1;
  const value = scope().lists[id];
  if (!value) throw new ServingError('INVALID_ARGUMENT', `${op}: input is not a TensorList`);
  return value;
}

/** Element shape from an op's element_shape input: a scalar -1 means unknown rank. */
export function shapeInput(t: tf.Tensor): PartialShape {
  const v = Array.from(t.dataSync() as Int32Array);
  if (t.rank === 0) {
    if (v[0] !== -1) throw new ServingError('INVALID_ARGUMENT', `element_shape must be -1 or a vector, got scalar ${v[0]}`);
    return null;
  }
  return v;
}

export function shapeString(s: PartialShape): string {
  return s === null ? '<unknown>' : `[${s.map((d) => (d < 0 ? '?' : d)).join(',')}]`;
}

/** TensorFlow's PartialTensorShape::MergeWith: the most specific shape compatible with both, or undefined. */
export function mergeShapes(a: PartialShape, b: PartialShape): PartialShape | undefined {
  if (a === null) return b;
  if (b === null) return a;
  if (a.length !== b.length) return undefined;
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) {
    if (a[i] >= 0 && b[i] >= 0 && a[i] !== b[i]) return undefined;
    out.push(a[i] >= 0 ? a[i] : b[i]);
  }
  return out;
}

export function isFullyDefined(s: PartialShape): s is readonly number[] {
  return s !== null && s.every((d) => d >= 0);
}

/** An element's shape must fit the list's element shape (TensorListSetItem, PushBack, FromTensor). */
export function checkElementShape(op: string, list: PartialShape, shape: readonly number[]): void {
  if (mergeShapes(list, shape) === undefined) {
    throw new ServingError('INVALID_ARGUMENT', `${op}: tried to add a tensor of shape ${shapeString(shape)} to a list with element shape ${shapeString(list)}`);
  }
}

/**
 * The shape to use for uninitialized elements (TensorListGetItem / Stack / Gather): the list's element shape
 * merged with the op's element_shape input, then with every initialized element; must end fully defined.
 */
export function resolvedElementShape(op: string, list: ListValue, input: PartialShape): readonly number[] | undefined {
  let shape = mergeShapes(list.elementShape, input);
  if (shape === undefined) throw new ServingError('INVALID_ARGUMENT', `${op}: element shape ${shapeString(input)} is incompatible with the list's ${shapeString(list.elementShape)}`);
  if (!isFullyDefined(shape)) {
    for (const e of list.elements) {
      if (!e) continue;
      shape = mergeShapes(shape, e.shape);
      if (shape === undefined) throw new ServingError('INVALID_ARGUMENT', `${op}: list elements have different shapes`);
    }
  }
  return isFullyDefined(shape) ? shape : undefined;
}
