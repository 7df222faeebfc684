"""Our own re-creations of the TF Serving test models the conformance suite uses (never TF Serving's files).

Imported by generate_conformance.py. Each builder writes, under <tfs_dir>/<name>/00000123/, a model with the
behaviour of the TF Serving test model of the same name (tensorflow_serving/servables/tensorflow/testdata/,
made there by saved_model_half_plus_two.py and saved_model_counter.py, TF1 SavedModelBuilder style), built
here from what those models do, as documented in the fixtures README:

  saved_model_half_plus_two_cpu        TF1: y = 0.5x + 2 (serving_default, x:0 = Identity(ParseExample)),
                                       classify_x_to_y, regress_x_to_y, regress_x_to_y2 (0.5x + 3) on
                                       serialized tf.Examples (x, x2 with default 0), regress_x2_to_y3
                                       (0.5x2 + 3, a float input on a regress-method signature), an asset
                                       assigned by the main op (saved_model_main_op collection)
  saved_model_half_plus_two_2_versions the same model as versions 123 and 124
  saved_model_half_plus_three          TF1 with scalar shapes: y = 0.5x + 3; a signature literally named
                                       "tensorflow/serving/regress" whose input TensorInfo says DT_FLOAT
                                       over a DT_STRING placeholder; legacy_init_op collection
  saved_model_counter                  TF1 VariableV2 counter: get/incr/incr_by(delta)/reset signatures
                                       whose outputs are the ref-typed assign results (DT_FLOAT_REF)
  saved_model_half_plus_two_tf2_cpu    TF2 tf.Module: the same functions, signatures declared with shape
                                       [1], every method_name predict, an Asset (foo.txt)
  bad_half_plus_two                    an old checkpoint export (Saver files, no saved_model.pb)
"""

import os
import shutil

import numpy as np
import tensorflow as tf

ASSET_TEXT = "tf-serverless asset\n"
VERSION = "00000123"


def _fresh(path):
    if os.path.exists(path):
        shutil.rmtree(path)
    os.makedirs(os.path.dirname(path), exist_ok=True)


def _staged_asset(staging):
    """foo.txt in the staging directory, named relative to it (the cwd): the graph stores the name."""
    with open(os.path.join(staging, "foo.txt"), "w") as f:
        f.write(ASSET_TEXT)
    return "foo.txt"


def _parse_example_v1(serialized, dense):
    """ParseExample (V1, the op TF Serving's models were made with; tf.io.parse_example now emits V2) of
    float features of length 1: dense = {key: default or None (required)}. Returns {key: [batch, 1]}."""
    keys = sorted(dense)
    defaults = [tf.constant([] if dense[k] is None else dense[k], tf.float32) for k in keys]
    with tf.name_scope("ParseExample"):
        out = tf.raw_ops.ParseExample(
            serialized=serialized, names=tf.constant([], tf.string), sparse_keys=[],
            dense_keys=[tf.constant(k) for k in keys], dense_defaults=defaults,
            sparse_types=[], dense_shapes=[[1]] * len(keys))
    return dict(zip(keys, out.dense_values))


def _info(tensor, dtype=None):
    info = tf.compat.v1.saved_model.build_tensor_info(tensor)
    if dtype is not None:
        info.dtype = dtype.as_datatype_enum
    return info


def _sig(inputs, outputs, method):
    return tf.compat.v1.saved_model.build_signature_def(
        inputs={k: _info(*v) if isinstance(v, tuple) else _info(v) for k, v in inputs.items()},
        outputs={k: _info(v) for k, v in outputs.items()}, method_name=method)


PREDICT = "tensorflow/serving/predict"
CLASSIFY = "tensorflow/serving/classify"
REGRESS = "tensorflow/serving/regress"


