"""Zoo family `detection`: object-detection post-processing as exported serving functions do it.

    ~/tfvenv/bin/python scripts/zoo/gen_detection.py

Models (test/fixtures/zoo/detection/<model>/1):
  nms_ops        raw NonMaxSuppressionV3/V4/V5 and CombinedNonMaxSuppression with their thresholds as
                 inputs, over generated boxes: ties, IoU exactly at the threshold, y1 > y2, max_output_size 0,
                 soft-NMS, padding, clip_boxes, pad_per_class
  select_ops     TopKV2 (ties), Where (1..4-D, bool and numeric), GatherNd, GatherV2 with batch_dims
  ssd_tiny       uint8 images of any size -> resize -> tiny conv head -> box decoding -> CombinedNMS ->
                 detection_boxes / detection_scores / detection_classes / num_detections (TF OD API names)
  mapfn_nms      tf.map_fn over the batch calling NonMaxSuppressionV5 per image, int64 GatherV2 in the body
  int64_loop     int64 loop counters, int64 Range / Cast / shape arithmetic, int64 GatherV2 indices inside
                 While and If bodies, int64 values beyond 2^53
"""

from zoo_common import *  # noqa: F401,F403

FAMILY = "detection"
rng = np.random.default_rng(9)


def save(module, name, signatures):
    d = version_dir(FAMILY, name)
    tf.saved_model.save(module, d, signatures=signatures)
    return d


def f32(x):
    return np.asarray(x, dtype=np.float32).tolist()


# ---------------------------------------------------------------------------------------------
# nms_ops
# ---------------------------------------------------------------------------------------------

S = tf.TensorSpec
BOXES = S([None, 4], tf.float32, name="boxes")
SCORES = S([None], tf.float32, name="scores")
MAXOUT = S([], tf.int32, name="max_output_size")
IOU = S([], tf.float32, name="iou_threshold")
SCORE_T = S([], tf.float32, name="score_threshold")
SIGMA = S([], tf.float32, name="soft_nms_sigma")
CBOXES = S([None, None, None, 4], tf.float32, name="boxes")
CSCORES = S([None, None, None], tf.float32, name="scores")
PER_CLASS = S([], tf.int32, name="max_output_size_per_class")
TOTAL = S([], tf.int32, name="max_total_size")


class NmsOps(tf.Module):
    @tf.function(input_signature=[BOXES, SCORES, MAXOUT, IOU, SCORE_T])
    def v3(self, boxes, scores, max_output_size, iou_threshold, score_threshold):
        idx = tf.raw_ops.NonMaxSuppressionV3(boxes=boxes, scores=scores, max_output_size=max_output_size,
                                             iou_threshold=iou_threshold, score_threshold=score_threshold)
        return {"selected_indices": idx, "selected_boxes": tf.gather(boxes, idx)}

    @tf.function(input_signature=[BOXES, SCORES, MAXOUT, IOU, SCORE_T])
    def v4(self, boxes, scores, max_output_size, iou_threshold, score_threshold):
        idx, n = tf.raw_ops.NonMaxSuppressionV4(boxes=boxes, scores=scores, max_output_size=max_output_size,
                                                iou_threshold=iou_threshold, score_threshold=score_threshold,
                                                pad_to_max_output_size=True)
        return {"selected_indices": idx, "valid_outputs": n}

    @tf.function(input_signature=[BOXES, SCORES, MAXOUT, IOU, SCORE_T, SIGMA])
    def v5(self, boxes, scores, max_output_size, iou_threshold, score_threshold, soft_nms_sigma):
        idx, sc, n = tf.raw_ops.NonMaxSuppressionV5(boxes=boxes, scores=scores, max_output_size=max_output_size,
                                                    iou_threshold=iou_threshold, score_threshold=score_threshold,
                                                    soft_nms_sigma=soft_nms_sigma, pad_to_max_output_size=False)
        return {"selected_indices": idx, "selected_scores": sc, "valid_outputs": n}

    @tf.function(input_signature=[BOXES, SCORES, MAXOUT, IOU, SCORE_T, SIGMA])
    def v5_padded(self, boxes, scores, max_output_size, iou_threshold, score_threshold, soft_nms_sigma):
        idx, sc, n = tf.raw_ops.NonMaxSuppressionV5(boxes=boxes, scores=scores, max_output_size=max_output_size,
                                                    iou_threshold=iou_threshold, score_threshold=score_threshold,
                                                    soft_nms_sigma=soft_nms_sigma, pad_to_max_output_size=True)
        return {"selected_indices": idx, "selected_scores": sc, "valid_outputs": n}

    def _combined(self, boxes, scores, per_class, total, iou, score_t, pad_per_class, clip_boxes):
        b, s, c, n = tf.raw_ops.CombinedNonMaxSuppression(
            boxes=boxes, scores=scores, max_output_size_per_class=per_class, max_total_size=total,
            iou_threshold=iou, score_threshold=score_t, pad_per_class=pad_per_class, clip_boxes=clip_boxes)
        return {"nmsed_boxes": b, "nmsed_scores": s, "nmsed_classes": c, "valid_detections": n}

    @tf.function(input_signature=[CBOXES, CSCORES, PER_CLASS, TOTAL, IOU, SCORE_T])
    def combined(self, boxes, scores, max_output_size_per_class, max_total_size, iou_threshold, score_threshold):
        return self._combined(boxes, scores, max_output_size_per_class, max_total_size, iou_threshold,
                              score_threshold, False, False)

    @tf.function(input_signature=[CBOXES, CSCORES, PER_CLASS, TOTAL, IOU, SCORE_T])
    def combined_pad_clip(self, boxes, scores, max_output_size_per_class, max_total_size, iou_threshold,
                          score_threshold):
        return self._combined(boxes, scores, max_output_size_per_class, max_total_size, iou_threshold,
                              score_threshold, True, True)


