// TensorFlow's TensorList* ops (what tf.TensorArray, tf.map_fn, tf.scan and Keras RNN loops become in TF2)
// with TensorFlow's value semantics and checks (tensorflow/core/kernels/list_kernels.h|cc), over the values
// of tensor-list-value.ts. They replace TensorFlow.js's own TensorList ops, which mutate lists in place and
// lose elements to the loop-body executor (see tensor-list-value.ts). Kernel errors are INVALID_ARGUMENT.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import type { OpTable } from './index.ts';
import { makeWide } from './int64-tensors.ts';
import { boolAttr, intAttr, typeAttr } from './raw-attrs.ts';
import {
  checkElementShape, listOf, type ListValue, makeHandle, ownElement, type PartialShape, resolvedElementShape, shapeInput, shapeString,
} from './tensor-list-value.ts';

const invalid = (message: string) => new ServingError('INVALID_ARGUMENT', message);

/** A scalar int input (index, size, num_elements). */
function scalarInput(t: tf.Tensor): number {
  return (t.dataSync() as Int32Array)[0];
}

function dtypeOf(node: GraphNode): string {
  return typeAttr(node, 'element_dtype') ?? 'DT_INVALID';
}

/** The list input, checked against the op's element_dtype (TF: "Invalid data types; op elements …"). */
function inputList(node: GraphNode, op: string): ListValue {
  const list = listOf(node.inputs[0], op);
  const want = typeAttr(node, 'element_dtype');
  if (want !== undefined && want !== list.dtype) throw invalid(`Invalid data types; op elements ${want} but list elements ${list.dtype}`);
  return list;
}

function withElements(list: ListValue, elements: (tf.Tensor | null)[]): tf.Tensor {
  return makeHandle({ ...list, elements });
}

/** Zeros for an uninitialized element, as TensorFlow reads it ('' for strings, 8 zero bytes for wide dtypes). */
function zeros(dtype: string, shape: readonly number[]): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  switch (dtype) {
    case 'DT_STRING': return tf.tensor(new Array<string>(size).fill(''), [...shape], 'string');
    case 'DT_INT64': return makeWide(new BigInt64Array(size), shape);
    case 'DT_UINT64': return makeWide(new BigUint64Array(size), shape);
    case 'DT_DOUBLE': return makeWide(new Float64Array(size), shape);
    case 'DT_INT32': case 'DT_INT16': case 'DT_INT8': case 'DT_UINT8': case 'DT_UINT16': return tf.zeros([...shape], 'int32');
    case 'DT_BOOL': return tf.zeros([...shape], 'bool');
    default: return tf.zeros([...shape], 'float32');
  }
}

function checkIndex(op: string, index: number, size: number, verb = 'access'): void {
  if (index < 0 || index >= size) throw invalid(`${op}: Trying to ${verb} element ${index} in a list with ${size} elements.`);
}

/** Elements `indices` of `list` stacked into one tensor of shape [n, ...element shape] (Stack, Gather). */
function stacked(op: string, list: ListValue, indices: number[], shapeIn: PartialShape): tf.Tensor {
  const shape = resolvedElementShape(op, list, shapeIn);
  const picked = indices.map((i) => list.elements[i]);
  if (shape === undefined && picked.some((e) => !e)) {
    throw invalid(`${op}: Tried to stack list which only contains uninitialized tensors and has a non-fully-defined element_shape: ${shapeString(list.elementShape)}`);
  }
  if (picked.length === 0) {
    if (!shape) throw invalid(`${op}: Tried to stack elements of an empty list with non-fully-defined element_shape: ${shapeString(list.elementShape)}`);
    return zeros(list.dtype, [0, ...shape]);
  }
  return tf.tidy(() => {
    const parts = picked.map((e) => e ?? zeros(list.dtype, shape!));
    const first = parts[0].shape;
    if (parts.some((p) => p.shape.length !== first.length || p.shape.some((d, k) => d !== first[k]))) {
      throw invalid(`${op}: list elements have different shapes (${shapeString(first)} and others); cannot stack`);
    }
    return tf.stack(parts, 0);
  });
}

function reserve(node: GraphNode): tf.Tensor {
  const n = scalarInput(node.inputs[1]);
  if (n < 0) throw invalid(`TensorListReserve: The num_elements to reserve must be a non negative number, but got ${n}`);
  return makeHandle({ dtype: dtypeOf(node), elementShape: shapeInput(node.inputs[0]), elements: new Array(n).fill(null), maxElements: -1 });
}

function emptyList(node: GraphNode): tf.Tensor {
  const max = scalarInput(node.inputs[1]);
  if (max < -1) throw invalid(`EmptyTensorList: max_num_elements must be at least -1, got ${max}`);
  return makeHandle({ dtype: dtypeOf(node), elementShape: shapeInput(node.inputs[0]), elements: [], maxElements: max });
}

