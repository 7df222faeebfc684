// Is every file a SavedModel version needs present, at least as large as its index says? Answered from a
// listing (path → size) plus a few small reads (saved_model.pb, variables.index), so a poller or the rollout
// validator can tell a half-uploaded version from a complete one without downloading the weights.
// Needs: saved_model.pb|.pbtxt; with variables/variables.index: every data shard the header counts
// (`.data-SSSSS-of-NNNNN`) and each entry's offset+size inside its shard; the serving MetaGraph's assets.
import { isServingError } from '../errors/index.ts';
import { listAssets } from './assets.ts';
import { readTable } from './leveldb-table.ts';
import { modelFilesFromMap } from './model-files.ts';
import { SavedModel, SERVE_TAG } from './saved-model.ts';
import { DEFAULT_BUNDLE_PREFIX, shardPath } from './tensor-bundle.ts';
import { decodeBundleEntry, decodeBundleHeader } from './tensor-bundle-entry.ts';

export type FileReader = (path: string) => Promise<Uint8Array>;

export interface Completeness {
  /** True when nothing is missing. A complete version may still fail to load (corrupt files). */
  complete: boolean;
  /** What is missing or short, e.g. "variables/variables.data-00001-of-00002 is missing". */
  missing: string[];
  /**
   * The part of `missing` about files that are present but shorter than the index needs. Where files appear
   * whole (S3: a PUT is atomic), such a version can never complete.
   */
  short: string[];
}

const GRAPH_FILES = ['saved_model.pb', 'saved_model.pbtxt'];

/**
 * Checks a version's listing. Files that cannot be decoded count as present: a corrupt file is the loader's
 * error to report, not a reason to wait.
 * @example await checkCompleteness(new Map([['saved_model.pb', 120]]), read) // {complete: true, missing: []}
 */
export async function checkCompleteness(listing: ReadonlyMap<string, number>, read: FileReader, tags: readonly string[] = [SERVE_TAG]): Promise<Completeness> {
  const missing: string[] = [];
  const graph = GRAPH_FILES.find((p) => listing.has(p));
  if (!graph) return { complete: false, missing: ['saved_model.pb (or saved_model.pbtxt) is missing'], short: [] };
  const index = `${DEFAULT_BUNDLE_PREFIX}.index`;
  const hasData = [...listing.keys()].some((p) => p.startsWith(`${DEFAULT_BUNDLE_PREFIX}.data-`));
  const needs = await graphNeeds(graph, await read(graph), tags);
  const short: string[] = [];
  if (listing.has(index)) {
    const shards = await missingShardBytes(listing, await read(index), index);
    missing.push(...shards.missing);
    short.push(...shards.short);
  }
  else if (hasData || needs.variables) missing.push(`${index} is missing`);
  missing.push(...needs.assets.filter((a) => !listing.has(a)).map((a) => `${a} is missing`));
  return { complete: missing.length === 0, missing, short };
}

async function missingShardBytes(listing: ReadonlyMap<string, number>, indexBytes: Uint8Array, indexPath: string): Promise<{ missing: string[]; short: string[] }> {
  const none = { missing: [], short: [] };
  let table;
  let numShards: number;
  try {
    table = readTable(indexBytes, indexPath);
    if (table.length === 0 || table[0].key !== '') return none;
    numShards = decodeBundleHeader(table[0].value, indexPath).numShards;
  } catch (e) {
    if (isServingError(e)) return none; // corrupt index: the load reports it
    throw e;
  }
  const needed = new Array<number>(numShards).fill(0);
  for (const { key, value } of table.slice(1)) {
    try {
      const entry = decodeBundleEntry(key, value, numShards, indexPath);
      needed[entry.shardId] = Math.max(needed[entry.shardId], entry.offset + entry.size);
    } catch (e) {
      if (!isServingError(e)) throw e;
    }
  }
  const missing: string[] = [];
  const short: string[] = [];
  needed.forEach((bytes, shard) => {
    const path = shardPath(DEFAULT_BUNDLE_PREFIX, shard, numShards);
    const size = listing.get(path);
    if (size === undefined) missing.push(`${path} is missing`);
    else if (size < bytes) short.push(`${path} has ${size} bytes, the index needs ${bytes}`);
  });
  return { missing: [...missing, ...short], short };
}

/**
 * What the serving MetaGraph needs besides itself: its asset files, and variables when it has a saver
 * (MetaGraphDef.saver_def: every SavedModel with variables has one; a graph of constants may not).
 */
async function graphNeeds(graph: string, bytes: Uint8Array, tags: readonly string[]): Promise<{ variables: boolean; assets: string[] }> {
  try {
    // Without the GraphDef: a 1M-node graph decoded here too doubled a big version's main-thread work (issue 10 item 4).
    const meta = (await SavedModel.decode(modelFilesFromMap(new Map([[graph, bytes]])), graph, { graph: false })).metaGraph(tags);
    return { variables: !!meta.def.saver_def, assets: listAssets(meta.def).map((a) => a.path) };
  } catch (e) {
    if (isServingError(e)) return { variables: false, assets: [] }; // undecodable graph or no such tag set: the load reports it
    throw e;
  }
}
