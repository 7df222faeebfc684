"""Neural-network ops beyond group_nn: FusedBatchNorm / V2 / V3 (is_training, data_format, epsilon,
exponential_avg_factor, half inputs), the grappler-fused kernels _FusedConv2D / _FusedMatMul /
_FusedDepthwiseConv2dNative (fused_ops BiasAdd + Relu / Relu6 / Elu / LeakyRelu / Sigmoid / Tanh, FusedBatchNorm;
hand-built NodeDefs: tf.raw_ops has no underscore ops, TF's CPU registers their kernels), BatchMatMul /
BatchMatMulV3 (adj_x / adj_y, broadcasting, Ta / Tb / Tout), Einsum (ellipsis, repeated / diagonal labels,
transposes, reductions, broadcasting), FakeQuantWithMinMaxVars (num_bits, narrow_range).
(TensorFlow has no Conv1D op: tf.nn.conv1d is ExpandDims + Conv2D, which group_nn covers.)"""
from sweep_common import F32, F64, F16, BF16, I8, I16, I32, I64, U8, Sweep, np, values, tf  # noqa: F401
from tensorflow.core.framework import attr_value_pb2

TOL = [1e-5, 1e-5]  # sums of products: the order of additions differs (XNNPACK / tfjs vs Eigen)


def attr_value(v):
    """A Python value as an AttrValue (bool, int, float, str, list of int / str, TF dtype)."""
    if isinstance(v, bool):
        return attr_value_pb2.AttrValue(b=v)
    if isinstance(v, int):
        return attr_value_pb2.AttrValue(i=v)
    if isinstance(v, float):
        return attr_value_pb2.AttrValue(f=v)
    if isinstance(v, str):
        return attr_value_pb2.AttrValue(s=v.encode())
    if isinstance(v, tf.DType):
        return attr_value_pb2.AttrValue(type=v.as_datatype_enum)
    if all(isinstance(x, tf.DType) for x in v) and v:
        return attr_value_pb2.AttrValue(list=attr_value_pb2.AttrValue.ListValue(type=[x.as_datatype_enum for x in v]))
    if all(isinstance(x, str) for x in v) and v:
        return attr_value_pb2.AttrValue(list=attr_value_pb2.AttrValue.ListValue(s=[x.encode() for x in v]))
    return attr_value_pb2.AttrValue(list=attr_value_pb2.AttrValue.ListValue(i=list(v)))


def hand_node(op, attrs):
    """A Sweep.add build hook that adds `op` from a hand-written attr dict (inputs flattened in order)."""
    def build(kwargs, name):
        flat = [t for v in kwargs.values() for t in (v if isinstance(v, list) else [v])]
        g = tf.compat.v1.get_default_graph()
        g._create_op_internal(op, flat, attrs={k: attr_value(v) for k, v in attrs.items()}, name=name)
    return build


def add_inference(s, op, *args, **kwargs):
    """A batch norm case in inference: TF leaves reserve_space_1/2 uninitialised then (their bytes are whatever
    the allocator held), so the case fetches y, batch_mean and batch_variance only."""
    n_before = len(s.cases)
    s.add(op, *args, **kwargs)
    if len(s.cases) == n_before:
        return  # TF could not build the graph
    c = s.cases[-1]
    c["outputs"] = c["outputs"][:3]
    if "expected" in c:
        c["expected"] = c["expected"][:3]


