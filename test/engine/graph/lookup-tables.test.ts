// Lookup tables built at load (lib/engine/graph/lookup-tables.ts) on small in-memory SavedModels: every way an
// init op can fill a HashTableV2, how the file name is traced to an asset, and the load-time refusals.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortableServable } from '../../../lib/engine/portable/portable-servable.ts';
import type { HostTensor } from '../../../lib/tensor/host-tensor.ts';
import { isServingError } from '../../../lib/errors/index.ts';
import { ensureBackend } from '../../../lib/engine/portable/backend.ts';
import { DT_STRING, hashTable, int64Const, lookupNodes, type ModelSpec, stringConst, tableModel, textFileInit } from './table-graph.ts';

const enc = new TextEncoder();
const servables: PortableServable[] = [];
beforeAll(async () => {
  await ensureBackend('wasm');
});
afterAll(() => servables.forEach((s) => s.dispose()));

const words = (...w: string[]): HostTensor => ({ dtype: 'DT_STRING', shape: [w.length], data: w.map((s) => enc.encode(s)) });

async function lookup(spec: ModelSpec, ...query: string[]): Promise<{ ids: bigint[]; size: bigint[] }> {
  const s = await PortableServable.load(tableModel(spec));
  servables.push(s);
  const before = tf.memory().numTensors;
  const out = await s.run('serving_default', new Map([['words', words(...query)]]));
  expect(tf.memory().numTensors).toBe(before);
  const ints = (t: HostTensor) => Array.from(t.data as BigInt64Array);
  expect(out.get('ids')!.dtype).toBe('DT_INT64');
  return { ids: ints(out.get('ids')!), size: ints(out.get('size')!) };
}

async function loadError(spec: ModelSpec): Promise<[string, string]> {
  const e = await PortableServable.load(tableModel(spec)).then((s) => (servables.push(s), undefined), (err: unknown) => err);
  if (!isServingError(e)) throw new Error(`expected a ServingError, got ${String(e)}`);
  return [e.code, e.message];
}

/** TF1 style: the file name is a Const fed with the asset path; the main op is a NoOp in saved_model_main_op. */
const tf1 = (content: string | undefined, extra: Partial<ModelSpec> = {}): ModelSpec => ({
  nodes: [
    hashTable('table'),
    stringConst('vocab_path', ['vocab.txt'], []),
    textFileInit('init_table', 'table', 'vocab_path'),
    { name: 'main_op', op: 'NoOp', input: ['^init_table'] },
    ...lookupNodes(),
  ],
  collections: { saved_model_main_op: ['main_op'] },
  assets: { 'vocab_path:0': 'vocab.txt' },
  files: content === undefined ? {} : { 'assets/vocab.txt': content },
  ...extra,
});

