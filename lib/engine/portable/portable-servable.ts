// The portable engine's Servable: each signature converted to its own TensorFlow.js graph, at load (rollout,
// `serve`) or on its first request (`lazy`: the api function's cold start converts only what it answers).
import { runStepsSliced, TimeSlice } from '../../io/index.ts';
import { isServingError, ServingError } from '../../errors/index.ts';
import type { MetaGraph, SavedModel, SignatureInfo } from '../../savedmodel/index.ts';
import { metaGraphAcyclicSteps } from '../graph/graph-cycles.ts';
import { type LoadLimits, resolveLoadLimits } from '../../tensor/index.ts';
import { checkModelBoundsSteps } from '../limits/model-bounds.ts';
import { StateScope } from '../graph/state-scope.ts';
import type { ConvertedGraph } from '../graph/convert.ts';
import { ArtifactGraphs, SavedModelGraphs } from './graph-sources.ts';
import type { ArtifactContents } from './serving-artifact.ts';
import { createState, disposeState } from '../ops/variables.ts';
import { artifactBound, hostBytes, lazyBound } from './servable-memory.ts';
import type { Servable, SignatureStatus } from '../servable.ts';
import type { HostTensor } from '../../tensor/index.ts';
import type { MemoryGraphModel } from './artifacts.ts';
import type { LeanExecutor } from './lean-executor.ts';
import { guardAllocations } from './allocation-guard.ts';
import { ensureBackend, type BackendName } from './backend.ts';
import { registerCustomOps } from '../ops/index.ts';
import { probeSignature } from './signature-probe.ts';
import { runCompiled } from './compiled-run.ts';
import { type CompileContext, type CompiledSignature, compileSignature, unrunnable } from './signature-compiler.ts';

/** Pseudo signatures that only name init ops (TF2 exports) and are never run by clients. */
const INIT_SIGNATURES = new Set(['__saved_model_init_op']);

/** A signature that cannot run on this backend: kept for metadata, refused when called. */
interface UnavailableSignature {
  info: SignatureInfo;
  error: ServingError;
}

export interface PortableOptions {
  /** Backend for the whole process; default 'wasm' with cpu fallback. */
  backend?: BackendName;
  /** Tag set of the MetaGraph to serve; default ['serve']. */
  tags?: string[];
  /** Bounds checked before anything is allocated (RESOURCE_EXHAUSTED past them); defaults from the process's memory. */
  limits?: LoadLimits;
  /** Run the conversion-time graph optimizer (graph/optimize/); default true. False only to measure or debug it. */
  optimize?: boolean;
  /** Run TF1 control flow on the synchronous executor (v1-sync.ts); default true. False only to measure or debug it. */
  v1Executor?: boolean;
  /** On the v1 executor, call backend kernels directly where v1-kernels.ts can; default true. False only to measure or debug it. */
  v1Kernels?: boolean;
  /** Run straight-line graphs with the lean executor (lean-plan.ts); default true. False only to measure or debug it. */
  lean?: boolean;
  /**
   * Convert each signature on its first run instead of at load; default false (convert and probe every signature,
   * and fail the load when none can run). Lazy: signatureStatus() reports a signature not converted yet as available.
   */
  lazy?: boolean;
  /** Keep each converted graph's weights after building, for artifactContents(); default false. */
  keepWeights?: boolean;
}

export class PortableServable implements Servable {
  readonly engine = 'portable';
  private disposed = false;
  private readonly compiled = new Map<string, CompiledSignature>();
  private readonly unavailable = new Map<string, UnavailableSignature>();
  /** Conversions started (one per signature: concurrent first requests share it; a failure stays). */
  private readonly pending = new Map<string, Promise<CompiledSignature>>();
  /** GraphModels built, each with its lean executor (two twin signatures share one). */
  private readonly models = new Map<MemoryGraphModel, LeanExecutor | undefined>();
  private readonly stateIds = new Set<string>();
  /** Converted graphs with their weights, by the signature that was converted (keepWeights: to write an artifact). */
  private readonly kept = new Map<string, ConvertedGraph>();
  private bytes = 0;

  private constructor(
    /** Dropped (with the SavedModel) once every signature is converted or refused. */
    private ctx: CompileContext | undefined,
    private readonly infos: Map<string, SignatureInfo>,
    /** memoryBytes() while ctx is held (lazy), else undefined. */
    private readonly bound: number | undefined,
    private readonly backend: BackendName,
  ) {}

