// The part of @tensorflow/tfjs-node 4.22 the native engine uses, typed here because the optional package
// may be absent at build time. Names follow tfjs-node's own (dist/tfjs_binding.d.ts).

/** What the binding returns for a tensor it created: a handle id, its shape and a TF_DataType enum value. */
export interface TensorMetadata {
  id: number;
  shape: number[];
  dtype: number;
}

/**
 * tfjs-node's N-API binding (NodeJSKernelBackend.binding). IMPORTANT: int64 tensors go in as an Int32Array of
 * 2n little-endian words and come out of tensorDataSync as a BigInt64Array (binding/tfjs_backend.cc).
 */
export interface TfjsBinding {
  /** TF_LoadSessionFromSavedModel (reads saved_model.pb or .pbtxt); `tags` comma-joined. Throws "Failed to load SavedModel: …". */
  loadSavedModel(exportDir: string, tags: string): number;
  deleteSavedModel(sessionId: number): void;
  createTensor(shape: number[], dtype: number, values: Float32Array | Int32Array | Uint8Array | Uint8Array[]): number;
  deleteTensor(id: number): void;
  tensorDataSync(id: number): Float32Array | Int32Array | Uint8Array | BigInt64Array | Uint8Array[];
  /** Runs a loaded session; names are comma-joined graph tensor names ("x:0,y:0"). Throws "Session fail to run…". */
  runSavedModel(sessionId: number, inputIds: number[], inputNames: string, outputNames: string): TensorMetadata[];
  /** Runs one eager TensorFlow op (TFE_Execute) on handles; attrs as { name, type: TF_ATTR_*, value }. */
  executeOp(opName: string, attrs: { name: string; type: number; value: unknown }[], inputIds: number[], numOutputs: number): TensorMetadata[];
  getNumOfTensors(): number;
  getNumOfSavedModels(): number;
  TF_FLOAT: number;
  TF_INT32: number;
  TF_INT64: number;
  TF_BOOL: number;
  TF_STRING: number;
  TF_UINT8: number;
  TF_ATTR_TYPE: number;
}

/** The module namespace (its CommonJS exports). */
export interface TfjsNode {
  version: Record<string, string>;
  findBackend(name: 'tensorflow'): { binding: TfjsBinding } | null;
}
