"""Sparse and ragged ops: SparseToDense (validate_indices, unsorted / repeated / out-of-range indices, scalar and
vector values, dtypes), SparseReshape (-1, rank changes, mismatches), SparseFillEmptyRows (empty rows, no
values, dtypes), RaggedGather (ragged ranks 1 and 2, negative / out-of-range indices, index ranks), RaggedRange
(broadcast scalars, negative and zero deltas, dtypes), RaggedTensorToTensor (ROW_SPLITS, FIRST_DIM_SIZE +
VALUE_ROWIDS, default_value scalar or inner, shape cutting and padding, strings and int64)."""
from sweep_common import F16, F32, F64, I32, I64, U8, BOOL, STR, Sweep, np, values


def sparse_to_dense(s):
    idx = np.array([[0, 1], [1, 3], [2, 0]], I64)
    for dt in (F32, I32, I64, BOOL, STR, U8, F64, F16):
        s.add("SparseToDense", {"sparse_indices": idx, "output_shape": np.array([3, 4], I64), "sparse_values": values(dt, [3]),
                                "default_value": values(dt, [])}, note="2-D")
    for it in (I32, I64):
        s.add("SparseToDense", {"sparse_indices": np.array([1, 4], it), "output_shape": np.array([5], it), "sparse_values": np.array(7.0, F32),
                                "default_value": np.array(-1.0, F32)}, note="1-D indices, scalar value")
    s.add("SparseToDense", {"sparse_indices": np.array(2, I32), "output_shape": np.array([4], I32), "sparse_values": np.array(1, I32),
                            "default_value": np.array(0, I32)}, note="scalar index")
    for validate in (True, False):
        s.add("SparseToDense", {"sparse_indices": np.array([[2, 0], [0, 1]], I64), "output_shape": np.array([3, 2], I64),
                                "sparse_values": np.array([1.0, 2.0], F32), "default_value": np.array(0.0, F32)}, {"validate_indices": validate},
              note=f"unsorted validate {validate}")
        s.add("SparseToDense", {"sparse_indices": np.array([[0, 1], [0, 1]], I64), "output_shape": np.array([3, 2], I64),
                                "sparse_values": np.array([1.0, 2.0], F32), "default_value": np.array(0.0, F32)}, {"validate_indices": validate},
              note=f"repeated validate {validate}")
        s.add("SparseToDense", {"sparse_indices": np.array([[0, 1], [3, 0]], I64), "output_shape": np.array([3, 2], I64),
                                "sparse_values": np.array([1.0, 2.0], F32), "default_value": np.array(0.0, F32)}, {"validate_indices": validate},
              note=f"out of range validate {validate}")
    s.add("SparseToDense", {"sparse_indices": np.zeros([0, 2], I64), "output_shape": np.array([2, 2], I64),
                            "sparse_values": np.zeros([0], F32), "default_value": np.array(5.0, F32)}, note="no values")
    s.add("SparseToDense", {"sparse_indices": idx, "output_shape": np.array([3, 4], I64), "sparse_values": values(F32, [2]),
                            "default_value": np.array(0.0, F32)}, note="values count mismatch")
    s.add("SparseToDense", {"sparse_indices": idx, "output_shape": np.array([3, 4], I64), "sparse_values": values(F32, [3]),
                            "default_value": values(F32, [1])}, note="default not scalar")


def sparse_reshape(s):
    idx = np.array([[0, 0, 1], [0, 2, 3], [1, 1, 0]], I64)
    shape = np.array([2, 3, 4], I64)
    for new in ([6, 4], [-1, 4], [24], [2, -1], [4, 3, 2], [1, 2, 3, 4], [5, -1], [-1, -1], [7, 4], [0, -1]):
        s.add("SparseReshape", {"input_indices": idx, "input_shape": shape, "new_shape": np.array(new, I64)}, note=f"to {new}")
    s.add("SparseReshape", {"input_indices": np.zeros([0, 2], I64), "input_shape": np.array([0, 3], I64), "new_shape": np.array([-1, 3], I64)}, note="empty -1")
    s.add("SparseReshape", {"input_indices": np.zeros([0, 2], I64), "input_shape": np.array([2, 3], I64), "new_shape": np.array([3, 2], I64)}, note="no values")


