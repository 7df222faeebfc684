"""FFT / complex, searching and counting, random ops: FFT, IFFT, RFFT, IRFFT (fft_length cropping and padding, odd
and even), Complex, Real, Imag, ComplexAbs (complex64 and complex128), Bucketize (duplicate / empty boundaries, NaN,
int and float inputs), LowerBound / UpperBound (out_type, batched, NaN), Bincount / DenseBincount / RaggedBincount
(weights or none, binary_output, size 0, values out of range), and the random ops RandomUniform,
RandomUniformInt, RandomStandardNormal, TruncatedNormal, Multinomial (dtype, shape and bounds only)."""
from sweep_common import C64, C128, F16, F32, F64, I32, I64, U8, BF16, Sweep, np, values


def cplx(dtype, shape):
    return (values(F64, shape) + 1j * values(F64, shape)).astype(dtype)


def complex_ops(s):
    for dt in (C64, C128):
        tol = [1e-5, 1e-5] if dt == C64 else [1e-12, 1e-12]
        for shape in ([8], [3, 5], [2, 2, 6], [0], [4, 0]):
            s.add("FFT", {"input": cplx(dt, shape)}, note=f"shape {shape}", tol=tol)
            s.add("IFFT", {"input": cplx(dt, shape)}, note=f"shape {shape}", tol=tol)
        s.add("FFT", {"input": cplx(dt, [])}, note="rank 0")
        s.add("FFT", {"input": cplx(dt, [1, 2, 1, 1, 2, 1, 1, 4])}, note="rank 8", tol=tol)
        s.add("Complex", {"real": values(F32 if dt == C64 else F64, [2, 3]), "imag": values(F32 if dt == C64 else F64, [3])},
              {"Tout": dt}, note="broadcast")
        s.add("Complex", {"real": values(F32 if dt == C64 else F64, []), "imag": values(F32 if dt == C64 else F64, [])}, {"Tout": dt}, note="rank 0")
        part = F32 if dt == C64 else F64
        special = np.array([0, -0.0, np.nan, np.inf, -np.inf, 3, -4, 1e30], part)
        z = (special + 1j * special[::-1]).astype(dt)
        for op in ("Real", "Imag", "ComplexAbs"):
            s.add(op, {"input" if op != "ComplexAbs" else "x": z}, {"Tout": part}, note="specials")
            s.add(op, {"input" if op != "ComplexAbs" else "x": cplx(dt, [2, 0, 3])}, {"Tout": part}, note="empty")
        s.add("ComplexAbs", {"x": cplx(dt, [3, 4])}, {"Tout": part}, note="2-D", tol=[0, 2e-7] if dt == C64 else None)
    for real, cdt in ((F32, C64), (F64, C128)):
        tol = [1e-5, 1e-5] if real == F32 else [1e-12, 1e-12]
        for n, fl in ((8, 8), (7, 7), (8, 5), (8, 12), (7, 4), (5, 9), (6, 1)):  # fft_length 0 aborts TensorFlow 2.21 itself (ducc assertion)
            s.add("RFFT", {"input": values(real, [2, n]), "fft_length": np.array([fl], I32)}, {"Tcomplex": cdt},
                  const=("fft_length",), note=f"n {n} fft_length {fl}", tol=tol)
            m = n // 2 + 1
            s.add("IRFFT", {"input": cplx(cdt, [2, m]), "fft_length": np.array([fl], I32)}, {"Treal": real},
                  const=("fft_length",), note=f"{m} bins fft_length {fl}", tol=tol)
        s.add("RFFT", {"input": values(real, [3, 2, 6]), "fft_length": np.array([6], I32)}, {"Tcomplex": cdt},
              const=("fft_length",), note="rank 3", tol=tol)
        s.add("RFFT", {"input": values(real, [6]), "fft_length": np.array([6], I32)}, {"Tcomplex": cdt}, note="fft_length fed", tol=tol)


