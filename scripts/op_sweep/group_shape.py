"""Element movers and shape ops: Reshape, Transpose, ConcatV2, Pack, Unpack, GatherV2 (axis, batch_dims,
negative / out-of-range indices), GatherNd, Tile, Pad / PadV2 / MirrorPad, ExpandDims, Squeeze, ReverseV2,
Split / SplitV, Fill, Shape / Size / Rank, BroadcastTo, Range, OneHot, MatrixBandPart, Where, Unique,
SpaceToDepth / DepthToSpace, UnsortedSegmentSum / SparseSegmentSum / SparseSegmentMean, ScatterNd, LinSpace,
over dtypes, rank 0, empty tensors and ranks up to 8."""
from sweep_common import BOOL, F32, F16, I32, I64, U8, STR, Sweep, np, specials, values

DTS = [F32, I32, I64, BOOL, STR, U8, F16]


def moves(s):
    for dt in DTS:
        x = values(dt, [2, 3, 4])
        s.add("Reshape", {"tensor": x, "shape": np.array([4, -1], I32)}, const=("shape",), note="-1")
        s.add("Transpose", {"x": x, "perm": np.array([2, 0, 1], I32)}, const=("perm",), note="perm 2 0 1")
        s.add("ConcatV2", {"values": [x, values(dt, [2, 1, 4])], "axis": np.array(-2, I32)}, const=("axis",), note="axis -2")
        s.add("Pack", {"values": [x, x]}, {"axis": -1}, note="axis -1")
        s.add("Unpack", {"value": x}, {"num": 3, "axis": 1}, note="axis 1")
        s.add("GatherV2", {"params": x, "indices": np.array([[2, 0], [1, 1]], I32), "axis": np.array(1, I32)}, const=("axis",), note="axis 1")
        s.add("GatherNd", {"params": x, "indices": np.array([[1, 2], [0, 0]], I32)}, note="partial index")
        s.add("Tile", {"input": x, "multiples": np.array([2, 1, 0], I32)}, const=("multiples",), note="multiple 0")
        s.add("ReverseV2", {"tensor": x, "axis": np.array([0, -1], I32)}, const=("axis",), note="axes 0 -1")
        s.add("ExpandDims", {"input": x, "axis": np.array(-1, I32)}, const=("axis",), note="-1")
        s.add("Squeeze", {"input": values(dt, [1, 3, 1])}, {"axis": [-1]}, note="-1")
        s.add("BroadcastTo", {"input": values(dt, [3, 1]), "shape": np.array([2, 3, 4], I32)}, const=("shape",), note="rank up")
        s.add("Split", {"axis": np.array(1, I32), "value": values(dt, [2, 6])}, {"num_split": 3}, const=("axis",), note="3 ways")
        s.add("SplitV", {"value": values(dt, [2, 6]), "size_splits": np.array([1, -1, 2], I32), "axis": np.array(-1, I32)}, {"num_split": 3}, const=("size_splits", "axis"), note="-1 size")
        s.add("Fill", {"dims": np.array([2, 3], I32), "value": values(dt, [])}, const=("dims",), note="2x3")
        s.add("Shape", {"input": x}, {"out_type": I64}, note="int64")
        s.add("Size", {"input": x}, note="int32")
        s.add("Rank", {"input": x}, note="rank 3")
        if dt != STR:
            s.add("Pad", {"input": x, "paddings": np.array([[1, 0], [0, 2], [1, 1]], I32)}, const=("paddings",), note="pad")
            s.add("MirrorPad", {"input": x, "paddings": np.array([[1, 1], [0, 2], [1, 0]], I32)}, {"mode": "REFLECT"}, const=("paddings",), note="REFLECT")
            s.add("MirrorPad", {"input": x, "paddings": np.array([[2, 1], [0, 3], [1, 0]], I32)}, {"mode": "SYMMETRIC"}, const=("paddings",), note="SYMMETRIC")
            s.add("SpaceToDepth", {"input": values(dt, [1, 4, 6, 2])}, {"block_size": 2}, note="block 2")
            s.add("DepthToSpace", {"input": values(dt, [1, 2, 3, 8])}, {"block_size": 2}, note="block 2")
            s.add("MatrixBandPart", {"input": values(dt, [2, 3, 4]), "num_lower": np.array(-1, I64), "num_upper": np.array(1, I64)}, const=("num_lower", "num_upper"), note="-1 1")
    x = values(F32, [2, 3, 4])
    for shape in ([-1], [2, -1, 2], [], [0, -1], [5, -1]):
        xx = values(F32, [1]) if shape == [] else values(F32, [0, 3]) if shape == [0, -1] else x
        s.add("Reshape", {"tensor": xx, "shape": np.array(shape, I32)}, const=("shape",), note=f"shape {shape}")
    s.add("Reshape", {"tensor": x, "shape": np.array([3, 8], I64)}, const=("shape",), note="int64 shape")
    s.add("Reshape", {"tensor": x, "shape": np.array([3, 8], I32)}, note="shape fed")
    s.add("Reshape", {"tensor": values(F32, [2, 1, 2, 1, 1, 2, 1]), "shape": np.array([1, 2, 1, 1, 2, 1, 1, 2], I32)}, const=("shape",), note="rank 7 to 8")
    for perm in ([0, 1, 2], [1, 0, 2], [2, 1, 0], [-1, 0, 1]):
        s.add("Transpose", {"x": x, "perm": np.array(perm, I32)}, const=("perm",), note=f"perm {perm}")
    s.add("Transpose", {"x": values(F32, [2, 1, 2, 1, 3, 1, 2, 2]), "perm": np.array([7, 0, 6, 1, 5, 2, 4, 3], I32)}, const=("perm",), note="rank 8")
    s.add("Transpose", {"x": values(F32, [2, 1, 2, 3, 1, 2]), "perm": np.array([5, 3, 1, 0, 4, 2], I64)}, const=("perm",), note="rank 6 int64 perm")
    s.add("Transpose", {"x": values(F32, [2, 0, 3]), "perm": np.array([2, 0, 1], I32)}, const=("perm",), note="empty")
    s.add("Transpose", {"x": values(F32, []), "perm": np.array([], I32)}, const=("perm",), note="rank 0")
    for axis in (0, 1, 2, -1, -3, 3):
        s.add("ConcatV2", {"values": [x, x, x], "axis": np.array(axis, I32)}, const=("axis",), note=f"axis {axis}")
    s.add("ConcatV2", {"values": [values(F32, [2, 0]), values(F32, [2, 3])], "axis": np.array(1, I32)}, const=("axis",), note="empty piece")
    s.add("ConcatV2", {"values": [values(F32, [2, 3]), values(F32, [3, 3])], "axis": np.array(1, I32)}, const=("axis",), note="mismatch")
    s.add("ConcatV2", {"values": [values(F32, [1, 2, 1, 1, 2, 1, 1, 2])] * 2, "axis": np.array(7, I64)}, const=("axis",), note="rank 8")
    for axis in (0, 1, 3, -4):
        s.add("Pack", {"values": [x, x]}, {"axis": axis}, note=f"axis {axis}")
    s.add("Pack", {"values": [values(F32, []), values(F32, [])]}, note="scalars")
    s.add("Unpack", {"value": values(F32, [2, 0, 3])}, {"num": 2, "axis": 0}, note="empty")