function fromTensor(node: GraphNode): tf.Tensor {
  const [t, shapeT] = node.inputs;
  if (t.rank < 1) throw invalid(`TensorListFromTensor: Tensor must be at least a vector, but saw shape: ${shapeString(t.shape)}`);
  const elementShape = shapeInput(shapeT);
  checkElementShape('TensorListFromTensor', elementShape, t.shape.slice(1));
  return makeHandle({ dtype: dtypeOf(node), elementShape, elements: unstackOwned(t), maxElements: -1 });
}

function unstackOwned(t: tf.Tensor): tf.Tensor[] {
  if (t.shape[0] === 0) return [];
  const parts = tf.unstack(t, 0);
  const owned = parts.map(ownElement);
  tf.dispose(parts);
  return owned;
}

function stack(node: GraphNode): tf.Tensor {
  const list = inputList(node, 'TensorListStack');
  const n = intAttr(node, 'num_elements', -1);
  if (n !== -1 && list.elements.length !== n) {
    throw invalid(`TensorListStack: Operation expected a list with ${n} elements but got a list with ${list.elements.length} elements.`);
  }
  return stacked('TensorListStack', list, list.elements.map((_, i) => i), shapeInput(node.inputs[1]));
}

function gather(node: GraphNode): tf.Tensor {
  const list = inputList(node, 'TensorListGather');
  const indices = Array.from(node.inputs[1].dataSync() as Int32Array);
  for (const i of indices) checkIndex('TensorListGather', i, list.elements.length);
  return stacked('TensorListGather', list, indices, shapeInput(node.inputs[2]));
}

function getItem(node: GraphNode): tf.Tensor {
  const list = inputList(node, 'TensorListGetItem');
  const index = scalarInput(node.inputs[1]);
  checkIndex('TensorListGetItem', index, list.elements.length);
  const e = list.elements[index];
  if (e) return e.clone();
  const shape = resolvedElementShape('TensorListGetItem', list, shapeInput(node.inputs[2]));
  if (!shape) throw invalid(`TensorListGetItem: Trying to read an uninitialized tensor but element_shape is not fully defined: ${shapeString(list.elementShape)} and no list element is set.`);
  return zeros(list.dtype, shape);
}

function setItem(node: GraphNode): tf.Tensor {
  const list = inputList(node, 'TensorListSetItem');
  const [, indexT, item] = node.inputs;
  const index = scalarInput(indexT);
  const elements = [...list.elements];
  // resize_if_index_out_of_bounds (TensorArray with dynamic_size=True) grows the list to index + 1.
  if (index >= elements.length && boolAttr(node, 'resize_if_index_out_of_bounds', false)) {
    while (elements.length <= index) elements.push(null);
  }
  checkIndex('TensorListSetItem', index, elements.length, 'modify');
  checkElementShape('TensorListSetItem', list.elementShape, item.shape);
  elements[index] = ownElement(item);
  return withElements(list, elements);
}

function pushBack(node: GraphNode): tf.Tensor {
  const list = inputList(node, 'TensorListPushBack');
  const item = node.inputs[1];
  checkElementShape('TensorListPushBack', list.elementShape, item.shape);
  if (list.maxElements !== -1 && list.elements.length >= list.maxElements) {
    throw invalid(`TensorListPushBack: Tried to push item into a full list list size: ${list.elements.length} max_num_elements: ${list.maxElements}`);
  }
  return withElements(list, [...list.elements, ownElement(item)]);
}

function popBack(node: GraphNode): tf.Tensor[] {
  const list = inputList(node, 'TensorListPopBack');
  if (list.elements.length === 0) throw invalid('TensorListPopBack: Trying to pop from an empty list.');
  const last = list.elements[list.elements.length - 1];
  let value: tf.Tensor;
  if (last) value = last.clone();
  else {
    const shape = resolvedElementShape('TensorListPopBack', list, shapeInput(node.inputs[1]));
    if (!shape) throw invalid('TensorListPopBack: Trying to read an uninitialized tensor but element_shape is not fully defined.');
    value = zeros(list.dtype, shape);
  }
  return [withElements(list, list.elements.slice(0, -1)), value];
}

function resize(node: GraphNode): tf.Tensor {
  const list = listOf(node.inputs[0], 'TensorListResize');
  const size = scalarInput(node.inputs[1]);
  if (size < 0) throw invalid(`TensorListResize: TensorListSlice expects size to be non-negative. Got: ${size}`);
  const elements = list.elements.slice(0, size);
  while (elements.length < size) elements.push(null);
  return withElements(list, elements);
}

