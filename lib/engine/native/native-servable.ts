// The native engine's Servable: TensorFlow's own runtime (libtensorflow through the optional
// @tensorflow/tfjs-node) runs each signature of the SavedModel, so every TensorFlow op is supported.
import { ServingError } from '../../errors/index.ts';
import type { SavedModel, SignatureInfo } from '../../savedmodel/index.ts';
import type { Servable } from '../servable.ts';
import type { HostTensor } from '../tensor.ts';
import { loadTfjsNode } from './detect.ts';
import { type ExportDir, exportDirFor } from './export-dir.ts';
import { createHandle, HOST_IS_LITTLE_ENDIAN, NATIVE_INPUT_DTYPES, NATIVE_OUTPUT_DTYPES, readHandle } from './native-tensors.ts';
import { withTensorflowBackend } from './tensorflow-backend.ts';
import type { TensorMetadata, TFSavedModel, TfjsBinding, TfjsNode } from './tfjs-node-api.ts';

/** Pseudo signatures that only name init ops (TF2 exports); TensorFlow runs them when it loads the session. */
const INIT_SIGNATURES = new Set(['__saved_model_init_op']);
/** Prefix of the binding's run-time failures (binding/tfjs_backend.cc RunSavedModel), followed by TF's message. */
const RUN_FAILURE = 'Session fail to run with error: ';
/** tfjs-node's load refusal for a dtype outside its table (dist/saved_model.js mapTFDtypeToJSDtype). */
const UNSUPPORTED_DTYPE = 'Unsupported tensor DataType';

interface NativeSignature {
  info: SignatureInfo;
  model: TFSavedModel;
}

export interface NativeOptions {
  /** Tag set of the MetaGraph to serve; default ['serve']. */
  tags?: string[];
}

/** Refuses, before anything is loaded, a signature this engine could not feed or read exactly. */
function checkSignature(info: SignatureInfo, source: string): void {
  const refuse = (what: string) => {
    throw new ServingError('UNIMPLEMENTED', `${source}: signature '${info.key}' ${what} (native engine, @tensorflow/tfjs-node)`);
  };
  for (const [alias, spec] of Object.entries(info.inputs)) {
    if (!NATIVE_INPUT_DTYPES.has(spec.dtype)) refuse(`input '${alias}' has dtype ${spec.dtype}, which tfjs-node cannot feed`);
    if (spec.dtype === 'DT_INT64' && !HOST_IS_LITTLE_ENDIAN) refuse(`input '${alias}' is int64, which tfjs-node feeds exactly only on little-endian hosts`);
    if (spec.name.includes(',')) refuse(`input '${alias}' names tensor '${spec.name}'; tfjs-node splits tensor names at commas`);
  }
  for (const [alias, spec] of Object.entries(info.outputs)) {
    if (!NATIVE_OUTPUT_DTYPES.has(spec.dtype)) refuse(`output '${alias}' has dtype ${spec.dtype}, which tfjs-node cannot read back`);
    if (spec.name.includes(',')) refuse(`output '${alias}' names tensor '${spec.name}'; tfjs-node splits tensor names at commas`);
  }
}

async function loadSignature(tfn: TfjsNode, dir: string, tags: string[], key: string, source: string): Promise<TFSavedModel> {
  try {
    // loadSavedModel sorts the tags array in place: hand it a copy.
    return await withTensorflowBackend(tfn, () => tfn.node.loadSavedModel(dir, [...tags], key));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const code = message.startsWith(UNSUPPORTED_DTYPE) ? 'UNIMPLEMENTED' : 'UNKNOWN';
    throw new ServingError(code, `${source}: TensorFlow (tfjs-node) could not load signature '${key}': ${message}`, { cause: e });
  }
}

/** Memory estimate: the variables' bytes (TensorFlow holds them in the session) plus the graph's. */
function estimateBytes(model: SavedModel): number {
  let bytes = 0;
  for (const p of model.files.paths()) {
    if (p.startsWith('variables/') || p === 'saved_model.pb' || p === 'saved_model.pbtxt') bytes += model.files.get(p)!.byteLength;
  }
  return bytes;
}

