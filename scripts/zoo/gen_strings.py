"""Zoo family `strings`: string pre/post-processing inside serving functions.

    ~/tfvenv/bin/python scripts/zoo/gen_strings.py

Models (test/fixtures/zoo/strings/<model>/1/), tf.Module with @tf.function serving signatures:
  text_pipeline      lower/upper (ASCII and UTF-8), regex_replace, split → padded tokens, strip, length,
                     substr, regex_full_match, tf.where on strings, join with as_string
  label_postprocess  top-k over scores → labels gathered as strings, reduce_join, "label:score" strings
  parse_numbers      "1,2.5,x" → split → to_number (float and int64) → padded and summed; regex_replace
                     with the pattern and rewrite as request inputs (RegexReplace), tf.strings.format
  unicode_chars      unicode_split / unicode_decode, character bigrams, code points padded
  tf1_strings        TF1 SavedModelBuilder graph: string_split, lookups by regex, reduce_join
"""
from zoo_common import *  # noqa: F401,F403

FAMILY = "strings"
TEXTS = ["Hello, World!", "  Café crème?  ", "東京タワー is tall", "", "emoji 🙂 ok? ", "MiXeD   CaSe\tTabs"]


class TextPipeline(tf.Module):
    @tf.function(input_signature=[tf.TensorSpec([None], tf.string, name="text")])
    def serve(self, text):
        lower = tf.strings.lower(text)
        cleaned = tf.strings.regex_replace(lower, r"[^\pL\pN\s]+", " ")
        tokens = tf.strings.split(cleaned)
        padded = tokens.to_tensor(default_value="<pad>", shape=[None, 4])
        stripped = tf.strings.strip(text)
        chars = tf.strings.length(text, unit="UTF8_CHAR")
        question = tf.strings.regex_full_match(stripped, r".*\?")
        kind = tf.where(question, "question", "statement")
        return {
            "tokens": padded,
            "upper_ascii": tf.strings.upper(text),
            "upper_utf8": tf.strings.upper(text, encoding="utf-8"),
            "stripped": stripped,
            "bytes": tf.strings.length(text),
            "chars": chars,
            "first3": tf.strings.substr(text, 0, 3, unit="UTF8_CHAR"),
            "last2_bytes": tf.strings.substr(tf.strings.join(["__", stripped]), -2, 2),
            "kind": kind,
            "summary": tf.strings.join([kind, tf.strings.as_string(chars), stripped], separator="|"),
            "first_word": tf.strings.regex_replace(stripped, r"^(\S*).*$", r"<\1>", replace_global=False),
        }


class LabelPostprocess(tf.Module):
    def __init__(self):
        super().__init__()
        self.labels = tf.constant(["chat", "spam", "café", "東京", "🙂"])

    @tf.function(input_signature=[tf.TensorSpec([None, 5], tf.float32, name="scores")])
    def serve(self, scores):
        top = tf.math.top_k(scores, k=3)
        names = tf.gather(self.labels, top.indices)
        pairs = tf.strings.join([names, tf.strings.as_string(top.values, precision=3)], separator=":")
        best = tf.gather(self.labels, tf.argmax(scores, axis=1))
        confident = tf.where(tf.reduce_max(scores, axis=1) > 0.5, best, tf.fill(tf.shape(best), "unsure"))
        return {"top_labels": names, "top_pairs": pairs, "joined": tf.strings.reduce_join(pairs, axis=1, separator=", "),
                "best": best, "confident": confident, "top_scores": top.values}


