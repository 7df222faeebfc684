"""Zoo family `v1_control`: TensorFlow 1 control flow (control_flow_v2 disabled: Switch / Merge / Enter / Exit /
NextIteration / LoopCond and TensorArrayV3), exported with the TF1 SavedModelBuilder the way TF1 users served
tf.while_loop / tf.cond / dynamic_rnn graphs. The portable engine runs these on its synchronous v1 executor
(lib/engine/portable/v1-executor.ts); the cases cover frames, iterations, dead branches and TensorArrays:

  loops     while_sum (two loop variables, a variable read in the body, zero iterations), nested (a loop
            inside a loop body, inner trip count from the outer counter), cond_in_loop (tf.cond in the body),
            loop_in_cond (a whole loop inside a tf.cond branch that may be dead), early_exit (a loop whose
            condition reads a value computed in the body)
  branches  tf.cond outside any loop (nested conds, a branch returning its input unchanged, a Merge of ints)
  arrays    TensorArray: unstack + read + write in a loop + stack, gather of chosen indices, size, dynamic size,
            a hand-written GRU step over time (dynamic_rnn's pattern without tf.keras)

    ~/tfvenv/bin/python scripts/zoo/gen_v1_control.py [loops|branches|arrays ...]
"""
from zoo_common import *  # noqa: F401,F403

FAMILY = "v1_control"
F32 = tf.float32


def vec(seed, *shape, scale=2.0):
    rng = np.random.default_rng(seed)
    return np.round(rng.uniform(-scale, scale, shape), 2).tolist()


def build(name, make):
    """Builds a TF1 graph with control flow v1 and saves it with the SavedModelBuilder."""
    vdir = version_dir(FAMILY, name)
    V1.disable_control_flow_v2()
    try:
        with tf.Graph().as_default() as graph, V1.Session(graph=graph) as sess:
            V1.set_random_seed(7)
            sigs = make()
            ops = {n.op for n in graph.as_graph_def().node}
            assert "LoopCond" in ops or "Switch" in ops or "Select" in ops, ops
            assert not ops & {"While", "StatelessWhile", "If", "StatelessIf"}, ops
            sess.run(V1.global_variables_initializer())
            builder = V1.saved_model.Builder(vdir)
            builder.add_meta_graph_and_variables(
                sess, ["serve"], strip_default_attrs=True, clear_devices=True,
                signature_def_map={k: V1.saved_model.predict_signature_def(i, o) for k, (i, o) in sigs.items()})
            builder.save()
    finally:
        V1.enable_control_flow_v2()
    return golden(FAMILY, name)


def make_loops():
    sigs = {}
    with V1.variable_scope("while_sum"):
        x = V1.placeholder(F32, [None], name="x")
        n = V1.placeholder(tf.int32, [], name="n")
        w = V1.get_variable("w", initializer=tf.constant(0.75), use_resource=False)

        def body(i, acc):
            return i + 1, acc * 0.5 + x * tf.cast(i, F32) * w

        i, acc = V1.while_loop(lambda i, acc: i < n, body, [tf.constant(0), tf.zeros_like(x)])
        sigs["while_sum"] = ({"x": x, "n": n}, {"acc": acc, "steps": i})
    with V1.variable_scope("nested"):
        x = V1.placeholder(F32, [None, 2], name="x")
        n = V1.placeholder(tf.int32, [], name="n")
        k = V1.get_variable("k", initializer=tf.constant([[1.0, -0.5], [0.25, 2.0]]), use_resource=False)

        def outer(i, acc):
            def inner(j, a):
                return j + 1, tf.tanh(tf.matmul(a, k)) + x * tf.cast(j + 1, F32)
            _, acc = V1.while_loop(lambda j, a: j < i + 1, inner, [tf.constant(0), acc])
            return i + 1, acc

        _, acc = V1.while_loop(lambda i, acc: i < n, outer, [tf.constant(0), x])
        sigs["nested"] = ({"x": x, "n": n}, {"acc": acc})
    with V1.variable_scope("cond_in_loop"):
        x = V1.placeholder(F32, [None], name="x")
        n = V1.placeholder(tf.int32, [], name="n")

        def body(i, acc):
            acc = tf.cond(tf.equal(i % 3, 0), lambda: acc + x, lambda: acc * -0.5)
            return i + 1, acc

        _, acc = V1.while_loop(lambda i, acc: i < n, body, [tf.constant(0), tf.ones_like(x)])
        sigs["cond_in_loop"] = ({"x": x, "n": n}, {"acc": acc})
    with V1.variable_scope("loop_in_cond"):
        x = V1.placeholder(F32, [None], name="x")
        go = V1.placeholder(tf.bool, [], name="go")

        def looped():
            _, y = V1.while_loop(lambda i, y: i < 4, lambda i, y: (i + 1, y * 1.5 - 1.0), [tf.constant(0), x])
            return y

        y = tf.cond(go, looped, lambda: x * 3.0)
        sigs["loop_in_cond"] = ({"x": x, "go": go}, {"y": y})
    with V1.variable_scope("early_exit"):
        x = V1.placeholder(F32, [None], name="x")
        limit = V1.placeholder(F32, [], name="limit")

        def body(i, y):
            return i + 1, y * 2.0 + 1.0

        steps, y = V1.while_loop(lambda i, y: tf.logical_and(i < 50, tf.reduce_max(y) < limit), body, [tf.constant(0), x])
        sigs["early_exit"] = ({"x": x, "limit": limit}, {"y": y, "steps": steps})
    return sigs


