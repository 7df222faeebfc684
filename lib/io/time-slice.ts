// Long synchronous loops (decoding a 1.3M-node graph, walking it) give the event loop a turn every few
// milliseconds, so /healthz and other requests are answered during a model load (issue 10 item 4).
import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Counts loop steps and says when the current slice of `sliceMs` is used up; `pause()` lets the event loop run
 * (pending I/O and timers) and starts a new slice. The clock is read every 256 steps only.
 * @example const slice = new TimeSlice(); for (const n of nodes) { visit(n); if (slice.due()) await slice.pause(); }
 */
export class TimeSlice {
  private steps = 0;
  private started = performance.now();

  constructor(private readonly sliceMs = 20) {}

  due(): boolean {
    if ((++this.steps & 255) !== 0) return false;
    return performance.now() - this.started >= this.sliceMs;
  }

  async pause(): Promise<void> {
    await nextTurn();
    this.started = performance.now();
  }
}
