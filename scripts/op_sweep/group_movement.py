"""Data movement beyond the shape group: ExpandDims, Squeeze, Slice / StridedSlice (dtypes, int64 and fed
specs, rank 0, empty, rank 8; the mask space itself is test/engine/ops/slice.vectors.json), Reverse /
ReverseV2, Select (v1: a rank-1 condition picks rows of a rank-N tensor), SpaceToBatchND / BatchToSpaceND,
Gather (v1), ShapeN, Concat (v1, axis first), BroadcastArgs, ListDiff, UniqueV2, Where (every dtype, ranks
0..8), Identity / IdentityN / Snapshot / StopGradient / EnsureShape, Bitcast, Fill of every dtype, and the
Reshape / Transpose corners (an empty tensor to a shape holding 0 and -1, negative perm entries)."""
from sweep_common import BF16, BOOL, F16, F32, F64, I8, I16, I32, I64, STR, U8, U16, U64, Sweep, np, specials, tf, values

DTS = [F32, F64, F16, BF16, I32, I64, U8, I8, I16, U16, U64, BOOL, STR]
NUMERIC = [d for d in DTS if d not in (BOOL, STR)]
RANK8 = [1, 2, 1, 1, 2, 1, 1, 2]


def per_dtype(s):
    for dt in DTS:
        x = values(dt, [2, 3, 4])
        s.add("ExpandDims", {"input": x, "axis": np.array(1, I64)}, const=("axis",), note="int64 axis 1")
        s.add("Squeeze", {"input": values(dt, [1, 3, 1, 2])}, note="all size-1 dims")
        s.add("Slice", {"input": x, "begin": np.array([1, 0, 2], I32), "size": np.array([1, -1, 2], I32)}, const=("begin", "size"), note="size -1")
        s.add("StridedSlice", {"input": x, "begin": np.array([0, 1, -1], I64), "end": np.array([0, 3, 0], I64), "strides": np.array([1, 1, -2], I64)},
              {"begin_mask": 1, "end_mask": 1, "shrink_axis_mask": 0}, const=("begin", "end", "strides"), note="int64 spec, negative stride")
        s.add("StridedSlice", {"input": x, "begin": np.array([1, 0, 0], I32), "end": np.array([2, 0, 2], I32), "strides": np.array([1, 1, 1], I32)},
              {"ellipsis_mask": 2, "new_axis_mask": 4, "shrink_axis_mask": 1}, const=("begin", "end", "strides"), note="shrink, ellipsis, new axis")
        s.add("Reverse", {"tensor": x, "dims": np.array([True, False, True])}, const=("dims",), note="dims T F T")
        s.add("ReverseV2", {"tensor": x, "axis": np.array([-1], I64)}, const=("axis",), note="int64 axis -1")
        s.add("Select", {"condition": values(BOOL, [2]), "x": x, "y": values(dt, [2, 3, 4])}, note="rank-1 condition")
        s.add("Select", {"condition": values(BOOL, [2, 3, 4]), "x": x, "y": values(dt, [2, 3, 4])}, note="same shapes")
        s.add("Gather", {"params": x, "indices": np.array([[1, 0], [1, 1]], I32)}, note="rank-2 indices")
        s.add("ShapeN", {"input": [x, values(dt, [])]}, {"out_type": I64}, note="int64")
        s.add("Concat", {"concat_dim": np.array(1, I32), "values": [x, values(dt, [2, 2, 4])]}, const=("concat_dim",), note="axis 1")
        s.add("Where", {"condition": values(dt, [2, 3, 2]) if dt != STR else x}, note="rank 3")
        s.add("Identity", {"input": x}, note="identity")
        s.add("IdentityN", {"input": [x, values(dt, [])]}, note="two")
        s.add("Snapshot", {"input": x}, note="snapshot")
        s.add("StopGradient", {"input": x}, note="stop")
        s.add("EnsureShape", {"input": x}, {"shape": tf.TensorShape([2, None, 4])}, note="partial shape")
        s.add("Fill", {"dims": np.array([2, 0], I64), "value": values(dt, [])}, const=("dims",), note="int64 dims, empty")
        s.add("Fill", {"dims": np.array(RANK8, I32), "value": values(dt, [])}, const=("dims",), note="rank 8")
        s.add("ListDiff", {"x": values(dt, [7]), "y": values(dt, [3])}, note="listdiff")
        s.add("UniqueV2", {"x": values(dt, [6, 2], 0, 1), "axis": np.array([0], I64)}, const=("axis",), note="rows")
        if dt != STR:
            s.add("SpaceToBatchND", {"input": values(dt, [1, 4, 4, 1]), "block_shape": np.array([2, 2], I32), "paddings": np.zeros((2, 2), I32)}, const=("block_shape", "paddings"), note="2x2")
            s.add("BatchToSpaceND", {"input": values(dt, [4, 2, 2, 1]), "block_shape": np.array([2, 2], I32), "crops": np.zeros((2, 2), I32)}, const=("block_shape", "crops"), note="2x2")


