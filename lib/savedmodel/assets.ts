// Asset files a MetaGraph needs: TF2 lists them in MetaGraphDef.asset_file_def; TF1 (SavedModelBuilder)
// in the "saved_model_assets" collection as Any-wrapped AssetFileDef messages
// (tensorflow/python/saved_model/constants.py ASSETS_KEY). Files live under "assets/".
import { protoType } from '../proto/index.ts';
import type { ModelFiles } from './model-files.ts';
import type { AssetFileDefMessage, MetaGraphDefMessage } from './messages.ts';
import { tensorInfoName } from './signatures.ts';

export const ASSETS_DIR = 'assets';
export const ASSETS_EXTRA_DIR = 'assets.extra';
const ASSETS_COLLECTION = 'saved_model_assets';

export interface AssetRef {
  /** The graph tensor that receives the asset's path at load time, e.g. "asset_path_initializer:0". */
  tensorName: string;
  /** File name relative to assets/, e.g. "vocab.txt". */
  filename: string;
  /** Relative path in the version, e.g. "assets/vocab.txt". */
  path: string;
}

/** Every asset of a MetaGraph, from asset_file_def and the TF1 assets collection (deduplicated). */
export function listAssets(meta: MetaGraphDefMessage): AssetRef[] {
  const defs: AssetFileDefMessage[] = [...(meta.asset_file_def ?? [])];
  const any = meta.collection_def?.[ASSETS_COLLECTION]?.any_list?.value ?? [];
  const type = protoType('tensorflow.AssetFileDef');
  for (const a of any) {
    if (a.type_url?.endsWith('/tensorflow.AssetFileDef') && a.value) {
      defs.push(type.decode(a.value) as unknown as AssetFileDefMessage);
    }
  }
  const seen = new Set<string>();
  const out: AssetRef[] = [];
  for (const d of defs) {
    const tensorName = d.tensor_info ? tensorInfoName(d.tensor_info) : '';
    const filename = d.filename ?? '';
    const key = `${tensorName}\u0000${filename}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ tensorName, filename, path: `${ASSETS_DIR}/${filename}` });
  }
  return out;
}

/** Assets whose files are absent from the version. */
export function missingAssets(assets: AssetRef[], files: ModelFiles): AssetRef[] {
  return assets.filter((a) => files.get(a.path) === undefined);
}

/** True when the version has an assets.extra/ directory (warm-up requests, saved_model_config.pb). */
export function hasAssetsExtra(files: ModelFiles): boolean {
  return files.paths().some((p) => p.startsWith(`${ASSETS_EXTRA_DIR}/`));
}
