#!/usr/bin/env python3
"""Writes accuracy vectors for the portable engine's transformer ops, computed by TensorFlow 2.21 (run by hand).

    ~/tfvenv/bin/python scripts/generate_transformer_vectors.py

test/engine/ops/transformer.vectors.json holds, per op, cases of {attrs, inputs, expected | error}:
- Erf / Erfc: float32 over [-12, 12] densely, plus 0, -0, denormals, the series/fraction boundary, huge
  values, +-inf and NaN; GELU compositions (exact via Erfc, as Keras 3 emits it, and tanh-approximate).
- Einsum: the equations Keras' MultiHeadAttention / EinsumDense emit and hand-written ones (matmul,
  batch matmul, transposes, reductions to rank 0, outer products, `...` broadcasting with different
  ellipsis ranks, empty dimensions) and the errors TF raises for mismatched shapes.
- BatchMatMulV2: adj_x / adj_y on ranks 2..6, broadcast batch dims, empty batch / rows / inner dims, errors.
- MatrixBandPart: -1 / 0 / positive limits, non-square, ranks 1..4, empty, limits above the matrix size
  (errors), int32 and bool inputs (Keras' causal mask is MatrixBandPart(ones bool, -1, 0)).
- BitwiseAnd / Or / Xor on int32 with broadcasting; Bitcast float32 <-> int32 (denormals, -0, inf).
Errors keep the kernel's message (the eager wrapper's prefix and suffix removed). Floats are written as JSON numbers, except "nan", "inf", "-inf" as strings. Runs with oneDNN off, like the
zoo generators (scripts/generate_fixtures.py).
"""
import json
import os
import re

os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "engine", "ops", "transformer.vectors.json")
RNG = np.random.default_rng(20261206)


def enc(a):
    a = np.asarray(a)
    dtype = {"float32": "float32", "int32": "int32", "bool": "bool"}[str(a.dtype)]
    flat = []
    for v in a.reshape(-1).tolist():
        if isinstance(v, float) and not np.isfinite(v):
            flat.append("nan" if np.isnan(v) else ("inf" if v > 0 else "-inf"))
        else:
            flat.append(int(v) if isinstance(v, bool) else v)
    return {"dtype": dtype, "shape": list(a.shape), "values": flat}


def rand(shape):
    return np.round(RNG.normal(size=shape), 3).astype(np.float32)


def run(fn, *args):
    try:
        return {"expected": enc(fn(*args).numpy())}
    except tf.errors.InvalidArgumentError as e:
        # "{{function_node …}} <message> [Op:Einsum] name: " in eager mode: keep the kernel's message
        return {"error": re.sub(r"^\{\{[^}]*\}\}\s*|\s*\[Op:.*$", "", e.message.split("\n")[0])}


def erf_cases():
    grid = np.linspace(-12, 12, 1201, dtype=np.float32)
    special = np.array([0.0, -0.0, 1e-30, -1e-30, 1e-40, 1e-45, 1e-8, 1e-4, 0.5, 2.5, np.nextafter(np.float32(2.5), 0),
                        np.nextafter(np.float32(2.5), 3), 3.9, 4.0, 9.0, 9.2, 10.0, 10.05, 26.5, 27.0, 1e10,
                        3.4028235e38, -3.4028235e38, np.inf, -np.inf, np.nan], dtype=np.float32)
    x = np.concatenate([grid, special]).astype(np.float32)
    cases = []
    for op, fn in [("Erf", tf.math.erf), ("Erfc", tf.math.erfc)]:
        cases.append({"op": op, "attrs": {}, "inputs": [enc(x)], **run(fn, tf.constant(x))})
        cases.append({"op": op, "attrs": {}, "inputs": [enc(np.float32(0.75))], **run(fn, tf.constant(np.float32(0.75)))})
        cases.append({"op": op, "attrs": {}, "inputs": [enc(np.zeros((2, 0, 3), np.float32))], **run(fn, tf.zeros((2, 0, 3)))})
    return cases


def gelu_cases():
    x = np.linspace(-8, 8, 641, dtype=np.float32)
    return [{"op": "Gelu", "attrs": {"approximate": a}, "inputs": [enc(x)], **run(lambda t: tf.nn.gelu(t, approximate=a), tf.constant(x))}
            for a in (False, True)]


