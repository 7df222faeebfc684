// TypeScript shapes of the decoded TensorFlow messages this project reads (protobufjs, keepCase).
// int64 fields arrive as Long (or number); bytes as Uint8Array; enums as numbers; maps as plain objects.
// Only the fields we use are typed; see lib/proto/tensorflow for the full schemas.
import type { Int64Like, TensorMessage, TensorShapeMessage } from '../tensor/index.ts';

export type { TensorMessage, TensorShapeMessage } from '../tensor/index.ts';

export interface NameAttrListMessage {
  name?: string;
  attr?: Record<string, AttrValueMessage>;
}

export interface AttrValueMessage {
  s?: Uint8Array;
  i?: Int64Like;
  f?: number;
  b?: boolean;
  type?: number;
  shape?: TensorShapeMessage;
  tensor?: TensorMessage;
  func?: NameAttrListMessage;
  placeholder?: string;
  list?: {
    s?: Uint8Array[];
    i?: Int64Like[];
    f?: number[];
    b?: boolean[];
    type?: number[];
    shape?: TensorShapeMessage[];
    tensor?: TensorMessage[];
    func?: NameAttrListMessage[];
  };
  /** protobufjs sets the name of the oneof member that is present. */
  value?: string;
}

export interface NodeDefMessage {
  name: string;
  op: string;
  input?: string[];
  device?: string;
  attr?: Record<string, AttrValueMessage>;
}

export interface ArgDefMessage {
  name: string;
  type?: number;
  type_attr?: string;
  number_attr?: string;
  type_list_attr?: string;
  is_ref?: boolean;
}

export interface OpDefMessage {
  name: string;
  input_arg?: ArgDefMessage[];
  output_arg?: ArgDefMessage[];
  attr?: { name: string; type?: string; default_value?: AttrValueMessage }[];
  is_stateful?: boolean;
}

export interface FunctionDefMessage {
  signature: OpDefMessage;
  attr?: Record<string, AttrValueMessage>;
  node_def?: NodeDefMessage[];
  ret?: Record<string, string>;
  control_ret?: Record<string, string>;
}

export interface GraphDefMessage {
  node?: NodeDefMessage[];
  library?: { function?: FunctionDefMessage[] };
  versions?: { producer?: number; min_consumer?: number };
}

export interface TensorInfoMessage {
  name?: string;
  coo_sparse?: { values_tensor_name?: string; indices_tensor_name?: string; dense_shape_tensor_name?: string };
  composite_tensor?: { components?: TensorInfoMessage[] };
  dtype?: number;
  tensor_shape?: TensorShapeMessage;
  encoding?: string;
}

export interface SignatureDefMessage {
  inputs?: Record<string, TensorInfoMessage>;
  outputs?: Record<string, TensorInfoMessage>;
  method_name?: string;
  defaults?: Record<string, TensorMessage>;
}

export interface AnyMessage {
  type_url?: string;
  value?: Uint8Array;
}

export interface CollectionDefMessage {
  node_list?: { value?: string[] };
  bytes_list?: { value?: Uint8Array[] };
  int64_list?: { value?: Int64Like[] };
  float_list?: { value?: number[] };
  any_list?: { value?: AnyMessage[] };
}

export interface AssetFileDefMessage {
  tensor_info?: TensorInfoMessage;
  filename?: string;
}

export interface SaverDefMessage {
  filename_tensor_name?: string;
  save_tensor_name?: string;
  restore_op_name?: string;
  version?: number;
}

export interface MetaGraphDefMessage {
  meta_info_def?: {
    tags?: string[];
    tensorflow_version?: string;
    stripped_op_list?: { op?: OpDefMessage[] };
    stripped_default_attrs?: boolean;
  };
  graph_def?: GraphDefMessage;
  saver_def?: SaverDefMessage;
  collection_def?: Record<string, CollectionDefMessage>;
  signature_def?: Record<string, SignatureDefMessage>;
  asset_file_def?: AssetFileDefMessage[];
  /** TF2 exports: the objects saved (only what lib/ reads of it). */
  object_graph_def?: { nodes?: { variable?: { name?: string } }[] };
}

export interface SavedModelMessage {
  saved_model_schema_version?: Int64Like;
  meta_graphs?: MetaGraphDefMessage[];
}