def random_boxes(n, scale=1.0, flip=False):
    y, x = rng.uniform(0, 0.8, n), rng.uniform(0, 0.8, n)
    h, w = rng.uniform(0.05, 0.4, n), rng.uniform(0.05, 0.4, n)
    b = np.stack([y, x, y + h, x + w], 1) * scale
    if flip:  # TF normalises each box's corners (y1 > y2 is allowed)
        swap = rng.random(n) < 0.5
        b[swap] = b[swap][:, [2, 3, 0, 1]]
    return b.astype(np.float32)


def nms_cases(g):
    def req(sig, **inputs):
        return {"signature_name": sig, "inputs": inputs}

    # Boxes whose IoU is exactly representable: [0,0,1,1] vs [0,0,1,2] vs ... IoU 0.5 exactly.
    exact = [[0, 0, 1, 1], [0, 0, 1, 2], [0, 1, 1, 3], [0, 0, 1, 1], [5, 5, 6, 6], [6, 6, 5, 5]]
    tie_scores = [0.9, 0.8, 0.8, 0.9, 0.7, 0.7]
    for sig in ("v3", "v4"):
        g.add("predict", req(sig, boxes=exact, scores=tie_scores, max_output_size=10, iou_threshold=0.5,
                             score_threshold=0.0), "%s: IoU exactly at the threshold is kept; ties by index" % sig)
        g.add("predict", req(sig, boxes=exact, scores=tie_scores, max_output_size=10, iou_threshold=0.49,
                             score_threshold=0.75), "%s: threshold just below 0.5, score_threshold 0.75" % sig)
        g.add("predict", req(sig, boxes=exact, scores=tie_scores, max_output_size=0, iou_threshold=0.5,
                             score_threshold=0.0), "%s: max_output_size 0" % sig)
        g.add("predict", req(sig, boxes=exact, scores=tie_scores, max_output_size=2, iou_threshold=1.0,
                             score_threshold=-3.0e38), "%s: iou 1.0, max 2" % sig)
        g.add("predict", req(sig, boxes=exact, scores=tie_scores, max_output_size=3, iou_threshold=0.0,
                             score_threshold=0.9), "%s: score_threshold equal to the best score -> none" % sig)
    zero_area = [[0, 0, 0, 1], [0, 0, 0, 1], [0.2, 0.2, 0.5, 0.5], [0.2, 0.2, 0.5, 0.5]]
    g.add("predict", req("v3", boxes=zero_area, scores=[0.9, 0.8, 0.7, 0.6], max_output_size=4, iou_threshold=0.0,
                         score_threshold=-3.0e38), "v3: zero-area boxes have IoU 0 with everything")
    for i, n in enumerate((1, 7, 20, 40)):
        boxes = random_boxes(n, scale=[1.0, 10.0, 1.0, 300.0][i], flip=i % 2 == 1)
        scores = rng.random(n).astype(np.float32)
        if n > 10:
            scores[::5] = scores[1]  # ties
        for sig in ("v3", "v4"):
            g.add("predict", req(sig, boxes=f32(boxes), scores=f32(scores), max_output_size=int(n // 2 + 1),
                                 iou_threshold=[0.5, 0.3, 0.7, 0.1][i], score_threshold=[0.0, 0.2, -3.0e38, 0.4][i]),
                  "%s: %d random boxes%s" % (sig, n, ", y1 > y2 for some" if i % 2 else ""))
    for i, n in enumerate((6, 15, 30)):
        boxes = random_boxes(n, flip=i == 1)
        scores = rng.random(n).astype(np.float32)
        for sig in ("v5", "v5_padded"):
            for sigma in (0.0, 0.5):
                g.add("predict", req(sig, boxes=f32(boxes), scores=f32(scores), max_output_size=[4, 10, 40][i],
                                     iou_threshold=[0.5, 0.4, 0.6][i], score_threshold=[0.1, 0.0, 0.3][i],
                                     soft_nms_sigma=sigma),
                      "%s: %d random boxes, soft_nms_sigma %s" % (sig, n, sigma), atol=1e-5, rtol=1e-5)
    g.add("predict", req("v5", boxes=exact, scores=tie_scores, max_output_size=6, iou_threshold=0.5,
                         score_threshold=0.0, soft_nms_sigma=1.0), "v5: soft-NMS over exact IoUs", atol=1e-6, rtol=1e-5)
    for i, (batch, n, q, c) in enumerate(((1, 5, 1, 1), (2, 12, 1, 3), (2, 10, 3, 3), (3, 25, 1, 4))):
        boxes = np.stack([np.stack([random_boxes(n, flip=i == 2) for _ in range(q)], 1) for _ in range(batch)])
        boxes = boxes * (1.3 if i == 3 else 1.0) - (0.1 if i == 3 else 0.0)  # some outside [0, 1]
        scores = rng.random((batch, n, c)).astype(np.float32)
        for sig in ("combined", "combined_pad_clip"):
            g.add("predict", req(sig, boxes=f32(boxes), scores=f32(scores), max_output_size_per_class=[2, 3, 4, 5][i],
                                 max_total_size=[4, 5, 20, 8][i], iou_threshold=[0.5, 0.3, 0.6, 0.5][i],
                                 score_threshold=[0.0, 0.3, 0.1, 0.5][i]),
                  "%s: batch %d, %d boxes, q %d, %d classes" % (sig, batch, n, q, c), atol=1e-6, rtol=1e-6)


# ---------------------------------------------------------------------------------------------
# select_ops
# ---------------------------------------------------------------------------------------------

class SelectOps(tf.Module):
    @tf.function(input_signature=[S([None, None], tf.float32, name="x"), S([], tf.int32, name="k")])
    def topk(self, x, k):
        v, i = tf.math.top_k(x, k=k, sorted=True)
        return {"values": v, "indices": i}

    @tf.function(input_signature=[S([None, None], tf.float32, name="x")])
    def where_gather_nd(self, x):
        idx = tf.where(x > 0.5)  # int64 [n, 2]
        return {"indices": idx, "values": tf.gather_nd(x, idx), "count": tf.shape(idx, out_type=tf.int64)[0]}

    @tf.function(input_signature=[S([None], tf.float32, name="x")])
    def where_1d_numeric(self, x):
        return {"indices": tf.where(x)}

    @tf.function(input_signature=[S([None, None, None], tf.int32, name="x")])
    def where_3d_numeric(self, x):
        return {"indices": tf.where(x)}

    @tf.function(input_signature=[S([None, None, None, None], tf.bool, name="x")])
    def where_4d_bool(self, x):
        return {"indices": tf.where(x)}

    @tf.function(input_signature=[S([None, 5, 3], tf.float32, name="params"), S([None, None], tf.int32, name="indices")])
    def gather_batch_dims(self, params, indices):
        return {"gathered": tf.gather(params, indices, axis=1, batch_dims=1),
                "gathered64": tf.gather(params, tf.cast(indices, tf.int64), axis=1, batch_dims=1)}

    @tf.function(input_signature=[S([None, None, 3], tf.float32, name="params"), S([None, None, 2], tf.int64, name="indices")])
    def gather_nd_batch(self, params, indices):
        return {"gathered": tf.gather_nd(params, indices, batch_dims=1)}


def select_cases(g):
    def req(sig, **inputs):
        return {"signature_name": sig, "inputs": inputs}

    ties = [[1.0, 3.0, 3.0, 2.0, 3.0], [0.5, 0.5, 0.5, 0.5, 0.5], [-1.0, 4.0, -2.0, 4.0, 0.0]]
    for k in (0, 2, 5):
        g.add("predict", req("topk", x=ties, k=k), "TopKV2 k=%d with ties (lower index first)" % k)
    g.add("predict", req("topk", x=f32(rng.standard_normal((4, 9))), k=4), "TopKV2 random 4x9, k=4")
    x = f32(rng.random((4, 6)))
    g.add("predict", req("where_gather_nd", x=x), "Where(x > 0.5) int64 indices -> GatherNd")
    g.add("predict", req("where_gather_nd", x=[[0.1, 0.2], [0.3, 0.4]]), "Where with no true element")
    g.add("predict", req("where_1d_numeric", x=[0.0, 1.5, 0.0, -2.0, -0.0]), "Where on float: non-zero (-0.0 is zero)")
    g.add("predict", req("where_3d_numeric", x=rng.integers(-1, 2, (2, 3, 4)).tolist()), "Where on int32 3-D")
    g.add("predict", req("where_4d_bool", x=(rng.random((2, 2, 3, 2)) < 0.3).tolist()), "Where on bool 4-D")
    params = f32(rng.standard_normal((2, 5, 3)))
    g.add("predict", req("gather_batch_dims", params=params, indices=[[4, 0, 0], [1, 2, 3]]), "GatherV2 batch_dims=1 axis=1")
    g.add("predict", req("gather_nd_batch", params=f32(rng.standard_normal((2, 3, 3))), indices=[[[0, 1], [2, 2]], [[1, 0], [0, 0]]]),
          "GatherNd batch_dims=1, int64 indices")


# ---------------------------------------------------------------------------------------------
# ssd_tiny: a TF-OD-API-like serving signature
# ---------------------------------------------------------------------------------------------

SIZE, GRID, ANCHORS_PER_CELL, CLASSES = 16, 4, 2, 3


def make_anchors():
    out = []
    for i in range(GRID):
        for j in range(GRID):
            cy, cx = (i + 0.5) / GRID, (j + 0.5) / GRID
            for s in (0.2, 0.35):
                out.append([cy, cx, s, s * 1.3])
    return np.array(out, np.float32)  # [A, 4] (cy, cx, h, w)


class SsdTiny(tf.Module):
    def __init__(self):
        super().__init__()
        self.conv = tf.Variable(rng.standard_normal((3, 3, 3, 8)).astype(np.float32) * 0.3)
        self.box_w = tf.Variable(rng.standard_normal((1, 1, 8, ANCHORS_PER_CELL * 4)).astype(np.float32) * 0.3)
        self.cls_w = tf.Variable(rng.standard_normal((1, 1, 8, ANCHORS_PER_CELL * (CLASSES + 1))).astype(np.float32) * 0.5)
        self.anchors = tf.constant(make_anchors())

    def head(self, images):
        x = tf.image.resize(tf.cast(images, tf.float32), [SIZE, SIZE])  # ResizeBilinear, half_pixel_centers
        x = (x - 127.5) / 127.5
        x = tf.nn.relu(tf.nn.conv2d(x, self.conv, strides=2, padding="SAME"))  # [B, 8, 8, 8]
        x = tf.nn.max_pool2d(x, 2, 2, "VALID")  # [B, 4, 4, 8]
        b = tf.shape(x)[0]
        enc = tf.reshape(tf.nn.conv2d(x, self.box_w, 1, "VALID"), [b, -1, 4])  # 1x1 box predictor
        logits = tf.reshape(tf.nn.conv2d(x, self.cls_w, 1, "VALID"), [b, -1, CLASSES + 1])
        return enc, logits

    def decode(self, enc):
        # Faster R-CNN box coder with scale factors (10, 10, 5, 5), as the OD API's.
        a = self.anchors
        ty, tx, th, tw = tf.unstack(enc, axis=-1)
        cy = ty / 10.0 * a[:, 2] + a[:, 0]
        cx = tx / 10.0 * a[:, 3] + a[:, 1]
        h = tf.exp(th / 5.0) * a[:, 2]
        w = tf.exp(tw / 5.0) * a[:, 3]
        return tf.stack([cy - h / 2, cx - w / 2, cy + h / 2, cx + w / 2], axis=-1)

    @tf.function(input_signature=[S([None, None, None, 3], tf.uint8, name="input_tensor")])
    def serve(self, input_tensor):
        enc, logits = self.head(input_tensor)
        boxes = self.decode(enc)
        scores = tf.sigmoid(logits)[:, :, 1:]  # drop background
        b, s, c, n = tf.image.combined_non_max_suppression(
            tf.expand_dims(boxes, 2), scores, max_output_size_per_class=4, max_total_size=6,
            iou_threshold=0.5, score_threshold=0.3, clip_boxes=True)
        return {"detection_boxes": b, "detection_scores": s, "detection_classes": c + 1.0,
                "num_detections": tf.cast(n, tf.float32)}

    @tf.function(input_signature=[S([None, None, None, 3], tf.uint8, name="input_tensor")])
    def raw(self, input_tensor):
        enc, logits = self.head(input_tensor)
        boxes = self.decode(enc)
        scores = tf.nn.softmax(logits)
        best = tf.argmax(scores[:, :, 1:], axis=-1)  # int64
        top, top_idx = tf.math.top_k(tf.reduce_max(scores[:, :, 1:], -1), k=5)
        return {"raw_detection_boxes": boxes, "raw_detection_scores": scores,
                "top_anchor": top_idx, "top_score": top, "top_class": tf.gather(best, top_idx, batch_dims=1)}


def images(batch, h, w):
    return rng.integers(0, 256, (batch, h, w, 3), dtype=np.uint8).tolist()


def ssd_cases(g):
    for (b, h, w) in ((1, 16, 16), (2, 23, 31), (1, 7, 40), (3, 64, 48)):
        g.add("predict", {"inputs": {"input_tensor": images(b, h, w)}},
              "uint8 images %dx%dx%d -> CombinedNMS detections" % (b, h, w), atol=1e-4, rtol=1e-4)
    for (b, h, w) in ((2, 20, 17),):
        g.add("predict", {"signature_name": "raw", "inputs": {"input_tensor": images(b, h, w)}},
              "raw boxes + TopK + argmax int64 gathered with batch_dims", atol=1e-4, rtol=1e-4)


# ---------------------------------------------------------------------------------------------
# mapfn_nms: per-image NMS inside tf.map_fn (While v2 + TensorList), int64 indices in the body
# ---------------------------------------------------------------------------------------------

class MapFnNms(tf.Module):
    @tf.function(input_signature=[S([None, None, 4], tf.float32, name="boxes"), S([None, None], tf.float32, name="scores")])
    def serve(self, boxes, scores):
        def per_image(args):
            b, s = args
            idx, sc, n = tf.raw_ops.NonMaxSuppressionV5(boxes=b, scores=s, max_output_size=4, iou_threshold=0.5,
                                                        score_threshold=0.2, soft_nms_sigma=0.0,
                                                        pad_to_max_output_size=True)
            idx64 = tf.cast(idx, tf.int64)  # int64 indices and count inside the loop body
            n64 = tf.cast(n, tf.int64)
            return tf.gather(b, idx64), sc, tf.cast(n64, tf.float32)

        b, s, n = tf.map_fn(per_image, (boxes, scores),
                            fn_output_signature=(tf.TensorSpec([4, 4], tf.float32), tf.TensorSpec([4], tf.float32),
                                                 tf.TensorSpec([], tf.float32)))
        return {"detection_boxes": b, "detection_scores": s, "num_detections": n}


def mapfn_cases(g):
    for (batch, n) in ((1, 6), (3, 12), (2, 3)):
        boxes = np.stack([random_boxes(n) for _ in range(batch)])
        g.add("predict", {"inputs": {"boxes": f32(boxes), "scores": f32(rng.random((batch, n)))}},
              "map_fn per-image NMSv5 padded, batch %d, %d boxes" % (batch, n), atol=1e-6, rtol=1e-6)


# ---------------------------------------------------------------------------------------------
# int64_loop: int64 inside While / If bodies, no TensorLists
# ---------------------------------------------------------------------------------------------

class Int64Loop(tf.Module):
    @tf.function(input_signature=[S([None], tf.float32, name="x"), S([], tf.int64, name="n"), S([], tf.int64, name="seed")])
    def serve(self, x, n, seed):
        size = tf.shape(x, out_type=tf.int64)[0]

        def cond(i, acc, h, total):
            return i < n

        def body(i, acc, h, total):
            j = tf.math.floormod(i * 3 + 1, size)  # int64 index arithmetic
            acc = acc + tf.gather(x, j)  # int64 GatherV2 index
            h = h * 6364136223846793005 + 1442695040888963407  # wraps modulo 2^64 as TF int64 does
            r = tf.range(i, i + 3, dtype=tf.int64)
            total = total + tf.reduce_sum(r) + tf.cast(tf.size(r), tf.int64)
            return i + 1, acc, h, total

        _, acc, h, total = tf.while_loop(cond, body, (tf.constant(0, tf.int64), tf.constant(0.0), seed,
                                                      tf.constant(0, tf.int64)))
        big = tf.cond(n > 3, lambda: h // 7 + total, lambda: h - tf.cast(size, tf.int64) * 2)
        return {"acc": acc, "hash": h, "total": total, "picked": big}

    @tf.function(input_signature=[S([None, None], tf.float32, name="x"), S([None], tf.int64, name="rows")])
    def gather_loop(self, x, rows):
        # accumulates x[rows[i]] for each i, with the row index read (int64) inside the body
        def body(i, acc):
            r = tf.gather(rows, i)
            row = tf.gather(x, r)
            return i + 1, acc + row * tf.cast(i + 1, tf.float32)

        i0 = tf.constant(0, tf.int64)
        _, acc = tf.while_loop(lambda i, acc: i < tf.size(rows, out_type=tf.int64), body,
                               (i0, tf.zeros_like(x[0])))
        return {"acc": acc}


def int64_cases(g):
    x = f32(rng.standard_normal(7))
    for n, seed in ((0, 5), (2, -3), (6, 2 ** 62 + 12345), (13, -(2 ** 63))):
        g.add("predict", {"inputs": {"x": x, "n": n, "seed": seed}},
              "While with int64 counter, n=%d, seed %d (exact int64 wrap)" % (n, seed), atol=1e-5, rtol=1e-5)
    xs = f32(rng.standard_normal((4, 3)))
    for rows in ([0], [3, 1, 1, 0], []):
        g.add("predict", {"signature_name": "gather_loop", "inputs": {"x": xs, "rows": rows}},
              "While reading int64 row indices with GatherV2: %s" % rows, atol=1e-5, rtol=1e-5)


class ConvSameStride(tf.Module):
    """Feature-extractor convolutions with padding SAME and a stride larger than the window (tfjs wasm 4.22
    computed these wrongly: lib/engine/portable/wasm-conv-padding.ts)."""

    def __init__(self):
        super().__init__()
        self.k3 = tf.Variable(rng.standard_normal((3, 3, 3, 4)).astype(np.float32))
        self.dw = tf.Variable(rng.standard_normal((2, 2, 3, 1)).astype(np.float32))
        self.k1 = tf.Variable(rng.standard_normal((1, 1, 3, 2)).astype(np.float32))

    @tf.function(input_signature=[S([None, None, None, 3], tf.float32, name="images")])
    def serve(self, images):
        return {"conv3_s4": tf.nn.conv2d(images, self.k3, 4, "SAME"),
                "conv3_s5x3": tf.nn.conv2d(images, self.k3, [1, 5, 3, 1], "SAME"),
                "depthwise2_s3": tf.nn.depthwise_conv2d(images, self.dw, [1, 3, 3, 1], "SAME"),
                "conv1_s2": tf.nn.conv2d(images, self.k1, 2, "SAME"),
                "pool3_s4": tf.nn.max_pool2d(images, 3, 4, "SAME")}


def conv_cases(g):
    for (b, h, w) in ((1, 16, 16), (2, 8, 9), (1, 15, 17), (1, 7, 7)):
        g.add("predict", {"inputs": {"images": f32(rng.standard_normal((b, h, w, 3)))}},
              "SAME convs with stride > window, %dx%dx%d" % (b, h, w), atol=1e-4, rtol=1e-4)


class MapFnInt64Elements(tf.Module):
    """map_fn whose per-element result is int64 (a TensorList of int64 elements)."""

    @tf.function(input_signature=[S([None, None], tf.float32, name="scores")])
    def serve(self, scores):
        best = tf.map_fn(lambda s: tf.argmax(s), scores, fn_output_signature=tf.int64)
        return {"best": best, "best_plus_big": best + 2 ** 40}


def mapfn_int64_cases(g):
    for shape in ((1, 4), (3, 5)):
        g.add("predict", {"inputs": {"scores": f32(rng.standard_normal(shape))}}, "map_fn with int64 elements, %dx%d" % shape)


def build(name, make, signatures, add_cases):
    global rng
    rng = np.random.default_rng(sum(map(ord, name)))  # each model's data independent of the others
    module = make()
    save(module, name, signatures(module))
    g = golden(FAMILY, name)
    add_cases(g)
    finish(g)


def main():
    only = set(sys.argv[1:])

    def want(name):
        return not only or name in only

    if want("nms_ops"):
        build("nms_ops", NmsOps, lambda m: {"serving_default": m.v3, "v3": m.v3, "v4": m.v4, "v5": m.v5, "v5_padded": m.v5_padded,
                             "combined": m.combined, "combined_pad_clip": m.combined_pad_clip}, nms_cases)
    if want("select_ops"):
        build("select_ops", SelectOps, lambda m: {"serving_default": m.topk, "topk": m.topk, "where_gather_nd": m.where_gather_nd,
                                "where_1d_numeric": m.where_1d_numeric, "where_3d_numeric": m.where_3d_numeric,
                                "where_4d_bool": m.where_4d_bool, "gather_batch_dims": m.gather_batch_dims,
                                "gather_nd_batch": m.gather_nd_batch}, select_cases)
    if want("ssd_tiny"):
        build("ssd_tiny", SsdTiny, lambda m: {"serving_default": m.serve, "raw": m.raw}, ssd_cases)
    if want("mapfn_nms"):
        build("mapfn_nms", MapFnNms, lambda m: {"serving_default": m.serve}, mapfn_cases)
    if want("conv_same_stride"):
        build("conv_same_stride", ConvSameStride, lambda m: {"serving_default": m.serve}, conv_cases)
    if want("mapfn_int64_elements"):
        build("mapfn_int64_elements", MapFnInt64Elements, lambda m: {"serving_default": m.serve}, mapfn_int64_cases)
    if want("int64_loop"):
        build("int64_loop", Int64Loop, lambda m: {"serving_default": m.serve, "gather_loop": m.gather_loop}, int64_cases)


if __name__ == "__main__":
    main()
