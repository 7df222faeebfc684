// lib/savedmodel: read a SavedModel (saved_model.pb|.pbtxt, variables, assets, signatures, metadata JSON)
// without TensorFlow. Public entry point of the module.
export { type AssetRef, ASSETS_DIR, ASSETS_EXTRA_DIR, listAssets, missingAssets } from './assets.ts';
export type * from './messages.ts';
export { renderModelMetadata, signatureDefMapJson } from './metadata.ts';
export { type ModelFiles, modelFilesFromMap, readModelDir } from './model-files.ts';
export { formatTagSet, MetaGraph, SavedModel, SERVE_TAG } from './saved-model.ts';
export { objectGraphVariableKeys } from './object-graph-keys.ts';
export { opsUsedByGraph } from './ops-used.ts';
export type { SignatureInfo, TensorSpec } from './signature-types.ts';
export { signatureInfo, tensorInfoName } from './signatures.ts';
export { TensorBundle } from './tensor-bundle.ts';
export { readTFRecords, TFRECORD_FOOTER_BYTES, TFRECORD_HEADER_BYTES } from './tfrecord.ts';
export { checkCompleteness, type Completeness, type FileReader } from './completeness.ts';