def fill_empty_rows(s):
    idx = np.array([[0, 1], [0, 3], [2, 0], [4, 2]], I64)
    for dt in (F32, I32, I64, STR, BOOL, F64):
        s.add("SparseFillEmptyRows", {"indices": idx, "values": values(dt, [4]), "dense_shape": np.array([6, 4], I64), "default_value": values(dt, [])},
              note="rows 1 3 5 empty")
    s.add("SparseFillEmptyRows", {"indices": np.zeros([0, 2], I64), "values": np.zeros([0], F32), "dense_shape": np.array([3, 2], I64),
                                  "default_value": np.array(9.0, F32)}, note="no values")
    s.add("SparseFillEmptyRows", {"indices": np.zeros([0, 2], I64), "values": np.zeros([0], F32), "dense_shape": np.array([0, 2], I64),
                                  "default_value": np.array(9.0, F32)}, note="no rows")
    s.add("SparseFillEmptyRows", {"indices": np.array([[1, 0], [0, 1]], I64), "values": np.array([1.0, 2.0], F32), "dense_shape": np.array([3, 2], I64),
                                  "default_value": np.array(0.0, F32)}, note="unsorted")
    s.add("SparseFillEmptyRows", {"indices": np.array([[0, 0, 1], [2, 1, 0]], I64), "values": np.array([1, 2], I32), "dense_shape": np.array([3, 2, 2], I64),
                                  "default_value": np.array(-1, I32)}, note="rank 3")
    s.add("SparseFillEmptyRows", {"indices": np.array([[5, 0]], I64), "values": np.array([1.0], F32), "dense_shape": np.array([3, 2], I64),
                                  "default_value": np.array(0.0, F32)}, note="row out of range")


def ragged_gather(s):
    splits = np.array([0, 2, 2, 5, 6], I64)
    vals = np.arange(6, dtype=F32) * 1.5
    for it in (I32, I64):
        for idx in ([3, 0, 1], [[0, 2], [3, 3]], [], 2, [-1], [4]):
            s.add("RaggedGather", {"params_nested_splits": [splits], "params_dense_values": vals, "indices": np.array(idx, it)},
                  {"OUTPUT_RAGGED_RANK": max(np.array(idx).ndim, 1) if np.array(idx).ndim else 0}, note=f"indices {idx}")
    for dt in (I32, I64, STR, BOOL):
        s.add("RaggedGather", {"params_nested_splits": [np.array([0, 1, 3], I32)], "params_dense_values": values(dt, [3]), "indices": np.array([1, 1, 0], I32)},
              {"OUTPUT_RAGGED_RANK": 1}, note="int32 splits")
    s.add("RaggedGather", {"params_nested_splits": [np.array([0, 2, 3], I64), np.array([0, 1, 1, 4], I64)], "params_dense_values": np.arange(4, dtype=I32),
                           "indices": np.array([1, 0], I64)}, {"OUTPUT_RAGGED_RANK": 2}, note="ragged rank 2")
    s.add("RaggedGather", {"params_nested_splits": [splits], "params_dense_values": values(F32, [6, 2]), "indices": np.array([2, 0], I64)},
          {"OUTPUT_RAGGED_RANK": 1}, note="inner dimension")


def ragged_range(s):
    for dt in (I32, I64, F32, F64):
        s.add("RaggedRange", {"starts": np.array([0, 5, 2], dt), "limits": np.array([3, 0, 2], dt), "deltas": np.array([1, -2, 1], dt)}, note="vectors")
        s.add("RaggedRange", {"starts": np.array(0, dt), "limits": np.array([3, 4, 0], dt), "deltas": np.array(2, dt)}, note="broadcast scalars")
        s.add("RaggedRange", {"starts": np.array(1, dt), "limits": np.array(5, dt), "deltas": np.array(1, dt)}, note="all scalars")
        s.add("RaggedRange", {"starts": np.array([0], dt), "limits": np.array([3], dt), "deltas": np.array([0], dt)}, note="zero delta")
        s.add("RaggedRange", {"starts": np.array([0, 1], dt), "limits": np.array([3], dt), "deltas": np.array([1], dt)}, note="size mismatch")
    s.add("RaggedRange", {"starts": np.array([0.5, -1.0], F32), "limits": np.array([2.0, 1.0], F32), "deltas": np.array([0.3, 0.75], F32)},
          note="fractional deltas")
    s.add("RaggedRange", {"starts": np.array([0, 1], I32), "limits": np.array([3, 4], I32), "deltas": np.array([1, 2], I32)}, {"Tsplits": I32}, note="int32 splits")


