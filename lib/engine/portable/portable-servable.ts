// The portable engine's Servable: each signature converted to its own TensorFlow.js graph at load.
import { runStepsSliced, TimeSlice } from '../../io/index.ts';
import * as tf from '@tensorflow/tfjs-core';
import { isServingError, ServingError } from '../../errors/index.ts';
import type { MetaGraph, SavedModel, SignatureInfo } from '../../savedmodel/index.ts';
import { type ConvertedGraph, convertSignatureSliced } from '../graph/convert.ts';
import { protoEnum } from '../../proto/index.ts';
import { checkFeedDtype, checkInputs, type InputLimits, runError } from '../input-checks.ts';
import { metaGraphAcyclicSteps } from '../graph/graph-cycles.ts';
import { type LoadLimits, resolveLoadLimits } from '../../tensor/index.ts';
import { checkModelBoundsSteps } from '../limits/model-bounds.ts';
import { StateScope } from '../graph/state-scope.ts';
import { createState, disposeState } from '../ops/variables.ts';
import type { Feed } from '../graph/prune.ts';
import type { Servable, SignatureStatus } from '../servable.ts';
import type { DType, HostTensor } from '../../tensor/index.ts';
import { buildGraphModel, type MemoryGraphModel } from './artifacts.ts';
import { asResourceExhausted, guardAllocations } from './allocation-guard.ts';
import { ensureBackend, type BackendName } from './backend.ts';
import { fromTfTensor, toFeedTensor } from './host-tensors.ts';
import { registerCustomOps, withListScope } from '../ops/index.ts';
import { describeMissing, missingOps } from './kernel-check.ts';
import { probeSignature } from './signature-probe.ts';
import type { V1Executor } from './v1-executor.ts';
import { v1SyncExecutor } from './v1-sync.ts';
import { compileLeanPlan } from './lean-plan.ts';
import { LeanExecutor } from './lean-executor.ts';

/** Bytes a host tensor's values occupy (strings: their bytes). */
function hostBytes(t: HostTensor): number {
  return Array.isArray(t.data) ? t.data.reduce((n, b) => n + b.length, 0) : (t.data as ArrayBufferView).byteLength;
}

/** Pseudo signatures that only name init ops (TF2 exports) and are never run by clients. */
const INIT_SIGNATURES = new Set(['__saved_model_init_op']);
/**
 * Ops TensorFlow.js runs only through executeAsync: dynamic control flow, and the ops its model analysis
 * calls dynamic-shape (tfjs-converter executor/model_analysis.ts DYNAMIC_SHAPE_OPS), by name even when our
 * own kernel runs them synchronously.
 */
const ASYNC_OPS = new Set([
  'Switch', 'Merge', 'Enter', 'Exit', 'NextIteration', 'LoopCond', 'While', 'StatelessWhile', 'If', 'StatelessIf',
  'NonMaxSuppressionV2', 'NonMaxSuppressionV3', 'NonMaxSuppressionV5', 'Where',
]);
const DATA_TYPE = protoEnum('tensorflow.DataType');
/** Missing ops named in one signature's error before "and N more". */
const MAX_NAMED = 5;

/**
 * What each backend computes correctly. wasm: XNNPACK's elementwise kernels take at most 6 dims
 * (XNN_MAX_TENSOR_DIMS) and, past it, log "XNN status … not successful" and return uninitialised memory
 * (half_plus_two on a rank-7 input answered 3.6e-41); test/engine/portable/rank-limits-{wasm,cpu}.test.ts show ranks 0..8.
 */
const LIMITS: Record<BackendName, InputLimits> = {
  wasm: { maxRank: 6, what: "the portable engine's wasm backend" },
  cpu: { what: "the portable engine's cpu backend" },
};

/** A signature that cannot run on this backend: kept for metadata, refused when called. */
interface UnavailableSignature {
  info: SignatureInfo;
  error: ServingError;
}

