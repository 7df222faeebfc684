"""Image and detection ops: ResizeBilinear / ResizeNearestNeighbor / ResizeArea / ResizeBicubic (align_corners ×
half_pixel_centers, including the pair TF refuses; up / down / 1×1 / non-square; every input dtype TF takes),
CropAndResize (bilinear / nearest, boxes outside [0, 1] and flipped, extrapolation_value, box_ind),
ImageProjectiveTransformV3 (interpolation × fill_mode, fill_value), Dilation2D, MaxPoolWithArgmax
(include_batch_in_index, Targmax), NonMaxSuppressionV2..V5 and CombinedNonMaxSuppression."""
from sweep_common import F32, F64, F16, BF16, I8, I16, I32, I64, U8, U16, Sweep, np, values  # noqa: F401

RESIZES = ("ResizeBilinear", "ResizeNearestNeighbor", "ResizeArea", "ResizeBicubic")
IMAGE_DTYPES = (F32, F64, F16, BF16, I8, U8, I16, U16, I32, I64)


def image(dt, shape):
    """Pixels: 0..255 for unsigned, -100..100 for signed ints, -3..3 on a 0.25 grid for floats."""
    if dt in (U8, U16):
        return values(dt, shape, 0, 255)
    return values(dt, shape, -100, 100) if dt in (I8, I16, I32, I64) else values(dt, shape, -3, 3)


def resize_attrs(op, ac, hp):
    """ResizeArea has no half_pixel_centers attr."""
    return {"align_corners": ac} if op == "ResizeArea" else {"align_corners": ac, "half_pixel_centers": hp}


def resize(s):
    sizes = (([1, 4, 5, 2], [7, 3], "up H, down W"), ([2, 6, 8, 1], [3, 4], "down x2"), ([1, 3, 4, 3], [9, 10], "up non-integer"),
             ([1, 5, 7, 1], [1, 1], "to 1x1"), ([1, 1, 1, 2], [3, 2], "from 1x1"), ([1, 4, 5, 1], [4, 5], "same size"),
             ([1, 1, 6, 1], [2, 4], "from 1 row"), ([1, 12, 12, 1], [9, 9], "12 to 9"))
    for op in RESIZES:
        for ac in (False, True):
            for hp in (False, True) if op != "ResizeArea" else (False,):
                for shape, size, what in sizes:
                    s.add(op, {"images": values(F32, shape), "size": np.array(size, I32)}, resize_attrs(op, ac, hp),
                          const=("size",), note=f"{what} align_corners {ac} half_pixel_centers {hp}")
        for dt in IMAGE_DTYPES:
            for ac, hp in ((False, True), (True, False), (False, False)) if op != "ResizeArea" else ((False, False), (True, False)):
                s.add(op, {"images": image(dt, [1, 3, 4, 2]), "size": np.array([5, 3], I32)}, resize_attrs(op, ac, hp),
                      const=("size",), note=f"dtype align_corners {ac} half_pixel_centers {hp}")
        s.add(op, {"images": values(F32, [2, 3, 3, 1]), "size": np.array([4, 2], I32)}, resize_attrs(op, False, True), note="size fed")
        s.add(op, {"images": values(F32, [1, 3, 3, 1]), "size": np.array([0, 2], I32)}, const=("size",), note="zero size")
        s.add(op, {"images": values(F32, [1, 3, 3, 1]), "size": np.array([-1, 2], I32)}, const=("size",), note="negative size")
        s.add(op, {"images": values(F32, [3, 3, 1]), "size": np.array([2, 2], I32)}, const=("size",), note="rank 3")
        s.add(op, {"images": values(F32, [0, 3, 3, 1]), "size": np.array([2, 2], I32)}, const=("size",), note="empty batch")
        s.add(op, {"images": values(F32, [1, 0, 3, 1]), "size": np.array([2, 2], I32)}, const=("size",), note="empty image")
        s.add(op, {"images": np.array([np.nan, 1, np.inf, 2, -np.inf, 0], F32).reshape(1, 2, 3, 1), "size": np.array([3, 4], I32)},
              resize_attrs(op, False, True), const=("size",), note="NaN and inf")


