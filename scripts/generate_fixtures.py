#!/usr/bin/env python3
"""Builds tf-serverless' own small SavedModels and their golden REST files. Run by hand, never by tests.

    ~/tfvenv/bin/python scripts/generate_fixtures.py [--out DIR] [--only NAME,...] [--verify-only]

Needs TensorFlow 2.21 (CPU) and scikit-learn. Writes, under DIR (default: this repository):

  models/<name>/1/ + models/<name>.golden.json
      the example models that `npm start` serves: half_plus_two, digits
  test/fixtures/models/<name>/1/ + test/fixtures/models/<name>.golden.json + README.md
      small models for SavedModel-reader features the conformance fixtures lack: pbtxt_model,
      multi_tag_model, sharded_model, partitioned_model, dtypes_model, assets_extra_model,
      control_flow_v2_model

Each model directory this script owns is deleted and rebuilt; nothing else is touched.
Seeds are fixed, so the golden values are the same on every run (the bytes of TF2/Keras
saved_model.pb files may still differ: TF serialises some maps in no fixed order).

Every expected response is computed by loading the SavedModel back from disk and running it in
TensorFlow: TF2 models through tf.saved_model.load(dir).signatures[key], TF1 models through a
tf.compat.v1 Session (tf.compat.v1.saved_model.load). Each result is cross-checked with the other
loader. After writing, every golden file is read back from disk and every case is re-run against a
fresh load of its model (asserted). The JSON <-> tensor rules follow TF Serving's
tensorflow_serving/util/json_tensor.cc (see test/fixtures/conformance/README.md).
"""

import argparse
import base64
import json
import math
import os
import shutil
import sys

# Keras orders some tracked objects through Python sets: pin the hash seed by re-running this
# script once, so the exported files come out the same on every run.
if __name__ == "__main__" and os.environ.get("PYTHONHASHSEED") != "0":
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable, os.path.abspath(__file__)] + sys.argv[1:])

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from google.protobuf import json_format, text_format  # noqa: E402
from tensorflow.core.framework import tensor_pb2, types_pb2  # noqa: E402
from tensorflow.core.protobuf import config_pb2, saved_model_pb2  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED = 7351
ATOL = 1e-5
RTOL = 1e-4
KB = 1024

tf.get_logger().setLevel("ERROR")
try:
    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)
except RuntimeError:
    pass

V1 = tf.compat.v1
PREDICT = "tensorflow/serving/predict"
CLASSIFY = "tensorflow/serving/classify"
REGRESS = "tensorflow/serving/regress"


def session_config(cpus=1):
    return config_pb2.ConfigProto(device_count={"CPU": cpus}, intra_op_parallelism_threads=1,
                                  inter_op_parallelism_threads=1)


# ============================================================================================
# Reading SavedModels (our own view of the files, as a server would see them)
# ============================================================================================

def load_saved_model_proto(vdir):
    sm = saved_model_pb2.SavedModel()
    pb, pbtxt = os.path.join(vdir, "saved_model.pb"), os.path.join(vdir, "saved_model.pbtxt")
    if os.path.isfile(pb):
        with open(pb, "rb") as f:
            sm.ParseFromString(f.read())
    elif os.path.isfile(pbtxt):
        with open(pbtxt, encoding="utf-8") as f:
            text_format.Merge(f.read(), sm)
    else:
        raise FileNotFoundError("no saved_model.pb or saved_model.pbtxt in %s" % vdir)
    return sm


def meta_graph_for(sm, tags=("serve",)):
    """The MetaGraphDef whose tag set is exactly `tags` (what TF Serving loads)."""
    hits = [mg for mg in sm.meta_graphs if set(mg.meta_info_def.tags) == set(tags)]
    if len(hits) != 1:
        raise ValueError("%d MetaGraphDefs tagged %s" % (len(hits), sorted(tags)))
    return hits[0]


def is_tf2(mg):
    return len(mg.object_graph_def.nodes) > 0


def dtype_name(enum):
    return types_pb2.DataType.Name(enum)


# --- metadata: the body of GET /v1/models/<name>/versions/<v>/metadata -----------------------

def _with_order(d, keys):
    out = {k: d[k] for k in keys if k in d}
    for k, v in d.items():
        out.setdefault(k, v)
    return out


def tensor_info_json(ti_dict):
    ti = _with_order(ti_dict, ["dtype", "tensor_shape", "name"])
    if "tensor_shape" in ti:
        shape = _with_order(ti["tensor_shape"], ["dim", "unknown_rank"])
        shape["dim"] = [_with_order(d, ["size", "name"]) for d in shape.get("dim", [])]
        ti["tensor_shape"] = shape
    return ti


def signature_json(sig):
    # TF Serving prints protos with preserve_proto_field_names and always-print-primitive-fields:
    # int64 sizes become strings, unknown_rank and empty names are printed, "defaults": {}.
    d = json_format.MessageToDict(sig, preserving_proto_field_name=True,
                                  always_print_fields_with_no_presence=True)
    for part in ("inputs", "outputs"):
        d[part] = {k: tensor_info_json(d.get(part, {})[k]) for k in sorted(d.get(part, {}))}
    return _with_order(d, ["inputs", "outputs", "method_name", "defaults"])


def render_metadata(model_name, version, vdir):
    mg = meta_graph_for(load_saved_model_proto(vdir))
    sigs = {k: signature_json(mg.signature_def[k]) for k in sorted(mg.signature_def)}
    return {
        "model_spec": {"name": model_name, "signature_name": "", "version": str(version)},
        "metadata": {"signature_def": {"signature_def": sigs}},
    }


def check_metadata_renderer():
    """Our renderer must reproduce TF Serving's own metadata test file byte for byte (as JSON)."""
    ref_dir = os.path.join(os.path.dirname(REPO), "shared", "fixtures", "tfserving")
    ref = os.path.join(ref_dir, "saved_model_half_plus_two_2_versions_metadata.json")
    model = os.path.join(ref_dir, "saved_model_half_plus_two_2_versions", "00000123")
    if not (os.path.isfile(ref) and os.path.isdir(model)):
        print("  (metadata renderer not checked: ../shared/fixtures/tfserving is absent)")
        return
    with open(ref) as f:
        want = json.load(f)
    got = render_metadata(want["model_spec"]["name"], want["model_spec"]["version"], model)
    assert got == want, "metadata renderer differs from TF Serving's own metadata JSON"
    print("  metadata renderer matches tfserving/saved_model_half_plus_two_2_versions_metadata.json")


# --- op types -----------------------------------------------------------------------------------

def _called_functions(node):
    for attr in node.attr.values():
        if attr.HasField("func"):
            yield attr.func.name
        if attr.HasField("list"):
            for fn in attr.list.func:
                yield fn.name


def op_type_sets(mg):
    """(all op types in the graph and its function library, op types an inference run needs:
    reachable from signature outputs and init ops, following inputs and called functions)."""
    lib = {f.signature.name: f for f in mg.graph_def.library.function}
    every = {n.op for n in mg.graph_def.node}
    for f in lib.values():
        every |= {n.op for n in f.node_def}
    every -= set(lib)

    nodes = {n.name: n for n in mg.graph_def.node}

    def node_name(ref):
        return ref.lstrip("^").split(":")[0]

    todo = [node_name(t.name) for s in mg.signature_def.values() for t in s.outputs.values()]
    for key in ("saved_model_main_op", "legacy_init_op", "table_initializer"):
        if key in mg.collection_def:
            todo += [node_name(n) for n in mg.collection_def[key].node_list.value]
    todo += [node_name(a.tensor_info.name) for a in mg.asset_file_def]

    needed, seen, seen_fn = set(), set(), set()

    def visit_fn(name):
        if name in seen_fn or name not in lib:
            return
        seen_fn.add(name)
        for n in lib[name].node_def:
            if n.op in lib:
                visit_fn(n.op)
            else:
                needed.add(n.op)
            for callee in _called_functions(n):
                visit_fn(callee)

    while todo:
        name = todo.pop()
        if name in seen or name not in nodes:
            continue
        seen.add(name)
        n = nodes[name]
        if n.op in lib:
            visit_fn(n.op)
        else:
            needed.add(n.op)
        for callee in _called_functions(n):
            visit_fn(callee)
        todo += [node_name(i) for i in n.input]
    return sorted(every), sorted(needed)


# ============================================================================================
# JSON <-> tensors, as TF Serving's json_tensor.cc does it
# ============================================================================================

INTS = {types_pb2.DT_INT8, types_pb2.DT_INT16, types_pb2.DT_INT32, types_pb2.DT_INT64,
        types_pb2.DT_UINT8, types_pb2.DT_UINT16, types_pb2.DT_UINT32, types_pb2.DT_UINT64}
FLOATS = {types_pb2.DT_FLOAT, types_pb2.DT_DOUBLE}


def is_b64_obj(v):
    return isinstance(v, dict) and list(v) == ["b64"] and isinstance(v["b64"], str)


def b64_obj(data):
    return {"b64": base64.b64encode(data).decode("ascii")}


def np_dtype(enum):
    return object if enum == types_pb2.DT_STRING else tf.dtypes.as_dtype(enum).as_numpy_dtype


