"""Zoo family `fill_dtypes`: Fill / ZerosLike / OnesLike / Pack / Tile of strings, bools and int64 (run by hand).

    ~/tfvenv/bin/python scripts/zoo/gen_fill_dtypes.py

- tensor_fills: tf.Module, one output per (op, dtype): Fill with a constant and with a fed value,
  ZerosLike / OnesLike (raw ops, so the graph has the ops themselves), Pack (tf.stack) and Tile, for
  string, bool and int64 (values beyond 2^53 and int32), with the batch size known only at run time.
- raw_features: TF1 SavedModelBuilder, an Estimator-style raw-feature signature: missing strings and ages
  replaced by defaults made with tf.fill, a bool `missing` mask, features stacked and tiled.
"""
from zoo_common import *  # noqa: F401,F403

FAMILY = "fill_dtypes"
BIG = 2**40 + 3
HUGE = 2**62 + 5


class Fills(tf.Module):
    @tf.function(input_signature=[tf.TensorSpec([None], tf.string, name="text"),
                                  tf.TensorSpec([None], tf.bool, name="flag"),
                                  tf.TensorSpec([None], tf.int64, name="ids")])
    def serve(self, text, flag, ids):
        n = tf.shape(text)[0]
        raw = tf.raw_ops
        return {
            "fill_str": tf.fill([n, 2], "x"),
            "fill_str_fed": tf.fill([2, n], text[0]),
            "fill_bool": tf.fill([n], True),
            "fill_bool_fed": tf.fill([n, 2], flag[-1]),
            "fill_i64": tf.fill([n, 2], tf.constant(HUGE, tf.int64)),
            "fill_i64_fed": tf.fill([3], ids[0]),
            "zeros_str": raw.ZerosLike(x=text),
            "zeros_bool": raw.ZerosLike(x=flag),
            "ones_bool": raw.OnesLike(x=flag),
            "zeros_i64": raw.ZerosLike(x=ids),
            "ones_i64": raw.OnesLike(x=ids),
            "pack_str": tf.stack([text, tf.fill([n], "y")], axis=1),
            "pack_str_axis0": tf.stack([text, text]),
            "pack_bool": tf.stack([flag, tf.logical_not(flag)], axis=1),
            "pack_i64": tf.stack([ids, tf.fill([n], tf.constant(BIG, tf.int64))], axis=1),
            "pack_scalars": tf.stack([ids[0], tf.constant(-HUGE, tf.int64)]),
            "tile_str": tf.tile(text[:, None], [2, 3]),
            "tile_bool": tf.tile(flag[None, :], [2, 2]),
            "tile_i64": tf.tile(tf.reshape(ids, [-1, 1]), [1, 3]),
        }


def tensor_fills():
    path = version_dir(FAMILY, "tensor_fills")
    mod = Fills()
    tf.saved_model.save(mod, path, signatures={"serving_default": mod.serve})
    g = golden(FAMILY, "tensor_fills")
    g.add("predict", {"inputs": {"text": ["héllo", "", "b"], "flag": [True, False, True], "ids": [HUGE, -7, 2**31]}},
          "three rows: int64 beyond 2^53 and int32, an empty and a non-ASCII string")
    g.add("predict", {"inputs": {"text": ["only"], "flag": [False], "ids": [-(2**63)]}}, "one row, int64 minimum")
    g.add("predict", {"inputs": {"text": ["a", "z"], "flag": [True, False], "ids": [1, 0]}}, "two rows, small values")
    finish(g)


def raw_features():
    vdir = version_dir(FAMILY, "raw_features")
    with tf.Graph().as_default() as graph, V1.Session(graph=graph) as sess:
        country = V1.placeholder(tf.string, [None], name="country")
        age = V1.placeholder(tf.int64, [None], name="age")
        active = V1.placeholder(tf.bool, [None], name="active")
        missing = tf.equal(country, tf.zeros_like(country))
        # (a string tf.where is the strings family's; here the defaults are filled and stacked beside the input)
        country_filled = tf.stack([country, tf.fill(tf.shape(country), "unknown")], axis=1, name="country_filled")
        age_filled = tf.where(age < 0, tf.fill(tf.shape(age), tf.constant(BIG, tf.int64)), age, name="age_filled")
        active_filled = tf.logical_or(active, tf.fill(tf.shape(active), False), name="active_filled")
        crossed = tf.tile(tf.stack([country, tf.fill(tf.shape(country), "|")], axis=1), [1, 2], name="crossed")
        ages = tf.stack([age_filled, tf.ones_like(age_filled), tf.zeros_like(age)], axis=1, name="ages")
        builder = V1.saved_model.Builder(vdir)
        builder.add_meta_graph_and_variables(
            sess, ["serve"], strip_default_attrs=True,
            signature_def_map={"serving_default": V1.saved_model.predict_signature_def(
                {"country": country, "age": age, "active": active},
                {"country": country_filled, "age": age_filled, "active": active_filled, "missing": missing,
                 "crossed": crossed, "ages": ages})})
        builder.save()
    g = golden(FAMILY, "raw_features")
    g.add("predict", {"inputs": {"country": ["fr", "", "jp"], "age": [31, -1, 2**50], "active": [True, False, False]}},
          "string defaults from tf.fill stacked beside the input, missing ages filled")
    g.add("predict", {"instances": [{"country": "", "age": -5, "active": False}]}, "one row, everything missing")
    finish(g)


if __name__ == "__main__":
    tensor_fills()
    raw_features()
