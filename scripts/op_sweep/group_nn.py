"""Neural-network ops: MatMul / BatchMatMulV2 (transposes, dtypes, empty inner dims), Conv2D / Conv3D /
DepthwiseConv2dNative / Conv2DBackpropInput (padding SAME / VALID / EXPLICIT, strides, dilations, NHWC and
NCHW), AvgPool / MaxPool (2-D and 3-D), BiasAdd (data formats, ranks), FusedBatchNormV3 (inference), LRN."""
from sweep_common import F32, F64, F16, BF16, I32, I64, Sweep, np, values

TOL = [1e-5, 1e-5]  # sums of products: the order of additions differs (XNNPACK / tfjs vs Eigen)


def matmul(s):
    for dt in (F32, F64, F16, BF16, I32, I64):
        for ta in (False, True):
            for tb in (False, True):
                a = values(dt, [4, 3] if ta else [3, 4])
                b = values(dt, [5, 4] if tb else [4, 5])
                s.add("MatMul", {"a": a, "b": b}, {"transpose_a": ta, "transpose_b": tb}, note=f"ta {ta} tb {tb}", tol=TOL)
    s.add("MatMul", {"a": values(F32, [3, 0]), "b": values(F32, [0, 2])}, note="empty inner dim")
    s.add("MatMul", {"a": values(F32, [0, 3]), "b": values(F32, [3, 2])}, note="empty rows")
    s.add("MatMul", {"a": values(F32, [2, 3]), "b": values(F32, [4, 2])}, note="mismatch")
    s.add("MatMul", {"a": np.array([[np.inf, 1], [np.nan, 0]], F32), "b": np.array([[0, 1], [1, 1]], F32)}, note="inf and NaN")
    for dt in (F32, I32):
        for ax in (False, True):
            for ay in (False, True):
                s.add("BatchMatMulV2", {"x": values(dt, [2, 1, 3, 4]), "y": values(dt, [3, 4, 2])}, {"adj_x": ax, "adj_y": ay}, note=f"broadcast adj {ax} {ay}", tol=TOL)
        s.add("BatchMatMulV2", {"x": values(dt, [2, 1, 2, 1, 2, 3]), "y": values(dt, [2, 1, 3, 2])}, note="rank 6", tol=TOL)
        s.add("BatchMatMulV2", {"x": values(dt, [2, 1, 1, 2, 1, 2, 3]), "y": values(dt, [3, 2])}, note="rank 7", tol=TOL)


def conv(s):
    x = values(F32, [2, 7, 6, 3])
    for padding in ("VALID", "SAME", "EXPLICIT"):
        for strides in ([1, 1, 1, 1], [1, 2, 2, 1], [1, 3, 1, 1]):
            for dil in ([1, 1, 1, 1], [1, 2, 1, 1]):
                if strides != [1, 1, 1, 1] and dil != [1, 1, 1, 1]:
                    continue  # TF's CPU Conv2D refuses strides together with dilations
                extra = {"explicit_paddings": [0, 0, 1, 2, 0, 1, 0, 0]} if padding == "EXPLICIT" else {}
                for k in ([3, 2], [1, 1], [4, 4]):
                    s.add("Conv2D", {"input": x, "filter": values(F32, k + [3, 4])}, {"strides": strides, "padding": padding, "dilations": dil, **extra},
                          note=f"{padding} strides {strides[1:3]} dilations {dil[1:3]} kernel {k}", tol=TOL)
                s.add("DepthwiseConv2dNative", {"input": x, "filter": values(F32, [3, 2, 3, 2])}, {"strides": strides, "padding": padding, "dilations": dil, **extra},
                      note=f"{padding} strides {strides[1:3]} dilations {dil[1:3]}", tol=TOL)
    s.add("Conv2D", {"input": values(F32, [1, 3, 7, 6]), "filter": values(F32, [3, 3, 3, 2])}, {"strides": [1, 1, 1, 1], "padding": "SAME", "data_format": "NCHW"}, note="NCHW")
    s.add("Conv2D", {"input": values(F32, [0, 5, 5, 3]), "filter": values(F32, [3, 3, 3, 2])}, {"strides": [1, 1, 1, 1], "padding": "SAME"}, note="empty batch")
    s.add("Conv2D", {"input": values(F32, [1, 2, 2, 3]), "filter": values(F32, [3, 3, 3, 2])}, {"strides": [1, 1, 1, 1], "padding": "VALID"}, note="kernel larger than input")
    for dt in (F64, F16, BF16, I32):
        s.add("Conv2D", {"input": values(dt, [1, 4, 4, 2]), "filter": values(dt, [2, 2, 2, 3])}, {"strides": [1, 1, 1, 1], "padding": "SAME"}, note="dtype", tol=[1e-2, 1e-2])
    s.add("Conv2D", {"input": np.array([np.nan, 1, np.inf, 2], F32).reshape(1, 2, 2, 1), "filter": np.ones([1, 1, 1, 1], F32)}, {"strides": [1, 1, 1, 1], "padding": "VALID"}, note="NaN and inf")
    for padding in ("VALID", "SAME"):
        for strides in ([1, 1, 1, 1, 1], [1, 2, 1, 2, 1]):
            s.add("Conv3D", {"input": values(F32, [1, 4, 5, 4, 2]), "filter": values(F32, [2, 3, 2, 2, 3])}, {"strides": strides, "padding": padding}, note=f"{padding} strides {strides[1:4]}", tol=TOL)
    for padding in ("VALID", "SAME"):
        for strides in ([1, 1, 1, 1], [1, 2, 2, 1]):
            s.add("Conv2DBackpropInput", {"input_sizes": np.array([1, 6, 5, 3], I32), "filter": values(F32, [3, 2, 3, 4]),
                                          "out_backprop": values(F32, [1, 6 if strides[1] == 1 else 3, 5 if strides[1] == 1 else 3, 4] if padding == "SAME" else [1, 4 if strides[1] == 1 else 2, 4 if strides[1] == 1 else 2, 4])},
                  {"strides": strides, "padding": padding}, const=("input_sizes",), note=f"{padding} strides {strides[1:3]}", tol=TOL)


