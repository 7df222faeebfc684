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

  /** due() without the step count: reads the clock now (for callers that yield every few hundred steps). */
  overdue(): boolean {
    return performance.now() - this.started >= this.sliceMs;
  }

  async pause(): Promise<void> {
    await nextTurn();
    this.started = performance.now();
  }
}

/**
 * A long computation written as a generator that `yield`s at points where it may pause (every few hundred
 * steps of a walk, between passes). runSteps runs it to the end at once; runStepsSliced gives the event loop
 * a turn whenever a slice is used up. One body, both ways: sync callers (tests, `show`) and loads share it.
 */
export type Steps<T> = Generator<void, T, void>;

export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

export async function runStepsSliced<T>(steps: Steps<T>, slice: TimeSlice = new TimeSlice()): Promise<T> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (slice.overdue()) await slice.pause();
  }
}

/** Bytes copied between two looks at the clock by copySliced. */
const COPY_CHUNK = 1 << 20;

/**
 * A copy of `src` in a buffer of its own (transferable to a worker), made 1 MiB at a time with a pause whenever
 * the slice is used up: copying a 38 MB pbtxt in one call (fresh pages, faulted in as they are written) held
 * the event loop for 0.1–0.4 s (bench/load-stalls.ts).
 */
export async function copySliced(src: Uint8Array, slice: TimeSlice = new TimeSlice()): Promise<Uint8Array> {
  const out = new Uint8Array(Buffer.allocUnsafeSlow(src.byteLength).buffer, 0, src.byteLength);
  for (let at = 0; at < src.byteLength; at += COPY_CHUNK) {
    out.set(src.subarray(at, at + COPY_CHUNK), at);
    if (slice.overdue()) await slice.pause();
  }
  return out;
}