def crop_and_resize(s):
    img = values(F32, [2, 5, 6, 2])
    boxes = np.array([[0, 0, 1, 1], [0.1, 0.2, 0.7, 0.9], [0.8, 0.9, 0.2, 0.1], [-0.5, -0.25, 1.5, 1.25], [0.5, 0.5, 0.5, 0.5], [1.2, 0.3, 1.6, 0.9]], F32)
    box_ind = np.array([0, 1, 0, 1, 1, 0], I32)
    for method in ("bilinear", "nearest"):
        for crop in ([3, 4], [1, 1], [7, 2]):
            for extra in (0.0, -1.5):
                s.add("CropAndResize", {"image": img, "boxes": boxes, "box_ind": box_ind, "crop_size": np.array(crop, I32)},
                      {"method": method, "extrapolation_value": extra}, const=("crop_size",), note=f"{method} crop {crop} extrapolation {extra}")
        for dt in IMAGE_DTYPES:
            s.add("CropAndResize", {"image": image(dt, [1, 4, 4, 1]), "boxes": boxes[:4], "box_ind": np.zeros(4, I32), "crop_size": np.array([3, 3], I32)},
                  {"method": method}, const=("crop_size",), note=f"{method} dtype")
    s.add("CropAndResize", {"image": img, "boxes": np.zeros([0, 4], F32), "box_ind": np.zeros([0], I32), "crop_size": np.array([2, 2], I32)}, const=("crop_size",), note="no boxes")
    s.add("CropAndResize", {"image": img, "boxes": boxes[:2], "box_ind": np.array([0, 2], I32), "crop_size": np.array([2, 2], I32)}, const=("crop_size",), note="box_ind out of range")
    s.add("CropAndResize", {"image": img, "boxes": boxes[:2], "box_ind": np.array([0, 1], I32), "crop_size": np.array([0, 2], I32)}, const=("crop_size",), note="zero crop size")
    s.add("CropAndResize", {"image": img, "boxes": np.array([[0, 0, np.nan, 1]], F32), "box_ind": np.array([0], I32), "crop_size": np.array([2, 2], I32)}, const=("crop_size",), note="NaN box")


def projective(s):
    img = values(F32, [2, 5, 6, 2])
    shift = [1, 0, -1.5, 0, 1, 0.75, 0, 0]
    rotate = [0.8, -0.6, 1.2, 0.6, 0.8, -0.9, 0, 0]
    persp = [1.1, 0.1, -0.4, -0.05, 0.9, 0.3, 0.02, -0.03]
    zoom = [0.5, 0, 1.25, 0, 0.5, 1, 0, 0]
    for name, t in (("shift", [shift]), ("rotate", [rotate]), ("perspective", [persp]), ("per image", [zoom, rotate])):
        for interp in ("NEAREST", "BILINEAR"):
            for fill in ("CONSTANT", "REFLECT", "WRAP", "NEAREST"):
                s.add("ImageProjectiveTransformV3", {"images": img, "transforms": np.array(t, F32), "output_shape": np.array([4, 7], I32), "fill_value": np.array(0.5 if fill == "CONSTANT" else 0, F32)},
                      {"interpolation": interp, "fill_mode": fill}, const=("output_shape",), note=f"{name} {interp} {fill}")
    for dt in (F64, F16, BF16, U8, I32, I64):
        for interp in ("NEAREST", "BILINEAR"):
            s.add("ImageProjectiveTransformV3", {"images": image(dt, [1, 4, 4, 1]), "transforms": np.array([rotate], F32), "output_shape": np.array([4, 4], I32), "fill_value": np.array(3, F32)},
                  {"interpolation": interp, "fill_mode": "CONSTANT"}, const=("output_shape",), note=f"{interp} dtype")
    s.add("ImageProjectiveTransformV3", {"images": img, "transforms": np.array([shift] * 3, F32), "output_shape": np.array([4, 4], I32), "fill_value": np.array(0, F32)},
          {"interpolation": "NEAREST"}, const=("output_shape",), note="transforms batch mismatch")


def dilation(s):
    x = values(F32, [2, 6, 7, 3])
    for padding in ("VALID", "SAME"):
        for strides, rates in (([1, 1, 1, 1], [1, 1, 1, 1]), ([1, 2, 3, 1], [1, 1, 1, 1]), ([1, 1, 1, 1], [1, 2, 2, 1]), ([1, 2, 1, 1], [1, 1, 3, 1])):
            s.add("Dilation2D", {"input": x, "filter": values(F32, [2, 3, 3])}, {"strides": strides, "rates": rates, "padding": padding},
                  note=f"{padding} strides {strides[1:3]} rates {rates[1:3]}")
    for dt in (F64, F16, BF16, I32, I64, U8):
        s.add("Dilation2D", {"input": values(dt, [1, 4, 4, 2], 0, 5), "filter": values(dt, [2, 2, 2], 0, 3)}, {"strides": [1, 1, 1, 1], "rates": [1, 1, 1, 1], "padding": "SAME"}, note="dtype")
    s.add("Dilation2D", {"input": np.array([np.nan, 1, -np.inf, 2], F32).reshape(1, 2, 2, 1), "filter": np.zeros([1, 1, 1], F32)}, {"strides": [1, 1, 1, 1], "rates": [1, 1, 1, 1], "padding": "VALID"}, note="NaN and -inf")


