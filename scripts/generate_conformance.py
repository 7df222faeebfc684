#!/usr/bin/env python3
"""Builds the conformance suite's models and golden REST files into test/fixtures/conformance/. Run by hand.

    ~/tfvenv/bin/python scripts/generate_conformance.py

Needs TensorFlow 2.21 (CPU) and scikit-learn. Deletes and rebuilds, under test/fixtures/conformance/:

  models/<name>/<version>/ + models/<name>.golden.json (+ keras_digits_mlp.testset.json)
      keras_digits_mlp, custom_signature_module, tf1_builder_multi, tf1_dkt_lstm, string_vocab_model,
      multi_io_model (README.md there describes each)
  tfserving/<name>/00000123/ + tfserving/<name>.golden.json
      our own re-creations of the TF Serving test models the suite names (conformance_tfserving.py):
      built here with TF1 SavedModelBuilder / tf.saved_model.save; no file comes from TF Serving

Every expected value is computed by loading the SavedModel back from disk and
running it in TensorFlow:
  * TF2 SavedModels: tf.saved_model.load(dir).signatures[key](...), cross-checked
    against a C++ Session run of the same signature;
  * TF1 SavedModels: tf.compat.v1.saved_model.load() into a Session, run through
    Session.MakeCallable (the same C++ Session::Run path TF Serving uses, so no
    Python-side feed-shape checks).
The JSON <-> tensor conversions follow tensorflow_serving/util/json_tensor.cc.

With TF Serving's own testdata at $TFSERVING_TESTDATA (tensorflow_serving/servables/tensorflow/testdata of a
tensorflow/serving checkout), the metadata renderer is first checked against its expected metadata JSON.
"""

import base64
import contextlib
import json
import math
import os
import shutil
import sys
import tempfile

# Keras' export orders some tracked lists through Python sets: pin the hash
# seed (re-exec the running script once) so reruns give byte-identical files.
if os.environ.get("PYTHONHASHSEED") != "0" and sys.argv and \
        sys.argv[0].endswith(".py") and os.path.isfile(sys.argv[0]):
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

import conformance_tfserving  # noqa: E402
from google.protobuf import json_format, text_format  # noqa: E402
from tensorflow.core.framework import types_pb2  # noqa: E402
from tensorflow.core.protobuf import config_pb2, saved_model_pb2  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "test", "fixtures", "conformance")
MODELS_DIR = os.path.join(HERE, "models")
TFSERVING_DIR = os.path.join(HERE, "tfserving")
# TF Serving's own testdata, optional: only to check the metadata renderer against TF Serving's expected files.
TFSERVING_TESTDATA = os.environ.get("TFSERVING_TESTDATA", "")

SEED = 20240607
DEFAULT_ATOL = 1e-5
DEFAULT_RTOL = 1e-4

try:
    tf.config.threading.set_intra_op_parallelism_threads(2)
    tf.config.threading.set_inter_op_parallelism_threads(1)
except RuntimeError:
    pass


def session_config():
    return config_pb2.ConfigProto(intra_op_parallelism_threads=2,
                                  inter_op_parallelism_threads=1)


# ---------------------------------------------------------------------------
# SavedModel proto helpers
# ---------------------------------------------------------------------------

def read_saved_model(version_dir):
    pb = os.path.join(version_dir, "saved_model.pb")
    pbtxt = os.path.join(version_dir, "saved_model.pbtxt")
    sm = saved_model_pb2.SavedModel()
    if os.path.exists(pb):
        with open(pb, "rb") as f:
            sm.ParseFromString(f.read())
    elif os.path.exists(pbtxt):
        with open(pbtxt, "r") as f:
            text_format.Parse(f.read(), sm)
    else:
        raise FileNotFoundError("no saved_model.pb[txt] in " + version_dir)
    return sm


def serve_meta_graph(sm, tags=("serve",)):
    want = set(tags)
    for mg in sm.meta_graphs:
        if set(mg.meta_info_def.tags) == want:
            return mg
    raise ValueError("no MetaGraphDef with tags %s" % sorted(want))


def is_tf2_saved_model(sm):
    mg = serve_meta_graph(sm)
    return mg.HasField("object_graph_def") and len(mg.object_graph_def.nodes) > 0


def _ordered(d, order):
    """Re-orders dict keys (cosmetic: matches the key order of TF Serving's
    own *_metadata.json test files; JSON consumers must not rely on it)."""
    out = {k: d[k] for k in order if k in d}
    out.update({k: v for k, v in d.items() if k not in out})
    return out


def _tensor_info_json(ti):
    ti = _ordered(ti, ("dtype", "tensor_shape", "name"))
    if "tensor_shape" in ti:
        shp = _ordered(ti["tensor_shape"], ("dim", "unknown_rank"))
        shp["dim"] = [_ordered(d, ("size", "name")) for d in shp.get("dim", [])]
        ti["tensor_shape"] = shp
    return ti


def signature_def_map_json(mg):
    """The SignatureDefMap as TF Serving prints it (protobuf JSON with
    preserve_proto_field_names + always_print_fields_with_no_presence)."""
    out = {}
    for key in sorted(mg.signature_def):
        d = json_format.MessageToDict(
            mg.signature_def[key],
            preserving_proto_field_name=True,
            always_print_fields_with_no_presence=True)
        for part in ("inputs", "outputs"):
            d[part] = {k: _tensor_info_json(d[part][k])
                       for k in sorted(d.get(part, {}))}
        out[key] = _ordered(d, ("inputs", "outputs", "method_name",
                                "defaults"))
    return {"signature_def": out}


def metadata_json(model_name, version, version_dir):
    mg = serve_meta_graph(read_saved_model(version_dir))
    return {
        "model_spec": {"name": model_name, "signature_name": "",
                       "version": str(version)},
        "metadata": {"signature_def": signature_def_map_json(mg)},
    }


def _funcs_in_attrs(node):
    names = []
    for attr in node.attr.values():
        if attr.HasField("func"):
            names.append(attr.func.name)
        if attr.HasField("list"):
            for f in attr.list.func:
                names.append(f.name)
    return names


def op_types(mg):
    """Returns (all_ops, inference_ops) for a MetaGraphDef.

    all_ops: every op type in graph_def.node plus every function body in
    graph_def.library (recursively includes everything, Save/Restore too).
    inference_ops: op types reachable (backwards through inputs and control
    inputs, and into called functions) from every signature output plus the
    init ops (saved_model_main_op / legacy_init_op / __saved_model_init_op
    / table initializers). Save/Restore machinery is not reachable from
    these and so is excluded.
    """
    gd = mg.graph_def
    funcs = {f.signature.name: f for f in gd.library.function}
    all_ops = set(n.op for n in gd.node)
    for f in gd.library.function:
        all_ops.update(n.op for n in f.node_def)
    all_ops = set(o for o in all_ops if o not in funcs)

    nodes = {n.name: n for n in gd.node}
    roots = set()
    for sig in mg.signature_def.values():
        for ti in sig.outputs.values():
            roots.add(ti.name.split(":")[0].lstrip("^"))
    for key in ("saved_model_main_op", "legacy_init_op", "main_op",
                "table_initializer"):
        if key in mg.collection_def:
            for nm in mg.collection_def[key].node_list.value:
                roots.add(nm.split(":")[0].lstrip("^"))
    for a in mg.asset_file_def:
        roots.add(a.tensor_info.name.split(":")[0])

    reach = set()
    seen_nodes = set()
    seen_funcs = set()

    def walk_function(fname):
        if fname in seen_funcs or fname not in funcs:
            return
        seen_funcs.add(fname)
        for nd in funcs[fname].node_def:
            if nd.op in funcs:
                walk_function(nd.op)
            else:
                reach.add(nd.op)
            for f2 in _funcs_in_attrs(nd):
                walk_function(f2)

    stack = list(roots)
    while stack:
        nm = stack.pop()
        if nm in seen_nodes or nm not in nodes:
            continue
        seen_nodes.add(nm)
        n = nodes[nm]
        if n.op in funcs:
            walk_function(n.op)
        else:
            reach.add(n.op)
        for f in _funcs_in_attrs(n):
            walk_function(f)
        for inp in n.input:
            stack.append(inp.lstrip("^").split(":")[0])
    return sorted(all_ops), sorted(reach)


def dir_size(path):
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(root, f))
    return total


# ---------------------------------------------------------------------------
# JSON <-> tensor, following tensorflow_serving/util/json_tensor.cc
# ---------------------------------------------------------------------------

