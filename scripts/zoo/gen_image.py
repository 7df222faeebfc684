"""Zoo family `image`: image-bytes serving functions as users write them for TF Serving's classic image
API. Inputs are JPEG/PNG/GIF/BMP bytes sent as {"b64": ...}; graphs use DecodeJpeg / DecodePng / DecodeGif /
DecodeBmp / DecodeImage, inside `tf.map_fn` (While v2 + TensorList) or on one scalar string, then
tf.image.resize (ResizeBilinear / ResizeNearestNeighbor / ResizeArea / ResizeBicubic), convert_image_dtype and
a small CNN. Pictures are made with PIL from fixed seeds.

    ~/tfvenv/bin/python scripts/zoo/gen_image.py
"""
import io

from PIL import Image

from zoo_common import *  # noqa: F401,F403
import keras

FAMILY = "image"
L = keras.layers


def picture(w, h, seed):
    """A photo-like picture: smooth gradients plus noise (JPEG-friendly, not flat)."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w]
    img = np.stack([128 + 90 * np.sin(x / 3 + seed) * np.cos(y / 4), 128 + 80 * np.cos((x + y) / 5), x * 255 // max(w - 1, 1)], -1)
    return np.clip(img + rng.normal(0, 18, img.shape), 0, 255).astype(np.uint8)


def encode(img, fmt, **kw):
    b = io.BytesIO()
    img.save(b, fmt, **kw)
    return b.getvalue()


def jpeg(w, h, seed, **kw):
    return encode(Image.fromarray(picture(w, h, seed)), "JPEG", **kw)


def png(w, h, seed, mode="RGB", **kw):
    a = picture(w, h, seed)
    img = Image.fromarray(a)
    if mode == "L":
        img = img.convert("L")
    elif mode == "RGBA":
        img = Image.fromarray(np.concatenate([a, a[:, :, :1]], -1), "RGBA")
    elif mode == "P":
        img = img.quantize(8)
    elif mode == "I;16":
        img = Image.fromarray(a[:, :, 0].astype(np.uint16) * 251)
    return encode(img, "PNG", **kw)


def gif(w, h, seed, frames=1):
    imgs = [Image.fromarray(picture(w, h, seed + k)).quantize(16) for k in range(frames)]
    return encode(imgs[0], "GIF", save_all=frames > 1, append_images=imgs[1:], duration=40, transparency=0)


def bmp(w, h, seed, mode="RGB"):
    a = picture(w, h, seed)
    return encode(Image.fromarray(np.concatenate([a, a[:, :, 1:2]], -1), "RGBA") if mode == "RGBA" else Image.fromarray(a), "BMP")


def b64(*blobs):
    return [b64_obj(b) for b in blobs]


def cnn(size, classes=3):
    keras.utils.set_random_seed(11)
    x = keras.Input((size, size, 3))
    y = L.Conv2D(4, 3, activation="relu")(x)
    y = L.MaxPooling2D()(y)
    y = L.GlobalAveragePooling2D()(y)
    return keras.Model(x, L.Dense(classes, activation="softmax")(y))


class JpegClassifier(tf.Module):
    """The classic TF Serving image signature: a batch of JPEG bytes → map_fn(decode → resize) → CNN."""

    def __init__(self):
        super().__init__()
        self.model = cnn(16)
        # Keras 3 layers are not tf.Module-tracked: list their variables or the checkpoint misses them and
        # TF Serving's loader fails ("Could not find variable").
        self.weights = [w.value for w in self.model.weights]

    @tf.function(input_signature=[tf.TensorSpec([None], tf.string, name="image_bytes")])
    def serve(self, image_bytes):
        def prepare(b):
            img = tf.io.decode_jpeg(b, channels=3)
            return tf.image.resize(img, [16, 16]) / 255.0
        images = tf.map_fn(prepare, image_bytes, fn_output_signature=tf.float32)
        probs = self.model(images)
        return {"probabilities": probs, "classes": tf.argmax(probs, axis=1, output_type=tf.int32)}

    @tf.function(input_signature=[tf.TensorSpec([None], tf.string, name="image_bytes")])
    def decode_image_area(self, image_bytes):
        """decode_image (any format, first GIF frame) + convert_image_dtype + area resize, then the CNN."""
        def prepare(b):
            img = tf.io.decode_image(b, channels=3, expand_animations=False)
            img.set_shape([None, None, 3])
            img = tf.image.convert_image_dtype(img, tf.float32)
            return tf.image.resize(img, [16, 16], method="area")
        return {"scores": self.model(tf.map_fn(prepare, image_bytes, fn_output_signature=tf.float32))}


def jpeg_classifier():
    m = JpegClassifier()
    path = version_dir(FAMILY, "jpeg_classifier")
    tf.saved_model.save(m, path, signatures={"serving_default": m.serve, "decode_image_area": m.decode_image_area})
    g = golden(FAMILY, "jpeg_classifier")
    tol = dict(atol=2e-5, rtol=1e-4)
    g.add("predict", {"instances": [{"image_bytes": o} for o in b64(jpeg(20, 14, 1, quality=90), jpeg(33, 17, 2, quality=60, subsampling=2))]},
          "two 4:2:0 JPEGs (q90 and q60), different odd sizes, map_fn decode_jpeg -> bilinear resize -> CNN", **tol)
    g.add("predict", {"inputs": {"image_bytes": b64(jpeg(17, 31, 3, quality=75, progressive=True), jpeg(9, 9, 4, quality=95, subsampling=1),
                                                     encode(Image.fromarray(picture(12, 10, 5)).convert("L"), "JPEG", quality=80))}},
          "progressive, 4:2:2 and grayscale JPEGs (gray decoded with channels=3)", **tol)
    g.add("predict", {"instances": [{"image_bytes": o} for o in b64(png(15, 11, 6))]}, "a PNG through decode_jpeg (TF decodes it)", **tol)
    g.add("predict", {"signature_name": "decode_image_area", "instances": [{"image_bytes": o} for o in b64(
        jpeg(21, 19, 7), png(18, 18, 8, "RGBA"), gif(20, 12, 9, frames=3), bmp(13, 7, 10), png(16, 20, 11, "P", optimize=True))]},
          "decode_image: JPEG, RGBA PNG, animated GIF (first frame), BMP, palette PNG -> area resize -> CNN", **tol)
    finish(g)


class Decoders(tf.Module):
    """One picture per request (scalar string), the decoded pixels themselves as outputs."""

    @tf.function(input_signature=[tf.TensorSpec([], tf.string)])
    def image(self, contents):
        img = tf.io.decode_image(contents, channels=3, expand_animations=False)
        return {"image": img, "shape": tf.shape(img)}

    @tf.function(input_signature=[tf.TensorSpec([], tf.string)])
    def jpeg_options(self, contents):
        return {
            "accurate": tf.io.decode_jpeg(contents, dct_method="INTEGER_ACCURATE"),
            "half": tf.io.decode_jpeg(contents, ratio=2, fancy_upscaling=False),
            "gray": tf.io.decode_jpeg(contents, channels=1, ratio=4),
        }

    @tf.function(input_signature=[tf.TensorSpec([], tf.string)])
    def png16(self, contents):
        return {"image": tf.io.decode_png(contents, dtype=tf.uint16), "gray": tf.io.decode_png(contents, channels=1)}

    @tf.function(input_signature=[tf.TensorSpec([], tf.string)])
    def gif_frames(self, contents):
        return {"frames": tf.io.decode_gif(contents)}

    @tf.function(input_signature=[tf.TensorSpec([], tf.string)])
    def bmp_rgba(self, contents):
        return {"image": tf.io.decode_bmp(contents, channels=4)}

    @tf.function(input_signature=[tf.TensorSpec([], tf.string)])
    def float_image(self, contents):
        return {"image": tf.io.decode_image(contents, dtype=tf.float32, expand_animations=False)}


def decoders():
    m = Decoders()
    path = version_dir(FAMILY, "decoders")
    sigs = {"serving_default": m.image, "jpeg_options": m.jpeg_options, "png16": m.png16, "gif_frames": m.gif_frames,
            "bmp_rgba": m.bmp_rgba, "float_image": m.float_image}
    tf.saved_model.save(m, path, signatures=sigs)
    g = golden(FAMILY, "decoders")
    one = lambda sig, blob, note, **kw: g.add("predict", {"signature_name": sig, "inputs": b64_obj(blob)}, note, **kw)
    one("serving_default", jpeg(11, 7, 20, quality=85), "decode_image: baseline 4:2:0 JPEG, odd size, exact pixels")
    one("serving_default", jpeg(13, 9, 21, quality=40, progressive=True, subsampling=1), "progressive 4:2:2 JPEG")
    one("serving_default", png(6, 5, 22, "L"), "gray PNG to 3 channels")
    one("serving_default", png(7, 6, 23, "P", bits=4), "4-bit palette PNG")
    one("serving_default", png(5, 7, 24, "RGBA"), "RGBA PNG, alpha dropped")
    one("serving_default", gif(6, 5, 25, frames=2), "animated GIF, first frame (expand_animations=False)")
    one("serving_default", bmp(5, 3, 26), "24-bit BMP (rows padded)")
    one("jpeg_options", jpeg(19, 17, 27, quality=70), "INTEGER_ACCURATE; ratio 2 without fancy upscaling; ratio 4 gray")
    one("jpeg_options", jpeg(16, 16, 28, quality=95, subsampling=0, progressive=True), "4:4:4 progressive")
    one("png16", png(6, 4, 29, "I;16"), "16-bit gray PNG as uint16, and as 8-bit gray")
    one("png16", png(5, 4, 30, "RGB", optimize=True), "8-bit RGB PNG as uint16 (x257)")
    one("png16", png(6, 5, 31, "RGBA", optimize=True), "RGBA PNG as uint16, and to gray (libpng rgb_to_gray)")
    one("gif_frames", gif(5, 4, 32, frames=3), "3-frame GIF with a transparent index, frames composited")
    one("bmp_rgba", bmp(4, 3, 33, "RGBA"), "32-bit BMP to RGBA")
    one("bmp_rgba", bmp(3, 2, 34), "24-bit BMP, alpha added")
    one("float_image", png(4, 3, 35, "I;16"), "16-bit PNG as float32 (/65535)", atol=1e-7, rtol=1e-6)
    one("float_image", jpeg(5, 4, 36), "JPEG as float32 (/255)", atol=1e-7, rtol=1e-6)
    finish(g)


class Resizers(tf.Module):
    """tf.image.resize methods and the TF1 resize ops over a uint8 batch [n, h, w, 3]."""

    def __init__(self, size):
        super().__init__()
        self.size = size

    @tf.function(input_signature=[tf.TensorSpec([None, None, None, 3], tf.uint8)])
    def resize(self, images):
        s = self.size
        return {
            "bilinear": tf.image.resize(images, s),
            "nearest": tf.image.resize(images, s, method="nearest"),
            "area": tf.image.resize(images, s, method="area"),
            "bicubic": tf.image.resize(images, s, method="bicubic"),
            "v1_bilinear_align": tf.compat.v1.image.resize_bilinear(images, s, align_corners=True),
            "v1_nearest": tf.compat.v1.image.resize_nearest_neighbor(images, s),
            "v1_nearest_align": tf.compat.v1.image.resize_nearest_neighbor(images, s, align_corners=True),
            "v1_bicubic": tf.compat.v1.image.resize_bicubic(images, s),
            "v1_area_align": tf.compat.v1.image.resize_area(images, s, align_corners=True),
        }

    @tf.function(input_signature=[tf.TensorSpec([None, None, None, 3], tf.float32)])
    def to_uint8(self, images):
        """convert_image_dtype float -> uint8 (saturating) and back."""
        u8 = tf.image.convert_image_dtype(images, tf.uint8, saturate=True)
        return {"uint8": u8, "float": tf.image.convert_image_dtype(u8, tf.float32)}


def resizers():
    for name, size in [("resize_down", [9, 5]), ("resize_up", [13, 11])]:
        m = Resizers(size)
        path = version_dir(FAMILY, name)
        tf.saved_model.save(m, path, signatures={"serving_default": m.resize, "to_uint8": m.to_uint8})
        g = golden(FAMILY, name)
        tol = dict(atol=1e-4, rtol=1e-6)
        for seed, (h, w) in [(40, (12, 7)), (41, (6, 9))]:
            imgs = np.stack([picture(w, h, seed), picture(w, h, seed + 100)]).tolist()
            g.add("predict", {"inputs": imgs}, "uint8 batch of 2, %dx%d -> %s: every resize method" % (h, w, size), **tol)
        g.add("predict", {"signature_name": "to_uint8", "inputs": (np.random.default_rng(5).uniform(-0.2, 1.2, (1, 3, 4, 3))).round(4).tolist()},
              "convert_image_dtype with saturation, both ways", atol=1e-6, rtol=1e-6)
        finish(g)


class PngThumbnails(tf.Module):
    """uint8 all the way through the loop: map_fn(decode_png gray -> nearest resize) with a uint8 output."""

    @tf.function(input_signature=[tf.TensorSpec([None], tf.string)])
    def serve(self, pngs):
        def thumb(b):
            return tf.image.resize(tf.io.decode_png(b, channels=1), [4, 4], method="nearest")
        return {"thumbnails": tf.map_fn(thumb, pngs, fn_output_signature=tf.uint8)}


def png_thumbnails():
    m = PngThumbnails()
    path = version_dir(FAMILY, "png_thumbnails")
    tf.saved_model.save(m, path, signatures={"serving_default": m.serve})
    g = golden(FAMILY, "png_thumbnails")
    g.add("predict", {"instances": b64(png(9, 7, 50), png(8, 8, 51, "L"), png(12, 5, 52, "RGBA", optimize=True), png(5, 5, 53, "P", bits=2))},
          "four PNGs (RGB, gray, RGBA, 2-bit palette) -> gray 4x4 uint8 thumbnails")
    finish(g)


def keras_resizing():
    """Keras 3 export of a model with Resizing / Rescaling / CenterCrop preprocessing layers."""
    keras.utils.set_random_seed(3)
    x = keras.Input((10, 12, 3))
    y = L.Rescaling(1.0 / 255)(x)
    y = L.Resizing(8, 8)(y)
    y = L.CenterCrop(6, 6)(y)
    y = L.Conv2D(3, 3, activation="relu")(y)
    model = keras.Model(x, L.Dense(2)(L.Flatten()(y)))
    model.export(version_dir(FAMILY, "keras_resizing"), verbose=False)
    g = golden(FAMILY, "keras_resizing")
    g.add("predict", {"instances": np.stack([picture(12, 10, 60), picture(12, 10, 61)]).astype(float).tolist()},
          "Rescaling -> Resizing(8, 8) bilinear -> CenterCrop -> Conv2D -> Dense", atol=1e-4, rtol=1e-4)
    finish(g)


if __name__ == "__main__":
    jpeg_classifier()
    decoders()
    resizers()
    png_thumbnails()
    keras_resizing()