def loops():
    g = build("loops", make_loops)
    g.add("predict", {"signature_name": "while_sum", "inputs": {"x": vec(1, 5), "n": 6}}, "two loop variables, a variable in the body")
    g.add("predict", {"signature_name": "while_sum", "inputs": {"x": vec(2, 3), "n": 0}}, "zero iterations: the Exits carry the initial values")
    g.add("predict", {"signature_name": "while_sum", "inputs": {"x": vec(3, 1), "n": 1}}, "one iteration")
    g.add("predict", {"signature_name": "nested", "inputs": {"x": vec(4, 2, 2), "n": 3}}, "a loop in a loop body, inner trip count from the outer counter")
    g.add("predict", {"signature_name": "nested", "inputs": {"x": vec(5, 1, 2), "n": 0}}, "nested, outer loop runs zero times")
    g.add("predict", {"signature_name": "cond_in_loop", "inputs": {"x": vec(6, 4), "n": 7}}, "tf.cond in the loop body, both branches taken")
    g.add("predict", {"signature_name": "loop_in_cond", "inputs": {"x": vec(7, 3), "go": True}}, "a loop inside the taken branch")
    g.add("predict", {"signature_name": "loop_in_cond", "inputs": {"x": vec(8, 3), "go": False}}, "a loop inside the dead branch")
    g.add("predict", {"signature_name": "early_exit", "inputs": {"x": vec(9, 3, scale=0.5), "limit": 100.0}}, "loop condition reads the body's value")
    g.add("predict", {"signature_name": "early_exit", "inputs": {"x": [500.0], "limit": 100.0}}, "condition false at once")
    finish(g)


def make_branches():
    x = V1.placeholder(F32, [None], name="x")
    p = V1.placeholder(tf.bool, [], name="p")
    q = V1.placeholder(tf.bool, [], name="q")
    inner = lambda: tf.cond(q, lambda: tf.sqrt(tf.abs(x)), lambda: x)  # noqa: E731 (a branch returning its input)
    y = tf.cond(p, inner, lambda: x - 1.0)
    count = tf.cond(p, lambda: tf.size(x), lambda: tf.constant(-1))
    # TF1 Select (tf.compat.v1.where): a vector condition picks whole rows; same-shape conditions pick elements
    m = V1.placeholder(F32, [None, 2, 2], name="m")
    rows = V1.placeholder(tf.bool, [None], name="rows")
    picked_rows = V1.where(rows, m, -m)
    leaky = V1.where(x > 0, x, x * 0.1)
    ints = V1.where(rows, tf.range(tf.size(rows)), -tf.range(tf.size(rows)))
    return {"serving_default": ({"x": x, "p": p, "q": q}, {"y": y, "count": count}),
            "select": ({"x": x, "m": m, "rows": rows}, {"picked_rows": picked_rows, "leaky": leaky, "ints": ints})}