NP_DTYPES = {
    types_pb2.DT_FLOAT: np.float32,
    types_pb2.DT_DOUBLE: np.float64,
    types_pb2.DT_INT32: np.int32,
    types_pb2.DT_INT16: np.int16,
    types_pb2.DT_INT8: np.int8,
    types_pb2.DT_UINT8: np.uint8,
    types_pb2.DT_INT64: np.int64,
    types_pb2.DT_UINT32: np.uint32,
    types_pb2.DT_UINT64: np.uint64,
    types_pb2.DT_BOOL: np.bool_,
    types_pb2.DT_STRING: object,
}
INT_TYPES = (types_pb2.DT_INT32, types_pb2.DT_INT16, types_pb2.DT_INT8,
             types_pb2.DT_UINT8, types_pb2.DT_INT64, types_pb2.DT_UINT32,
             types_pb2.DT_UINT64)


def is_b64(v):
    return isinstance(v, dict) and len(v) == 1 and "b64" in v and \
        isinstance(v["b64"], str)


def _leaf_to_py(v, dtype):
    if dtype == types_pb2.DT_STRING:
        if is_b64(v):
            return base64.b64decode(v["b64"], validate=True)
        if isinstance(v, str):
            return v.encode("utf-8")
        raise ValueError("expected string/b64 for DT_STRING, got %r" % (v,))
    if isinstance(v, dict):
        raise ValueError("object only allowed for DT_STRING")
    if dtype in (types_pb2.DT_FLOAT, types_pb2.DT_DOUBLE):
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise ValueError("expected number, got %r" % (v,))
        return float(v)
    if dtype in INT_TYPES:
        if isinstance(v, bool) or not isinstance(v, int):
            raise ValueError("expected JSON integer, got %r" % (v,))
        return int(v)
    if dtype == types_pb2.DT_BOOL:
        if not isinstance(v, bool):
            raise ValueError("expected true/false, got %r" % (v,))
        return v
    raise ValueError("unsupported dtype %s" % types_pb2.DataType.Name(dtype))


def _dense_shape(v):
    shape = []
    while isinstance(v, list):
        shape.append(len(v))
        if not v:
            break
        v = v[0]
    return shape


def json_to_array(v, dtype):
    """One JSON value -> numpy array (dense, rectangular, as TF Serving)."""
    shape = _dense_shape(v)
    leaves = []

    def fill(x, level):
        if not isinstance(x, list):
            if level != len(shape):
                raise ValueError("value at wrong nesting level")
            leaves.append(_leaf_to_py(x, dtype))
            return
        if level >= len(shape) or len(x) != shape[level]:
            raise ValueError("ragged list")
        for e in x:
            fill(e, level + 1)

    fill(v, 0)
    np_dtype = NP_DTYPES[dtype]
    if np_dtype is object:
        arr = np.empty(len(leaves), dtype=object)
        for i, b in enumerate(leaves):
            arr[i] = b
        return arr.reshape(shape)
    return np.array(leaves, dtype=np_dtype).reshape(shape)


def predict_feeds(request, sig):
    """Predict request JSON -> ({input_key: ndarray}, 'row'|'columnar')."""
    infos = sig.inputs
    if "instances" in request and "inputs" in request:
        raise ValueError("both instances and inputs")
    if "instances" in request:
        inst = request["instances"]
        if not isinstance(inst, list) or not inst:
            raise ValueError("instances must be a non-empty list")
        is_obj = (lambda x: isinstance(x, dict) and not is_b64(x))
        if not isinstance(inst[0], dict) and len(infos) > 1:
            raise ValueError("plain list but several inputs")
        per = {}
        if is_obj(inst[0]):
            for elem in inst:
                if not is_obj(elem) or set(elem) != set(infos):
                    raise ValueError("instance keys must equal input names")
                for k, v in elem.items():
                    per.setdefault(k, []).append(v)
        else:
            (k,) = list(infos.keys())
            per[k] = list(inst)
        feeds = {}
        for k, items in per.items():
            arrs = [json_to_array(x, infos[k].dtype) for x in items]
            if any(a.shape != arrs[0].shape for a in arrs):
                raise ValueError("instances have different shapes for " + k)
            feeds[k] = np.stack(arrs)
        return feeds, "row"
    if "inputs" in request:
        val = request["inputs"]
        if not isinstance(val, dict) or is_b64(val):
            if len(infos) > 1:
                raise ValueError("plain inputs but several inputs")
            (k,) = list(infos.keys())
            return {k: json_to_array(val, infos[k].dtype)}, "columnar"
        feeds = {}
        for k, info in infos.items():
            if k not in val:
                raise ValueError("missing named input " + k)
            feeds[k] = json_to_array(val[k], info.dtype)
        return feeds, "columnar"
    raise ValueError("Missing 'inputs' or 'instances' key")


def array_to_json(arr, dtype, name):
    as_bytes = (dtype == types_pb2.DT_STRING and name.endswith("_bytes"))

    def leaf(x):
        if dtype in (types_pb2.DT_FLOAT, types_pb2.DT_DOUBLE):
            f = float(x)
            if not math.isfinite(f):
                raise ValueError("non-finite output value in " + name)
            return f
        if dtype in INT_TYPES:
            return int(x)
        if dtype == types_pb2.DT_BOOL:
            return bool(x)
        if dtype == types_pb2.DT_STRING:
            b = bytes(x)
            if as_bytes:
                return {"b64": base64.b64encode(b).decode("ascii")}
            return b.decode("utf-8")  # strict: must be valid UTF-8
        raise ValueError("cannot write dtype %s to JSON" %
                         types_pb2.DataType.Name(dtype))

    def rec(a):
        # object (string) arrays index to Python bytes, numeric ones to numpy
        # scalars; never round-trip bytes through numpy's 'S' dtype (it would
        # drop trailing NUL bytes).
        if not isinstance(a, np.ndarray):
            return leaf(a)
        if a.ndim == 0:
            return leaf(a[()])
        return [rec(a[i]) for i in range(a.shape[0])]

    return rec(arr)


def predict_response(outputs, sig, fmt):
    odt = {k: sig.outputs[k].dtype for k in outputs}
    if fmt == "row":
        batch = None
        for k, a in outputs.items():
            if np.ndim(a) == 0:
                raise ValueError("row format: output %s has no batch dim" % k)
            if batch is not None and a.shape[0] != batch:
                raise ValueError("row format: inconsistent batch sizes")
            batch = a.shape[0]
        preds = []
        for i in range(batch):
            if len(outputs) == 1:
                (k, a), = outputs.items()
                preds.append(array_to_json(a[i], odt[k], k))
            else:
                preds.append({k: array_to_json(a[i], odt[k], k)
                              for k, a in sorted(outputs.items())})
        return {"predictions": preds}
    if len(outputs) == 1:
        (k, a), = outputs.items()
        return {"outputs": array_to_json(a, odt[k], k)}
    return {"outputs": {k: array_to_json(a, odt[k], k)
                        for k, a in sorted(outputs.items())}}


def json_to_example(obj):
    """JSON object -> tf.train.Example, as TF Serving's
    MakeExampleFromJsonObject: int -> int64_list, number with fraction or
    exponent -> float_list, string -> bytes_list, {"b64"} -> bytes_list,
    true/false -> int64_list 1/0; lists map element-wise."""
    if not isinstance(obj, dict):
        raise ValueError("example must be an object")
    ex = tf.train.Example()
    for name, content in obj.items():
        feat = ex.features.feature[name]
        values = content if isinstance(content, list) else [content]
        kind = None
        for v in values:
            if isinstance(v, bool):
                k, val = "int64_list", (1 if v else 0)
            elif isinstance(v, int):
                if not (-2**63 <= v < 2**63):
                    raise ValueError("uint64 not supported")
                k, val = "int64_list", v
            elif isinstance(v, float):
                k, val = "float_list", v
            elif isinstance(v, str):
                k, val = "bytes_list", v.encode("utf-8")
            elif is_b64(v):
                k, val = "bytes_list", base64.b64decode(v["b64"], validate=True)
            else:
                raise ValueError("bad feature value %r" % (v,))
            if kind is not None and k != kind:
                raise ValueError("mixed feature kinds in " + name)
            kind = k
            getattr(feat, k).value.append(val)
    return ex


def serialized_examples(request):
    """examples (+ optional context) -> list of serialized bytes, exactly as
    TF Serving's InputToSerializedExampleTensor (context bytes are simply
    prepended to each example's bytes, so example features win on clash)."""
    exs = request.get("examples")
    if not isinstance(exs, list) or not exs:
        raise ValueError("'examples' must be a non-empty list")
    ctx = b""
    if "context" in request:
        ctx = json_to_example(request["context"]).SerializeToString(
            deterministic=True)
    return [ctx + json_to_example(e).SerializeToString(deterministic=True)
            for e in exs]


