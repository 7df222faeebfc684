"""Zoo family `loops`: serving functions with tf.map_fn, tf.scan, tf.foldl, tf.while_loop and tf.TensorArray,
saved with tf.saved_model.save from tf.Modules. In TF2 these are While v2 loops over TensorList ops:
map_fn = TensorListFromTensor + GetItem/SetItem + Stack; TensorArray(dynamic_size=True).write = SetItem with
resize_if_index_out_of_bounds; gather/scatter/split/concat/size/unstack = TensorListGather /
ScatterIntoExistingList / Split / ConcatV2 / Length / FromTensor.

    ~/tfvenv/bin/python scripts/zoo/gen_loops.py [model ...]
"""
from zoo_common import *  # noqa: F401,F403

FAMILY = "loops"
F32 = tf.float32


def vec(seed, *shape, scale=3.0):
    rng = np.random.default_rng(seed)
    return np.round(rng.uniform(-scale, scale, shape), 2).tolist()


def save(name, module, signatures):
    tf.saved_model.save(module, version_dir(FAMILY, name), signatures=signatures)
    return golden(FAMILY, name)


class MapFn(tf.Module):
    def __init__(self):
        super().__init__()
        self.w = tf.Variable(tf.constant([[0.5, -1.0], [2.0, 0.25], [-0.75, 1.5]]))

    @tf.function(input_signature=[tf.TensorSpec([None, 3], F32, name="x")])
    def per_row(self, x):
        # a per-element body reading a variable, with a reduction and a matmul
        y = tf.map_fn(lambda r: tf.reduce_sum(r * r) + tf.linalg.matvec(self.w, r, transpose_a=True), x)
        return {"y": y}

    @tf.function(input_signature=[tf.TensorSpec([None, 3], F32, name="x")])
    def two_outputs(self, x):
        # several outputs per element (fn_output_signature), an int32 output, nested map_fn
        def body(r):
            inner = tf.map_fn(lambda v: v * tf.range(1.0, 3.0), r)  # [3] -> [3, 2]
            return inner, tf.argmax(r, output_type=tf.int32)  # int64 in loop bodies: the detection family
        inner, arg = tf.map_fn(body, x, fn_output_signature=(tf.TensorSpec([3, 2], F32), tf.TensorSpec([], tf.int32)))
        return {"inner": inner, "argmax": arg}

    @tf.function(input_signature=[tf.TensorSpec([None, None], F32, name="x")])
    def ragged_lengths(self, x):
        # the element shape is only known at run time; the body's output shape is fixed
        return {"stats": tf.map_fn(lambda r: tf.stack([tf.reduce_max(r), tf.reduce_min(r), tf.reduce_mean(r)]), x)}


def map_fn():
    m = MapFn()
    g = save("map_fn", m, {"serving_default": m.per_row, "two_outputs": m.two_outputs, "any_width": m.ragged_lengths})
    g.add("predict", {"instances": vec(1, 4, 3)}, "map_fn over 4 rows, body reads a variable")
    g.add("predict", {"instances": vec(2, 1, 3)}, "map_fn over 1 row")
    g.add("predict", {"signature_name": "two_outputs", "inputs": vec(3, 3, 3)}, "map_fn with two outputs, nested map_fn")
    g.add("predict", {"signature_name": "any_width", "inputs": vec(4, 2, 5)}, "map_fn over rows of unknown width")
    g.add("predict", {"signature_name": "any_width", "inputs": vec(5, 5, 1)}, "map_fn over rows of width 1")
    finish(g)


