#!/usr/bin/env python3
"""Compares our hand-written .proto schemas (lib/proto) with the real ones. Run by hand, never by tests.

    ~/tfvenv/bin/python scripts/check_protos.py [--serving PATH] [--verbose]

References:
  * TensorFlow's own Python descriptors (tensorflow.core.{framework,protobuf,example}.*_pb2 and the
    tsl error codes), from the installed `tensorflow` package;
  * tensorflow_serving's descriptors if that package is importable, else, with --serving PATH, the real
    TF Serving .proto files (a checkout of tensorflow/serving, or a bare git directory of it), loaded
    with protobufjs like ours.
Our side is loaded with protobufjs (node, from this repo's node_modules) exactly as lib/proto/index.ts does.

Prints every field whose number, type, label or map key differs, every enum value that differs, and every
field of ours the reference does not have. Fields we omit on purpose are listed only with --verbose.
Exits 1 when a mismatch is found.
"""
import argparse
import importlib
import json
import os
import pkgutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Dumps every message and enum of a protobufjs Root built from the .proto files under argv[1]; imports
# not found there are looked up under argv[2] (optional), else skipped (their types stay unresolved, '?Name').
NODE_DUMP = r"""
const fs = require('node:fs'), path = require('node:path');
const protobuf = require('protobufjs');
const [dir, fallback] = process.argv.slice(1);
const list = (d) => fs.readdirSync(d).flatMap((e) => {
  const f = path.join(d, e);
  return fs.statSync(f).isDirectory() ? list(f) : e.endsWith('.proto') ? [path.relative(dir, f)] : [];
});
const root = new protobuf.Root();
// Parsed file by file, without Root.loadSync: that resolves everything and fails on a missing import.
const seen = new Set();
const load = (file) => {
  if (seen.has(file)) return;
  seen.add(file);
  if (file.startsWith('google/protobuf/')) { root.addJSON(protobuf.common.get(file).nested); return; }
  const full = [dir, fallback].filter(Boolean).map((b) => path.join(b, file)).find((f) => fs.existsSync(f));
  if (!full) return;
  const parsed = protobuf.parse(fs.readFileSync(full, 'utf8'), root, { keepCase: true });
  for (const dep of [...(parsed.imports || []), ...(parsed.weakImports || [])]) load(dep);
};
list(dir).forEach(load);
const out = { messages: {}, enums: {} };
const name = (o) => o.fullName.replace(/^\./, '');
const walk = (ns) => {
  for (const o of ns.nestedArray) {
    if (o instanceof protobuf.Type) {
      const fields = {};
      for (const f of o.fieldsArray) {
        let type = f.type;
        try { f.resolve(); if (f.resolvedType) type = name(f.resolvedType); } catch { type = '?' + f.type; }
        fields[f.name] = { id: f.id, type, repeated: f.repeated && !f.map, keyType: f.map ? f.keyType : null,
          oneof: f.partOf ? f.partOf.name : null };
      }
      out.messages[name(o)] = fields;
    } else if (o instanceof protobuf.Enum) {
      out.enums[name(o)] = o.values;
    }
    if (o.nestedArray) walk(o);
  }
};
walk(root);
process.stdout.write(JSON.stringify(out));
"""


def node_dump(proto_dir, fallback=''):
    res = subprocess.run(['node', '--input-type=commonjs', '-e', NODE_DUMP, proto_dir, fallback],
                         cwd=REPO, capture_output=True, text=True, check=True)
    return json.loads(res.stdout)


SCALARS = {1: 'double', 2: 'float', 3: 'int64', 4: 'uint64', 5: 'int32', 6: 'fixed64', 7: 'fixed32',
           8: 'bool', 9: 'string', 10: 'group', 12: 'bytes', 13: 'uint32', 15: 'sfixed32', 16: 'sfixed64',
           17: 'sint32', 18: 'sint64'}


def py_type(f):
    if f.message_type is not None:
        return f.message_type.full_name
    if f.enum_type is not None:
        return f.enum_type.full_name
    return SCALARS[f.type]


def py_messages(desc, out):
    fields = {}
    for f in desc.fields:
        entry = f.message_type is not None and f.message_type.GetOptions().map_entry
        if entry:
            key, value = f.message_type.fields_by_name['key'], f.message_type.fields_by_name['value']
            fields[f.name] = {'id': f.number, 'type': py_type(value), 'repeated': False,
                              'keyType': py_type(key), 'oneof': None}
        else:
            fields[f.name] = {'id': f.number, 'type': py_type(f), 'repeated': bool(f.is_repeated),
                              'keyType': None, 'oneof': f.containing_oneof.name if f.containing_oneof else None}
    out['messages'][desc.full_name] = fields
    for e in desc.enum_types:
        out['enums'][e.full_name] = {v.name: v.number for v in e.values}
    for n in desc.nested_types:
        if not n.GetOptions().map_entry:
            py_messages(n, out)


