// The native engine's Servable: TensorFlow's own runtime (libtensorflow through the optional
// @tensorflow/tfjs-node) runs the SavedModel in one session, so every TensorFlow op is supported.
// It talks to tfjs-node's N-API binding, not to tf.node.loadSavedModel / TFSavedModel.predict: those read
// signatures with their own JS parser, which fails on TensorInfos without a tensor_shape (TF Serving's
// saved_model_half_plus_three), on saved_model.pbtxt, and on any signature of any MetaGraph whose dtype is
// outside its table; they insist on 'tensorflow' being the active tfjs backend; and predict() truncates
// int64 inputs (native-tensors.ts). Signatures come from lib/savedmodel instead. Pinned: tfjs-node 4.22.0.
import { isServingError, ServingError } from '../../errors/index.ts';
import type { SavedModel, SignatureInfo } from '../../savedmodel/index.ts';
import type { Servable, SignatureStatus } from '../servable.ts';
import type { HostTensor } from '../../tensor/index.ts';
import { loadTfjsNode } from './detect.ts';
import { type ExportDir, exportDirFor } from './export-dir.ts';
import { createHandle, HOST_IS_LITTLE_ENDIAN, NATIVE_INPUT_DTYPES, NATIVE_OUTPUT_DTYPES, readHandle } from './native-tensors.ts';
import type { TensorMetadata, TfjsBinding } from './tfjs-node-api.ts';

/** Pseudo signatures that only name init ops (TF2 exports); TensorFlow runs them when it loads the session. */
const INIT_SIGNATURES = new Set(['__saved_model_init_op']);
/** Prefix of the binding's run-time failures (binding/tfjs_backend.cc RunSavedModel), followed by TF's message. */
const RUN_FAILURE = 'Session fail to run with error: ';

export interface NativeOptions {
  /** Tag set of the MetaGraph to serve; default ['serve']. */
  tags?: string[];
}

/** Refuses, before anything is loaded, a signature this engine could not feed or read exactly (it stays listed, unavailable). */
function checkSignature(info: SignatureInfo, source: string): void {
  const refuse = (what: string) => {
    throw new ServingError('UNIMPLEMENTED', `${source}: signature '${info.key}' ${what} (native engine, @tensorflow/tfjs-node)`);
  };
  for (const [alias, spec] of Object.entries(info.inputs)) {
    if (!NATIVE_INPUT_DTYPES.has(spec.dtype)) refuse(`input '${alias}' has dtype ${spec.dtype}, which tfjs-node cannot feed`);
    if (spec.dtype === 'DT_INT64' && !HOST_IS_LITTLE_ENDIAN) refuse(`input '${alias}' is int64, which tfjs-node feeds only on little-endian hosts`);
    if (spec.name.includes(',')) refuse(`input '${alias}' names tensor '${spec.name}'; tfjs-node splits tensor names at commas`);
  }
  for (const [alias, spec] of Object.entries(info.outputs)) {
    if (!NATIVE_OUTPUT_DTYPES.has(spec.dtype)) refuse(`output '${alias}' has dtype ${spec.dtype}, which tfjs-node cannot read back`);
    if (spec.name.includes(',')) refuse(`output '${alias}' names tensor '${spec.name}'; tfjs-node splits tensor names at commas`);
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
    private readonly sessionId: number,
    private readonly infos: Map<string, SignatureInfo>,
    private readonly unavailable: Map<string, ServingError>,
    private readonly bytes: number,
    private readonly dir: ExportDir,
  ) {}

  /**
   * Loads the selected MetaGraph into a TensorFlow session of its own (state is never shared between servables).
   * UNAVAILABLE without @tensorflow/tfjs-node; UNIMPLEMENTED, naming the tensor, for a dtype it cannot carry exactly;
   * UNKNOWN with TensorFlow's message when TensorFlow cannot load the model.
   * @example const servable = await NativeServable.load(await SavedModel.fromDir('models/half_plus_two/1'));
   */
  static async load(model: SavedModel, options: NativeOptions = {}): Promise<NativeServable> {
    const binding = (await loadTfjsNode()).findBackend('tensorflow')!.binding;
    const meta = model.metaGraph(options.tags);
    if (meta.tags.some((t) => t.includes(','))) {
      throw new ServingError('UNIMPLEMENTED', `${model.source}: tfjs-node splits tags at commas and cannot select { ${meta.tags.join(' ')} }`);
    }
    const infos = new Map<string, SignatureInfo>();
    const unavailable = new Map<string, ServingError>();
    for (const key of meta.signatureKeys()) {
      if (INIT_SIGNATURES.has(key)) continue;
      const info = meta.signature(key);
      infos.set(key, info);
      try {
        checkSignature(info, model.source);
      } catch (e) {
        if (!isServingError(e)) throw e;
        unavailable.set(key, e);
      }
    }
    if (infos.size > 0 && unavailable.size === infos.size) {
      throw new ServingError('UNIMPLEMENTED', [...unavailable.values()].map((e) => e.message).join('\n'));
    }
    const dir = await exportDirFor(model);
    let sessionId: number;
    try {
      sessionId = binding.loadSavedModel(dir.path, meta.tags.join(','));
    } catch (e) {
      dir.remove();
      const message = e instanceof Error ? e.message : String(e);
      throw new ServingError('UNKNOWN', `${model.source}: TensorFlow (tfjs-node) could not load the SavedModel: ${message}`, { cause: e });
    }
    return new NativeServable(binding, sessionId, infos, unavailable, estimateBytes(model), dir);
  }

  /** Where TensorFlow read the SavedModel from: the model's own directory, or a temporary copy removed on dispose. */
  get exportDir(): string {
    return this.dir.path;
  }

  signatures(): SignatureInfo[] {
    return [...this.infos.values()];
  }

  signatureStatus(): SignatureStatus[] {
    return [...this.infos.keys()].map((key) => {
      const e = this.unavailable.get(key);
      return e ? { key, available: false, error: { code: e.code, message: e.message } } : { key, available: true };
    });
  }

  signature(key: string): SignatureInfo {
    if (this.disposed) throw new ServingError('UNAVAILABLE', 'servable was unloaded');
    const info = this.infos.get(key);
    if (!info) throw new ServingError('INVALID_ARGUMENT', `Serving signature key "${key}" not found.`);
    return info;
  }

  async run(key: string, inputs: Map<string, HostTensor>, outputs?: readonly string[]): Promise<Map<string, HostTensor>> {
    const info = this.signature(key);
    const refused = this.unavailable.get(key);
    if (refused) throw refused;
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
      if (aliases.length === 0) return new Map();
      const outputNames = aliases.map((a) => info.outputs[a].name).join(',');
      try {
        results = b.runSavedModel(this.sessionId, inputIds, inputNames.join(','), outputNames);
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
    this.binding.deleteSavedModel(this.sessionId);
    this.dir.remove();
  }
}