def expand_squeeze(s):
    x = values(F32, [2, 3, 4])
    for axis in (0, 1, 2, 3, -1, -2, -4, 4, -5):
        s.add("ExpandDims", {"input": x, "axis": np.array(axis, I32)}, const=("axis",), note=f"axis {axis}")
    for axis in (0, -1, 1):
        s.add("ExpandDims", {"input": values(F32, []), "axis": np.array(axis, I32)}, const=("axis",), note=f"rank 0 axis {axis}")
    s.add("ExpandDims", {"input": x, "axis": np.array([2], I32)}, const=("axis",), note="1-element axis vector")
    s.add("ExpandDims", {"input": x, "axis": np.array([1, 2], I32)}, const=("axis",), note="2-element axis vector")
    s.add("ExpandDims", {"input": values(F32, [2, 0]), "axis": np.array(1, I32)}, const=("axis",), note="empty")
    s.add("ExpandDims", {"input": values(F32, [1, 2, 1, 1, 2, 1, 2]), "axis": np.array(-1, I64)}, const=("axis",), note="rank 7 to 8")
    s.add("ExpandDims", {"input": x, "axis": np.array(0, I32)}, note="axis fed")
    y = values(F32, [1, 3, 1, 1])
    for dims in ([], [0], [-1], [0, 2], [-4, -2], [2, 2], [1], [4], [-5]):
        s.add("Squeeze", {"input": y}, {"axis": dims}, note=f"squeeze_dims {dims}")
    s.add("Squeeze", {"input": values(F32, [1, 1, 1])}, note="to a scalar")
    s.add("Squeeze", {"input": values(F32, [])}, note="rank 0")
    s.add("Squeeze", {"input": values(F32, [0, 1, 2])}, note="empty")
    s.add("Squeeze", {"input": values(F32, [0, 1, 2])}, {"axis": [0]}, note="empty, squeeze the 0 dim")
    s.add("Squeeze", {"input": values(F32, RANK8)}, {"axis": [0, -2]}, note="rank 8")