def python_reference():
    """Imports every *_pb2 module TensorFlow ships for core protos; returns (dump, modules that failed)."""
    out = {'messages': {}, 'enums': {}}
    failed = []
    packages = ['tensorflow.core.framework', 'tensorflow.core.protobuf', 'tensorflow.core.example',
                'tensorflow.compiler.xla.tsl.protobuf', 'tensorflow_serving.apis', 'tensorflow_serving.config']
    for pkg_name in packages:
        try:
            pkg = importlib.import_module(pkg_name)
        except Exception:  # tensorflow_serving is usually absent
            failed.append(pkg_name)
            continue
        for mod in pkgutil.iter_modules(pkg.__path__):
            if not mod.name.endswith('_pb2'):
                continue
            try:
                m = importlib.import_module(f'{pkg_name}.{mod.name}')
            except Exception:
                failed.append(f'{pkg_name}.{mod.name}')
                continue
            for d in m.DESCRIPTOR.message_types_by_name.values():
                py_messages(d, out)
            for e in m.DESCRIPTOR.enum_types_by_name.values():
                out['enums'][e.full_name] = {v.name: v.number for v in e.values}
    return out, failed


def serving_reference(path):
    """The real TF Serving protos at `path` (a checkout, or a git directory whose HEAD is read)."""
    if os.path.isdir(os.path.join(path, 'tensorflow_serving')):
        return serving_only(node_dump(path, os.path.join(REPO, 'lib/proto')))
    tmp = tempfile.mkdtemp(prefix='tfs-protos-')
    git = ['git', f'--git-dir={path}']
    names = subprocess.run(git + ['ls-tree', '-r', '--name-only', 'HEAD', 'tensorflow_serving'],
                           capture_output=True, text=True, check=True).stdout.split()
    for name in (n for n in names if n.endswith('.proto')):  # file by file: big blobs may be absent
        os.makedirs(os.path.join(tmp, os.path.dirname(name)), exist_ok=True)
        with open(os.path.join(tmp, name), 'wb') as f:
            f.write(subprocess.run(git + ['show', f'HEAD:{name}'], capture_output=True, check=True).stdout)
    return serving_only(node_dump(tmp, os.path.join(REPO, 'lib/proto')))


def serving_only(dump):
    """Drops the TensorFlow core types that the TF Serving files import from our own lib/proto."""
    return {k: {n: v for n, v in d.items() if n.startswith('tensorflow.serving.')} for k, d in dump.items()}


def compare(ours, ref, label, verbose):
    problems, notes, checked = [], [], 0
    for msg, fields in sorted(ours['messages'].items()):
        if msg not in ref['messages']:
            continue
        checked += 1
        theirs = ref['messages'][msg]
        by_id = {f['id']: n for n, f in theirs.items()}
        for name, f in fields.items():
            t = theirs.get(name)
            if t is None:
                other = by_id.get(f['id'])
                problems.append(f'{msg}.{name} = {f["id"]}: not in {label}'
                                + (f' (number {f["id"]} is "{other}" there)' if other else ''))
                continue
            for key in ('id', 'type', 'repeated', 'keyType'):
                if f[key] != t[key]:
                    problems.append(f'{msg}.{name}: {key} is {f[key]!r}, {label} has {t[key]!r}')
            if (f['oneof'] is None) != (t['oneof'] is None):
                problems.append(f'{msg}.{name}: oneof is {f["oneof"]!r}, {label} has {t["oneof"]!r}')
        for name, t in theirs.items():
            if name not in fields:
                notes.append(f'{msg}.{name} = {t["id"]} omitted')
    for enum, values in sorted(ours['enums'].items()):
        if enum not in ref['enums']:
            continue
        checked += 1
        theirs = ref['enums'][enum]
        for name, number in values.items():
            if theirs.get(name) != number:
                problems.append(f'enum {enum}.{name} = {number}, {label} has {theirs.get(name)!r}')
        for name in theirs.keys() - values.keys():
            notes.append(f'enum {enum}.{name} omitted')
    unmatched = [m for m in ours['messages'] if m not in ref['messages']]
    print(f'-- against {label}: {checked} messages/enums compared')
    for p in problems:
        print('MISMATCH', p)
    if verbose:
        for n in notes:
            print('  note', n)
    return problems, unmatched


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--serving', help='tensorflow/serving checkout or git dir (when tensorflow_serving is not importable)')
    ap.add_argument('--verbose', action='store_true', help='also list fields and enum values we omit')
    args = ap.parse_args()

    ours = node_dump(os.path.join(REPO, 'lib/proto'))
    print(f'ours: {len(ours["messages"])} messages, {len(ours["enums"])} enums')
    ref, failed = python_reference()
    if failed:
        print('not importable (skipped):', ', '.join(failed))
    problems, unmatched = compare(ours, ref, 'TensorFlow Python descriptors', args.verbose)
    if args.serving:
        problems2, unmatched2 = compare(ours, serving_reference(args.serving), 'TF Serving .proto sources',
                                        args.verbose)
        problems += problems2
        unmatched = [m for m in unmatched if m in unmatched2]
    for m in sorted(unmatched):
        if not m.startswith('google.'):
            print('UNCHECKED (no reference has it)', m)
    print('OK' if not problems else f'{len(problems)} mismatch(es)')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
