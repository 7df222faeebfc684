"""Models for the engine contract (issue 9 items 2-4): a model whose signatures do not all run.

    ~/tfvenv/bin/python scripts/zoo/gen_contract.py

partial_signatures: a tf.Module with three serving functions over the same input:
  serving_default  y = 2x + 1                      runs everywhere (golden cases below)
  spectrum         real(rfft(x))                   RFFT/Real: TensorFlow.js kernels the cpu backend has and
                                                   wasm lacks (FFT, Real): unavailable on wasm only
  log_gamma        lgamma(x)                       Lgamma: no TensorFlow.js mapper, no project op: unavailable
The golden file holds serving_default's cases only (the others answer UNIMPLEMENTED by design;
test/engine/portable/partial-signatures.test.ts checks that).
"""

from zoo_common import finish, golden, tf, version_dir


class PartialSignatures(tf.Module):
    @tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32, name="x")])
    def serve(self, x):
        return {"y": 2.0 * x + 1.0}

    @tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32, name="x")])
    def spectrum(self, x):
        return {"re": tf.math.real(tf.signal.rfft(x))}

    @tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32, name="x")])
    def log_gamma(self, x):
        return {"lg": tf.math.lgamma(x)}


def main():
    m = PartialSignatures()
    vdir = version_dir("contract", "partial_signatures")
    tf.saved_model.save(m, vdir, signatures={"serving_default": m.serve, "spectrum": m.spectrum, "log_gamma": m.log_gamma})
    g = golden("contract", "partial_signatures")
    g.add("predict", {"instances": [[1.0, 2.0, 3.0, 4.0]]}, "the runnable signature of a model with unrunnable ones")
    g.add("predict", {"inputs": {"x": [[0.5, -1.0, 0.0, 8.0], [1.0, 1.0, 1.0, 1.0]]}}, "columnar, batch 2")
    finish(g)


if __name__ == "__main__":
    main()