def gathers(s):
    x = values(F32, [3, 4, 5])
    for axis, bd, idx in ((0, 0, [[2, 0], [1, 1]]), (-1, 0, [4, 0, 4]), (2, 0, []), (1, 1, [[1, 3], [0, 0], [2, 2]]), (2, 1, [[4], [0], [1]]),
                          (-1, -1, [[1, 3], [0, 0], [2, 2]]), (0, 0, [3]), (0, 0, [-1]), (1, 2, [[1, 3], [0, 0], [2, 2]])):
        for it in (I32, I64):
            s.add("GatherV2", {"params": x, "indices": np.array(idx, it).reshape(-1 if idx == [] else np.array(idx).shape), "axis": np.array(axis, I32)}, {"batch_dims": bd}, const=("axis",), note=f"axis {axis} batch_dims {bd} indices {idx}")
    s.add("GatherV2", {"params": values(F32, []), "indices": np.array(0, I32), "axis": np.array(0, I32)}, const=("axis",), note="scalar params")
    s.add("GatherV2", {"params": values(F32, [2, 1, 2, 1, 1, 2, 1, 2]), "indices": np.array([1, 0], I32), "axis": np.array(-1, I32)}, const=("axis",), note="rank 8")
    for idx in ([[1, 2, 3]], [[0], [2]], [[[1, 1]], [[0, 3]]], [[3, 0]], [[-1, 0]], np.zeros((0, 2), int)):
        s.add("GatherNd", {"params": x, "indices": np.array(idx, I32)}, note=f"indices {np.array(idx).tolist()}")
    s.add("GatherNd", {"params": x, "indices": np.array([[2, 1]], I64)}, note="int64 indices")


