// Who still needs a tensor during one run of the synchronous executor (v1-executor.ts). Control-flow ops pass
// tensor references on instead of copying them, so one tensor can wait at several consumers in several
// iterations; it is disposed when the last of them has run. Tensors the run does not own (weights, feeds,
// tensors another owner keeps with tf.keep) are counted but never disposed.
import type * as tf from '@tensorflow/tfjs-core';

export class RefCounts {
  private readonly counts = new Map<tf.Tensor, number>();
  private readonly later: tf.Tensor[] = [];
  /** Tensors of the caller for this run (feeds); weights are in `fixed`. */
  private readonly borrowed = new Set<tf.Tensor>();

  constructor(private readonly fixed: ReadonlySet<tf.Tensor>) {}

  /** Starts a run whose feeds are `feeds`. */
  begin(feeds: Iterable<tf.Tensor>): void {
    for (const t of feeds) this.borrowed.add(t);
  }

  owned(t: tf.Tensor): boolean {
    return !t.kept && !this.fixed.has(t) && !this.borrowed.has(t);
  }

  retain(t: tf.Tensor): tf.Tensor {
    this.counts.set(t, (this.counts.get(t) ?? 0) + 1);
    return t;
  }

  release(t: tf.Tensor): void {
    const n = (this.counts.get(t) ?? 0) - 1;
    if (n > 0) {
      this.counts.set(t, n);
      return;
    }
    this.counts.delete(t);
    if (this.owned(t)) t.dispose();
  }

  /** A tensor nobody took: disposed unless someone holds it. */
  dropIfUnused(t: tf.Tensor): void {
    if (!this.counts.has(t) && this.owned(t)) t.dispose();
  }

  /** Releases `t` once the current node's outputs are delivered (a cleared TensorArray slot, say). */
  releaseLater(t: tf.Tensor): void {
    this.later.push(t);
  }

  flush(): void {
    while (this.later.length > 0) this.release(this.later.pop()!);
  }

  /** Ends the run: disposes every owned tensor still counted except `keep` (the results). */
  end(keep: readonly tf.Tensor[]): void {
    this.later.length = 0;
    for (const t of this.counts.keys()) if (this.owned(t) && !keep.includes(t)) t.dispose();
    this.counts.clear();
    this.borrowed.clear();
  }
}