class ParseNumbers(tf.Module):
    @tf.function(input_signature=[tf.TensorSpec([None], tf.string, name="csv")])
    def serve(self, csv):
        parts = tf.strings.split(csv, sep=",")
        clean = tf.strings.regex_replace(parts.flat_values, r"^\s+|\s+$", "")
        numeric = tf.strings.regex_full_match(clean, r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
        safe = tf.where(numeric, clean, "0")
        floats = parts.with_flat_values(tf.strings.to_number(safe, tf.float32))
        ints = parts.with_flat_values(tf.strings.to_number(tf.where(tf.strings.regex_full_match(safe, r"[+-]?\d+"), safe, "0"), tf.int64))
        return {"values": floats.to_tensor(default_value=-1.0), "sums": tf.reduce_sum(floats, axis=1),
                "ints": ints.to_tensor(), "count": parts.row_lengths()}

    @tf.function(input_signature=[tf.TensorSpec([None], tf.string, name="text"), tf.TensorSpec([], tf.string, name="pattern"),
                                  tf.TensorSpec([], tf.string, name="rewrite")])
    def rewrite(self, text, pattern, rewrite):
        out = tf.strings.regex_replace(text, pattern, rewrite)
        return {"out": out, "match": tf.strings.regex_full_match(text, pattern),
                "summary": tf.strings.format("{} -> {} ({} chars)", (text, out, tf.strings.length(out, unit="UTF8_CHAR")))}


class UnicodeChars(tf.Module):
    @tf.function(input_signature=[tf.TensorSpec([None], tf.string, name="text")])
    def serve(self, text):
        chars = tf.strings.unicode_split(text, "UTF-8")
        codes = tf.strings.unicode_decode(text, "UTF-8")
        bigrams = tf.strings.ngrams(chars, 2, separator="")
        return {"chars": chars.to_tensor(default_value="", shape=[None, 6]), "codes": codes.to_tensor(shape=[None, 6]),
                "bigrams": bigrams.to_tensor(default_value="-", shape=[None, 5]),
                "reencoded": tf.strings.unicode_encode(codes, "UTF-8"),
                "padded_trigrams": tf.strings.ngrams(tf.strings.split(text), 3, pad_values=("<s>", "</s>"), separator=" ").to_tensor(shape=[None, 4])}


def module_model(name, module, signatures, cases):
    d = version_dir(FAMILY, name)
    tf.saved_model.save(module, d, signatures=signatures)
    g = golden(FAMILY, name)
    for req, note, *sig in cases:
        if sig:
            req = dict(req, signature_name=sig[0])
        g.add("predict", req, note)
    finish(g)


def tf1_strings():
    d = version_dir(FAMILY, "tf1_strings")
    with tf.Graph().as_default() as graph:
        text = V1.placeholder(tf.string, [None], name="text")
        words = V1.string_split(text, delimiter=" ")
        dense = V1.sparse.to_dense(words, default_value="")
        digits = tf.strings.regex_full_match(dense, r"\d+")
        masked = tf.where(digits, tf.fill(tf.shape(dense), "#"), dense)
        joined = tf.strings.reduce_join(masked, axis=1, separator=" ")
        with V1.Session(graph=graph) as sess:
            b = V1.saved_model.builder.SavedModelBuilder(d)
            sig = V1.saved_model.signature_def_utils.predict_signature_def({"text": text}, {"masked": joined, "n": tf.shape(dense)[1:]})
            b.add_meta_graph_and_variables(sess, ["serve"], signature_def_map={"serving_default": sig})
            b.save()
    g = golden(FAMILY, "tf1_strings")
    g.add("predict", {"inputs": {"text": ["call 911 now", "room 42 floor 3", "", "東京 2020"]}}, "TF1 StringSplit + SparseToDense, digits masked")
    finish(g)


if __name__ == "__main__":
    import sys as _sys
    only = set(_sys.argv[1:])
    jobs = {
        "text_pipeline": lambda: module_model("text_pipeline", TextPipeline(), {"serving_default": TextPipeline().serve}, [
            ({"inputs": {"text": TEXTS}}, "ASCII/Latin/CJK/emoji, empty, tabs"),
            ({"instances": ["a?"]}, "one row")]),
        "label_postprocess": lambda: (lambda m: module_model("label_postprocess", m, {"serving_default": m.serve}, [
            ({"inputs": {"scores": [[0.1, 0.7, 0.05, 0.1, 0.05], [0.3, 0.1, 0.3, 0.2, 0.1], [0.0, 0.0, 0.0, 0.0, 1.0]]}}, "top-3 labels, ties, unicode labels"),
        ]))(LabelPostprocess()),
        "parse_numbers": lambda: (lambda m: module_model("parse_numbers", m, {"serving_default": m.serve, "rewrite": m.rewrite}, [
            ({"inputs": {"csv": ["1,2.5,x", " 3 , -4e1 ,", "", "7"]}}, "numbers, junk, blanks"),
            ({"inputs": {"text": ["aaa bbb", "Café 12", ""], "pattern": "(\\w+) (\\w+)", "rewrite": "\\2-\\1"}}, "RegexReplace with request pattern", "rewrite"),
            ({"inputs": {"text": ["x1y22", "none"], "pattern": "\\d+", "rewrite": "<\\0>"}}, "digits", "rewrite"),
        ]))(ParseNumbers()),
        "unicode_chars": lambda: (lambda m: module_model("unicode_chars", m, {"serving_default": m.serve}, [
            ({"inputs": {"text": ["héllo", "東京", "", "a🙂b c"]}}, "unicode split/decode/encode, bigrams, padded trigrams"),
        ]))(UnicodeChars()),
        "tf1_strings": tf1_strings,
    }
    for name, job in jobs.items():
        if not only or name in only:
            job()