def classify_response(outputs, n):
    classes = outputs.get("classes")
    scores = outputs.get("scores")
    if classes is None and scores is None:
        raise ValueError("signature has neither classes nor scores")
    for t in (classes, scores):
        if t is not None and (t.ndim != 2 or t.shape[0] != n):
            raise ValueError("classes/scores must be [batch, num_classes]")
    if classes is not None and scores is not None and \
            classes.shape[1] != scores.shape[1]:
        raise ValueError("classes/scores num_classes mismatch")
    ncls = (classes if classes is not None else scores).shape[1]
    results = []
    for i in range(n):
        row = []
        for c in range(ncls):
            label = bytes(classes[i, c]).decode("utf-8") \
                if classes is not None else ""
            score = float(scores[i, c]) if scores is not None else 0.0
            row.append([label, score])
        results.append(row)
    return {"results": results}


def regress_response(outputs, n):
    out = outputs["outputs"]
    if not (out.ndim == 1 or (out.ndim == 2 and out.shape[1] == 1)):
        raise ValueError("regress output must be [batch] or [batch,1]")
    if out.shape[0] != n or out.dtype != np.float32:
        raise ValueError("regress output batch/dtype mismatch")
    return {"results": [float(v) for v in out.reshape(-1)]}


# ---------------------------------------------------------------------------
# Running SavedModels
# ---------------------------------------------------------------------------

class SessionRunner:
    """tf.compat.v1.saved_model.load into a Session; runs signatures via
    Session::MakeCallable/RunCallable (what TF Serving does in C++)."""

    def __init__(self, version_dir):
        self.graph = tf.Graph()
        self.sess = tf.compat.v1.Session(graph=self.graph,
                                         config=session_config())
        with self.graph.as_default():
            self.meta = tf.compat.v1.saved_model.load(self.sess, ["serve"],
                                                      version_dir)
        self._callables = {}

    def run(self, sig_name, feeds):
        sig = self.meta.signature_def[sig_name]
        in_keys = sorted(feeds)
        out_keys = sorted(sig.outputs)
        key = (sig_name, tuple(in_keys))
        if key not in self._callables:
            co = config_pb2.CallableOptions(
                feed=[sig.inputs[k].name for k in in_keys],
                fetch=[sig.outputs[k].name for k in out_keys])
            self._callables[key] = self.sess._make_callable_from_options(co)
        res = self._callables[key](*[feeds[k] for k in in_keys])
        return dict(zip(out_keys, [np.asarray(r) for r in res]))


class EagerRunner:
    """tf.saved_model.load(dir).signatures[key](**inputs)."""

    def __init__(self, version_dir):
        self.obj = tf.saved_model.load(version_dir, tags=["serve"])

    def run(self, sig_name, feeds):
        fn = self.obj.signatures[sig_name]
        out = fn(**{k: tf.constant(v) for k, v in feeds.items()})
        return {k: v.numpy() for k, v in out.items()}


def assert_outputs_match(a, b, what):
    assert set(a) == set(b), (what, sorted(a), sorted(b))
    for k in a:
        x, y = np.asarray(a[k]), np.asarray(b[k])
        assert x.shape == y.shape, (what, k, x.shape, y.shape)
        if x.dtype.kind == "f":
            np.testing.assert_allclose(x, y, rtol=1e-5, atol=1e-6,
                                       err_msg=what + ":" + k)
        else:
            assert (x == y).all(), (what, k)


class Golden:
    """Collects golden cases for one model (all versions) and writes
    <models_root>/<model>.golden.json."""

    def __init__(self, model_name, models_root, atol=DEFAULT_ATOL,
                 rtol=DEFAULT_RTOL):
        self.name = model_name
        self.root = os.path.join(models_root, model_name)
        self.models_root = models_root
        self.atol = atol
        self.rtol = rtol
        self.cases = []
        self._runners = {}
        self.versions = sorted((d for d in os.listdir(self.root)
                                if d.isdigit()), key=int)

    def version_dir(self, version):
        for d in self.versions:
            if int(d) == int(version):
                return os.path.join(self.root, d)
        raise KeyError(version)

    def _get(self, version):
        version = str(int(version))
        if version not in self._runners:
            vdir = self.version_dir(version)
            sm = read_saved_model(vdir)
            mg = serve_meta_graph(sm)
            tf2 = is_tf2_saved_model(sm)
            sess = SessionRunner(vdir)
            try:
                # TF1 models too (tf.saved_model.load's v1 loader): used as
                # an independent cross-check of the Session results.
                eager = EagerRunner(vdir)
            except Exception as e:  # noqa: BLE001
                if tf2:
                    raise
                print("  [%s v%s] tf.saved_model.load failed (%s); "
                      "Session results are not cross-checked" %
                      (self.name, version, str(e).splitlines()[0][:100]))
                eager = None
            self._runners[version] = (mg, tf2, sess, eager)
        return self._runners[version]

    def _run(self, version, sig_name, feeds):
        mg, tf2, sess, eager = self._get(version)
        if sig_name not in mg.signature_def:
            raise ValueError("no signature " + sig_name)
        via_sess = sess.run(sig_name, feeds)
        if not tf2:
            what = ("tf.compat.v1.saved_model.load + Session (C++ "
                    "RunCallable)")
            if eager is None:
                return via_sess, what
            try:
                via_eager = eager.run(sig_name, feeds)
            except Exception as e:  # noqa: BLE001
                return via_sess, what + " (tf.saved_model.load cross-check "\
                    "not possible: %s)" % str(e).splitlines()[0][:100]
            assert_outputs_match(via_eager, via_sess,
                                 self.name + "/" + sig_name)
            return via_sess, what + ", cross-checked with " \
                "tf.saved_model.load().signatures[%r]" % sig_name
        try:
            via_eager = eager.run(sig_name, feeds)
        except (TypeError, ValueError, tf.errors.InvalidArgumentError) as e:
            msg = str(e).splitlines()[0][:120]
            return via_sess, ("C++ Session only: the Python signature "
                              "wrapper rejects this feed (%s); TF Serving "
                              "feeds the graph directly" % msg)
        assert_outputs_match(via_eager, via_sess, self.name + "/" + sig_name)
        return via_eager, ("tf.saved_model.load().signatures[%r], "
                           "cross-checked with C++ Session" % sig_name)

    def _path(self, version, verb, latest):
        if latest:
            return "/v1/models/%s:%s" % (self.name, verb)
        return "/v1/models/%s/versions/%s:%s" % (self.name, version, verb)

    def _add(self, version, method, request, response, note, computed,
             atol, rtol, latest, extra):
        case = {
            "version": str(int(version)),
            "method": method,
            "path": self._path(str(int(version)), method, latest),
            "request": request,
            "request_body": json.dumps(request, separators=(",", ":"),
                                       ensure_ascii=False, allow_nan=False),
            "response": response,
            "atol": self.atol if atol is None else atol,
            "rtol": self.rtol if rtol is None else rtol,
            "note": note,
            "computed_with": computed,
        }
        if extra:
            case.update(extra)
        self.cases.append(case)
        return case

    def predict(self, version, request, note, atol=None, rtol=None,
                latest=False, extra=None):
        mg = self._get(version)[0]
        sig_name = request.get("signature_name", "serving_default") or \
            "serving_default"
        sig = mg.signature_def[sig_name]
        feeds, fmt = predict_feeds(request, sig)
        outs, computed = self._run(version, sig_name, feeds)
        resp = predict_response(outs, sig, fmt)
        return self._add(version, "predict", request, resp, note, computed,
                         atol, rtol, latest, extra)

    def cover_predict(self, version, sig_name, value_fn, what="",
                      sizes=(1, 3), col_size=2, **kw):
        """Row-format cases of each batch size in `sizes` plus one columnar
        case. value_fn(i) -> the i-th instance: a plain JSON value for a
        single-input signature, or an object keyed by input name."""
        base = {} if sig_name == "serving_default" else \
            {"signature_name": sig_name}
        start = 0
        for n in sizes:
            inst = [value_fn(start + i) for i in range(n)]
            start += n
            self.predict(version, dict(base, instances=inst),
                         "%s: row format, batch %d %s" % (sig_name, n, what),
                         **kw)
        vals = [value_fn(start + i) for i in range(col_size)]
        if isinstance(vals[0], dict) and not is_b64(vals[0]):
            cols = {k: [v[k] for v in vals] for k in vals[0]}
        else:
            cols = vals
        self.predict(version, dict(base, inputs=cols),
                     "%s: columnar, batch %d %s" % (sig_name, col_size, what),
                     **kw)

    def _examples_run(self, version, request):
        mg = self._get(version)[0]
        sig_name = request.get("signature_name", "serving_default") or \
            "serving_default"
        sig = mg.signature_def[sig_name]
        if list(sig.inputs.keys()) != ["inputs"]:
            raise ValueError("classify/regress signature needs one input "
                             "named 'inputs'")
        ser = serialized_examples(request)
        arr = np.empty(len(ser), dtype=object)
        for i, s in enumerate(ser):
            arr[i] = s
        outs, computed = self._run(version, sig_name, {"inputs": arr})
        return outs, len(ser), computed

    def classify(self, version, request, note, atol=None, rtol=None,
                 latest=False, extra=None):
        outs, n, computed = self._examples_run(version, request)
        resp = classify_response(outs, n)
        return self._add(version, "classify", request, resp, note,
                         computed + "; inputs = serialized tf.Example "
                         "(context bytes + example bytes)", atol, rtol,
                         latest, extra)

    def regress(self, version, request, note, atol=None, rtol=None,
                latest=False, extra=None):
        outs, n, computed = self._examples_run(version, request)
        resp = regress_response(outs, n)
        return self._add(version, "regress", request, resp, note,
                         computed + "; inputs = serialized tf.Example "
                         "(context bytes + example bytes)", atol, rtol,
                         latest, extra)

    def op_types(self):
        res = {}
        for v in self.versions:
            mg = serve_meta_graph(read_saved_model(os.path.join(self.root, v)))
            all_ops, reach = op_types(mg)
            res[str(int(v))] = {"all": all_ops, "inference": reach}
        return res

    def write(self, extra=None, golden_path=None):
        data = {"model": self.name, "cases": self.cases, "metadata": {}}
        for v in self.versions:
            data["metadata"][str(int(v))] = metadata_json(
                self.name, str(int(v)), os.path.join(self.root, v))
        data["op_types"] = self.op_types()
        if extra:
            data.update(extra)
        path = golden_path or os.path.join(self.models_root,
                                           self.name + ".golden.json")
        write_json(path, data)
        for _, _, sess, _ in self._runners.values():
            sess.sess.close()
        self._runners.clear()
        return path