def argmax_pool(s):
    x = values(F32, [2, 5, 6, 3])
    for padding in ("VALID", "SAME"):
        for ksize, strides in (([1, 2, 2, 1], [1, 2, 2, 1]), ([1, 3, 3, 1], [1, 1, 1, 1]), ([1, 3, 2, 1], [1, 2, 3, 1])):
            for targ in (I64, I32):
                for batch_in in (False, True):
                    s.add("MaxPoolWithArgmax", {"input": x}, {"ksize": ksize, "strides": strides, "padding": padding, "Targmax": targ, "include_batch_in_index": batch_in},
                          note=f"{padding} k {ksize[1:3]} s {strides[1:3]} {np.dtype(targ).name} batch_in_index {batch_in}")
    for dt in (F64, F16, BF16, I32, I64, U8):
        s.add("MaxPoolWithArgmax", {"input": values(dt, [1, 4, 4, 2], 0, 9)}, {"ksize": [1, 2, 2, 1], "strides": [1, 2, 2, 1], "padding": "VALID"}, note="dtype")
    s.add("MaxPoolWithArgmax", {"input": np.array([1, 1, 1, 1], F32).reshape(1, 2, 2, 1)}, {"ksize": [1, 2, 2, 1], "strides": [1, 1, 1, 1], "padding": "VALID"}, note="ties")
    s.add("MaxPoolWithArgmax", {"input": np.array([np.nan, 1, -np.inf, 2], F32).reshape(1, 2, 2, 1)}, {"ksize": [1, 2, 2, 1], "strides": [1, 1, 1, 1], "padding": "VALID"}, note="NaN")


def nms_inputs(n):
    rng = np.random.default_rng(n)
    corners = np.round(rng.uniform(0, 1, [n, 2]) * 16) / 16
    sizes = np.round(rng.uniform(0.1, 0.5, [n, 2]) * 16) / 16
    boxes = np.concatenate([corners, corners + sizes], axis=1).astype(F32)
    boxes[1::3] = boxes[1::3][:, [2, 3, 0, 1]]  # some boxes with flipped corners
    scores = (np.round(rng.uniform(0, 1, [n]) * 8) / 8).astype(F32)  # coarse grid: ties
    return boxes, scores


def nms(s):
    boxes, scores = nms_inputs(12)
    sc = lambda v, dt=F32: np.array(v, dt)  # noqa: E731
    for iou in (0.5, 0.0, 1.0):
        for k in (0, 3, 20):
            s.add("NonMaxSuppressionV2", {"boxes": boxes, "scores": scores, "max_output_size": sc(k, I32), "iou_threshold": sc(iou)}, note=f"max {k} iou {iou}")
            for st in (-np.inf, 0.3):
                s.add("NonMaxSuppressionV3", {"boxes": boxes, "scores": scores, "max_output_size": sc(k, I32), "iou_threshold": sc(iou), "score_threshold": sc(st)}, note=f"max {k} iou {iou} score {st}")
                for pad in (False, True):
                    s.add("NonMaxSuppressionV4", {"boxes": boxes, "scores": scores, "max_output_size": sc(k, I32), "iou_threshold": sc(iou), "score_threshold": sc(st)},
                          {"pad_to_max_output_size": pad}, note=f"max {k} iou {iou} score {st} pad {pad}")
    for sigma in (0.0, 0.5, 2.0):
        for iou, st in ((0.5, 0.0), (1.0, 0.2), (0.3, -np.inf)):
            for pad in (False, True):
                s.add("NonMaxSuppressionV5", {"boxes": boxes, "scores": scores, "max_output_size": sc(8, I32), "iou_threshold": sc(iou), "score_threshold": sc(st), "soft_nms_sigma": sc(sigma)},
                      {"pad_to_max_output_size": pad}, note=f"sigma {sigma} iou {iou} score {st} pad {pad}", tol=[1e-6, 1e-6])
    for dt in (F16,):
        s.add("NonMaxSuppressionV3", {"boxes": boxes.astype(dt), "scores": scores.astype(dt), "max_output_size": sc(5, I32), "iou_threshold": sc(0.5, dt), "score_threshold": sc(0.1, dt)}, note="half")
        s.add("NonMaxSuppressionV5", {"boxes": boxes.astype(dt), "scores": scores.astype(dt), "max_output_size": sc(5, I32), "iou_threshold": sc(0.5, dt), "score_threshold": sc(0.1, dt), "soft_nms_sigma": sc(0, dt)}, note="half")
    e4, e1 = np.zeros([0, 4], F32), np.zeros([0], F32)
    s.add("NonMaxSuppressionV3", {"boxes": e4, "scores": e1, "max_output_size": sc(3, I32), "iou_threshold": sc(0.5), "score_threshold": sc(0.0)}, note="empty")
    s.add("NonMaxSuppressionV5", {"boxes": e4, "scores": e1, "max_output_size": sc(3, I32), "iou_threshold": sc(0.5), "score_threshold": sc(0.0), "soft_nms_sigma": sc(0.0)}, {"pad_to_max_output_size": True}, note="empty padded")
    s.add("NonMaxSuppressionV3", {"boxes": boxes, "scores": scores, "max_output_size": sc(-1, I32), "iou_threshold": sc(0.5), "score_threshold": sc(0.0)}, note="negative max")
    s.add("NonMaxSuppressionV3", {"boxes": boxes, "scores": scores, "max_output_size": sc(3, I32), "iou_threshold": sc(1.5), "score_threshold": sc(0.0)}, note="iou above 1")
    s.add("NonMaxSuppressionV3", {"boxes": boxes, "scores": scores[:5], "max_output_size": sc(3, I32), "iou_threshold": sc(0.5), "score_threshold": sc(0.0)}, note="scores mismatch")
    same = np.array([[0, 0, 1, 1]] * 4 + [[0.5, 0.5, 1.5, 1.5]], F32)
    s.add("NonMaxSuppressionV3", {"boxes": same, "scores": np.array([0.5, 0.5, 0.9, 0.5, 0.5], F32), "max_output_size": sc(5, I32), "iou_threshold": sc(0.99), "score_threshold": sc(0.0)}, note="identical boxes, tied scores")
    s.add("NonMaxSuppressionV3", {"boxes": np.array([[0, 0, 0, 1], [0, 0, 1, 1]], F32), "scores": np.array([0.9, 0.8], F32), "max_output_size": sc(5, I32), "iou_threshold": sc(0.0), "score_threshold": sc(0.0)}, note="zero-area box")


