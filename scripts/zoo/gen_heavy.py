"""Models only the heavy target can serve (issue 15): the portable engine refuses them at load, TensorFlow runs them.

    ~/tfvenv/bin/python scripts/zoo/gen_heavy.py

Written under test/fixtures/heavy/ (not the zoo: the zoo's suites run every model on the portable engine).
special_functions: a tf.Module whose only serving function uses Lgamma and Digamma, ops TensorFlow.js has no
  mapper for and the project does not add: rollout with rollout.json `heavy` publishes it with target 'heavy', the
  api function forwards its requests, and the native engine answers (test/forward/, test/engine/zoo-native.test.ts).
complex_input: a complex64 input, which neither engine can feed (no golden: test/engine/native checks the refusal).
"""

import os

from zoo_common import REPO, Golden, dir_bytes, fresh, tf, verify_golden

HEAVY = os.path.join(REPO, "test", "fixtures", "heavy")


class SpecialFunctions(tf.Module):
    @tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32, name="x")])
    def serve(self, x):
        return {"lgamma": tf.math.lgamma(x), "digamma": tf.math.digamma(x)}


class ComplexInput(tf.Module):
    @tf.function(input_signature=[tf.TensorSpec([None], tf.complex64, name="z")])
    def serve(self, z):
        return {"magnitude": tf.math.abs(z)}


def main():
    m = SpecialFunctions()
    vdir = os.path.join(HEAVY, "special_functions", "1")
    fresh(vdir)
    tf.saved_model.save(m, vdir, signatures={"serving_default": m.serve})
    g = Golden("special_functions", HEAVY)
    g.add("predict", {"instances": [[0.5, 1.0, 4.5]]}, "Lgamma and Digamma: ops the portable engine lacks")
    g.add("predict", {"inputs": {"x": [[2.0, 3.0, 10.0], [0.25, 1.5, 7.0]]}}, "columnar, batch 2")
    path = g.write()
    c = ComplexInput()
    cdir = os.path.join(HEAVY, "complex_input", "1")
    fresh(cdir)
    tf.saved_model.save(c, cdir, signatures={"serving_default": c.serve})
    n = verify_golden(path)
    print("%-60s %3d cases %8d bytes" % (os.path.relpath(path, REPO), n, dir_bytes(g.model_dir)))


if __name__ == "__main__":
    main()