def batch_norm(s):
    for op in ("FusedBatchNorm", "FusedBatchNormV2", "FusedBatchNormV3"):
        for fmt, shape in (("NHWC", [2, 3, 3, 4]), ("NCHW", [2, 4, 3, 3])):
            for eps in (0.001, 1e-5, 0.5):
                for training, factor in ((False, 1.0), (True, 1.0), (True, 0.25), (False, 0.5)):
                    ins = {"x": values(F32, shape), "scale": values(F32, [4]), "offset": values(F32, [4]),
                           "mean": values(F32, [4]) if not training or factor != 1.0 else values(F32, [0]),
                           "variance": values(F32, [4], 0, 3) if not training or factor != 1.0 else values(F32, [0])}
                    (add_inference if not training else Sweep.add)(s, op, ins, {"is_training": training, "epsilon": eps, "data_format": fmt, "exponential_avg_factor": factor},
                          note=f"{fmt} epsilon {eps} training {training} factor {factor}", tol=TOL)
        if op != "FusedBatchNorm":
            for dt in (F16, BF16):
                add_inference(s, op, {"x": values(dt, [2, 3, 3, 4]), "scale": values(F32, [4]), "offset": values(F32, [4]), "mean": values(F32, [4]),
                           "variance": values(F32, [4], 0, 3)}, {"is_training": False, "epsilon": 0.001}, note="16-bit input")
        add_inference(s, op, {"x": values(F32, [2, 3, 4]), "scale": values(F32, [4]), "offset": values(F32, [4]), "mean": values(F32, [4]),
                   "variance": values(F32, [4], 0, 3)}, {"is_training": False}, note="rank 3")
        add_inference(s, op, {"x": values(F32, [2, 2, 3, 4]), "scale": values(F32, [3]), "offset": values(F32, [4]), "mean": values(F32, [4]),
                   "variance": values(F32, [4], 0, 3)}, {"is_training": False}, note="scale mismatch")
        add_inference(s, op, {"x": values(F32, [1, 2, 2, 5, 3]), "scale": values(F32, [3]), "offset": values(F32, [3]), "mean": values(F32, [3]),
                   "variance": values(F32, [3], 0, 3)}, {"is_training": False, "data_format": "NDHWC"}, note="NDHWC")
        add_inference(s, op, {"x": np.array([np.nan, 1, np.inf, -2], F32).reshape(1, 2, 2, 1), "scale": np.ones(1, F32), "offset": np.zeros(1, F32),
                   "mean": np.zeros(1, F32), "variance": np.ones(1, F32)}, {"is_training": False}, note="NaN and inf", tol=TOL)


ACTIVATIONS = ([], ["Relu"], ["Relu6"], ["Elu"], ["LeakyRelu"], ["Sigmoid"], ["Tanh"])