def combined_nms(s):
    rng = np.random.default_rng(7)
    for q in (1, 3):
        corners = np.round(rng.uniform(-0.2, 0.9, [2, 6, q, 2]) * 16) / 16
        boxes = np.concatenate([corners, corners + np.round(rng.uniform(0.1, 0.6, [2, 6, q, 2]) * 16) / 16], axis=3).astype(F32)
        scores = (np.round(rng.uniform(0, 1, [2, 6, 3]) * 8) / 8).astype(F32)
        for per_class, total in ((2, 4), (4, 20), (0, 5)):
            for pad in (False, True):
                for clip in (True, False):
                    s.add("CombinedNonMaxSuppression", {"boxes": boxes, "scores": scores, "max_output_size_per_class": np.array(per_class, I32), "max_total_size": np.array(total, I32),
                                                        "iou_threshold": np.array(0.5, F32), "score_threshold": np.array(0.25, F32)},
                          {"pad_per_class": pad, "clip_boxes": clip}, note=f"q {q} per class {per_class} total {total} pad_per_class {pad} clip {clip}")
    for n, classes, per_class in ((40, 4, 10), (60, 3, 30)):  # candidate vectors past std::sort's 16-element insertion sort
        corners = np.round(rng.uniform(0, 0.9, [1, n, 1, 2]) * 8) / 8
        boxes = np.concatenate([corners, corners + np.round(rng.uniform(0.1, 0.3, [1, n, 1, 2]) * 8) / 8], axis=3).astype(F32)
        scores = (np.round(rng.uniform(0, 1, [1, n, classes]) * 4) / 4).astype(F32)  # many ties
        s.add("CombinedNonMaxSuppression", {"boxes": boxes, "scores": scores, "max_output_size_per_class": np.array(per_class, I32), "max_total_size": np.array(100, I32),
                                            "iou_threshold": np.array(0.6, F32), "score_threshold": np.array(0.0, F32)},
              {"pad_per_class": False, "clip_boxes": False}, note=f"{n} boxes {classes} classes: ties past 16 candidates")
    s.add("CombinedNonMaxSuppression", {"boxes": np.zeros([1, 0, 1, 4], F32), "scores": np.zeros([1, 0, 2], F32), "max_output_size_per_class": np.array(2, I32), "max_total_size": np.array(3, I32),
                                        "iou_threshold": np.array(0.5, F32), "score_threshold": np.array(0.0, F32)}, note="no boxes")
    s.add("CombinedNonMaxSuppression", {"boxes": np.zeros([1, 4, 2, 4], F32), "scores": np.zeros([1, 4, 3], F32), "max_output_size_per_class": np.array(2, I32), "max_total_size": np.array(3, I32),
                                        "iou_threshold": np.array(0.5, F32), "score_threshold": np.array(0.0, F32)}, note="q neither 1 nor classes")


def build(s):
    resize(s)
    crop_and_resize(s)
    projective(s)
    dilation(s)
    argmax_pool(s)
    nms(s)
    combined_nms(s)