EINSUMS = [
    # Keras 3 MultiHeadAttention / EinsumDense
    ("abc,cde->abde", [2, 5, 8], [8, 2, 4]),
    ("aecd,abcd->acbe", [2, 6, 2, 4], [2, 5, 2, 4]),
    ("acbe,aecd->abcd", [2, 2, 5, 6], [2, 6, 2, 4]),
    ("abcd,cde->abe", [2, 5, 2, 4], [2, 4, 8]),
    ("abc,cd->abd", [2, 5, 8], [8, 3]),
    ("abc,cde->abe", [0, 5, 8], [8, 2, 4]),
    # hand-written
    ("ij,jk->ik", [3, 4], [4, 2]),
    ("ij,kj->ik", [3, 4], [5, 4]),
    ("ji,jk->ik", [4, 3], [4, 2]),
    ("bij,bjk->bik", [2, 3, 4], [2, 4, 5]),
    ("bij,bkj->bik", [2, 3, 4], [2, 5, 4]),
    ("bhqd,bhkd->bhqk", [2, 2, 3, 4], [2, 2, 5, 4]),
    ("ij,j->i", [3, 4], [4]),
    ("i,j->ij", [3], [4]),
    ("i,i->", [5], [5]),
    ("i,i->i", [5], [5]),
    ("ij,ij->", [3, 4], [3, 4]),
    ("ij,ij->ji", [3, 4], [3, 4]),
    ("ab,cd->ad", [2, 3], [4, 5]),
    ("ab,cd->", [2, 3], [4, 5]),
    ("abc,bd->dca", [2, 3, 4], [3, 5]),
    ("...ij,...jk->...ik", [2, 1, 3, 4], [3, 4, 2]),
    ("...ij,...jk->...ik", [3, 4], [2, 4, 5]),
    ("...ij,jk->...ik", [2, 3, 3, 4], [4, 2]),
    ("ij...,jk->ik...", [3, 4, 2], [4, 5]),
    ("...i,...i->...", [2, 1, 3], [4, 3]),
    ("b...d,bd->b...", [2, 3, 4, 5], [2, 5]),
    ("ij,jk->ik", [0, 3], [3, 4]),
    ("ij,jk->ik", [2, 0], [0, 3]),
    ("bij,bjk->bik", [0, 3, 4], [0, 4, 5]),
    ("ij,jk->ik", [2, 3], [4, 5]),
    ("bij,bjk->bik", [2, 3, 4], [3, 4, 5]),
    ("...ij,...jk->...ik", [2, 3, 4], [3, 4, 5]),
    # one operand
    ("ijk->kij", [2, 3, 4], None),
    ("ij->ji", [3, 4], None),
    ("ij->i", [3, 4], None),
    ("ij->j", [3, 4], None),
    ("ij->", [3, 4], None),
    ("ij->ij", [3, 4], None),
    ("bhts->bts", [2, 2, 3, 4], None),
    ("...ij->...ji", [2, 2, 3, 4], None),
    ("...ij->...", [2, 3, 4], None),
    ("ij->i", [3, 0], None),
    ("...ij->ij", [2, 3, 4], None),
]


def einsum_cases():
    cases = []
    for eq, sa, sb in EINSUMS:
        ins = [rand(sa)] + ([rand(sb)] if sb is not None else [])
        cases.append({"op": "Einsum", "attrs": {"equation": eq}, "inputs": [enc(a) for a in ins],
                      **run(lambda *t: tf.einsum(eq, *t), *[tf.constant(a) for a in ins])})
    return cases


MATMULS = [
    ([3, 4], [4, 2]), ([2, 3, 4], [2, 4, 5]), ([2, 1, 3, 4], [3, 4, 2]), ([1, 3, 4], [2, 4, 5]),
    ([2, 3, 4], [4, 5]), ([3, 4], [2, 2, 4, 5]), ([2, 1, 2, 3, 4], [1, 3, 1, 4, 5]), ([1, 2, 1, 2, 3, 4], [2, 1, 2, 1, 4, 2]),
    ([0, 3, 4], [0, 4, 5]), ([2, 0, 4], [2, 4, 5]), ([2, 3, 0], [2, 0, 5]), ([2, 3, 4], [1, 4, 0]),
    ([2, 3, 4], [3, 4, 5]), ([2, 3, 4], [2, 5, 5]),
]