def fused(s):
    x = values(F32, [2, 5, 6, 3])
    for acts in ACTIVATIONS:
        ops = ["BiasAdd"] + acts
        for padding, strides in (("SAME", [1, 1, 1, 1]), ("VALID", [1, 2, 2, 1])):
            attrs = {"T": tf.float32, "num_args": 1, "strides": strides, "padding": padding, "fused_ops": ops, "epsilon": 0.0001, "leakyrelu_alpha": 0.3}
            s.add("_FusedConv2D", {"input": x, "filter": values(F32, [3, 2, 3, 4]), "args": [values(F32, [4])]}, build=hand_node("_FusedConv2D", {**attrs, "TArgs": [tf.float32], "num_host_args": 0}),
                  note=f"{'+'.join(ops)} {padding} strides {strides[1:3]}", tol=TOL)
            if acts == ["Relu"]:  # TF's only CPU kernel for it is oneDNN's (it fails without oneDNN, as here): a few cases
                s.add("_FusedDepthwiseConv2dNative", {"input": x, "filter": values(F32, [3, 2, 3, 2]), "args": [values(F32, [6])]}, build=hand_node("_FusedDepthwiseConv2dNative", attrs),
                      note=f"{'+'.join(ops)} {padding} strides {strides[1:3]}", tol=TOL)
        for ta, tb in ((False, False), (True, False), (False, True)):
            a = values(F32, [4, 3] if ta else [3, 4])
            b = values(F32, [5, 4] if tb else [4, 5])
            s.add("_FusedMatMul", {"a": a, "b": b, "args": [values(F32, [5])]},
                  build=hand_node("_FusedMatMul", {"T": tf.float32, "num_args": 1, "fused_ops": ops, "transpose_a": ta, "transpose_b": tb, "epsilon": 0.0001, "leakyrelu_alpha": 0.2}),
                  note=f"{'+'.join(ops)} ta {ta} tb {tb}", tol=TOL)
    for acts in ([], ["Relu"], ["Relu6"], ["Elu"], ["LeakyRelu"]):
        ops = ["FusedBatchNorm"] + acts
        bn = [values(F32, [4]), values(F32, [4]), values(F32, [4]), values(F32, [4], 0, 3)]
        attrs = {"T": tf.float32, "num_args": 4, "strides": [1, 1, 1, 1], "padding": "SAME", "fused_ops": ops, "epsilon": 0.001, "leakyrelu_alpha": 0.2}
        s.add("_FusedConv2D", {"input": x, "filter": values(F32, [3, 2, 3, 4]), "args": bn}, build=hand_node("_FusedConv2D", {**attrs, "TArgs": [tf.float32] * 4, "num_host_args": 0}),
              note="+".join(ops), tol=TOL)
        if not acts:
            s.add("_FusedDepthwiseConv2dNative", {"input": x, "filter": values(F32, [3, 2, 3, 2]), "args": [values(F32, [6]), values(F32, [6]), values(F32, [6]), values(F32, [6], 0, 3)]},
                  build=hand_node("_FusedDepthwiseConv2dNative", attrs), note="+".join(ops), tol=TOL)
    for extra, what in (({"dilations": [1, 2, 2, 1]}, "dilations"), ({"padding": "EXPLICIT", "explicit_paddings": [0, 0, 1, 2, 0, 1, 0, 0]}, "explicit padding")):
        attrs = {"T": tf.float32, "num_args": 1, "strides": [1, 1, 1, 1], "padding": "SAME", "fused_ops": ["BiasAdd", "Relu"], "TArgs": [tf.float32], "num_host_args": 0, **extra}
        s.add("_FusedConv2D", {"input": x, "filter": values(F32, [3, 2, 3, 4]), "args": [values(F32, [4])]}, build=hand_node("_FusedConv2D", attrs), note=what, tol=TOL)
    for dt in (F64, F16, BF16):
        attrs = {"T": tf.as_dtype(dt), "num_args": 1, "strides": [1, 1, 1, 1], "padding": "SAME", "fused_ops": ["BiasAdd", "Relu"]}
        s.add("_FusedConv2D", {"input": values(dt, [1, 4, 4, 2]), "filter": values(dt, [2, 2, 2, 3]), "args": [values(dt, [3])]},
              build=hand_node("_FusedConv2D", {**attrs, "TArgs": [tf.as_dtype(dt)], "num_host_args": 0}), note="dtype", tol=[1e-2, 1e-2])
        s.add("_FusedMatMul", {"a": values(dt, [3, 4]), "b": values(dt, [4, 2]), "args": [values(dt, [2])]},
              build=hand_node("_FusedMatMul", {"T": tf.as_dtype(dt), "num_args": 1, "fused_ops": ["BiasAdd", "Relu"]}), note="dtype", tol=[1e-2, 1e-2])


def batch_matmul(s):
    for dt in (F32, F64, F16, I32, I64):
        for ax in (False, True):
            for ay in (False, True):
                s.add("BatchMatMul", {"x": values(dt, [2, 3, 3, 4] if not ax else [2, 3, 4, 3]), "y": values(dt, [2, 3, 4, 2] if not ay else [2, 3, 2, 4])},
                      {"adj_x": ax, "adj_y": ay}, note=f"adj {ax} {ay}", tol=TOL)
    s.add("BatchMatMul", {"x": values(F32, [2, 3, 4]), "y": values(F32, [1, 4, 2])}, note="no broadcasting in V1")
    s.add("BatchMatMul", {"x": values(F32, [0, 3, 4]), "y": values(F32, [0, 4, 2])}, note="empty batch")
    for ta, tb, tout in ((F32, F32, F32), (F64, F64, F64), (F16, F16, F16), (BF16, BF16, BF16), (I32, I32, I32), (I64, I64, I64),
                         (I8, I8, I32), (U8, U8, I32), (I8, U8, I32), (U8, I8, I32), (I16, I16, I16), (I8, I8, I8), (BF16, BF16, F32), (F16, F16, F32)):
        for ax, ay in ((False, False), (True, True)):
            s.add("BatchMatMulV3", {"x": values(ta, [2, 1, 3, 4] if not ax else [2, 1, 4, 3]), "y": values(tb, [3, 4, 2] if not ay else [3, 2, 4])},
                  {"adj_x": ax, "adj_y": ay, "Tout": tout}, note=f"Tout {np.dtype(tout).name if tout is not BF16 else 'bfloat16'} adj {ax} {ay}", tol=TOL)
    s.add("BatchMatMulV3", {"x": values(F32, [2, 3, 0]), "y": values(F32, [0, 2])}, {"Tout": F32}, note="empty inner dim")
    s.add("BatchMatMulV3", {"x": values(F32, [1, 2, 1, 2, 1, 2, 3]), "y": values(F32, [2, 3, 2])}, {"Tout": F32}, note="rank 7", tol=TOL)


