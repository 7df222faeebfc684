#!/usr/bin/env python3
"""Builds the benchmark SavedModels and measures TensorFlow's own timings on them. Run by hand, never by tests.

    ~/tfvenv/bin/python scripts/generate_bench_models.py [--skip-build] [--cold-runs N]
    ~/tfvenv/bin/python scripts/generate_bench_models.py --measure DIR [DIR ...] [--cold-runs N]

Needs TensorFlow 2.21 (CPU) with Keras 3. Default mode writes, under bench/models/ (git-ignored: big):

  mobilenet_v2_96/1          keras.applications.MobileNetV2(input_shape=(96, 96, 3), weights=None, alpha=0.35)
  efficientnet_style_96/1    EfficientNet-style: stem conv, MBConv blocks (expand 1x1, depthwise, squeeze-excite,
                             project 1x1, BatchNorm + swish), 96x96x3 input
  resnet_style_64/1          ResNet-style: Conv+BatchNorm+ReLU basic blocks with residual Adds, 64x64x3 input
  mlp_784_1024_1024_10/1     Dense(1024, relu) x2 -> Dense(10, softmax) on 784 inputs
  mlp_512_2048x3_10/1        Dense(2048, relu) x3 -> Dense(10, softmax) on 512 inputs
  reference.json             TensorFlow's timings on those models plus the bundled models/half_plus_two/1
                             and models/digits/1, keyed by directory relative to the repository root

All are exported with model.export() (Keras' ExportArchive: "serve" and "serving_default"). Weights
are random (keras.utils.set_random_seed(0)): only the timings matter.

Measured per model, through the loaded SavedModel's signature (tf.saved_model.load(dir).signatures[key]):
  load_ms         tf.saved_model.load + signature lookup, in this (already warm) process
  b1, b32         warm latency of one call at batch 1 / batch 32 after 20 warm-up calls: p50/p99 in ms over
                  200-1000 calls (fewer only if a 30 s budget runs out; n says how many)
  cold            a fresh `python -c` process: import tensorflow, load, first answer. Wall time from spawn to
                  the answer line on stdout, p50 of --cold-runs runs (default 5); peak RSS from the child's
                  own getrusage(RUSAGE_SELF).ru_maxrss
Inputs follow the rule bench/engine.ts uses: the signature's dims with dim 0 := batch and every other unknown
dim := 1; float inputs uniform [0, 1) (seed 0), integer inputs zeros, string inputs b"cat".

--measure prints the same JSON for the given SavedModel version directories to stdout instead (bench/engine.ts
--compare spawns it when TF_PYTHON names a Python with TensorFlow).
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(REPO, "bench", "models")
SEED = 0
WARMUP = 20
MIN_ITERS = 200
BUDGET_S = 30.0

GENERATED = ["mobilenet_v2_96", "efficientnet_style_96", "resnet_style_64", "mlp_784_1024_1024_10",
             "mlp_512_2048x3_10"]
BUNDLED = ["models/half_plus_two/1", "models/digits/1"]


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def fresh(d):
    if os.path.exists(d):
        shutil.rmtree(d)
    os.makedirs(os.path.dirname(d), exist_ok=True)


def build_models():
    import keras
    keras.utils.set_random_seed(SEED)

    def mlp(name, n_in, hidden):
        layers = [keras.Input(shape=(n_in,), name="x")]
        layers += [keras.layers.Dense(h, activation="relu", name="dense_%d" % i) for i, h in enumerate(hidden)]
        layers += [keras.layers.Dense(10, activation="softmax", name="probabilities")]
        return keras.Sequential(layers, name=name)

    L = keras.layers

    def conv_bn(x, filters, kernel, strides=1, act="relu", depthwise=False):
        if depthwise:
            x = L.DepthwiseConv2D(kernel, strides=strides, padding="same", use_bias=False)(x)
        else:
            x = L.Conv2D(filters, kernel, strides=strides, padding="same", use_bias=False)(x)
        x = L.BatchNormalization()(x)
        return L.Activation(act)(x) if act else x

    def efficientnet_style():
        # MBConv blocks as keras.applications.EfficientNetB0 builds them, with tiny widths and few blocks.
        inp = keras.Input(shape=(96, 96, 3), name="image")
        x = conv_bn(inp, 16, 3, strides=2, act="swish")
        for filters, expand, strides in [(16, 1, 1), (24, 4, 2), (24, 4, 1), (40, 4, 2), (40, 4, 1), (80, 4, 2)]:
            cin = x.shape[-1]
            h = conv_bn(x, cin * expand, 1, act="swish") if expand > 1 else x
            h = conv_bn(h, 0, 3, strides=strides, act="swish", depthwise=True)
            se = L.GlobalAveragePooling2D(keepdims=True)(h)
            se = L.Conv2D(max(1, cin // 4), 1, activation="swish")(se)
            se = L.Conv2D(h.shape[-1], 1, activation="sigmoid")(se)
            h = L.Multiply()([h, se])
            h = conv_bn(h, filters, 1, act=None)
            x = L.Add()([x, h]) if strides == 1 and cin == filters else h
        x = conv_bn(x, 320, 1, act="swish")
        x = L.GlobalAveragePooling2D()(x)
        out = L.Dense(10, activation="softmax", name="probabilities")(x)
        return keras.Model(inp, out, name="efficientnet_style_96")

    def resnet_style():
        inp = keras.Input(shape=(64, 64, 3), name="image")
        x = conv_bn(inp, 16, 3)
        for filters, strides in [(16, 1), (32, 2), (32, 1), (64, 2), (64, 1)]:
            h = conv_bn(x, filters, 3, strides=strides)
            h = conv_bn(h, filters, 3, act=None)
            short = x if strides == 1 and x.shape[-1] == filters else conv_bn(x, filters, 1, strides=strides, act=None)
            x = L.Activation("relu")(L.Add()([short, h]))
        x = L.GlobalAveragePooling2D()(x)
        out = L.Dense(10, activation="softmax", name="probabilities")(x)
        return keras.Model(inp, out, name="resnet_style_64")

    models = {
        "mobilenet_v2_96": lambda: keras.applications.MobileNetV2(input_shape=(96, 96, 3), weights=None, alpha=0.35),
        "efficientnet_style_96": efficientnet_style,
        "resnet_style_64": resnet_style,
        "mlp_784_1024_1024_10": lambda: mlp("mlp_784_1024_1024_10", 784, [1024, 1024]),
        "mlp_512_2048x3_10": lambda: mlp("mlp_512_2048x3_10", 512, [2048, 2048, 2048]),
    }
    for name in GENERATED:
        keras.utils.set_random_seed(SEED)
        model = models[name]()
        # Random moving statistics, so that a BatchNorm folded wrongly shows in the outputs.
        for layer in model.layers:
            if isinstance(layer, L.BatchNormalization):
                mean, var = layer.moving_mean, layer.moving_variance
                mean.assign(keras.random.normal(mean.shape, stddev=0.1, seed=SEED))
                var.assign(keras.random.uniform(var.shape, 0.5, 1.5, seed=SEED))
        vdir = os.path.join(OUT, name, "1")
        fresh(vdir)
        model.export(vdir, verbose=False)
        size = sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(vdir) for f in fs)
        log("  %s: %d parameters, %.1f MB on disk" % (name, model.count_params(), size / 1e6))


# --- measuring ---------------------------------------------------------------------------------------------

def pick_signature(sigs):
    keys = list(sigs.keys())
    return "serving_default" if "serving_default" in keys else sorted(keys)[0]


def make_inputs(fn, batch):
    """Keyword arguments for a concrete signature function, by the shared input rule."""
    import numpy as np
    import tensorflow as tf
    rng = np.random.default_rng(SEED)
    _, kwargs = fn.structured_input_signature
    feed = {}
    for name, spec in sorted(kwargs.items()):
        dims = spec.shape.as_list() if spec.shape.rank is not None else [None]
        shape = [batch if i == 0 else (d if d is not None else 1) for i, d in enumerate(dims)]
        if spec.dtype == tf.string:
            feed[name] = tf.constant(np.full(shape, b"cat", dtype=object))
        elif spec.dtype.is_floating:
            feed[name] = tf.constant(rng.random(shape, dtype=np.float32), dtype=spec.dtype)
        else:
            feed[name] = tf.zeros(shape, dtype=spec.dtype)
    return feed


def pct(xs, p):
    s = sorted(xs)
    i = min(len(s) - 1, max(0, -(-p * len(s) // 100) - 1))
    return s[int(i)]


def time_calls(fn, feed):
    for _ in range(WARMUP):
        fn(**feed)
    ms = []
    start = time.perf_counter()
    cpu0 = time.process_time()
    while True:
        t0 = time.perf_counter()
        out = fn(**feed)
        for v in out.values():
            v.numpy()
        t1 = time.perf_counter()
        ms.append((t1 - t0) * 1000)
        # >= 200 calls; up to 1000 while under 2 s; fewer than 200 only past the budget
        if len(ms) >= MIN_ITERS and (len(ms) >= 1000 or t1 - start > 2.0):
            break
        if t1 - start > BUDGET_S and len(ms) >= 20:
            break
    # CPU time of the whole process (every TF thread) per call: less sensitive than wall time to other load.
    return {"p50": pct(ms, 50), "p99": pct(ms, 99), "n": len(ms), "cpu_ms": (time.process_time() - cpu0) * 1000 / len(ms)}


COLD = r"""
import os, sys, time, resource
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np
import tensorflow as tf
d = sys.argv[1]
sigs = tf.saved_model.load(d).signatures
fn = sigs["serving_default" if "serving_default" in sigs else sorted(sigs)[0]]
_, kw = fn.structured_input_signature
feed = {}
for n, s in kw.items():
    dims = s.shape.as_list() if s.shape.rank is not None else [None]
    shape = [1 if i == 0 else (x if x is not None else 1) for i, x in enumerate(dims)]
    feed[n] = (tf.constant(np.full(shape, b"cat", dtype=object)) if s.dtype == tf.string
               else tf.ones(shape, dtype=s.dtype))