def search(s):
    for dt in (F32, F64, I32, I64):
        x = values(dt, [3, 4]) if dt in (I32, I64) else np.array([[-np.inf, -1, 0, 0.5], [1, 2, np.nan, 3], [-0.0, 10, 2.5, np.inf]], dt)
        for bounds in ([0.0, 1.0, 2.0], [-1.0, 0.0, 0.0, 2.0], [], [0.5], [-2.0, -1.0, 1.0, 1.0, 1.0, 2.0, 3.0]):
            s.add("Bucketize", {"input": x}, {"boundaries": bounds}, note=f"boundaries {bounds}")
        s.add("Bucketize", {"input": values(dt, [])}, {"boundaries": [0.0, 1.0]}, note="rank 0")
        s.add("Bucketize", {"input": values(dt, [2, 0])}, {"boundaries": [0.0, 1.0]}, note="empty")
    s.add("Bucketize", {"input": values(F32, [1, 2, 1, 2, 1, 2, 1, 2])}, {"boundaries": [0.0]}, note="rank 8")
    s.add("Bucketize", {"input": np.array([2**31 - 1, -(2**31)], I32)}, {"boundaries": [0.0, 2147483648.0]}, note="int32 extremes")
    s.add("Bucketize", {"input": np.array([2**53 + 1, 2**40, -(2**62)], I64)}, {"boundaries": [9007199254740992.0, 1e12]}, note="int64 beyond 2^53")
    for op in ("LowerBound", "UpperBound"):
        for dt in (F32, F64, I32, I64, U8, F16):
            srt = np.sort(values(dt, [2, 6]), axis=1)
            for out in (I32, I64):
                s.add(op, {"sorted_inputs": srt, "values": values(dt, [2, 4])}, {"out_type": out}, note=f"out {out.__name__}")
        srt = np.array([[0, 1, 1, 1, 2, np.nan]], F32)
        s.add(op, {"sorted_inputs": srt, "values": np.array([[1, np.nan, -np.inf, np.inf, 0.5]], F32)}, note="duplicates and NaN")
        s.add(op, {"sorted_inputs": values(F32, [3, 0]), "values": values(F32, [3, 2])}, note="empty sorted rows")
        s.add(op, {"sorted_inputs": values(F32, [2, 3]), "values": values(F32, [2, 0])}, note="no values")
        s.add(op, {"sorted_inputs": np.sort(values(F32, [1, 5]), axis=1), "values": values(F32, [1, 7])}, note="one row")
        s.add(op, {"sorted_inputs": values(F32, [2, 3]), "values": values(F32, [3, 2])}, note="batch mismatch")
        s.add(op, {"sorted_inputs": np.sort(values(F32, [5])), "values": values(F32, [4])}, note="rank 1")


def counts(s):
    arr = np.array([1, 4, 1, 0, 7, 3, 3, 3], I32)
    for dt in (F32, F64, I32, I64):
        w = values(dt, [8], 0, 3)
        for size in (5, 0, 10):
            s.add("Bincount", {"arr": arr, "size": np.array(size, I32), "weights": w}, const=("size",), note=f"size {size} weights")
        s.add("Bincount", {"arr": arr, "size": np.array(6, I32), "weights": np.zeros([0], dt)}, const=("size",), note="no weights")
    s.add("Bincount", {"arr": np.array([1, -1, 2], I32), "size": np.array(3, I32), "weights": np.zeros([0], F32)}, const=("size",), note="negative value")
    s.add("Bincount", {"arr": np.array([1, 2], I32), "size": np.array(-1, I32), "weights": np.zeros([0], F32)}, const=("size",), note="negative size")
    s.add("Bincount", {"arr": np.array([1, 2], I32), "size": np.array(3, I32), "weights": values(F32, [3])}, const=("size",), note="weights mismatch")
    s.add("Bincount", {"arr": np.zeros([0], I32), "size": np.array(3, I32), "weights": np.zeros([0], F32)}, const=("size",), note="empty")
    s.add("Bincount", {"arr": np.array([[1, 2], [2, 0]], I32), "size": np.array(3, I32), "weights": np.zeros([0], F32)}, const=("size",), note="2-D arr")
    for tidx in (I32, I64):
        for dt in (F32, F64, I32, I64):
            for binary in (False, True):
                x1 = np.array([1, 4, 1, 0, 7, 3, 3, 3], tidx)
                x2 = np.array([[1, 4, 1, 0], [7, 3, 3, 3], [0, 0, 0, 0]], tidx)
                for x, nm in ((x1, "1-D"), (x2, "2-D")):
                    for w in (np.zeros([0], dt), values(dt, list(x.shape), 0, 3)):
                        wn = "no weights" if w.size == 0 else "weights"
                        s.add("DenseBincount", {"input": x, "size": np.array(5, tidx), "weights": w}, {"binary_output": binary},
                              const=("size",), note=f"{nm} {wn} binary {binary}")
        s.add("DenseBincount", {"input": np.array([1, 2], tidx), "size": np.array(0, tidx), "weights": np.zeros([0], F32)}, const=("size",), note="size 0")
        s.add("DenseBincount", {"input": np.array([1, -2, 2], tidx), "size": np.array(3, tidx), "weights": np.zeros([0], F32)}, const=("size",), note="negative value")
        s.add("DenseBincount", {"input": np.zeros([2, 0], tidx), "size": np.array(3, tidx), "weights": np.zeros([0], F32)}, const=("size",), note="empty rows")
        s.add("DenseBincount", {"input": np.zeros([1, 1, 2], tidx), "size": np.array(3, tidx), "weights": np.zeros([0], F32)}, const=("size",), note="rank 3")
        splits = np.array([0, 3, 3, 8], I64)
        for dt in (F32, I32, I64, F64):
            for binary in (False, True):
                for w in (np.zeros([0], dt), values(dt, [8], 0, 3)):
                    wn = "no weights" if w.size == 0 else "weights"
                    s.add("RaggedBincount", {"splits": splits, "values": np.array([1, 4, 1, 0, 7, 3, 3, 3], tidx), "size": np.array(5, tidx),
                                             "weights": w}, {"binary_output": binary}, const=("size",), note=f"{wn} binary {binary}")
        s.add("RaggedBincount", {"splits": np.array([0, 2], I64), "values": np.array([1, 2], tidx), "size": np.array(0, tidx),
                                 "weights": np.zeros([0], F32)}, const=("size",), note="size 0")
        s.add("RaggedBincount", {"splits": np.array([0, 1, 3], I64), "values": np.array([1, -1, 2], tidx), "size": np.array(3, tidx),
                                 "weights": np.zeros([0], F32)}, const=("size",), note="negative value")
        s.add("RaggedBincount", {"splits": np.array([0, 5], I64), "values": np.array([1, 2], tidx), "size": np.array(3, tidx),
                                 "weights": np.zeros([0], F32)}, const=("size",), note="splits past values")