EQUATIONS = (
    ("ij,jk->ik", [[2, 3], [3, 4]]), ("ij,kj->ik", [[2, 3], [4, 3]]), ("bij,bjk->bik", [[2, 2, 3], [2, 3, 4]]),
    ("bhqd,bhkd->bhqk", [[1, 2, 3, 4], [1, 2, 5, 4]]), ("bhqk,bkhd->bqhd", [[1, 2, 3, 5], [1, 5, 2, 4]]), ("abc,cd->abd", [[2, 3, 4], [4, 5]]),
    ("...ij,...jk->...ik", [[2, 1, 2, 3], [3, 3, 4]]), ("...j,j->...", [[2, 3, 4], [4]]), ("i...,i...->...", [[3, 2, 2], [3, 2, 2]]),
    ("ij->ji", [[2, 3]]), ("ii->i", [[3, 3]]), ("ii->", [[3, 3]]), ("ij->", [[2, 3]]), ("ij->j", [[2, 3]]), ("iij->ij", [[3, 3, 2]]),
    ("i,j->ij", [[3], [4]]), ("i,i->", [[5], [5]]), ("ij,ij->ij", [[2, 3], [2, 3]]), ("bij,jk", [[2, 2, 3], [3, 4]]), ("ab,ab", [[2, 3], [2, 3]]),
    ("abcd->dcba", [[2, 1, 3, 2]]), ("ij,jk,kl->il", [[2, 3], [3, 4], [4, 2]]), ("bi,bi->b", [[3, 4], [1, 4]]), ("...ii->...i", [[2, 3, 3]]),
    ("ij,jk->ik", [[2, 0], [0, 3]]), ("ab,bc->ac", [[2, 3], [4, 5]]),
)


def einsum(s):
    for eq, shapes in EQUATIONS:
        for dt in (F32,) if "0" not in str(shapes) else (F32,):
            s.add("Einsum", {"inputs": [values(dt, sh) for sh in shapes]}, {"equation": eq}, note=eq, tol=TOL)
    for dt in (F64, F16, BF16, I32, I64):
        s.add("Einsum", {"inputs": [values(dt, [2, 3]), values(dt, [3, 4])]}, {"equation": "ij,jk->ik"}, note="dtype", tol=[1e-2, 1e-2])


def fake_quant(s):
    x = np.concatenate([values(F32, [24], -8, 8), np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, 0.49, 0.5, 0.51], F32)])
    for bits in (2, 8, 16):
        for narrow in (False, True):
            for lo, hi in ((-6.0, 6.0), (0.0, 1.0), (-1.5, 2.25), (0.5, 3.0), (-4.0, -1.0), (2.0, 2.0), (1.0, -1.0)):
                s.add("FakeQuantWithMinMaxVars", {"inputs": x, "min": np.array(lo, F32), "max": np.array(hi, F32)}, {"num_bits": bits, "narrow_range": narrow},
                      note=f"bits {bits} narrow {narrow} range [{lo}, {hi}]")
    s.add("FakeQuantWithMinMaxVars", {"inputs": x, "min": np.array(-1, F32), "max": np.array(1, F32)}, {"num_bits": 1}, note="num_bits 1")
    s.add("FakeQuantWithMinMaxVars", {"inputs": x.reshape(4, 8), "min": np.array(-1, F32), "max": np.array(1, F32)}, note="rank 2 default attrs")


def build(s):
    batch_norm(s)
    fused(s)
    batch_matmul(s)
    einsum(s)
    fake_quant(s)
