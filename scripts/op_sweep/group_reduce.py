"""Reductions (Sum, Prod, Max, Min, Mean, All, Any, EuclideanNorm, ArgMax, ArgMin), scans (Cumsum, Cumprod),
Softmax / LogSoftmax and TopKV2: every dtype, axes negative / lists / empty / out of range, keep_dims,
int64 axes, empty inputs, rank 0 and up to 8, NaN / ±inf."""
from sweep_common import BOOL, F32, FLOATS, I32, I64, INTS, NUMERIC, Sweep, np, specials, values

REDUCE = ["Sum", "Prod", "Max", "Min", "Mean", "EuclideanNorm"]
AXES = [[1], [-1], [0, 2], [-3, 1], [], [0, 1, 2], [3], [1, 1]]


def reductions(s):
    for op in REDUCE + ["All", "Any"]:
        dts = [BOOL] if op in ("All", "Any") else NUMERIC
        for dt in dts:
            x = values(dt, [2, 3, 4])
            for axes in AXES:
                for keep in (False, True):
                    if dt not in (F32, I32, BOOL) and (axes not in ([1], [0, 2]) or keep):
                        continue
                    s.add(op, {"input": x, "axis": np.array(axes, I32)}, {"keep_dims": keep}, const=("axis",), note=f"axis {axes} keep {keep}", tol=[1e-6, 1e-6])
            s.add(op, {"input": x, "axis": np.array(-2, I32)}, const=("axis",), note="scalar axis", tol=[1e-6, 1e-6])
            s.add(op, {"input": x, "axis": np.array([2], I64)}, const=("axis",), note="int64 axis", tol=[1e-6, 1e-6])
            s.add(op, {"input": values(dt, [2, 0, 3]), "axis": np.array([1], I32)}, const=("axis",), note="empty reduced axis")
            s.add(op, {"input": values(dt, [2, 0, 3]), "axis": np.array([2], I32)}, const=("axis",), note="empty kept axis")
            s.add(op, {"input": values(dt, []), "axis": np.array([], I32)}, const=("axis",), note="rank 0")
            s.add(op, {"input": values(dt, [2, 1, 2, 1, 1, 2, 1]), "axis": np.array([0, 6], I32)}, const=("axis",), note="rank 7", tol=[1e-6, 1e-6])
            s.add(op, {"input": values(dt, [1, 2, 1, 1, 2, 1, 1, 2]), "axis": np.array([1, -1], I32)}, {"keep_dims": True}, const=("axis",), note="rank 8", tol=[1e-6, 1e-6])
            if dt in FLOATS:
                s.add(op, {"input": specials(dt).reshape(1, 11), "axis": np.array([1], I32)}, const=("axis",), note="specials", tol=[1e-6, 1e-6])
            s.add(op, {"input": x, "axis": np.array([1], I32)}, note="axis fed, not constant", tol=[1e-6, 1e-6])


def arg(s):
    for op in ("ArgMax", "ArgMin"):
        for dt in NUMERIC + [BOOL]:
            x = values(dt, [3, 4], -2, 2)  # ties: TF returns the first
            for axis in (0, 1, -1):
                for out in (I32, I64):
                    s.add(op, {"input": x, "dimension": np.array(axis, I32)}, {"output_type": out}, const=("dimension",), note=f"axis {axis}")
            if dt in FLOATS:
                s.add(op, {"input": specials(dt), "dimension": np.array(0, I32)}, const=("dimension",), note="specials (NaN)")
        s.add(op, {"input": values(F32, [2, 0]), "dimension": np.array(1, I32)}, const=("dimension",), note="empty axis")
        s.add(op, {"input": values(F32, [0, 2]), "dimension": np.array(1, I32)}, const=("dimension",), note="empty other axis")
        s.add(op, {"input": values(F32, [3]), "dimension": np.array(1, I32)}, const=("dimension",), note="axis out of range")
        s.add(op, {"input": values(F32, [1, 2, 1, 1, 2, 1, 1, 3]), "dimension": np.array(7, I64)}, const=("dimension",), note="rank 8")


def scans(s):
    for op in ("Cumsum", "Cumprod"):
        for dt in NUMERIC:
            x = values(dt, [2, 3, 4], -2, 3)
            for axis in (0, 1, -1):
                for ex in (False, True):
                    for rev in (False, True):
                        if dt not in (F32, I32) and (axis != -1):
                            continue
                        s.add(op, {"x": x, "axis": np.array(axis, I32)}, {"exclusive": ex, "reverse": rev}, const=("axis",), note=f"axis {axis} exclusive {ex} reverse {rev}", tol=[1e-6, 1e-6])
        s.add(op, {"x": values(F32, [2, 0]), "axis": np.array(1, I32)}, const=("axis",), note="empty")
        s.add(op, {"x": values(F32, []), "axis": np.array(0, I32)}, const=("axis",), note="rank 0")
        s.add(op, {"x": specials(F32), "axis": np.array(0, I32)}, const=("axis",), note="specials")
        s.add(op, {"x": values(F32, [1, 2, 1, 1, 2, 1, 1, 2]), "axis": np.array(-1, I64)}, {"reverse": True}, const=("axis",), note="rank 8 int64 axis")


def softmax(s):
    for op in ("Softmax", "LogSoftmax"):
        for dt in FLOATS:
            s.add(op, {"logits": values(dt, [2, 5])}, note="rank 2", tol=[1e-6, 2e-6])
        s.add(op, {"logits": values(F32, [5])}, note="rank 1", tol=[1e-6, 2e-6])
        s.add(op, {"logits": values(F32, [2, 1, 2, 1, 1, 2, 1])}, note="rank 7", tol=[1e-6, 2e-6])
        s.add(op, {"logits": np.array([[1000, 0, -1000], [np.inf, 1, 2], [np.nan, 1, 2], [-np.inf, 0, 1]], F32)}, note="extremes", tol=[1e-6, 2e-6])
        s.add(op, {"logits": values(F32, [2, 0])}, note="empty")
        s.add(op, {"logits": values(F32, [])}, note="rank 0")


def topk(s):
    for dt in NUMERIC:
        x = values(dt, [3, 6], -3, 3)
        for k in (0, 1, 3, 6):
            s.add("TopKV2", {"input": x, "k": np.array(k, I32)}, {"sorted": True}, const=("k",), note=f"k {k} (ties)")
    s.add("TopKV2", {"input": values(F32, [6]), "k": np.array(7, I32)}, const=("k",), note="k > n")
    s.add("TopKV2", {"input": values(F32, [6]), "k": np.array(-1, I32)}, const=("k",), note="k < 0")
    s.add("TopKV2", {"input": specials(F32), "k": np.array(11, I32)}, const=("k",), note="specials")
    s.add("TopKV2", {"input": values(F32, [2, 0, 4]), "k": np.array(2, I32)}, const=("k",), note="empty batch")
    s.add("TopKV2", {"input": values(F32, [1, 2, 1, 1, 2, 1, 1, 4]), "k": np.array(2, I64)}, const=("k",), note="rank 8, int64 k")
    s.add("TopKV2", {"input": values(F32, [3, 6]), "k": np.array(2, I32)}, {"sorted": False}, const=("k",), note="sorted false")


def build(s):
    reductions(s)
    arg(s)
    scans(s)
    softmax(s)
    topk(s)
