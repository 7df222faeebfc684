"""Elementwise ops: unary math, binary arithmetic and comparisons with broadcasting, logical ops, AddN,
ClipByValue, Select / SelectV2 and Cast over every dtype TensorFlow accepts, rank 0, empty, ranks up to 8,
NaN / ±inf / -0."""
from sweep_common import BOOL, FLOATS, INTS, NUMERIC, STR, F32, I32, I64, U8, Sweep, np, specials, values

UNARY = ["Abs", "Acos", "Acosh", "Asin", "Asinh", "Atan", "Atanh", "Ceil", "Cos", "Cosh", "Elu", "Exp", "Expm1",
         "Floor", "IsFinite", "IsInf", "IsNan", "Log", "Log1p", "Neg", "Reciprocal", "Relu", "Relu6", "Round", "Rsqrt",
         "Selu", "Sigmoid", "Sign", "Sin", "Sinh", "Softplus", "Sqrt", "Square", "Tan", "Tanh", "LeakyRelu", "Erf", "Erfc",
         "Softsign", "Inv", "Invert", "LogicalNot", "OnesLike", "ZerosLike", "Identity", "StopGradient", "Snapshot"]
# transcendental results come from other implementations (tfjs / XNNPACK vs Eigen): a few ulp apart
TRANSCENDENTAL = {"Acos", "Acosh", "Asin", "Asinh", "Atan", "Atanh", "Cos", "Cosh", "Elu", "Exp", "Expm1", "Log",
                  "Log1p", "Rsqrt", "Selu", "Sigmoid", "Sin", "Sinh", "Softplus", "Tan", "Tanh", "Atan2", "Pow", "Softsign"}
BINARY = ["Add", "AddV2", "Sub", "Mul", "Div", "RealDiv", "DivNoNan", "FloorDiv", "FloorMod", "Mod", "TruncateDiv",
          "TruncateMod", "Pow", "Maximum", "Minimum", "SquaredDifference", "Atan2", "Equal", "NotEqual", "Greater",
          "GreaterEqual", "Less", "LessEqual", "LogicalAnd", "LogicalOr", "BitwiseAnd", "BitwiseOr", "BitwiseXor",
          "LeftShift", "RightShift", "Xdivy", "Xlogy", "MulNoNan"]
PAIRS = [([2, 3], [2, 3]), ([2, 3], [3]), ([2, 1, 3], [4, 1]), ([], [2, 2]), ([3], []), ([], []), ([2, 0, 3], [3]),
         ([0], [1]), ([2, 1, 2, 1, 2, 1, 2], [1, 2, 1]), ([1, 2, 1, 1, 2, 1, 1, 2], [2, 1, 1, 1, 1, 1, 2, 1]), ([2, 3], [2])]
ALL = NUMERIC + [BOOL, STR]


# the data argument's name in tf.raw_ops where it is not "x"
ARG = {"Relu": "features", "Relu6": "features", "Elu": "features", "Selu": "features", "Softplus": "features",
       "Softsign": "features", "LeakyRelu": "features", "Identity": "input", "StopGradient": "input", "Snapshot": "input"}


def tol_of(op):
    return [1e-6, 2e-6] if op in TRANSCENDENTAL else None


def unary(s):
    for op in UNARY:
        for dt in ALL:
            extra = {"alpha": 0.3} if op == "LeakyRelu" else {}
            s.add(op, {ARG.get(op, "x"): specials(dt) if dt not in (BOOL, STR) else values(dt, [4])}, extra, note="specials", tol=tol_of(op))
            if dt not in (F32, I32, BOOL):
                continue
            for shape in ([], [2, 0], [2, 1, 3, 1, 2], [2, 1, 2, 1, 1, 2, 1], [1, 2, 1, 1, 2, 1, 1, 2]):
                s.add(op, {ARG.get(op, "x"): values(dt, shape)}, extra, note=f"shape {shape}", tol=tol_of(op))
        if op in ("Acos", "Asin", "Atanh", "Acosh", "Log", "Log1p", "Sqrt", "Rsqrt"):
            s.add(op, {ARG.get(op, "x"): np.linspace(-1.5, 3, 19).astype(F32)}, note="domain edges", tol=tol_of(op))
        if op in ("Exp", "Expm1", "Sigmoid", "Softplus", "Tanh", "Elu", "Selu", "Sinh", "Cosh"):
            s.add(op, {ARG.get(op, "x"): np.array([-100, -20, -10, -1e-4, 1e-4, 10, 20, 80, 88.7, 89, 100], F32)}, note="large magnitudes", tol=tol_of(op))
        if op == "Round":
            s.add(op, {"x": np.array([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999997, 8388609.0, -3.5], F32)}, note="half to even")


