#!/usr/bin/env python3
"""Writes test/engine/ops/string-ops.vectors.json: TensorFlow 2.21's own answers for the portable engine's
string, regex, ragged and counting ops over their attribute space (empty strings, empty tensors, rank 0..3,
Unicode, error cases). Run by hand; the tests never run Python.

    ~/tfvenv/bin/python scripts/generate_string_op_vectors.py

Each case: op, inputs [{dtype, shape, values}], attrs (NodeDef attr object form: i as decimal strings, s as
base64, list.{i,s,f}, type names), and either outputs [{dtype, shape, values}] or error (TF's message).
String values are hex of their bytes; int64 values decimal strings.
"""
import base64
import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "engine", "ops", "string-ops.vectors.json")
TEXTS = ["", " ", "  a  b ", "Hello, World!", "a,,b,", ",", "a||b|||c", "Café Crème ÀÉÎ", "straße İstanbul ΟΔΟΣ",
         "東京 タワー", "emoji 🙂🙃 ok", "\ttab\nnew\x0bvt\x0cff\r", "MiXeD 123 _x_", "aaa", "baaac"]
CASES = []


def b(s):
    return s.encode("utf-8") if isinstance(s, str) else s


def enc_tensor(t):
    t = tf.convert_to_tensor(t)
    arr = np.asarray(t.numpy(), dtype=object if t.dtype == tf.string else None)
    dt = t.dtype
    flat = arr.reshape(-1).tolist()
    if dt == tf.string:
        vals = [v.hex() for v in flat]
    elif dt in (tf.int64, tf.uint64):
        vals = [str(v) for v in flat]
    elif dt == tf.bool:
        vals = [bool(v) for v in flat]
    elif dt in (tf.float32, tf.float64):
        vals = [repr(float(v)) for v in flat]
    else:
        vals = [int(v) for v in flat]
    return {"dtype": "DT_" + dt.name.upper().replace("FLOAT32", "FLOAT").replace("FLOAT64", "DOUBLE"), "shape": list(arr.shape), "values": vals}


def enc_attr(v):
    if isinstance(v, bool):
        return {"b": v}
    if isinstance(v, int):
        return {"i": str(v)}
    if isinstance(v, float):
        return {"f": v}
    if isinstance(v, (str, bytes)):
        return {"s": base64.b64encode(b(v)).decode()}
    if isinstance(v, tf.DType):
        return {"type": "DT_" + v.name.upper().replace("FLOAT32", "FLOAT").replace("FLOAT64", "DOUBLE")}
    if isinstance(v, list) and v and all(isinstance(x, tf.DType) for x in v):
        return {"list": {"type": [enc_attr(x)["type"] for x in v]}}
    if isinstance(v, list):
        if all(isinstance(x, bool) for x in v) and v:
            raise ValueError(v)
        if all(isinstance(x, int) for x in v):
            return {"list": {"i": [str(x) for x in v]}}
        if all(isinstance(x, float) for x in v):
            return {"list": {"f": v}}
        return {"list": {"s": [base64.b64encode(b(x)).decode() for x in v]}}
    raise ValueError(v)


def case(op, inputs, attrs=None, types=None, note=""):
    """inputs: list of (name, tensor) in op input order; attrs: python values; types: extra type attrs."""
    attrs = attrs or {}
    kwargs = {k: v for k, v in inputs}
    kwargs.update(attrs)
    flat = [t for _, v in inputs for t in (v if isinstance(v, list) else [v])]
    entry = {"op": op, "note": note, "inputs": [enc_tensor(v) for v in flat],
             "attrs": {k: enc_attr(v) for k, v in {**attrs, **(types or {})}.items()}}
    try:
        out = getattr(tf.raw_ops, op)(**kwargs)
        outs = list(out) if isinstance(out, (tuple, list)) else [out]
        entry["outputs"] = [enc_tensor(o) for o in outs]
    except (tf.errors.OpError, ValueError, TypeError) as e:
        entry["error"] = str(getattr(e, "message", e)).split("\n")[0][:300]
    CASES.append(entry)


def S(values, shape=None):
    t = tf.constant([b(v) for v in values], dtype=tf.string)
    return tf.reshape(t, shape) if shape is not None else t