def build_half_plus_two_tf1(export_dir, staging):
    """TF1 half_plus_two; variables a, b, c (y, y2) and a2, c2 (y3), all VariableV2."""
    v1 = tf.compat.v1
    _fresh(export_dir)
    asset = _staged_asset(staging)
    with tf.Graph().as_default() as g:
        a = v1.Variable(0.5, name="a", use_resource=False)
        b = v1.Variable(2.0, name="b", use_resource=False)
        c = v1.Variable(3.0, name="c", use_resource=False)
        serialized = v1.placeholder(tf.string, name="tf_example")
        parsed = _parse_example_v1(serialized, {"x": None, "x2": [0.0]})
        x = tf.identity(parsed["x"], name="x")
        y = tf.add(tf.multiply(a, x), b, name="y")
        y2 = tf.add(tf.multiply(a, x), c, name="y2")
        a2 = v1.Variable(0.5, name="a2", use_resource=False)
        c2 = v1.Variable(3.0, name="c2", use_resource=False)
        x2 = tf.identity(parsed["x2"], name="x2")
        y3 = tf.add(tf.multiply(a2, x2), c2, name="y3")
        for t in (x, y, y2, x2, y3):
            t.set_shape([None, 1])
        # The asset's path lives in a variable the main op assigns (TF1 assets: ASSET_FILEPATHS collection).
        asset_path = tf.constant(asset, name="filename_tensor/initial_value")
        v1.add_to_collection(v1.GraphKeys.ASSET_FILEPATHS, asset_path)
        filename = v1.Variable(asset_path, name="filename_tensor", trainable=False, collections=[], use_resource=False)
        main_op = tf.group(v1.assign(filename, asset_path), name="main_op")
        with v1.Session(graph=g) as sess:
            sess.run(v1.global_variables_initializer())
            sigs = {
                "serving_default": _sig({"x": x}, {"y": y}, PREDICT),
                "classify_x_to_y": _sig({"inputs": serialized}, {"scores": y}, CLASSIFY),
                "regress_x_to_y": _sig({"inputs": serialized}, {"outputs": y}, REGRESS),
                "regress_x_to_y2": _sig({"inputs": serialized}, {"outputs": y2}, REGRESS),
                "regress_x2_to_y3": _sig({"inputs": x2}, {"outputs": y3}, REGRESS),
            }
            builder = v1.saved_model.Builder(export_dir)
            builder.add_meta_graph_and_variables(
                sess, ["serve"], signature_def_map=sigs,
                assets_collection=v1.get_collection(v1.GraphKeys.ASSET_FILEPATHS), main_op=main_op)
            builder.save()


def build_half_plus_three(export_dir, staging):
    """TF1 half_plus_three with scalar shapes and the legacy_init_op collection."""
    v1 = tf.compat.v1
    _fresh(export_dir)
    asset = _staged_asset(staging)
    with tf.Graph().as_default() as g:
        a = v1.Variable(0.5, name="a", use_resource=False)
        b = v1.Variable(3.0, name="b", use_resource=False)
        c = v1.Variable(3.0, name="c", use_resource=False)
        serialized = v1.placeholder(tf.string, name="tf_example")
        parsed = _parse_example_v1(serialized, {"x": None})
        regressed = tf.identity(tf.add(tf.multiply(a, parsed["x"]), c))
        x = v1.placeholder(tf.float32, shape=[], name="x")
        y = tf.add(tf.multiply(a, x), b, name="y")
        v1.placeholder(tf.float32, name="x2")  # declared, used by no signature
        asset_path = tf.constant(asset)
        v1.add_to_collection(v1.GraphKeys.ASSET_FILEPATHS, asset_path)
        init = tf.group(tf.identity(asset_path), name="legacy_init_op")
        with v1.Session(graph=g) as sess:
            sess.run(v1.global_variables_initializer())
            sigs = {
                "serving_default": _sig({"x": x}, {"y": y}, PREDICT),
                # The input's TensorInfo says DT_FLOAT over a DT_STRING placeholder: regress (which feeds
                # serialized Examples) works, predict on this signature cannot.
                "tensorflow/serving/regress": _sig({"inputs": (serialized, tf.float32)}, {"outputs": regressed}, REGRESS),
            }
            regress = sigs["tensorflow/serving/regress"]
            for t in (regress.inputs["inputs"], regress.outputs["outputs"]):
                t.tensor_shape.Clear()  # declared scalar, as every tensor of this model
            builder = v1.saved_model.Builder(export_dir)
            builder.add_meta_graph_and_variables(
                sess, ["serve"], signature_def_map=sigs,
                assets_collection=v1.get_collection(v1.GraphKeys.ASSET_FILEPATHS), legacy_init_op=init)
            builder.save()


