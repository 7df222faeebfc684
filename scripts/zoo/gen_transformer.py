"""Zoo family `transformer`: tiny transformer encoders as users export them (run by hand).

    ~/tfvenv/bin/python scripts/zoo/gen_transformer.py

- bert_classifier: Keras 3 functional BERT-like text classifier (int32 input_ids + attention_mask, token +
  position Embedding, MultiHeadAttention with a padding mask, LayerNormalization, exact GELU (Erfc), CLS
  pooler); named outputs `logits` and `pooled`; `model.export()`.
- token_tagger: Keras 3, int64 input_ids + attention_mask, two encoder blocks with tanh-approximate GELU,
  a token-classification head (`tags` per token) and `probs`; `model.export()`.
- causal_lm: Keras 3, a GPT-style block (MultiHeadAttention with use_causal_mask,
  Dense(activation="gelu")), outputs `logits` per token and the int64 `next_token` (argmax).
- einsum_encoder: tf.Module, hand-written attention with tf.einsum (ellipsis, transposes, reductions),
  tf.linalg.matmul adjoints, tf.math.erf / erfc GELU; int64 ids; three outputs.
- einsum_ops / batch_matmul: tf.Module signatures over many einsum equations and BatchMatMulV2
  adj_x / adj_y / broadcast batch dims, fed by the request.
- einsum_refused (no golden): `tf.einsum("ii->i")`, outside the verified equation subset, which the
  portable engine must refuse at load naming the node (test/engine/ops/attr-checks.test.ts).
"""
from zoo_common import *  # noqa: F401,F403
import keras
from keras import layers, ops

FAMILY = "transformer"
VOCAB, SEQ = 50, 8


