"""String ops: StringLower / StringUpper (encoding '' and 'utf-8', non-ASCII), StringStrip, StringLength (BYTE /
UTF8_CHAR), StringJoin (separator, broadcasting), ReduceJoin (axes, keep_dims, separator), Substr (negative pos,
len beyond the end, UTF8_CHAR, broadcasting, out of range), StringToNumber (out_type, malformed), AsString
(precision, scientific, shortest, width, fill), StringFormat (template, placeholder, summarize), RegexReplace /
StaticRegexReplace (replace_global, groups \\1), RegexFullMatch / StaticRegexFullMatch, StringSplit /
StringSplitV2 (maxsplit, empty sep, skip_empty), StringNGrams (widths, pads, preserve_short_sequences),
StringToHashBucketFast / Strong, UnicodeDecode / UnicodeEncode (errors policies, replacement_char)."""
from sweep_common import F16, F32, F64, I8, I32, I64, U8, Sweep, np, values


def s(*words):
    return np.array([w.encode("utf-8") if isinstance(w, str) else w for w in words], dtype=object)


WORDS = s("Hello World", "  padded\t\n", "", "ÀÉÎõü straße", "MiXeD 123 _-", "日本語 テキスト", "a\x00b", b"\xff\xfe bad \xc3")


def case_ops(sw):
    for enc in ("", "utf-8"):
        for op in ("StringLower", "StringUpper"):
            sw.add(op, {"input": WORDS}, {"encoding": enc}, note=f"encoding '{enc}'")
            sw.add(op, {"input": WORDS.reshape(2, 4)[:, :3].copy()}, {"encoding": enc}, note=f"2-D encoding '{enc}'")
    sw.add("StringLower", {"input": s("ÀB")[0:1].reshape([])}, {"encoding": "utf-8"}, note="rank 0")
    sw.add("StringLower", {"input": np.zeros([0, 2], object)}, note="empty")
    sw.add("StringStrip", {"input": WORDS}, note="whitespace")
    sw.add("StringStrip", {"input": s(" \t\n\r\x0b\x0cx\x0b ", "\xa0x\xa0", "   ")}, note="all ASCII spaces; NBSP kept")
    for unit in ("BYTE", "UTF8_CHAR"):
        sw.add("StringLength", {"input": WORDS}, {"unit": unit}, note=unit)
        sw.add("StringLength", {"input": WORDS.reshape(2, 2, 2)}, {"unit": unit}, note=f"rank 3 {unit}")


def joins(sw):
    a = s("a", "b", "c").reshape(3, 1)
    b = s("x", "y")
    sw.add("StringJoin", {"inputs": [a, b]}, {"separator": "-"}, note="broadcast [3,1] [2]")
    sw.add("StringJoin", {"inputs": [s("p"), s("q", "r")]}, note="no separator, [1] and [2]")
    sw.add("StringJoin", {"inputs": [np.array(b"k", object), b, b]}, {"separator": ", "}, note="scalar and vectors")
    sw.add("StringJoin", {"inputs": [s("a", "b"), s("x", "y", "z")]}, note="mismatch")
    sw.add("StringJoin", {"inputs": [np.zeros([0], object), np.array(b"z", object)]}, note="empty")
    m = s(*"abcdefghijklmnopqrstuvwx").reshape(2, 3, 4)
    for axes in ([0], [1], [-1], [0, 2], [], [2, 0]):
        for keep in (False, True):
            sw.add("ReduceJoin", {"inputs": m, "reduction_indices": np.array(axes, I32)}, {"keep_dims": keep, "separator": "|"},
                   const=("reduction_indices",), note=f"axes {axes} keep {keep}")
    sw.add("ReduceJoin", {"inputs": m, "reduction_indices": np.array(1, I32)}, const=("reduction_indices",), note="scalar axis")
    sw.add("ReduceJoin", {"inputs": m, "reduction_indices": np.array([3], I32)}, const=("reduction_indices",), note="axis out of range")
    sw.add("ReduceJoin", {"inputs": m, "reduction_indices": np.array([1, 1], I32)}, const=("reduction_indices",), note="duplicate axis")
    sw.add("ReduceJoin", {"inputs": np.zeros([2, 0], object), "reduction_indices": np.array([1], I32)}, {"separator": "+"},
           const=("reduction_indices",), note="empty axis")
    sw.add("ReduceJoin", {"inputs": m, "reduction_indices": np.array([1], I64)}, const=("reduction_indices",), note="int64 axis")


