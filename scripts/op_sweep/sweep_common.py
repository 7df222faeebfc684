"""Shared plumbing for the op sweep (scripts/generate_op_sweep.py): one-op graphs run by TensorFlow 2.21.

A case is a tiny GraphDef (Placeholders for the data inputs, Consts for attribute-like inputs such as axes,
shapes and paddings, and one node of the op under test named `y`), its feeds, and what a
tf.compat.v1.Session (how TF Serving runs a graph) returned: every output of that node, or the error's code.
Node attrs are written exactly as TensorFlow filled them (text-format AttrValue bodies), so the TypeScript
suite (test/engine/ops/op-sweep-cases.ts) rebuilds the same graph as a SavedModel.

Values: floats are JSON numbers, except "nan" / "inf" / "-inf"; int64 / uint64 beyond 2^53 are decimal
strings; bools are 0 / 1; half / bfloat16 are their raw 16-bit patterns; strings are latin-1 text (one char
per byte).

Complex inputs (complex64 / complex128 arrays) are fed as two float Placeholders `<name>_re` / `<name>_im` joined
by a `Complex` node named `<name>`; complex outputs are fetched through `Real` / `Imag` nodes and listed in the
case's `fetch` (tensor names, in output order), since a signature cannot carry complex tensors in the engine.
Cases of random ops carry `random` (what any sample must satisfy: min / max / mean / std bounds) and expected
values `[]`: the values are not comparable, only dtype, shape and those bounds.
"""
import json
import os
import re
import warnings

os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
warnings.filterwarnings("ignore")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from google.protobuf import text_format  # noqa: E402
from tensorflow.core.framework import types_pb2  # noqa: E402

tf.compat.v1.disable_eager_execution()
OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "fixtures", "op-sweep")
OP_NODE = "op_under_test"  # the node of the op under test (not an argument name of any op)
RNG = np.random.default_rng(20261206)

F32, F64, F16, BF16 = np.float32, np.float64, np.float16, tf.bfloat16.as_numpy_dtype
I8, I16, I32, I64, U8, U16, U32, U64 = np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64
BOOL, STR = np.bool_, object
C64, C128 = np.complex64, np.complex128
FLOATS = [F32, F64, F16, BF16]
INTS = [I32, I64, U8, I8, I16, U16, U32, U64]
NUMERIC = FLOATS + INTS
SPECIALS = [0.0, -0.0, 0.5, -1.5, 2.0, 7.25, -100.0, 1e-3, np.nan, np.inf, -np.inf]
BAD_CALL = re.compile(r"unexpected keyword argument|missing \d* ?required")
TOL = {"Erf": [0, 3e-7], "Erfc": [0, 4e-6]}  # TF's float32 erf is within 2 ulp of the correctly rounded value ours gives (transformer-vectors.ts)


def dtype_name(dt):
    return types_pb2.DataType.Name(tf.as_dtype(dt).as_datatype_enum)


def values(dtype, shape, lo=-3, hi=3):
    """Small deterministic-random values of a dtype (floats on a 0.25 grid, unsigned ints from 0)."""
    n = int(np.prod(shape)) if len(shape) else 1
    if dtype == BOOL:
        return (RNG.integers(0, 2, n) == 1).reshape(shape)
    if dtype == STR:
        return np.array([b"s%d" % RNG.integers(0, 5) for _ in range(n)], dtype=object).reshape(shape)
    if np.issubdtype(np.dtype(dtype), np.unsignedinteger):
        lo = max(lo, 0)
    if dtype in FLOATS:
        return (np.round(RNG.uniform(lo, hi, n) * 4) / 4).astype(dtype).reshape(shape)
    return RNG.integers(lo, hi + 1, n).astype(dtype).reshape(shape)


def specials(dtype):
    """NaN / ±inf / -0 and ordinary values for floats; extremes for ints."""
    if dtype in FLOATS:
        return np.array(SPECIALS, dtype=dtype)
    info = np.iinfo(dtype)
    return np.array(sorted({0, 1, 2, 5, info.max, info.min, info.max - 1, info.min + 1, max(info.min, -3)}), dtype=dtype)


def encode(a):
    a = np.asarray(a)
    name = dtype_name(a.dtype)
    flat = a.reshape(-1)
    if name in ("DT_HALF", "DT_BFLOAT16"):
        vals = flat.view(np.uint16).tolist()
    elif name in ("DT_FLOAT", "DT_DOUBLE"):
        # float32 values are written in their shortest float32 form (the reader rounds back with Math.fround)
        short = (lambda v: float(str(np.float32(v)))) if name == "DT_FLOAT" else float
        vals = ["nan" if np.isnan(v) else ("inf" if v > 0 else "-inf") if np.isinf(v) else short(v) for v in flat.tolist()]
    elif name == "DT_STRING":
        vals = [v.decode("latin-1") if isinstance(v, bytes) else str(v) for v in flat.tolist()]
    elif name == "DT_BOOL":
        vals = [int(v) for v in flat.tolist()]
    else:
        vals = [int(v) if abs(int(v)) < 2**53 else str(int(v)) for v in flat.tolist()]
    return {"dtype": name, "shape": list(a.shape), "values": vals}


def attr_text(v):
    return text_format.MessageToString(v, as_one_line=True)


