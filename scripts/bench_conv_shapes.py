"""TensorFlow's side of `npm run bench -- conv` (bench/conv-shapes.ts): one convolution + bias + ReLU per shape,
batch 1, NHWC, float32, with ONE intra-op thread (what issue 13 compares the wasm engine against).

    ~/tfvenv/bin/python scripts/bench_conv_shapes.py '[[64, 3, 3, 16, 1], ...]'   # [size, c_in, k, c_out, stride]

Each shape runs as a tf.function of tf.nn.conv2d(SAME) + bias_add + relu over constant weights (Grappler's
remapper makes it one _FusedConv2D on x86 CPUs, the oneDNN kernel TF serves with), timed per call after a
warm-up: the median over rounds of the mean over a round. The cost of calling an empty tf.function (the Python
and executor overhead every call carries) is measured the same way and printed beside, so that the kernel's own
time is about call_ms - empty_ms. Prints one JSON object on stdout.
"""
import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

tf.config.threading.set_intra_op_parallelism_threads(1)
tf.config.threading.set_inter_op_parallelism_threads(1)
ROUNDS, PER_ROUND, WARMUP = 15, 20, 30


def per_call_ms(fn, x):
    for _ in range(WARMUP):
        fn(x)
    rounds = []
    for _ in range(ROUNDS):
        t0 = time.perf_counter()
        for _ in range(PER_ROUND):
            fn(x)
        rounds.append((time.perf_counter() - t0) * 1000 / PER_ROUND)
    return float(np.median(rounds))


def conv_fn(c_in, k, c_out, stride, rng):
    w = tf.constant(rng.normal(0, 0.3, (k, k, c_in, c_out)).astype("float32"))
    b = tf.constant(rng.normal(0, 0.3, c_out).astype("float32"))

    @tf.function
    def f(x):
        return tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(x, w, strides=stride, padding="SAME"), b))
    return f


def main():
    shapes = json.loads(sys.argv[1])
    rng = np.random.default_rng(0)
    empty = tf.function(lambda x: tf.identity(x))
    out = {"tensorflow": tf.__version__, "empty_ms": per_call_ms(empty, tf.constant(np.zeros((1, 8, 8, 3), "float32"))), "shapes": []}
    for size, c_in, k, c_out, stride in shapes:
        x = tf.constant(rng.uniform(0, 1, (1, size, size, c_in)).astype("float32"))
        out["shapes"].append(per_call_ms(conv_fn(c_in, k, c_out, stride, rng), x))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
