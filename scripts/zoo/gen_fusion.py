"""Zoo family `fusion`: the graphs the conversion-time optimizer rewrites (lib/engine/graph/optimize/), with
goldens from TensorFlow itself. BatchNormalization after Conv2D / DepthwiseConv2D / Dense in Keras 3 (exported as
Rsqrt/Mul/Sub arithmetic), tf.nn.fused_batch_norm (FusedBatchNormV3, inference) in a tf.Module, a TF1 builder
with conv + bias + relu6, every activation tfjs fuses (Relu, Relu6, Elu, Sigmoid, LeakyRelu) and ones it must
not (swish reads its input twice; a residual reads the conv output twice; a fetched pre-activation); zero padding
folded into the next convolution's explicit padding (Keras ZeroPadding2D before a VALID conv, as MobileNetV2 has)
and the pads that must not fold (non-zero constant, channel padding, a padded tensor read twice); a miniature
ResNet (conv + BN + ReLU blocks, residual Add + ReLU, a strided 1x1 shortcut, global average pooling), which after
fusion runs on the lean executor end to end (lib/engine/portable/lean-conv-ops.ts).
BatchNorm statistics are random so that a wrong folding shows.

    ~/tfvenv/bin/python scripts/zoo/gen_fusion.py
"""
from zoo_common import *  # noqa: F401,F403
import keras

FAMILY = "fusion"
L = keras.layers
TOL = dict(atol=2e-5, rtol=1e-4)


def randomize_bn(model, seed):
    rng = np.random.default_rng(seed)
    for layer in model.layers:
        if isinstance(layer, L.BatchNormalization):
            for v, lo, hi in [(layer.gamma, 0.5, 1.5), (layer.beta, -0.5, 0.5), (layer.moving_mean, -0.3, 0.3), (layer.moving_variance, 0.2, 2.0)]:
                v.assign(rng.uniform(lo, hi, v.shape).astype("float32"))


def keras_cnn():
    keras.utils.set_random_seed(3)
    x = keras.Input((8, 8, 3), name="image")
    a = L.Activation("relu")(L.BatchNormalization()(L.Conv2D(4, 3, padding="same", use_bias=False)(x)))
    b = L.Activation("relu6")(L.BatchNormalization()(L.DepthwiseConv2D(3, strides=2, padding="same", depth_multiplier=2, use_bias=False)(a)))
    c = L.LeakyReLU(negative_slope=0.3)(L.BatchNormalization(epsilon=0.01)(L.Conv2D(6, 1)(b)))
    d = L.Activation("elu")(L.BatchNormalization()(L.Conv2D(6, 3, padding="same", dilation_rate=2)(c)))
    e = L.Activation("swish")(L.BatchNormalization()(L.Conv2D(6, 1, use_bias=False)(d)))
    conv = L.Conv2D(6, 1, use_bias=False)(e)
    res = L.Add()([conv, L.BatchNormalization()(conv)])  # the conv output is read twice: BN must not fold into it
    f = L.Conv2D(6, 1, activation="sigmoid")(res)
    g = L.GlobalAveragePooling2D()(f)
    h = L.Activation("relu")(L.BatchNormalization()(L.Dense(5, use_bias=False)(g)))
    out = L.Dense(3, activation="softmax", name="probabilities")(h)
    model = keras.Model(x, out)
    randomize_bn(model, 3)
    path = version_dir(FAMILY, "keras_conv_bn")
    model.export(path, verbose=False)
    gd = golden(FAMILY, "keras_conv_bn")
    rng = np.random.default_rng(3)
    gd.add("predict", {"instances": rng.uniform(-1, 1, (2, 8, 8, 3)).round(4).tolist()},
           "Conv/Depthwise/Dense + BatchNorm + relu/relu6/leaky/elu/swish/sigmoid, residual read twice: batch 2", **TOL)
    gd.add("predict", {"inputs": rng.uniform(0, 3, (1, 8, 8, 3)).round(3).tolist()}, "one image, larger values", **TOL)
    finish(gd)


