// Where a big model's load holds the event loop (issue 10 item 4): loads a healthy pbtxt with N unused nodes
// (test/helpers/hostile-models.ts bigGraphModel; 1M nodes ≈ 38 MB, as bench/reliability.ts) through loadVersion,
// as `serve` does, while a 5 ms timer notes every gap longer than the threshold; prints the gaps, the load time
// and RSS (peak during the load, and after it with the loaded version still held). With --profile, a CPU
// profile (node:inspector, 0.5 ms sampling, which slows the load) names what ran in each gap: the innermost
// lib/ function on the stack and the top self-time functions (garbage collection shows as such).
// --dir=<version dir> loads that SavedModel instead (e.g. bench/models/mobilenet_v2_96/1).
// Run: node --expose-gc --import tsx bench/load-stalls.ts [--nodes=1000000 | --dir=DIR] [--threshold=50] [--backend=wasm] [--profile]
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import { loadVersion } from '../lib/loader/index.ts';
import { modelFilesFromMap, readModelDir } from '../lib/savedmodel/index.ts';
import { bigGraphModel } from '../test/helpers/hostile-models.ts';

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const nodes = Number(arg('nodes', '1000000'));
const thresholdMs = Number(arg('threshold', '50'));
const backend = arg('backend', 'wasm') as 'wasm' | 'cpu';
const profiling = process.argv.includes('--profile');

interface ProfileNode { id: number; callFrame: { functionName: string; url: string }; children?: number[] }
interface Profile { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] }

const dir = arg('dir', '');
const files = dir ? await readModelDir(dir) : modelFilesFromMap({ 'saved_model.pbtxt': new TextEncoder().encode(bigGraphModel(nodes)) });
const session = profiling ? new Session() : undefined;
if (session) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
}
// Gaps in µs of the monotonic clock, the clock of the profile's timestamps, with the CPU time the process used
// in each (all its threads: on a machine shared with other work a gap's wall time mostly measures the machine).
const gaps: [from: number, to: number, cpuMs: number][] = [];
let last = process.hrtime.bigint();
let lastCpu = process.cpuUsage();
const timer = setInterval(() => {
  const now = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  if (Number(now - last) / 1e6 > thresholdMs + 5) gaps.push([Number(last / 1000n), Number(now / 1000n), (cpu.user + cpu.system - lastCpu.user - lastCpu.system) / 1000]);
  last = now;
  lastCpu = cpu;
}, 5);
const mb = (b: number) => Math.round(b / 1e6);
const rssBefore = process.memoryUsage().rss;
let peak = rssBefore;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const started = performance.now();
const loaded = await loadVersion(files, '<big>', { backend, warmup: false });
const loadMs = performance.now() - started;
clearInterval(timer);
clearInterval(sampler);
const profile = session ? ((await session.post('Profiler.stop')) as unknown as { profile: Profile }).profile : undefined;
(globalThis as { gc?: () => void }).gc?.();
const worst = Math.max(0, ...gaps.map(([f, t]) => (t - f) / 1000));
const worstCpu = Math.max(0, ...gaps.map(([, , c]) => c));
console.log(`${dir || `${nodes} nodes`} (${backend}): load ${Math.round(loadMs)} ms; RSS ${mb(rssBefore)} MB before, peak ${mb(peak)} MB, ${mb(process.memoryUsage().rss)} MB after (heap ${mb(process.memoryUsage().heapUsed)} MB); worst gap ${Math.round(worst)} ms (most CPU in a gap ${Math.round(worstCpu)} ms); ${gaps.length} gaps over ${thresholdMs} ms; load average ${os.loadavg()[0].toFixed(1)}`);
for (const [from, to, cpu] of gaps) console.log(`gap ${Math.round((to - from) / 1000)} ms, CPU ${Math.round(cpu)} ms${profile ? `\n${attribute(profile, from, to)}` : ''}`);
loaded.servable.dispose();

/** The functions sampled between `from` and `to` (µs): innermost lib/ frame, and self time. */
function attribute(p: Profile, from: number, to: number): string {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/.*\/(lib|node_modules)\//, '$1/')}`;
  const ours = new Map<string, number>();
  const self = new Map<string, number>();
  let count = 0;
  let t = p.startTime;
  p.samples.forEach((id, i) => {
    t += p.timeDeltas[i];
    if (t < from || t > to) return;
    count++;
    let n = byId.get(id);
    self.set(label(n!), (self.get(label(n!)) ?? 0) + 1);
    while (n && !(n.callFrame.url.includes('/lib/') && !n.callFrame.url.includes('/lib/io/'))) n = byId.get(parent.get(n.id)!);
    const key = n ? label(n) : '(no lib/ frame)';
    ours.set(key, (ours.get(key) ?? 0) + 1);
  });
  const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([l, c]) => `${Math.round((c / count) * 100)}% ${l}`).join('; ');
  return `  lib: ${top(ours)}\n  self: ${top(self)}`;
}