def binary(s):
    for op in BINARY:
        for dt in ALL:
            a = specials(dt) if dt not in (BOOL, STR) else values(dt, [6])
            b = a[::-1].copy()
            s.add(op, {"x": a, "y": b}, note="specials, reversed", tol=tol_of(op))
            if dt in INTS:
                s.add(op, {"x": a, "y": np.array([3], dt)}, note="by 3", tol=tol_of(op))
                neg = max(np.iinfo(dt).min, -3)
                s.add(op, {"x": values(dt, [7], -7, 7), "y": np.array([neg], dt)}, note=f"by {neg}", tol=tol_of(op))
            if dt in FLOATS:
                s.add(op, {"x": np.array([7, -7, 7, -7, 0.5, -0.5, 0, 3], dt), "y": np.array([2, 2, -2, -2, 0, 0, 0, -0.0], dt)},
                      note="signs and zero divisors", tol=tol_of(op))
            if dt not in (F32, I32, BOOL, I64, U8):
                continue
            for sx, sy in PAIRS:
                lo = 1 if op in ("Pow", "LeftShift", "RightShift") else -3
                s.add(op, {"x": values(dt, sx), "y": values(dt, sy, lo, 3)}, note=f"{sx} with {sy}", tol=tol_of(op))


def nary(s):
    for dt in NUMERIC:
        s.add("AddN", {"inputs": [values(dt, [2, 3]) for _ in range(3)]}, note="three")
        s.add("AddN", {"inputs": [specials(dt)]}, note="one")
        s.add("ClipByValue", {"t": specials(dt), "clip_value_min": np.array(1, dt), "clip_value_max": np.array(5, dt)}, note="scalar bounds")
        s.add("ClipByValue", {"t": values(dt, [2, 3]), "clip_value_min": values(dt, [2, 3], -3, 0), "clip_value_max": values(dt, [2, 3], 0, 3)}, note="tensor bounds")
    s.add("AddN", {"inputs": [values(F32, []), values(F32, [])]}, note="rank 0")
    s.add("AddN", {"inputs": [values(F32, [2, 0]), values(F32, [2, 0])]}, note="empty")
    s.add("ClipByValue", {"t": values(F32, [2, 3]), "clip_value_min": np.array(2, F32), "clip_value_max": np.array(1, F32)}, note="min > max")
    for dt in ALL:
        for op in ("Select", "SelectV2"):
            t, e = ("x", "y") if op == "Select" else ("t", "e")  # Select (v1) names them x and y
            s.add(op, {"condition": values(BOOL, [2, 3]), t: values(dt, [2, 3]), e: values(dt, [2, 3])}, note="same shape")
            s.add(op, {"condition": values(BOOL, [2]), t: values(dt, [2, 3]), e: values(dt, [2, 3])}, note="vector condition")
            s.add(op, {"condition": values(BOOL, []), t: values(dt, [2]), e: values(dt, [2])}, note="scalar condition")
        s.add("SelectV2", {"condition": values(BOOL, [2, 1]), "t": values(dt, [3]), "e": values(dt, [])}, note="broadcast all three")
        s.add("SelectV2", {"condition": values(BOOL, [2, 0]), "t": values(dt, [1]), "e": values(dt, [1])}, note="empty")
        s.add("SelectV2", {"condition": values(BOOL, [2, 1, 2, 1, 1, 2, 1]), "t": values(dt, [1, 2, 1]), "e": values(dt, [2, 1])}, note="rank 7")


def cast(s):
    for src in NUMERIC + [BOOL]:
        x = specials(src) if src != BOOL else np.array([True, False], BOOL)
        if src in FLOATS:
            x = np.concatenate([x, np.array([-1.5, 255.7, 300, -129, 65536.5, 3e9, -3e9, 1e20], src)]).astype(src)
        for dst in NUMERIC + [BOOL]:
            s.add("Cast", {"x": x}, {"DstT": dst}, note="specials")
    s.add("Cast", {"x": values(F32, [2, 0])}, {"DstT": I32}, note="empty")
    s.add("Cast", {"x": values(I32, [])}, {"DstT": F32}, note="rank 0")
    s.add("Cast", {"x": values(F32, [1, 2, 1, 1, 2, 1, 1, 2])}, {"DstT": I64}, note="rank 8")


def build(s):
    unary(s)
    binary(s)
    nary(s)
    cast(s)