def split_cases():
    for sep in ["", " ", ",", "||", "aa"]:
        for maxsplit in [-1, 0, 1, 2]:
            case("StringSplitV2", [("input", S(TEXTS)), ("sep", S([sep], []))], {"maxsplit": maxsplit}, note="sep=%r" % sep)
    case("StringSplitV2", [("input", S([])), ("sep", S([""], []))], note="empty batch")


def case_cases():
    shapes = [[], [2], [2, 2], [1, 2, 2]]
    for enc in ["", "utf-8"]:
        for op in ["StringLower", "StringUpper"]:
            case(op, [("input", S(TEXTS))], {"encoding": enc})
            for shp in shapes:
                n = int(np.prod(shp)) if shp else 1
                case(op, [("input", S(TEXTS[3:3 + n], shp))], {"encoding": enc}, note="rank %d" % len(shp))
    case("StringStrip", [("input", S(TEXTS))])
    case("StringStrip", [("input", S(["  x  "], []))], note="scalar")
    for unit in ["BYTE", "UTF8_CHAR"]:
        case("StringLength", [("input", S(TEXTS, [3, 5]))], {"unit": unit})
        case("StringLength", [("input", S([]))], {"unit": unit})


def substr_cases():
    words = S(["Hello", "Café", "東京タワー", "", "🙂🙃x"])
    for unit in ["BYTE", "UTF8_CHAR"]:
        for pos, ln in [(0, 2), (1, 3), (-2, 2), (0, 100), (2, -1), (5, 1), (-5, 3), (0, 0)]:
            for dt in [tf.int32, tf.int64]:
                case("Substr", [("input", S(["Hello", "Café", "東京タワー", "🙂🙃x"])), ("pos", tf.constant(pos, dt)), ("len", tf.constant(ln, dt))],
                     {"unit": unit}, {"T": dt}, note="pos=%d len=%d" % (pos, ln))
        case("Substr", [("input", words), ("pos", tf.constant([0, 1, 2, 0, 1])), ("len", tf.constant([1, 2, 3, 0, 1]))], {"unit": unit}, {"T": tf.int32}, note="per element")
        case("Substr", [("input", S(["abcdef", "ghijkl"])), ("pos", tf.constant([[1], [2]])), ("len", tf.constant([[2], [3]]))], {"unit": unit}, {"T": tf.int32}, note="broadcast")


def regex_cases():
    pats = [
        ("[!\"#$%&()\\*\\+,-\\./:;<=>?@\\[\\\\\\]^_`{|}~\\']", ""),
        ("a*", "-"), ("(\\w+) (\\w+)", "\\2 \\1"), ("\\s+", " "), ("^\\s+|\\s+$", ""), ("(?i)hello", "bye"),
        ("\\pL+", "<\\0>"), ("\\p{Han}", "字"), ("[[:digit:]]+", "#"), ("\\d", "\\\\"), ("\\Q.*\\E", "!"),
        ("é|ü", "e"), ("\\x{1F642}", ":)"), ("^", ">"), ("$", "<"), ("\\b", "|"), ("a{2}", "A"), ("a{,2}", "x"),
        ("[^a-z ]", "_"), (".", "."), ("(a)|(b)", "[\\1\\2]"), ("\\A\\w", "^"), ("\\w\\z", "$"), ("(?s).+", "ALL"),
        ("(?P<w>o)", "0"), ("[]a]", "!"), ("x*", "-"),
    ]
    for pat, rw in pats:
        for glob in [True, False]:
            case("StaticRegexReplace", [("input", S(TEXTS))], {"pattern": pat, "rewrite": rw, "replace_global": glob}, note=pat)
        case("RegexReplace", [("input", S(TEXTS[:6], [2, 3])), ("pattern", S([pat], [])), ("rewrite", S([rw], []))], {"replace_global": True}, note=pat)
        case("RegexFullMatch", [("input", S(TEXTS)), ("pattern", S([pat], []))], note=pat)
        case("StaticRegexFullMatch", [("input", S(TEXTS[:4], [2, 2]))], {"pattern": pat}, note=pat)
    case("StaticRegexReplace", [("input", S([]))], {"pattern": "a", "rewrite": "b", "replace_global": True}, note="empty")
    case("StaticRegexReplace", [("input", S(["x"], []))], {"pattern": "x", "rewrite": "yy", "replace_global": True}, note="scalar")