describe('lookup tables filled by init ops', () => {
  it('builds a TF1 vocabulary table from its asset: id = line number, -1 unknown', async () => {
    expect(await lookup(tf1('the\ncat\nsat\n'), 'cat', 'dog', 'the', 'Cat')).toEqual({ ids: [1n, -1n, 0n, -1n], size: [3n] });
  });

  it('builds a TF2 table whose path goes asset_path_initializer -> string variable -> ReadVariableOp', async () => {
    const spec: ModelSpec = {
      nodes: [
        hashTable('table'),
        { name: 'asset_path_initializer', op: 'Placeholder', attr: { dtype: { type: DT_STRING } } },
        { name: 'Variable', op: 'VarHandleOp', attr: { dtype: { type: DT_STRING }, shared_name: { s: enc.encode('Variable') } } },
        { name: 'Variable/Assign', op: 'AssignVariableOp', input: ['Variable', 'asset_path_initializer'], attr: { dtype: { type: DT_STRING } } },
        { name: 'ReadVariableOp', op: 'ReadVariableOp', input: ['Variable', '^Variable/Assign'], attr: { dtype: { type: DT_STRING } } },
        { name: 'init/filename', op: 'Identity', input: ['ReadVariableOp'], attr: { T: { type: DT_STRING } } },
        textFileInit('init/InitializeTableFromTextFileV2', 'table', 'init/filename'),
        { name: 'NoOp', op: 'NoOp', input: ['^init/InitializeTableFromTextFileV2', '^Variable/Assign'] },
        ...lookupNodes(),
      ],
      // The TF2 `__saved_model_init_op` signature is modelled by the main-op collection TF2 also writes.
      collections: { saved_model_main_op: ['NoOp'] },
      assets: { 'asset_path_initializer:0': 'vocab.txt' },
      files: { 'assets/vocab.txt': 'a\nb\n' },
    };
    expect(await lookup(spec, 'b', 'a', 'c')).toEqual({ ids: [1n, 0n, -1n], size: [2n] });
  });

  it('builds a table from constant keys and values (InitializeTableV2), found through the table_initializer collection', async () => {
    const spec: ModelSpec = {
      nodes: [
        hashTable('table', ''),
        stringConst('keys', ['x', 'y']),
        int64Const('values', [10, 20]),
        { name: 'init', op: 'InitializeTableV2', input: ['table', 'keys', 'values'] },
        ...lookupNodes(),
      ],
      collections: { table_initializer: ['init'] },
    };
    expect(await lookup(spec, 'y', 'z', 'x')).toEqual({ ids: [20n, -1n, 10n], size: [2n] });
  });

  it('reads vocab_size, delimiter and column attrs of the initializer', async () => {
    const spec = tf1('w1,7\nw2,9\nw3,11\n');
    spec.nodes[2] = textFileInit('init_table', 'table', 'vocab_path', { key_index: { i: 0 }, value_index: { i: 1 }, delimiter: { s: enc.encode(',') }, vocab_size: { i: 2 } });
    expect(await lookup(spec, 'w1', 'w2', 'w3')).toEqual({ ids: [7n, 9n, -1n], size: [2n] });
  });

  it('finds the table through another handle with the same shared_name', async () => {
    const spec = tf1('p\nq\n');
    spec.nodes.push(hashTable('table_alias'));
    spec.nodes = spec.nodes.map((n) => (n.name === 'handle' ? { ...n, input: ['table_alias'] } : n));
    expect(await lookup(spec, 'q')).toEqual({ ids: [1n], size: [2n] });
  });
});

describe('lookup tables refused at load', () => {
  it('fails NOT_FOUND when the asset file is missing, as TF does', async () => {
    expect(await loadError(tf1(undefined))).toEqual(['NOT_FOUND', '/models/tables/1/assets/vocab.txt; No such file or directory']);
  });

  it('fails with TF\'s message on a duplicate vocabulary entry', async () => {
    expect(await loadError(tf1('a\nb\na\n'))).toEqual(['FAILED_PRECONDITION', 'HashTable has different value for same key. Key a has 0 and trying to add value 2']);
  });

  it('fails with TF\'s message on an empty line', async () => {
    expect(await loadError(tf1('a\n\nb\n'))).toEqual(['INVALID_ARGUMENT', 'Invalid content in /models/tables/1/assets/vocab.txt: empty line found at position 3.']);
  });

  it('fails NOT_FOUND when the file name is a constant that names no asset', async () => {
    const [code, message] = await loadError(tf1('a\n', { assets: {} }));
    expect(code).toBe('NOT_FOUND');
    expect(message).toContain("table file 'vocab.txt' is not an asset");
  });

  it('fails FAILED_PRECONDITION when no init op fills a table the signature reads', async () => {
    const [code, message] = await loadError(tf1('a\n', { collections: {} }));
    expect(code).toBe('FAILED_PRECONDITION');
    expect(message).toContain("table 'table' is not initialized");
  });

  it('fails INVALID_ARGUMENT when a lookup\'s key dtype is not the table\'s', async () => {
    const spec = tf1('a\n');
    spec.nodes = spec.nodes.map((n) => (n.name === 'ids' ? { ...n, attr: { ...n.attr, Tin: { type: 9 } } } : n));
    expect(await loadError(spec)).toEqual(['INVALID_ARGUMENT', 'Conflicting key/value dtypes int64->int64 with string-int64 for table table']);
  });
});