  /**
   * Converts every signature of the selected MetaGraph and runs each once on made-up inputs (or, `lazy`, each on
   * its first run). A signature with an op the backend cannot run (no mapper, a missing kernel, an UNIMPLEMENTED
   * conversion) becomes unavailable; an eager load fails only when no signature can run, naming each one's reason.
   * Other errors fail the load. Two signatures over the same graph (signature-twins.ts) are converted once.
   */
  static async load(model: SavedModel, options: PortableOptions = {}): Promise<PortableServable> {
    const backend = await ensureBackend(options.backend);
    registerCustomOps();
    const limits = resolveLoadLimits(options.limits);
    guardAllocations(limits.maxTensorBytes);
    const meta = model.metaGraph(options.tags);
    // A big graph's walks pause every slice so the event loop keeps answering (issue 10 item 4).
    const slice = new TimeSlice();
    await runStepsSliced(metaGraphAcyclicSteps(meta), slice);
    await runStepsSliced(checkModelBoundsSteps(model, meta, limits), slice);
    await slice.pause();
    const keys = meta.signatureKeys().filter((k) => !INIT_SIGNATURES.has(k));
    const graphs = new SavedModelGraphs(model, meta, options.optimize);
    const ctx: CompileContext = { graphs, state: new StateScope(), backend, slice, keepWeights: options.keepWeights, v1Executor: options.v1Executor, v1Kernels: options.v1Kernels, lean: options.lean };
    const infos = new Map(keys.map((k) => [k, meta.signature(k)]));
    const servable = new PortableServable(ctx, infos, options.lazy ? lazyBound(model, keys.length) : undefined, backend);
    return servable.finishLoad(options.lazy === true);
  }

  /**
   * A servable over a serving artifact's graphs (converted and probed when the artifact was made); lazy as load().
   * The artifact must come from this engine's format and the same backend (the caller checks its key).
   */
  static async fromArtifact(contents: ArtifactContents, source: string, options: PortableOptions = {}): Promise<PortableServable> {
    const backend = await ensureBackend(options.backend);
    registerCustomOps();
    guardAllocations(resolveLoadLimits(options.limits).maxTensorBytes);
    const keys = contents.metaGraph.signatureKeys().filter((k) => !INIT_SIGNATURES.has(k));
    const ctx: CompileContext = { graphs: new ArtifactGraphs(source, contents), state: new StateScope(), backend, slice: new TimeSlice(), v1Executor: options.v1Executor, v1Kernels: options.v1Kernels, lean: options.lean };
    const infos = new Map(keys.map((k) => [k, contents.metaGraph.signature(k)]));
    const servable = new PortableServable(ctx, infos, options.lazy ? artifactBound(contents) : undefined, backend);
    for (const u of contents.unavailable) servable.refuse(u.key, u.error);
    return servable.finishLoad(options.lazy === true);
  }

  /** Eager: converts every signature, failing when none can run; lazy: nothing yet. */
  private async finishLoad(lazy: boolean): Promise<PortableServable> {
    if (lazy && this.ctx) return this;
    const source = this.ctx?.graphs.source ?? ''; // taken now: the last refusal releases ctx
    for (const key of this.infos.keys()) {
      if (this.unavailable.has(key)) continue;
      try {
        await this.compile(key);
      } catch (e) {
        if (this.unavailable.has(key)) continue;
        this.dispose();
        throw e;
      }
    }
    this.ctx = undefined;
    if (this.compiled.size === 0 && this.unavailable.size > 0) {
      this.dispose();
      const reasons = [...this.unavailable.values()].map((u) => u.error.message).join('\n');
      throw new ServingError('UNIMPLEMENTED', `${source}: no signature can run on the portable engine (${this.backend} backend):\n${reasons}`);
    }
    return this;
  }

  /** The signature's compiled form, converting it once; rejects with its error when it cannot run. */
  private compile(key: string): Promise<CompiledSignature> {
    let p = this.pending.get(key);
    if (!p) {
      p = this.build(key);
      this.pending.set(key, p);
    }
    return p;
  }

  private async build(key: string): Promise<CompiledSignature> {
    const ctx = this.ctx;
    if (!ctx) throw new ServingError('UNAVAILABLE', 'servable was unloaded');
    const twin = ctx.graphs.twinOf(key, this.compiled.keys());
    if (twin) return this.ready(key, { ...this.compiled.get(twin)!, info: this.infos.get(key)! });
    let built: Awaited<ReturnType<typeof compileSignature>>;
    try {
      built = await compileSignature(ctx, key);
    } catch (e) {
      if (!isServingError(e) || e.code !== 'UNIMPLEMENTED') throw e;
      throw this.refuse(key, e.message.includes(`signature '${key}'`) ? e : unrunnable(key, this.backend, [e.message]));
    }
    const { compiled: c, graph, weightBytes } = built;
    if (this.disposed) {
      c.model.dispose();
      c.lean?.dispose();
      throw new ServingError('UNAVAILABLE', 'servable was unloaded');
    }
    this.models.set(c.model, c.lean);
    this.bytes += weightBytes;
    for (const [id, value] of ctx.state.initial) {
      if (this.stateIds.has(id)) continue; // a variable another signature created keeps its current value
      createState(new Map([[id, value]]));
      this.stateIds.add(id);
      this.bytes += hostBytes(value);
    }
    const error = ctx.graphs.probe ? await probeSignature({ run: (_k, inputs) => runCompiled(c, inputs, this.backend) }, graph, ctx.backend) : undefined;
    if (error) {
      this.models.delete(c.model);
      c.model.dispose();
      c.lean?.dispose();
      this.bytes -= weightBytes;
      throw this.refuse(key, error);
    }
    return this.ready(key, c, graph);
  }

