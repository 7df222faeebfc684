"""Writes test/fixtures/show-ops.json: for each model directory, saved_model_cli's op line per MetaGraph.

It runs TensorFlow's own `saved_model_cli show --all` (the line "The MetaGraph with tag set [...] contains the
following ops: {...}") and records the tag list and the op set, so test/cli/show-ops.test.ts can compare
`tf-serverless show --all` with TensorFlow without running Python. Usage: ~/tfvenv/bin/python scripts/make_show_ops_vectors.py
"""
import ast
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIRS = [
    'models/half_plus_two/1',
    'models/digits/1',
    'test/fixtures/models/multi_tag_model/1',
    'test/fixtures/models/control_flow_v2_model/1',
    'test/fixtures/models/pbtxt_model/1',
]
LINE = re.compile(r"^The MetaGraph with tag set (\[.*?\]) contains the following ops: (.*)$", re.M)
CLI = os.path.join(os.path.dirname(sys.executable), 'saved_model_cli')

out = {}
for d in DIRS:
    text = subprocess.run([CLI, 'show', '--all', '--dir', os.path.join(ROOT, d)], capture_output=True, text=True, check=True).stdout
    out[d] = [{'tags': ast.literal_eval(tags), 'ops': sorted(ast.literal_eval(ops)) if ops != 'set()' else []}
              for tags, ops in LINE.findall(text)]
with open(os.path.join(ROOT, 'test/fixtures/show-ops.json'), 'w') as f:
    json.dump(out, f, indent=1)
    f.write('\n')
print({d: len(v) for d, v in out.items()})