def pool(s):
    x = values(F32, [2, 7, 6, 3])
    for op in ("AvgPool", "MaxPool"):
        for padding in ("VALID", "SAME"):
            for ksize, strides in (([1, 2, 2, 1], [1, 2, 2, 1]), ([1, 3, 3, 1], [1, 1, 1, 1]), ([1, 3, 2, 1], [1, 2, 3, 1]), ([1, 1, 1, 1], [1, 4, 4, 1])):
                s.add(op, {"value" if op == "AvgPool" else "input": x}, {"ksize": ksize, "strides": strides, "padding": padding}, note=f"{padding} k {ksize[1:3]} s {strides[1:3]}", tol=[1e-6, 1e-6])
        for dt in (F64, F16, BF16, I32):
            s.add(op, {"value" if op == "AvgPool" else "input": values(dt, [1, 4, 4, 2])}, {"ksize": [1, 2, 2, 1], "strides": [1, 2, 2, 1], "padding": "VALID"}, note="dtype")
        s.add(op, {"value" if op == "AvgPool" else "input": np.array([np.nan, 1, -np.inf, 2], F32).reshape(1, 2, 2, 1)}, {"ksize": [1, 2, 2, 1], "strides": [1, 1, 1, 1], "padding": "VALID"}, note="NaN and -inf")
    for op in ("AvgPool3D", "MaxPool3D"):
        for padding in ("VALID", "SAME"):
            s.add(op, {"input": values(F32, [1, 4, 5, 4, 2])}, {"ksize": [1, 2, 2, 2, 1], "strides": [1, 2, 1, 2, 1], "padding": padding}, note=padding, tol=[1e-6, 1e-6])


def bias_norm(s):
    for dt in (F32, F64, F16, I32, I64):
        s.add("BiasAdd", {"value": values(dt, [2, 3, 4]), "bias": values(dt, [4])}, note="NHWC rank 3")
    s.add("BiasAdd", {"value": values(F32, [2, 4, 3, 3]), "bias": values(F32, [4])}, {"data_format": "NCHW"}, note="NCHW")
    s.add("BiasAdd", {"value": values(F32, [2, 4]), "bias": values(F32, [4])}, note="rank 2")
    s.add("BiasAdd", {"value": values(F32, [1, 2, 1, 1, 2, 1, 3]), "bias": values(F32, [3])}, note="rank 7")
    s.add("BiasAdd", {"value": values(F32, [2, 4]), "bias": values(F32, [3])}, note="mismatch")
    s.add("BiasAdd", {"value": values(F32, [0, 4]), "bias": values(F32, [4])}, note="empty")
    for fmt, shape in (("NHWC", [2, 3, 3, 4]), ("NCHW", [2, 4, 3, 3])):
        s.add("FusedBatchNormV3", {"x": values(F32, shape), "scale": values(F32, [4]), "offset": values(F32, [4]), "mean": values(F32, [4]),
                                   "variance": values(F32, [4], 0, 3)}, {"is_training": False, "epsilon": 0.001, "data_format": fmt},
              note=f"inference {fmt}", tol=[1e-5, 1e-5])
    s.add("FusedBatchNormV3", {"x": values(F16, [2, 3, 3, 4]), "scale": values(F32, [4]), "offset": values(F32, [4]), "mean": values(F32, [4]),
                               "variance": values(F32, [4], 0, 3)}, {"is_training": False, "epsilon": 0.001}, note="half input")
    for r in (1, 2, 5):
        s.add("LRN", {"input": values(F32, [1, 3, 3, 8])}, {"depth_radius": r, "bias": 1.0, "alpha": 0.5, "beta": 0.75}, note=f"radius {r}", tol=[1e-5, 1e-5])


def build(s):
    matmul(s)
    conv(s)
    pool(s)
    bias_norm(s)
