// Where a small model's slow 1% of calls comes from, in one process (issue 13 item 3; BENCHMARKS.md "what the slow
// 1% is"). Not part of `npm run bench`: a diagnostic, run by hand:
//   node --import tsx bench/tail-probe.ts [--model models/half_plus_two/1] [--backend wasm] [--windows 30]
// Part 1, from the first call of a fresh process: p50/p99 per window of 5,000 calls, with the window's minor page
// faults and scavenges (tier-up and the young generation's first touches show as slow early windows).
// Part 2, warm: 20,000 calls of ours and of the control (bench/tail-control.ts, calibrated to ours' p50) in turn,
// each call bracketed by getrusage: how many of the calls at or above p99 saw a page fault or a preemption, and
// p99/p50 without those calls. getrusage counts every thread of the process (a V8 background thread's fault too).
import { PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadServable } from '../lib/engine/index.ts';
import { SavedModel } from '../lib/savedmodel/index.ts';
import { pickSignature, synthetic } from './bench-inputs.ts';
import { calibrateControl, controlCall } from './tail-control.ts';

const { values: opt } = parseArgs({ options: { model: { type: 'string', default: 'models/half_plus_two/1' }, backend: { type: 'string', default: 'wasm' }, windows: { type: 'string', default: '30' } } });
let scavenges = 0;
new PerformanceObserver((l) => { for (const e of l.getEntries()) if ((e as unknown as { detail?: { kind?: number } }).detail?.kind === 1) scavenges++; }).observe({ entryTypes: ['gc'] });
const pct = (v: Float64Array, p: number) => { const t = v.slice().sort(); return t[Math.min(t.length - 1, Math.max(0, Math.ceil((p / 100) * t.length) - 1))]; };
const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;

const servable = await loadServable(await SavedModel.fromDir(opt.model!), { engine: 'portable', backend: opt.backend as 'wasm' | 'cpu' });
const sig = pickSignature(servable.signatures());
const x = synthetic(sig, 1);
const run = () => servable.run(sig.key, x);

console.log(`${opt.model} on ${opt.backend}, node ${process.version}\n\nPart 1: windows of 5,000 calls from the first call`);
let faults = process.resourceUsage().minorPageFault;
const w = new Float64Array(5000);
for (let k = 0; k < Number(opt.windows); k++) {
  for (let i = 0; i < w.length; i++) {
    const a = performance.now();
    await run();
    w[i] = performance.now() - a;
  }
  await new Promise((r) => setImmediate(r)); // lets perf_hooks deliver the gc entries
  const f = process.resourceUsage().minorPageFault;
  console.log(`calls ${(k + 1) * 5}k: p50 ${us(pct(w, 50))}, p99 ${us(pct(w, 99))}, page faults ${f - faults}, scavenges so far ${scavenges}`);
  faults = f;
}

const N = 20_000;
const iterations = await calibrateControl(pct(w, 50));
const times = { ours: new Float64Array(N), control: new Float64Array(N) };
const faulted = { ours: new Uint8Array(N), control: new Uint8Array(N) };
const preempted = { ours: new Uint8Array(N), control: new Uint8Array(N) };
const timeOne = async (side: 'ours' | 'control', i: number, call: () => Promise<unknown>) => {
  const r0 = process.resourceUsage();
  const a = performance.now();
  await call();
  const b = performance.now();
  const r1 = process.resourceUsage();
  times[side][i] = b - a;
  faulted[side][i] = r1.minorPageFault > r0.minorPageFault ? 1 : 0;
  preempted[side][i] = r1.involuntaryContextSwitches > r0.involuntaryContextSwitches ? 1 : 0;
};
for (let i = 0; i < N; i++) {
  await timeOne('ours', i, run);
  await timeOne('control', i, () => controlCall(iterations));
}
console.log(`\nPart 2: ${N} calls each, ours and the control in turn (getrusage around each call)`);
for (const side of ['ours', 'control'] as const) {
  const v = times[side], p99 = pct(v, 99);
  let slow = 0, slowFault = 0, slowPreempt = 0;
  for (let i = 0; i < N; i++) {
    if (v[i] < p99) continue;
    slow++;
    if (faulted[side][i]) slowFault++;
    else if (preempted[side][i]) slowPreempt++;
  }
  const clean = v.filter((_, i) => !faulted[side][i] && !preempted[side][i]);
  console.log(`${side}: p50 ${us(pct(v, 50))}, p99 ${us(p99)}, p99/p50 ${(p99 / pct(v, 50)).toFixed(2)}; of the ${slow} calls ≥ p99: ${slowFault} saw a page fault, ${slowPreempt} a preemption, ${slow - slowFault - slowPreempt} neither; without those calls p99/p50 ${(pct(clean, 99) / pct(clean, 50)).toFixed(2)}`);
}
servable.dispose();
