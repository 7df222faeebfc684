"""Activations: Relu, Relu6, Elu, Selu, Softplus, LeakyRelu (alpha 0, negative, between 0 and 1, 1, above 1),
over every dtype TensorFlow accepts, NaN / ±inf / -0, the points where each changes formula (0, 6, Softplus's
thresholds), rank 0, empty tensors and ranks up to 8. (The elementwise group runs each once on specials per
dtype; `Prelu` is a TensorFlow.js op name, not a TensorFlow op: no SavedModel holds it.)"""
from sweep_common import BF16, F16, F32, F64, FLOATS, INTS, I32, Sweep, np, specials, values

RELUS = ["Relu", "Relu6", "LeakyRelu"]  # every real number type
SMOOTH = ["Elu", "Selu", "Softplus"]  # floats only
TOL = [1e-6, 2e-6]  # exp / log1p come from another implementation (tfjs / XNNPACK vs Eigen)
SHAPES = ([], [0], [2, 0, 3], [3, 4], [2, 1, 3, 1, 2], [2, 1, 2, 1, 1, 2, 1], [1, 2, 1, 1, 2, 1, 1, 2])
EDGES = [-7.0, -6.0, -1e-30, -0.0, 0.0, 1e-30, 1e-7, 5.999999, 6.0, 6.000001, 7.0, 3.4e38, -3.4e38, np.nan, np.inf, -np.inf]
# softplus_op.h: x > -log(eps)+2 ≈ 17.94 gives x, x < log(eps)-2 ≈ -17.94 gives exp(x), log1p(exp(x)) between
SOFTPLUS = [-100.0, -20.0, -17.95, -17.93, -10.0, -1e-4, 1e-4, 1.0, 10.0, 17.93, 17.95, 20.0, 88.0, 89.0, 100.0]


def attrs(op, alpha=0.2):
    return {"alpha": alpha} if op == "LeakyRelu" else {}


def tol(op):
    return TOL if op in SMOOTH else None


def build(s):
    for op in RELUS + SMOOTH:
        for dt in FLOATS + INTS if op in RELUS else FLOATS:
            s.add(op, {"features": specials(dt)}, attrs(op), note="specials", tol=tol(op))
            s.add(op, {"features": values(dt, [2, 3], -8, 8)}, attrs(op), note="2x3", tol=tol(op))
        for shape in SHAPES:
            s.add(op, {"features": values(F32, shape, -8, 8)}, attrs(op), note=f"shape {shape}", tol=tol(op))
        s.add(op, {"features": np.array(EDGES, F32)}, attrs(op), note="formula edges", tol=tol(op))
        s.add(op, {"features": np.array(EDGES, F64)}, attrs(op), note="formula edges float64", tol=tol(op))
        for dt in (F16, BF16):
            s.add(op, {"features": np.linspace(-8, 8, 33).astype(dt)}, attrs(op), note="grid", tol=tol(op))
    s.add("Softplus", {"features": np.array(SOFTPLUS, F32)}, note="thresholds", tol=TOL)
    s.add("Softplus", {"features": np.array(SOFTPLUS, F64)}, note="thresholds float64", tol=TOL)
    for alpha in (0.0, -0.5, 0.01, 1.0, 1.5, 3.0):
        for dt in (F32, F64, F16, I32):
            s.add("LeakyRelu", {"features": specials(dt)}, {"alpha": alpha}, note=f"alpha {alpha}")
        s.add("LeakyRelu", {"features": values(F32, [1, 2, 1, 1, 2, 1, 1, 2], -8, 8)}, {"alpha": alpha}, note=f"alpha {alpha} rank 8")
