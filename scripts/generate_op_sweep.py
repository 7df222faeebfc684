#!/usr/bin/env python3
"""Op sweep vectors: every op the portable engine accepts, over its attribute space, run by TensorFlow 2.21.

    ~/tfvenv/bin/python scripts/generate_op_sweep.py [group ...]      # all groups by default

Writes test/fixtures/op-sweep/<group>.json (format: scripts/op_sweep/sweep_common.py); the suite
test/engine/ops/op-sweep-{wasm,cpu}.test.ts runs every case through the portable engine, and
`npm run gen:op-sweep` writes the coverage table (docs/op-sweep.md). Tests never run Python.
"""
import importlib
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "op_sweep"))
sys.dont_write_bytecode = True
from sweep_common import Sweep  # noqa: E402

GROUPS = ["elementwise", "reduce", "nn", "shape", "activation", "movement", "image", "nn2", "numeric", "strings", "sparse"]

for group in sys.argv[1:] or GROUPS:
    sweep = Sweep(group)
    importlib.import_module(f"group_{group}").build(sweep)
    sweep.write()