def branches():
    g = build("branches", make_branches)
    for i, (p, q) in enumerate([(True, True), (True, False), (False, True), (False, False)]):
        g.add("predict", {"inputs": {"x": vec(20 + i, 4), "p": p, "q": q}}, "nested tf.cond, p=%s q=%s" % (p, q))
    g.add("predict", {"signature_name": "select", "inputs": {"x": vec(25, 3), "m": vec(26, 3, 2, 2), "rows": [True, False, True]}},
          "TF1 Select: rows picked by a vector condition, elements by a same-shape one, int32")
    g.add("predict", {"signature_name": "select", "inputs": {"x": vec(27, 1), "m": vec(28, 1, 2, 2), "rows": [False]}}, "TF1 Select, one row")
    finish(g)


def make_arrays():
    sigs = {}
    with V1.variable_scope("double_rows"):
        x = V1.placeholder(F32, [None, 3], name="x")
        rows = tf.shape(x)[0]
        src = tf.TensorArray(F32, size=rows).unstack(x)
        out = tf.TensorArray(F32, size=rows, element_shape=[3], clear_after_read=False)

        def body(i, ta):
            return i + 1, ta.write(i, src.read(i) * 2.0 + tf.cast(i, F32))

        _, out = V1.while_loop(lambda i, ta: i < rows, body, [tf.constant(0), out])
        picked = out.gather([0, rows - 1])
        sigs["double_rows"] = ({"x": x}, {"doubled": out.stack(), "first_last": picked, "size": out.size()})
    with V1.variable_scope("growing"):
        n = V1.placeholder(tf.int32, [], name="n")
        ta = tf.TensorArray(tf.int32, size=0, dynamic_size=True, element_shape=[], clear_after_read=False)
        _, ta = V1.while_loop(lambda i, ta: i < n, lambda i, ta: (i + 1, ta.write(i, i * i)), [tf.constant(0), ta])
        sigs["growing"] = ({"n": n}, {"squares": ta.stack(), "size": ta.size()})
    with V1.variable_scope("gru"):
        x = V1.placeholder(F32, [None, None, 3], name="x")  # [batch, time, features]
        rng = np.random.default_rng(11)
        wz = V1.get_variable("wz", initializer=(rng.standard_normal((7, 4)) * 0.5).astype(np.float32), use_resource=False)
        wh = V1.get_variable("wh", initializer=(rng.standard_normal((7, 4)) * 0.5).astype(np.float32), use_resource=False)
        steps = tf.shape(x)[1]
        seq = tf.TensorArray(F32, size=steps).unstack(tf.transpose(x, [1, 0, 2]))
        outs = tf.TensorArray(F32, size=steps)

        def body(t, h, outs):
            xt = seq.read(t)
            z = tf.sigmoid(tf.matmul(tf.concat([xt, h], 1), wz))
            cand = tf.tanh(tf.matmul(tf.concat([xt, h * z], 1), wh))
            h = (1.0 - z) * h + z * cand
            return t + 1, h, outs.write(t, h)

        h0 = tf.zeros([tf.shape(x)[0], 4])
        _, h, outs = V1.while_loop(lambda t, h, o: t < steps, body, [tf.constant(0), h0, outs])
        sigs["gru"] = ({"x": x}, {"last": h, "all": tf.transpose(outs.stack(), [1, 0, 2])})
    return sigs


def arrays():
    g = build("arrays", make_arrays)
    g.add("predict", {"signature_name": "double_rows", "inputs": {"x": vec(30, 4, 3)}}, "unstack, read and write in a loop, stack, gather, size")
    g.add("predict", {"signature_name": "double_rows", "inputs": {"x": vec(31, 1, 3)}}, "one row")
    g.add("predict", {"signature_name": "growing", "inputs": {"n": 5}}, "dynamic_size TensorArray growing in a loop")
    g.add("predict", {"signature_name": "growing", "inputs": {"n": 0}}, "an empty dynamic TensorArray stacked")
    g.add("predict", {"signature_name": "gru", "inputs": {"x": vec(32, 2, 5, 3)}}, "a GRU over 5 steps, batch 2")
    g.add("predict", {"signature_name": "gru", "inputs": {"x": vec(33, 1, 1, 3)}}, "a GRU over 1 step")
    finish(g)


if __name__ == "__main__":
    import sys
    for name in sys.argv[1:] or ["loops", "branches", "arrays"]:
        globals()[name]()