def check_random(v, bounds):
    """TensorFlow's own sample must satisfy the bounds the engine's will be held to."""
    v = np.asarray(v, dtype=np.float64).reshape(-1)
    if v.size == 0:
        return
    assert bounds.get("min", -np.inf) <= v.min() and v.max() <= bounds.get("max", np.inf), (v.min(), v.max(), bounds)
    for key, stat in (("mean", v.mean()), ("std", v.std())):
        if key in bounds:
            assert bounds[key][0] <= stat <= bounds[key][1], (key, stat, bounds)


class Sweep:
    """The cases of one group, written to test/fixtures/op-sweep/<group>.json."""

    def __init__(self, group):
        global RNG
        RNG = np.random.default_rng(20261206)  # per group: a group's values do not depend on the groups run before it
        self.group = group
        self.cases = []
        self.skipped = 0

    def add(self, op, inputs, attrs=None, const=(), note="", tol=None, build=None, random=None):
        """inputs: {arg name: array or list of arrays}, in the op's argument order; names in `const` become Consts.
        build: for ops tf.raw_ops lacks (_FusedConv2D …), a function(kwargs, name) adding the node (hand_node).
        random: {"min", "max", "mean": [lo, hi], "std": [lo, hi]} (any subset) for ops whose values are random."""
        g = tf.Graph()
        feeds = {}
        try:
            with g.as_default():
                kwargs = {}
                for name, a in inputs.items():
                    items = a if isinstance(a, list) else [a]
                    made = []
                    for k, item in enumerate(items):
                        nm = name if not isinstance(a, list) else f"{name}_{k}"
                        item = np.asarray(item) if not isinstance(item, np.ndarray) else item
                        if name in const:
                            made.append(tf.constant(item, name=nm))
                        elif np.iscomplexobj(item):
                            made.append(self._complex_feed(nm, item, feeds))
                        else:
                            ph = tf.compat.v1.placeholder(tf.as_dtype(item.dtype), shape=None, name=nm)
                            feeds[nm] = (ph, item)
                            made.append(ph)
                    kwargs[name] = made if isinstance(a, list) else made[0]
                if build:
                    build(kwargs, OP_NODE)
                else:
                    getattr(tf.raw_ops, op)(**kwargs, **(attrs or {}), name=OP_NODE)
                y = g.get_operation_by_name(OP_NODE)
                fetch = self._fetches(y)
        except (TypeError, ValueError, tf.errors.OpError) as e:
            if BAD_CALL.search(str(e)):
                raise  # a wrong argument name in the generator (cases were once dropped silently this way)
            self.skipped += 1  # TensorFlow refuses to build this graph (e.g. a dtype the op does not accept)
            return
        case = {"op": op, "note": note, "nodes": [], "feeds": {n: encode(v) for n, (_, v) in feeds.items()}}
        for n in g.as_graph_def().node:
            node = {"name": n.name, "op": n.op}
            if n.input:
                node["input"] = list(n.input)
            node["attr"] = {k: attr_text(v) for k, v in sorted(n.attr.items()) if not (n.op == "Placeholder" and k == "shape")}
            case["nodes"].append(node)
        case["outputs"] = [dtype_name(t.dtype) for t in fetch]
        if any(t.op is not y for t in fetch):
            case["fetch"] = [t.name for t in fetch]
        try:
            with tf.compat.v1.Session(graph=g) as s:
                got = s.run(fetch, {ph: v for ph, v in feeds.values()})
            case["expected"] = [encode(v) for v in got]
            if random is not None:
                for e, v in zip(case["expected"], got):
                    check_random(v, random)
                    e["values"] = []
                case["random"] = random
        except tf.errors.OpError as e:
            case["error"] = type(e).__name__
        tol = tol if tol is not None else TOL.get(op)
        if tol is not None:
            case["tol"] = tol
        self.cases.append(case)

    @staticmethod
    def _complex_feed(nm, item, feeds):
        part = F32 if item.dtype == C64 else F64
        made = []
        for suffix, v in (("re", item.real), ("im", item.imag)):
            ph = tf.compat.v1.placeholder(tf.as_dtype(part), shape=None, name=f"{nm}_{suffix}")
            feeds[f"{nm}_{suffix}"] = (ph, np.ascontiguousarray(v).astype(part))
            made.append(ph)
        return tf.raw_ops.Complex(real=made[0], imag=made[1], Tout=tf.as_dtype(item.dtype), name=nm)

    @staticmethod
    def _fetches(y):
        """The op's outputs, each complex one as its Real and Imag parts."""
        out = []
        for k, t in enumerate(y.outputs):
            if t.dtype.is_complex:
                part = tf.float32 if t.dtype == tf.complex64 else tf.float64
                out += [tf.raw_ops.Real(input=t, Tout=part, name=f"{OP_NODE}_re_{k}"),
                        tf.raw_ops.Imag(input=t, Tout=part, name=f"{OP_NODE}_im_{k}")]
            else:
                out.append(t)
        return out

    def write(self):
        os.makedirs(OUT_DIR, exist_ok=True)
        path = os.path.join(OUT_DIR, f"{self.group}.json")
        with open(path, "w") as f:
            json.dump({"generated_by": "scripts/generate_op_sweep.py", "tensorflow": tf.__version__, "group": self.group,
                       "cases": self.cases}, f, separators=(",", ":"))
        errors = sum("error" in c for c in self.cases)
        print(f"{self.group}: {len(self.cases)} cases ({errors} TF errors, {self.skipped} not buildable), {os.path.getsize(path)} bytes")