def json_scalar(v, enum):
    if enum == types_pb2.DT_STRING:
        if is_b64_obj(v):
            return base64.b64decode(v["b64"], validate=True)
        if isinstance(v, str):
            return v.encode("utf-8")
    elif enum in FLOATS:
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return float(v)
    elif enum in INTS:
        if isinstance(v, int) and not isinstance(v, bool):
            return v
    elif enum == types_pb2.DT_BOOL:
        if isinstance(v, bool):
            return v
    raise ValueError("JSON value %r does not fit %s" % (v, dtype_name(enum)))


def json_tensor(value, enum):
    """A JSON value (scalar or rectangular nested list) -> numpy array."""
    shape, probe = [], value
    while isinstance(probe, list):
        shape.append(len(probe))
        probe = probe[0] if probe else None
    flat = []

    def walk(v, depth):
        if isinstance(v, list):
            if depth >= len(shape) or len(v) != shape[depth]:
                raise ValueError("ragged or over-nested list")
            for e in v:
                walk(e, depth + 1)
        else:
            if depth != len(shape):
                raise ValueError("value at the wrong nesting level")
            flat.append(json_scalar(v, enum))

    walk(value, 0)
    if enum == types_pb2.DT_STRING:
        arr = np.empty(len(flat), dtype=object)
        arr[:] = flat
        return arr.reshape(shape)
    return np.array(flat, dtype=np_dtype(enum)).reshape(shape)


def predict_feeds(request, sig):
    """Predict request -> ({input key: array}, "row" | "columnar")."""
    inputs = sig.inputs
    if ("instances" in request) == ("inputs" in request):
        raise ValueError("exactly one of 'instances' and 'inputs' is required")

    def named(v):
        return isinstance(v, dict) and not is_b64_obj(v)

    if "instances" in request:
        rows = request["instances"]
        if not isinstance(rows, list) or not rows:
            raise ValueError("'instances' must be a non-empty list")
        columns = {}
        if named(rows[0]):
            for row in rows:
                if not named(row) or set(row) != set(inputs):
                    raise ValueError("each instance must name every input")
                for k, v in row.items():
                    columns.setdefault(k, []).append(v)
        else:
            if len(inputs) != 1:
                raise ValueError("unnamed instances need a single-input signature")
            columns[next(iter(inputs))] = rows
        feeds = {}
        for k, vals in columns.items():
            parts = [json_tensor(v, inputs[k].dtype) for v in vals]
            if len({p.shape for p in parts}) != 1:
                raise ValueError("instances differ in shape for input " + k)
            feeds[k] = np.stack(parts)
        return feeds, "row"
    cols = request["inputs"]
    if named(cols):
        if set(cols) != set(inputs):
            raise ValueError("'inputs' must name every input")
        return {k: json_tensor(v, inputs[k].dtype) for k, v in cols.items()}, "columnar"
    if len(inputs) != 1:
        raise ValueError("unnamed 'inputs' need a single-input signature")
    k = next(iter(inputs))
    return {k: json_tensor(cols, inputs[k].dtype)}, "columnar"


def tensor_json(arr, enum, name):
    as_b64 = enum == types_pb2.DT_STRING and name.endswith("_bytes")

    def scalar(x):
        if enum in FLOATS:
            f = float(x)
            if not math.isfinite(f):
                raise ValueError("non-finite value in output " + name)
            return f
        if enum in INTS:
            return int(x)
        if enum == types_pb2.DT_BOOL:
            return bool(x)
        if enum == types_pb2.DT_STRING:
            return b64_obj(bytes(x)) if as_b64 else bytes(x).decode("utf-8")
        raise ValueError("TF Serving cannot write %s as JSON" % dtype_name(enum))

    def walk(a):
        # indexing an object (string) array yields bytes, never a numpy 'S' value (which would
        # drop trailing NUL bytes)
        if not isinstance(a, np.ndarray):
            return scalar(a)
        if a.ndim == 0:
            return scalar(a[()])
        return [walk(a[i]) for i in range(a.shape[0])]

    return walk(arr)


def predict_response(outputs, sig, fmt):
    names = sorted(outputs)
    if fmt == "row":
        sizes = set()
        for k in names:
            if np.ndim(outputs[k]) == 0:
                raise ValueError("row format: output %s has no batch dimension" % k)
            sizes.add(np.shape(outputs[k])[0])
        if len(sizes) != 1:
            raise ValueError("row format: outputs differ in batch size")
        preds = []
        for i in range(sizes.pop()):
            row = {k: tensor_json(outputs[k][i], sig.outputs[k].dtype, k) for k in names}
            preds.append(row[names[0]] if len(names) == 1 else row)
        return {"predictions": preds}
    cols = {k: tensor_json(outputs[k], sig.outputs[k].dtype, k) for k in names}
    return {"outputs": cols[names[0]] if len(names) == 1 else cols}


def example_from_json(obj):
    """TF Serving's MakeExampleFromJsonObject: int -> int64_list, number with '.' or exponent ->
    float_list, string or {"b64"} -> bytes_list, true/false -> int64 1/0."""
    ex = tf.train.Example()
    for name, content in obj.items():
        feature = ex.features.feature[name]
        kinds = set()
        for v in (content if isinstance(content, list) else [content]):
            if isinstance(v, bool):
                kinds.add("int64_list")
                feature.int64_list.value.append(int(v))
            elif isinstance(v, int):
                kinds.add("int64_list")
                feature.int64_list.value.append(v)
            elif isinstance(v, float):
                kinds.add("float_list")
                feature.float_list.value.append(v)
            elif isinstance(v, str):
                kinds.add("bytes_list")
                feature.bytes_list.value.append(v.encode("utf-8"))
            elif is_b64_obj(v):
                kinds.add("bytes_list")
                feature.bytes_list.value.append(base64.b64decode(v["b64"], validate=True))
            else:
                raise ValueError("bad feature value %r" % (v,))
        if len(kinds) > 1:
            raise ValueError("feature %s mixes kinds" % name)
    return ex


def serialize_example(obj):
    return example_from_json(obj).SerializeToString(deterministic=True)


def example_feed(request):
    """classify/regress request -> the `inputs` string tensor: context bytes + example bytes."""
    examples = request.get("examples")
    if not isinstance(examples, list) or not examples:
        raise ValueError("'examples' must be a non-empty list")
    prefix = serialize_example(request["context"]) if "context" in request else b""
    arr = np.empty(len(examples), dtype=object)
    arr[:] = [prefix + serialize_example(e) for e in examples]
    return arr


def classify_response(outputs, batch):
    classes, scores = outputs.get("classes"), outputs.get("scores")
    if classes is None and scores is None:
        raise ValueError("classify needs a 'classes' or 'scores' output")
    ref = scores if scores is not None else classes
    if ref.ndim != 2 or ref.shape[0] != batch:
        raise ValueError("classes/scores must be [batch, n]")
    results = []
    for i in range(batch):
        row = []
        for j in range(ref.shape[1]):
            label = bytes(classes[i, j]).decode("utf-8") if classes is not None else ""
            row.append([label, float(scores[i, j]) if scores is not None else 0.0])
        results.append(row)
    return {"results": results}


def regress_response(outputs, batch):
    out = outputs["outputs"]
    if out.shape not in ((batch,), (batch, 1)):
        raise ValueError("regress output must be [batch] or [batch, 1]")
    return {"results": [float(v) for v in out.reshape(-1)]}


# ============================================================================================
# Running SavedModels in TensorFlow
# ============================================================================================

class SessionRunner:
    """tf.compat.v1.saved_model.load into a Session; feeds and fetches signature tensors by name."""

    def __init__(self, vdir, tags=("serve",)):
        self.graph = tf.Graph()
        self.sess = V1.Session(graph=self.graph, config=session_config())
        with self.graph.as_default():
            self.meta = V1.saved_model.load(self.sess, list(tags), vdir)

    def run(self, sig_name, feeds):
        sig = self.meta.signature_def[sig_name]
        fetch = {k: sig.outputs[k].name for k in sig.outputs}
        return self.sess.run(fetch, {sig.inputs[k].name: v for k, v in feeds.items()})

    def close(self):
        self.sess.close()


class EagerRunner:
    """tf.saved_model.load(dir).signatures[key](**inputs)."""

    def __init__(self, vdir, tags=("serve",)):
        self.obj = tf.saved_model.load(vdir, tags=list(tags))

    def run(self, sig_name, feeds):
        out = self.obj.signatures[sig_name](**{k: tf.constant(v) for k, v in feeds.items()})
        return {k: v.numpy() for k, v in out.items()}

    def close(self):
        pass


def same_outputs(a, b, what):
    assert set(a) == set(b), (what, sorted(a), sorted(b))
    for k in a:
        x, y = np.asarray(a[k]), np.asarray(b[k])
        assert x.shape == y.shape, (what, k, x.shape, y.shape)
        if x.dtype.kind == "f":
            np.testing.assert_allclose(x, y, rtol=1e-6, atol=1e-7, err_msg="%s/%s" % (what, k))
        else:
            assert x.tolist() == y.tolist(), (what, k, x, y)


