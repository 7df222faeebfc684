"""Decode and resize vectors for the portable engine's image ops, computed by TensorFlow 2.21.

Writes test/fixtures/image/: the encoded pictures (made with PIL from fixed seeds, plus hand-written PNGs
for bit depths / Adam7 PIL does not write, truncated and corrupted files) and vectors.json: per
(file, op, attrs) the sha256 (first 96 bits) + shape + dtype of TensorFlow's output, or its error message; and resize
cases with TensorFlow's full float32 outputs. test/engine/ops/image-decode.test.ts checks every one.

    ~/tfvenv/bin/python scripts/generate_image_vectors.py
"""
import base64, hashlib, io, json, os, struct, sys, zlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
from PIL import Image
import tensorflow as tf

OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "test", "fixtures", "image")
rng = np.random.default_rng(1)
files = {}


def photo(w, h, seed):
    r = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w]
    img = np.stack([128 + 100 * np.sin(x / 7 + seed) * np.cos(y / 5), 128 + 90 * np.cos((x + y) / 9), (x * 255 // max(w - 1, 1))], -1)
    return np.clip(img + r.normal(0, 20, img.shape), 0, 255).astype(np.uint8)


def save(img, fmt, **kw):
    b = io.BytesIO()
    img.save(b, fmt, **kw)
    return b.getvalue()


# JPEG: sizes x subsampling x quality x baseline/progressive, grayscale, CMYK, RGB (Adobe), restart markers.
seed = 0
for (w, h) in [(8, 8), (17, 13), (33, 31), (64, 48), (1, 1), (3, 5)]:
    for sub in [0, 1, 2]:
        for q in [10, 50, 90, 100]:
            for prog in [0, 1]:
                files["j_%dx%d_s%d_q%d_p%d.jpg" % (w, h, sub, q, prog)] = save(Image.fromarray(photo(w, h, seed)), "JPEG", quality=q, subsampling=sub, progressive=bool(prog))
                seed += 1
for (w, h) in [(17, 13), (40, 40)]:
    for prog in [0, 1]:
        files["jgray_%dx%d_p%d.jpg" % (w, h, prog)] = save(Image.fromarray(photo(w, h, seed)[:, :, 0]), "JPEG", quality=75, progressive=bool(prog))
        seed += 1
base = photo(29, 37, 99)
for q in [30, 95]:
    files["jcmyk_q%d.jpg" % q] = save(Image.fromarray(base).convert("CMYK"), "JPEG", quality=q)
    files["jrst_q%d.jpg" % q] = save(Image.fromarray(base), "JPEG", quality=q, restart_marker_blocks=1)
    files["jrgb_q%d.jpg" % q] = save(Image.fromarray(base), "JPEG", quality=q, keep_rgb=True)
full = save(Image.fromarray(photo(32, 40, 7)), "JPEG", quality=80)
files["jtrunc_noeoi.jpg"] = full[:-2]
files["jtrunc_half.jpg"] = full[: len(full) // 2]
files["jtrunc_header.jpg"] = full[:100]
bad = bytearray(full)
bad[len(full) // 2] ^= 0x55
bad[len(full) // 2 + 7] ^= 0x3C
files["jcorrupt.jpg"] = bytes(bad)
files["jhuge.jpg"] = full[:0xA3] + struct.pack(">HH", 60000, 60000) + full[0xA7:] if full[0xA2] == 8 else full

# PNG: PIL-written colour types, plus hand-written 16-bit / 2-4-bit / Adam7 ones.
for (w, h) in [(1, 1), (5, 3), (17, 9)]:
    rgb = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
    files["p_rgb_%dx%d.png" % (w, h)] = save(Image.fromarray(rgb), "PNG")
    files["p_rgba_%dx%d.png" % (w, h)] = save(Image.fromarray(rng.integers(0, 256, (h, w, 4), dtype=np.uint8)), "PNG")
    files["p_gray_%dx%d.png" % (w, h)] = save(Image.fromarray(rgb[:, :, 0]), "PNG")
    files["p_la_%dx%d.png" % (w, h)] = save(Image.fromarray(rng.integers(0, 256, (h, w, 2), dtype=np.uint8), "LA"), "PNG")
    files["p_g16_%dx%d.png" % (w, h)] = save(Image.fromarray(rng.integers(0, 65536, (h, w), dtype=np.uint16)), "PNG")
    files["p_gtrns_%dx%d.png" % (w, h)] = save(Image.fromarray(rgb[:, :, 0]), "PNG", transparency=int(rgb[0, 0, 0]))
    files["p_rgbtrns_%dx%d.png" % (w, h)] = save(Image.fromarray(rgb), "PNG", transparency=tuple(int(v) for v in rgb[0, 0]))
    files["p_g1_%dx%d.png" % (w, h)] = save(Image.fromarray(rng.integers(0, 2, (h, w)).astype(bool)), "PNG")
    for bits in [1, 2, 4, 8]:
        p = Image.fromarray(rng.integers(0, 2 ** bits, (h, w), dtype=np.uint8), "P")
        p.putpalette(list(rng.integers(0, 256, 3 * 2 ** bits)))
        files["p_pal%d_%dx%d.png" % (bits, w, h)] = save(p, "PNG", bits=bits)
        files["p_paltrns%d_%dx%d.png" % (bits, w, h)] = save(p, "PNG", bits=bits, transparency=bytes(rng.integers(0, 256, max(2 ** bits - 1, 1)).astype(np.uint8)))


def chunk(t, b):
    return struct.pack(">I", len(b)) + t + b + struct.pack(">I", zlib.crc32(t + b) & 0xFFFFFFFF)


def pack(vals, depth):
    if depth == 8:
        return bytes(vals.astype(np.uint8))
    if depth == 16:
        return vals.astype(">u2").tobytes()
    per, out = 8 // depth, []
    for i in range(0, len(vals), per):
        b = 0
        for k in range(per):
            b |= (int(vals[i + k]) if i + k < len(vals) else 0) << (8 - depth * (k + 1))
        out.append(b)
    return bytes(out)


CH = {0: 1, 2: 3, 4: 2, 6: 4, 3: 1}
PASSES = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def raw_png(img, depth, ctype, interlace, extra=b"", filt=0):
    rows = b""
    for x0, y0, dx, dy in (PASSES if interlace else [(0, 0, 1, 1)]):
        sub = img[y0::dy, x0::dx]
        if sub.shape[0] and sub.shape[1]:
            for y in range(sub.shape[0]):
                rows += bytes([filt]) + pack(sub[y].reshape(-1), depth)
    h, w = img.shape[:2]
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0, interlace)) + extra
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


for (w, h) in [(7, 5), (13, 11)]:
    for ctype, depth in [(2, 16), (6, 16), (4, 16), (0, 2), (0, 4), (0, 16), (2, 8), (3, 4)]:
        img = rng.integers(0, 2 ** depth, (h, w, CH[ctype]))
        extra = chunk(b"PLTE", bytes(rng.integers(0, 256, 48).astype(np.uint8))) if ctype == 3 else b""
        files["p_raw_c%d_d%d_%dx%d.png" % (ctype, depth, w, h)] = raw_png(img, depth, ctype, 0, extra)
        files["p_adam7_c%d_d%d_%dx%d.png" % (ctype, depth, w, h)] = raw_png(img, depth, ctype, 1, extra)
good = files["p_rgb_17x9.png"]
files["p_trunc_idat.png"] = good[: len(good) - 30]
files["p_trunc_header.png"] = good[:20]
bad = bytearray(good)
bad[40] ^= 1
files["p_badcrc.png"] = bytes(bad)

# GIF: single, animated (with a transparent index), interlaced, sub-rectangle frames; truncated.
def gif(frames, **kw):
    return save(frames[0], "GIF", save_all=len(frames) > 1, append_images=frames[1:], **kw)


for (w, h) in [(1, 1), (9, 7), (32, 20)]:
    files["g_one_%dx%d.gif" % (w, h)] = gif([Image.fromarray(rng.integers(0, 256, (h, w, 3), dtype=np.uint8)).convert("P")])
    fr = [Image.fromarray(rng.integers(0, 256, (h, w, 3), dtype=np.uint8)).quantize(16) for _ in range(3)]
    files["g_anim_%dx%d.gif" % (w, h)] = gif(fr, duration=50, loop=0, disposal=2)
    files["g_animtr_%dx%d.gif" % (w, h)] = gif(fr, duration=50, transparency=0)
    files["g_inter_%dx%d.gif" % (w, h)] = gif([Image.fromarray(rng.integers(0, 256, (h, w, 3), dtype=np.uint8)).convert("P")], interlace=True)
fr = []
for k in range(4):
    a = np.zeros((16, 16, 3), np.uint8)
    a[k * 3:k * 3 + 5, k * 2:k * 2 + 6] = [255, k * 60, 0]
    fr.append(Image.fromarray(a).convert("P"))
files["g_move.gif"] = gif(fr, duration=30, optimize=True)
files["g_trunc.gif"] = files["g_anim_32x20.gif"][:200]

# BMP: 8/24/32-bit, bottom-up and top-down; wrong size.
for (w, h) in [(1, 1), (5, 3), (17, 9)]:
    for mode, ch in [("RGB", 3), ("RGBA", 4), ("L", 1)]:
        a = rng.integers(0, 256, (h, w, ch), dtype=np.uint8)
        files["b_%s_%dx%d.bmp" % (mode, w, h)] = save(Image.fromarray(a[:, :, 0] if ch == 1 else a, mode), "BMP")
d = bytearray(files["b_RGB_5x3.bmp"])
off, hh, rs = struct.unpack("<i", d[10:14])[0], struct.unpack("<i", d[22:26])[0], (3 * 5 + 3) // 4 * 4
rows = [bytes(d[off + i * rs:off + (i + 1) * rs]) for i in range(hh)]
d[off:] = b"".join(rows[::-1])
d[22:26] = struct.pack("<i", -hh)
files["b_topdown_5x3.bmp"] = bytes(d)
files["b_short.bmp"] = files["b_RGB_17x9.bmp"][:-3]
files["x_unknown.bin"] = b"hello, not an image"

OPS = {
    "jpg": [("DecodeJpeg", {}), ("DecodeJpeg", {"channels": 1}), ("DecodeJpeg", {"channels": 3, "dct_method": "INTEGER_ACCURATE"}),
            ("DecodeJpeg", {"fancy_upscaling": False}), ("DecodeJpeg", {"ratio": 2}), ("DecodeJpeg", {"ratio": 4}), ("DecodeJpeg", {"ratio": 8}),
            ("DecodeJpeg", {"try_recover_truncated": True}), ("DecodeImage", {"dtype": "uint16"}), ("DecodeImage", {"channels": 4}), ("DecodeGif", {}), ("DecodeBmp", {})],
    "png": [("DecodePng", {}), ("DecodePng", {"channels": 1}), ("DecodePng", {"channels": 3}), ("DecodePng", {"channels": 4}),
            ("DecodePng", {"dtype": "uint16"}), ("DecodeImage", {"dtype": "float32"}), ("DecodeImage", {"channels": 4, "dtype": "uint16"}), ("DecodeBmp", {})],
    "gif": [("DecodeGif", {}), ("DecodeImage", {}), ("DecodeImage", {"expand_animations": False}), ("DecodeJpeg", {}), ("DecodePng", {"channels": 1})],
    "bmp": [("DecodeBmp", {}), ("DecodeBmp", {"channels": 3}), ("DecodeBmp", {"channels": 4}), ("DecodeImage", {"dtype": "float32"}), ("DecodePng", {})],
    "bin": [("DecodeImage", {}), ("DecodeJpeg", {})],
}
FNS = {"DecodePng": tf.io.decode_png, "DecodeGif": tf.io.decode_gif, "DecodeImage": tf.io.decode_image, "DecodeJpeg": tf.io.decode_jpeg, "DecodeBmp": tf.io.decode_bmp}


def run(op, data, attrs):
    kw = {k: (tf.as_dtype(v) if k == "dtype" else v) for k, v in attrs.items()}
    return FNS[op](data, **kw).numpy()


os.makedirs(OUT, exist_ok=True)
for f in os.listdir(OUT):
    os.remove(os.path.join(OUT, f))
vectors = {"decode": [], "resize": []}
for name, data in sorted(files.items()):
    with open(os.path.join(OUT, name), "wb") as fh:
        fh.write(data)
    ops = OPS[name.rsplit(".", 1)[1]]
    if name.startswith("j_"):  # the big matrix: the attributes that change pixels
        ops = [o for o in ops if o[0] == "DecodeJpeg" and o[1] not in ({"ratio": 4}, {"try_recover_truncated": True})]
    for op, attrs in ops:
        if name.startswith("b_topdown") and attrs.get("dtype") == "float32":
            continue  # TF 2.21 crashes (SIGSEGV: a buffer sized with the negative height)
        case = {"file": name, "op": op, "attrs": attrs} if attrs else {"file": name, "op": op}
        try:
            t = run(op, data, attrs)
            case.update(shape=list(t.shape), dtype=str(t.dtype), sha256=hashlib.sha256(np.ascontiguousarray(t).astype(t.dtype.newbyteorder("<")).tobytes()).hexdigest()[:24])
        except tf.errors.InvalidArgumentError as e:
            case["error"] = e.message.split("} ", 1)[-1].rsplit(" [Op:", 1)[0]
        vectors["decode"].append(case)

# Resize: every method and flag combination on small float and uint8 images, full outputs.
RESIZE = [("ResizeBilinear", tf.raw_ops.ResizeBilinear), ("ResizeNearestNeighbor", tf.raw_ops.ResizeNearestNeighbor),
          ("ResizeArea", tf.raw_ops.ResizeArea), ("ResizeBicubic", tf.raw_ops.ResizeBicubic)]
for (h, w), (oh, ow) in [((5, 7), (3, 4)), ((4, 3), (9, 10)), ((12, 12), (9, 9)), ((6, 4), (6, 4)), ((1, 5), (3, 2))]:
    for dtype in ["float32", "uint8"]:
        # The test rebuilds the input from this formula (no pixels stored).
        i = np.arange(2 * h * w * 2).reshape(2, h, w, 2)
        x = ((i * 97 + 13) % 256).astype(np.uint8) if dtype == "uint8" else (((i * 7919) % 255000) / 1000).astype(np.float32)
        for op, fn in RESIZE:
            for align, half in [(False, False), (True, False), (False, True)]:
                if op == "ResizeArea" and half:
                    continue
                kw = {"align_corners": align} if op == "ResizeArea" else {"align_corners": align, "half_pixel_centers": half}
                y = fn(images=x, size=[oh, ow], **kw).numpy()
                vectors["resize"].append({"op": op, "attrs": kw, "dtype": dtype, "input_shape": list(x.shape), "size": [oh, ow],
                                          "shape": list(y.shape), "float32_le_base64": base64.b64encode(y.astype("<f4").tobytes()).decode()})
with open(os.path.join(os.path.dirname(OUT), "..", "engine", "ops", "image.vectors.json"), "w") as fh:
    json.dump(vectors, fh, indent=0, separators=(",", ":"))
print(len(files), "files,", len(vectors["decode"]), "decode cases (%d errors)," % sum("error" in c for c in vectors["decode"]), len(vectors["resize"]), "resize cases")