def _has_dict(x):
    if isinstance(x, dict):
        return True
    if isinstance(x, list):
        return any(_has_dict(e) for e in x)
    return False


def dumps_readable(obj, level=0, indent=" "):
    """JSON text: objects and lists of objects one member per line; lists
    holding only scalars / nested scalar lists on a single line."""
    pad, pad1 = indent * level, indent * (level + 1)
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = [pad1 + json.dumps(k, ensure_ascii=False) + ": " +
                 dumps_readable(v, level + 1, indent) for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, list) and _has_dict(obj):
        items = [pad1 + dumps_readable(v, level + 1, indent) for v in obj]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return json.dumps(obj, ensure_ascii=False, allow_nan=False,
                      separators=(", ", ": "))


def write_json(path, data):
    text = dumps_readable(data) + "\n"
    assert json.loads(text) == data
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def b64(data):
    return {"b64": base64.b64encode(data).decode("ascii")}


def example_b64(obj):
    """{"b64": ...} of a serialized tf.Example built with TF Serving's rules."""
    return b64(json_to_example(obj).SerializeToString(deterministic=True))


def rounded(arr, nd=3):
    """Nested Python floats, rounded to nd decimals (request inputs only)."""
    return np.round(np.asarray(arr, dtype=np.float64), nd).tolist()


@contextlib.contextmanager
def pushd(path):
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


@contextlib.contextmanager
def control_flow_v1():
    """Build tf.compat.v1.while_loop as V1 Enter/Exit/Merge/Switch ops."""
    tf.compat.v1.disable_control_flow_v2()
    try:
        yield
    finally:
        tf.compat.v1.enable_control_flow_v2()


def signature_summary(mg):
    lines = []
    for key in sorted(mg.signature_def):
        sig = mg.signature_def[key]
        def fmt(m):
            parts = []
            for k in sorted(m):
                ti = m[k]
                if ti.tensor_shape.unknown_rank:
                    shp = "?"
                else:
                    shp = "[" + ",".join("None" if d.size < 0 else str(d.size)
                                         for d in ti.tensor_shape.dim) + "]"
                parts.append("%s:%s%s" % (k, types_pb2.DataType.Name(
                    ti.dtype)[3:].lower(), shp))
            return ", ".join(parts)
        lines.append("    %-22s %-28s (%s) -> (%s)" % (
            key, sig.method_name or "-", fmt(sig.inputs), fmt(sig.outputs)))
    return "\n".join(lines)


def print_model_summary(models_root, name):
    root = os.path.join(models_root, name)
    versions = sorted((d for d in os.listdir(root) if d.isdigit()), key=int)
    print("=" * 78)
    print("%s  versions=%s  size=%.1f KiB" % (name, versions,
                                             dir_size(root) / 1024.0))
    for v in versions:
        vdir = os.path.join(root, v)
        sm = read_saved_model(vdir)
        mg = serve_meta_graph(sm)
        print("  version %s (%s, tags of all MetaGraphDefs: %s)" % (
            v, "TF2 object graph" if is_tf2_saved_model(sm) else "TF1 graph",
            [sorted(m.meta_info_def.tags) for m in sm.meta_graphs]))
        print(signature_summary(mg))
        all_ops, reach = op_types(mg)
        print("    inference ops (%d): %s" % (len(reach), " ".join(reach)))
        extra = sorted(set(all_ops) - set(reach))
        print("    other ops in graph/library (%d): %s" % (len(extra),
                                                          " ".join(extra)))


def fresh_dir(path):
    if os.path.exists(path):
        shutil.rmtree(path)
    os.makedirs(path)


# ---------------------------------------------------------------------------
# Visible model builders
# ---------------------------------------------------------------------------

def seed_everything(seed=SEED):
    import keras
    keras.utils.set_random_seed(seed)


def load_digits_split():
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    d = load_digits()
    X = (d.data / 16.0).astype(np.float32)
    y = d.target.astype(np.int64)
    return train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)


def build_keras_digits_mlp(models_root):
    import keras
    root = os.path.join(models_root, "keras_digits_mlp")
    Xtr, Xte, ytr, yte = load_digits_split()
    seed_everything()
    model = keras.Sequential([
        keras.Input(shape=(64,), name="pixels"),
        keras.layers.Dense(32, activation="relu", name="hidden"),
        keras.layers.Dense(10, activation="softmax", name="probabilities"),
    ], name="digits_mlp")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
                  loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    epochs = {"1": 1, "2": 40}
    done = 0
    for v in ("1", "2"):
        model.fit(Xtr, ytr, epochs=epochs[v] - done, batch_size=32,
                  shuffle=True, verbose=0)
        done = epochs[v]
        model.export(os.path.join(root, v), format="tf_saved_model",
                     verbose=False)
    # accuracy of the exported SavedModels, computed from disk
    acc = {}
    for v in ("1", "2"):
        fn = tf.saved_model.load(os.path.join(root, v)).signatures[
            "serving_default"]
        probs = fn(pixels=tf.constant(Xte))["output_0"].numpy()
        acc[v] = float((probs.argmax(axis=1) == yte).mean())
    testset = {
        "model": "keras_digits_mlp",
        "description": ("Held-out split of scikit-learn load_digits(): "
                        "train_test_split(test_size=0.25, random_state=0, "
                        "stratify=y); pixels scaled by 1/16 to [0,1]; "
                        "input 'pixels' float32 [N,64]; label = argmax of "
                        "output_0."),
        "num_examples": int(len(yte)),
        "features": Xte.astype(np.float64).tolist(),
        "labels": [int(v) for v in yte],
        "python_accuracy": acc,
        "epochs_trained": epochs,
    }
    with open(os.path.join(models_root, "keras_digits_mlp.testset.json"),
              "w") as f:
        json.dump(testset, f)
        f.write("\n")
    return {"accuracy": acc, "epochs": epochs, "Xte": Xte, "yte": yte}


class CustomSignatureModule(tf.Module):
    """Flatten + Dense(10) + softmax, exported only under the "call" key."""

    def __init__(self, seed):
        super().__init__(name="custom_signature_module")
        rng = np.random.default_rng(seed)
        self.kernel = tf.Variable(
            (rng.standard_normal((784, 10)) * 0.05).astype(np.float32),
            name="dense/kernel")
        self.bias = tf.Variable(
            (rng.standard_normal((10,)) * 0.1).astype(np.float32),
            name="dense/bias")

    @tf.function(input_signature=[tf.TensorSpec([None, 28, 28, 1],
                                                tf.float32)])
    def call(self, images):
        flat = tf.reshape(images, [-1, 784])
        return tf.nn.softmax(tf.matmul(flat, self.kernel) + self.bias)


