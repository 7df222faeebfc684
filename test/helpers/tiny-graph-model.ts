// Builds small SavedModels in memory from a list of nodes (as saved_model.pbtxt text, no variables), for
// engine tests that need a graph TensorFlow did not make: e.g. an op the portable engine must refuse.
import { modelFilesFromMap, SavedModel } from '../../lib/savedmodel/index.ts';

export interface TinyNode {
  name: string;
  op: string;
  input?: string[];
  /** attr name → AttrValue body in text format, e.g. `type: DT_INT64` */
  attr?: Record<string, string>;
}

const VALUE_FIELD: Record<string, string> = {
  DT_INT64: 'int64_val', DT_UINT64: 'uint64_val', DT_DOUBLE: 'double_val', DT_INT32: 'int_val', DT_FLOAT: 'float_val', DT_BOOL: 'bool_val',
};

/** A Const node holding `values` with `shape` ([] for a scalar). */
export function constNode(name: string, dtype: string, values: (number | bigint | boolean)[], shape: number[] = [values.length]): TinyNode {
  const dims = shape.map((d) => `dim { size: ${d} }`).join(' ');
  const vals = values.map((v) => `${VALUE_FIELD[dtype]}: ${String(v)}`).join(' ');
  return { name, op: 'Const', attr: { dtype: `type: ${dtype}`, value: `tensor { dtype: ${dtype} tensor_shape { ${dims} } ${vals} }` } };
}

export const placeholder = (name: string, dtype: string): TinyNode => ({ name, op: 'Placeholder', attr: { dtype: `type: ${dtype}` } });

type Io = Record<string, [ref: string, dtype: string]>;

function ioText(field: string, io: Io): string {
  return Object.entries(io)
    .map(([alias, [ref, dtype]]) => `${field} { key: "${alias}" value { name: "${ref}" dtype: ${dtype} tensor_shape { unknown_rank: true } } }`)
    .join(' ');
}

/**
 * A SavedModel (tag "serve") whose serving_default signature feeds `inputs` and fetches `outputs`;
 * `opDefs` is text for meta_info_def.stripped_op_list (`op { … }` entries), none by default; `library` is
 * text for graph_def.library (`function { … }` entries).
 */
export function tinyModel(nodes: TinyNode[], inputs: Io, outputs: Io, opDefs = '', library = ''): SavedModel {
  return SavedModel.fromFiles(modelFilesFromMap({ 'saved_model.pbtxt': new TextEncoder().encode(tinyModelText(nodes, inputs, outputs, opDefs, library)) }), '<tiny>');
}

/** The saved_model.pbtxt text of tinyModel (to write a version directory). */
export function tinyModelText(nodes: TinyNode[], inputs: Io, outputs: Io, opDefs = '', library = ''): string {
  const nodeText = nodes
    .map((n) => {
      const ins = (n.input ?? []).map((i) => `input: "${i}"`).join(' ');
      const attrs = Object.entries(n.attr ?? {}).map(([k, v]) => `attr { key: "${k}" value { ${v} } }`).join(' ');
      return `node { name: "${n.name}" op: "${n.op}" ${ins} ${attrs} }`;
    })
    .join('\n');
  return `saved_model_schema_version: 1
meta_graphs {
  meta_info_def { tags: "serve" stripped_op_list { ${opDefs} } }
  graph_def { ${nodeText} library { ${library} } }
  signature_def { key: "serving_default" value { ${ioText('inputs', inputs)} ${ioText('outputs', outputs)} method_name: "tensorflow/serving/predict" } }
}`;
}
