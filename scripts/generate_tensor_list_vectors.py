#!/usr/bin/env python3
"""Writes test/engine/ops/tensor-list.vectors.json: TensorList op programs run by TensorFlow itself (eager
tf.raw_ops), for lib/engine/ops/tensor-list.ts (run by hand, never by the tests).

    ~/tfvenv/bin/python scripts/generate_tensor_list_vectors.py

A case makes a list (FromTensor / Reserve / Empty / Scatter / ScatterV2 / Split), applies list-to-list ops
(SetItem, PushBack, PopBack, Resize, ScatterInto), then reads it (Stack, Gather, GetItem, Length,
ElementShape, ConcatV2, PopBack); `expected` is the read's output, or `error` is TensorFlow's message when
any step fails. `read_old` reads the list as it was *before* the ops (value semantics: a write makes a new list).
"""
import json
import os
import re

import numpy as np
import tensorflow as tf

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'engine', 'ops', 'tensor-list.vectors.json')
DT = {'float32': tf.float32, 'int32': tf.int32, 'bool': tf.bool}
TF_NAME = {'float32': 'DT_FLOAT', 'int32': 'DT_INT32', 'bool': 'DT_BOOL'}


def T(values, shape, dtype='float32'):
    return {'values': np.asarray(values).reshape(-1).tolist(), 'shape': shape, 'dtype': dtype}


def tensor(t):
    return tf.constant(np.asarray(t['values']).reshape(t['shape']), dtype=DT[t['dtype']])


def es(shape):
    return tf.constant(-1 if shape == -1 else shape, dtype=tf.int32)


def make(m, dtype):
    d = DT[dtype]
    kind = m['op']
    if kind == 'FromTensor':
        return tf.raw_ops.TensorListFromTensor(tensor=tensor(m['tensor']), element_shape=es(m['element_shape']))
    if kind == 'Reserve':
        return tf.raw_ops.TensorListReserve(element_shape=es(m['element_shape']), num_elements=m['num_elements'], element_dtype=d)
    if kind == 'Empty':
        return tf.raw_ops.EmptyTensorList(element_shape=es(m['element_shape']), max_num_elements=m.get('max', -1), element_dtype=d)
    if kind == 'Scatter':
        return tf.raw_ops.TensorListScatter(tensor=tensor(m['tensor']), indices=m['indices'], element_shape=es(m['element_shape']))
    if kind == 'ScatterV2':
        return tf.raw_ops.TensorListScatterV2(tensor=tensor(m['tensor']), indices=m['indices'], element_shape=es(m['element_shape']), num_elements=m['num_elements'])
    if kind == 'Split':
        return tf.raw_ops.TensorListSplit(tensor=tensor(m['tensor']), element_shape=es(m['element_shape']), lengths=tf.constant(m['lengths'], tf.int64))
    raise ValueError(kind)


def apply(h, op, dtype):
    d = DT[dtype]
    kind = op['op']
    if kind == 'SetItem':
        return tf.raw_ops.TensorListSetItem(input_handle=h, index=op['index'], item=tensor(op['item']), resize_if_index_out_of_bounds=op.get('resize', False))
    if kind == 'PushBack':
        return tf.raw_ops.TensorListPushBack(input_handle=h, tensor=tensor(op['item']))
    if kind == 'PopBack':
        return tf.raw_ops.TensorListPopBack(input_handle=h, element_shape=es(op.get('element_shape', -1)), element_dtype=d)[0]
    if kind == 'Resize':
        return tf.raw_ops.TensorListResize(input_handle=h, size=op['size'])
    if kind == 'ScatterInto':
        return tf.raw_ops.TensorListScatterIntoExistingList(input_handle=h, tensor=tensor(op['tensor']), indices=op['indices'])
    raise ValueError(kind)


def read(h, r, dtype):
    d = DT[dtype]
    kind = r['op']
    if kind == 'Stack':
        return tf.raw_ops.TensorListStack(input_handle=h, element_shape=es(r.get('element_shape', -1)), element_dtype=d, num_elements=r.get('num_elements', -1))
    if kind == 'Gather':
        return tf.raw_ops.TensorListGather(input_handle=h, indices=r['indices'], element_shape=es(r.get('element_shape', -1)), element_dtype=d)
    if kind == 'GetItem':
        return tf.raw_ops.TensorListGetItem(input_handle=h, index=r['index'], element_shape=es(r.get('element_shape', -1)), element_dtype=d)
    if kind == 'Length':
        return tf.raw_ops.TensorListLength(input_handle=h)
    if kind == 'ElementShape':
        return tf.raw_ops.TensorListElementShape(input_handle=h, shape_type=tf.int32)
    if kind == 'ConcatV2':
        return tf.raw_ops.TensorListConcatV2(input_handle=h, element_shape=es(r.get('element_shape', -1)), leading_dims=tf.constant([], tf.int64), element_dtype=d)[0]
    if kind == 'PopBack':
        return tf.raw_ops.TensorListPopBack(input_handle=h, element_shape=es(r.get('element_shape', -1)), element_dtype=d)[1]
    raise ValueError(kind)