/** Writes rows of `t` at `indices` into `elements`, growing it as needed (Scatter*). */
function scatterInto(op: string, list: ListValue, elements: (tf.Tensor | null)[], t: tf.Tensor, indicesT: tf.Tensor): tf.Tensor {
  const indices = Array.from(indicesT.dataSync() as Int32Array);
  if (t.rank < 1 || indices.length !== t.shape[0]) {
    throw invalid(`${op}: Invalid number of rows in input tensor. Expected: ${indices.length} Actual: ${t.rank < 1 ? 'scalar' : t.shape[0]}`);
  }
  checkElementShape(op, list.elementShape, t.shape.slice(1));
  for (const i of indices) if (i < 0) throw invalid(`${op}: Indices in TensorListScatter must all be non-negative.`);
  const rows = unstackOwned(t);
  indices.forEach((i, k) => {
    while (elements.length <= i) elements.push(null);
    elements[i] = rows[k];
  });
  return withElements(list, elements);
}

function scatterNew(node: GraphNode, op: string, numElements: number): tf.Tensor {
  const [t, indicesT, shapeT] = node.inputs;
  const list: ListValue = { dtype: dtypeOf(node), elementShape: shapeInput(shapeT), elements: [], maxElements: -1 };
  return scatterInto(op, list, new Array(Math.max(numElements, 0)).fill(null), t, indicesT);
}

function scatterExisting(node: GraphNode): tf.Tensor {
  const op = 'TensorListScatterIntoExistingList';
  const list = inputList(node, op);
  return scatterInto(op, list, [...list.elements], node.inputs[1], node.inputs[2]);
}

function length(node: GraphNode): tf.Tensor {
  return tf.scalar(listOf(node.inputs[0], 'TensorListLength').elements.length, 'int32');
}

function elementShape(node: GraphNode): tf.Tensor {
  const s = listOf(node.inputs[0], 'TensorListElementShape').elementShape;
  return s === null ? tf.scalar(-1, 'int32') : tf.tensor1d([...s], 'int32');
}

function split(node: GraphNode): tf.Tensor {
  const [t, shapeT, lengthsT] = node.inputs;
  const lengths = Array.from(lengthsT.dataSync() as Int32Array);
  if (t.rank < 1) throw invalid(`TensorListSplit: Tensor must be at least a vector, but saw shape: ${shapeString(t.shape)}`);
  const total = lengths.reduce((a, b) => a + b, 0);
  if (lengths.some((l) => l < 0) || total !== t.shape[0]) {
    throw invalid(`TensorListSplit: Unused values in tensor. Length of tensor: ${t.shape[0]} Values used: ${total}`);
  }
  const elementShape = shapeInput(shapeT);
  const parts = lengths.length === 0 ? [] : tf.split(t, lengths, 0);
  const elements = parts.map(ownElement);
  tf.dispose(parts);
  for (const e of elements) checkElementShape('TensorListSplit', elementShape, e.shape);
  return makeHandle({ dtype: dtypeOf(node), elementShape, elements, maxElements: -1 });
}

/** TensorListConcatV2: the elements joined along dimension 0, and each element's length (int64). */
function concat(node: GraphNode): tf.Tensor[] {
  const op = 'TensorListConcatV2';
  const list = inputList(node, op);
  const elements = list.elements;
  if (elements.some((e) => !e) || elements.length === 0) {
    // TF fills uninitialized elements from leading_dims / element_shape; not needed by tf.TensorArray.concat.
    throw invalid(`${op}: concatenating a list with uninitialized or no elements is not supported by the portable engine`);
  }
  for (const e of elements) if (e!.rank < 1) throw invalid(`${op}: Concat requires elements to be at least vectors, found scalars instead.`);
  const out = tf.concat(elements as tf.Tensor[], 0);
  const lengths = makeWide(BigInt64Array.from(elements, (e) => BigInt(e!.shape[0])), [elements.length]);
  return [out, lengths];
}

/** Every TensorList op of tensorflow/core/ops/list_ops.cc that tf.TensorArray, map_fn, scan and Keras emit. */
export const TENSOR_LIST_OPS: OpTable = {
  EmptyTensorList: emptyList,
  TensorListReserve: reserve,
  TensorListFromTensor: fromTensor,
  TensorListStack: stack,
  TensorListGather: gather,
  TensorListGetItem: getItem,
  TensorListSetItem: setItem,
  TensorListPushBack: pushBack,
  TensorListPopBack: popBack,
  TensorListResize: resize,
  TensorListLength: length,
  TensorListElementShape: elementShape,
  TensorListScatter: (node) => scatterNew(node, 'TensorListScatter', 0),
  TensorListScatterV2: (node) => scatterNew(node, 'TensorListScatterV2', scalarInput(node.inputs[3])),
  TensorListScatterIntoExistingList: scatterExisting,
  TensorListSplit: split,
  TensorListConcatV2: concat,
};
