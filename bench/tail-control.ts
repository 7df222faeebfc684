// The machine's own tail for a given per-call time, measured in the same process and the same loop as ours
// (bench/compare-worker.ts): a fixed pure-JavaScript workload, allocation-free and calibrated to ours' batch-1 p50,
// timed in turn with each of our calls. Its p99/p50 is the floor that OS preemption, timer interrupts and other
// processes on the cores put under any call of that length; ours above it is ours. Also: what happened in the
// process during the timed window (page faults, context switches, V8 tier-ups and deopts).
import { setFlagsFromString } from 'node:v8';

const table = new Float64Array(256);
let sink = 0;

/** A fixed amount of arithmetic: no allocation, no memory traffic beyond a 2 KB table. */
function spin(iterations: number): number {
  let a = 0;
  for (let i = 0; i < iterations; i++) a += Math.sqrt(i + table[i & 255]);
  sink += a;
  return sink;
}

/** The control call, async like `servable.run` so both pay the same promise and microtask. */
export async function controlCall(iterations: number): Promise<number> {
  return spin(iterations);
}

function median(v: Float64Array): number {
  const s = v.slice().sort();
  return s[s.length >> 1];
}

/** Iterations of the control whose p50 is `targetMs` (a few rounds of 1,000 calls). */
export async function calibrateControl(targetMs: number): Promise<number> {
  const ms = new Float64Array(1000);
  let iterations = 64;
  for (let round = 0; round < 6; round++) {
    for (let i = 0; i < ms.length; i++) {
      const a = performance.now();
      await controlCall(iterations);
      ms[i] = performance.now() - a;
    }
    iterations = Math.max(1, Math.round((iterations * targetMs) / Math.max(median(ms), 1e-6)));
  }
  return iterations;
}

/** What the process went through during the timed window. */
export interface WindowEvents {
  /** Minor page faults (first touches of fresh memory: a growing heap or wasm memory). */
  minorFaults: number;
  /** Preemptions by other processes, and waits. */
  involuntarySwitches: number;
  voluntarySwitches: number;
}

/**
 * Starts counting: resource usage now, and V8's `--trace-opt`/`--trace-deopt` switched on until `stop`, so every
 * "[marking …" / "[bailout …" line on stdout belongs to the window (compare.ts counts them).
 */
export function startWindow(): () => WindowEvents {
  const r0 = process.resourceUsage();
  setFlagsFromString('--trace-opt');
  setFlagsFromString('--trace-deopt');
  return () => {
    setFlagsFromString('--no-trace-opt');
    setFlagsFromString('--no-trace-deopt');
    const r1 = process.resourceUsage();
    return {
      minorFaults: r1.minorPageFault - r0.minorPageFault,
      involuntarySwitches: r1.involuntaryContextSwitches - r0.involuntaryContextSwitches,
      voluntarySwitches: r1.voluntaryContextSwitches - r0.voluntaryContextSwitches,
    };
  };
}