def random(s):
    shape = np.array([40, 50], I32)
    for dt in (F32, F64, F16, BF16):
        s.add("RandomUniform", {"shape": shape}, {"dtype": dt}, const=("shape",), note="unseeded",
              random={"min": 0.0, "max": 1.0, "mean": [0.45, 0.55], "std": [0.26, 0.32]})
        s.add("RandomStandardNormal", {"shape": shape}, {"dtype": dt}, const=("shape",), note="unseeded",
              random={"mean": [-0.1, 0.1], "std": [0.9, 1.1]})
        s.add("TruncatedNormal", {"shape": shape}, {"dtype": dt}, const=("shape",), note="unseeded",
              random={"min": -2.0, "max": 2.0, "mean": [-0.1, 0.1], "std": [0.82, 0.94]})
    s.add("RandomUniform", {"shape": shape}, {"dtype": F32, "seed": 7, "seed2": 3}, const=("shape",), note="seeded",
          random={"min": 0.0, "max": 1.0, "mean": [0.45, 0.55]})
    s.add("RandomUniform", {"shape": np.array([3, 0], I64)}, {"dtype": F32}, const=("shape",), note="empty", random={})
    s.add("RandomUniform", {"shape": np.array([], I32)}, {"dtype": F32}, const=("shape",), note="rank 0", random={"min": 0.0, "max": 1.0})
    s.add("RandomUniform", {"shape": shape}, {"dtype": F32}, note="shape fed", random={"min": 0.0, "max": 1.0, "mean": [0.45, 0.55]})
    for dt in (I32, I64):
        s.add("RandomUniformInt", {"shape": shape, "minval": np.array(-3, dt), "maxval": np.array(5, dt)}, const=("shape",),
              note="[-3, 5)", random={"min": -3, "max": 4, "mean": [0.3, 0.7]})
        s.add("RandomUniformInt", {"shape": shape, "minval": np.array(2, dt), "maxval": np.array(2, dt)}, const=("shape",), note="empty range", random={})
    logits = np.log(np.array([[0.1, 0.2, 0.7, 0.0], [0.0, 0.0, 1.0, 0.0]], F32))
    for out in (I32, I64):
        s.add("Multinomial", {"logits": logits, "num_samples": np.array(1000, I32)}, {"output_dtype": out}, const=("num_samples",),
              note="-inf logits", random={"min": 0, "max": 2, "mean": [1.7, 1.9]})
    s.add("Multinomial", {"logits": values(F32, [3, 5]), "num_samples": np.array(0, I32)}, const=("num_samples",), note="no samples", random={})
    s.add("Multinomial", {"logits": values(F64, [3, 5]), "num_samples": np.array(200, I32)}, const=("num_samples",), note="float64", random={"min": 0, "max": 4})


def build(s: Sweep):
    complex_ops(s)
    search(s)
    counts(s)
    random(s)
