// A SavedModel version in memory: its MetaGraphs by tag set, signatures, assets and variables.
// Construction is cheap after decoding; variables are opened lazily and verified on request.
import { ServingError } from '../errors/index.ts';
import { type AssetRef, hasAssetsExtra, listAssets } from './assets.ts';
import type { MetaGraphDefMessage, SavedModelMessage } from './messages.ts';
import { type ModelFiles, readModelDir } from './model-files.ts';
import { decodeSavedModelProto, decodeSavedModelProtoAsync, type DecodeOptions } from './saved-model-proto.ts';
import type { SignatureInfo } from './signature-types.ts';
import { signatureInfo } from './signatures.ts';
import { TensorBundle } from './tensor-bundle.ts';
import { opsUsedByGraph } from './ops-used.ts';

/** TensorFlow's default serving tag (tensorflow/cc/saved_model/tag_constants.h kSavedModelTagServe). */
export const SERVE_TAG = 'serve';
const VARIABLES_PREFIX = 'variables/variables';

/** One MetaGraphDef selected by its tag set. */
export class MetaGraph {
  /** signature(key) is asked on every request: converted once, handed out frozen. */
  private readonly signatureCache = new Map<string, SignatureInfo>();

  constructor(
    readonly tags: string[],
    readonly def: MetaGraphDefMessage,
  ) {}

  /** Signature keys, sorted. */
  signatureKeys(): string[] {
    return Object.keys(this.def.signature_def ?? {}).sort();
  }

  /** Every signature, sorted by key. */
  signatures(): SignatureInfo[] {
    return this.signatureKeys().map((k) => signatureInfo(k, this.def.signature_def![k]));
  }

  /** One signature; INVALID_ARGUMENT with TF Serving's exact text when absent. */
  signature(key: string): SignatureInfo {
    const def = this.def.signature_def?.[key];
    if (!def) {
      // tensorflow_serving/servables/tensorflow/util.cc: 'Serving signature key "<key>" not found.'
      throw new ServingError('INVALID_ARGUMENT', `Serving signature key "${key}" not found.`);
    }
    let info = this.signatureCache.get(key);
    if (!info) {
      info = frozenSignature(signatureInfo(key, def));
      this.signatureCache.set(key, info);
    }
    return info;
  }

  /**
   * This MetaGraph with its signatures (and tags) only: what a served version needs once its graph is converted.
   * A 1M-node GraphDef kept for the signatures stayed on the heap (~250 MB), and every garbage collection walked it.
   */
  signaturesOnly(): MetaGraph {
    const tags = this.def.meta_info_def?.tags;
    return new MetaGraph(this.tags, { meta_info_def: tags ? { tags } : undefined, signature_def: this.def.signature_def });
  }

  assets(): AssetRef[] {
    return listAssets(this.def);
  }

  /** The ops the graph and the functions it calls use, sorted (ops-used.ts). */
  opsUsed(): string[] {
    return opsUsedByGraph(this.def.graph_def ?? {});
  }
}

function sameTagSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((t) => sb.has(t));
}

export function formatTagSet(tags: readonly string[]): string {
  return tags.join(',');
}

/** A SavedModel version read from memory or from a directory. */
export class SavedModel {
  private bundle: TensorBundle | null | undefined;

  private constructor(
    readonly files: ModelFiles,
    readonly proto: SavedModelMessage,
    /** Where it came from, for messages (a path or a URL). */
    readonly source: string,
  ) {}

  /** Reads saved_model.pb|.pbtxt from in-memory files. */
  static fromFiles(files: ModelFiles, source = '<memory>'): SavedModel {
    return new SavedModel(files, decodeSavedModelProto(files, source), source);
  }

  /** fromFiles without holding the event loop for long (a big graph is decoded in slices, a big pbtxt in a worker). */
  static async decode(files: ModelFiles, source = '<memory>', options: DecodeOptions = {}): Promise<SavedModel> {
    return new SavedModel(files, await decodeSavedModelProtoAsync(files, source, options), source);
  }

  /** Reads a version directory into memory and decodes it. */
  static async fromDir(dir: string): Promise<SavedModel> {
    return SavedModel.fromFiles(await readModelDir(dir), dir);
  }

  /** Every MetaGraph's tag set, in file order. */
  tagSets(): string[][] {
    return (this.proto.meta_graphs ?? []).map((g) => [...(g.meta_info_def?.tags ?? [])]);
  }

  /** The MetaGraph whose tag set equals `tags` exactly (order-insensitive), like TF's loader. */
  metaGraph(tags: readonly string[] = [SERVE_TAG]): MetaGraph {
    const g = (this.proto.meta_graphs ?? []).find((m) => sameTagSet(m.meta_info_def?.tags ?? [], tags));
    if (!g) {
      const available = this.tagSets().map((t) => `{ ${t.join(' ')} }`).join(', ');
      throw new ServingError(
        'NOT_FOUND',
        `Could not find meta graph def matching supplied tags: { ${tags.join(' ')} } in ${this.source}. ` +
          `Available tag-sets: ${available || 'none'}`,
      );
    }
    return new MetaGraph([...(g.meta_info_def?.tags ?? [])], g);
  }

  /** The variables bundle, or null when the version has no variables/ (a graph of constants). */
  variables(): TensorBundle | null {
    if (this.bundle === undefined) {
      const hasIndex = this.files.get(`${VARIABLES_PREFIX}.index`) !== undefined;
      const hasData = this.files.paths().some((p) => p.startsWith(`${VARIABLES_PREFIX}.data-`));
      if (!hasIndex && hasData) {
        throw new ServingError('NOT_FOUND', `${this.source}: ${VARIABLES_PREFIX}.index is missing but data shards exist`);
      }
      this.bundle = hasIndex ? TensorBundle.open(this.files, VARIABLES_PREFIX) : null;
    }
    return this.bundle;
  }

  hasAssetsExtra(): boolean {
    return hasAssetsExtra(this.files);
  }
}

function frozenSignature(info: SignatureInfo): SignatureInfo {
  for (const spec of [...Object.values(info.inputs), ...Object.values(info.outputs)]) {
    if (spec.shape) Object.freeze(spec.shape);
    Object.freeze(spec);
  }
  Object.freeze(info.inputs);
  Object.freeze(info.outputs);
  return Object.freeze(info);
}