def build_custom_signature_module(models_root):
    mod = CustomSignatureModule(SEED + 1)
    path = os.path.join(models_root, "custom_signature_module", "1")
    tf.saved_model.save(mod, path, signatures={"call": mod.call})


TF1_LABELS = ["negative", "neutral", "positive"]
TF1_VOCAB = ["the", "cat", "sat", "on", "mat", "dog"]


def _tf1_multi_graph(kind, rng_values, vocab_rel_path=None):
    """Builds the tf1_builder_multi graph into the current default graph.
    kind: 'serve' or 'train'. Returns dict of tensors."""
    v1 = tf.compat.v1
    t = {}
    offset = v1.Variable(rng_values["offset"], name="offset",
                         use_resource=False)              # VariableV2
    scale = v1.Variable(rng_values["scale"], name="scale",
                        use_resource=True)                # VarHandleOp
    with v1.variable_scope("cls"):
        cls_w = v1.get_variable("W", initializer=rng_values["cls_w"],
                                use_resource=False)
        cls_b = v1.get_variable("b", initializer=rng_values["cls_b"],
                                use_resource=False)
    with v1.variable_scope("reg"):
        reg_w = v1.get_variable("w", initializer=rng_values["reg_w"],
                                use_resource=False)
        reg_b = v1.get_variable("b", initializer=rng_values["reg_b"],
                                use_resource=False)
    a = v1.placeholder(tf.float32, [None, 2], name="a")
    b = v1.placeholder(tf.float32, [None, 2], name="b")
    t["a"], t["b"] = a, b
    t["sum"] = tf.add(a + b, offset, name="sum")
    t["product"] = tf.multiply(a * b, scale, name="product")
    if kind == "train":
        loss = tf.reduce_sum(t["sum"]) + tf.reduce_sum(t["product"])
        t["loss"] = tf.identity(loss, name="loss")
        t["train_op"] = v1.train.GradientDescentOptimizer(0.01).minimize(
            loss, name="train_op")
        v1.add_to_collection("train_op", t["train_op"])
        return t
    ex = v1.placeholder(tf.string, [None], name="tf_example")
    t["tf_example"] = ex
    pc = tf.io.parse_example(ex, {"x": tf.io.FixedLenFeature([1],
                                                             tf.float32)})
    logits = tf.matmul(pc["x"], cls_w) + cls_b
    t["scores"] = tf.nn.softmax(logits, name="scores")
    labels = tf.constant([TF1_LABELS], dtype=tf.string, name="label_names")
    t["classes"] = tf.tile(labels, [tf.shape(pc["x"])[0], 1], name="classes")
    pr = tf.io.parse_example(ex, {
        "x": tf.io.FixedLenFeature([1], tf.float32),
        "k": tf.io.FixedLenFeature([1], tf.int64, default_value=[0])})
    t["outputs"] = tf.add(tf.matmul(pr["x"], reg_w) + reg_b,
                          tf.cast(pr["k"], tf.float32), name="outputs")
    # vocabulary lookup table initialised from an asset file
    asset = tf.constant(vocab_rel_path, name="vocab_asset_path")
    # TextFileInitializer registers the asset in ASSET_FILEPATHS itself; adding it again
    # makes TensorFlow's C++ loader (the one TF Serving uses) fail with "fed more than once".
    t["asset"] = asset
    table = v1.lookup.StaticHashTable(
        v1.lookup.TextFileInitializer(
            asset, tf.string, v1.lookup.TextFileIndex.WHOLE_LINE,
            tf.int64, v1.lookup.TextFileIndex.LINE_NUMBER),
        default_value=-1, name="vocab_table")
    words = v1.placeholder(tf.string, [None], name="words")
    t["words"] = words
    t["ids"] = tf.identity(table.lookup(words), name="ids")
    return t


def build_tf1_builder_multi(models_root):
    v1 = tf.compat.v1
    export_dir = os.path.join(models_root, "tf1_builder_multi", "1")
    rng = np.random.default_rng(SEED + 2)
    vals = {
        "offset": np.array([0.5, -1.0], np.float32),
        "scale": np.array([2.0, 3.0], np.float32),
        "cls_w": (rng.standard_normal((1, 3)) * 1.5).astype(np.float32),
        "cls_b": (rng.standard_normal((3,)) * 0.5).astype(np.float32),
        "reg_w": np.array([[0.75]], np.float32),
        "reg_b": np.array([-0.25], np.float32),
    }
    staging = tempfile.mkdtemp(prefix="tf1_assets_")
    with open(os.path.join(staging, "vocab.txt"), "w") as f:
        f.write("\n".join(TF1_VOCAB) + "\n")
    builder = v1.saved_model.Builder(export_dir)
    with pushd(staging):
        # MetaGraphDef #0: ["train"] (saves the variables)
        g_train = tf.Graph()
        with g_train.as_default():
            t = _tf1_multi_graph("train", vals)
            with v1.Session(graph=g_train, config=session_config()) as sess:
                sess.run(v1.global_variables_initializer())
                sig = v1.saved_model.predict_signature_def(
                    inputs={"a": t["a"], "b": t["b"]},
                    outputs={"loss": t["loss"]})
                builder.add_meta_graph_and_variables(
                    sess, ["train"], signature_def_map={"train_loss": sig},
                    clear_devices=True, strip_default_attrs=True)
        # MetaGraphDef #1: ["serve"] and #2: ["serve", "gpu"]
        g_serve = tf.Graph()
        with g_serve.as_default():
            t = _tf1_multi_graph("serve", vals, "vocab.txt")
            sigs = {
                "serving_default": v1.saved_model.predict_signature_def(
                    inputs={"a": t["a"], "b": t["b"]},
                    outputs={"sum": t["sum"], "product": t["product"]}),
                "classify": v1.saved_model.classification_signature_def(
                    examples=t["tf_example"], classes=t["classes"],
                    scores=t["scores"]),
                "regress": v1.saved_model.regression_signature_def(
                    examples=t["tf_example"], predictions=t["outputs"]),
                "vocab_lookup": v1.saved_model.predict_signature_def(
                    inputs={"words": t["words"]}, outputs={"ids": t["ids"]}),
            }
            main_op = v1.tables_initializer(name="main_op_tables_init")
            assets = v1.get_collection(v1.GraphKeys.ASSET_FILEPATHS)
            builder.add_meta_graph(["serve"], signature_def_map=sigs,
                                   assets_collection=assets, main_op=main_op,
                                   clear_devices=True,
                                   strip_default_attrs=True)
            builder.add_meta_graph(
                ["serve", "gpu"],
                signature_def_map={"serving_default": sigs["serving_default"]},
                # main op + asset collections are already in this graph
                assets_collection=None, main_op=None,
                clear_devices=True, strip_default_attrs=True)
        builder.save(as_text=False)
    shutil.rmtree(staging)


class HandLSTMCell:
    """Stand-in for tf.compat.v1.nn.rnn_cell.LSTMCell (which raises
    "LSTMCell is not available with Keras 3" in TF 2.21). Same maths as
    LSTMCell(state_is_tuple=True, forget_bias=1.0) wrapped in
    DropoutWrapper(output_keep_prob=keep_prob); variables are VariableV2
    named rnn/lstm_cell/kernel and rnn/lstm_cell/bias."""

    def __init__(self, num_units, kernel, bias, keep_prob, forget_bias=1.0):
        v1 = tf.compat.v1
        self.num_units = num_units
        self.keep_prob = keep_prob
        self.forget_bias = forget_bias
        with v1.variable_scope("rnn/lstm_cell"):
            self.kernel = v1.get_variable("kernel", initializer=kernel,
                                          use_resource=False)
            self.bias = v1.get_variable("bias", initializer=bias,
                                        use_resource=False)

    @property
    def state_size(self):
        return (self.num_units, self.num_units)

    @property
    def output_size(self):
        return self.num_units

    def zero_state(self, batch_size, dtype):
        z = tf.zeros(tf.stack([batch_size, self.num_units]), dtype)
        return (z, z)

    def __call__(self, inputs, state, scope=None):
        c, h = state
        gates = tf.nn.bias_add(tf.matmul(tf.concat([inputs, h], 1),
                                         self.kernel), self.bias)
        i, j, f, o = tf.split(gates, 4, axis=1)
        new_c = c * tf.sigmoid(f + self.forget_bias) + \
            tf.sigmoid(i) * tf.tanh(j)
        new_h = tf.tanh(new_c) * tf.sigmoid(o)
        out = tf.compat.v1.nn.dropout(new_h, keep_prob=self.keep_prob)
        return out, (new_c, new_h)