class ModelRunner:
    """Runs one SavedModel version through both loaders; the primary one is the TF2 loader for
    TF2 SavedModels and the Session for TF1 graphs, the other one cross-checks it."""

    def __init__(self, vdir):
        self.mg = meta_graph_for(load_saved_model_proto(vdir))
        self.tf2 = is_tf2(self.mg)
        self.session = SessionRunner(vdir)
        self.eager = EagerRunner(vdir)

    def run(self, sig_name, feeds):
        if sig_name not in self.mg.signature_def:
            raise KeyError("no signature " + sig_name)
        via_session = self.session.run(sig_name, feeds)
        via_eager = self.eager.run(sig_name, feeds)
        same_outputs(via_session, via_eager, sig_name)
        if self.tf2:
            return via_eager, ("tf.saved_model.load().signatures[%r], cross-checked with a "
                               "tf.compat.v1 Session" % sig_name)
        return via_session, ("tf.compat.v1.saved_model.load + Session.run, cross-checked with "
                             "tf.saved_model.load().signatures[%r]" % sig_name)

    def respond(self, method, request):
        """(response JSON, how it was computed) for one REST request."""
        sig_name = request.get("signature_name") or "serving_default"
        sig = self.mg.signature_def[sig_name]
        if method == "predict":
            feeds, fmt = predict_feeds(request, sig)
            outs, how = self.run(sig_name, feeds)
            return predict_response(outs, sig, fmt), how
        if list(sig.inputs) != ["inputs"]:
            raise ValueError("classify/regress need a single input named 'inputs'")
        feed = example_feed(request)
        outs, how = self.run(sig_name, {"inputs": feed})
        how += "; inputs = serialized tf.Examples (context bytes + example bytes)"
        if method == "classify":
            return classify_response(outs, len(feed)), how
        return regress_response(outs, len(feed)), how

    def close(self):
        self.session.close()
        self.eager.close()


# ============================================================================================
# Golden files
# ============================================================================================

def json_text(obj, depth=0):
    """Readable JSON: one member per line, lists of plain values on one line."""
    pad, inner = "  " * depth, "  " * (depth + 1)

    def has_object(x):
        return isinstance(x, dict) or (isinstance(x, list) and any(has_object(e) for e in x))

    if isinstance(obj, dict) and obj:
        body = ",\n".join("%s%s: %s" % (inner, json.dumps(k, ensure_ascii=False),
                                        json_text(v, depth + 1)) for k, v in obj.items())
        return "{\n%s\n%s}" % (body, pad)
    if isinstance(obj, list) and has_object(obj):
        body = ",\n".join(inner + json_text(v, depth + 1) for v in obj)
        return "[\n%s\n%s]" % (body, pad)
    return json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(", ", ": "))


def write_json(path, data):
    text = json_text(data) + "\n"
    assert json.loads(text) == data
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def request_body(request):
    return json.dumps(request, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


class Golden:
    def __init__(self, name, root):
        self.name, self.root = name, root
        self.model_dir = os.path.join(root, name)
        self.cases, self.extra, self.runners = [], {}, {}

    def versions(self):
        return sorted((d for d in os.listdir(self.model_dir) if d.isdigit()), key=int)

    def runner(self, version):
        if version not in self.runners:
            self.runners[version] = ModelRunner(os.path.join(self.model_dir, version))
        return self.runners[version]

    def add(self, method, request, note, version="1", latest=False, atol=ATOL, rtol=RTOL):
        response, how = self.runner(version).respond(method, request)
        path = "/v1/models/%s%s:%s" % (self.name, "" if latest else "/versions/" + version, method)
        self.cases.append({
            "version": version, "method": method, "path": path, "request": request,
            "request_body": request_body(request), "response": response, "atol": atol,
            "rtol": rtol, "note": note, "computed_with": how})
        return response

    def write(self):
        for r in self.runners.values():
            r.close()
        self.runners = {}
        data = {"model": self.name, "cases": self.cases, "metadata": {}, "op_types": {}}
        for v in self.versions():
            vdir = os.path.join(self.model_dir, v)
            data["metadata"][v] = render_metadata(self.name, v, vdir)
            every, needed = op_type_sets(meta_graph_for(load_saved_model_proto(vdir)))
            data["op_types"][v] = {"all": every, "inference": needed}
        data.update(self.extra)
        path = os.path.join(self.root, self.name + ".golden.json")
        write_json(path, data)
        return path


def close_enough(got, want, atol, rtol, where="$"):
    if isinstance(want, bool) or isinstance(got, bool):
        assert type(got) is type(want) and got == want, (where, got, want)
    elif isinstance(want, float):
        assert isinstance(got, (int, float)), (where, got, want)
        assert abs(got - want) <= atol + rtol * abs(want), (where, got, want)
    elif isinstance(want, dict):
        assert isinstance(got, dict) and set(got) == set(want), (where, got, want)
        for k in want:
            close_enough(got[k], want[k], atol, rtol, where + "." + k)
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), (where, got, want)
        for i, (g, w) in enumerate(zip(got, want)):
            close_enough(g, w, atol, rtol, "%s[%d]" % (where, i))
    else:
        assert type(got) is type(want) and got == want, (where, got, want)


def verify_golden(path):
    """Re-reads a golden file and re-runs every case (from its request_body text) on a fresh load
    of the model; checks the metadata and op types too."""
    with open(path, encoding="utf-8") as f:
        g = json.load(f)
    root = os.path.dirname(path)
    model_dir = os.path.join(root, g["model"])
    assert set(g) >= {"model", "cases", "metadata", "op_types"}, path
    runners = {}
    for i, case in enumerate(g["cases"]):
        v = case["version"]
        if v not in runners:
            runners[v] = ModelRunner(os.path.join(model_dir, v))
        request = json.loads(case["request_body"])
        assert request == case["request"], (path, i)
        want_path = "/v1/models/%s/versions/%s:%s" % (g["model"], v, case["method"])
        assert case["path"] in (want_path, "/v1/models/%s:%s" % (g["model"], case["method"]))
        got, _ = runners[v].respond(case["method"], request)
        close_enough(got, case["response"], case["atol"], case["rtol"], "%s case %d" % (path, i))
    for r in runners.values():
        r.close()
    for v, meta in g["metadata"].items():
        vdir = os.path.join(model_dir, v)
        assert render_metadata(g["model"], v, vdir) == meta, (path, v)
        every, needed = op_type_sets(meta_graph_for(load_saved_model_proto(vdir)))
        assert g["op_types"][v] == {"all": every, "inference": needed}, (path, v)
    return len(g["cases"])


# ============================================================================================
# Helpers for building models
# ============================================================================================

def fresh(path):
    if os.path.exists(path):
        shutil.rmtree(path)
    os.makedirs(os.path.dirname(path), exist_ok=True)


def dir_bytes(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


def set_method_names(vdir, methods):
    """tf.saved_model.save writes every signature as a predict signature. TF Serving's classify
    and regress APIs do not need the real method name, but a faithful fixture has it: rewrite the
    SignatureDefs' method_name, then rewrite fingerprint.pb to match the new saved_model.pb."""
    from tensorflow.python.saved_model.pywrap_saved_model import fingerprinting
    path = os.path.join(vdir, "saved_model.pb")
    sm = load_saved_model_proto(vdir)
    for mg in sm.meta_graphs:
        for key, method in methods.items():
            mg.signature_def[key].method_name = method
    with open(path, "wb") as f:
        f.write(sm.SerializeToString(deterministic=True))
    fp = os.path.join(vdir, "fingerprint.pb")
    if os.path.exists(fp):
        with open(fp, "wb") as f:
            f.write(fingerprinting.CreateFingerprintDef(vdir))


def load_values(sess, var, value):
    """Sets a TF1 variable's value without adding ops to the graph (feeds its initializer), so the
    graph's initializer constants (zeros) differ from the checkpoint: a reader must use the
    checkpoint."""
    var.load(value, sess)


def rng(offset):
    return np.random.default_rng(SEED + offset)


def rounded(a, nd=2):
    return np.round(np.asarray(a, dtype=np.float64), nd).astype(np.float32)


def _uvarint(buf, i):
    value = shift = 0
    while True:
        byte = buf[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, i


def _table_block(buf):
    """Entries of one uncompressed LevelDB-table block (prefix-compressed keys)."""
    restarts = int.from_bytes(buf[-4:], "little")
    end, i, key, out = len(buf) - 4 - 4 * restarts, 0, b"", []
    while i < end:
        shared, i = _uvarint(buf, i)
        unshared, i = _uvarint(buf, i)
        size, i = _uvarint(buf, i)
        key = key[:shared] + buf[i:i + unshared]
        i += unshared
        out.append((key, buf[i:i + size]))
        i += size
    return out


def bundle_index(vdir):
    """variables.index (a LevelDB table): {key: BundleEntryProto}; key b"" is the header."""
    from tensorflow.core.protobuf import tensor_bundle_pb2
    with open(os.path.join(vdir, "variables", "variables.index"), "rb") as f:
        data = f.read()
    footer = data[-48:]
    _, i = _uvarint(footer, 0)  # metaindex handle: offset, size
    _, i = _uvarint(footer, i)
    offset, i = _uvarint(footer, i)  # index block handle
    size, i = _uvarint(footer, i)
    entries = {}
    for _, handle in _table_block(data[offset:offset + size]):
        off, j = _uvarint(handle, 0)
        n, j = _uvarint(handle, j)
        assert data[off + n] == 0, "compressed block"
        for key, value in _table_block(data[off:off + n]):
            proto = tensor_bundle_pb2.BundleHeaderProto() if key == b"" else \
                tensor_bundle_pb2.BundleEntryProto()
            proto.ParseFromString(value)
            entries[key] = proto
    return entries


def data_shards(vdir):
    return sorted(f for f in os.listdir(os.path.join(vdir, "variables")) if ".data-" in f)


# ============================================================================================
# Bundled models (models/)
# ============================================================================================

class HalfPlusTwo(tf.Module):
    """y = a*x + b with variables a=0.5, b=2.0, and TF Serving's classify/regress signatures."""

    def __init__(self):
        super().__init__(name="half_plus_two")
        self.a = tf.Variable(0.5, name="a")
        self.b = tf.Variable(2.0, name="b")

    def _parse_x(self, inputs):
        return tf.io.parse_example(inputs, {"x": tf.io.FixedLenFeature([1], tf.float32)})["x"]

    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32, name="x")])
    def predict(self, x):
        return {"y": self.a * x + self.b}

    @tf.function(input_signature=[tf.TensorSpec([None], tf.string, name="inputs")])
    def classify(self, inputs):
        return {"scores": self.a * self._parse_x(inputs) + self.b}

    @tf.function(input_signature=[tf.TensorSpec([None], tf.string, name="inputs")])
    def regress(self, inputs):
        return {"outputs": self.a * self._parse_x(inputs) + self.b}


