"""Zoo family `rnn`: Keras recurrent models as users export them (Keras 3 `model.export()`, and
`tf.saved_model.save` of a tf.Module wrapping Keras layers). In TF2 they are While v2 loops over
TensorList ops (TensorListFromTensor / GetItem / SetItem / Stack), with masking as SelectV2 in the body.

    ~/tfvenv/bin/python scripts/zoo/gen_rnn.py
"""
from zoo_common import *  # noqa: F401,F403
import keras

FAMILY = "rnn"
L = keras.layers


def rows(seed, batch, time, features, scale=1.0):
    rng = np.random.default_rng(seed)
    return np.round(rng.uniform(-scale, scale, (batch, time, features)), 3).tolist()


def ids(seed, batch, time, vocab, pad_from=None):
    """Token ids in [1, vocab); row r is padded with 0 from position pad_from[r] on (masked by mask_zero)."""
    rng = np.random.default_rng(seed)
    out = rng.integers(1, vocab, (batch, time)).tolist()
    for r, start in enumerate(pad_from or []):
        for t in range(start, time):
            out[r][t] = 0
    return out


def export(name, model):
    keras.utils.set_random_seed(7)
    model.export(version_dir(FAMILY, name), verbose=False)
    return golden(FAMILY, name)


def seq_cases(g, features, note):
    g.add("predict", {"instances": rows(1, 2, 4, features)}, "%s: batch 2, 4 steps" % note)
    g.add("predict", {"inputs": rows(2, 1, 1, features)}, "%s: one step (columnar)" % note)
    g.add("predict", {"inputs": rows(3, 3, 9, features, 2.0)}, "%s: batch 3, 9 steps, larger values" % note)


def build(layers_fn, inputs):
    keras.utils.set_random_seed(7)
    return keras.Model(inputs, layers_fn(inputs))


def lstm_last():
    m = build(lambda x: L.Dense(2)(L.LSTM(5)(x)), keras.Input((None, 3)))
    g = export("lstm_last", m)
    seq_cases(g, 3, "LSTM(5) last output -> Dense(2), any length")
    finish(g)


def gru_stacked():
    def net(x):
        x = L.GRU(4, return_sequences=True)(x)  # reset_after=True (the Keras default)
        return L.GRU(4, return_sequences=True, reset_after=False)(x)
    g = export("gru_stacked", build(net, keras.Input((None, 3))))
    seq_cases(g, 3, "GRU reset_after=True -> GRU reset_after=False, sequences")
    finish(g)


def simple_rnn_backwards():
    def net(x):
        x = L.SimpleRNN(4, return_sequences=True, go_backwards=True)(x)
        return L.SimpleRNN(3, activation="relu")(x)
    g = export("simple_rnn_backwards", build(net, keras.Input((None, 2))))
    seq_cases(g, 2, "SimpleRNN go_backwards sequences -> SimpleRNN relu")
    finish(g)


def bidirectional():
    def net(x):
        x = L.Bidirectional(L.LSTM(3, return_sequences=True))(x)
        return L.Bidirectional(L.GRU(3), merge_mode="sum")(x)
    g = export("bidirectional", build(net, keras.Input((None, 3))))
    seq_cases(g, 3, "Bidirectional LSTM concat sequences -> Bidirectional GRU sum")
    finish(g)


def lstm_states():
    inp = keras.Input((5, 3))
    keras.utils.set_random_seed(7)
    out, h, c = L.LSTM(4, return_state=True, return_sequences=True)(inp)
    g = export("lstm_states", keras.Model(inp, [out, h, c]))
    g.add("predict", {"instances": rows(4, 2, 5, 3)}, "LSTM return_state: sequences, h, c (fixed 5 steps), rows")
    g.add("predict", {"inputs": rows(5, 1, 5, 3)}, "LSTM return_state: columnar")
    finish(g)


def masked():
    def net(x, rnn):
        e = L.Embedding(12, 3, mask_zero=True)(x)
        return L.Dense(2)(rnn(e))
    for name, rnn in [("masked_gru", lambda: L.GRU(4)), ("masked_lstm", lambda: L.LSTM(4, return_sequences=True))]:
        g = export(name, build(lambda x: net(x, rnn()), keras.Input((None,), dtype="int32")))
        g.add("predict", {"instances": ids(6, 3, 6, 12, pad_from=[6, 3, 1])}, "%s: padded rows (0 = masked), 6 steps" % name)
        g.add("predict", {"inputs": ids(7, 2, 4, 12, pad_from=[0, 2])}, "%s: a fully masked row" % name)
        g.add("predict", {"inputs": ids(8, 1, 1, 12)}, "%s: one step, no padding" % name)
        finish(g)


