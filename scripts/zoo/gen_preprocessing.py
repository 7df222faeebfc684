"""Zoo family `preprocessing`: Keras 3 preprocessing layers inside exported models.

    ~/tfvenv/bin/python scripts/zoo/gen_preprocessing.py

Models (test/fixtures/zoo/preprocessing/<model>/1/):
  text_classifier   TextVectorization -> Embedding -> GlobalAveragePooling1D -> Dense, Keras model.export()
  text_modes        tf.Module: TextVectorization variants (standardize, split, ngrams, output modes)
  tabular           Keras Functional, model.export(): StringLookup, IntegerLookup, Hashing, Discretization,
                    Normalization, CategoryEncoding, several named inputs
  lookups_inverse   tf.Module: StringLookup/IntegerLookup invert=True, mask tokens, multi_hot/count/one_hot
"""
from zoo_common import *  # noqa: F401,F403
import keras

FAMILY = "preprocessing"
keras.utils.set_random_seed(7)

CORPUS = [
    "The quick brown fox jumps over the lazy dog!",
    "Café crème, s'il vous plaît.",
    "東京 is big; 東京 is busy",
    "Emoji 🙂 make text fun, fun, FUN",
    "dogs and foxes",
]
TEXTS = [
    "the QUICK fox!!",
    "Crème brûlée? café.",
    "",
    "東京 dog 🙂 unknownword",
    "fun fun fun fun fun fun fun fun fun fun",
]


def text_classifier():
    vec = keras.layers.TextVectorization(max_tokens=40, output_sequence_length=8)
    vec.adapt(CORPUS)
    inp = keras.Input(shape=(), dtype="string", name="text")
    x = vec(inp)
    x = keras.layers.Embedding(40, 4)(x)
    x = keras.layers.GlobalAveragePooling1D()(x)
    out = keras.layers.Dense(3, activation="softmax", name="probs")(x)
    model = keras.Model(inp, out)
    d = version_dir(FAMILY, "text_classifier")
    model.export(d, verbose=False)
    g = golden(FAMILY, "text_classifier")
    g.add("predict", {"instances": TEXTS}, "unicode, empty, punctuation, OOV, long input")
    g.add("predict", {"inputs": ["just one"]}, "batch of one")
    finish(g)


class TextModes(tf.Module):
    def __init__(self):
        super().__init__()
        self.layers = {
            "ints_lower": keras.layers.TextVectorization(standardize="lower", output_sequence_length=6),
            "ints_raw": keras.layers.TextVectorization(standardize=None, max_tokens=20),
            "chars": keras.layers.TextVectorization(split="character", output_sequence_length=10),
            "bigrams": keras.layers.TextVectorization(ngrams=2, output_mode="int", output_sequence_length=7),
            "multi_hot": keras.layers.TextVectorization(output_mode="multi_hot", max_tokens=16),
            "count": keras.layers.TextVectorization(output_mode="count", ngrams=(1, 2), max_tokens=24),
            "tf_idf": keras.layers.TextVectorization(output_mode="tf_idf", max_tokens=16),
        }
        for layer in self.layers.values():
            layer.adapt(CORPUS)
        self._tracked = list(self.layers.values())

    @tf.function(input_signature=[tf.TensorSpec([None], tf.string, name="text")])
    def serve(self, text):
        return {k: layer(text) for k, layer in self.layers.items()}


def text_modes():
    m = TextModes()
    d = version_dir(FAMILY, "text_modes")
    tf.saved_model.save(m, d, signatures={"serving_default": m.serve})
    g = golden(FAMILY, "text_modes")
    g.add("predict", {"inputs": {"text": TEXTS}}, "every mode over unicode/empty/OOV texts")
    g.add("predict", {"inputs": {"text": ["a"]}}, "one short text")
    finish(g)