def matmul_cases():
    cases = []
    for sx, sy in MATMULS:
        for ax in (False, True):
            for ay in (False, True):
                tx = sx[:-2] + ([sx[-1], sx[-2]] if ax else sx[-2:])
                ty = sy[:-2] + ([sy[-1], sy[-2]] if ay else sy[-2:])
                x, y = rand(tx), rand(ty)
                cases.append({"op": "BatchMatMulV2", "attrs": {"adj_x": ax, "adj_y": ay}, "inputs": [enc(x), enc(y)],
                              **run(lambda a, b: tf.raw_ops.BatchMatMulV2(x=a, y=b, adj_x=ax, adj_y=ay), tf.constant(x), tf.constant(y))})
    # v1 needs equal batch dims (no broadcasting); V3 is V2 with explicit Ta / Tb / Tout (float32 here)
    for sx, sy, ax, ay in [([2, 3, 4], [2, 4, 5], False, False), ([2, 2, 4, 3], [2, 2, 5, 4], True, True), ([2, 1, 3, 4], [2, 3, 4, 2], False, False), ([3, 4], [4, 2], False, False)]:
        x, y = rand(sx), rand(sy)
        cases.append({"op": "BatchMatMul", "attrs": {"adj_x": ax, "adj_y": ay}, "inputs": [enc(x), enc(y)],
                      **run(lambda a, b: tf.raw_ops.BatchMatMul(x=a, y=b, adj_x=ax, adj_y=ay), tf.constant(x), tf.constant(y))})
        cases.append({"op": "BatchMatMulV3", "attrs": {"adj_x": ax, "adj_y": ay}, "inputs": [enc(x), enc(y)],
                      **run(lambda a, b: tf.raw_ops.BatchMatMulV3(x=a, y=b, Tout=tf.float32, adj_x=ax, adj_y=ay), tf.constant(x), tf.constant(y))})
    return cases


BANDS = [
    ([4, 4], -1, 0), ([4, 4], 0, -1), ([4, 4], -1, -1), ([4, 4], 0, 0), ([3, 5], 1, 2), ([5, 3], 2, 1),
    ([2, 3, 4], -1, 0), ([2, 2, 3, 3], 1, -1), ([4, 4], 4, 4), ([0, 3], -1, 0), ([3, 0], 0, 0), ([2, 0, 3], -1, -1),
    ([4, 4], 5, 0), ([4, 4], 0, 5), ([4], 0, 0),
]


def band_cases():
    cases = []
    for shape, lo, up in BANDS:
        x = rand(shape)
        cases.append({"op": "MatrixBandPart", "attrs": {}, "inputs": [enc(x), enc(np.int32(lo)), enc(np.int32(up))],
                      **run(lambda t: tf.linalg.band_part(t, lo, up), tf.constant(x))})
    for x in [RNG.integers(-9, 9, size=(3, 4)).astype(np.int32), RNG.integers(0, 2, size=(2, 4, 4)).astype(bool)]:
        cases.append({"op": "MatrixBandPart", "attrs": {}, "inputs": [enc(x), enc(np.int32(-1)), enc(np.int32(0))],
                      **run(lambda t: tf.linalg.band_part(t, -1, 0), tf.constant(x))})
    return cases


def bit_cases():
    cases = []
    a = np.array([[0, 1, -1, 7], [-2147483648, 2147483647, 12345, -12345], [255, 256, -256, 3]], np.int32)
    for op, fn in [("BitwiseAnd", tf.bitwise.bitwise_and), ("BitwiseOr", tf.bitwise.bitwise_or), ("BitwiseXor", tf.bitwise.bitwise_xor)]:
        for b in [np.array([-2147483648, 1, 3, -1], np.int32), np.int32(-2147483648), a[::-1].copy(), np.array([[5], [6], [-7]], np.int32)]:
            cases.append({"op": op, "attrs": {}, "inputs": [enc(a), enc(b)], **run(fn, tf.constant(a), tf.constant(b))})
    f = np.array([0.0, -0.0, 1.5, -2.25, 1e-45, 3.4028235e38, np.inf, -np.inf, 1e-30], np.float32)
    cases.append({"op": "Bitcast", "attrs": {"type": "DT_INT32"}, "inputs": [enc(f)], **run(lambda t: tf.bitcast(t, tf.int32), tf.constant(f))})
    i = np.array([[0, 1, -2147483648, 1069547520], [-1082130432, 2139095040, 8388608, 12345]], np.int32)
    cases.append({"op": "Bitcast", "attrs": {"type": "DT_FLOAT"}, "inputs": [enc(i)], **run(lambda t: tf.bitcast(t, tf.float32), tf.constant(i))})
    return cases


def main():
    data = {"cases": erf_cases() + gelu_cases() + einsum_cases() + matmul_cases() + band_cases() + bit_cases()}
    with open(OUT, "w") as f:
        json.dump(data, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", os.path.relpath(OUT), len(data["cases"]), "cases", os.path.getsize(OUT), "bytes")
    for c in data["cases"]:
        if "error" in c:
            print("  error case", c["op"], c["attrs"], c["error"])


if __name__ == "__main__":
    main()