DKT = {"num_skills": 12, "input_size": 24, "hidden": 16}


def build_tf1_dkt_lstm(models_root):
    v1 = tf.compat.v1
    export_dir = os.path.join(models_root, "tf1_dkt_lstm", "1")
    ns, ni, nh = DKT["num_skills"], DKT["input_size"], DKT["hidden"]
    rng = np.random.default_rng(SEED + 3)
    kernel = (rng.standard_normal((ni + nh, 4 * nh)) * 0.3).astype(np.float32)
    bias = (rng.standard_normal((4 * nh,)) * 0.1).astype(np.float32)
    w = (rng.standard_normal((nh, ns)) * 0.5).astype(np.float32)
    bvals = (rng.standard_normal((ns,)) * 0.2).astype(np.float32)
    g = tf.Graph()
    with control_flow_v1(), g.as_default():
        v1.set_random_seed(SEED)
        max_steps = v1.placeholder(tf.int32, name="max_steps")
        input_x = v1.placeholder(tf.float32, [None, None, ni], name="input_x")
        sequence_len = v1.placeholder(tf.int32, [None], name="sequence_len")
        keep_prob = v1.placeholder(tf.float32, name="keep_prob")
        target_id = v1.placeholder(tf.int32, [None, None], name="target_id")
        batch_size = v1.placeholder(tf.int32, name="batch_size")
        cell = HandLSTMCell(nh, kernel, bias, keep_prob)
        outputs, _ = v1.nn.dynamic_rnn(cell, input_x,
                                       sequence_length=sequence_len,
                                       dtype=tf.float32)
        output_w = v1.get_variable("W", initializer=w, use_resource=False)
        output_b = v1.get_variable("b", initializer=bvals, use_resource=False)
        output = tf.reshape(outputs, [-1, nh])
        logits = tf.matmul(output, output_w) + output_b
        mat_logits = tf.reshape(logits, [-1, max_steps, ns])
        pred_all = tf.sigmoid(mat_logits, name="pred_all")
        flat_logits = tf.reshape(logits, [-1])
        flat_base = tf.range(batch_size * max_steps) * ns
        flat_target = tf.reshape(target_id, [-1]) + flat_base
        flat_target_logits = tf.gather(flat_logits, flat_target)
        tf.sigmoid(tf.reshape(flat_target_logits, [-1, max_steps]),
                   name="pred")
        whiles = [n.op for n in g.as_graph_def().node if n.op in
                  ("Enter", "Exit", "LoopCond", "While", "StatelessWhile")]
        assert "LoopCond" in whiles and "While" not in whiles, whiles
        with v1.Session(graph=g, config=session_config()) as sess:
            sess.run(v1.global_variables_initializer())
            sig = v1.saved_model.predict_signature_def(
                inputs={"input_x": input_x, "max_steps": max_steps,
                        "sequence_len": sequence_len, "keep_prob": keep_prob,
                        "target_id": target_id, "batch_size": batch_size},
                outputs={"pred_all": pred_all})
            builder = v1.saved_model.Builder(export_dir)
            builder.add_meta_graph_and_variables(
                sess, ["serve"], signature_def_map={"predict": sig},
                clear_devices=True, strip_default_attrs=True)
            builder.save()


VOCAB_WORDS = ["the", "cat", "dog", "sat", "on", "mat", "a", "bird", "ran",
               "fast"]


class StringVocabModel(tf.Module):
    def __init__(self, vocab_path, seed):
        super().__init__(name="string_vocab_model")
        rng = np.random.default_rng(seed)
        init = tf.lookup.TextFileInitializer(
            vocab_path, tf.string, tf.lookup.TextFileIndex.WHOLE_LINE,
            tf.int64, tf.lookup.TextFileIndex.LINE_NUMBER)
        self.table = tf.lookup.StaticVocabularyTable(init, num_oov_buckets=1)
        n = len(VOCAB_WORDS) + 1
        self.embedding = tf.Variable(
            rng.standard_normal((n, 8)).astype(np.float32), name="embedding")
        self.kernel = tf.Variable(
            (rng.standard_normal((8, 4)) * 0.7).astype(np.float32),
            name="dense/kernel")
        self.bias = tf.Variable(
            (rng.standard_normal((4,)) * 0.1).astype(np.float32),
            name="dense/bias")

    @tf.function(input_signature=[tf.TensorSpec([None], tf.string,
                                                name="words")])
    def serve(self, words):
        ids = self.table.lookup(words)
        emb = tf.nn.embedding_lookup(self.embedding, ids)
        logits = tf.matmul(tf.tanh(emb), self.kernel) + self.bias
        return {"scores": tf.nn.softmax(logits)}


def build_string_vocab_model(models_root):
    staging = tempfile.mkdtemp(prefix="vocab_assets_")
    with open(os.path.join(staging, "vocab.txt"), "w") as f:
        f.write("\n".join(VOCAB_WORDS) + "\n")
    path = os.path.abspath(os.path.join(models_root, "string_vocab_model",
                                        "1"))
    # relative asset path: keeps the temp dir out of the table's shared_name
    with pushd(staging):
        mod = StringVocabModel("vocab.txt", SEED + 4)
        tf.saved_model.save(mod, path,
                            signatures={"serving_default": mod.serve})
    shutil.rmtree(staging)


MULTI_LABELS = ["cat", "dog", "bird"]
PAYLOAD_PREFIX = b"\x00\xff\xfe\x80ID="


class MultiIOModel(tf.Module):
    def __init__(self, seed):
        super().__init__(name="multi_io_model")
        rng = np.random.default_rng(seed)
        self.w_score = tf.Variable(
            rng.standard_normal((3,)).astype(np.float32), name="w_score")
        self.w_cls = tf.Variable(
            rng.standard_normal((3, 3)).astype(np.float32), name="w_cls")
        self.b_cls = tf.Variable(
            (rng.standard_normal((3,)) * 0.1).astype(np.float32),
            name="b_cls")
        self.labels = tf.constant(MULTI_LABELS)

    @tf.function(input_signature=[
        tf.TensorSpec([None, 3], tf.float32, name="features"),
        tf.TensorSpec([None], tf.int64, name="ids")])
    def serve(self, features, ids):
        score = tf.tanh(tf.reduce_sum(features * self.w_score, axis=1) +
                        0.01 * tf.cast(ids % 100, tf.float32))
        logits = tf.matmul(features, self.w_cls) + self.b_cls + \
            0.5 * tf.one_hot(ids % 3, 3)
        label_id = tf.argmax(logits, axis=1, output_type=tf.int64)
        payload = tf.strings.join([tf.constant(PAYLOAD_PREFIX),
                                   tf.strings.as_string(ids)])
        return {
            "score": score,
            "label_id": label_id,
            "label": tf.gather(self.labels, label_id),
            "is_positive": score > 0.0,
            "payload_bytes": payload,
        }


def build_multi_io_model(models_root):
    mod = MultiIOModel(SEED + 5)
    path = os.path.join(models_root, "multi_io_model", "1")
    tf.saved_model.save(mod, path, signatures={"serving_default": mod.serve})


# ---------------------------------------------------------------------------
# Golden cases for visible models
# ---------------------------------------------------------------------------

def golden_keras_digits_mlp(models_root, info):
    g = Golden("keras_digits_mlp", models_root)
    Xte, yte = info["Xte"], info["yte"]
    rows = lambda a: np.asarray(a, np.float64).tolist()  # noqa: E731
    for v in ("1", "2"):
        g.predict(v, {"instances": rows(Xte[0:1])},
                  "row format, batch 1 (test digit 0, label %d)" % yte[0])
        g.predict(v, {"instances": rows(Xte[1:4])},
                  "row format, batch 3 (labels %s)" % yte[1:4].tolist())
        g.predict(v, {"instances": [{"pixels": r} for r in rows(Xte[4:6])]},
                  "row format with named-input objects, batch 2")
        g.predict(v, {"inputs": rows(Xte[6:8])},
                  "columnar format, plain list (single input), batch 2")
        g.predict(v, {"signature_name": "serving_default",
                      "inputs": {"pixels": rows(Xte[8:11])}},
                  "columnar format with named-input object and explicit "
                  "signature_name, batch 3")
        g.predict(v, {"instances": rows(Xte[:20])},
                  "20 real held-out test digits as one batch; labels in "
                  "'labels'", extra={"labels": [int(x) for x in yte[:20]]})
        ints = [[int(i % 3 == 0) for i in range(64)],
                [int(i % 5 == 0) for i in range(64)]]
        g.predict(v, {"instances": ints},
                  "JSON integers are accepted for a DT_FLOAT input")
    g.predict("2", {"instances": rows(Xte[11:13])},
              "no version in URL -> latest version (2)", latest=True)
    for v in ("1", "2"):
        g.cover_predict(v, "serve", lambda i: rows(Xte[20 + i]),
                        "(Keras export's duplicate of serving_default)")
    return g.write(extra={"python_accuracy": info["accuracy"],
                          "epochs_trained": info["epochs"],
                          "testset": "keras_digits_mlp.testset.json"})