def substr(sw):
    w = s("hello", "日本語xyz", "", "ab")
    for unit in ("BYTE", "UTF8_CHAR"):
        for dt in (I32, I64):
            for pos, ln in ((1, 2), (0, 10), (-3, 2), (-2, -1), (2, 0), (5, 1), (0, -1)):
                sw.add("Substr", {"input": w[:2] if pos >= 0 else w[:1], "pos": np.array(pos, dt), "len": np.array(ln, dt)}, {"unit": unit},
                       note=f"pos {pos} len {ln} {unit}")
        sw.add("Substr", {"input": w, "pos": np.array([0, 1, 0, 1], I32), "len": np.array([2, 2, 0, 1], I32)}, {"unit": unit}, note=f"elementwise {unit}")
        sw.add("Substr", {"input": w, "pos": np.array([0, 1, 0, 5], I32), "len": np.array(1, I32)}, {"unit": unit}, note=f"pos out of range {unit}")
        sw.add("Substr", {"input": w.reshape(2, 2)[:, :1].copy(), "pos": np.array([0, 1], I32), "len": np.array([1, 2], I32)}, {"unit": unit},
               note=f"broadcast [2,1] [2] {unit}")
    sw.add("Substr", {"input": s(b"\xe6\x97\xa5\xff"), "pos": np.array(0, I32), "len": np.array(2, I32)}, {"unit": "UTF8_CHAR"}, note="invalid UTF-8")


def numbers(sw):
    txt = s("1", "-2.5", "  3", "1e3", "0x10", "inf", "-nan", "7 ", "", "abc", "2147483648", "1.5e400", "+4", ".5")
    for out in (F32, F64, I32, I64):
        for k in range(len(txt)):
            sw.add("StringToNumber", {"string_tensor": txt[k:k + 1]}, {"out_type": out}, note=f"{txt[k]!r}")
    sw.add("StringToNumber", {"string_tensor": s("1", "2", "3", "-4").reshape(2, 2)}, {"out_type": I64}, note="2-D")
    sw.add("StringToNumber", {"string_tensor": s("9223372036854775807", "-9223372036854775808")}, {"out_type": I64}, note="int64 extremes")
    sw.add("StringToNumber", {"string_tensor": s("9223372036854775808")}, {"out_type": I64}, note="int64 overflow")
    sw.add("StringToNumber", {"string_tensor": s("0.1", "3.4028235e38", "1e-45", "1e-46")}, {"out_type": F32}, note="float32 rounding")
    x = np.array([0.0, -0.0, 1.5, -2.25, 1234567.875, 1e-7, 3.14159265, np.nan, np.inf, -np.inf, 1e20], F32)
    for attrs in ({}, {"precision": 3}, {"scientific": True}, {"shortest": True}, {"width": 12}, {"width": 8, "fill": "0"},
                  {"precision": 2, "scientific": True, "width": 12, "fill": " "}, {"precision": 0}):
        nm = " ".join(f"{k} {v}" for k, v in attrs.items()) or "defaults"
        sw.add("AsString", {"input": x}, attrs, note=f"float {nm}")
        sw.add("AsString", {"input": x.astype(F64) * 1.0000001}, attrs, note=f"double {nm}")
    ints = np.array([0, -1, 42, 2**31 - 1, -(2**31)], I64)
    ints[3] = 2**62
    for dt in (I32, I64, U8, I8):
        v = ints.astype(dt) if dt in (I64,) else values(dt, [5], -100, 100)
        for attrs in ({}, {"width": 6}, {"width": 6, "fill": "0"}, {"width": 4, "fill": "x"}):
            nm = " ".join(f"{k} {v}" for k, v in attrs.items()) or "defaults"
            sw.add("AsString", {"input": v}, attrs, note=f"{nm}")
    sw.add("AsString", {"input": np.array([True, False])}, note="bool")
    sw.add("AsString", {"input": np.array([1.5, 0.1], F16)}, note="half")
    sw.add("AsString", {"input": x}, {"precision": 2, "shortest": True}, note="precision with shortest")
    sw.add("AsString", {"input": x}, {"fill": "ab"}, note="fill of two chars")
    sw.add("AsString", {"input": values(I32, [3])}, {"precision": 2}, note="precision on ints")