def slices(s):
    x = values(F32, [3, 4, 5])
    for begin, size in (([0, 0, 0], [3, 4, 5]), ([1, 1, 1], [-1, -1, -1]), ([2, 3, 4], [1, 1, 1]), ([1, 0, 0], [0, 4, 5]), ([3, 0, 0], [0, -1, -1]),
                        ([1, 0, 0], [3, 1, 1]), ([-1, 0, 0], [1, 1, 1]), ([0, 0, 0], [1, -2, 1]), ([0, 0], [1, 1])):
        s.add("Slice", {"input": x, "begin": np.array(begin, I32), "size": np.array(size, I32)}, const=("begin", "size"), note=f"begin {begin} size {size}")
    s.add("Slice", {"input": x, "begin": np.array([1, 1, 1], I64), "size": np.array([2, -1, 3], I64)}, note="int64 begin and size fed")
    s.add("Slice", {"input": values(F32, []), "begin": np.array([], I32), "size": np.array([], I32)}, const=("begin", "size"), note="rank 0")
    s.add("Slice", {"input": values(F32, RANK8), "begin": np.array([0, 1, 0, 0, 1, 0, 0, 1], I32), "size": np.array([1, 1, -1, 1, 1, 1, 1, -1], I32)}, const=("begin", "size"), note="rank 8")
    s.add("Slice", {"input": values(STR, [3, 2]), "begin": np.array([1, 1], I32), "size": np.array([2, 1], I32)}, const=("begin", "size"), note="strings")
    spec = {"begin": np.array([-1, 0, 1], I32), "end": np.array([0, 4, 5], I32), "strides": np.array([-1, 2, 2], I32)}
    s.add("StridedSlice", {"input": x, **spec}, {"end_mask": 1}, note="spec fed")
    s.add("StridedSlice", {"input": x, **{k: v.astype(I64) for k, v in spec.items()}}, {"end_mask": 1}, note="int64 spec fed")
    s.add("StridedSlice", {"input": values(F32, [2, 0, 3]), "begin": np.array([0, 0], I32), "end": np.array([2, 1], I32), "strides": np.array([1, 1], I32)},
          const=("begin", "end", "strides"), note="empty input")
    s.add("StridedSlice", {"input": values(F32, RANK8), "begin": np.array([0, 1, -1], I32), "end": np.array([0, 0, 0], I32), "strides": np.array([1, -1, -1], I32)},
          {"ellipsis_mask": 2, "end_mask": 6, "shrink_axis_mask": 1}, const=("begin", "end", "strides"), note="rank 8, ellipsis in the middle")
    s.add("StridedSlice", {"input": values(F32, [4, 3]), "begin": np.array([0, 0, 1, 0], I32), "end": np.array([0, 0, 2, 0], I32), "strides": np.array([1, 1, 1, 1], I32)},
          {"new_axis_mask": 3, "shrink_axis_mask": 4, "end_mask": 8}, const=("begin", "end", "strides"), note="two new axes then shrink")
    s.add("StridedSlice", {"input": values(F32, [4, 3]), "begin": np.array([0, 2], I32), "end": np.array([0, 3], I32), "strides": np.array([1, 1], I32)},
          {"new_axis_mask": 1, "shrink_axis_mask": 1}, const=("begin", "end", "strides"), note="new axis and shrink on the same bit")
    s.add("StridedSlice", {"input": values(F32, [5]), "begin": np.array([-6], I32), "end": np.array([-5], I32), "strides": np.array([1], I32)},
          {"shrink_axis_mask": 1}, const=("begin", "end", "strides"), note="shrink below range")


def reverses(s):
    x = values(F32, [2, 3, 4])
    for dims in ([False, False, False], [True, True, True], [False, True, False], [True, False]):
        s.add("Reverse", {"tensor": x, "dims": np.array(dims)}, const=("dims",), note=f"dims {dims}")
    s.add("Reverse", {"tensor": values(F32, []), "dims": np.array([], BOOL)}, const=("dims",), note="rank 0")
    s.add("Reverse", {"tensor": values(F32, RANK8), "dims": np.array([True, True, False, True, True, False, False, True])}, const=("dims",), note="rank 8")
    s.add("Reverse", {"tensor": values(F32, [2, 0]), "dims": np.array([True, True])}, const=("dims",), note="empty")
    for axis in ([], [0, 1, 2], [-3], [1, -2], [3], [-4]):
        s.add("ReverseV2", {"tensor": x, "axis": np.array(axis, I32)}, const=("axis",), note=f"axis {axis}")
    s.add("ReverseV2", {"tensor": values(F32, RANK8), "axis": np.array([0, 3, 7], I32)}, const=("axis",), note="rank 8")
    s.add("ReverseV2", {"tensor": values(F32, []), "axis": np.array([], I32)}, const=("axis",), note="rank 0")
    s.add("ReverseV2", {"tensor": values(F32, [0, 3]), "axis": np.array([1], I32)}, const=("axis",), note="empty")
    s.add("ReverseV2", {"tensor": x, "axis": np.array([2, 0], I32)}, note="axis fed")