def golden_custom_signature_module(models_root):
    g = Golden("custom_signature_module", models_root)
    rng = np.random.default_rng(SEED + 11)
    img = lambda n: rounded(rng.uniform(0, 1, (n, 28, 28, 1)))  # noqa: E731
    g.predict("1", {"signature_name": "call", "instances": img(1)},
              "row format batch 1; only signature is 'call' (no "
              "serving_default), output key output_0")
    g.predict("1", {"signature_name": "call", "instances": img(3)},
              "row format batch 3")
    g.predict("1", {"signature_name": "call", "inputs": {"images": img(2)}},
              "columnar format, named input object, batch 2")
    g.predict("1", {"signature_name": "call", "inputs": img(1)},
              "columnar format, plain value, batch 1")
    return g.write()


def golden_tf1_builder_multi(models_root):
    g = Golden("tf1_builder_multi", models_root)
    g.predict("1", {"instances": [{"a": [1.0, 2.0], "b": [3.0, 4.0]}]},
              "serving_default row format batch 1; two named outputs -> "
              "list of objects")
    g.predict("1", {"instances": [
        {"a": [1.0, 2.0], "b": [3.0, 4.0]},
        {"a": [-1.5, 0.25], "b": [2.0, -8.0]},
        {"a": [0.0, 0.0], "b": [10.0, 100.0]}]},
        "serving_default row format batch 3")
    g.predict("1", {"inputs": {"a": [[1.0, 2.0], [0.5, 0.5]],
                               "b": [[3.0, 4.0], [-2.0, 6.0]]}},
              "serving_default columnar -> outputs object {sum, product}")
    g.predict("1", {"signature_name": "vocab_lookup",
                    "instances": ["cat"]},
              "vocab_lookup (HashTable from assets/vocab.txt, "
              "initialised by main_op) batch 1")
    g.predict("1", {"signature_name": "vocab_lookup",
                    "instances": ["the", "mat", "zebra", "dog"]},
              "vocab_lookup batch 4; unknown word -> -1")
    g.predict("1", {"signature_name": "vocab_lookup",
                    "inputs": [b64(b"sat"), "on"]},
              "vocab_lookup columnar, one value given as {b64}")
    g.predict("1", {"signature_name": "classify",
                    "instances": [example_b64({"x": 0.5}),
                                  example_b64({"x": [-2.0]})]},
              "predict on the classification signature with base64 "
              "serialized tf.Examples -> list of {classes, scores}")
    g.predict("1", {"signature_name": "regress",
                    "inputs": [example_b64({"x": 2.0, "k": 4})]},
              "predict (columnar) on the regression signature with a "
              "base64 serialized tf.Example")
    g.cover_predict("1", "classify",
                    lambda i: example_b64({"x": 0.75 * i - 1.0}),
                    "with base64 serialized tf.Examples")
    g.cover_predict("1", "regress",
                    lambda i: example_b64({"x": 0.5 * i, "k": i % 3}),
                    "with base64 serialized tf.Examples", sizes=(1, 3),
                    col_size=1)
    g.classify("1", {"signature_name": "classify",
                     "examples": [{"x": 0.5}, {"x": -1.25}, {"x": [3.0]}]},
               "classify: classes are the fixed label list")
    g.classify("1", {"signature_name": "classify",
                     "context": {"x": 1.0},
                     "examples": [{}, {"x": 2.0}]},
               "classify with context: example 0 takes x from context, "
               "example 1 overrides it (context bytes are prepended, last "
               "value wins)")
    g.regress("1", {"signature_name": "regress",
                    "examples": [{"x": 1.5, "k": 2}, {"x": -0.5}]},
              "regress: k is an int64 feature (JSON integer) with default 0")
    g.regress("1", {"signature_name": "regress",
                    "context": {"k": 3},
                    "examples": [{"x": 1.0}, {"x": 2.0, "k": 1},
                                 {"x": [80.0]}]},
              "regress with context: k=3 from context unless the example "
              "sets it")
    return g.write()


def dkt_request(rng, seq_lens, T):
    ns = DKT["num_skills"]
    B = len(seq_lens)
    x = np.zeros((B, T, 2 * ns), np.float64)
    tid = np.zeros((B, T), np.int64)
    for bi, L in enumerate(seq_lens):
        for t in range(L):
            skill = int(rng.integers(0, ns))
            correct = int(rng.integers(0, 2))
            x[bi, t, skill + ns * correct] = 1.0
            tid[bi, t] = int(rng.integers(0, ns))
    return {"signature_name": "predict", "inputs": {
        "input_x": x.tolist(), "max_steps": T,
        "sequence_len": list(seq_lens), "keep_prob": 1.0,
        "target_id": tid.tolist(), "batch_size": B}}


def golden_tf1_dkt_lstm(models_root):
    g = Golden("tf1_dkt_lstm", models_root)
    rng = np.random.default_rng(SEED + 12)
    g.predict("1", dkt_request(rng, [4], 4),
              "columnar, batch 1, 4 steps. Row format is not possible for "
              "this signature: max_steps/keep_prob/batch_size are scalars")
    g.predict("1", dkt_request(rng, [5, 3, 1], 5),
              "columnar, batch 3, max_steps 5, sequence_len [5,3,1]: steps "
              "past a sequence's length have zero LSTM output, so "
              "pred_all = sigmoid(b) there")
    g.predict("1", dkt_request(rng, [2, 2], 2),
              "columnar, batch 2, 2 steps")
    return g.write()


def golden_string_vocab_model(models_root):
    g = Golden("string_vocab_model", models_root)
    g.predict("1", {"instances": ["cat"]}, "row format batch 1")
    g.predict("1", {"instances": ["the", "dog", "qwerty", "fast"]},
              "row format batch 4; 'qwerty' is out of vocabulary -> OOV "
              "bucket id %d" % len(VOCAB_WORDS))
    g.predict("1", {"instances": [{"words": "bird"}, {"words": "Cat"}]},
              "row format with named objects; lookup is case-sensitive "
              "('Cat' is OOV)")
    g.predict("1", {"instances": [b64(b"mat"), b64("caf\u00e9".encode())]},
              "strings given as {b64}; the second is non-ASCII UTF-8 (OOV)")
    g.predict("1", {"inputs": ["sat", "on", "a", "mat"]},
              "columnar, plain list")
    g.predict("1", {"inputs": {"words": ["ran", ""]}},
              "columnar named; empty string is OOV")
    return g.write()


def golden_multi_io_model(models_root):
    g = Golden("multi_io_model", models_root)
    g.predict("1", {"instances": [{"features": [0.5, -1.0, 2.0], "ids": 7}]},
              "row format batch 1: five outputs -> object per row; "
              "payload_bytes is DT_STRING named *_bytes -> {b64}")
    g.predict("1", {"instances": [
        {"features": [0.5, -1.0, 2.0], "ids": 7},
        {"features": [-3.0, 0.25, 0.0], "ids": 12},
        {"features": [1.0, 1.0, 1.0], "ids": 0},
        {"features": [0.0, 2.5, -0.75], "ids": -5}]},
        "row format batch 4 (includes a negative id)")
    g.predict("1", {"inputs": {"features": [[0.1, 0.2, 0.3], [2.0, -2.0, 0.5]],
                               "ids": [1, 2]}},
              "columnar: outputs is an object of 5 lists")
    g.predict("1", {"inputs": {"features": [[1.0, -1.0, 0.5]],
                               "ids": [9007199254740993]}},
              "int64 id 2^53+1 must survive JSON parsing exactly: it is "
              "echoed in payload_bytes as decimal text")
    return g.write()


# ---------------------------------------------------------------------------
# TF Serving's own test models (golden files only)
# ---------------------------------------------------------------------------