def to_tensor(s):
    vals = np.arange(1, 7, dtype=F32)
    splits = np.array([0, 2, 2, 5, 6], I64)
    shape_none = np.array(-1, I64)
    for dt in (F32, I32, I64, STR, BOOL, F64, U8):
        v = values(dt, [6])
        s.add("RaggedTensorToTensor", {"shape": shape_none, "values": v, "default_value": values(dt, []), "row_partition_tensors": [splits]},
              {"row_partition_types": ["ROW_SPLITS"]}, note="splits, natural shape")
    for shp in ([4, 3], [2, 2], [6, 5], [-1, 2], [3, -1]):
        s.add("RaggedTensorToTensor", {"shape": np.array(shp, I64), "values": vals, "default_value": np.array(-1.0, F32), "row_partition_tensors": [splits]},
              {"row_partition_types": ["ROW_SPLITS"]}, note=f"shape {shp}")
    rowids = np.array([0, 0, 2, 2, 2, 3], I64)
    for nrows in (4, 6, 2):
        s.add("RaggedTensorToTensor", {"shape": shape_none, "values": vals, "default_value": np.array(0.0, F32),
                                       "row_partition_tensors": [np.array(nrows, I64), rowids]},
              {"row_partition_types": ["FIRST_DIM_SIZE", "VALUE_ROWIDS"]}, note=f"rowids nrows {nrows}")
    s.add("RaggedTensorToTensor", {"shape": shape_none, "values": values(F32, [6, 2]), "default_value": np.array([7.0, 8.0], F32),
                                   "row_partition_tensors": [splits]}, {"row_partition_types": ["ROW_SPLITS"]}, note="inner default")
    s.add("RaggedTensorToTensor", {"shape": np.array([4, 3, 2], I64), "values": values(F32, [6, 2]), "default_value": np.array(0.0, F32),
                                   "row_partition_tensors": [splits]}, {"row_partition_types": ["ROW_SPLITS"]}, note="inner dims with shape")
    s.add("RaggedTensorToTensor", {"shape": shape_none, "values": np.arange(4, dtype=I32), "default_value": np.array(0, I32),
                                   "row_partition_tensors": [np.array([0, 2, 3], I64), np.array([0, 1, 1, 4], I64)]},
          {"row_partition_types": ["ROW_SPLITS", "ROW_SPLITS"]}, note="ragged rank 2")
    s.add("RaggedTensorToTensor", {"shape": shape_none, "values": vals, "default_value": np.array(0.0, F32),
                                   "row_partition_tensors": [np.array([0, 2, 9], I64)]}, {"row_partition_types": ["ROW_SPLITS"]}, note="bad splits")
    s.add("RaggedTensorToTensor", {"shape": shape_none, "values": vals, "default_value": np.array(0.0, F32),
                                   "row_partition_tensors": [np.array([0, 2, 2, 5, 6], I32)]}, {"row_partition_types": ["ROW_SPLITS"]}, note="int32 splits")
    s.add("RaggedTensorToTensor", {"shape": shape_none, "values": np.zeros([0], F32), "default_value": np.array(0.0, F32),
                                   "row_partition_tensors": [np.array([0, 0, 0], I64)]}, {"row_partition_types": ["ROW_SPLITS"]}, note="empty rows")


def build(s: Sweep):
    sparse_to_dense(s)
    sparse_reshape(s)
    fill_empty_rows(s)
    ragged_gather(s)
    ragged_range(s)
    to_tensor(s)
