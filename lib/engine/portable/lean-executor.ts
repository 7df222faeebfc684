// Runs a lean plan (lean-plan.ts): writes the feeds into the backend, calls each step's kernel function
// directly (no tfjs engine scope, Tensor objects or tensor maps), frees each intermediate after its last
// reader with the backend's disposeData (reference counted: a Reshape output shares its input's data) and
// reads the outputs. Synchronous from the first write to the last free, so the one slot array per plan is
// never shared by two calls. Anything unusual (an input dtype or size the plan does not take, a step's check
// failing, a kernel throwing) frees what the call made and answers undefined: the caller then runs the
// GraphModel, which gives TensorFlow.js's own answer or error.
import type * as tf from '@tensorflow/tfjs-core';
import type { HostTensor } from '../../tensor/index.ts';
import type { LeanFetch, LeanPlan } from './lean-plan.ts';

/** Calls served by a plan and calls it handed back, per plan (read by tests and benchmarks). */
export interface LeanStats {
  runs: number;
  fallbacks: number;
}

export class LeanExecutor {
  readonly stats: LeanStats = { runs: 0, fallbacks: 0 };
  private readonly slots: (tf.TensorInfo | undefined)[];

  constructor(readonly plan: LeanPlan) {
    this.slots = new Array<tf.TensorInfo | undefined>(plan.slotCount).fill(undefined);
    for (const [slot, info] of plan.constants) this.slots[slot] = info;
  }

  /** The outputs named by `aliases`, or undefined when this call must go to the GraphModel. */
  run(inputs: ReadonlyMap<string, HostTensor>, aliases: readonly string[]): Map<string, HostTensor> | undefined {
    const { plan, slots } = this;
    try {
      for (const feed of plan.feeds) {
        const value = inputs.get(feed.alias);
        if (!value || value.dtype !== feed.hostDtype || !isPlainArray(value, feed.dtype) || sizeOf(value.shape) === 0) return this.fallback();
        slots[feed.slot] = { dataId: plan.backend.write(value.data as tf.backend_util.BackendValues, value.shape, feed.dtype), shape: value.shape, dtype: feed.dtype };
      }
      for (const step of plan.steps) {
        const { args, inputNames, inputSlots } = step;
        for (let i = 0; i < inputSlots.length; i++) args.inputs[inputNames[i]] = slots[inputSlots[i]];
        if (step.prepare && !step.prepare(args)) return this.fallback();
        const out = step.kernel(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
        slots[step.output] = step.finish ? step.finish(args, out) : out;
        for (let i = 0; i < step.frees.length; i++) this.free(step.frees[i]);
      }
      const result = new Map<string, HostTensor>();
      for (const fetch of plan.fetches) if (aliases.includes(fetch.alias)) result.set(fetch.alias, this.read(fetch));
      if (result.size !== aliases.length) return this.fallback();
      for (let i = 0; i < plan.endFrees.length; i++) this.free(plan.endFrees[i]);
      this.stats.runs++;
      return result;
    } catch {
      return this.fallback();
    }
  }

  /** Frees what the plan holds in the backend besides the GraphModel's weights. */
  dispose(): void {
    for (const r of this.plan.resources) r.dispose();
  }

  private read(fetch: LeanFetch): HostTensor {
    const info = this.slots[fetch.slot]!;
    const raw = this.plan.backend.readSync(info.dataId) as ArrayLike<number>;
    // wasm's readSync copies out of its heap; cpu's hands over the stored array, which a weight or feed may own.
    const values = this.plan.backendName === 'cpu' ? (raw as Float32Array).slice() : raw;
    const shape = info.shape.slice();
    switch (fetch.dtype) {
      case 'DT_FLOAT': return { dtype: 'DT_FLOAT', shape, data: values instanceof Float32Array ? values : Float32Array.from(values) };
      case 'DT_INT32': return { dtype: 'DT_INT32', shape, data: values instanceof Int32Array ? values : Int32Array.from(values) };
      case 'DT_BOOL': return { dtype: 'DT_BOOL', shape, data: values instanceof Uint8Array ? values : Uint8Array.from(values) };
    }
  }

  private free(slot: number): void {
    const info = this.slots[slot];
    if (!info) return;
    this.slots[slot] = undefined;
    this.plan.backend.disposeData(info.dataId);
  }

  /** Frees everything this call made and counts the hand-back. */
  private fallback(): undefined {
    const { owned } = this.plan;
    for (let s = 0; s < owned.length; s++) if (owned[s]) this.free(s);
    for (const step of this.plan.steps) for (const name of step.inputNames) step.args.inputs[name] = undefined;
    this.stats.fallbacks++;
    return undefined;
  }
}

/** The feed's host array is the typed array the backend stores for its dtype (no conversion needed). */
function isPlainArray(t: HostTensor, dtype: string): boolean {
  if (dtype === 'float32') return t.data instanceof Float32Array;
  return dtype === 'int32' ? t.data instanceof Int32Array : t.data instanceof Uint8Array;
}

function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}