def encoder_block(x, mask, d, heads, ff, approximate, name):
    att = layers.MultiHeadAttention(num_heads=heads, key_dim=d // heads, name=name + "_mha")
    a = att(x, x, attention_mask=mask)
    x = layers.LayerNormalization(epsilon=1e-6, name=name + "_ln1")(x + a)
    h = layers.Dense(ff, name=name + "_ff1")(x)
    h = layers.Activation(lambda t: keras.activations.gelu(t, approximate=approximate), name=name + "_gelu")(h)
    h = layers.Dense(d, name=name + "_ff2")(h)
    return layers.LayerNormalization(epsilon=1e-6, name=name + "_ln2")(x + h)


def embed(ids, d, name):
    tok = layers.Embedding(VOCAB, d, name=name + "_tok")(ids)
    pos = layers.Embedding(SEQ, d, name=name + "_pos")(ops.arange(SEQ))
    return tok + pos


def pair_mask(mask):
    m = ops.cast(mask, "bool")
    return ops.logical_and(ops.expand_dims(m, 1), ops.expand_dims(m, 2))


def id_requests(rng, n, dtype):
    ids = rng.integers(1, VOCAB, size=(n, SEQ))
    lens = rng.integers(2, SEQ + 1, size=n)
    mask = (np.arange(SEQ)[None, :] < lens[:, None]).astype(np.int64)
    ids = ids * mask
    return [{"input_ids": i, "attention_mask": m} for i, m in zip(ids.tolist(), mask.tolist())]


def bert_classifier():
    keras.utils.set_random_seed(11)
    ids = keras.Input((SEQ,), dtype="int32", name="input_ids")
    mask = keras.Input((SEQ,), dtype="int32", name="attention_mask")
    x = embed(ids, 16, "emb")
    x = layers.LayerNormalization(epsilon=1e-6, name="emb_ln")(x)
    x = encoder_block(x, pair_mask(mask), 16, 2, 32, False, "enc0")
    pooled = layers.Dense(16, activation="tanh", name="pooler")(x[:, 0, :])
    logits = layers.Dense(3, name="classifier")(pooled)
    model = keras.Model({"input_ids": ids, "attention_mask": mask}, {"logits": logits, "pooled": pooled})
    model.export(version_dir(FAMILY, "bert_classifier"), verbose=False)
    g = golden(FAMILY, "bert_classifier")
    rng = np.random.default_rng(1)
    g.add("predict", {"instances": id_requests(rng, 1, np.int32)}, "one sentence, padded (exact GELU via Erfc)", atol=2e-5, rtol=2e-4)
    g.add("predict", {"instances": id_requests(rng, 4, np.int32)}, "batch of 4 with different lengths", atol=2e-5, rtol=2e-4)
    reqs = id_requests(rng, 3, np.int32)
    g.add("predict", {"inputs": {k: [r[k] for r in reqs] for k in reqs[0]}}, "columnar inputs", atol=2e-5, rtol=2e-4)
    finish(g)


def token_tagger():
    keras.utils.set_random_seed(12)
    ids = keras.Input((SEQ,), dtype="int64", name="input_ids")
    mask = keras.Input((SEQ,), dtype="int64", name="attention_mask")
    x = embed(ids, 8, "emb")
    m = pair_mask(mask)
    x = encoder_block(x, m, 8, 2, 16, True, "enc0")
    x = encoder_block(x, m, 8, 2, 16, True, "enc1")
    tags = layers.Dense(5, name="tags")(x)
    probs = layers.Softmax(name="probs")(tags)
    model = keras.Model({"input_ids": ids, "attention_mask": mask}, {"tags": tags, "probs": probs})
    model.export(version_dir(FAMILY, "token_tagger"), verbose=False)
    g = golden(FAMILY, "token_tagger")
    rng = np.random.default_rng(2)
    g.add("predict", {"instances": id_requests(rng, 2, np.int64)}, "int64 ids, two encoder blocks, tanh GELU", atol=2e-5, rtol=2e-4)
    g.add("predict", {"instances": id_requests(rng, 5, np.int64)}, "batch of 5", atol=2e-5, rtol=2e-4)
    finish(g)


class EinsumEncoder(tf.Module):
    def __init__(self):
        super().__init__()
        r = np.random.default_rng(3)
        w = lambda *s: tf.Variable(r.normal(0, 0.4, s).astype(np.float32))
        self.emb, self.wq, self.wk, self.wv = w(VOCAB, 12), w(12, 2, 6), w(12, 2, 6), w(12, 2, 6)
        self.wo, self.w1, self.w2, self.head = w(2, 6, 12), w(12, 24), w(24, 12), w(12, 4)

    @tf.function(input_signature=[tf.TensorSpec([None, None], tf.int64, name="input_ids"),
                                  tf.TensorSpec([None, None], tf.int64, name="attention_mask")])
    def serve(self, input_ids, attention_mask):
        x = tf.gather(self.emb, input_ids)
        q = tf.einsum("btd,dhk->bhtk", x, self.wq)
        k = tf.einsum("...sd,dhk->...hsk", x, self.wk)
        v = tf.einsum("bsd,dhk->bshk", x, self.wv)
        scores = tf.linalg.matmul(q, k, adjoint_b=True) / np.sqrt(6.0).astype(np.float32)
        bias = (1.0 - tf.cast(attention_mask[:, None, None, :], tf.float32)) * -1e9
        att = tf.nn.softmax(scores + bias, axis=-1)
        ctx = tf.einsum("bhts,bshk->bthk", att, v)
        x = x + tf.einsum("bthk,hkd->btd", ctx, self.wo)
        h = tf.einsum("btd,df->btf", x, self.w1)
        h = 0.5 * h * tf.math.erfc(-h / np.sqrt(2.0).astype(np.float32)) + 0.01 * tf.math.erf(h)
        x = x + tf.einsum("btf,fd->btd", h, self.w2)
        m = tf.cast(attention_mask, tf.float32)
        pooled = tf.einsum("btd,bt->bd", x, m) / tf.reduce_sum(m, axis=1, keepdims=True)
        return {"logits": tf.einsum("bd,dc->bc", pooled, self.head), "pooled": pooled,
                "attention": tf.einsum("bhts->bts", att)}


def einsum_encoder():
    path = version_dir(FAMILY, "einsum_encoder")
    mod = EinsumEncoder()
    tf.saved_model.save(mod, path, signatures={"serving_default": mod.serve})
    g = golden(FAMILY, "einsum_encoder")
    rng = np.random.default_rng(4)
    g.add("predict", {"instances": id_requests(rng, 2, np.int64)}, "tf.einsum attention, matmul adjoint_b, erf/erfc GELU", atol=2e-5, rtol=2e-4)
    g.add("predict", {"inputs": {"input_ids": [[5, 7, 9]], "attention_mask": [[1, 1, 0]]}}, "dynamic sequence length 3", atol=2e-5, rtol=2e-4)
    finish(g)


F = tf.float32
EQUATIONS = {
    # name: (equation, a shape, b shape or None); inputs arrive through the request with these shapes
    "matmul": ("ij,jk->ik", [3, 4], [4, 2]),
    "batch_matmul": ("bij,bjk->bik", [2, 3, 4], [2, 4, 5]),
    "transposed_operands": ("bji,bkj->bik", [2, 4, 3], [2, 5, 4]),
    "transpose": ("ijk->kij", [2, 3, 4], None),
    "row_sums": ("ij->i", [3, 4], None),
    "total": ("ij->", [3, 4], None),
    "outer": ("i,j->ij", [3], [4]),
    "dot": ("i,i->", [5], [5]),
    "hadamard_reduce": ("ij,ij->j", [3, 4], [3, 4]),
    "free_sum": ("ab,cd->ad", [2, 3], [4, 5]),
    "ellipsis_broadcast": ("...ij,...jk->...ik", [2, 1, 3, 4], [3, 4, 2]),
    "ellipsis_left": ("ij...,jk->ik...", [3, 4, 2], [4, 5]),
    "attention_scores": ("bqhd,bkhd->bhqk", [2, 3, 2, 4], [2, 5, 2, 4]),
    "mha_output": ("abcd,cde->abe", [2, 3, 2, 4], [2, 4, 6]),
}


def einsum_ops():
    class M(tf.Module):
        pass
    mod, sigs = M(), {}
    for name, (eq, sa, sb) in EQUATIONS.items():
        specs = [tf.TensorSpec([None] * len(sa), F, name="a")] + ([tf.TensorSpec([None] * len(sb), F, name="b")] if sb else [])
        fn = (lambda eq: (lambda a, b: {"out": tf.einsum(eq, a, b)}))(eq) if sb else (lambda eq: (lambda a: {"out": tf.einsum(eq, a)}))(eq)
        sigs[name] = tf.function(fn, input_signature=specs)
    sigs["serving_default"] = sigs["batch_matmul"]
    path = version_dir(FAMILY, "einsum_ops")
    tf.saved_model.save(mod, path, signatures=sigs)
    g = golden(FAMILY, "einsum_ops")
    rng = np.random.default_rng(5)
    for name, (eq, sa, sb) in EQUATIONS.items():
        inputs = {"a": rng.normal(size=sa).astype(np.float32).tolist()}
        if sb:
            inputs["b"] = rng.normal(size=sb).astype(np.float32).tolist()
        g.add("predict", {"signature_name": name, "inputs": inputs}, "einsum %s" % eq)
    finish(g)


MATMULS = {
    # name: (adj_x, adj_y, x shape, y shape)
    "plain": (False, False, [2, 3, 4], [2, 4, 5]),
    "adj_x": (True, False, [2, 4, 3], [2, 4, 5]),
    "adj_y": (False, True, [2, 3, 4], [2, 5, 4]),
    "adj_both": (True, True, [2, 4, 3], [2, 5, 4]),
    "broadcast_batch": (False, False, [2, 1, 3, 4], [3, 4, 2]),
    "rank5": (False, True, [2, 1, 2, 3, 4], [1, 3, 1, 5, 4]),
}


def batch_matmul():
    class M(tf.Module):
        pass
    mod, sigs = M(), {}
    for name, (ax, ay, sx, sy) in MATMULS.items():
        specs = [tf.TensorSpec([None] * len(sx), F, name="x"), tf.TensorSpec([None] * len(sy), F, name="y")]
        sigs[name] = tf.function((lambda ax, ay: (lambda x, y: {"out": tf.raw_ops.BatchMatMulV2(x=x, y=y, adj_x=ax, adj_y=ay)}))(ax, ay), input_signature=specs)
    sigs["serving_default"] = sigs["plain"]
    path = version_dir(FAMILY, "batch_matmul")
    tf.saved_model.save(mod, path, signatures=sigs)
    g = golden(FAMILY, "batch_matmul")
    rng = np.random.default_rng(6)
    for name, (ax, ay, sx, sy) in MATMULS.items():
        inputs = {"x": rng.normal(size=sx).astype(np.float32).tolist(), "y": rng.normal(size=sy).astype(np.float32).tolist()}
        g.add("predict", {"signature_name": name, "inputs": inputs}, "BatchMatMulV2 adj_x=%s adj_y=%s %s x %s" % (ax, ay, sx, sy))
    finish(g)


def causal_lm():
    keras.utils.set_random_seed(13)
    ids = keras.Input((SEQ,), dtype="int64", name="input_ids")
    x = embed(ids, 16, "emb")
    a = layers.MultiHeadAttention(num_heads=4, key_dim=4, name="mha")(x, x, use_causal_mask=True)
    x = layers.LayerNormalization(name="ln1")(x + a)
    h = layers.Dense(32, activation="gelu", name="ff1")(x)
    x = layers.LayerNormalization(name="ln2")(x + layers.Dense(16, name="ff2")(h))
    logits = layers.Dense(VOCAB, name="lm_head")(x)
    next_token = ops.argmax(logits[:, -1, :], axis=-1)
    model = keras.Model(ids, {"logits": logits, "next_token": next_token})
    model.export(version_dir(FAMILY, "causal_lm"), verbose=False)
    g = golden(FAMILY, "causal_lm")
    g.add("predict", {"instances": [[3, 14, 15, 9, 2, 6, 0, 0]]}, "causal self-attention (use_causal_mask), Dense gelu, argmax next token", atol=2e-5, rtol=2e-4)
    g.add("predict", {"inputs": [[1, 2, 3, 4, 5, 6, 7, 8], [8, 7, 6, 5, 4, 3, 2, 1], [0, 0, 0, 0, 0, 0, 0, 0]]}, "batch of 3", atol=2e-5, rtol=2e-4)
    finish(g)


def einsum_refused():
    """No golden: TF runs it, the portable engine refuses it at load (a repeated label takes a diagonal)."""
    class M(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([None, None], F, name="a")])
        def serve(self, a):
            return {"diagonal": tf.einsum("ii->i", a), "sums": tf.einsum("ij->i", a)}
    mod = M()
    path = version_dir(FAMILY, "einsum_refused")
    tf.saved_model.save(mod, path, signatures={"serving_default": mod.serve})
    out = tf.saved_model.load(path).signatures["serving_default"](a=tf.constant([[1.0, 2.0], [3.0, 4.0]]))
    assert out["diagonal"].numpy().tolist() == [1.0, 4.0]


if __name__ == "__main__":
    import sys as _sys
    only = _sys.argv[1:]
    for fn in [bert_classifier, token_tagger, causal_lm, einsum_encoder, einsum_ops, batch_matmul, einsum_refused]:
        if not only or fn.__name__ in only:
            fn()