def save_half_plus_two(vdir):
    fresh(vdir)
    m = HalfPlusTwo()
    tf.saved_model.save(m, vdir, signatures={"serving_default": m.predict,
                                             "classify_x_to_y": m.classify,
                                             "regress_x_to_y": m.regress})
    set_method_names(vdir, {"classify_x_to_y": CLASSIFY, "regress_x_to_y": REGRESS})


def half_plus_two_cases(g):
    g.add("predict", {"instances": [1.0, 2.0, 5.0]}, "row format: y = 0.5*x + 2")
    g.add("predict", {"inputs": [-4.0, 0.0, 0.5, 1e3]}, "columnar format, bare list")
    g.add("predict", {"instances": [1, 2]}, "JSON integers are accepted for a float input",
          latest=True)
    g.add("predict", {"signature_name": "serving_default", "inputs": {"x": [10.0]}},
          "columnar, named input, explicit signature_name")
    g.add("classify", {"signature_name": "classify_x_to_y",
                       "examples": [{"x": 1.0}, {"x": [2.0]}, {"x": -3.5}]},
          "classify: no 'classes' output, so every label is \"\"")
    g.add("regress", {"signature_name": "regress_x_to_y",
                      "examples": [{"x": 3.0}, {"x": 0.25}]}, "regress: [batch, 1] output")
    g.add("regress", {"signature_name": "regress_x_to_y", "context": {"x": 9.0},
                      "examples": [{}, {"x": 1.0}]},
          "context: the example's own feature wins, {} takes the context's x")
    g.add("predict", {"signature_name": "regress_x_to_y",
                      "instances": [b64_obj(serialize_example({"x": 4.0})),
                                    b64_obj(serialize_example({"x": -1.0}))]},
          "predict on a regress signature with base64 serialized tf.Examples")


def build_half_plus_two(out):
    root = os.path.join(out, "models")
    save_half_plus_two(os.path.join(root, "half_plus_two", "1"))
    g = Golden("half_plus_two", root)
    half_plus_two_cases(g)
    got = g.cases[0]["response"]
    assert got == {"predictions": [2.5, 3.0, 4.5]}, got
    return g.write()


DIGIT_LABELS = [str(d) for d in range(10)]


def digits_split():
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    d = load_digits()
    x = (d.data / 16.0).astype(np.float32)
    return train_test_split(x, d.target.astype(np.int64), test_size=0.25, random_state=0,
                            stratify=d.target)


def build_digits(out, epochs=30):
    """Keras 3 MLP exported through keras.export.ExportArchive (what model.export() uses), with
    the same "serve"/"serving_default" endpoint model.export() writes plus a "classify" endpoint
    over serialized tf.Examples. ExportArchive keeps Keras' own variable tracking, so both
    signatures share one set of weights."""
    import keras
    root = os.path.join(out, "models")
    vdir = os.path.join(root, "digits", "1")
    fresh(vdir)
    xtr, xte, ytr, yte = digits_split()
    keras.utils.set_random_seed(SEED)
    tf.config.experimental.enable_op_determinism()
    model = keras.Sequential([
        keras.Input(shape=(64,), name="pixels"),
        keras.layers.Dense(32, activation="relu", name="hidden"),
        keras.layers.Dense(10, activation="softmax", name="probabilities"),
    ], name="digits")
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(xtr, ytr, epochs=epochs, batch_size=32, shuffle=True, verbose=0)

    archive = keras.export.ExportArchive()
    archive.track(model)
    archive.add_endpoint("serve", lambda pixels: model(pixels, training=False),
                         input_signature=[tf.TensorSpec([None, 64], tf.float32, name="pixels")])

    def classify(inputs):
        pixels = tf.io.parse_example(
            inputs, {"pixels": tf.io.FixedLenFeature([64], tf.float32)})["pixels"]
        scores = model(pixels, training=False)
        classes = tf.tile(tf.constant([DIGIT_LABELS]), [tf.shape(scores)[0], 1])
        return {"classes": classes, "scores": scores}

    archive.add_endpoint("classify", classify,
                         input_signature=[tf.TensorSpec([None], tf.string, name="inputs")])
    archive.write_out(vdir, verbose=False)
    set_method_names(vdir, {"classify": CLASSIFY})

    fn = tf.saved_model.load(vdir).signatures["serving_default"]
    probs = list(fn(pixels=tf.constant(xte)).values())[0].numpy()
    acc = float((probs.argmax(axis=1) == yte).mean())
    print("  digits: %d epochs, held-out accuracy %.4f" % (epochs, acc))
    assert acc > 0.9, acc

    g = Golden("digits", root)
    px = [[float(v) for v in row] for row in xte[:5]]
    g.add("predict", {"instances": px[:2]}, "row format: 64 pixels (0..1) per digit -> 10 "
          "softmax scores; labels %s" % [int(v) for v in yte[:2]])
    g.add("predict", {"instances": [{"pixels": px[2]}]}, "row format, named input")
    g.add("predict", {"inputs": {"pixels": px[3:5]}}, "columnar format", latest=True)
    g.add("classify", {"signature_name": "classify", "examples": [{"pixels": p} for p in px[:3]]},
          "classify: classes \"0\"..\"9\" with their scores; labels %s" % [int(v) for v in yte[:3]])
    g.add("predict", {"signature_name": "classify",
                      "instances": [b64_obj(serialize_example({"pixels": px[4]}))]},
          "predict on the classify signature with a base64 serialized tf.Example")
    g.extra["python_accuracy"] = {"1": acc}
    return g.write()


# ============================================================================================
# Test models (test/fixtures/models/)
# ============================================================================================

PBTXT_LABELS = ["left \"quoted\"\\path\n\ttab", "right é ☃ ✓"]


def build_pbtxt_model(root):
    """TF1 graph saved as text: saved_model.pbtxt. String constants with quotes, backslashes,
    control characters and UTF-8 (octal-escaped in text format), a multi-value float Const
    (tensor_content bytes, escaped) and a scalar float Const."""
    vdir = os.path.join(root, "pbtxt_model", "1")
    fresh(vdir)
    r = rng(1)
    with tf.Graph().as_default() as graph, V1.Session(graph=graph, config=session_config()) as sess:
        x = V1.placeholder(tf.float32, [None, 3], name="x")
        w = V1.get_variable("W", [3, 2], initializer=V1.zeros_initializer(), use_resource=True)
        b = V1.get_variable("b", [2], initializer=V1.zeros_initializer(), use_resource=False)
        offset = tf.constant([0.25, -0.5], name="offset")
        y = tf.multiply(tf.matmul(x, w) + b + offset, tf.constant(0.3, name="scale"), name="y")
        labels = tf.constant(PBTXT_LABELS, name="label_names")
        label = tf.gather(labels, tf.argmax(y, axis=1), name="label")
        sess.run(V1.global_variables_initializer())
        load_values(sess, w, rounded(r.normal(size=(3, 2))))
        load_values(sess, b, rounded(r.normal(size=(2,))))
        builder = V1.saved_model.Builder(vdir)
        builder.add_meta_graph_and_variables(
            sess, ["serve"], strip_default_attrs=True,
            signature_def_map={"serving_default": V1.saved_model.predict_signature_def(
                {"x": x}, {"y": y, "label": label})})
        builder.save(as_text=True)
    assert os.path.isfile(os.path.join(vdir, "saved_model.pbtxt"))
    assert not os.path.exists(os.path.join(vdir, "saved_model.pb"))

    g = Golden("pbtxt_model", root)
    g.add("predict", {"instances": [[1.0, 2.0, 3.0], [-1.0, 0.5, 0.0]]},
          "row format: y = (x.W + b + [0.25, -0.5]) * 0.3; label picks a string constant")
    g.add("predict", {"inputs": {"x": [[0.0, 0.0, 0.0], [3.0, -2.0, 1.0], [0.1, 0.2, 0.3]]}},
          "columnar; the zero row gives (b + offset) * 0.3")
    g.add("predict", {"instances": [{"x": [2.0, -1.0, 0.5]}, {"x": [-2.0, 1.0, -0.5]}]},
          "named row format", latest=True)
    labels = set()
    for c in g.cases:
        r = c["response"]
        labels |= {p["label"] for p in r.get("predictions", [])}
        labels |= set(r.get("outputs", {}).get("label", []))
    assert labels == set(PBTXT_LABELS), labels
    return g.write()