def selects(s):
    x, y = values(F32, [3, 2, 2]), values(F32, [3, 2, 2])
    for cond_shape in ([3], [], [3, 2, 2], [2], [3, 2], [1]):
        s.add("Select", {"condition": values(BOOL, cond_shape), "x": x, "y": y}, note=f"condition {cond_shape}")
    s.add("Select", {"condition": values(BOOL, []), "x": values(F32, []), "y": values(F32, [])}, note="scalars")
    s.add("Select", {"condition": values(BOOL, [2]), "x": values(F32, [2]), "y": values(F32, [2])}, note="rank 1")
    s.add("Select", {"condition": values(BOOL, [3]), "x": values(F32, [3, 2]), "y": values(F32, [3, 3])}, note="x and y differ")
    s.add("Select", {"condition": values(BOOL, [0]), "x": values(F32, [0, 2]), "y": values(F32, [0, 2])}, note="empty")
    s.add("Select", {"condition": values(BOOL, [2]), "x": values(F32, RANK8[::-1]), "y": values(F32, RANK8[::-1])}, note="rank 8")
    s.add("Select", {"condition": np.array([True, False]), "x": np.array([np.nan, -0.0], F32), "y": np.array([1, np.inf], F32)}, note="NaN and -0 move")


def space_batch(s):
    for shape, block, pads in (([1, 4, 4, 1], [2, 2], [[0, 0], [0, 0]]), ([1, 3, 3, 2], [2, 2], [[1, 0], [0, 1]]), ([2, 6, 3], [3], [[0, 0]]),
                               ([1, 4, 6, 2, 3], [2, 3], [[0, 0], [0, 0]]), ([2, 2, 4, 1], [1, 2], [[1, 1], [2, 2]]), ([1, 3, 3, 1], [2, 2], [[0, 0], [0, 0]]),
                               ([1, 4, 4, 1], [2, 2], [[-1, 1], [0, 0]]), ([0, 4, 4, 1], [2, 2], [[0, 0], [0, 0]])):
        s.add("SpaceToBatchND", {"input": values(F32, shape), "block_shape": np.array(block, I32), "paddings": np.array(pads, I32)},
              const=("block_shape", "paddings"), note=f"{shape} block {block} pads {pads}")
    s.add("SpaceToBatchND", {"input": values(F32, [1, 4, 4, 1]), "block_shape": np.array([2, 2], I64), "paddings": np.array([[0, 0], [2, 2]], I64)},
          const=("block_shape", "paddings"), note="int64 block and paddings")
    for shape, block, crops in (([4, 2, 2, 1], [2, 2], [[0, 0], [0, 0]]), ([4, 2, 2, 2], [2, 2], [[1, 0], [0, 1]]), ([6, 2, 3], [3], [[1, 2]]),
                                ([6, 2, 1, 2, 3], [2, 3], [[0, 0], [0, 0]]), ([3, 2, 2, 1], [2, 2], [[0, 0], [0, 0]]), ([4, 2, 2, 1], [2, 2], [[3, 2], [0, 0]]),
                                ([4, 1, 1, 1], [2, 2], [[0, 0], [-1, 0]])):
        s.add("BatchToSpaceND", {"input": values(F32, shape), "block_shape": np.array(block, I32), "crops": np.array(crops, I32)},
              const=("block_shape", "crops"), note=f"{shape} block {block} crops {crops}")
    s.add("BatchToSpaceND", {"input": values(F32, [4, 2, 2, 1]), "block_shape": np.array([2, 2], I64), "crops": np.array([[0, 1], [1, 0]], I64)},
          const=("block_shape", "crops"), note="int64 block and crops")


def gathers(s):
    x = values(F32, [4, 3])
    for idx in ([2, 0], 3, [[1, 2], [3, 0]], [], [-1], [4]):
        for it in (I32, I64):
            s.add("Gather", {"params": x, "indices": np.array(idx, it)}, note=f"indices {idx}")
    s.add("Gather", {"params": values(F32, RANK8), "indices": np.array([0, 0], I32)}, note="rank 8 params")
    s.add("Gather", {"params": values(STR, [3]), "indices": np.array([2, 2, 0], I32)}, note="strings")
    s.add("Gather", {"params": values(F32, [0, 2]), "indices": np.array([], I32)}, note="empty params")
    for out in (I32, I64):
        s.add("ShapeN", {"input": [values(F32, [2, 3]), values(F32, []), values(F32, [0, 5]), values(F32, RANK8)]}, {"out_type": out}, note="four inputs")
    s.add("ShapeN", {"input": [values(F32, [7])]}, note="one input")
    x = values(F32, [2, 3])
    for axis in (0, 1, -1, -2, 2):
        s.add("Concat", {"concat_dim": np.array(axis, I32), "values": [x, x]}, const=("concat_dim",), note=f"axis {axis}")
    s.add("Concat", {"concat_dim": np.array(0, I32), "values": [x, values(F32, [0, 3]), x]}, const=("concat_dim",), note="empty piece")
    s.add("Concat", {"concat_dim": np.array(0, I32), "values": [values(F32, []), values(F32, [])]}, const=("concat_dim",), note="scalars")
    s.add("Concat", {"concat_dim": np.array(1, I32), "values": [x, values(F32, [3, 3])]}, const=("concat_dim",), note="mismatch")
    s.add("Concat", {"concat_dim": np.array(7, I32), "values": [values(F32, RANK8)] * 3}, const=("concat_dim",), note="rank 8")
    s.add("Concat", {"concat_dim": np.array(1, I32), "values": [x, x]}, note="axis fed")