  private ready(key: string, c: CompiledSignature, graph?: ConvertedGraph): CompiledSignature {
    this.compiled.set(key, c);
    if (graph && this.ctx?.keepWeights) this.kept.set(key, graph);
    this.releaseWhenDone();
    return c;
  }

  private refuse(key: string, error: ServingError): ServingError {
    this.unavailable.set(key, { info: this.infos.get(key)!, error });
    this.releaseWhenDone();
    return error;
  }

  /** Every signature converted or refused: the SavedModel (files, decoded graph) can go. */
  private releaseWhenDone(): void {
    if (this.compiled.size + this.unavailable.size < this.infos.size) return;
    this.ctx = undefined;
  }

  /**
   * What a serving artifact of this servable holds (loaded with keepWeights): each converted graph with the
   * signatures it serves, and the refused signatures. Undefined, with the reason, when it cannot be written safely.
   */
  artifactContents(key: string, metaGraph: MetaGraph): { contents?: ArtifactContents; reason?: string } {
    if (this.stateIds.size > 0) return { reason: 'the model has variables its signatures write (state lives in the process)' };
    const graphs = [...this.kept].map(([converted, graph]) => ({
      keys: [...this.compiled].filter(([, c]) => c.model === this.compiled.get(converted)!.model).map(([k]) => k), graph,
    }));
    const unavailable = [...this.unavailable].map(([k, u]) => ({ key: k, error: u.error }));
    return { contents: { key, metaGraph, graphs, unavailable } };
  }

  async prepare(): Promise<void> {
    for (const key of this.signatureKeys()) if (!this.unavailable.has(key)) await this.compile(key).catch(() => undefined);
  }

  signatures(): SignatureInfo[] {
    return this.signatureKeys().map((k) => this.signature(k));
  }

  signatureStatus(): SignatureStatus[] {
    return this.signatureKeys().map((key) => {
      const u = this.unavailable.get(key);
      return u ? { key, available: false, error: { code: u.error.code, message: u.error.message } } : { key, available: true };
    });
  }

  private signatureKeys(): string[] {
    return [...this.infos.keys()].sort();
  }

  signature(key: string): SignatureInfo {
    const u = this.unavailable.get(key);
    if (u) return u.info;
    if (this.disposed) throw new ServingError('UNAVAILABLE', 'servable was unloaded');
    const info = this.infos.get(key);
    if (!info) throw new ServingError('INVALID_ARGUMENT', `Serving signature key "${key}" not found.`);
    return info;
  }

  /** The compiled signature; undefined when it still has to be converted (lazy); throws when it cannot run. */
  private get(key: string): CompiledSignature | undefined {
    if (this.disposed) throw new ServingError('UNAVAILABLE', 'servable was unloaded');
    const u = this.unavailable.get(key);
    if (u) throw u.error;
    const c = this.compiled.get(key);
    if (!c && !this.infos.has(key)) throw new ServingError('INVALID_ARGUMENT', `Serving signature key "${key}" not found.`);
    return c;
  }

  private converted(key: string): CompiledSignature {
    const c = this.get(key);
    if (!c) throw new ServingError('FAILED_PRECONDITION', `signature '${key}' is not converted yet (lazy load)`);
    return c;
  }

  async run(key: string, inputs: Map<string, HostTensor>, outputs?: readonly string[]): Promise<Map<string, HostTensor>> {
    return runCompiled(this.get(key) ?? (await this.compile(key)), inputs, this.backend, outputs);
  }

  /** Which executor runs a signature: 'lean' (lean-executor.ts) or 'graph-model' (tfjs-converter). */
  executorOf(key: string): 'lean' | 'graph-model' {
    return this.converted(key).lean ? 'lean' : 'graph-model';
  }

  /** The lean executor's counts for a signature (undefined when it has no plan). */
  leanStats(key: string): Readonly<{ runs: number; fallbacks: number }> | undefined {
    return this.converted(key).lean?.stats;
  }

  /** Lazy, until every signature is converted or refused: lazyBound; then what the converted graphs hold. */
  memoryBytes(): number {
    return this.ctx && this.bound !== undefined ? this.bound : this.bytes;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const [m, lean] of this.models) {
      m.dispose();
      lean?.dispose();
    }
    this.models.clear();
    disposeState(this.stateIds);
    this.ctx = undefined;
    this.kept.clear();
  }
}