def _multi_tag_graph(kind):
    """One graph of multi_tag_model. Same variables in every graph; the outputs differ."""
    x = V1.placeholder(tf.float32, [None, 2], name="x")
    w = V1.get_variable("w", [2, 1], initializer=V1.zeros_initializer(), use_resource=True)
    bias = V1.get_variable("bias", [1], initializer=V1.zeros_initializer(), use_resource=False)
    base = tf.matmul(x, w) + bias
    if kind == "serve":
        sigs = {
            "serving_default": ({"x": x}, {"y": tf.identity(base, name="y")}),
            "serve_only": ({"x": x}, {"doubled": tf.multiply(base, 2.0, name="doubled")}),
        }
    elif kind == "serve_gpu":
        sigs = {
            "serving_default": ({"x": x}, {"y": tf.multiply(base, 100.0, name="y_gpu")}),
            "gpu_only": ({"x": x}, {"y": tf.identity(base, name="y_gpu_only")}),
        }
    else:
        sigs = {
            "serving_default": ({"x": x}, {"y": tf.negative(base, name="y_train")}),
            "train_only": ({"x": x}, {"loss": tf.reduce_sum(tf.square(base), name="loss")}),
        }
    sig_defs = {k: V1.saved_model.predict_signature_def(i, o) for k, (i, o) in sigs.items()}
    return w, bias, sig_defs


def build_multi_tag_model(root):
    """Three MetaGraphDefs: ["serve","gpu"] first (it saves the variables), then ["train"], then
    the one TF Serving loads, ["serve"], last. serving_default scales differently in each."""
    vdir = os.path.join(root, "multi_tag_model", "1")
    fresh(vdir)
    r = rng(2)
    w_val, b_val = rounded(r.normal(size=(2, 1))), rounded(r.normal(size=(1,)))
    builder = V1.saved_model.Builder(vdir)
    for i, (kind, tags) in enumerate([("serve_gpu", ["serve", "gpu"]), ("train", ["train"]),
                                      ("serve", ["serve"])]):
        with tf.Graph().as_default() as graph, \
                V1.Session(graph=graph, config=session_config()) as sess:
            w, bias, sigs = _multi_tag_graph(kind)
            if i == 0:
                sess.run(V1.global_variables_initializer())
                load_values(sess, w, w_val)
                load_values(sess, bias, b_val)
                builder.add_meta_graph_and_variables(sess, tags, signature_def_map=sigs)
            else:
                builder.add_meta_graph(tags, signature_def_map=sigs)
    builder.save()
    sm = load_saved_model_proto(vdir)
    assert [sorted(m.meta_info_def.tags) for m in sm.meta_graphs] == \
        [["gpu", "serve"], ["train"], ["serve"]]

    # The trap is real: the other tag sets give other answers for the same request.
    feed = {"x": np.array([[1.0, 2.0]], np.float32)}
    answers = {}
    for tags in (["serve"], ["serve", "gpu"], ["train"]):
        s = SessionRunner(vdir, tags)
        answers[tuple(tags)] = s.run("serving_default", feed)["y"].tolist()
        s.close()
    assert len({json.dumps(v) for v in answers.values()}) == 3, answers

    g = Golden("multi_tag_model", root)
    g.add("predict", {"instances": [[1.0, 2.0], [-0.5, 0.25]]},
          "serving_default of the [\"serve\"] graph: y = x.w + bias (the [\"serve\",\"gpu\"] graph "
          "would give 100x, the [\"train\"] graph -y)")
    g.add("predict", {"signature_name": "serve_only", "inputs": [[1.0, 2.0], [0.0, 0.0]]},
          "serve_only exists only in the [\"serve\"] graph: doubled = 2*(x.w + bias)")
    g.add("predict", {"inputs": {"x": [[3.0, -1.0]]}}, "columnar", latest=True)
    return g.write()


def build_sharded_model(root):
    """TF1 graph whose variables sit on /cpu:0, /cpu:1 and /cpu:2 of a 3-CPU session; the
    SavedModelBuilder's saver is sharded by device, so the checkpoint has three data files.
    Devices are cleared from the exported graph (clear_devices=True), so it loads on one CPU."""
    vdir = os.path.join(root, "sharded_model", "1")
    fresh(vdir)
    r = rng(3)
    with tf.Graph().as_default() as graph, \
            V1.Session(graph=graph, config=session_config(cpus=3)) as sess:
        x = V1.placeholder(tf.float32, [None, 4], name="x")
        specs = [("dense1/kernel", [4, 8], 0, True), ("dense1/bias", [8], 1, False),
                 ("dense2/kernel", [8, 3], 2, True), ("dense2/bias", [3], 2, False)]
        v = {}
        for name, shape, cpu, resource in specs:
            with tf.device("/cpu:%d" % cpu):
                v[name] = V1.get_variable(name, shape, initializer=V1.zeros_initializer(),
                                          use_resource=resource)
        h = tf.nn.relu(tf.matmul(x, v["dense1/kernel"]) + v["dense1/bias"], name="hidden")
        logits = tf.add(tf.matmul(h, v["dense2/kernel"]), v["dense2/bias"], name="logits")
        probs = tf.nn.softmax(logits, name="probabilities")
        sess.run(V1.global_variables_initializer())
        for name, shape, _, _ in specs:
            load_values(sess, v[name], rounded(r.normal(size=shape) * 0.8, 3))
        builder = V1.saved_model.Builder(vdir)
        builder.add_meta_graph_and_variables(
            sess, ["serve"], clear_devices=True, strip_default_attrs=True,
            signature_def_map={"serving_default": V1.saved_model.predict_signature_def(
                {"x": x}, {"logits": logits, "probabilities": probs})})
        builder.save()
    shards = data_shards(vdir)
    assert shards == ["variables.data-0000%d-of-00003" % i for i in range(3)], shards
    assert all(os.path.getsize(os.path.join(vdir, "variables", s)) > 0 for s in shards)
    index = bundle_index(vdir)
    assert index[b""].num_shards == 3
    assert {index[k.encode()].shard_id for k, _, _, _ in specs} == {0, 1, 2}

    g = Golden("sharded_model", root)
    g.add("predict", {"instances": [[1.0, 0.5, -0.5, 2.0], [0.0, 0.0, 0.0, 0.0]]},
          "row format: two dense layers whose variables are spread over three checkpoint shards")
    g.add("predict", {"inputs": {"x": [[-1.0, 2.0, 0.25, 0.75]]}}, "columnar", latest=True)
    return g.write()


def build_partitioned_model(root):
    """TF1 partitioned variables: `emb` [10,4] split in 3 along axis 0 (4+3+3 rows) and `proj`
    [4,3] split in 3 along axis 1. The checkpoint holds each as one full-shape entry whose
    BundleEntryProto lists `slices`, with the slice data stored under separate keys."""
    vdir = os.path.join(root, "partitioned_model", "1")
    fresh(vdir)
    r = rng(4)
    with tf.Graph().as_default() as graph, V1.Session(graph=graph, config=session_config()) as sess:
        ids = V1.placeholder(tf.int64, [None], name="ids")
        emb = V1.get_variable("emb", [10, 4], initializer=V1.zeros_initializer(),
                              partitioner=V1.fixed_size_partitioner(3), use_resource=False)
        proj = V1.get_variable("proj", [4, 3], initializer=V1.zeros_initializer(),
                               partitioner=V1.fixed_size_partitioner(3, axis=1),
                               use_resource=True)
        vectors = tf.gather(emb.as_tensor(), ids, name="embedding")
        logits = tf.matmul(vectors, proj.as_tensor(), name="logits")
        sess.run(V1.global_variables_initializer())
        full_emb = rounded(r.normal(size=(10, 4)))
        full_proj = rounded(r.normal(size=(4, 3)))
        for part in emb:
            off = part._get_save_slice_info().var_offset
            shp = part.shape.as_list()
            load_values(sess, part, full_emb[off[0]:off[0] + shp[0], :])
        for part in proj:
            off = part._get_save_slice_info().var_offset
            shp = part.shape.as_list()
            load_values(sess, part, full_proj[:, off[1]:off[1] + shp[1]])
        assert len(list(emb)) == 3 and len(list(proj)) == 3
        builder = V1.saved_model.Builder(vdir)
        builder.add_meta_graph_and_variables(
            sess, ["serve"], signature_def_map={
                "serving_default": V1.saved_model.predict_signature_def(
                    {"ids": ids}, {"embedding": vectors, "logits": logits})})
        builder.save()
    ckpt = dict(tf.train.list_variables(os.path.join(vdir, "variables", "variables")))
    assert ckpt == {"emb": [10, 4], "proj": [4, 3]}, ckpt
    reader = tf.train.load_checkpoint(os.path.join(vdir, "variables", "variables"))
    np.testing.assert_array_equal(reader.get_tensor("emb"), full_emb)
    np.testing.assert_array_equal(reader.get_tensor("proj"), full_proj)
    index = bundle_index(vdir)
    assert len(index[b"emb"].slices) == 3 and len(index[b"proj"].slices) == 3
    assert sum(1 for k in index if k.startswith(b"\x00")) == 6  # one entry per slice's data

    g = Golden("partitioned_model", root)
    g.add("predict", {"instances": [0, 3, 4, 9]},
          "rows 0 and 3 come from emb/part_0, 4 from part_1, 9 from part_2")
    g.add("predict", {"inputs": {"ids": [7, 7, 1]}}, "columnar, repeated id", latest=True)
    return g.write()


