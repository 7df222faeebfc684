"""Zoo family `narrow_ints`: uint8 / int8 / uint16 / int16 arithmetic that wraps, and Cast to them (run by hand).

    ~/tfvenv/bin/python scripts/zoo/gen_narrow_ints.py

TF computes these dtypes in their own width (uint8 200 + 100 = 44); the portable engine carries them as
int32 and must wrap exactly as TF does. TF's Cast float -> uint8 truncates to int32 first (NaN and values
outside int32 give -2^31), then keeps the low bits: -1.5 -> 255, 300 -> 44, 1e10 -> 0.

- arith_uint8 / arith_int8 / arith_uint16 / arith_int16: tf.Module, one output per op (Add, Sub, Mul, Neg,
  AddN, Square, Abs, FloorDiv, Sum, Cumsum, Maximum, compare), with values at the type's edges.
- casts: tf.Module, float32 / int32 / uint8 / bool fed and cast to every narrow dtype, NaN and infinities
  included, and narrow -> float32 / int32 back.
- pixels_v1: TF1 SavedModelBuilder, an image-preprocessing graph: uint8 pixels, a brightness offset added
  in uint8 (wraps as TF does), a float mean, and a quantize back to uint8 through Cast.
"""
from zoo_common import *  # noqa: F401,F403

FAMILY = "narrow_ints"


def arith_module(dtype, signed):
    class Arith(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([None], dtype, name="a"), tf.TensorSpec([None], dtype, name="b")])
        def serve(self, a, b):
            raw = tf.raw_ops
            out = {
                "add": a + b, "sub": a - b, "rsub": b - a, "mul": a * b,
                "addn": tf.add_n([a, b, a]), "square": tf.square(a), "sum": tf.reduce_sum(a),
                "sum_keep": tf.reduce_sum(tf.stack([a, b]), axis=0), "cumsum": tf.cumsum(a),
                "cumsum_rev_excl": tf.cumsum(b, exclusive=True, reverse=True),
                "max": tf.maximum(a, b), "greater": a > b, "floordiv": tf.math.floordiv(a, tf.maximum(b, tf.ones_like(b))),
                "plus_const": a + tf.constant(100, dtype), "as_float": tf.cast(a + b, tf.float32),
            }
            if dtype != tf.uint16:  # TF's Add (v1) has no uint16 kernel
                out["add_v1"] = raw.Add(x=a, y=b)
            if signed:
                out["neg"] = -a
                out["abs"] = tf.abs(a)
                out["floordiv_neg"] = tf.math.floordiv(a, -tf.ones_like(a))
            return out
    return Arith()


EDGE = {
    tf.uint8: ([200, 255, 0, 17, 128], [100, 3, 1, 0, 128]),
    tf.int8: ([-128, 127, 100, -1, 0], [-1, 1, 100, -128, 5]),
    tf.uint16: ([65000, 65535, 0, 300, 32768], [1000, 2, 1, 300, 32768]),
    tf.int16: ([-32768, 32767, 30000, -1, 0], [-1, 1, 30000, -32768, 7]),
}


def arith(dtype, signed):
    name = f"arith_{dtype.name}"
    path = version_dir(FAMILY, name)
    mod = arith_module(dtype, signed)
    tf.saved_model.save(mod, path, signatures={"serving_default": mod.serve})
    g = golden(FAMILY, name)
    a, b = EDGE[dtype]
    g.add("predict", {"inputs": {"a": a, "b": b}}, f"{dtype.name} values at the edges: sums and products wrap")
    g.add("predict", {"inputs": {"a": [a[0]], "b": [b[0]]}}, "one element")
    g.add("predict", {"inputs": {"a": [], "b": []}}, "empty")
    finish(g)


class Casts(tf.Module):
    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32, name="f"), tf.TensorSpec([None], tf.int32, name="i"),
                                  tf.TensorSpec([None], tf.bool, name="flag")])
    def serve(self, f, i, flag):
        out = {}
        for d in (tf.uint8, tf.int8, tf.uint16, tf.int16):
            out[f"f_{d.name}"] = tf.cast(f, d)
            out[f"i_{d.name}"] = tf.cast(i, d)
            out[f"b_{d.name}"] = tf.cast(flag, d)
            out[f"u8_{d.name}"] = tf.cast(tf.cast(i, tf.uint8), d)
            out[f"back_f_{d.name}"] = tf.cast(tf.cast(f, d), tf.float32)
            out[f"back_i_{d.name}"] = tf.cast(tf.cast(i, d), tf.int32)
        # no half → uint8 output: TF 2.21's answer depends on the tensor's length and the CPU (a vectorised
        # path saturates, the tail wraps: -1.5 → 0 in the first 16 elements, 255 after), so the engine refuses it.
        return out


def casts():
    path = version_dir(FAMILY, "casts")
    mod = Casts()
    tf.saved_model.save(mod, path, signatures={"serving_default": mod.serve})
    g = golden(FAMILY, "casts")
    g.add("predict", {"inputs": {
        "f": [-1.5, -0.5, 0.5, 255.9, 256.0, 300.0, 65541.0, -129.0, 127.9, 128.0, 2.5, 1e10, -1e10, -40000.5],
        "i": [-1, 256, 300, -129, 128, 65543, -32769, 2147483647, -2147483648, 0, 255, 65535, 32768, -32768],
        "flag": [True, False] * 7}}, "out of range, negative and fractional values: low bits after truncation to int32")
    g.add("predict", {"inputs": {"f": [1e10], "i": [70000], "flag": [True]}}, "one element")
    g.add("predict", {"inputs": {"f": [], "i": [], "flag": []}}, "empty")
    finish(g)


def pixels_v1():
    vdir = version_dir(FAMILY, "pixels_v1")
    with tf.Graph().as_default() as graph, V1.Session(graph=graph) as sess:
        px = V1.placeholder(tf.uint8, [None, 2, 2, 3], name="pixels")
        offset = V1.placeholder(tf.uint8, [], name="offset")
        brighter = tf.add(px, offset, name="brighter")
        mean = tf.reduce_mean(tf.cast(brighter, tf.float32), axis=[1, 2], name="mean")
        scaled = tf.cast(tf.cast(px, tf.float32) * 1.7 - 40.0, tf.uint8, name="quantized")
        total = tf.reduce_sum(tf.cast(px, tf.int16), axis=[1, 2, 3], name="total")
        builder = V1.saved_model.Builder(vdir)
        builder.add_meta_graph_and_variables(
            sess, ["serve"], strip_default_attrs=True,
            signature_def_map={"serving_default": V1.saved_model.predict_signature_def(
                {"pixels": px, "offset": offset},
                {"brighter": brighter, "mean": mean, "quantized": scaled, "total": total})})
        builder.save()
    g = golden(FAMILY, "pixels_v1")
    rng = np.random.RandomState(9)
    g.add("predict", {"inputs": {"pixels": rng.randint(0, 256, (2, 2, 2, 3)).tolist(), "offset": 90}},
          "random pixels plus 90: bright ones wrap; quantize below 0 and above 255 wraps")
    g.add("predict", {"inputs": {"pixels": [[[[255, 255, 255], [0, 0, 0]], [[128, 1, 254], [23, 24, 25]]]], "offset": 255}},
          "edges, offset 255")
    finish(g)


if __name__ == "__main__":
    arith(tf.uint8, False)
    arith(tf.int8, True)
    arith(tf.uint16, False)
    arith(tf.int16, True)
    casts()
    pixels_v1()