/** UNIMPLEMENTED for a signature whose graph has ops the backend cannot run, naming each op and node. */
function unrunnable(key: string, backend: BackendName, reasons: string[]): ServingError {
  const more = reasons.length > MAX_NAMED ? `; and ${reasons.length - MAX_NAMED} more` : '';
  return new ServingError('UNIMPLEMENTED', `signature '${key}' cannot run on the portable engine (${backend} backend): ${reasons.slice(0, MAX_NAMED).join('; ')}${more}`);
}

interface CompiledSignature {
  info: SignatureInfo;
  model: MemoryGraphModel;
  feeds: Feed[];
  fetches: Record<string, string>;
  /** Object.keys(fetches), once (a call that names no outputs gets them all). */
  fetchAliases: readonly string[];
  async: boolean;
  /** The graph or a While/If body uses TensorLists: runs get a list scope (ops/tensor-list-value.ts). */
  lists: boolean;
  /** TF1 control flow run synchronously (v1-sync.ts); absent: TensorFlow.js's executors. */
  v1?: V1Executor;
  /** Straight-line graphs of the ops in lean-ops.ts run without the GraphModel (lean-executor.ts). */
  lean?: LeanExecutor;
}

/** The missing-input and placeholder dtype checks of a run, before anything is allocated (throws their errors). */
function checkFeeds(feeds: readonly Feed[], inputs: ReadonlyMap<string, HostTensor>): true {
  for (let i = 0; i < feeds.length; i++) {
    const value = inputs.get(feeds[i].alias);
    if (!value) throw new ServingError('INVALID_ARGUMENT', `input '${feeds[i].alias}' is missing`);
    checkFeedDtype(feeds[i].alias, i, value, DATA_TYPE.valuesById[feeds[i].dtype] ?? String(feeds[i].dtype));
  }
  return true;
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
}

export class PortableServable implements Servable {
  readonly engine = 'portable';
  private disposed = false;

  private constructor(
    private readonly compiled: Map<string, CompiledSignature>,
    private readonly unavailable: Map<string, UnavailableSignature>,
    private readonly bytes: number,
    private readonly state: StateScope,
    private readonly backend: BackendName,
  ) {}

  /**
   * Converts every signature of the selected MetaGraph and runs each once on made-up inputs. A signature with an
   * op the backend cannot run (no mapper, a missing kernel, an UNIMPLEMENTED conversion) becomes unavailable; the
   * load fails only when no signature can run, naming each one's reason. Other errors fail the load.
   */
  static async load(model: SavedModel, options: PortableOptions = {}): Promise<PortableServable> {
    const backend = await ensureBackend(options.backend);
    registerCustomOps();
    const limits = resolveLoadLimits(options.limits);
    guardAllocations(limits.maxTensorBytes);
    const meta: MetaGraph = model.metaGraph(options.tags);
    // A big graph's walks pause every slice so the event loop keeps answering (issue 10 item 4).
    const slice = new TimeSlice();
    await runStepsSliced(metaGraphAcyclicSteps(meta), slice);
    await runStepsSliced(checkModelBoundsSteps(model, meta, limits), slice);
    await slice.pause();
    const compiled = new Map<string, CompiledSignature>();
    const unavailable = new Map<string, UnavailableSignature>();
    const graphs = new Map<string, ConvertedGraph>();
    const state = new StateScope();
    let bytes = 0;
    try {
      for (const key of meta.signatureKeys()) {
        if (INIT_SIGNATURES.has(key)) continue;
        try {
          const g = await convertSignatureSliced(model, meta, key, state, slice, { optimize: options.optimize });
          await slice.pause();
          const missing = missingOps(g.nodes, g.functions, backend);
          if (missing.length) throw unrunnable(key, backend, missing.map(describeMissing));
          const { model: gm, weightBytes } = await buildGraphModel(g, `${model.source} signature '${key}'`, slice);
          bytes += weightBytes;
          const async = g.nodes.some((n) => ASYNC_OPS.has(n.op));
          const lists = [...g.nodes, ...g.functions.flatMap((f) => f.node_def ?? [])].some((n) => n.op.startsWith('TensorList'));
          const { executor: v1 } = lists || options.v1Executor === false ? {} : v1SyncExecutor(g, gm, backend, options.v1Kernels !== false);
          const plan = options.lean === false || v1 ? undefined : compileLeanPlan(g, gm, backend);
          const lean = plan && 'plan' in plan ? new LeanExecutor(plan.plan) : undefined;
          compiled.set(key, { info: g.signature, model: gm, feeds: g.feeds, fetches: g.fetches, fetchAliases: Object.keys(g.fetches), async, lists, v1, lean });
          graphs.set(key, { ...g, weights: new Map() }); // the probe names nodes; the weights can go now
        } catch (e) {
          if (!isServingError(e) || e.code !== 'UNIMPLEMENTED') throw e;
          const named = e.message.includes(`signature '${key}'`) ? e : unrunnable(key, backend, [e.message]);
          unavailable.set(key, { info: meta.signature(key), error: named });
        }
      }
      createState(state.initial);
      for (const v of state.initial.values()) bytes += hostBytes(v);
    } catch (e) {
      for (const c of compiled.values()) {
        c.model.dispose();
        c.lean?.dispose();
      }
      throw e;
    }
    const servable = new PortableServable(compiled, unavailable, bytes, state, backend);
    for (const [key, g] of graphs) {
      const error = await probeSignature(servable, g, backend);
      if (error) servable.markUnavailable(key, error);
    }
    if (servable.compiled.size === 0 && unavailable.size > 0) {
      servable.dispose();
      const reasons = [...unavailable.values()].map((u) => u.error.message).join('\n');
      throw new ServingError('UNIMPLEMENTED', `${model.source}: no signature can run on the portable engine (${backend} backend):\n${reasons}`);
    }
    return servable;
  }