TEXT_VALUES = ["héllo".encode("utf-8"), b"\x00\xff\xfe bin\x00", b"plain"]


class DtypesModule(tf.Module):
    def __init__(self):
        super().__init__(name="dtypes")
        self.f64 = tf.Variable(np.array([0.1, -2.5, math.pi], np.float64), name="f64")
        self.i64 = tf.Variable(np.array([2**53 + 1, -(2**62) - 3, 7], np.int64), name="i64")
        self.i32 = tf.Variable(np.array([-7, 2**31 - 1, 42], np.int32), name="i32")
        self.flags = tf.Variable([True, False, True], name="flags")
        self.text = tf.Variable(TEXT_VALUES, dtype=tf.string, name="text")
        self.f16 = tf.Variable(np.array([0.5, -1.25, 0.1], np.float16), name="f16")

    @tf.function(input_signature=[tf.TensorSpec([None], tf.int32, name="i")])
    def lookup(self, i):
        return {
            "f64": tf.gather(self.f64, i),
            "i64": tf.gather(self.i64, i),
            "i32": tf.gather(self.i32, i),
            "flag": tf.gather(self.flags, i),
            "text_bytes": tf.gather(self.text, i),
            "f16_as_f32": tf.cast(tf.gather(self.f16, i), tf.float32),
        }

    @tf.function(input_signature=[tf.TensorSpec([None], tf.float64, name="x"),
                                  tf.TensorSpec([None], tf.int64, name="n")])
    def compute(self, x, n):
        return {
            "y": x * self.f64[2] + self.f64[0],
            "n_plus_big": n + self.i64[0],
            "small": tf.cast(tf.math.floormod(n, 1000), tf.int32) + self.i32[0],
            "half": tf.cast(tf.cast(x, tf.float16) * self.f16[1], tf.float32),
            "positive_and_flag": tf.logical_and(n > 0, self.flags[0]),
            "greeting": tf.strings.join([self.text[0], tf.strings.as_string(n)], separator="#"),
        }


def build_dtypes_model(root):
    """TF2 module whose checkpoint holds float64, int64 (2^53+1), int32, bool, string (UTF-8 and
    raw bytes with NULs/0xff) and float16 variables."""
    vdir = os.path.join(root, "dtypes_model", "1")
    fresh(vdir)
    m = DtypesModule()
    tf.saved_model.save(m, vdir, signatures={"serving_default": m.lookup, "compute": m.compute})
    reader = tf.train.load_checkpoint(os.path.join(vdir, "variables", "variables"))
    kinds = {k.split("/")[0]: reader.get_variable_to_dtype_map()[k]
             for k in reader.get_variable_to_dtype_map() if k.endswith("VARIABLE_VALUE")}
    assert kinds == {"f64": tf.float64, "i64": tf.int64, "i32": tf.int32, "flags": tf.bool,
                     "text": tf.string, "f16": tf.float16}, kinds
    assert reader.get_tensor("text/.ATTRIBUTES/VARIABLE_VALUE").tolist() == TEXT_VALUES
    assert int(reader.get_tensor("i64/.ATTRIBUTES/VARIABLE_VALUE")[0]) == 2**53 + 1

    g = Golden("dtypes_model", root)
    resp = g.add("predict", {"instances": [0, 1, 2]},
          "row format: one value of each variable per row; text_bytes (DT_STRING named *_bytes) "
          "is base64; i64[0] = 2^53+1 must survive exactly; f16 values widened to float32")
    got = [base64.b64decode(p["text_bytes"]["b64"]) for p in resp["predictions"]]
    assert got == TEXT_VALUES, got  # trailing NUL bytes kept
    assert resp["predictions"][0]["i64"] == 2**53 + 1
    g.add("predict", {"inputs": [2, 0]}, "columnar, bare list for the single input `i`")
    g.add("predict", {"signature_name": "compute",
                      "instances": [{"x": 1.0, "n": 5}, {"x": -0.5, "n": -1234},
                                    {"x": 1e-3, "n": 0}]},
          "compute: float64 and int64 inputs; floormod, float16 multiply, string join")
    g.add("predict", {"signature_name": "compute",
                      "inputs": {"x": [2.0, 0.1], "n": [2**53 + 1, -(2**62)]}},
          "int64 inputs above 2^53 must be parsed exactly (n_plus_big, greeting echo them)",
          latest=True)
    return g.write()


# --- control flow v2 ----------------------------------------------------------------------------

def _function_ops(vdir):
    """{library function name: [op types of its body]} of a saved model's MetaGraph."""
    mg = meta_graph_for(load_saved_model_proto(vdir))
    return {f.signature.name: [n.op for n in f.node_def] for f in mg.graph_def.library.function}


class ControlFlowModule(tf.Module):
    """TF2 control flow v2: While / If ops whose body functions capture resource variables, and a
    tf.function called inside a While body (a call node inside a library function)."""

    def __init__(self):
        super().__init__(name="control_flow")
        self.w = tf.Variable(np.float32(1.5), name="w")
        self.pos = tf.Variable(np.array([2.0, -1.0], np.float32), name="pos")
        self.neg = tf.Variable(np.array([0.5, 3.0], np.float32), name="neg")
        self.shift = tf.Variable(np.float32(0.25), name="shift")

    @tf.function
    def step(self, acc, x):
        return acc + x * self.w + self.shift

    @tf.function
    def square(self, v):
        return v * v

    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32, name="x"),
                                  tf.TensorSpec([], tf.int32, name="n")])
    def while_sum(self, x, n):
        def body(i, acc):
            return i + 1, acc + x * self.w
        _, acc = tf.while_loop(lambda i, acc: i < n, body, [tf.constant(0), tf.zeros_like(x)])
        return {"y": acc}

    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32, name="x")])
    def cond_branch(self, x):
        y = tf.cond(tf.reduce_sum(x) > 0,
                    lambda: x * self.pos[0] + self.pos[1],
                    lambda: x * self.neg[0] - self.neg[1])
        return {"y": y}

    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32, name="x"),
                                  tf.TensorSpec([], tf.int32, name="n")])
    def nested_call(self, x, n):
        def body(i, acc):
            return i + 1, self.square(self.step(acc, x)) * 0.5
        _, acc = tf.while_loop(lambda i, acc: i < n, body, [tf.constant(0), tf.zeros_like(x)])
        return {"y": acc}


def build_control_flow_v2_model(root):
    """TF2 module with While / If ops (control flow v2) whose body functions read variables, and
    StatefulPartitionedCall / PartitionedCall nodes inside a While body. Loop vars are int32/float32."""
    vdir = os.path.join(root, "control_flow_v2_model", "1")
    fresh(vdir)
    m = ControlFlowModule()
    tf.saved_model.save(m, vdir, signatures={
        "while_sum": m.while_sum, "cond_branch": m.cond_branch, "nested_call": m.nested_call})
    fns = _function_ops(vdir)
    ops = {op for body in fns.values() for op in body}
    assert {"While", "If", "ReadVariableOp"} <= ops, sorted(ops)
    bodies = [name for name, body in fns.items() if name.startswith("while_body")
              and {"StatefulPartitionedCall", "PartitionedCall"} <= set(body)]
    assert len(bodies) == 1, fns
    assert any(name.startswith("cond_true") and "ReadVariableOp" in body
               for name, body in fns.items()), fns
    mg = meta_graph_for(load_saved_model_proto(vdir))
    wide = [(f.signature.name, a.name) for f in mg.graph_def.library.function
            for a in list(f.signature.input_arg) + list(f.signature.output_arg)
            if a.type in (types_pb2.DT_INT64, types_pb2.DT_UINT64, types_pb2.DT_DOUBLE)]
    assert not wide, wide

    g = Golden("control_flow_v2_model", root)
    g.add("predict", {"signature_name": "while_sum", "inputs": {"x": [1.0, 2.0, -0.5], "n": 3}},
          "while_sum: While loop (body reads variable w = 1.5 through a captured resource) "
          "3 times: y = 3 * 1.5 * x")
    g.add("predict", {"signature_name": "while_sum", "inputs": {"x": [4.0, -2.0], "n": 0}},
          "while_sum with n = 0: the body never runs, y = zeros")
    g.add("predict", {"signature_name": "cond_branch", "instances": [1.0, 2.0, -0.5]},
          "cond_branch, row format: sum > 0 takes the then branch, y = x * pos[0] + pos[1] "
          "(variables read inside the If branch function)")
    g.add("predict", {"signature_name": "cond_branch", "inputs": {"x": [-1.0, 0.5, -2.0]}},
          "cond_branch, columnar: sum <= 0 takes the else branch, y = x * neg[0] - neg[1]",
          latest=True)
    g.add("predict", {"signature_name": "nested_call", "inputs": {"x": [1.0, -0.5], "n": 3}},
          "nested_call: each While iteration calls step (StatefulPartitionedCall reading w and "
          "shift) and square (PartitionedCall): acc = square(acc + x * w + shift) * 0.5")
    g.add("predict", {"signature_name": "nested_call", "inputs": {"x": [0.25], "n": 1}},
          "nested_call, one iteration")
    path = g.write()
    assert dir_bytes(os.path.dirname(vdir)) < 100 * KB
    return path