[v.numpy() for v in fn(**feed).values()]
print("answered", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
"""


def cold_start(vdir, runs):
    ms, rss = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        p = subprocess.Popen([sys.executable, "-c", COLD, vdir], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True)
        line = p.stdout.readline()
        t1 = time.perf_counter()
        p.wait()
        if not line.startswith("answered"):
            raise RuntimeError("cold start of %s failed (exit %s)" % (vdir, p.returncode))
        ms.append((t1 - t0) * 1000)
        rss.append(int(line.split()[1]) / 1024)  # ru_maxrss is in KiB on Linux
    return {"p50_ms": pct(ms, 50), "runs_ms": [round(x, 1) for x in ms], "peak_rss_mb": pct(rss, 50)}


def measure(vdir, cold_runs, batches=(1, 32)):
    import tensorflow as tf
    t0 = time.perf_counter()
    sigs = tf.saved_model.load(vdir).signatures
    key = pick_signature(sigs)
    fn = sigs[key]
    load_ms = (time.perf_counter() - t0) * 1000
    res = {"signature": key, "load_ms": load_ms}
    for b in batches:
        feed = make_inputs(fn, b)
        r = time_calls(fn, feed)
        r["shapes"] = {k: v.shape.as_list() for k, v in feed.items()}
        r["per_item_p50"] = r["p50"] / b
        res["b%d" % b] = r
        log("  %s b%d: p50 %.3f ms p99 %.3f ms (n=%d)" % (vdir, b, r["p50"], r["p99"], r["n"]))
    if cold_runs > 0:
        res["cold"] = cold_start(vdir, cold_runs)
        log("  %s cold: p50 %.0f ms, %.0f MB" % (vdir, res["cold"]["p50_ms"], res["cold"]["peak_rss_mb"]))
    return res


def header():
    import tensorflow as tf
    return {
        "tensorflow": tf.__version__,
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "intra_op_threads": tf.config.threading.get_intra_op_parallelism_threads() or "default (all cores)",
        "inter_op_threads": tf.config.threading.get_inter_op_parallelism_threads() or "default (all cores)",
        "measured_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "method": "tf.saved_model.load(dir).signatures[key](**feed), outputs .numpy()'d; warm-up %d, >= %d calls"
                  % (WARMUP, MIN_ITERS),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--skip-build", action="store_true", help="keep bench/models/*, only re-measure")
    ap.add_argument("--cold-runs", type=int, default=5)
    ap.add_argument("--measure", nargs="+", metavar="DIR", help="measure these version dirs, print JSON")
    ap.add_argument("--threads", type=int, default=0,
                    help="intra-op threads for TensorFlow (0: its default, all cores); set before TF starts")
    ap.add_argument("--batches", default="1,32", help="batch sizes --measure times (comma-separated)")
    ap.add_argument("--build-only", action="store_true", help="write bench/models/*, measure nothing")
    args = ap.parse_args()
    if args.threads:
        import tensorflow as tf
        tf.config.threading.set_intra_op_parallelism_threads(args.threads)

    if args.measure:
        out = header()
        out["models"] = {}
        for d in args.measure:
            try:
                out["models"][os.path.abspath(d)] = measure(os.path.abspath(d), args.cold_runs,
                                                            [int(b) for b in args.batches.split(",")])
            except Exception as e:  # one model TF cannot feed synthetic inputs must not lose the others
                out["models"][os.path.abspath(d)] = {"error": str(e).splitlines()[0][:200]}
        json.dump(out, sys.stdout, indent=1)
        print()
        return

    if not args.skip_build:
        log("building bench/models/ ...")
        build_models()
    if args.build_only:
        return
    log("measuring TensorFlow ...")
    ref = header()
    ref["models"] = {}
    for rel in [os.path.join("bench/models", n, "1") for n in GENERATED] + BUNDLED:
        d = os.path.join(REPO, rel)
        if os.path.isdir(d):
            ref["models"][rel] = measure(d, args.cold_runs)
    with open(os.path.join(OUT, "reference.json"), "w") as f:
        json.dump(ref, f, indent=1)
        f.write("\n")
    log("wrote %s" % os.path.join(OUT, "reference.json"))


if __name__ == "__main__":
    main()
