"""Shared plumbing for the engine-coverage zoo generators (scripts/zoo/gen_<family>.py).

Each generator builds real SavedModels the way users export them (Keras 3 `model.export()`,
`tf.saved_model.save` of a `tf.Module` with serving functions, TF1 builders) with TensorFlow 2.21,
and writes under test/fixtures/zoo/<family>/:

    <model>/1/...                a SavedModel version
    <model>.golden.json          cases computed by TensorFlow loading the SavedModel back from disk,
                                 cross-checked with a tf.compat.v1 Session (how TF Serving loads)

The golden format and the runners are scripts/generate_fixtures.py's (Golden, ModelRunner), so
test/engine/zoo.ts runs every case exactly like the other golden suites.

    ~/tfvenv/bin/python scripts/zoo/gen_<family>.py          # rebuilds that family only
"""

import os
import sys

if os.environ.get("PYTHONHASHSEED") != "0":
    # Keras orders some tracked objects through Python sets: a fixed hash seed keeps exports stable.
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable, os.path.abspath(sys.argv[0])] + sys.argv[1:])

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.dirname(HERE))
sys.dont_write_bytecode = True

from generate_fixtures import (  # noqa: E402,F401
    ATOL, RTOL, Golden, b64_obj, dir_bytes, fresh, serialize_example, tf, np, V1, verify_golden,
)

ZOO = os.path.join(REPO, "test", "fixtures", "zoo")
MAX_MODEL_BYTES = 512 * 1024  # zoo models are committed: keep each version small


def version_dir(family, model, version="1"):
    """Fresh (emptied) directory for one version of a zoo model."""
    path = os.path.join(ZOO, family, model, version)
    fresh(path)
    return path


def golden(family, model):
    """A Golden writer for test/fixtures/zoo/<family>/<model>.golden.json."""
    return Golden(model, os.path.join(ZOO, family))


def finish(g):
    """Writes the golden file, re-verifies every case against a fresh load, checks the size."""
    path = g.write()
    n = verify_golden(path)
    size = dir_bytes(g.model_dir)
    assert size <= MAX_MODEL_BYTES, "%s is %d bytes (limit %d)" % (g.model_dir, size, MAX_MODEL_BYTES)
    print("%-60s %3d cases %8d bytes" % (os.path.relpath(path, REPO), n, size))
    return path