def out(t):
    a = t.numpy()
    dtype = {np.float32: 'float32', np.int32: 'int32', np.bool_: 'bool'}[a.dtype.type]
    return T(a.tolist(), list(a.shape), dtype)


def run(case):
    dtype = case.get('dtype', 'float32')
    try:
        h0 = make(case['make'], dtype)
        h = h0
        for op in case.get('ops', []):
            h = apply(h, op, dtype)
        case['expected'] = out(read(h, case['read'], dtype))
        if 'read_old' in case:
            case['expected_old'] = out(read(h0, case['read_old'], dtype))
    except (tf.errors.InvalidArgumentError, tf.errors.FailedPreconditionError, tf.errors.OutOfRangeError) as e:
        case['error'] = re.sub(r'^\{\{function_node [^}]*\}\} ', '', e.message.split('\n')[0]).split(' [Op:')[0]
    case['element_dtype'] = TF_NAME[dtype]
    return case


M23 = T(np.arange(6) - 2.5, [3, 2])
ROW = T([7.0, 8.0], [2])
CASES = [
    # FromTensor + reads
    {'note': 'FromTensor then Stack', 'make': {'op': 'FromTensor', 'tensor': M23, 'element_shape': [2]}, 'read': {'op': 'Stack'}},
    {'note': 'FromTensor with unknown element shape', 'make': {'op': 'FromTensor', 'tensor': M23, 'element_shape': -1}, 'read': {'op': 'Stack', 'element_shape': [-1]}},
    {'note': 'FromTensor of a vector: scalar elements', 'make': {'op': 'FromTensor', 'tensor': T([1, 2, 3], [3], 'int32'), 'element_shape': []}, 'read': {'op': 'Stack'}, 'dtype': 'int32'},
    {'note': 'FromTensor of bools', 'make': {'op': 'FromTensor', 'tensor': T([True, False, True, True], [2, 2], 'bool'), 'element_shape': [2]}, 'read': {'op': 'GetItem', 'index': 1}, 'dtype': 'bool'},
    {'note': 'FromTensor of an empty batch, Stack', 'make': {'op': 'FromTensor', 'tensor': T([], [0, 2]), 'element_shape': [2]}, 'read': {'op': 'Stack'}},
    {'note': 'FromTensor of a scalar fails', 'make': {'op': 'FromTensor', 'tensor': T([1.0], []), 'element_shape': -1}, 'read': {'op': 'Length'}},
    {'note': 'FromTensor with an incompatible element shape fails', 'make': {'op': 'FromTensor', 'tensor': M23, 'element_shape': [3]}, 'read': {'op': 'Length'}},
    {'note': 'Stack with num_elements that does not match fails', 'make': {'op': 'FromTensor', 'tensor': M23, 'element_shape': [2]}, 'read': {'op': 'Stack', 'num_elements': 2}},
    {'note': 'Gather rows out of order, repeated', 'make': {'op': 'FromTensor', 'tensor': M23, 'element_shape': [2]}, 'read': {'op': 'Gather', 'indices': [2, 0, 2]}},
    {'note': 'Gather nothing', 'make': {'op': 'FromTensor', 'tensor': M23, 'element_shape': [2]}, 'read': {'op': 'Gather', 'indices': []}},
    {'note': 'Gather out of range fails', 'make': {'op': 'FromTensor', 'tensor': M23, 'element_shape': [2]}, 'read': {'op': 'Gather', 'indices': [3]}},
    {'note': 'GetItem', 'make': {'op': 'FromTensor', 'tensor': M23, 'element_shape': [2]}, 'read': {'op': 'GetItem', 'index': 2}},
    {'note': 'GetItem -1 fails', 'make': {'op': 'FromTensor', 'tensor': M23, 'element_shape': [2]}, 'read': {'op': 'GetItem', 'index': -1}},
    {'note': 'GetItem past the end fails', 'make': {'op': 'FromTensor', 'tensor': M23, 'element_shape': [2]}, 'read': {'op': 'GetItem', 'index': 3}},
    {'note': 'Length', 'make': {'op': 'FromTensor', 'tensor': M23, 'element_shape': [2]}, 'read': {'op': 'Length'}},
    {'note': 'ElementShape known', 'make': {'op': 'FromTensor', 'tensor': M23, 'element_shape': [-1]}, 'read': {'op': 'ElementShape'}},
    {'note': 'ElementShape of unknown rank', 'make': {'op': 'Reserve', 'element_shape': -1, 'num_elements': 2}, 'read': {'op': 'ElementShape'}},
    {'note': 'ConcatV2 of matrices', 'make': {'op': 'FromTensor', 'tensor': T(np.arange(12), [3, 2, 2]), 'element_shape': [2, 2]}, 'read': {'op': 'ConcatV2'}},
    # Reserve: uninitialized elements
    {'note': 'Reserve then Stack: zeros for a known shape', 'make': {'op': 'Reserve', 'element_shape': [2], 'num_elements': 3}, 'read': {'op': 'Stack'}},
    {'note': 'Reserve, unknown shape: Stack fails', 'make': {'op': 'Reserve', 'element_shape': [-1], 'num_elements': 2}, 'read': {'op': 'Stack'}},
    {'note': 'Reserve, unknown shape, Stack with element_shape given', 'make': {'op': 'Reserve', 'element_shape': [-1], 'num_elements': 2}, 'read': {'op': 'Stack', 'element_shape': [3]}},
    {'note': 'Reserve, one element set: others inferred as zeros', 'make': {'op': 'Reserve', 'element_shape': -1, 'num_elements': 3}, 'ops': [{'op': 'SetItem', 'index': 1, 'item': ROW}], 'read': {'op': 'Stack'}},
    {'note': 'Reserve, GetItem of an unset element: zeros', 'make': {'op': 'Reserve', 'element_shape': [2, 1], 'num_elements': 2}, 'read': {'op': 'GetItem', 'index': 0}},
    {'note': 'Reserve, GetItem of an unset element, shape unknown: fails', 'make': {'op': 'Reserve', 'element_shape': -1, 'num_elements': 2}, 'read': {'op': 'GetItem', 'index': 0}},
    {'note': 'Reserve of ints, Gather mixing set and unset', 'dtype': 'int32', 'make': {'op': 'Reserve', 'element_shape': [2], 'num_elements': 3}, 'ops': [{'op': 'SetItem', 'index': 2, 'item': T([4, 5], [2], 'int32')}], 'read': {'op': 'Gather', 'indices': [2, 0]}},
    {'note': 'Reserve 0, Stack of known shape: [0, 2]', 'make': {'op': 'Reserve', 'element_shape': [2], 'num_elements': 0}, 'read': {'op': 'Stack'}},
    {'note': 'Reserve negative fails', 'make': {'op': 'Reserve', 'element_shape': [2], 'num_elements': -1}, 'read': {'op': 'Length'}},
    # SetItem
    {'note': 'SetItem overwrites; the old list is unchanged', 'make': {'op': 'FromTensor', 'tensor': M23, 'element_shape': [2]}, 'ops': [{'op': 'SetItem', 'index': 0, 'item': ROW}], 'read': {'op': 'Stack'}, 'read_old': {'op': 'Stack'}},
    {'note': 'SetItem past the end fails', 'make': {'op': 'FromTensor', 'tensor': M23, 'element_shape': [2]}, 'ops': [{'op': 'SetItem', 'index': 3, 'item': ROW}], 'read': {'op': 'Length'}},
    {'note': 'SetItem past the end with resize grows the list', 'make': {'op': 'Reserve', 'element_shape': [2], 'num_elements': 1}, 'ops': [{'op': 'SetItem', 'index': 3, 'item': ROW, 'resize': True}], 'read': {'op': 'Stack'}},
    {'note': 'SetItem with a wrong element shape fails', 'make': {'op': 'Reserve', 'element_shape': [3], 'num_elements': 2}, 'ops': [{'op': 'SetItem', 'index': 0, 'item': ROW}], 'read': {'op': 'Length'}},
    {'note': 'SetItem of different shapes into an unknown-shape list, GetItem each', 'make': {'op': 'Reserve', 'element_shape': -1, 'num_elements': 2}, 'ops': [{'op': 'SetItem', 'index': 0, 'item': ROW}, {'op': 'SetItem', 'index': 1, 'item': T([1.0], [1, 1])}], 'read': {'op': 'GetItem', 'index': 1}},
    # PushBack / PopBack / Resize
    {'note': 'Empty, PushBack twice, Stack', 'make': {'op': 'Empty', 'element_shape': [2]}, 'ops': [{'op': 'PushBack', 'item': ROW}, {'op': 'PushBack', 'item': T([1.0, 2.0], [2])}], 'read': {'op': 'Stack'}, 'read_old': {'op': 'Length'}},
    {'note': 'Empty with max 1: a second PushBack fails', 'make': {'op': 'Empty', 'element_shape': [2], 'max': 1}, 'ops': [{'op': 'PushBack', 'item': ROW}, {'op': 'PushBack', 'item': ROW}], 'read': {'op': 'Length'}},
    {'note': 'Empty: Stack of known shape gives [0, 2]', 'make': {'op': 'Empty', 'element_shape': [2]}, 'read': {'op': 'Stack'}},
    {'note': 'Empty of unknown shape: Stack fails', 'make': {'op': 'Empty', 'element_shape': -1}, 'read': {'op': 'Stack'}},
    {'note': 'PopBack returns the last element', 'make': {'op': 'FromTensor', 'tensor': M23, 'element_shape': [2]}, 'read': {'op': 'PopBack'}},
    {'note': 'PopBack then Length', 'make': {'op': 'FromTensor', 'tensor': M23, 'element_shape': [2]}, 'ops': [{'op': 'PopBack'}], 'read': {'op': 'Stack'}, 'read_old': {'op': 'Length'}},
    {'note': 'PopBack of an empty list fails', 'make': {'op': 'Empty', 'element_shape': [2]}, 'read': {'op': 'PopBack'}},
    {'note': 'Resize larger: zeros at the end', 'make': {'op': 'FromTensor', 'tensor': M23, 'element_shape': [2]}, 'ops': [{'op': 'Resize', 'size': 5}], 'read': {'op': 'Stack'}},
    {'note': 'Resize smaller', 'make': {'op': 'FromTensor', 'tensor': M23, 'element_shape': [2]}, 'ops': [{'op': 'Resize', 'size': 1}], 'read': {'op': 'Stack'}, 'read_old': {'op': 'Length'}},
    # Scatter / Split
    {'note': 'Scatter: size is the largest index + 1', 'make': {'op': 'Scatter', 'tensor': M23, 'indices': [4, 0, 2], 'element_shape': [2]}, 'read': {'op': 'Stack'}},
    {'note': 'ScatterV2 with num_elements larger than the indices', 'make': {'op': 'ScatterV2', 'tensor': M23, 'indices': [1, 0, 2], 'element_shape': [2], 'num_elements': 5}, 'read': {'op': 'Stack'}},
    {'note': 'ScatterV2 with num_elements -1', 'make': {'op': 'ScatterV2', 'tensor': M23, 'indices': [2, 1, 0], 'element_shape': [-1], 'num_elements': -1}, 'read': {'op': 'Stack'}},
    {'note': 'ScatterV2 with too few indices fails', 'make': {'op': 'ScatterV2', 'tensor': M23, 'indices': [0, 1], 'element_shape': [2], 'num_elements': -1}, 'read': {'op': 'Length'}},
    # (Scattering past the end grows the list in TF 2.21 but puts rows at the wrong index and leaves
    # uninitialized memory in the result; the portable engine refuses it, see tensor-list.test.ts.)
    {'note': 'ScatterInto an existing list', 'make': {'op': 'Reserve', 'element_shape': [2], 'num_elements': 4}, 'ops': [{'op': 'ScatterInto', 'tensor': M23, 'indices': [3, 1, 0]}], 'read': {'op': 'Stack'}, 'read_old': {'op': 'Stack'}},
    {'note': 'Split into unequal parts', 'make': {'op': 'Split', 'tensor': T(np.arange(10), [5, 2]), 'element_shape': [-1, 2], 'lengths': [2, 0, 3]}, 'read': {'op': 'GetItem', 'index': 2}},
    {'note': 'Split, ConcatV2 back', 'make': {'op': 'Split', 'tensor': T(np.arange(6), [6]), 'element_shape': [-1], 'lengths': [1, 2, 3]}, 'read': {'op': 'ConcatV2'}},
    {'note': 'Split with lengths not summing to the rows fails', 'make': {'op': 'Split', 'tensor': T(np.arange(6), [6]), 'element_shape': [-1], 'lengths': [1, 2]}, 'read': {'op': 'Length'}},
]


def main():
    cases = [run(dict(c)) for c in CASES]
    with open(OUT, 'w', encoding='utf-8') as f:
        json.dump({'generated_by': 'scripts/generate_tensor_list_vectors.py', 'tensorflow': tf.__version__, 'cases': cases}, f, indent=1)
        f.write('\n')
    print('%s: %d cases (%d errors)' % (os.path.relpath(OUT), len(cases), sum('error' in c for c in cases)))


if __name__ == '__main__':
    main()
