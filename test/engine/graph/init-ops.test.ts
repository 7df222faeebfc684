// Which init ops a SavedModel's loader runs (tensorflow/cc/saved_model/loader.cc), and what they reach.
import { describe, expect, it } from 'vitest';
import { Graph } from '../../../lib/engine/graph/graph.ts';
import { initOpNodes, initOpRoots } from '../../../lib/engine/graph/init-ops.ts';
import type { MetaGraphDefMessage } from '../../../lib/savedmodel/index.ts';

const nodeList = (...value: string[]) => ({ node_list: { value } });

describe('initOpRoots', () => {
  it('takes the TF2 __saved_model_init_op signature output', () => {
    const meta: MetaGraphDefMessage = { signature_def: { __saved_model_init_op: { outputs: { __saved_model_init_op: { name: 'NoOp' } } } } };
    expect(initOpRoots(meta)).toEqual(['NoOp']);
  });

  it('prefers saved_model_main_op over legacy_init_op, and adds table_initializer', () => {
    const meta: MetaGraphDefMessage = {
      collection_def: { saved_model_main_op: nodeList('main'), legacy_init_op: nodeList('legacy'), table_initializer: nodeList('init_table:0') },
    };
    expect(initOpRoots(meta)).toEqual(['main', 'init_table']);
  });

  it('falls back to legacy_init_op, and gives nothing for a model without init ops', () => {
    expect(initOpRoots({ collection_def: { legacy_init_op: nodeList('legacy') } })).toEqual(['legacy']);
    expect(initOpRoots({})).toEqual([]);
  });
});

describe('initOpNodes', () => {
  it('follows data and control edges from the roots, once each, ignoring unknown roots', () => {
    const graph = new Graph([
      { name: 'table', op: 'HashTableV2' },
      { name: 'path', op: 'Const' },
      { name: 'init', op: 'InitializeTableFromTextFileV2', input: ['table', 'path'] },
      { name: 'other', op: 'NoOp' },
      { name: 'main', op: 'NoOp', input: ['^init', '^init'] },
    ]);
    expect(initOpNodes(graph, ['main', 'missing']).map((n) => n.name)).toEqual(['main', 'init', 'table', 'path']);
  });
});
