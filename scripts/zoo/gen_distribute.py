"""Zoo family `distribute`: Keras models built and saved under tf.distribute.MirroredStrategy.

TF 2.21 exports these with serving functions that read the primary variables (`sequential/dense/kernel`) while
the saver's restore function writes mirror copies (`Variable`, `Variable_1`) initialised from them. A
tf.compat.v1 Session (TF Serving's loader) therefore fails every request with FAILED_PRECONDITION "Could not find
variable …"; tf.saved_model.load restores through the object graph and serves. The engine does what TF2 does
(lib/savedmodel/object-graph-keys.ts). Where the Session fails that way, the goldens come from tf.saved_model.load alone (each case's
computed_with says so); where it serves (Keras 3 model.export() under the strategy), both loaders agree as usual.

    ~/tfvenv/bin/python scripts/zoo/gen_distribute.py
"""
from zoo_common import *  # noqa: F401,F403
import generate_fixtures as gf

FAMILY = "distribute"
cpus = tf.config.list_physical_devices("CPU")
tf.config.set_logical_device_configuration(cpus[0], [tf.config.LogicalDeviceConfiguration()] * 2)
STRATEGY = tf.distribute.MirroredStrategy(devices=("/cpu:0", "/cpu:1"))


TWO_LOADERS = gf.ModelRunner.run


def run_like_tf2(self, sig_name, feeds):
    """Both loaders when the Session can serve the export; the TF2 loader alone when the Session fails it the
    way TF Serving would (FAILED_PRECONDITION, a variable the saver never restores)."""
    try:
        return TWO_LOADERS(self, sig_name, feeds)
    except tf.errors.FailedPreconditionError as e:
        assert "Could not find variable" in str(e), str(e)[:300]
    return self.eager.run(sig_name, feeds), (
        "tf.saved_model.load().signatures[%r]; a tf.compat.v1 Session fails it with FAILED_PRECONDITION "
        "'Could not find variable' (the saver restores only the mirror copies)" % sig_name)


gf.ModelRunner.run = run_like_tf2


def sequential_identity_dense():
    """TF Serving's own test_distrat_sequential_keras_saved_model_save model: Dense(1, ones, zeros) + identity."""
    with STRATEGY.scope():
        model = tf.keras.models.Sequential([
            tf.keras.layers.Input(dtype="float32", shape=(1,), name="x"),
            tf.keras.layers.Dense(1, kernel_initializer="ones", bias_initializer="zeros"),
            tf.keras.layers.Lambda(lambda x: x, name="y"),
        ])
    tf.saved_model.save(model, version_dir(FAMILY, "sequential_dense"))
    g = golden(FAMILY, "sequential_dense")
    g.add("predict", {"instances": [[2.0], [3.0], [-1.5]]}, "identity weights: y = x")
    finish(g)


def mlp(name, export):
    """A small trained-looking MLP (seeded random weights) with ReLU, saved by tf.saved_model.save or model.export."""
    tf.keras.utils.set_random_seed(7)
    with STRATEGY.scope():
        model = tf.keras.Sequential([
            tf.keras.layers.Input(shape=(4,), name="features"),
            tf.keras.layers.Dense(8, activation="relu", bias_initializer="random_normal"),
            tf.keras.layers.Dense(3, activation="softmax"),
        ])
    vdir = version_dir(FAMILY, name)
    if export:
        model.export(vdir)
    else:
        tf.saved_model.save(model, vdir)
    g = golden(FAMILY, name)
    rows = np.round(np.random.default_rng(3).normal(size=(5, 4)), 3).tolist()
    g.add("predict", {"instances": rows}, "row format, batch 5")
    g.add("predict", {"inputs": rows[:2]}, "columnar format")
    finish(g)


if __name__ == "__main__":
    sequential_identity_dense()
    mlp("mlp_saved_model_save", export=False)
    mlp("mlp_model_export", export=True)