def build_counter(export_dir):
    """TF1 counter: a VariableV2 that signatures read, increment and reset (TF Serving's stateful model)."""
    v1 = tf.compat.v1
    _fresh(export_dir)
    with tf.Graph().as_default() as g:
        counter = v1.Variable(0.0, name="counter", use_resource=False)
        with tf.name_scope("incr_counter_op"):
            incr = v1.assign_add(counter, 1.0)
        delta = v1.placeholder(tf.float32, name="delta")
        with tf.name_scope("incr_counter_by_op"):
            incr_by = v1.assign_add(counter, delta)
        with tf.name_scope("reset_counter_op"):
            reset = v1.assign(counter, 0.0)
        with v1.Session(graph=g) as sess:
            sess.run(v1.global_variables_initializer())
            sigs = {
                "get_counter": _sig({}, {"output": counter}, PREDICT),
                "incr_counter": _sig({}, {"output": incr}, PREDICT),
                "incr_counter_by": _sig({"delta": delta}, {"output": incr_by}, PREDICT),
                "reset_counter": _sig({}, {"output": reset}, PREDICT),
            }
            builder = v1.saved_model.Builder(export_dir)
            builder.add_meta_graph_and_variables(sess, ["serve"], signature_def_map=sigs)
            builder.save()


class HalfPlusTwoTf2(tf.Module):
    """TF2 half_plus_two: every signature declared with shape [1] (or [-1] for serialized Examples)."""

    def __init__(self, asset):
        super().__init__()
        self.a = tf.Variable(0.5, name="a")
        self.b = tf.Variable(2.0, name="b")
        self.c = tf.Variable(3.0, name="c")
        self.asset = tf.saved_model.Asset(asset)

    def _parse(self, serialized):
        return tf.io.parse_example(serialized, {
            "x": tf.io.FixedLenFeature([1], tf.float32),
            "x2": tf.io.FixedLenFeature([1], tf.float32, default_value=[0.0]),
        })

    @tf.function(input_signature=[tf.TensorSpec([1], tf.float32, name="x")])
    def serve(self, x):
        return {"y": self.a * x + self.b}

    @tf.function(input_signature=[tf.TensorSpec([None], tf.string, name="inputs")])
    def classify_x_to_y(self, inputs):
        return {"scores": self.a * self._parse(inputs)["x"] + self.b}

    @tf.function(input_signature=[tf.TensorSpec([None], tf.string, name="inputs")])
    def regress_x_to_y(self, inputs):
        return {"outputs": self.a * self._parse(inputs)["x"] + self.b}

    @tf.function(input_signature=[tf.TensorSpec([None], tf.string, name="inputs")])
    def regress_x_to_y2(self, inputs):
        return {"outputs": self.a * self._parse(inputs)["x"] + self.c}

    @tf.function(input_signature=[tf.TensorSpec([1], tf.float32, name="inputs")])
    def regress_x2_to_y3(self, inputs):
        return {"outputs": self.a * inputs + self.c}

    @tf.function(input_signature=[tf.TensorSpec([1], tf.float32, name="inputs")])
    def classify_x2_to_y3(self, inputs):
        return {"scores": self.a * inputs + self.c}


def build_half_plus_two_tf2(export_dir, staging):
    _fresh(export_dir)
    m = HalfPlusTwoTf2(_staged_asset(staging))
    sigs = {"serving_default": m.serve}
    for name in ("classify_x_to_y", "regress_x_to_y", "regress_x_to_y2", "regress_x2_to_y3", "classify_x2_to_y3"):
        sigs[name] = getattr(m, name)
    tf.saved_model.save(m, export_dir, signatures=sigs)


def build_bad_export(export_dir):
    """A directory holding an old checkpoint export (Saver's files) and no SavedModel."""
    v1 = tf.compat.v1
    _fresh(export_dir)
    os.makedirs(export_dir)
    with tf.Graph().as_default() as g:
        v1.Variable(np.float32(0.5), name="Variable", use_resource=False)
        v1.Variable(np.float32(2.0), name="Variable_1", use_resource=False)
        with v1.Session(graph=g) as sess:
            sess.run(v1.global_variables_initializer())
            v1.train.Saver().save(sess, os.path.join(export_dir, "export"))


def build_all(tfs_dir, staging):
    """Writes every model above under tfs_dir (absolute); call with the cwd at `staging`."""
    hp2 = os.path.join(tfs_dir, "saved_model_half_plus_two_cpu", VERSION)
    build_half_plus_two_tf1(hp2, staging)
    two = os.path.join(tfs_dir, "saved_model_half_plus_two_2_versions")
    for v in (VERSION, "00000124"):
        _fresh(os.path.join(two, v))
        shutil.copytree(hp2, os.path.join(two, v))
    build_half_plus_three(os.path.join(tfs_dir, "saved_model_half_plus_three", VERSION), staging)
    build_counter(os.path.join(tfs_dir, "saved_model_counter", VERSION))
    build_half_plus_two_tf2(os.path.join(tfs_dir, "saved_model_half_plus_two_tf2_cpu", VERSION), staging)
    build_bad_export(os.path.join(tfs_dir, "bad_half_plus_two", VERSION))
