#!/usr/bin/env python3
"""Writes the text-format fixtures for test/proto/text-format*.test.ts, with TensorFlow's own printer.
Run by hand, never by the tests:

    ~/tfvenv/bin/python scripts/make_pbtxt_fixture.py [FIXTURES_DIR]

FIXTURES_DIR defaults to test/fixtures/conformance/tfserving (our re-creations of TF Serving's test models). For each model below it writes
test/fixtures/pbtxt/<name>.pbtxt (text_format.MessageToString of the SavedModel) and <name>.pb (a byte-exact
copy of the binary, so the tests need no Python). It also writes tensors.pbtxt/.pb,
a small GraphDef of constants covering what the SavedModel lacks: octal-escaped tensor_content, nan/inf,
int64 extremes, non-UTF-8 and non-ASCII strings, AttrValue lists, a FullType enum by name.
"""
import os
import shutil
import sys

import numpy as np
import tensorflow as tf
from google.protobuf import text_format
from tensorflow.core.framework import attr_value_pb2, full_type_pb2, node_def_pb2, tensor_pb2
from tensorflow.core.protobuf import saved_model_pb2

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(REPO, 'test', 'fixtures', 'pbtxt')
MODELS = {
    # TF1 export: graph_def with Const tensors (tensor_content is octal-escaped bytes), signatures, assets.
    'half_plus_two': 'saved_model_half_plus_two_cpu/00000123/saved_model.pb',
}


def tensors_graph():
    g = tf.Graph()
    with g.as_default():
        tf.constant(np.arange(6, dtype=np.float32).reshape(2, 3) / 7, name='f32')
        tf.constant(np.array([0, -1, 2**40, -(2**63), 2**63 - 1], dtype=np.int64), name='i64')
        tf.constant(np.array([np.nan, np.inf, -np.inf, 1e-30], dtype=np.float32), name='special')
        tf.constant(np.array([b'\xff\x00bin', 'h\u00e9llo \u2713'.encode(), b'q\'"\\'], dtype=object), name='strings')
        tf.constant(np.array([True, False, True]), name='bools')
    gd = g.as_graph_def()
    node = node_def_pb2.NodeDef(name='attrs', op='NoOp')
    node.attr['vals'].tensor.CopyFrom(tensor_pb2.TensorProto(
        dtype=tf.float32.as_datatype_enum, float_val=[float('nan'), float('inf'), float('-inf'), 0.1, 1e-45],
        int64_val=[-(2**63), 2**63 - 1], half_val=[15360], scomplex_val=[1.5, -2.5]))
    node.attr['list'].list.CopyFrom(attr_value_pb2.AttrValue.ListValue(
        i=[1, -2, 3], f=[0.5, -1e10], s=[b'a', b'\x01\x02'], b=[True, False],
        type=[tf.float32.as_datatype_enum, tf.string.as_datatype_enum]))
    node.attr['scalar'].f = 3.4028234663852886e38
    node.experimental_type.CopyFrom(full_type_pb2.FullTypeDef(
        type_id=full_type_pb2.TFT_PRODUCT, args=[full_type_pb2.FullTypeDef(type_id=full_type_pb2.TFT_TENSOR)]))
    gd.node.append(node)
    return gd


def main():
    fixtures = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, 'test', 'fixtures', 'conformance', 'tfserving')
    os.makedirs(OUT, exist_ok=True)
    for name, rel in MODELS.items():
        src = os.path.join(fixtures, rel)
        model = saved_model_pb2.SavedModel()
        with open(src, 'rb') as f:
            model.ParseFromString(f.read())
        with open(os.path.join(OUT, f'{name}.pbtxt'), 'w', encoding='utf-8') as f:
            f.write(text_format.MessageToString(model))
        shutil.copyfile(src, os.path.join(OUT, f'{name}.pb'))
        print('wrote', name, os.path.getsize(os.path.join(OUT, f'{name}.pbtxt')), 'bytes of text')
    graph = tensors_graph()
    with open(os.path.join(OUT, 'tensors.pbtxt'), 'w', encoding='utf-8') as f:
        f.write(text_format.MessageToString(graph))
    with open(os.path.join(OUT, 'tensors.pb'), 'wb') as f:
        f.write(graph.SerializeToString(deterministic=True))
    print('wrote tensors', os.path.getsize(os.path.join(OUT, 'tensors.pbtxt')), 'bytes of text')


if __name__ == '__main__':
    main()
