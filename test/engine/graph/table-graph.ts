// Tiny in-memory SavedModels with lookup tables, written as protobuf from node specs (no TensorFlow needed):
// a `words` string input, a HashTableV2 `table`, an init op, and outputs `ids` (LookupTableFindV2) and
// `size` (LookupTableSizeV2). Each test changes one thing (initializer, asset wiring, file content).
import { protoType } from '../../../lib/proto/index.ts';
import { modelFilesFromMap, SavedModel } from '../../../lib/savedmodel/index.ts';

export const DT_STRING = 7;
export const DT_INT64 = 9;
const enc = new TextEncoder();

export type NodeSpec = { name: string; op: string; input?: string[]; attr?: Record<string, object> };

export const stringConst = (name: string, values: string[], shape: number[] = [values.length]): NodeSpec => ({
  name, op: 'Const',
  attr: { dtype: { type: DT_STRING }, value: { tensor: { dtype: DT_STRING, tensor_shape: { dim: shape.map((size) => ({ size })) }, string_val: values.map((v) => enc.encode(v)) } } },
});

export const int64Const = (name: string, values: number[], shape: number[] = [values.length]): NodeSpec => ({
  name, op: 'Const',
  attr: { dtype: { type: DT_INT64 }, value: { tensor: { dtype: DT_INT64, tensor_shape: { dim: shape.map((size) => ({ size })) }, int64_val: values } } },
});

export const hashTable = (name: string, sharedName = 'hash_table_vocab'): NodeSpec => ({
  name, op: 'HashTableV2', attr: { key_dtype: { type: DT_STRING }, value_dtype: { type: DT_INT64 }, shared_name: { s: enc.encode(sharedName) } },
});

/** InitializeTableFromTextFileV2(table, filename): whole line -> line number. */
export const textFileInit = (name: string, table: string, filename: string, attr: Record<string, object> = {}): NodeSpec => ({
  name, op: 'InitializeTableFromTextFileV2', input: [table, filename], attr: { key_index: { i: -2 }, value_index: { i: -1 }, ...attr },
});

/** The lookup part every test shares: words -> ids (default -1), and the table size. */
export function lookupNodes(table = 'table'): NodeSpec[] {
  return [
    { name: 'words', op: 'Placeholder', attr: { dtype: { type: DT_STRING } } },
    int64Const('default', [-1], []),
    { name: 'handle', op: 'Identity', input: [table], attr: { T: { type: 20 } } },
    { name: 'ids', op: 'LookupTableFindV2', input: ['handle', 'words', 'default'], attr: { Tin: { type: DT_STRING }, Tout: { type: DT_INT64 } } },
    { name: 'size', op: 'LookupTableSizeV2', input: ['handle', '^ids'] },
  ];
}

export interface ModelSpec {
  nodes: NodeSpec[];
  /** node_list collections, e.g. { saved_model_main_op: ['init'] } */
  collections?: Record<string, string[]>;
  /** asset_file_def entries: tensor name -> file name under assets/ */
  assets?: Record<string, string>;
  /** Files of the version besides saved_model.pb, e.g. { 'assets/vocab.txt': 'the\ncat\n' } */
  files?: Record<string, string>;
}

const tensorInfo = (name: string, dtype: number) => ({ name, dtype, tensor_shape: { dim: [{ size: -1 }] } });

/** A SavedModel whose serve MetaGraph has one signature `serving_default`: words -> ids, size. */
export function tableModel(spec: ModelSpec): SavedModel {
  const meta = {
    meta_info_def: { tags: ['serve'] },
    graph_def: { node: spec.nodes, versions: { producer: 1 } },
    signature_def: {
      serving_default: {
        inputs: { words: tensorInfo('words:0', DT_STRING) },
        outputs: { ids: tensorInfo('ids:0', DT_INT64), size: { name: 'size:0', dtype: DT_INT64, tensor_shape: {} } },
        method_name: 'tensorflow/serving/predict',
      },
    },
    collection_def: Object.fromEntries(Object.entries(spec.collections ?? {}).map(([k, v]) => [k, { node_list: { value: v } }])),
    asset_file_def: Object.entries(spec.assets ?? {}).map(([tensor, filename]) => ({ tensor_info: { name: tensor }, filename })),
  };
  const type = protoType('tensorflow.SavedModel');
  const pb = type.encode(type.fromObject({ saved_model_schema_version: 1, meta_graphs: [meta] })).finish();
  const files = new Map<string, Uint8Array>([['saved_model.pb', pb]]);
  for (const [path, content] of Object.entries(spec.files ?? {})) files.set(path, enc.encode(content));
  return SavedModel.fromFiles(modelFilesFromMap(files), '/models/tables/1');
}