def golden_tfserving(tfs_dir):
    written = []
    # TF1 half_plus_two
    g = Golden("saved_model_half_plus_two_cpu", tfs_dir)
    v = "123"
    g.predict(v, {"instances": [1.0]}, "y = 0.5x + 2, batch 1")
    g.predict(v, {"instances": [1.0, 2.0, 5.0]},
              "TF Serving's documented example: scalar instances")
    g.predict(v, {"instances": [[1.0], [2.0], [5.0]]},
              "instances as [1]-vectors (matches placeholder shape [-1,1])")
    g.predict(v, {"inputs": [[1.0], [2.0]]}, "columnar")
    g.predict(v, {"signature_name": "serving_default",
                  "inputs": {"x": [3.0, 4.0]}}, "columnar named")
    g.predict(v, {"signature_name": "regress_x2_to_y3",
                  "instances": [[1.0], [3.0]]},
              "predict on a regress-method signature with a float input: "
              "y3 = 0.5*x2 + 3")
    g.classify(v, {"signature_name": "classify_x_to_y",
                   "examples": [{"x": 1.0}, {"x": 2.0}]},
               "scores only -> label is \"\"")
    g.regress(v, {"signature_name": "regress_x_to_y",
                  "examples": [{"x": 80.0}]},
              "TF Serving's own REST test: 80.0 -> 42")
    g.regress(v, {"signature_name": "regress_x_to_y",
                  "examples": [{"x": 1.0}, {"x": [2.0]}, {"x": -4.5}]},
              "regress batch 3")
    g.regress(v, {"signature_name": "regress_x_to_y2",
                  "context": {"x": 10.0},
                  "examples": [{"x2": 1.0}, {"x": 2.0}]},
              "regress with context: y2 = 0.5*x + 3; example 0 takes x=10 "
              "from the context, example 1 overrides it with x=2")
    for sig in ("classify_x_to_y", "regress_x_to_y", "regress_x_to_y2"):
        g.cover_predict(v, sig, lambda i: example_b64(
            {"x": float(i) - 1.0, "x2": 2.0 * i}),
            "with base64 serialized tf.Examples")
    g.cover_predict(v, "regress_x2_to_y3", lambda i: [float(i)])
    written.append(g.write(golden_path=os.path.join(
        tfs_dir, "saved_model_half_plus_two_cpu.golden.json")))

    # TF2 half_plus_two (signatures declared with shape [1])
    g = Golden("saved_model_half_plus_two_tf2_cpu", tfs_dir)
    g.predict(v, {"instances": [1.0]}, "y = 0.5x + 2, batch 1")
    g.predict(v, {"instances": [1.0, 2.0, 5.0]},
              "batch 3 although the signature declares shape [1]: TF "
              "Serving feeds the graph without shape validation")
    g.predict(v, {"inputs": {"x": [7.0]}}, "columnar named, batch 1")
    g.predict(v, {"signature_name": "regress_x2_to_y3", "inputs": [4.0]},
              "predict on regress_x2_to_y3 (method_name predict in this TF2 "
              "model)")
    g.classify(v, {"signature_name": "classify_x_to_y",
                   "examples": [{"x": 1.0}, {"x": 3.0}]},
               "classify on a signature whose method_name is "
               "tensorflow/serving/predict: allowed because TF Serving's "
               "--enable_signature_method_name_check defaults to false")
    g.regress(v, {"signature_name": "regress_x_to_y",
                  "examples": [{"x": 80.0}, {"x": -2.0}]},
              "regress (method_name predict, check disabled by default)")
    g.regress(v, {"signature_name": "regress_x_to_y2",
                  "context": {"x": 5.0},
                  "examples": [{"x2": 1.0}, {"x2": 2.0}]},
              "regress with context supplying the required feature x "
              "(y2 = 0.5*x + 3; x2 is not used by this signature)")
    for sig in ("classify_x_to_y", "regress_x_to_y", "regress_x_to_y2"):
        g.cover_predict(v, sig, lambda i: example_b64(
            {"x": float(i) + 0.5, "x2": 3.0 * i}),
            "with base64 serialized tf.Examples")
    for sig in ("regress_x2_to_y3", "classify_x2_to_y3"):
        g.cover_predict(v, sig, lambda i: float(i) * 2.0,
                        "(declared shape [1]; fed as a batch)")
    written.append(g.write(golden_path=os.path.join(
        tfs_dir, "saved_model_half_plus_two_tf2_cpu.golden.json")))

    # TF1 half_plus_three (scalar-shaped signature)
    g = Golden("saved_model_half_plus_three", tfs_dir)
    g.predict(v, {"instances": [1.0]}, "y = 0.5x + 3, batch 1")
    g.predict(v, {"instances": [1.0, 2.0, 5.0]},
              "batch 3 fed to a scalar-shaped placeholder")
    g.predict(v, {"inputs": 4.0},
              "columnar with a bare scalar -> scalar output")
    g.predict(v, {"inputs": {"x": [2.0, 6.0]}}, "columnar named")
    g.regress(v, {"signature_name": "tensorflow/serving/regress",
                  "examples": [{"x": 1.0}, {"x": 4.0}, {"x": [-3.0]}]},
              "regress on the signature literally named "
              "'tensorflow/serving/regress'. Its input is declared DT_FLOAT "
              "but the tf_example placeholder is DT_STRING, so regress "
              "(which feeds serialized Examples) works while predict on "
              "this signature cannot")
    g.regress(v, {"signature_name": "tensorflow/serving/regress",
                  "context": {"x": 10.0}, "examples": [{}, {"x": 2.0}]},
              "regress with context")
    written.append(g.write(golden_path=os.path.join(
        tfs_dir, "saved_model_half_plus_three.golden.json")))
    return written


def check_metadata_against_tfserving(tfs_dir):
    """Our metadata rendering must equal TF Serving's own test expectation (when its testdata is given)."""
    if not tfs_dir or not os.path.isdir(tfs_dir):
        print("metadata renderer vs TF Serving: not checked (set TFSERVING_TESTDATA to "
              "tensorflow_serving/servables/tensorflow/testdata of a tensorflow/serving checkout)")
        return
    want_path = os.path.join(tfs_dir,
                             "saved_model_half_plus_two_2_versions_metadata.json")
    with open(want_path) as f:
        want = json.load(f)
    got = metadata_json(
        "saved_model_half_plus_two_2_versions", "123",
        os.path.join(tfs_dir, "saved_model_half_plus_two_2_versions",
                     "00000123"))
    ok = got == want
    # also the key order inside every signature (cosmetic layout)
    gs = got["metadata"]["signature_def"]["signature_def"]
    ws = want["metadata"]["signature_def"]["signature_def"]
    ok = ok and all(json.dumps(gs[k]) == json.dumps(ws[k]) for k in ws)
    print("metadata renderer vs %s: %s" % (os.path.basename(want_path),
                                          "IDENTICAL" if ok else "DIFFERENT"))
    if not ok:
        print(json.dumps(got, indent=1)[:2000])
        raise SystemExit("metadata renderer mismatch")


VISIBLE = ["keras_digits_mlp", "custom_signature_module", "tf1_builder_multi",
           "tf1_dkt_lstm", "string_vocab_model", "multi_io_model"]


def main():
    print("TensorFlow", tf.__version__)
    check_metadata_against_tfserving(TFSERVING_TESTDATA)
    fresh_dir(MODELS_DIR)
    fresh_dir(TFSERVING_DIR)
    staging = tempfile.mkdtemp(prefix="tfs_conformance_")
    with pushd(staging):
        conformance_tfserving.build_all(TFSERVING_DIR, staging)
    shutil.rmtree(staging)
    info = build_keras_digits_mlp(MODELS_DIR)
    build_custom_signature_module(MODELS_DIR)
    build_tf1_builder_multi(MODELS_DIR)
    build_tf1_dkt_lstm(MODELS_DIR)
    build_string_vocab_model(MODELS_DIR)
    build_multi_io_model(MODELS_DIR)

    goldens = [
        golden_keras_digits_mlp(MODELS_DIR, info),
        golden_custom_signature_module(MODELS_DIR),
        golden_tf1_builder_multi(MODELS_DIR),
        golden_tf1_dkt_lstm(MODELS_DIR),
        golden_string_vocab_model(MODELS_DIR),
        golden_multi_io_model(MODELS_DIR),
    ]
    goldens += golden_tfserving(TFSERVING_DIR)

    for name in VISIBLE:
        print_model_summary(MODELS_DIR, name)
    for name in ("saved_model_half_plus_two_cpu",
                 "saved_model_half_plus_two_tf2_cpu",
                 "saved_model_half_plus_three"):
        print_model_summary(TFSERVING_DIR, name)
    print("=" * 78)
    print("keras_digits_mlp python test accuracy:", info["accuracy"])
    for p in goldens:
        with open(p) as f:
            n = len(json.load(f)["cases"])
        print("golden %-60s %3d cases %8.1f KiB" % (
            os.path.relpath(p, HERE), n, os.path.getsize(p) / 1024.0))
    print("total size of models/: %.2f MiB" % (dir_size(MODELS_DIR) / 2**20))


if __name__ == "__main__":
    main()