class FusedBatchNormModule(tf.Module):
    """tf.nn.conv2d + FusedBatchNormV3 (inference) + relu, MatMul(transpose_b) + bias + elu, and a fetched conv."""

    def __init__(self):
        super().__init__()
        rng = np.random.default_rng(7)
        f32 = lambda *s: tf.Variable(rng.normal(0, 0.5, s).astype("float32"))
        self.w = f32(3, 3, 2, 4)
        self.gamma, self.beta = f32(4), f32(4)
        self.mean = tf.Variable(rng.uniform(-0.2, 0.2, 4).astype("float32"))
        self.var = tf.Variable(rng.uniform(0.3, 1.5, 4).astype("float32"))
        self.wt = f32(5, 4)  # [out, in]: read with transpose_b
        self.b = f32(5)

    @tf.function(input_signature=[tf.TensorSpec([None, 6, 6, 2], tf.float32)])
    def serve(self, x):
        conv = tf.nn.conv2d(x, self.w, strides=2, padding="SAME")
        bn, _, _ = tf.compat.v1.nn.fused_batch_norm(conv, self.gamma, self.beta, self.mean, self.var, epsilon=0.001, is_training=False)
        pooled = tf.reduce_mean(tf.nn.relu(bn), axis=[1, 2])
        dense = tf.nn.elu(tf.nn.bias_add(tf.matmul(pooled, self.wt, transpose_b=True), self.b))
        return {"dense": dense, "conv": conv}

    @tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32)])
    def sigmoid_head(self, x):
        return {"y": tf.sigmoid(tf.matmul(x, self.wt, transpose_b=True) * 2.0 + self.b)}


def fused_bn_module():
    m = FusedBatchNormModule()
    path = version_dir(FAMILY, "fused_batch_norm")
    tf.saved_model.save(m, path, signatures={"serving_default": m.serve, "sigmoid_head": m.sigmoid_head})
    gd = golden(FAMILY, "fused_batch_norm")
    rng = np.random.default_rng(8)
    gd.add("predict", {"inputs": rng.uniform(-1, 1, (2, 6, 6, 2)).round(4).tolist()},
           "conv + FusedBatchNormV3 + relu; MatMul(transpose_b) + bias + elu; the conv is also fetched", **TOL)
    gd.add("predict", {"signature_name": "sigmoid_head", "inputs": rng.uniform(-2, 2, (3, 4)).round(4).tolist()},
           "MatMul * 2 + bias -> sigmoid", **TOL)
    finish(gd)


def tf1_conv():
    path = version_dir(FAMILY, "tf1_conv_relu6")
    rng = np.random.default_rng(9)
    with tf.Graph().as_default() as graph:
        x = tf.compat.v1.placeholder(tf.float32, [None, 5, 5, 3], name="x")
        w = tf.compat.v1.get_variable("w", initializer=rng.normal(0, 0.5, (3, 3, 3, 2)).astype("float32"))
        b = tf.compat.v1.get_variable("b", initializer=rng.normal(0, 0.5, 2).astype("float32"))
        dw = tf.compat.v1.get_variable("dw", initializer=rng.normal(0, 0.5, (3, 3, 2, 1)).astype("float32"))
        y = tf.nn.relu6(tf.nn.bias_add(tf.nn.conv2d(x, w, strides=1, padding="VALID"), b) * 3.0)
        z = tf.nn.depthwise_conv2d(y, dw, strides=[1, 1, 1, 1], padding="SAME")
        out = tf.identity(tf.nn.relu(z - 0.1), name="out")
        with tf.compat.v1.Session(graph=graph) as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            builder = tf.compat.v1.saved_model.Builder(path)
            sig = tf.compat.v1.saved_model.predict_signature_def({"x": x}, {"out": out})
            builder.add_meta_graph_and_variables(sess, ["serve"], signature_def_map={"serving_default": sig})
            builder.save()
    gd = golden(FAMILY, "tf1_conv_relu6")
    gd.add("predict", {"inputs": {"x": np.random.default_rng(10).uniform(-1, 1, (2, 5, 5, 3)).round(4).tolist()}},
           "TF1: conv + bias_add, * 3 folded into the filter, relu6; depthwise - 0.1 -> relu", **TOL)
    finish(gd)


def keras_zero_padding():
    keras.utils.set_random_seed(11)
    x = keras.Input((9, 9, 3), name="image")
    a = L.ZeroPadding2D(((0, 1), (0, 1)))(L.Conv2D(4, 1, use_bias=False)(x))  # MobileNetV2's stride-2 blocks
    b = L.Activation("relu6")(L.BatchNormalization()(L.DepthwiseConv2D(3, strides=2, padding="valid", use_bias=False)(a)))
    c = L.Conv2D(5, 3, padding="valid", dilation_rate=2)(L.ZeroPadding2D(((2, 1), (1, 3)))(b))
    out = L.Activation("relu", name="features")(c)
    model = keras.Model(x, out)
    randomize_bn(model, 11)
    path = version_dir(FAMILY, "keras_zero_padding")
    model.export(path, verbose=False)
    gd = golden(FAMILY, "keras_zero_padding")
    rng = np.random.default_rng(11)
    gd.add("predict", {"instances": rng.uniform(-1, 1, (2, 9, 9, 3)).round(4).tolist()},
           "ZeroPadding2D + DepthwiseConv2D VALID stride 2 + BN + relu6, asymmetric ZeroPadding2D + dilated Conv2D", **TOL)
    finish(gd)


