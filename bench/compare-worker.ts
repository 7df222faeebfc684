// One side-by-side measurement in a fresh process, spawned by bench/compare.ts (the tfjs backend is process-wide):
//   node --import tsx [--trace-gc] bench/compare-worker.ts --model DIR [--golden FILE] [--engine portable|native]
//        [--backend wasm|cpu] [--no-optimize] [--no-v1-executor] [--no-v1-kernels] [--no-lean] [--calls N]
//        [--budget-ms N] [--b1-only] [--control] [--warmup N]
// Prints `RESULT {json}`: batch-1 p50/p99/p99.9 over up to --calls calls (default 10000, fewer past the budget)
// after a warm-up (warmUp below: at least --warmup calls, default 10000, 3 scavenges and 2,000 calls without a page
// fault, within a quarter of the budget; a 200-call warm-up left V8's tier-up and the young generation's first
// touches of fresh memory inside the timed window),
// the garbage collections inside that timed window (perf_hooks 'gc' entries, minor = scavenges), the process's CPU
// time per batch-1 call in that window (user + system: what a loaded machine's wall time hides), the JavaScript
// heap bytes one batch-1 call allocates (median over 1,000 calls, below), and batch-32 p50 (not with --b1-only).
// --control times a fixed pure-JavaScript workload calibrated to ours' p50 in turn with each of our calls
// (bench/tail-control.ts): its p99/p50 is the machine's floor for that call length in the same window; with it
// come the window's page faults, context switches, and V8 tier-ups/deopts (as trace lines compare.ts counts).
import { resolve } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { getHeapStatistics } from 'node:v8';
import { loadServable } from '../lib/engine/index.ts';
import { SavedModel } from '../lib/savedmodel/index.ts';
import type { HostTensor } from '../lib/tensor/host-tensor.ts';
import { goldenInputs, pickSignature, rebatch, synthetic } from './bench-inputs.ts';
import { calibrateControl, controlCall, startWindow, type WindowEvents } from './tail-control.ts';

const { values: opt } = parseArgs({
  options: {
    model: { type: 'string' },
    golden: { type: 'string' },
    engine: { type: 'string', default: 'portable' },
    backend: { type: 'string', default: 'wasm' },
    'no-optimize': { type: 'boolean', default: false },
    'no-v1-executor': { type: 'boolean', default: false },
    'no-v1-kernels': { type: 'boolean', default: false },
    'no-lean': { type: 'boolean', default: false },
    calls: { type: 'string', default: '10000' },
    'budget-ms': { type: 'string', default: '20000' },
    'b1-only': { type: 'boolean', default: false },
    control: { type: 'boolean', default: false },
    warmup: { type: 'string', default: '10000' },
  },
});

function pct(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

// perf_hooks gc entry kinds (node:perf_hooks constants NODE_PERFORMANCE_GC_*): 1 minor (scavenge), 2 major, 4 incremental, 8 weak callbacks.
const gc = { minor: 0, major: 0, other: 0, ms: 0 };
const observer = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind;
    if (kind === 1) gc.minor++;
    else if (kind === 2) gc.major++;
    else gc.other++;
    gc.ms += e.duration;
  }
});

/**
 * Heap bytes one call allocates: the growth of V8's used heap across the call, less what reading the counter
 * itself allocates, median over 1,000 calls; a call during which a collection ran (the heap shrank) is left out.
 */
async function allocatedPerCall(call: () => Promise<unknown>): Promise<number> {
  const used = () => getHeapStatistics().used_heap_size;
  const probe: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const a = used();
    probe.push(used() - a);
  }
  const overhead = probe.filter((d) => d >= 0).sort((x, y) => x - y)[probe.length >> 1] ?? 0;
  const deltas: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const a = used();
    await call();
    const d = used() - a;
    if (d >= 0) deltas.push(d - overhead);
  }
  deltas.sort((x, y) => x - y);
  return deltas[deltas.length >> 1] ?? NaN;
}

/**
 * Calls until the process is warm, within `capMs`: at least `calls` calls (V8 tiers the run path up over the first
 * few thousand) and at least 3 scavenges, the last full young-generation cycle (scavenge to scavenge) and the calls
 * since without a page fault. The young generation's semispaces are fresh memory the first time they fill, and
 * again after V8 grows them: each first touch is a page fault (~10 µs on this VM), and a call that allocates 1–2 KB
 * fills 16 MB only every ~10,000 calls, so with little garbage per call the faults come late and last long
 * (half_plus_two: ~2,900 faults over calls 5,000–17,000, p99 37–53 µs there against 4 µs after). Yields to the
 * event loop every 500 calls so perf_hooks can deliver the gc entries.
 */