def join_cases():
    t = S(["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"], [2, 3, 2])
    for axes in [[0], [1], [2], [-1], [0, 2], [2, 0], [0, 1, 2], []]:
        for keep in [False, True]:
            case("ReduceJoin", [("inputs", t), ("reduction_indices", tf.constant(axes, tf.int32))], {"keep_dims": keep, "separator": "/"}, note=str(axes))
    case("ReduceJoin", [("inputs", S([], [0, 2])), ("reduction_indices", tf.constant([0], tf.int32))], {"keep_dims": False, "separator": ","}, note="empty axis")
    case("ReduceJoin", [("inputs", t), ("reduction_indices", tf.constant([3], tf.int32))], {"keep_dims": False, "separator": ""}, note="bad axis")


def ngram_cases():
    data = S(["a", "b", "c", "d", "e", "f"])
    for splits in [[0, 3, 3, 6], [0, 1, 2, 6], [0, 6]]:
        for widths in [[1], [2], [3], [1, 2], [2, 4], [7]]:
            for pad in [0, 1, -1]:
                for preserve in [False, True]:
                    if preserve and pad != 0:
                        continue
                    for sdt in [tf.int64, tf.int32]:
                        case("StringNGrams", [("data", data), ("data_splits", tf.constant(splits, sdt))],
                             {"separator": " ", "ngram_widths": widths, "left_pad": "<", "right_pad": ">", "pad_width": pad, "preserve_short_sequences": preserve},
                             {"Tsplits": sdt}, note="%s %s pad=%d" % (splits, widths, pad))


def unicode_cases():
    t = S(["héllo", "", "東京🙂", "\x01ctl"])
    for ctl in [False, True]:
        case("UnicodeDecode", [("input", t)], {"input_encoding": "UTF-8", "errors": "replace", "replacement_char": 65533, "replace_control_characters": ctl, "Tsplits": tf.int64})
    case("UnicodeDecode", [("input", S(["a", "bc"], [2, 1]))], {"input_encoding": "UTF-8", "Tsplits": tf.int64}, note="rank 2")
    bad = tf.constant([b"ok\xffx", b"\xe6\x9d"])
    case("UnicodeDecode", [("input", bad)], {"input_encoding": "UTF-8", "errors": "strict", "Tsplits": tf.int64}, note="strict")
    case("UnicodeDecode", [("input", bad)], {"input_encoding": "UTF-8", "errors": "replace", "Tsplits": tf.int64}, note="replace")
    cps = tf.constant([104, 233, 0x6771, 0x1F642, 120], tf.int32)
    case("UnicodeEncode", [("input_values", cps), ("input_splits", tf.constant([0, 2, 2, 5], tf.int64))], {"output_encoding": "UTF-8", "errors": "replace", "replacement_char": 65533})
    case("UnicodeEncode", [("input_values", tf.constant([65, 0x110000, -1, 66], tf.int32)), ("input_splits", tf.constant([0, 4], tf.int64))], {"output_encoding": "UTF-8", "errors": "replace", "replacement_char": 63}, note="invalid code points")
    case("UnicodeEncode", [("input_values", tf.constant([65, 0x110000], tf.int32)), ("input_splits", tf.constant([0, 2], tf.int64))], {"output_encoding": "UTF-8", "errors": "ignore", "replacement_char": 63}, note="ignore")


def hash_cases():
    t = S(TEXTS + ["a" * 7, "b" * 8, "c" * 9, "d" * 16, "e" * 17])
    for key in [[0, 0], [11, 13], [3, 3], [-(2**63) + 5, -1]]:
        for n in [1, 7, 1000003, 2**62]:
            case("StringToHashBucketStrong", [("input", t)], {"num_buckets": n, "key": key}, note="key %s" % key)