export class NativeServable implements Servable {
  readonly engine = 'native';
  private disposed = false;

  private constructor(
    private readonly binding: TfjsBinding,
    private readonly loaded: Map<string, NativeSignature>,
    private readonly bytes: number,
    private readonly dir: ExportDir,
  ) {}

  /**
   * Loads every signature of the selected MetaGraph into one TensorFlow session. UNAVAILABLE without
   * @tensorflow/tfjs-node; UNIMPLEMENTED, naming the tensor, for a dtype it cannot carry exactly.
   * @example const servable = await NativeServable.load(await SavedModel.fromDir('models/half_plus_two/1'));
   */
  static async load(model: SavedModel, options: NativeOptions = {}): Promise<NativeServable> {
    const tfn = await loadTfjsNode();
    const meta = model.metaGraph(options.tags);
    const infos = meta.signatureKeys().filter((k) => !INIT_SIGNATURES.has(k)).map((k) => meta.signature(k));
    for (const info of infos) checkSignature(info, model.source);
    const binding = tfn.findBackend('tensorflow')!.binding;
    const dir = await exportDirFor(model);
    const loaded = new Map<string, NativeSignature>();
    try {
      for (const info of infos) loaded.set(info.key, { info, model: await loadSignature(tfn, dir.path, meta.tags, info.key, model.source) });
    } catch (e) {
      for (const s of loaded.values()) s.model.dispose();
      dir.remove();
      throw e;
    }
    return new NativeServable(binding, loaded, estimateBytes(model), dir);
  }

  /** Where TensorFlow reads the SavedModel from: the model's own directory, or a temporary copy removed on dispose. */
  get exportDir(): string {
    return this.dir.path;
  }

  signatures(): SignatureInfo[] {
    return [...this.loaded.values()].map((s) => s.info);
  }

  signature(key: string): SignatureInfo {
    return this.get(key).info;
  }

  private get(key: string): NativeSignature {
    if (this.disposed) throw new ServingError('UNAVAILABLE', 'servable was unloaded');
    const s = this.loaded.get(key);
    if (!s) throw new ServingError('INVALID_ARGUMENT', `Serving signature key "${key}" not found.`);
    return s;
  }

  async run(key: string, inputs: Map<string, HostTensor>, outputs?: readonly string[]): Promise<Map<string, HostTensor>> {
    const { info, model } = this.get(key);
    const aliases = outputs ?? Object.keys(info.outputs);
    for (const a of aliases) {
      if (!info.outputs[a]) {
        // tensorflow_serving/servables/tensorflow/predict_util.cc
        const expected = Object.keys(info.outputs).sort().join(',');
        throw new ServingError('INVALID_ARGUMENT', `output tensor alias not found in signature: ${a} Outputs expected to be in the set {${expected}}.`);
      }
    }
    const b = this.binding;
    const inputIds: number[] = [];
    let results: TensorMetadata[] = [];
    try {
      const inputNames: string[] = [];
      for (const [alias, spec] of Object.entries(info.inputs)) {
        const value = inputs.get(alias);
        if (!value) throw new ServingError('INVALID_ARGUMENT', `input '${alias}' is missing`);
        inputIds.push(createHandle(b, value, `input '${alias}'`));
        inputNames.push(spec.name);
      }
      const outputNames = aliases.map((a) => info.outputs[a].name).join(',');
      try {
        results = b.runSavedModel(model.sessionId, inputIds, inputNames.join(','), outputNames);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        if (!message.startsWith(RUN_FAILURE)) throw e;
        throw new ServingError('INVALID_ARGUMENT', message.slice(RUN_FAILURE.length), { cause: e });
      }
      const result = new Map<string, HostTensor>();
      aliases.forEach((alias, i) => result.set(alias, readHandle(b, results[i], `output '${alias}'`)));
      return result;
    } finally {
      for (const id of inputIds) b.deleteTensor(id);
      for (const r of results) b.deleteTensor(r.id);
    }
  }

  memoryBytes(): number {
    return this.bytes;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const s of this.loaded.values()) s.model.dispose();
    this.dir.remove();
  }
}