class Scan(tf.Module):
    @tf.function(input_signature=[tf.TensorSpec([None], F32, name="x")])
    def cumulative(self, x):
        return {
            "sum": tf.scan(lambda a, v: a + v, x),
            "rev_prod": tf.scan(lambda a, v: a * v, x, initializer=tf.constant(1.0), reverse=True),
            "foldl": tf.foldl(lambda a, v: a * 0.5 + v, x, initializer=tf.constant(0.0)),
            "foldr": tf.foldr(lambda a, v: a - v, x, initializer=tf.constant(10.0)),
        }

    @tf.function(input_signature=[tf.TensorSpec([None, 2], F32, name="x")])
    def running_pair(self, x):
        # a tuple accumulator: running max and running count of positive rows
        def step(acc, row):
            mx, n = acc
            return tf.maximum(mx, row), n + tf.cast(tf.reduce_all(row > 0), tf.int32)
        mx, n = tf.scan(step, x, initializer=(tf.fill([2], -1e9), tf.constant(0)))
        return {"running_max": mx, "positives": n}


def scan():
    m = Scan()
    g = save("scan", m, {"serving_default": m.cumulative, "pairs": m.running_pair})
    g.add("predict", {"inputs": vec(6, 6, scale=1.5)}, "scan / reversed scan / foldl / foldr over 6 values")
    g.add("predict", {"inputs": [2.5]}, "scan over one value")
    g.add("predict", {"signature_name": "pairs", "inputs": vec(7, 5, 2)}, "scan with a tuple accumulator")
    finish(g)


class TensorArrays(tf.Module):
    @tf.function(input_signature=[tf.TensorSpec([None], F32, name="x"), tf.TensorSpec([], tf.int32, name="n")])
    def dynamic(self, x, n):
        # dynamic_size TensorArray grown by writes past its size, read back, stacked, gathered, sized
        ta = tf.TensorArray(F32, size=0, dynamic_size=True)
        def body(i, ta):
            return i + 1, ta.write(i, x * tf.cast(i, F32))
        _, ta = tf.while_loop(lambda i, ta: i < n, body, (0, ta))
        return {
            "stacked": ta.stack(),
            "size": ta.size(),
            "last": ta.read(n - 1),
            "gathered": ta.gather([n - 1, 0]),
        }

    @tf.function(input_signature=[tf.TensorSpec([None, 2], F32, name="x")])
    def unstack_scatter(self, x):
        n = tf.shape(x)[0]
        src = tf.TensorArray(F32, size=n).unstack(x)
        # scatter rows in reverse order into a second array, then read it in a loop
        rev = tf.TensorArray(F32, size=n).scatter(tf.range(n - 1, -1, -1), x)
        def body(i, acc, out):
            row = src.read(i) + rev.read(i)
            return i + 1, acc + row, out.write(i, acc)
        _, total, out = tf.while_loop(lambda i, *_: i < n, body, (0, tf.zeros([2]), tf.TensorArray(F32, size=n)))
        return {"total": total, "prefix": out.stack()}

    @tf.function(input_signature=[tf.TensorSpec([None], F32, name="x"), tf.TensorSpec([None], tf.int32, name="lengths")])
    def split_concat(self, x, lengths):
        parts = tf.TensorArray(F32, size=tf.size(lengths), infer_shape=False).split(x, lengths)
        def body(i, out):
            p = parts.read(i)
            return i + 1, out.write(i, p[::-1])
        _, out = tf.while_loop(lambda i, _: i < tf.size(lengths), body, (0, tf.TensorArray(F32, size=tf.size(lengths), infer_shape=False)))
        return {"reversed_parts": out.concat()}


def tensor_array():
    m = TensorArrays()
    g = save("tensor_array", m, {"serving_default": m.dynamic, "unstack_scatter": m.unstack_scatter, "split_concat": m.split_concat})
    g.add("predict", {"inputs": {"x": [1.0, -2.0, 0.5], "n": 4}}, "dynamic_size TensorArray: write/stack/size/read/gather")
    g.add("predict", {"inputs": {"x": [3.0], "n": 1}}, "dynamic_size TensorArray, one iteration")
    g.add("predict", {"signature_name": "unstack_scatter", "inputs": vec(8, 4, 2)}, "unstack + scatter reversed, read in a loop")
    g.add("predict", {"signature_name": "split_concat", "inputs": {"x": vec(9, 7), "lengths": [3, 1, 3]}}, "split into 3 parts, reverse each, concat")
    g.add("predict", {"signature_name": "split_concat", "inputs": {"x": vec(10, 4), "lengths": [2, 0, 2]}}, "split with an empty part")
    finish(g)