def formats(sw):
    a = np.arange(12, dtype=I32).reshape(3, 4)
    sw.add("StringFormat", {"inputs": [a]}, {"template": "t={}"}, note="matrix")
    sw.add("StringFormat", {"inputs": [np.arange(20, dtype=F32)]}, {"template": "{}", "summarize": 2}, note="summarize 2")
    sw.add("StringFormat", {"inputs": [np.arange(20, dtype=I64)]}, {"template": "{}", "summarize": -1}, note="summarize -1")
    sw.add("StringFormat", {"inputs": [s("x", "y"), np.array(1.5, F32)]}, {"template": "a %s b %s", "placeholder": "%s"}, note="placeholder %s")
    sw.add("StringFormat", {"inputs": [np.array(True)]}, {"template": "no placeholder"}, note="too many inputs")
    sw.add("StringFormat", {"inputs": [np.array(3, I32)]}, {"template": "{} {}"}, note="too few inputs")
    sw.add("StringFormat", {"inputs": [np.array([0.1, 1e-8, 123456789.0], F64)]}, {"template": "{}"}, note="double")
    sw.add("StringFormat", {"inputs": [np.zeros([2, 0], F32)]}, {"template": "{}"}, note="empty")


def regexes(sw):
    w = s("foo bar foo", "Foo123", "", "aaa", "x.y.z", "日本 語")
    for pat, rw in ((r"foo", "X"), (r"o+", "0"), (r"(\w+) (\w+)", r"\2 \1"), (r"", "-"), (r"\d", r"<\0>"), (r"[.]", r"\\"),
                    (r"(?i)foo", "F"), (r"^", ">"), (r"\s", "_"), (r"語", "go")):
        for glob in (True, False):
            sw.add("StaticRegexReplace", {"input": w}, {"pattern": pat, "rewrite": rw, "replace_global": glob}, note=f"/{pat}/ → {rw} global {glob}")
            sw.add("RegexReplace", {"input": w, "pattern": np.array(pat.encode(), object), "rewrite": np.array(rw.encode(), object)},
                   {"replace_global": glob}, note=f"/{pat}/ → {rw} global {glob}")
    sw.add("RegexReplace", {"input": w, "pattern": np.array(b"(", object), "rewrite": np.array(b"x", object)}, note="bad pattern")
    sw.add("StaticRegexReplace", {"input": w}, {"pattern": "(a)", "rewrite": r"\2"}, note="missing group")
    for pat in (r"foo.*", r"\w+", r"", r"a*", r"(?i)FOO\d+", r"x\.y\.z", r".{2} ."):
        sw.add("StaticRegexFullMatch", {"input": w}, {"pattern": pat}, note=f"/{pat}/")
        sw.add("RegexFullMatch", {"input": w, "pattern": np.array(pat.encode(), object)}, note=f"/{pat}/")
    sw.add("RegexFullMatch", {"input": w.reshape(2, 3), "pattern": np.array(b"[a-z]+", object)}, note="2-D")
    sw.add("RegexFullMatch", {"input": w, "pattern": np.array(b"[", object)}, note="bad pattern")