def count_cases():
    for dt in [tf.float32, tf.int32, tf.int64, tf.float64]:
        raw = [-2.5, 0.0, 1.0, 17.9, 18.0, 29.99, 30.0, 65.0, 100.0] if dt in (tf.float32, tf.float64) else [-3, 0, 1, 17, 18, 29, 30, 65, 100]
        x = tf.constant(raw, dt)
        case("Bucketize", [("input", x)], {"boundaries": [0.0, 18.0, 30.0, 65.0]}, {"T": dt})
    case("Bucketize", [("input", tf.constant([float("nan"), -float("inf"), float("inf")], tf.float32))], {"boundaries": [0.0, 1.0]}, {"T": tf.float32}, note="nan/inf")
    case("Bucketize", [("input", tf.constant([[1.0, 2.0], [3.0, 4.0]]))], {"boundaries": []}, {"T": tf.float32}, note="no boundaries")
    vals = [[0, 1, 1, 4], [2, 2, 9, 0]]
    for idt in [tf.int32, tf.int64]:
        for wdt, w in [(tf.int64, []), (tf.float32, [[0.5, 1.5, 2.0, 1.0], [1.0, 1.0, 1.0, 3.0]]), (tf.int32, [[1, 2, 3, 4], [5, 6, 7, 8]])]:
            for binary in [False, True]:
                if binary and w:
                    continue
                case("DenseBincount", [("input", tf.constant(vals, idt)), ("size", tf.constant(5, idt)), ("weights", tf.constant(w, wdt))], {"binary_output": binary}, {"T": wdt, "Tidx": idt}, note="rank 2")
                case("DenseBincount", [("input", tf.constant(vals[0], idt)), ("size", tf.constant(3, idt)), ("weights", tf.constant(w[0] if w else [], wdt))], {"binary_output": binary}, {"T": wdt, "Tidx": idt}, note="rank 1")
                case("RaggedBincount", [("splits", tf.constant([0, 3, 3, 8], tf.int64)), ("values", tf.constant([0, 1, 1, 4, 2, 2, 9, 0], idt)), ("size", tf.constant(5, idt)),
                                        ("weights", tf.constant([v for row in w for v in row], wdt))], {"binary_output": binary}, {"T": wdt, "Tidx": idt})
    case("DenseBincount", [("input", tf.constant([1, -1, 2])), ("size", tf.constant(3)), ("weights", tf.constant([], tf.int32))], {"binary_output": False}, {"T": tf.int32, "Tidx": tf.int32}, note="negative")


def ragged_cases():
    for dt, vals, dflt in [(tf.string, S(["a", "b", "c", "d", "e"]), S(["-"], [])), (tf.int64, tf.constant([1, 2, 3, 2**40, -5], tf.int64), tf.constant(0, tf.int64)),
                           (tf.float32, tf.constant([1.5, 2, 3, 4, 5], tf.float32), tf.constant(-1.0)), (tf.int32, tf.constant([1, 2, 3, 4, 5]), tf.constant(9))]:
        for shape in [[-1, -1], [2, 2], [4, 4], [3, -1], [-1, 1]]:
            case("RaggedTensorToTensor", [("shape", tf.constant(shape, tf.int64)), ("values", vals), ("default_value", dflt),
                                          ("row_partition_tensors", [tf.constant(3, tf.int64), tf.constant([0, 0, 2, 2, 2], tf.int64)])],
                 {"row_partition_types": ["FIRST_DIM_SIZE", "VALUE_ROWIDS"]}, {"T": dt, "Tindex": tf.int64, "Tshape": tf.int64}, note="rowids %s" % shape)
            case("RaggedTensorToTensor", [("shape", tf.constant(shape, tf.int64)), ("values", vals), ("default_value", dflt),
                                          ("row_partition_tensors", [tf.constant([0, 1, 1, 5], tf.int64)])],
                 {"row_partition_types": ["ROW_SPLITS"]}, {"T": dt, "Tindex": tf.int64, "Tshape": tf.int64}, note="splits %s" % shape)
    # ragged rank 2 and inner dims
    case("RaggedTensorToTensor", [("shape", tf.constant(-1, tf.int64)), ("values", tf.constant([1, 2, 3, 4, 5, 6])), ("default_value", tf.constant(0)),
                                  ("row_partition_tensors", [tf.constant([0, 2, 3], tf.int64), tf.constant([0, 1, 1, 4, 6], tf.int64)])],
         {"row_partition_types": ["ROW_SPLITS", "ROW_SPLITS"]}, {"T": tf.int32, "Tindex": tf.int64, "Tshape": tf.int64}, note="ragged rank 2")
    case("RaggedTensorToTensor", [("shape", tf.constant([-1, -1, 2], tf.int64)), ("values", tf.constant([[1, 2], [3, 4], [5, 6]])), ("default_value", tf.constant([7, 8])),
                                  ("row_partition_tensors", [tf.constant([0, 2, 2, 3], tf.int64)])],
         {"row_partition_types": ["ROW_SPLITS"]}, {"T": tf.int32, "Tindex": tf.int64, "Tshape": tf.int64}, note="inner dims")