def tabular():
    city = keras.layers.StringLookup(vocabulary=["paris", "tōkyō", "new york", "東京"], num_oov_indices=1)
    code = keras.layers.IntegerLookup(vocabulary=[10, 20, 30, 4000000000], mask_token=0)
    tag = keras.layers.Hashing(num_bins=5)
    salted = keras.layers.Hashing(num_bins=7, salt=[11, 13])
    salted_int = keras.layers.Hashing(num_bins=4, salt=3)
    age_bins = keras.layers.Discretization(bin_boundaries=[18.0, 30.0, 65.0])
    norm = keras.layers.Normalization(mean=[2.0, -1.0], variance=[4.0, 0.25])
    one_hot = keras.layers.CategoryEncoding(num_tokens=6, output_mode="one_hot")

    i_city = keras.Input(shape=(1,), dtype="string", name="city")
    i_code = keras.Input(shape=(1,), dtype="int64", name="code")
    i_tag = keras.Input(shape=(1,), dtype="string", name="tag")
    i_id = keras.Input(shape=(1,), dtype="int64", name="user_id")
    i_age = keras.Input(shape=(1,), dtype="float32", name="age")
    i_num = keras.Input(shape=(2,), dtype="float32", name="numeric")
    c = one_hot(city(i_city))
    k = keras.layers.CategoryEncoding(num_tokens=6, output_mode="multi_hot")(code(i_code))
    t = keras.layers.CategoryEncoding(num_tokens=5, output_mode="count")(tag(i_tag))
    s = keras.ops.cast(salted(i_tag), "float32")
    u = keras.ops.cast(salted_int(i_id), "float32")
    a = keras.layers.CategoryEncoding(num_tokens=4, output_mode="one_hot")(age_bins(i_age))
    n = norm(i_num)
    feats = keras.layers.Concatenate()([c, k, t, s, u, a, n])
    out = keras.layers.Dense(2, name="score")(feats)
    model = keras.Model([i_city, i_code, i_tag, i_id, i_age, i_num], {"score": out, "features": feats})
    d = version_dir(FAMILY, "tabular")
    model.export(d, verbose=False)
    g = golden(FAMILY, "tabular")
    g.add("predict", {"instances": [
        {"city": ["paris"], "code": [20], "tag": ["a"], "user_id": [5], "age": [17.5], "numeric": [1.0, 2.0]},
        {"city": ["東京"], "code": [0], "tag": ["é🙂"], "user_id": [-9], "age": [30.0], "numeric": [0.0, -1.0]},
        {"city": ["berlin"], "code": [4000000000], "tag": [""], "user_id": [9000000000], "age": [99.0], "numeric": [-3.5, 7.0]},
        {"city": ["tōkyō"], "code": [7], "tag": ["zzz"], "user_id": [0], "age": [18.0], "numeric": [2.0, 2.0]},
    ]}, "known/OOV/mask values, unicode, boundaries of the bins, int64 beyond 2^32")
    finish(g)


class Lookups(tf.Module):
    def __init__(self):
        super().__init__()
        vocab = ["red", "grün", "青", "🙂"]
        self.s = keras.layers.StringLookup(vocabulary=vocab, mask_token="", num_oov_indices=2)
        self.s_inv = keras.layers.StringLookup(vocabulary=vocab, invert=True)
        self.s_hot = keras.layers.StringLookup(vocabulary=vocab, output_mode="multi_hot")
        self.s_count = keras.layers.StringLookup(vocabulary=vocab, output_mode="count")
        self.s_one = keras.layers.StringLookup(vocabulary=vocab, output_mode="one_hot")
        self.i = keras.layers.IntegerLookup(vocabulary=[3, 1, 4, 15], mask_token=-1, oov_token=-7)
        self.i_inv = keras.layers.IntegerLookup(vocabulary=[3, 1, 4, 15], invert=True)
        self.cat_count = keras.layers.CategoryEncoding(num_tokens=5, output_mode="count")

    @tf.function(input_signature=[tf.TensorSpec([None, 3], tf.string, name="words"),
                                  tf.TensorSpec([None, 3], tf.int64, name="ids"),
                                  tf.TensorSpec([None, 3], tf.int64, name="indices")])
    def serve(self, words, ids, indices):
        return {
            "s": self.s(words), "s_inv": self.s_inv(indices), "s_hot": self.s_hot(words),
            "s_count": self.s_count(words), "s_one": self.s_one(words[:, 0]),
            "i": self.i(ids), "i_inv": self.i_inv(indices),
            "cat_count": self.cat_count(indices),
        }


def lookups():
    m = Lookups()
    d = version_dir(FAMILY, "lookups")
    tf.saved_model.save(m, d, signatures={"serving_default": m.serve})
    g = golden(FAMILY, "lookups")
    g.add("predict", {"inputs": {
        "words": [["red", "青", ""], ["🙂", "blue", "grün"], ["RED", "red", "red"]],
        "ids": [[3, -1, 15], [0, 4, 99], [1, 1, -7]],
        "indices": [[0, 1, 4], [2, 3, 0], [4, 4, 1]],
    }}, "mask tokens, oov, invert, multi_hot/count/one_hot")
    finish(g)


if __name__ == "__main__":
    import sys as _sys
    only = set(_sys.argv[1:])
    for fn in (text_classifier, text_modes, tabular, lookups):
        if not only or fn.__name__ in only:
            fn()
