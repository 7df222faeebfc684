// The portable engine's Servable: each signature converted to its own TensorFlow.js graph at load.
import * as tf from '@tensorflow/tfjs-core';
import { ServingError } from '../../errors/index.ts';
import type { MetaGraph, SavedModel, SignatureInfo } from '../../savedmodel/index.ts';
import { convertSignature } from '../graph/convert.ts';
import { checkMetaGraphAcyclic } from '../graph/graph-cycles.ts';
import { type LoadLimits, resolveLoadLimits } from '../limits/load-limits.ts';
import { checkModelBounds } from '../limits/model-bounds.ts';
import { StateScope } from '../graph/state-scope.ts';
import { createState, disposeState } from '../ops/variables.ts';
import type { Feed } from '../graph/prune.ts';
import type { Servable } from '../servable.ts';
import type { DType, HostTensor } from '../tensor.ts';
import { buildGraphModel, type MemoryGraphModel } from './artifacts.ts';
import { asResourceExhausted, guardAllocations } from './allocation-guard.ts';
import { ensureBackend, type BackendName } from './backend.ts';
import { fromTfTensor, toFeedTensor } from './host-tensors.ts';
import { registerCustomOps } from '../ops/index.ts';

/** Bytes a host tensor's values occupy (strings: their bytes). */
function hostBytes(t: HostTensor): number {
  return Array.isArray(t.data) ? t.data.reduce((n, b) => n + b.length, 0) : (t.data as ArrayBufferView).byteLength;
}

/** Pseudo signatures that only name init ops (TF2 exports) and are never run by clients. */
const INIT_SIGNATURES = new Set(['__saved_model_init_op']);
/** Ops TensorFlow.js runs only through executeAsync (dynamic control flow). */
const ASYNC_OPS = new Set(['Switch', 'Merge', 'Enter', 'Exit', 'NextIteration', 'LoopCond', 'While', 'StatelessWhile', 'If', 'StatelessIf']);

interface CompiledSignature {
  info: SignatureInfo;
  model: MemoryGraphModel;
  feeds: Feed[];
  fetches: Record<string, string>;
  async: boolean;
}

export interface PortableOptions {
  /** Backend for the whole process; default 'wasm' with cpu fallback. */
  backend?: BackendName;
  /** Tag set of the MetaGraph to serve; default ['serve']. */
  tags?: string[];
  /** Bounds checked before anything is allocated (RESOURCE_EXHAUSTED past them); defaults from the process's memory. */
  limits?: LoadLimits;
}

export class PortableServable implements Servable {
  readonly engine = 'portable';
  private disposed = false;

  private constructor(
    private readonly compiled: Map<string, CompiledSignature>,
    private readonly bytes: number,
    private readonly state: StateScope,
  ) {}

  /** Converts every signature of the selected MetaGraph; any unsupported op fails the load. */
  static async load(model: SavedModel, options: PortableOptions = {}): Promise<PortableServable> {
    await ensureBackend(options.backend);
    registerCustomOps();
    const limits = resolveLoadLimits(options.limits);
    guardAllocations(limits.maxTensorBytes);
    const meta: MetaGraph = model.metaGraph(options.tags);
    checkMetaGraphAcyclic(meta);
    checkModelBounds(model, meta, limits);
    const compiled = new Map<string, CompiledSignature>();
    const state = new StateScope();
    let bytes = 0;
    try {
      for (const key of meta.signatureKeys()) {
        if (INIT_SIGNATURES.has(key)) continue;
        const g = convertSignature(model, meta, key, state);
        const { model: gm, weightBytes } = await buildGraphModel(g, `${model.source} signature '${key}'`);
        bytes += weightBytes;
        const async = g.nodes.some((n) => ASYNC_OPS.has(n.op));
        compiled.set(key, { info: g.signature, model: gm, feeds: g.feeds, fetches: g.fetches, async });
      }
      createState(state.initial);
      for (const v of state.initial.values()) bytes += hostBytes(v);
    } catch (e) {
      for (const c of compiled.values()) c.model.dispose();
      throw e;
    }
    return new PortableServable(compiled, bytes, state);
  }

  signatures(): SignatureInfo[] {
    return [...this.compiled.values()].map((c) => c.info);
  }

  signature(key: string): SignatureInfo {
    return this.get(key).info;
  }

  private get(key: string): CompiledSignature {
    if (this.disposed) throw new ServingError('UNAVAILABLE', 'servable was unloaded');
    const c = this.compiled.get(key);
    if (!c) throw new ServingError('INVALID_ARGUMENT', `Serving signature key "${key}" not found.`);
    return c;
  }

  async run(key: string, inputs: Map<string, HostTensor>, outputs?: readonly string[]): Promise<Map<string, HostTensor>> {
    const c = this.get(key);
    const aliases = outputs ?? Object.keys(c.fetches);
    const feed: tf.NamedTensorMap = {};
    let results: tf.Tensor[] = [];
    try {
      for (const f of c.feeds) {
        const value = inputs.get(f.alias);
        if (!value) throw new ServingError('INVALID_ARGUMENT', `input '${f.alias}' is missing`);
        feed[f.node] = toFeedTensor(value, f.dtype, `input '${f.alias}'`);
      }
      const names = aliases.map((a) => c.fetches[a]);
      const out = c.async ? await c.model.executeAsync(feed, names) : c.model.execute(feed, names);
      results = Array.isArray(out) ? out : [out];
      const result = new Map<string, HostTensor>();
      // TF1 signatures may declare ref dtypes (DT_FLOAT_REF for an AssignAdd output): the value is the base dtype.
      aliases.forEach((alias, i) => result.set(alias, fromTfTensor(results[i], c.info.outputs[alias].dtype.replace(/_REF$/, '') as DType)));
      return result;
    } catch (e) {
      throw asResourceExhausted(e);
    } finally {
      tf.dispose(Object.values(feed));
      tf.dispose(results);
    }
  }

  memoryBytes(): number {
    return this.bytes;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const c of this.compiled.values()) c.model.dispose();
    disposeState(this.state.initial.keys());
  }
}