def sets(s):
    for a, b in (([2, 1, 3], [4, 1]), ([], [3]), ([1], [5]), ([2, 3], [4, 3]), ([0, 1], [1, 4]), ([1, 0], [3, 1]), ([5, 1, 2], [])):
        for dt in (I32, I64):
            s.add("BroadcastArgs", {"s0": np.array(a, dt), "s1": np.array(b, dt)}, note=f"{a} {b}")
    for x, y in (([1, 2, 3, 4, 5, 6], [1, 3, 5]), ([3, 1, 3, 2], [3]), ([1, 2], []), ([], [1]), ([5, 5, 5], [5]), ([1, 2, 3], [4, 2, 4])):
        for dt, out in ((I32, I32), (F32, I64), (I64, I32)):
            s.add("ListDiff", {"x": np.array(x, dt), "y": np.array(y, dt)}, {"out_idx": out}, note=f"{x} minus {y}")
    s.add("ListDiff", {"x": specials(F32), "y": np.array([np.nan, -0.0], F32)}, note="NaN and -0")
    m = np.array([[1, 2], [3, 4], [1, 2], [0, 0], [3, 4]], I32)
    for axis in ([], [0], [1], [-1], [-2], [2]):
        for at in (I32, I64):
            s.add("UniqueV2", {"x": m, "axis": np.array(axis, at)}, const=("axis",), note=f"axis {axis}")
    s.add("UniqueV2", {"x": values(I32, [9]), "axis": np.array([0], I32)}, {"out_idx": I64}, const=("axis",), note="int64 idx")
    s.add("UniqueV2", {"x": values(I32, [2, 3, 2], 0, 1), "axis": np.array([1], I32)}, const=("axis",), note="rank 3 axis 1")
    s.add("UniqueV2", {"x": values(I32, [0, 2]), "axis": np.array([0], I32)}, const=("axis",), note="empty")
    s.add("UniqueV2", {"x": specials(F32), "axis": np.array([0], I32)}, const=("axis",), note="NaN and -0")


def wheres(s):
    for dt in NUMERIC + [BOOL]:
        s.add("Where", {"condition": specials(dt) if dt != BOOL else values(BOOL, [5])}, note="specials")
    for shape in ([], [0], [3, 0], [4], [2, 3], [2, 1, 3], [1, 2, 2, 1], [2, 1, 2, 1, 2], [1, 2, 1, 2, 1, 2], [2, 1, 1, 2, 1, 1, 2], RANK8):
        s.add("Where", {"condition": values(BOOL, shape)}, note=f"shape {shape}")
        s.add("Where", {"condition": values(F32, shape, -1, 1)}, note=f"float shape {shape}")
    s.add("Where", {"condition": np.zeros([3, 4], BOOL)}, note="all false")
    s.add("Where", {"condition": np.ones([2, 3], BOOL)}, note="all true")


def identities(s):
    for op in ("Identity", "Snapshot", "StopGradient"):
        for shape in ([], [0, 3], RANK8):
            s.add(op, {"input": values(F32, shape)}, note=f"shape {shape}")
        s.add(op, {"input": specials(F32)}, note="specials")
    s.add("IdentityN", {"input": [values(F32, [2]), values(I64, []), values(STR, [0]), values(BOOL, RANK8)]}, note="mixed dtypes")
    for shape in ([2, 3, 4], [-1, 3, -1], [2, 3, 5], [2, 3], [], None):
        s.add("EnsureShape", {"input": values(F32, [2, 3, 4])}, {"shape": tf.TensorShape(None if shape is None else [d if d >= 0 else None for d in shape])}, note=f"shape {shape}")
    s.add("EnsureShape", {"input": values(F32, [])}, {"shape": []}, note="rank 0")
    s.add("EnsureShape", {"input": values(F32, [0, 3])}, {"shape": tf.TensorShape([0, None])}, note="empty")


