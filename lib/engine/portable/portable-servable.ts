// The portable engine's Servable: each signature converted to its own TensorFlow.js graph, at load (rollout,
// `serve`) or on its first request (`lazy`: the api function's cold start converts only what it answers).
import { runStepsSliced, TimeSlice } from '../../io/index.ts';
import * as tf from '@tensorflow/tfjs-core';
import { isServingError, ServingError } from '../../errors/index.ts';
import type { SavedModel, SignatureInfo } from '../../savedmodel/index.ts';
import { checkFeedDtype, checkInputs, runError } from '../input-checks.ts';
import { metaGraphAcyclicSteps } from '../graph/graph-cycles.ts';
import { type LoadLimits, resolveLoadLimits } from '../../tensor/index.ts';
import { checkModelBoundsSteps } from '../limits/model-bounds.ts';
import { StateScope } from '../graph/state-scope.ts';
import { SignatureTwins } from '../graph/signature-twins.ts';
import { createState, disposeState } from '../ops/variables.ts';
import { BACKEND_LIMITS, checkFeeds, feedDtypeName } from './feed-checks.ts';
import { hostBytes, lazyBound } from './servable-memory.ts';
import type { Servable, SignatureStatus } from '../servable.ts';
import type { DType, HostTensor } from '../../tensor/index.ts';
import type { MemoryGraphModel } from './artifacts.ts';
import { asResourceExhausted, guardAllocations } from './allocation-guard.ts';
import { ensureBackend, type BackendName } from './backend.ts';
import { fromTfTensor, toFeedTensor } from './host-tensors.ts';
import { registerCustomOps, withListScope } from '../ops/index.ts';
import { probeSignature } from './signature-probe.ts';
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
  /** Run straight-line graphs with the lean executor (lean-plan.ts); default true. False only to measure or debug it. */
  lean?: boolean;
  /**
   * Convert each signature on its first run instead of at load; default false (convert and probe every signature,
   * and fail the load when none can run). Lazy: signatureStatus() reports a signature not converted yet as available.
   */
  lazy?: boolean;
}

export class PortableServable implements Servable {
  readonly engine = 'portable';
  private disposed = false;
  private readonly compiled = new Map<string, CompiledSignature>();
  private readonly unavailable = new Map<string, UnavailableSignature>();
  /** Conversions started (one per signature: concurrent first requests share it; a failure stays). */
  private readonly pending = new Map<string, Promise<CompiledSignature>>();
  /** GraphModels built (two twin signatures share one). */
  private readonly models = new Set<MemoryGraphModel>();
  private readonly stateIds = new Set<string>();
  private twins: SignatureTwins | undefined;
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
    const ctx: CompileContext = { model, meta, state: new StateScope(), backend, slice, optimize: options.optimize, v1Executor: options.v1Executor, lean: options.lean };
    const infos = new Map(keys.map((k) => [k, meta.signature(k)]));
    const servable = new PortableServable(ctx, infos, options.lazy ? lazyBound(model, keys.length) : undefined, backend);
    if (options.lazy && keys.length > 0) return servable;
    for (const key of keys) {
      try {
        await servable.compile(key);
      } catch (e) {
        if (servable.unavailable.has(key)) continue;
        servable.dispose();
        throw e;
      }
    }
    servable.ctx = undefined;
    if (servable.compiled.size === 0 && servable.unavailable.size > 0) {
      servable.dispose();
      const reasons = [...servable.unavailable.values()].map((u) => u.error.message).join('\n');
      throw new ServingError('UNIMPLEMENTED', `${model.source}: no signature can run on the portable engine (${backend} backend):\n${reasons}`);
    }
    return servable;
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
    const twin = this.twinOf(key);
    if (twin) return this.ready(key, { ...twin, info: this.infos.get(key)! });
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
      throw new ServingError('UNAVAILABLE', 'servable was unloaded');
    }
    this.models.add(c.model);
    this.bytes += weightBytes;
    for (const [id, value] of ctx.state.initial) {
      if (this.stateIds.has(id)) continue; // a variable another signature created keeps its current value
      createState(new Map([[id, value]]));
      this.stateIds.add(id);
      this.bytes += hostBytes(value);
    }
    const error = await probeSignature({ run: (_k, inputs) => this.runCompiled(c, inputs) }, graph, ctx.backend);
    if (error) {
      this.models.delete(c.model);
      c.model.dispose();
      this.bytes -= weightBytes;
      throw this.refuse(key, error);
    }
    return this.ready(key, c);
  }

  /** A converted twin of `key` (same fingerprint), looked for only once another signature is converted. */
  private twinOf(key: string): CompiledSignature | undefined {
    if (this.compiled.size === 0) return undefined;
    this.twins ??= new SignatureTwins(this.ctx!.meta);
    const fingerprint = this.twins.fingerprint(key);
    if (fingerprint === undefined) return undefined;
    for (const [k, c] of this.compiled) if (this.twins.fingerprint(k) === fingerprint) return c;
    return undefined;
  }

  private ready(key: string, c: CompiledSignature): CompiledSignature {
    this.compiled.set(key, c);
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
    this.twins = undefined;
  }

  async prepare(): Promise<void> {
    for (const key of this.signatureKeys()) await this.compile(key).catch(() => undefined);
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
    return this.runCompiled(this.get(key) ?? (await this.compile(key)), inputs, outputs);
  }

  private async runCompiled(c: CompiledSignature, inputs: Map<string, HostTensor>, outputs?: readonly string[]): Promise<Map<string, HostTensor>> {
    checkInputs(c.info, inputs, BACKEND_LIMITS[this.backend]);
    const aliases = outputs ?? Object.keys(c.fetches);
    // The lean executor (lean-plan.ts) answers first where it has a plan, with the same feed checks.
    const lean = c.lean && checkFeeds(c.feeds, inputs) ? c.lean.run(inputs, aliases) : undefined;
    if (lean) return lean;
    const feed: tf.NamedTensorMap = {};
    let results: tf.Tensor[] = [];
    try {
      c.feeds.forEach((f, i) => {
        const value = inputs.get(f.alias);
        if (!value) throw new ServingError('INVALID_ARGUMENT', `input '${f.alias}' is missing`);
        checkFeedDtype(f.alias, i, value, feedDtypeName(f));
        feed[f.node] = toFeedTensor(value, f.dtype, `input '${f.alias}'`);
      });
      const names = aliases.map((a) => c.fetches[a]);
      // Only graphs with TensorLists pay for a list scope (an AsyncLocalStorage run) on the request path.
      const execute = () => (c.v1 ? c.v1.execute(feed, names) : c.async ? c.model.executeAsync(feed, names) : c.model.execute(feed, names));
      const out = c.lists ? await withListScope(execute) : await execute();
      results = Array.isArray(out) ? out : [out];
      const result = new Map<string, HostTensor>();
      // TF1 signatures may declare ref dtypes (DT_FLOAT_REF for an AssignAdd output): the value is the base dtype.
      aliases.forEach((alias, i) => result.set(alias, fromTfTensor(results[i], c.info.outputs[alias].dtype.replace(/_REF$/, '') as DType)));
      return result;
    } catch (e) {
      throw runError(asResourceExhausted(e), c.info, inputs);
    } finally {
      tf.dispose(Object.values(feed));
      tf.dispose(results);
    }
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
    for (const m of this.models) m.dispose();
    this.models.clear();
    disposeState(this.stateIds);
    this.ctx = undefined;
    this.twins = undefined;
  }
}