def number_cases():
    texts = ["1", "-2.5", " 3 ", "4\t", "1e3", "0x10", "-0X1f", "inf", "-Inf", "nan", "NaN", "+7", "1.", ".5", "", "abc", "1,000",
             "1e", "3.4028236e38", "1e-50", "1e-40", "12abc", "infinity", "  -0  ", "2147483648", "-2147483648",
             "9223372036854775807", "9223372036854775808", "0.1", "16777217", "16777219", "1.000000059604644775390625", "1.0000000596046447753906251", "1.0000000596046447753906249", "-1.0000000596046447753906251", "0x", "--1", "1e+2", "١٢"]
    for t in texts:
        for dt in [tf.float32, tf.float64, tf.int32, tf.int64]:
            case("StringToNumber", [("string_tensor", S([t]))], {"out_type": dt}, note="%r %s" % (t, dt.name))
    case("StringToNumber", [("string_tensor", S(["1", "2", "3", "4"], [2, 2]))], {"out_type": tf.float32}, note="rank 2")


def scan_cases():
    x = tf.constant([[1, -2, 2**40], [2**62, 2**62, 3], [0, 7, -9]], tf.int64)
    for axis in [0, 1, -1]:
        for exclusive in [False, True]:
            for reverse in [False, True]:
                for op in ["Cumsum", "Cumprod"]:
                    case(op, [("x", x), ("axis", tf.constant(axis, tf.int32))], {"exclusive": exclusive, "reverse": reverse}, {"T": tf.int64, "Tidx": tf.int32},
                         note="axis=%d exclusive=%s reverse=%s (wraps)" % (axis, exclusive, reverse))


def format_cases():
    tensors = [tf.constant("a"), tf.constant(1.5), tf.constant([1, 2, 3, 4, 5, 6, 7]), tf.constant([[1.5, 2], [3, 4]]),
               tf.constant(["a", 'q"\\n\n', "é"]), tf.constant(0.1), tf.constant(True), tf.constant([], tf.int32),
               tf.constant(1e10), tf.constant([float("nan"), float("inf"), -float("inf"), -0.0, 1.1, 16777217.0, 3.4e38, 1e-45]),
               tf.constant([0.1, 1 / 3, 2.0 ** 60], tf.float64), tf.constant([2**62, -5], tf.int64), tf.reshape(tf.range(24), [2, 3, 4]),
               tf.reshape(tf.range(64), [8, 8]), tf.zeros([2, 0, 3], tf.int32), tf.constant([[True, False]])]
    for t in tensors:
        for summarize in [3, 1, -1]:
            case("StringFormat", [("inputs", [t])], {"template": "<{}>", "placeholder": "{}", "summarize": summarize}, {"T": [t.dtype]},
                 note="%s %s" % (t.dtype.name, t.shape))
    case("StringFormat", [("inputs", [tf.constant("a"), tf.constant(2)])], {"template": "x={} y=%s {}", "placeholder": "{}", "summarize": 3}, {"T": [tf.string, tf.int32]}, note="two")
    case("StringFormat", [("inputs", [tf.constant("a")])], {"template": "none", "placeholder": "{}", "summarize": 3}, {"T": [tf.string]}, note="mismatch")


def main():
    format_cases()
    scan_cases()
    number_cases()
    split_cases()
    case_cases()
    substr_cases()
    regex_cases()
    join_cases()
    ngram_cases()
    unicode_cases()
    hash_cases()
    count_cases()
    ragged_cases()
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump({"generator": "scripts/generate_string_op_vectors.py", "tensorflow": tf.__version__, "cases": CASES}, f, indent=0, ensure_ascii=False)
        f.write("\n")
    print(len(CASES), "cases,", sum("error" in c for c in CASES), "errors ->", os.path.relpath(OUT))


if __name__ == "__main__":
    main()