def pads(s):
    x = values(F32, [2, 3])
    for mode in ("REFLECT", "SYMMETRIC"):
        for p in ([[1, 1], [2, 2]], [[0, 0], [0, 0]], [[2, 0], [0, 1]], [[1, 2], [3, 3]]):
            s.add("MirrorPad", {"input": x, "paddings": np.array(p, I32)}, {"mode": mode}, const=("paddings",), note=f"{mode} {p}")
    s.add("Pad", {"input": x, "paddings": np.array([[1, 1], [-1, 0]], I32)}, const=("paddings",), note="negative padding")
    s.add("PadV2", {"input": x, "paddings": np.array([[1, 0], [0, 2]], I32), "constant_values": np.array(-7.5, F32)}, const=("paddings",), note="constant")
    s.add("Pad", {"input": values(F32, []), "paddings": np.zeros((0, 2), I32)}, const=("paddings",), note="rank 0")
    s.add("Pad", {"input": values(F32, [2, 0]), "paddings": np.array([[1, 0], [1, 1]], I64)}, const=("paddings",), note="empty, int64")
    s.add("Pad", {"input": values(F32, [1, 2, 1, 1, 2, 1, 1, 2]), "paddings": np.array([[1, 0]] * 8, I32)}, const=("paddings",), note="rank 8")
    for m in ([2, 3], [1, 1], [0, 2]):
        s.add("Tile", {"input": x, "multiples": np.array(m, I32)}, const=("multiples",), note=f"multiples {m}")
    s.add("Tile", {"input": values(F32, []), "multiples": np.array([], I32)}, const=("multiples",), note="rank 0")
    s.add("Tile", {"input": values(F32, [1, 2, 1, 1, 2, 1, 1, 2]), "multiples": np.array([2, 1, 1, 2, 1, 1, 2, 1], I32)}, const=("multiples",), note="rank 8")


def ranges(s):
    for args, dt in (((0, 5, 1), I32), ((5, 0, -2), I32), ((0, 0, 1), I32), ((1, 5, -1), I32), ((0, 1, 0.25), F32), ((2.5, -1, -0.5), F32), ((0, 10, 3), I64), ((0, 1, 0), I32)):
        s.add("Range", {"start": np.array(args[0], dt), "limit": np.array(args[1], dt), "delta": np.array(args[2], dt)}, note=f"{args} {np.dtype(dt).name}")
    for n in (1, 2, 5):
        s.add("LinSpace", {"start": np.array(-1, F32), "stop": np.array(2, F32), "num": np.array(n, I32)}, const=("num",), note=f"num {n}", tol=[1e-6, 1e-6])
    for depth, axis in ((4, -1), (3, 0), (0, -1), (3, 1)):
        for dt in (F32, I32, BOOL):
            s.add("OneHot", {"indices": np.array([[0, 2, -1], [3, 1, 1]], I32), "depth": np.array(depth, I32), "on_value": np.array(1, dt) if dt != BOOL else np.array(True),
                             "off_value": np.array(0, dt) if dt != BOOL else np.array(False)}, {"axis": axis}, const=("depth",), note=f"depth {depth} axis {axis}")
    s.add("OneHot", {"indices": np.array([1, 0], I64), "depth": np.array(2, I32), "on_value": np.array(5.5, F32), "off_value": np.array(-1, F32)}, const=("depth",), note="int64 indices")
    for lo, hi in ((-1, 0), (0, -1), (1, 1), (0, 0), (5, 5), (-1, -1), (2, 0)):
        s.add("MatrixBandPart", {"input": values(F32, [2, 3, 4]), "num_lower": np.array(lo, I64), "num_upper": np.array(hi, I64)}, note=f"{lo} {hi}")


def selection(s):
    for dt in (F32, I32, BOOL, I64):
        s.add("Where", {"condition": values(dt, [2, 3, 2])}, note="rank 3")
    s.add("Where", {"condition": values(BOOL, [])}, note="rank 0")
    s.add("Where", {"condition": values(BOOL, [2, 0])}, note="empty")
    s.add("Where", {"condition": specials(F32)}, note="specials")
    for dt in (F32, I32, I64, STR):
        s.add("Unique", {"x": values(dt, [9])}, note="unique")
    s.add("Unique", {"x": values(I32, [0])}, note="empty")
    data = values(F32, [5, 2])
    for ids, n in (([0, 2, 0, 4, 1], 5), ([3, 3, 0, -1, 1], 4), ([0, 0, 0, 0, 0], 1), ([0, 1, 2, 3, 9], 4)):
        s.add("UnsortedSegmentSum", {"data": data, "segment_ids": np.array(ids, I32), "num_segments": np.array(n, I32)}, const=("num_segments",), note=f"ids {ids} n {n}")
    for op in ("SparseSegmentSum", "SparseSegmentMean"):
        for idx, seg in (([0, 1, 4], [0, 0, 1]), ([2, 2], [0, 2]), ([], []), ([0, 5], [0, 1]), ([1, 0], [1, 0])):
            s.add(op, {"data": data, "indices": np.array(idx, I32), "segment_ids": np.array(seg, I32)}, note=f"idx {idx} seg {seg}", tol=[1e-6, 1e-6])
    s.add("ScatterNd", {"indices": np.array([[0], [2], [0]], I32), "updates": values(F32, [3, 2]), "shape": np.array([4, 2], I32)}, const=("shape",), note="duplicates add")
    s.add("ScatterNd", {"indices": np.array([[5]], I32), "updates": values(F32, [1, 2]), "shape": np.array([4, 2], I32)}, const=("shape",), note="out of range")
    s.add("TensorScatterUpdate", {"tensor": values(F32, [4, 2]), "indices": np.array([[1], [3]], I32), "updates": values(F32, [2, 2])}, note="update rows")


def build(s):
    moves(s)
    gathers(s)
    pads(s)
    ranges(s)
    selection(s)