def cells_and_wrappers():
    def stacked(x):
        cells = L.StackedRNNCells([L.LSTMCell(4), L.GRUCell(3), L.SimpleRNNCell(2)])
        return L.RNN(cells, return_sequences=True)(x)
    g = export("stacked_cells", build(stacked, keras.Input((None, 3))))
    seq_cases(g, 3, "RNN(StackedRNNCells[LSTMCell, GRUCell, SimpleRNNCell]) sequences")
    finish(g)

    def distributed(x):
        x = L.Conv1D(4, 2, padding="causal", activation="relu")(x)
        x = L.GRU(4, return_sequences=True, go_backwards=True)(x)
        return L.TimeDistributed(L.Dense(2, activation="softmax"))(x)
    g = export("conv_gru_time_distributed", build(distributed, keras.Input((None, 3))))
    seq_cases(g, 3, "Conv1D causal -> GRU go_backwards sequences -> TimeDistributed Dense softmax")
    finish(g)

    g = export("unrolled_lstm", build(lambda x: L.LSTM(4, unroll=True)(x), keras.Input((4, 3))))
    g.add("predict", {"instances": rows(11, 2, 4, 3)}, "LSTM unroll=True (no loop): fixed 4 steps")
    finish(g)

    def conv_lstm(x):
        return L.ConvLSTM1D(3, 2, padding="same", return_sequences=False)(x)
    g = export("conv_lstm1d", build(conv_lstm, keras.Input((None, 5, 2))))
    g.add("predict", {"instances": np.round(np.random.default_rng(12).uniform(-1, 1, (2, 3, 5, 2)), 3).tolist()}, "ConvLSTM1D: 3 steps of [5, 2] frames")
    g.add("predict", {"inputs": np.round(np.random.default_rng(13).uniform(-1, 1, (1, 1, 5, 2)), 3).tolist()}, "ConvLSTM1D: one step")
    finish(g)


class RnnModule(tf.Module):
    """A tf.Module around Keras layers, saved with tf.saved_model.save and two serving functions."""

    def __init__(self):
        super().__init__()
        keras.utils.set_random_seed(7)
        self.rnn = L.LSTM(4, return_sequences=True, go_backwards=True)
        self.head = L.Dense(1, activation="sigmoid")
        self.head(self.rnn(tf.zeros([1, 2, 3])))
        # Keras 3 layers are not tf.Module-tracked: without this their variables are missing from the
        # checkpoint and TF Serving's loader fails ("Could not find variable"), as the Keras docs warn.
        self.weights = [w.value for w in self.rnn.weights + self.head.weights]

    @tf.function(input_signature=[tf.TensorSpec([None, None, 3], tf.float32, name="seq")])
    def score(self, seq):
        h = self.rnn(seq)
        return {"score": self.head(h[:, -1]), "steps": tf.shape(h)[1]}

    @tf.function(input_signature=[tf.TensorSpec([None, None, 3], tf.float32, name="seq")])
    def last_state(self, seq):
        return {"h": self.rnn(seq)[:, -1]}


def module_lstm():
    name = "module_lstm"
    m = RnnModule()
    tf.saved_model.save(m, version_dir(FAMILY, name), signatures={"serving_default": m.score, "last_state": m.last_state})
    g = golden(FAMILY, name)
    g.add("predict", {"inputs": {"seq": rows(9, 2, 3, 3)}}, "tf.Module LSTM go_backwards: score + steps")
    g.add("predict", {"signature_name": "last_state", "inputs": rows(10, 2, 6, 3)}, "tf.Module LSTM: second signature")
    finish(g)


MODELS = [lstm_last, gru_stacked, simple_rnn_backwards, bidirectional, lstm_states, masked, module_lstm, cells_and_wrappers]

if __name__ == "__main__":
    only = sys.argv[1:]
    for make in MODELS:
        if not only or make.__name__ in only:
            make()