# --- assets.extra/tf_serving_warmup_requests ---------------------------------------------------
# tensorflow_serving's protos are not installed, so PredictionLog is written field by field:
#   PredictionLog  { predict_log = 6 : PredictLog }
#   PredictLog     { request = 1 : PredictRequest }
#   PredictRequest { model_spec = 1 : ModelSpec, inputs = 2 : map<string, TensorProto> }
#   ModelSpec      { name = 1 : string, version = 2 : google.protobuf.Int64Value,
#                    signature_name = 3 : string }

def _varint(n):
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _field(number, payload):
    """A length-delimited field (wire type 2)."""
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def encode_prediction_log(model_name, inputs, signature_name="", version=None):
    spec = _field(1, model_name.encode())
    if version is not None:
        spec += _field(2, _varint(1 << 3 | 0) + _varint(version))  # Int64Value{value = 1}
    if signature_name:
        spec += _field(3, signature_name.encode())
    request = _field(1, spec)
    for key in sorted(inputs):
        entry = _field(1, key.encode()) + _field(2, inputs[key].SerializeToString())
        request += _field(2, entry)
    return _field(6, _field(1, request))


def _read_fields(buf):
    """Minimal wire-format reader: [(field number, wire type, value)]."""
    out, i = [], 0
    while i < len(buf):
        key = 0
        shift = 0
        while True:
            b = buf[i]
            i += 1
            key |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                break
        number, wt = key >> 3, key & 7
        val = 0
        shift = 0
        while True:
            b = buf[i]
            i += 1
            val |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                break
        if wt == 2:
            out.append((number, wt, buf[i:i + val]))
            i += val
        elif wt == 0:
            out.append((number, wt, val))
        else:
            raise ValueError("unexpected wire type %d" % wt)
    return out


def decode_prediction_log(data):
    (num, _, plog), = _read_fields(data)
    assert num == 6
    (num, _, req), = _read_fields(plog)
    assert num == 1
    spec, inputs = {}, {}
    for num, _, val in _read_fields(req):
        if num == 1:
            for n2, _, v2 in _read_fields(val):
                if n2 == 2:
                    spec["version"] = dict((a, c) for a, _, c in _read_fields(v2))[1]
                else:
                    spec[{1: "name", 3: "signature_name"}[n2]] = v2.decode()
        elif num == 2:
            entry = {n2: v2 for n2, _, v2 in _read_fields(val)}
            tp = tensor_pb2.TensorProto()
            tp.ParseFromString(entry[2])
            inputs[entry[1].decode()] = tp
    return spec, inputs


def warmup_records(model_name):
    ex = np.array([serialize_example({"x": 4.0}), serialize_example({"x": -2.0})], dtype=object)
    listed = tensor_pb2.TensorProto(dtype=types_pb2.DT_FLOAT, float_val=[10.0, -4.0])
    listed.tensor_shape.dim.add(size=2)
    return [
        ("serving_default, x as tensor_content bytes [3]",
         encode_prediction_log(model_name, {"x": tf.make_tensor_proto(
             np.array([1.0, 2.0, 3.0], np.float32))}, "serving_default")),
        ("no signature_name (default), model_spec.version = 1, x as float_val [2]",
         encode_prediction_log(model_name, {"x": listed}, version=1)),
        ("regress_x_to_y through Predict: inputs = 2 serialized tf.Examples (string_val)",
         encode_prediction_log(model_name, {"inputs": tf.make_tensor_proto(ex)},
                               "regress_x_to_y")),
    ]


def build_assets_extra_model(root):
    """half_plus_two again, plus assets.extra/tf_serving_warmup_requests (3 TFRecord records of
    tensorflow.serving.PredictionLog, each a predict_log)."""
    name = "assets_extra_model"
    vdir = os.path.join(root, name, "1")
    save_half_plus_two(vdir)
    extra = os.path.join(vdir, "assets.extra")
    os.makedirs(extra)
    path = os.path.join(extra, "tf_serving_warmup_requests")
    records = warmup_records(name)
    with tf.io.TFRecordWriter(path) as w:
        for _, rec in records:
            w.write(rec)

    assert [r.numpy() for r in tf.data.TFRecordDataset(path)] == [r for _, r in records]
    g = Golden(name, root)
    half_plus_two_cases(g)
    return g.write()


def run_warmup_file(vdir):
    """Reads assets.extra/tf_serving_warmup_requests as TF Serving would (TFRecord framing, then
    PredictionLog) and runs every request in TensorFlow: [(description, spec, inputs, outputs)]."""
    path = os.path.join(vdir, "assets.extra", "tf_serving_warmup_requests")
    descriptions = [what for what, _ in warmup_records("assets_extra_model")]
    runner = ModelRunner(vdir)
    results = []
    for what, record in zip(descriptions, tf.data.TFRecordDataset(path)):
        spec, inputs = decode_prediction_log(record.numpy())
        assert spec["name"] == "assets_extra_model", spec
        feeds = {k: tf.make_ndarray(v) for k, v in inputs.items()}
        outs, _ = runner.run(spec.get("signature_name") or "serving_default", feeds)
        results.append((what, spec, {k: v.tolist() for k, v in feeds.items()},
                        {k: v.tolist() for k, v in outs.items()}))
    runner.close()
    assert len(results) == 3, results
    return results


# ============================================================================================
# README for test/fixtures/models
# ============================================================================================

def signature_lines(vdir):
    mg = meta_graph_for(load_saved_model_proto(vdir))

    def fmt(infos):
        parts = []
        for k in sorted(infos):
            ti = infos[k]
            shape = "?" if ti.tensor_shape.unknown_rank else \
                "[" + ",".join(str(d.size) for d in ti.tensor_shape.dim) + "]"
            parts.append("`%s` %s %s" % (k, dtype_name(ti.dtype)[3:].lower(), shape))
        return ", ".join(parts)

    out = []
    for key in sorted(mg.signature_def):
        if key.startswith("__"):
            continue
        s = mg.signature_def[key]
        out.append("`%s` (%s): %s -> %s" % (key, s.method_name.rsplit("/", 1)[-1],
                                             fmt(s.inputs), fmt(s.outputs)))
    return out


TEST_MODELS = [
    ("pbtxt_model", "TF1 `SavedModelBuilder.save(as_text=True)`",
     "`saved_model.pbtxt` instead of `saved_model.pb` (text format): octal-escaped string "
     "constants with quotes, backslash, newline, tab and UTF-8; a multi-value float Const stored "
     "as escaped `tensor_content`; a resource variable (`W`) and a `VariableV2` (`b`); default "
     "attrs stripped"),
    ("multi_tag_model", "TF1 builder, three MetaGraphDefs",
     "tag sets in file order `[\"serve\",\"gpu\"]` (saved the variables), `[\"train\"]`, "
     "`[\"serve\"]`. Only the last is served. `serving_default` gives 100y in the gpu graph and "
     "-y in the train graph; each graph also has one signature of its own (`gpu_only`, "
     "`train_only`, `serve_only`)"),
    ("sharded_model", "TF1 builder, variables on /cpu:0..2 of a 3-CPU session",
     "checkpoint in three data files `variables.data-0000{0,1,2}-of-00003` (sharded Saver, one "
     "shard per device; devices cleared from the graph); resource and `VariableV2` variables"),
    ("partitioned_model", "TF1 `get_variable(partitioner=fixed_size_partitioner(3))`",
     "partitioned variables: `emb` [10,4] split on axis 0 (rows 4+3+3, `VariableV2`) and `proj` "
     "[4,3] split on axis 1 (resource). The checkpoint stores each as one full-shape "
     "BundleEntryProto with `slices`; the graph reads `emb/part_0..2` and `proj/part_0..2` and "
     "concatenates them (ConcatV2)"),
    ("dtypes_model", "TF2 `tf.Module`, `tf.saved_model.save`",
     "checkpoint tensors of dtype float64, int64 (2^53+1 and -(2^62)-3), int32 (2^31-1), bool, "
     "string (`héllo` UTF-8, `\\x00\\xff\\xfe bin\\x00`, `plain`) and float16 (0.5, -1.25, 0.1). "
     "float16 is widened to float32 before output because TF Serving's JSON writer has no "
     "DT_HALF. int64 inputs/outputs above 2^53"),
    ("assets_extra_model", "TF2 half_plus_two + hand-encoded warmup file",
     "`assets.extra/tf_serving_warmup_requests`: TFRecord file of 3 `tensorflow.serving."
     "PredictionLog` records (see below). Same signatures and cases as `models/half_plus_two`"),
    ("control_flow_v2_model", "TF2 `tf.Module`, `tf.while_loop` / `tf.cond`",
     "control flow v2: `While` and `If` ops whose body functions read variables through "
     "captured resource arguments (`ReadVariableOp` inside the functions), and a While body "
     "that calls two tf.functions (`StatefulPartitionedCall` + `PartitionedCall` inside the "
     "body). Loop variables are int32 / float32 only"),
]