async function warmUp(call: () => Promise<unknown>, calls: number, capMs: number): Promise<{ calls: number; scavenges: number; faults: number; settled: boolean }> {
  const start = performance.now();
  const minor0 = gc.minor;
  const faults0 = process.resourceUsage().minorPageFault;
  let n = 0, faults = faults0, seen = gc.minor, cycleFaults = 0, lastCycleFaults = -1;
  observer.observe({ entryTypes: ['gc'] });
  const settled = () => n >= calls && gc.minor - minor0 >= 3 && lastCycleFaults === 0 && cycleFaults === 0;
  while (n < 5 || (!settled() && performance.now() - start < capMs)) {
    await call();
    if (++n % 500 === 0) {
      await new Promise((r) => setImmediate(r));
      const f = process.resourceUsage().minorPageFault;
      const block = f - faults;
      faults = f;
      cycleFaults += block;
      if (gc.minor !== seen) {
        // a block holding a scavenge closes the cycle; its faults may be either side of it, so they count for both
        lastCycleFaults = cycleFaults;
        cycleFaults = block;
        seen = gc.minor;
      }
    }
  }
  observer.disconnect();
  const result = { calls: n, scavenges: gc.minor - minor0, faults: process.resourceUsage().minorPageFault - faults0, settled: settled() };
  Object.assign(gc, { minor: 0, major: 0, other: 0, ms: 0 });
  return result;
}

function controlStats(ms: Float64Array): { p50: number; p99: number; clippedSumMs: number } {
  const sorted = ms.slice().sort();
  const p50 = pct(sorted, 50);
  let clippedSumMs = 0;
  for (let i = 0; i < ms.length; i++) clippedSumMs += Math.min(ms[i], 10 * p50);
  return { p50, p99: pct(sorted, 99), clippedSumMs };
}

async function main(): Promise<void> {
  const dir = resolve(opt.model!);
  const engine = opt.engine === 'native' ? 'native' : 'portable';
  const t0 = performance.now();
  const servable = await loadServable(await SavedModel.fromDir(dir), { engine, backend: opt.backend as 'wasm' | 'cpu', optimize: !opt['no-optimize'], v1Executor: !opt['no-v1-executor'], v1Kernels: !opt['no-v1-kernels'], lean: !opt['no-lean'] });
  const loadMs = performance.now() - t0;
  const sig = pickSignature(servable.signatures());
  const golden = opt.golden ? goldenInputs(opt.golden, dir, servable, sig) : undefined;
  const inputs = (b: number): Map<string, HostTensor> => (golden ? rebatch(golden, b) : synthetic(sig, b));
  const run = (x: Map<string, HostTensor>) => servable.run(sig.key, x);
  const budget = Number(opt['budget-ms']);
  const x1 = inputs(1);
  const warm = await warmUp(() => run(x1), Number(opt.warmup), budget / 4);
  const calls = Number(opt.calls);
  const ms = new Float64Array(calls);
  // the control: as many iterations as take ours' current p50, timed in turn with each of our calls
  let iterations = 0;
  if (opt.control) {
    const probe = new Float64Array(1000);
    for (let i = 0; i < probe.length; i++) {
      const a = performance.now();
      await run(x1);
      probe[i] = performance.now() - a;
    }
    iterations = await calibrateControl(pct(probe.sort(), 50));
  }
  const ctl = new Float64Array(opt.control ? calls : 0);
  const stopWindow = opt.control ? startWindow() : undefined;
  observer.observe({ entryTypes: ['gc'] });
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  let n = 0;
  while (n < calls) {
    const a = performance.now();
    await run(x1);
    const b = performance.now();
    if (iterations) {
      await controlCall(iterations);
      ctl[n] = performance.now() - b;
    }
    ms[n++] = b - a;
    if (b - start > budget && n >= 200) break;
  }
  const wall = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  const window: WindowEvents | undefined = stopWindow?.();
  // let the observer deliver the last entries (they arrive asynchronously)
  await new Promise((r) => setTimeout(r, 50));
  observer.disconnect();
  const sorted = ms.slice(0, n).sort();
  const control = iterations ? controlStats(ctl.subarray(0, n)) : undefined;
  // CPU per call: the control's share is its calls' time, each clipped at 10× its p50 (a preempted call is not CPU)
  const cpuMs = (cpu.user + cpu.system) / 1000 - (control?.clippedSumMs ?? 0);
  const b1 = { p50: pct(sorted, 50), p99: pct(sorted, 99), p999: pct(sorted, 99.9), mean: wall / n, n, cpu_ms: cpuMs / n, warmup: warm };
  const bytesPerCall = await allocatedPerCall(() => run(x1));
  const x32 = inputs(32);
  const ms32: number[] = [];
  const s32 = performance.now();
  if (!opt['b1-only']) await run(x32);
  while (!opt['b1-only'] && ms32.length < 200 && (ms32.length < 5 || performance.now() - s32 < budget / 4)) {
    const a = performance.now();
    await run(x32);
    ms32.push(performance.now() - a);
  }
  const b32 = { p50: pct(Float64Array.from(ms32).sort(), 50), n: ms32.length };
  servable.dispose();
  process.stdout.write(`RESULT ${JSON.stringify({ load_ms: loadMs, signature: sig.key, b1, gc, b32, bytesPerCall, control: control && { p50: control.p50, p99: control.p99, iterations }, window })}\n`);
}

main().catch((e: Error) => {
  process.stdout.write(`RESULT ${JSON.stringify({ error: e.message.slice(0, 300) })}\n`);
});