  private markUnavailable(key: string, error: ServingError): void {
    const c = this.compiled.get(key)!;
    c.model.dispose();
    c.lean?.dispose();
    this.compiled.delete(key);
    this.unavailable.set(key, { info: c.info, error });
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
    return [...this.compiled.keys(), ...this.unavailable.keys()].sort();
  }

  signature(key: string): SignatureInfo {
    const u = this.unavailable.get(key);
    return u ? u.info : this.get(key).info;
  }

  private get(key: string): CompiledSignature {
    if (this.disposed) throw new ServingError('UNAVAILABLE', 'servable was unloaded');
    const u = this.unavailable.get(key);
    if (u) throw u.error;
    const c = this.compiled.get(key);
    if (!c) throw new ServingError('INVALID_ARGUMENT', `Serving signature key "${key}" not found.`);
    return c;
  }

  async run(key: string, inputs: Map<string, HostTensor>, outputs?: readonly string[]): Promise<Map<string, HostTensor>> {
    const c = this.get(key);
    checkInputs(c.info, inputs, LIMITS[this.backend]);
    const aliases = outputs ?? c.fetchAliases;
    // The lean executor (lean-plan.ts) answers first where it has a plan, with the same feed checks.
    const lean = c.lean && checkFeeds(c.feeds, inputs) ? c.lean.run(inputs, aliases) : undefined;
    return lean ?? this.runGraph(c, inputs, aliases);
  }

  /** The GraphModel's (or the v1 executor's) run; a function of its own so that lean calls do not allocate the context its closures need. */
  private async runGraph(c: CompiledSignature, inputs: Map<string, HostTensor>, aliases: readonly string[]): Promise<Map<string, HostTensor>> {
    const feed: tf.NamedTensorMap = {};
    let results: tf.Tensor[] = [];
    try {
      c.feeds.forEach((f, i) => {
        const value = inputs.get(f.alias);
        if (!value) throw new ServingError('INVALID_ARGUMENT', `input '${f.alias}' is missing`);
        checkFeedDtype(f.alias, i, value, DATA_TYPE.valuesById[f.dtype] ?? String(f.dtype));
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
    return this.get(key).lean ? 'lean' : 'graph-model';
  }

  /** The lean executor's counts for a signature (undefined when it has no plan). */
  leanStats(key: string): Readonly<{ runs: number; fallbacks: number }> | undefined {
    return this.get(key).lean?.stats;
  }

  memoryBytes(): number {
    return this.bytes;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const c of this.compiled.values()) {
      c.model.dispose();
      c.lean?.dispose();
    }
    disposeState(this.state.initial.keys());
  }
}
