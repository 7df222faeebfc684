"""StridedSlice / Slice vectors from TensorFlow 2.21 (run by hand; tests never run Python).

    ~/tfvenv/bin/python scripts/generate_slice_vectors.py

Writes test/engine/ops/slice.vectors.json: for each case the input shape (values are 0..n-1 as float32),
the op's inputs and attrs, and TF's output (shape and values) or its error class. Covers every
begin/end/ellipsis/new_axis/shrink_axis mask combination on a few specs, negative indices and strides,
out-of-range clamping, empty results, ranks 0..8, and Slice with size -1.
"""
import itertools
import json
import os
import random

import numpy as np
import tensorflow as tf

OUT = os.path.join(os.path.dirname(__file__), "..", "test", "engine", "ops", "slice.vectors.json")
random.seed(6)
cases = []


def run_strided(shape, begin, end, strides, masks, note):
    x = tf.reshape(tf.range(int(np.prod(shape)), dtype=tf.float32), shape)
    case = {"op": "StridedSlice", "note": note, "shape": list(shape), "begin": begin, "end": end, "strides": strides, **masks}
    try:
        y = tf.raw_ops.StridedSlice(input=x, begin=tf.constant(begin, tf.int32), end=tf.constant(end, tf.int32),
                                    strides=tf.constant(strides, tf.int32), **masks)
        case["out_shape"] = list(y.shape)
        case["values"] = y.numpy().reshape(-1).astype(int).tolist()
    except (tf.errors.InvalidArgumentError, ValueError) as e:
        case["error"] = "INVALID_ARGUMENT"
    cases.append(case)


def masks(b=0, e=0, el=0, na=0, sa=0):
    return {"begin_mask": b, "end_mask": e, "ellipsis_mask": el, "new_axis_mask": na, "shrink_axis_mask": sa}


# Every mask combination on a 3-element spec over a rank-3 input (5 masks x 8 bit patterns, sampled).
shape3 = [4, 5, 6]
specs = [([1, -2, 0], [3, 4, -1], [1, 1, 2]), ([-1, 3, 5], [0, 0, 0], [-1, -2, -2]), ([0, 0, 0], [9, -9, 9], [2, 1, 3])]
for (begin, end, strides) in specs:
    for bits in itertools.product(range(8), repeat=5):
        b, e, el, na, sa = bits
        if bin(el).count("1") > 1 and random.random() < 0.7:
            continue
        if random.random() < 0.994:
            continue
        run_strided(shape3, begin, end, strides, masks(b, e, el, na, sa), f"masks b={b} e={e} el={el} na={na} sa={sa}")
# Each mask bit alone and in pairs, every spec (deterministic coverage of each bit).
for (begin, end, strides) in specs:
    for name in ["begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask"]:
        for bit in range(3):
            m = masks(); m[name] = 1 << bit
            run_strided(shape3, begin, end, strides, m, f"{name}={1 << bit}")
# Negative strides, clamping, empty results.
for begin, end, strides in [([10], [-10], [-1]), ([-10], [10], [1]), ([3], [1], [1]), ([1], [3], [-1]), ([-1], [-7], [-2]),
                            ([2], [2], [1]), ([0], [7], [3]), ([6], [0], [-3]), ([-100], [100], [4])]:
    run_strided([7], begin, end, strides, masks(), f"rank 1 begin {begin} end {end} stride {strides}")
    run_strided([7, 2], begin, end, strides, masks(), f"rank 2 partial spec begin {begin} end {end} stride {strides}")
run_strided([3, 0, 2], [0, 0, 0], [3, 1, 2], [1, 1, 1], masks(), "empty input dimension")
run_strided([5], [2], [3], [1], masks(sa=1), "shrink to a scalar")
run_strided([5], [-1], [0], [1], masks(sa=1), "shrink at -1")
run_strided([5], [5], [6], [1], masks(sa=1), "shrink out of range")
run_strided([5], [0], [1], [0], masks(), "stride 0")
run_strided([], [], [], [], masks(), "rank 0, empty spec")
run_strided([], [0], [1], [1], masks(na=1), "rank 0, new axis")
run_strided([], [0], [0], [1], masks(el=1), "rank 0, ellipsis")
# Ranks 1..8: random specs with random masks.
for rank in range(1, 9):
    shape = [random.randint(1, 3) for _ in range(rank)]
    for k in range(10):
        n = random.randint(1, rank)
        begin = [random.randint(-4, 4) for _ in range(n)]
        end = [random.randint(-4, 4) for _ in range(n)]
        strides = [random.choice([-2, -1, 1, 2, 3]) for _ in range(n)]
        ms = masks(random.randrange(1 << n), random.randrange(1 << n), 1 << random.randrange(n) if random.random() < 0.4 else 0,
                   random.randrange(1 << n) if random.random() < 0.3 else 0, random.randrange(1 << n) if random.random() < 0.4 else 0)
        run_strided(shape, begin, end, strides, ms, f"rank {rank} random {k}")


def run_slice(shape, begin, size, note):
    x = tf.reshape(tf.range(int(np.prod(shape)), dtype=tf.float32), shape)
    case = {"op": "Slice", "note": note, "shape": list(shape), "begin": begin, "size": size}
    try:
        y = tf.raw_ops.Slice(input=x, begin=tf.constant(begin, tf.int32), size=tf.constant(size, tf.int32))
        case["out_shape"] = list(y.shape)
        case["values"] = y.numpy().reshape(-1).astype(int).tolist()
    except (tf.errors.InvalidArgumentError, ValueError):
        case["error"] = "INVALID_ARGUMENT"
    cases.append(case)


run_slice([4, 5], [1, 2], [-1, -1], "size -1 on both")
run_slice([4, 5], [0, 0], [2, -1], "size -1 on the last")
run_slice([4, 5], [4, 5], [0, 0], "empty at the end")
run_slice([4, 5], [3, 0], [2, 1], "past the end")
run_slice([4, 5], [-1, 0], [1, 1], "negative begin")
run_slice([4, 5], [0, 0], [-2, 1], "size -2")
run_slice([], [], [], "rank 0")
run_slice([2, 1, 3, 1, 2, 1, 2], [1, 0, 1, 0, 0, 0, 1], [-1, 1, -1, -1, 1, -1, -1], "rank 7")
run_slice([2, 1, 3, 1, 2, 1, 2, 2], [1, 0, 1, 0, 0, 0, 1, 0], [-1, 1, 2, -1, 1, -1, -1, 1], "rank 8")

with open(OUT, "w") as f:
    json.dump({"generated_by": "scripts/generate_slice_vectors.py", "tensorflow": tf.__version__, "cases": cases}, f, separators=(",", ":"))
print(len(cases), "cases,", sum("error" in c for c in cases), "errors,", os.path.getsize(OUT), "bytes")