def write_readme(root):
    warmup = run_warmup_file(os.path.join(root, "assets_extra_model", "1"))
    lines = [
        "# Local SavedModel fixtures",
        "",
        "Small real SavedModels for SavedModel-reader features the conformance fixtures "
        "(`test/fixtures/conformance`) lack. Each `<name>/1/` has a `<name>.golden.json` next to it in "
        "the shared golden format (`cases` with `request_body` and expected `response`, TF "
        "Serving `metadata` per version, `op_types`); see `test/fixtures/conformance/README.md` for the "
        "format and the TF Serving JSON rules.",
        "",
        "Expected values were computed by loading each SavedModel from disk in TensorFlow 2.21: "
        "TF2 models through `tf.saved_model.load(dir).signatures[key]`, TF1 models through a "
        "`tf.compat.v1` Session. Every result is cross-checked with the other loader, and every "
        "golden file is re-read and re-run against a fresh load before the script ends. TF1 "
        "variables are created with zeros initializers and then set to their real values, so the "
        "graph's initializer constants differ from the checkpoint: values must come from "
        "`variables/`.",
        "",
        "## Regenerating",
        "",
        "```",
        "~/tfvenv/bin/python scripts/generate_fixtures.py            # everything, into this repo",
        "~/tfvenv/bin/python scripts/generate_fixtures.py --only dtypes_model,pbtxt_model",
        "~/tfvenv/bin/python scripts/generate_fixtures.py --verify-only",
        "```",
        "",
        "It needs TensorFlow 2.21 (CPU) and scikit-learn, takes well under a minute, and also "
        "rebuilds the bundled example models in `models/` (`half_plus_two`, `digits`). Seeds are "
        "fixed, so golden values (and the TF1 models' files) are identical across runs. Some bytes "
        "of TF2 models can differ: `fingerprint.pb` holds a random uuid, and Keras orders the "
        "digits model's variable lists by object identity.",
        "",
        "## Models",
        "",
        "Shapes use -1 for any size. Every model has one version, `1`.",
        "",
        "| model | made with | exercises | size |",
        "|---|---|---|---|",
    ]
    for name, how, what in TEST_MODELS:
        size = dir_bytes(os.path.join(root, name))
        lines.append("| `%s` | %s | %s | %.1f KiB |" % (name, how, what, size / KB))
    lines += ["", "Signatures (`__saved_model_init_op` of the TF2 models not shown):", ""]
    for name, _, _ in TEST_MODELS:
        lines.append("- **%s**" % name)
        for s in signature_lines(os.path.join(root, name, "1")):
            lines.append("  - " + s)
    lines += [
        "",
        "Notes:",
        "",
        "- `pbtxt_model`: y = (x·W + b + [0.25, -0.5]) · 0.3; `label` = one of two string "
        "constants, picked by argmax(y): %s." % ", ".join(
            "`%s`" % json.dumps(s, ensure_ascii=False) for s in PBTXT_LABELS),
        "- `multi_tag_model`: a server that takes the first MetaGraphDef, or the first whose "
        "tags include `serve`, gets the gpu graph and answers 100× too large; one that takes "
        "`[\"train\"]` answers with the wrong sign. The train graph has no optimizer.",
        "- `sharded_model`: `dense1/kernel` [4,8] on cpu:0 (resource), `dense1/bias` [8] on "
        "cpu:1 (`VariableV2`), `dense2/kernel` [8,3] (resource) and `dense2/bias` [3] "
        "(`VariableV2`) on cpu:2. The merged `variables.index` names the shard of each tensor.",
        "- `dtypes_model`: `serving_default` gathers index `i` (0..2) from every variable; "
        "`compute`: y = x·π + 0.1 (float64), n_plus_big = n + 2^53+1, small = int32(n mod 1000) "
        "- 7, half = float32(float16(x) · -1.25), positive_and_flag = n > 0 and true, greeting = "
        "\"héllo#\" + decimal n. Checkpoint keys are `<var>/.ATTRIBUTES/VARIABLE_VALUE`.",
        "- `control_flow_v2_model`: variables w = 1.5, pos = [2, -1], neg = [0.5, 3], shift = "
        "0.25. `while_sum`: y = n · w · x by a While loop of n steps; `cond_branch`: y = x · "
        "pos[0] + pos[1] if sum(x) > 0 else x · neg[0] - neg[1] (an If whose branch functions "
        "read the variables); `nested_call`: n steps of acc = square(step(acc, x)) · 0.5, where "
        "step(acc, x) = acc + x · w + shift and square are tf.functions called inside the While "
        "body. n is a scalar, so those two signatures take columnar requests only.",
        "- `assets_extra_model` warmup records (each a `predict_log` with only a `request`; "
        "model_spec.name is `assets_extra_model`):",
    ]
    for i, (what, spec, feeds, outs) in enumerate(warmup):
        lines.append("  %d. %s. Inputs %s; TensorFlow's outputs %s." % (
            i + 1, what, json.dumps({k: (["<%d-byte tf.Example>" % len(b) for b in v]
                                         if v and isinstance(v[0], bytes) else v)
                                     for k, v in feeds.items()}),
            json.dumps(outs)))
    lines += [
        "",
        "The bundled `models/` (served by `npm start`) have golden files too: "
        "`models/half_plus_two.golden.json` and `models/digits.golden.json`.",
        "",
        "- `models/half_plus_two`: TF2 `tf.Module` with variables a=0.5, b=2.0. Signatures:",
    ] + ["  - " + s for s in signature_lines(os.path.join(os.path.dirname(os.path.dirname(
        os.path.dirname(root))), "models", "half_plus_two", "1"))] + [
        "- `models/digits`: Keras 3 Sequential Dense(32, relu) -> Dense(10, softmax) on "
        "scikit-learn `load_digits` (pixels / 16; `train_test_split(test_size=0.25, "
        "random_state=0, stratify=y)`), 30 epochs, batch 32, Adam(1e-3), seed %d; held-out "
        "accuracy in the golden file's `python_accuracy`. Exported with "
        "`keras.export.ExportArchive` (the machinery behind `model.export()`): endpoint `serve` "
        "(also aliased as `serving_default`, as `model.export()` does) plus a `classify` endpoint "
        "that parses tf.Examples; its method_name is then set to classify. Signatures:" % SEED,
    ] + ["  - " + s for s in signature_lines(os.path.join(os.path.dirname(os.path.dirname(
        os.path.dirname(root))), "models", "digits", "1"))] + [
        "",
    ]
    with open(os.path.join(root, "README.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


# ============================================================================================
# Main
# ============================================================================================

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=REPO, help="output root (default: the repository)")
    ap.add_argument("--only", default="", help="comma-separated model names to rebuild")
    ap.add_argument("--verify-only", action="store_true",
                    help="re-run the existing golden files without rebuilding anything")
    args = ap.parse_args()
    out = os.path.abspath(args.out)
    if os.path.commonpath([out, "/work/shared"]) == "/work/shared":
        sys.exit("refusing to write under /work/shared")
    bundled = os.path.join(out, "models")
    tests = os.path.join(out, "test", "fixtures", "models")
    builders = {
        "half_plus_two": lambda: build_half_plus_two(out),
        "digits": lambda: build_digits(out),
        "pbtxt_model": lambda: build_pbtxt_model(tests),
        "multi_tag_model": lambda: build_multi_tag_model(tests),
        "sharded_model": lambda: build_sharded_model(tests),
        "partitioned_model": lambda: build_partitioned_model(tests),
        "dtypes_model": lambda: build_dtypes_model(tests),
        "assets_extra_model": lambda: build_assets_extra_model(tests),
        "control_flow_v2_model": lambda: build_control_flow_v2_model(tests),
    }
    only = [n for n in args.only.split(",") if n]
    unknown = set(only) - set(builders)
    if unknown:
        sys.exit("unknown model(s): %s" % ", ".join(sorted(unknown)))

    check_metadata_renderer()
    if not args.verify_only:
        for name, build in builders.items():
            if not only or name in only:
                print("building", name)
                build()
        if all(os.path.isdir(os.path.join(tests, name)) for name, _, _ in TEST_MODELS):
            write_readme(tests)

    print("verifying golden files (fresh loads, cases re-run from request_body)")
    total = 0
    for name in builders:
        if only and name not in only:
            continue
        root = bundled if name in ("half_plus_two", "digits") else tests
        path = os.path.join(root, name + ".golden.json")
        n = verify_golden(path)
        size = dir_bytes(os.path.join(root, name))
        total += size
        print("  %-20s %2d cases ok   %6.1f KiB" % (name, n, size / KB))
        assert size < 200 * KB, (name, size)
    print("  total model size %.1f KiB" % (total / KB))
    assert total < 1536 * KB


if __name__ == "__main__":
    main()