def bitcasts(s):
    f = np.array([1.0, -0.0, np.nan, np.inf, -2.5, 3.4e38, 1e-45], F32)
    for dst in (I32, U8, I8, I16, U16, F16, BF16, I64, F64, U64):
        s.add("Bitcast", {"input": f if dst not in (I64, F64, U64) else f[:6].reshape(3, 2)}, {"type": dst}, note=f"float32 to {np.dtype(dst).name}")
    for src in (I32, U8, I8, I16, U16, F16, BF16, I64, F64):
        shape = {1: [2, 4], 2: [3, 2], 4: [3], 8: [3]}[np.dtype(src).itemsize]
        s.add("Bitcast", {"input": values(src, shape, -9, 9)}, {"type": F32}, note=f"{np.dtype(src).name} to float32")
    s.add("Bitcast", {"input": values(I32, [])}, {"type": F32}, note="rank 0")
    s.add("Bitcast", {"input": values(I32, [0, 2])}, {"type": F32}, note="empty")
    s.add("Bitcast", {"input": values(I32, [3])}, {"type": I32}, note="same type")
    s.add("Bitcast", {"input": values(U8, [3])}, {"type": F32}, note="wrong last dim")


def corners(s):
    for shape, to in (([0, 3], [0, -1]), ([2, 0], [0, -1]), ([0, 6], [0, 4, -1]), ([0, 3], [-1, 0]), ([0, 3], [0, 0, -1]), ([3, 0, 2], [-1, 0]),
                      ([0, 3], [-1]), ([0, 3], [5, -1]), ([0], [2, -1, 0]), ([0, 3], [-1, -1])):
        s.add("Reshape", {"tensor": values(F32, shape), "shape": np.array(to, I32)}, const=("shape",), note=f"{shape} to {to}")
    s.add("Reshape", {"tensor": values(F32, [0, 3]), "shape": np.array([0, -1], I32)}, note="[0, 3] to [0, -1] fed")
    s.add("Reshape", {"tensor": values(STR, [0, 2]), "shape": np.array([0, -1], I64)}, const=("shape",), note="strings, int64 shape")
    x = values(F32, [2, 3, 4])
    for perm in ([-3, -2, -1], [2, -3, 1], [-1, -2, -3], [0, 0, 1], [3, 0, 1], [-4, 0, 1], [0, 1]):
        s.add("Transpose", {"x": x, "perm": np.array(perm, I32)}, const=("perm",), note=f"perm {perm}")
    s.add("Transpose", {"x": x, "perm": np.array([-1, 0, 1], I64)}, note="int64 perm fed")
    s.add("Transpose", {"x": values(I64, [2, 3]), "perm": np.array([-1, 0], I32)}, const=("perm",), note="int64 values")
    s.add("Transpose", {"x": values(STR, [2, 3]), "perm": np.array([-1, -2], I32)}, const=("perm",), note="strings")
    for dt in (F64, BF16, I8, I16, U16, U64):
        s.add("Fill", {"dims": np.array([2, 3], I32), "value": values(dt, [])}, const=("dims",), note="2x3")
    s.add("Fill", {"dims": np.array([], I32), "value": values(F32, [])}, const=("dims",), note="rank 0")
    s.add("Fill", {"dims": np.array([2], I32), "value": values(F32, [2])}, const=("dims",), note="value not a scalar")
    s.add("Fill", {"dims": np.array([2, -1], I32), "value": values(F32, [])}, const=("dims",), note="negative dim")
    s.add("Fill", {"dims": np.array([3], I32), "value": np.array(np.nan, F32)}, note="NaN, dims fed")


def build(s):
    per_dtype(s)
    expand_squeeze(s)
    slices(s)
    reverses(s)
    selects(s)
    space_batch(s)
    gathers(s)
    sets(s)
    wheres(s)
    identities(s)
    bitcasts(s)
    corners(s)