def splits(sw):
    w = s("a b  c", " lead trail ", "", "x,y,,z", "one")
    for sep in ("", " ", ",", ",,", "  "):
        for maxsplit in (-1, 0, 1, 2):
            sw.add("StringSplitV2", {"input": w, "sep": np.array(sep.encode(), object)}, {"maxsplit": maxsplit}, note=f"sep {sep!r} maxsplit {maxsplit}")
    sw.add("StringSplitV2", {"input": np.zeros([0], object), "sep": np.array(b" ", object)}, note="empty input")
    for delim in ("", " ", ", ", "ab"):
        for skip in (True, False):
            sw.add("StringSplit", {"input": w, "delimiter": np.array(delim.encode(), object)}, {"skip_empty": skip}, note=f"delimiter {delim!r} skip_empty {skip}")
    data = s(*"abcdefgh")
    for sp_dt in (I32, I64):
        sp = np.array([0, 3, 3, 4, 8], sp_dt)
        for widths, lpad, rpad, pw, preserve in (([1], "", "", 0, False), ([2], "<", ">", 1, False), ([2, 3], "L", "R", -1, False),
                                                 ([3], "", "", 0, True), ([4], "[", "]", 2, True), ([1, 5], "<", ">", 0, False)):
            sw.add("StringNGrams", {"data": data, "data_splits": sp},
                   {"separator": "_", "ngram_widths": widths, "left_pad": lpad, "right_pad": rpad, "pad_width": pw, "preserve_short_sequences": preserve},
                   note=f"widths {widths} pad {lpad}{rpad} {pw} preserve {preserve}")
    sw.add("StringNGrams", {"data": data, "data_splits": np.array([0, 9], I64)},
           {"separator": " ", "ngram_widths": [2], "left_pad": "", "right_pad": "", "pad_width": 0, "preserve_short_sequences": False}, note="bad splits")


def hashes(sw):
    w = s("", "a", "hello", "日本語", "x" * 100, b"\x00\xff")
    for n in (1, 7, 1024, 2**31 - 1):
        sw.add("StringToHashBucketFast", {"input": w}, {"num_buckets": n}, note=f"{n} buckets")
        sw.add("StringToHashBucketStrong", {"input": w}, {"num_buckets": n, "key": [1, 2]}, note=f"{n} buckets key 1 2")
    sw.add("StringToHashBucketStrong", {"input": w.reshape(2, 3)}, {"num_buckets": 100, "key": [2**63 - 1, 0]}, note="big key")
    sw.add("StringToHashBucketFast", {"input": np.zeros([2, 0], object)}, {"num_buckets": 3}, note="empty")


def unicode(sw):
    w = s("héllo", "", "日本", b"a\xffb", b"\xe6\x97", b"\xc0\x80", "\U0001F600x")
    for tsplits in (I32, I64):
        for errors in ("replace", "ignore", "strict"):
            for rc in (65533, 63, -1, 0):
                if errors != "replace" and rc != 65533:
                    continue
                sw.add("UnicodeDecode", {"input": w}, {"input_encoding": "UTF-8", "errors": errors, "replacement_char": rc, "Tsplits": tsplits},
                       note=f"{errors} rc {rc}")
        sw.add("UnicodeDecode", {"input": s("a\x01b", "\x7f")}, {"input_encoding": "UTF-8", "replace_control_characters": True, "Tsplits": tsplits},
               note="replace control characters")
    sw.add("UnicodeDecode", {"input": w[:3]}, {"input_encoding": "UTF-16-BE"}, note="UTF-16-BE")
    cps = np.array([104, 0x65e5, 0x1F600, -1, 0x110000, 0xD800, 65, 0], I32)
    for sp in (np.array([0, 3, 6, 8], I64), np.array([0, 8], I32)):
        for errors in ("replace", "ignore", "strict"):
            for rc in (65533, 63):
                sw.add("UnicodeEncode", {"input_values": cps, "input_splits": sp}, {"errors": errors, "output_encoding": "UTF-8", "replacement_char": rc},
                       note=f"{errors} rc {rc} splits {len(sp)}")
    sw.add("UnicodeEncode", {"input_values": np.array([104, 105], I32), "input_splits": np.array([0, 2], I64)},
           {"errors": "replace", "output_encoding": "UTF-16-BE"}, note="UTF-16-BE")
    sw.add("UnicodeEncode", {"input_values": np.array([104, 105], I32), "input_splits": np.array([0, 3], I64)},
           {"errors": "replace", "output_encoding": "UTF-8"}, note="splits past values")


def build(sw: Sweep):
    case_ops(sw)
    joins(sw)
    substr(sw)
    numbers(sw)
    formats(sw)
    regexes(sw)
    splits(sw)
    hashes(sw)
    unicode(sw)