class PadConvModule(tf.Module):
    """tf.pad before convolutions: zero pads that fold into explicit padding and pads that must not."""

    def __init__(self):
        super().__init__()
        rng = np.random.default_rng(12)
        f32 = lambda *s: tf.Variable(rng.normal(0, 0.5, s).astype("float32"))
        self.w = f32(3, 3, 2, 3)
        self.dw = f32(2, 2, 2, 2)
        self.wc = f32(1, 1, 3, 2)

    @tf.function(input_signature=[tf.TensorSpec([None, 6, 7, 2], tf.float32)])
    def serve(self, x):
        zero = tf.nn.conv2d(tf.pad(x, [[0, 0], [1, 2], [0, 1], [0, 0]]), self.w, strides=2, padding="VALID")
        # Pad then a conv that already has explicit padding: the pads add up.
        explicit = tf.nn.conv2d(tf.pad(x, [[0, 0], [1, 0], [0, 2], [0, 0]]), self.w, strides=1,
                                padding=[[0, 0], [0, 1], [1, 1], [0, 0]])
        ones = tf.nn.depthwise_conv2d(tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]], constant_values=0.5), self.dw,
                                      strides=[1, 1, 1, 1], padding="VALID")
        channels = tf.nn.conv2d(tf.pad(x, [[0, 0], [0, 0], [0, 0], [0, 1]]), self.wc, strides=1, padding="VALID")
        twice = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        read_twice = tf.nn.relu(tf.nn.depthwise_conv2d(twice, self.dw, strides=[1, 1, 1, 1], padding="VALID")) + tf.reduce_sum(twice)
        same = tf.nn.conv2d(tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]), self.w, strides=1, padding="SAME")
        return {"zero": zero, "explicit": explicit, "ones": ones, "channels": channels, "read_twice": read_twice, "same": same}


def pad_conv_module():
    m = PadConvModule()
    path = version_dir(FAMILY, "pad_conv")
    tf.saved_model.save(m, path, signatures={"serving_default": m.serve})
    gd = golden(FAMILY, "pad_conv")
    rng = np.random.default_rng(13)
    gd.add("predict", {"inputs": rng.uniform(-1, 1, (2, 6, 7, 2)).round(4).tolist()},
           "zero pad + VALID conv, pad + explicit conv, pad 0.5, channel pad, pad read twice, pad + SAME conv", **TOL)
    finish(gd)


def keras_resnet_blocks():
    """The bench's resnet_style_64 in miniature: every op of it in two basic blocks (identity and projection)."""
    keras.utils.set_random_seed(13)

    def conv_bn(t, filters, kernel, strides=1, act="relu"):
        t = L.BatchNormalization()(L.Conv2D(filters, kernel, strides=strides, padding="same", use_bias=False)(t))
        return L.Activation(act)(t) if act else t

    x = keras.Input((10, 10, 3), name="image")
    t = conv_bn(x, 4, 3)
    for filters, strides in [(4, 1), (6, 2)]:
        h = conv_bn(conv_bn(t, filters, 3, strides), filters, 3, act=None)
        short = t if strides == 1 else conv_bn(t, filters, 1, strides, act=None)
        t = L.Activation("relu")(L.Add()([short, h]))
    out = L.Dense(3, activation="softmax", name="probabilities")(L.GlobalAveragePooling2D()(t))
    model = keras.Model(x, out)
    randomize_bn(model, 13)
    path = version_dir(FAMILY, "keras_resnet_blocks")
    model.export(path, verbose=False)
    gd = golden(FAMILY, "keras_resnet_blocks")
    rng = np.random.default_rng(13)
    gd.add("predict", {"instances": rng.uniform(-1, 1, (2, 10, 10, 3)).round(4).tolist()},
           "two residual blocks (identity, strided 1x1 projection), Add + ReLU unfused, GAP, Dense softmax: batch 2", **TOL)
    gd.add("predict", {"inputs": rng.uniform(0, 2, (1, 10, 10, 3)).round(3).tolist()}, "one image", **TOL)
    finish(gd)


if __name__ == "__main__":
    keras_cnn()
    fused_bn_module()
    tf1_conv()
    keras_zero_padding()
    pad_conv_module()
    keras_resnet_blocks()
