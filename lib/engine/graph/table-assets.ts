// Which asset file a table initializer reads. TensorFlow feeds every asset's tensor with the file's path at
// load (tensorflow/cc/saved_model/loader.cc RunInitOp / AddAssetsTensorsToInputs), so the `filename` input
// is traced back to that tensor:
//   TF2: asset_path_initializer (Placeholder, listed in asset_file_def) -> AssignVariableOp into a string
//        variable -> ReadVariableOp -> (call arguments) -> InitializeTableFromTextFileV2;
//   TF1: a Const holding the file name (e.g. "vocab.txt"), registered in the saved_model_assets collection.
import { ServingError } from '../../errors/index.ts';
import type { AssetRef, ModelFiles, NodeDefMessage } from '../../savedmodel/index.ts';
import type { Graph } from './graph.ts';
import { isControl, parseGraphRef } from './node-refs.ts';

export interface AssetSource {
  files: ModelFiles;
  assets: AssetRef[];
  /** Where the version lives, for messages (a directory or URL). */
  source: string;
}

const VARIABLE_OPS = new Set(['VarHandleOp', 'VariableV2', 'Variable']);

function refKey(ref: string): string {
  const { node, index } = parseGraphRef(ref);
  return `${node}:${index}`;
}

function sharedName(n: NodeDefMessage): string {
  const s = n.attr?.shared_name?.s;
  return s?.length ? new TextDecoder().decode(s) : '';
}

/** The value refs assigned to a variable (or to any variable sharing its shared_name). */
function assignedValues(graph: Graph, variable: NodeDefMessage): string[] {
  const shared = sharedName(variable);
  const out: string[] = [];
  for (const n of graph.nodes.values()) {
    if (n.op !== 'AssignVariableOp' && n.op !== 'Assign') continue;
    const [target, value] = (n.input ?? []).filter((i) => !isControl(i));
    if (target === undefined || value === undefined) continue;
    const t = graph.resolve(target).node;
    if (t === variable || (shared !== '' && VARIABLE_OPS.has(t.op) && sharedName(t) === shared)) out.push(value);
  }
  return out;
}

/** The asset whose path `ref` carries, or undefined when the tensor is not fed with one. */
export function traceAsset(graph: Graph, ref: string, assets: AssetRef[], depth = 0): AssetRef | undefined {
  const byTensor = new Map(assets.map((a) => [refKey(a.tensorName), a]));
  const direct = byTensor.get(refKey(ref));
  if (direct) return direct;
  const { node, index } = graph.resolve(ref);
  const hit = byTensor.get(`${node.name}:${index}`);
  if (hit) return hit;
  if (depth > 8) return undefined;
  // A variable holding the path (TF2): read -> variable -> whatever was assigned to it.
  const variable = node.op === 'ReadVariableOp' ? graph.resolve(node.input![0]).node : VARIABLE_OPS.has(node.op) ? node : undefined;
  if (!variable) return undefined;
  for (const value of assignedValues(graph, variable)) {
    const a = traceAsset(graph, value, assets, depth + 1);
    if (a) return a;
  }
  return undefined;
}

/** A constant file name, for the message when it names no asset. */
function constantName(graph: Graph, ref: string): string | undefined {
  const { node } = graph.resolve(ref);
  const s = node.op === 'Const' ? node.attr?.value?.tensor?.string_val?.[0] : undefined;
  return s ? new TextDecoder().decode(s) : undefined;
}

/**
 * The bytes of the file an initializer's `filename` input names, and TensorFlow's path for messages.
 * NOT_FOUND when the tensor is no asset or the asset file is absent (TF: "<path>; No such file or directory").
 */
export function readTableFile(graph: Graph, filenameRef: string, from: AssetSource, where: string): { bytes: Uint8Array; filename: string } {
  const asset = traceAsset(graph, filenameRef, from.assets);
  if (!asset) {
    const name = constantName(graph, filenameRef);
    throw new ServingError(
      'NOT_FOUND',
      name !== undefined
        ? `${where}: table file '${name}' is not an asset of the SavedModel (${from.source})`
        : `${where}: the table's file name ('${filenameRef}') is not fed by any asset of the SavedModel`,
    );
  }
  const filename = `${from.source}/${asset.path}`;
  const bytes = from.files.get(asset.path);
  if (!bytes) throw new ServingError('NOT_FOUND', `${filename}; No such file or directory`);
  return { bytes, filename };
}