class WhileLoops(tf.Module):
    @tf.function(input_signature=[tf.TensorSpec([None], F32, name="x"), tf.TensorSpec([], tf.int32, name="n")])
    def growing(self, x, n):
        # loop-carried tensor whose shape changes every iteration (shape_invariants)
        def body(i, acc):
            return i + 1, tf.concat([acc, x * tf.cast(i, F32)], 0)
        _, acc = tf.while_loop(lambda i, acc: i < n, body, (tf.constant(1), x),
                               shape_invariants=(tf.TensorShape([]), tf.TensorShape([None])))
        return {"grown": acc}

    @tf.function(input_signature=[tf.TensorSpec([], tf.int32, name="n")])
    def nested(self, n):
        # a while loop in a while loop, each building a TensorArray
        def outer(i, ta):
            def inner(j, row):
                return j + 1, row.write(j, tf.cast(i * 10 + j, F32))
            _, row = tf.while_loop(lambda j, _: j <= i, inner, (0, tf.TensorArray(F32, size=i + 1)))
            return i + 1, ta.write(i, tf.reduce_sum(row.stack()))
        _, ta = tf.while_loop(lambda i, _: i < n, outer, (0, tf.TensorArray(F32, size=n)))
        return {"row_sums": ta.stack()}

    @tf.function(input_signature=[tf.TensorSpec([None], F32, name="x")])
    def converge(self, x):
        # data-dependent trip count (Newton iterations for sqrt) with a cond on values
        def body(i, y):
            return i + 1, 0.5 * (y + x / y)
        i, y = tf.while_loop(lambda i, y: tf.logical_and(i < 50, tf.reduce_max(tf.abs(y * y - x)) > 1e-4), body, (0, tf.ones_like(x)))
        return {"sqrt": y, "iterations": i}


def while_loop():
    m = WhileLoops()
    g = save("while_loop", m, {"serving_default": m.growing, "nested": m.nested, "converge": m.converge})
    g.add("predict", {"inputs": {"x": [1.0, 2.0], "n": 4}}, "loop-carried shape [None] growing each iteration")
    g.add("predict", {"inputs": {"x": [5.0], "n": 1}}, "growing loop that never runs")
    g.add("predict", {"signature_name": "nested", "inputs": {"n": 4}}, "nested while loops with TensorArrays")
    g.add("predict", {"signature_name": "nested", "inputs": {"n": 0}}, "nested loops, zero iterations: empty stack")
    g.add("predict", {"signature_name": "converge", "inputs": {"x": [2.0, 9.0, 0.25]}}, "data-dependent trip count")
    finish(g)


class StringLoops(tf.Module):
    @tf.function(input_signature=[tf.TensorSpec([None], tf.string, name="words")])
    def join_each(self, words):
        # string elements through TensorListFromTensor / GetItem / SetItem / Stack (the image-bytes pattern)
        doubled = tf.map_fn(lambda w: tf.strings.join([w, w], separator="-"), words, fn_output_signature=tf.string)
        ta = tf.TensorArray(tf.string, size=0, dynamic_size=True)
        def body(i, ta):
            return i + 1, ta.write(i, tf.strings.join([words[i], "!"]))
        _, ta = tf.while_loop(lambda i, _: i < tf.size(words), body, (0, ta))
        return {"doubled": doubled, "shouted": ta.stack()}


def strings():
    m = StringLoops()
    g = save("string_elements", m, {"serving_default": m.join_each})
    g.add("predict", {"inputs": {"words": ["a", "bc", "", "déf"]}}, "map_fn and a TensorArray over string elements")
    g.add("predict", {"inputs": {"words": ["one"]}}, "one string")
    finish(g)


MODELS = [map_fn, scan, tensor_array, while_loop, strings]

if __name__ == "__main__":
    only = sys.argv[1:]
    for make in MODELS:
        if not only or make.__name__ in only:
            make()
