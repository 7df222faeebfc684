// `npm run bench -- compare`: ours (portable engine on wasm and cpu, the wasm run also with the optimizer off,
// and, for every model but the v1 loop, with the lean executor off: tfjs-converter's GraphModel runs the graph)
// next to TensorFlow 2.21 in Python with one intra-op thread and with its default threads, and tfjs-node when
// TF_SERVERLESS_TFJS_NODE is set or @tensorflow/tfjs-node resolves, on the same models in the same run. Writes
// the table with the date and Node binary into BENCHMARKS.md (between the compare markers) and states each
// issue-13 target as met or missed by how much. Options: --only=SUBSTR[,SUBSTR…] (those models; the table then goes to
// bench/results/compare.md only, BENCHMARKS.md keeps the full run), --calls=N (batch-1 calls, default 10000),
// --budget-ms=N (timing budget per child, default 20000), --rounds=N (after the table, N paired rounds of ours
// wasm then TensorFlow 1 thread, batch 1 only, back to back, for the models judged against TensorFlow: on a loaded
// machine the median of the paired ratios is the figure to read), --quick (only ours wasm and TensorFlow 1 thread:
// no cpu backend, no optimizer-off run, no TensorFlow default threads, no tfjs-node). Raw numbers also go to bench/results/compare.json.
// Every measurement is a fresh child (bench/compare-worker.ts, under --trace-gc) that warms up for 10,000 calls
// (at most a quarter of its budget) before timing. For the batch-1 tail targets (the small models and MLPs) the
// child also times a control, a pure-JavaScript workload calibrated to ours' p50, in turn with each of our calls:
// its p99/p50 (the machine's floor for a call that long) and the window's scavenges, V8 tier-ups/deopts, page
// faults and preemptions go beside ours in the table and in the verdict. Measured, never asserted.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = resolve(REPO, '../shared/fixtures/models');
const PYTHON = process.env.TF_PYTHON ?? join(homedir(), 'tfvenv/bin/python');
const GENERATOR = join(REPO, 'scripts/generate_bench_models.py');
/** Raw measurements of the last run. */
const RAW = join(REPO, 'bench/results/compare.json');
const BEGIN = '<!-- compare:begin -->', END = '<!-- compare:end -->';

/** A model in the table, with the issue-13 target its row is judged by. */
interface Model { name: string; dir: string; golden?: string; target: 'tail' | 'mlp' | 'cnn' | 'mobilenet' | 'loop'; generated?: boolean }

const MODELS: Model[] = [
  { name: 'half_plus_two', dir: join(REPO, 'models/half_plus_two/1'), target: 'tail' },
  { name: 'digits', dir: join(REPO, 'models/digits/1'), target: 'tail' },
  { name: 'mlp_784_1024_1024_10', dir: join(REPO, 'bench/models/mlp_784_1024_1024_10/1'), target: 'mlp', generated: true },
  { name: 'mlp_512_2048x3_10', dir: join(REPO, 'bench/models/mlp_512_2048x3_10/1'), target: 'mlp', generated: true },
  { name: 'mobilenet_v2_96 (α 0.35)', dir: join(REPO, 'bench/models/mobilenet_v2_96/1'), target: 'mobilenet', generated: true },
  { name: 'efficientnet_style_96', dir: join(REPO, 'bench/models/efficientnet_style_96/1'), target: 'cnn', generated: true },
  { name: 'resnet_style_64', dir: join(REPO, 'bench/models/resnet_style_64/1'), target: 'cnn', generated: true },
  { name: 'tf1_dkt_lstm (v1 loop)', dir: join(SHARED, 'tf1_dkt_lstm/1'), golden: join(SHARED, 'tf1_dkt_lstm.golden.json'), target: 'loop' },
];

interface Ours {
  error?: string; load_ms: number; b1: { p50: number; p99: number; p999: number; n: number; cpu_ms?: number; warmup?: number }; gc: { minor: number; major: number; ms: number }; b32: { p50: number }; traceGc?: number; bytesPerCall?: number;
  /** --control: the pure-JavaScript workload at ours' p50, timed in turn with our calls (bench/tail-control.ts). */
  control?: { p50: number; p99: number; iterations: number };
  /** --control: the timed window's page faults and context switches, and V8's tier-up / deopt trace lines in it. */
  window?: { minorFaults: number; involuntarySwitches: number; voluntarySwitches: number };
  tierUps?: number; deopts?: number;
}
interface Tf { error?: string; b1: { p50: number; p99: number; n: number; cpu_ms?: number }; b32: { per_item_p50: number } }

function run(cmd: string, args: string[], timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production', TF_CPP_MIN_LOG_LEVEL: '2' } });
    let stdout = '', stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', () => {
      clearTimeout(timer);
      done({ stdout, stderr });
    });
  });
}

/** `flags`: compare-worker.ts's switches (--no-optimize, --no-lean, --no-v1-executor, --no-v1-kernels, --b1-only, --control). */
async function ours(m: Model, engine: string, backend: string, calls: number, budgetMs: number, flags: string[] = []): Promise<Ours> {
  const b1Only = flags.includes('--b1-only');
  const halfBudget = backend === 'cpu' || flags.includes('--no-optimize');
  const args = [...(b1Only ? [] : ['--trace-gc']), '--import', 'tsx', join(REPO, 'bench/compare-worker.ts'), '--model', m.dir, '--engine', engine, '--backend', backend, ...flags,
    '--calls', String(calls), '--budget-ms', String(halfBudget ? budgetMs / 2 : budgetMs), ...(m.golden ? ['--golden', m.golden] : [])];
  const r = await run(process.execPath, args, 240_000);
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) return { error: (r.stderr.trim().split('\n').pop() ?? 'no result').slice(0, 160) } as Ours;
  const res = JSON.parse(line.slice(7)) as Ours;
  if (!res.b1 && !res.error) res.error = 'worker gave no timings';
  // --trace-gc lines for the whole child (load, warm-up and timing): "[pid:addr:0] N ms: Scavenge …"
  res.traceGc = r.stdout.split('\n').filter((l) => / ms: (Scavenge|Mark-Compact|Minor Mark-Compact|Mark-Sweep)/.test(l)).length;
  // --trace-opt/--trace-deopt are on only inside the timed window (tail-control.ts startWindow)
  if (flags.includes('--control')) {
    res.tierUps = r.stdout.split('\n').filter((l) => l.startsWith('[marking ')).length;
    res.deopts = r.stdout.split('\n').filter((l) => l.startsWith('[bailout ')).length;
  }
  return res;
}

async function tensorflow(models: Model[], threads: number, batches = '1,32'): Promise<{ version: string; rows: Map<string, Tf> }> {
  const args = [GENERATOR, '--measure', ...models.map((m) => m.dir), '--cold-runs', '0', '--batches', batches, ...(threads ? ['--threads', String(threads)] : [])];
  const r = await run(PYTHON, args, 900_000);
  const rows = new Map<string, Tf>();
  try {
    const json = JSON.parse(r.stdout) as { tensorflow: string; models: Record<string, Tf> };
    for (const m of models) rows.set(m.dir, json.models[m.dir] ?? { error: 'not measured' } as Tf);
    return { version: json.tensorflow, rows };
  } catch {
    return { version: `failed: ${(r.stderr.trim().split('\n').pop() ?? '').slice(0, 160)}`, rows };
  }
}

function tfjsNodeAvailable(): boolean {
  if (process.env.TF_SERVERLESS_TFJS_NODE) return true;
  try {
    createRequire(import.meta.url).resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
}

const f = (x?: number, d = 3) => (x === undefined || !Number.isFinite(x) ? '–' : x >= 100 ? x.toFixed(0) : x.toFixed(d));
const ratio = (a?: number, b?: number) => (a && b ? a / b : undefined);

/** "met (0.82×)" or "missed by 1.40× (1.80× vs ≤ 1.3×)" for a measured ratio against a bound. */
function verdict(r: number | undefined, bound: number, what: string): string {
  if (r === undefined) return `${what}: not measured`;
  return r <= bound ? `${what} ≤ ${bound}×: met (${r.toFixed(2)}×)` : `${what} ≤ ${bound}×: **missed** (${r.toFixed(2)}×, ${(r / bound).toFixed(2)}× over)`;
}

export async function benchCompare(): Promise<string> {
  const argv = process.argv.slice(2);
  const only = argv.find((a) => a.startsWith('--only='))?.slice(7);
  const calls = Number(argv.find((a) => a.startsWith('--calls='))?.slice(8) ?? 10_000);
  // per-child timing budget (wasm; half of it for cpu and for the optimizer-off run)
  const budget = Number(argv.find((a) => a.startsWith('--budget-ms='))?.slice(12) ?? 20_000);
  const rounds = Number(argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 0);
  const quick = argv.includes('--quick');
  const t0 = performance.now();
  const log = (s: string) => console.error(`[compare ${((performance.now() - t0) / 1000).toFixed(0)}s] ${s}`);
  if (MODELS.some((m) => m.generated && !existsSync(m.dir))) {
    log('generating bench/models with scripts/generate_bench_models.py --build-only');
    await run(PYTHON, [GENERATOR, '--build-only'], 900_000);
  }
  // --only=a,b: models whose name contains any of the comma-separated parts
  const models = MODELS.filter((m) => existsSync(m.dir) && (!only || only.split(',').some((o) => m.name.includes(o))));
  const skipped = MODELS.filter((m) => !existsSync(m.dir)).map((m) => m.name);
  const withNode = !quick && tfjsNodeAvailable();
  const load0 = loadavg()[0];
  const res = new Map<string, { wasm: Ours; wasmPlain?: Ours; wasmGraph?: Ours; wasmAsync?: Ours; wasmOpRunner?: Ours; cpu: Ours; node?: Ours }>();
  for (const m of models) {
    log(`ours ${m.name}`);
    // batch-1 tail targets: the control (the machine's own p99/p50 at ours' p50) runs in the same children
    const tail = m.target === 'tail' || m.target === 'mlp' ? ['--control'] : [];
    const wasm = await ours(m, 'portable', 'wasm', calls, budget, tail);
    const wasmPlain = !quick && (m.target === 'cnn' || m.target === 'mobilenet' || m.target === 'mlp') ? await ours(m, 'portable', 'wasm', Math.min(calls, 2000), budget, ['--no-optimize']) : undefined;
    // the same calls through tfjs-converter's GraphModel (lean executor off): the item-3 side by side
    // (the CNNs too since their convolutions run lean: lean-conv-ops.ts; fewer calls, as for the optimizer-off run)
    const wasmGraph = quick || m.target === 'loop' ? undefined : await ours(m, 'portable', 'wasm', m.target === 'tail' || m.target === 'mlp' ? calls : Math.min(calls, 2000), budget, ['--no-lean', ...tail]);
    const cpu = quick ? ({ error: 'not run (--quick)' } as Ours) : await ours(m, 'portable', 'cpu', Math.min(calls, 2000), budget);
    const node = withNode ? await ours(m, 'native', 'wasm', Math.min(calls, 5000), budget) : undefined;
    // v1 loops: the same build on TensorFlow.js's executeAsync instead of our synchronous executor
    const wasmAsync = !quick && m.target === 'loop' ? await ours(m, 'portable', 'wasm', Math.min(calls, 2000), budget, ['--no-v1-executor']) : undefined;
    // …and on our executor with every op through tfjs's per-op code (no direct kernel calls: v1-kernels.ts off)
    const wasmOpRunner = !quick && m.target === 'loop' ? await ours(m, 'portable', 'wasm', Math.min(calls, 2000), budget, ['--no-v1-kernels']) : undefined;
    res.set(m.dir, { wasm, wasmPlain, wasmGraph, wasmAsync, wasmOpRunner, cpu, node });
    writeFileSync(RAW, JSON.stringify(Object.fromEntries(res), null, 1)); // kept even if a later step fails
  }
  log('TensorFlow, 1 intra-op thread');
  const tf1 = await tensorflow(models, 1);
  log('TensorFlow, default threads');
  const tfd = quick ? { version: '', rows: new Map<string, Tf>() } : await tensorflow(models, 0);
  writeFileSync(RAW, JSON.stringify({ ours: Object.fromEntries(res), tf1: Object.fromEntries(tf1.rows), tfd: Object.fromEntries(tfd.rows) }, null, 1));
  log('done');

  const out: string[] = [];
  out.push(`Run ${new Date().toISOString()} with ${process.execPath} (node ${process.version}); TensorFlow ${tf1.version} (${PYTHON}); load average ${load0.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after.\n`);
  out.push('Batch 1 p50 in ms (p99/p50 beside it) after a 10,000-call warm-up; "control" = p99/p50 of a fixed pure-JavaScript workload calibrated to ours\' p50 and timed in turn with each of our calls in the same child (the machine\'s floor for a call that long: what ours cannot beat there); "window" = what happened during the timed calls: scavenges, V8 tier-ups / deopts (`--trace-opt`/`--trace-deopt` switched on for the window only), minor page faults, involuntary context switches (preemptions); GC = scavenges / mark-compacts per 1,000 timed calls (perf_hooks), and `--trace-gc` lines for the whole child; KB/call = JavaScript heap allocated per batch-1 call (median of 1,000); "GraphModel" = the same wasm run with the lean executor off (b1 ms, p99/p50, scavenges per 1k); b32 = batch 32 per item.\n');
  const head = ['model', 'ours wasm b1', 'wasm p99/p50', 'control p99/p50', 'window: scav, tier-up/deopt, faults, preempt', 'GC per 1k (trace-gc lines)', 'KB/call ours / GraphModel', 'GraphModel b1, p99/p50, GC/1k', 'wasm, optimizer off', 'ours cpu b1', 'TF 1 thread b1', 'TF 1t p99/p50', 'TF default b1', ...(withNode ? ['tfjs-node b1'] : []), 'wasm ÷ TF 1t', 'CPU ms per b1 call wasm / TF 1t', 'b32/item wasm / TF 1t'];
  out.push(`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
  const verdicts: string[] = [];
  for (const m of models) {
    const r = res.get(m.dir)!;
    const t1 = tf1.rows.get(m.dir), td = tfd.rows.get(m.dir);
    const ok = (o?: Ours): boolean => o !== undefined && !o.error && o.b1 !== undefined;
    const cell = (o?: Ours) => (o === undefined ? '–' : ok(o) ? f(o.b1.p50) : `failed: ${(o.error ?? '').replace(/\|/g, '/').slice(0, 80)}`);
    const tfCell = (t?: Tf) => (!t || t.error || !t.b1 ? (t?.error ? `failed: ${t.error.slice(0, 60)}` : '–') : f(t.b1.p50));
    const w = r.wasm;
    const gcCell = ok(w) ? `${f((w.gc.minor * 1000) / w.b1.n, 1)} / ${f((w.gc.major * 1000) / w.b1.n, 1)} (${w.traceGc})` : '–';
    const tfOk = t1 !== undefined && !t1.error && t1.b1 !== undefined;
    const vsTf = ok(w) && tfOk ? ratio(w.b1.p50, t1!.b1.p50) : undefined;
    const kb = (o?: Ours) => (ok(o) && o!.bytesPerCall !== undefined ? f(o!.bytesPerCall / 1024, 1) : '–');
    const g = r.wasmGraph;
    const graphCell = g === undefined ? '–' : ok(g) ? `${f(g.b1.p50)}, ${f(g.b1.p99 / g.b1.p50, 1)}, ${f((g.gc.minor * 1000) / g.b1.n, 1)}` : cell(g);
    const ctl = ok(w) && w.control ? w.control.p99 / w.control.p50 : undefined;
    const win = ok(w) && w.window ? `${w.gc.minor}, ${w.tierUps}/${w.deopts}, ${w.window.minorFaults}, ${w.window.involuntarySwitches}` : '–';
    out.push(`| ${m.name} | ${cell(w)} | ${ok(w) ? f(w.b1.p99 / w.b1.p50, 1) : '–'} (n ${ok(w) ? w.b1.n : 0}) | ${ctl !== undefined ? f(ctl, 1) : '–'} | ${win} | ${gcCell} | ${kb(w)} / ${kb(g)} | ${graphCell} | ${cell(r.wasmPlain)} | ${cell(r.cpu)} | ${tfCell(t1)} | ${tfOk ? f(t1!.b1.p99 / t1!.b1.p50, 1) : '–'} | ${tfCell(td)} | ${withNode ? `${cell(r.node)} | ` : ''}${vsTf ? `${vsTf.toFixed(2)}×` : '–'} | ${ok(w) && w.b1.cpu_ms !== undefined ? f(w.b1.cpu_ms) : '–'} / ${tfOk && t1!.b1.cpu_ms !== undefined ? f(t1!.b1.cpu_ms) : '–'} | ${ok(w) ? f(w.b32.p50 / 32, 4) : '–'} / ${tfOk ? f(t1!.b32.per_item_p50, 4) : '–'} |`);
    const p99 = ok(w) ? w.b1.p99 / w.b1.p50 : undefined;
    if (m.target === 'mobilenet') verdicts.push(`${m.name}: ${verdict(vsTf, 1.0, 'b1 vs TF 1 thread')}`);
    if (m.target === 'cnn') verdicts.push(`${m.name}: ${verdict(vsTf, 1.3, 'b1 vs TF 1 thread')}`);
    // where p99/p50 misses, the same window's control says how much of it the machine puts under any call that long
    const floor = ctl === undefined ? '' : ` (machine floor in the same window: control ${ctl.toFixed(2)}×; window ${win} scavenges, tier-ups/deopts, page faults, preemptions)`;
    if (m.target === 'mlp') verdicts.push(`${m.name}: ${verdict(vsTf, 1.0, 'b1 vs TF 1 thread')}; ${verdict(p99, 2, 'p99/p50')}${floor}`);
    if (m.target === 'tail') verdicts.push(`${m.name}: ${verdict(p99, 2, 'p99/p50')}${floor}`);
    if (m.target === 'loop') {
      const cpuMs = (o?: Ours) => (ok(o) && o!.b1.cpu_ms !== undefined ? `${f(o!.b1.cpu_ms)} ms CPU` : 'CPU –');
      const detail = `ours wasm ${cell(w)} ms p50 (${cpuMs(w)}) per call, the same on TensorFlow.js's executeAsync ${cell(r.wasmAsync)} ms (${cpuMs(r.wasmAsync)}), on our executor through tfjs's per-op code ${cell(r.wasmOpRunner)} ms (${cpuMs(r.wasmOpRunner)}), ours cpu ${cell(r.cpu)} ms (${cpuMs(r.cpu)}), tfjs-node ${cell(r.node)} ms (${cpuMs(r.node)}); CPU ratio ${ok(w) && ok(r.node) && r.node!.b1.cpu_ms ? `${(w.b1.cpu_ms! / r.node!.b1.cpu_ms).toFixed(2)}×` : '–'}`;
      verdicts.push(`${m.name}: ${withNode ? verdict(ok(w) && ok(r.node) ? ratio(w.b1.p50, r.node!.b1.p50) : undefined, 2, 'b1 vs tfjs-node') : 'b1 vs tfjs-node ≤ 2×: not measured (no tfjs-node here)'}; ${detail}`);
    }
  }
  out.push('\nTargets (issue 13):\n', ...verdicts.map((v) => `- ${v}`));
  if (rounds > 0) out.push(...(await pairedRounds(models.filter((m) => m.target !== 'tail' && (m.target !== 'loop' || withNode)), rounds, Math.min(calls, 3000), budget / 4, log)));
  if (skipped.length) out.push(`\nSkipped (absent): ${skipped.join(', ')}.`);
  out.push(`\nTotal wall time ${((performance.now() - t0) / 1000).toFixed(0)} s.`);
  const table = out.join('\n');
  if (only) log('--only: the table goes to bench/results/compare.md; BENCHMARKS.md keeps the full run');
  else writeBenchmarksSection(table);
  return table;
}

/**
 * `rounds` × (ours wasm b1, then TensorFlow 1 intra-op thread b1) per model, back to back, so each pair saw about
 * the same machine; the lines give each pair's wall and CPU ratio and their medians. A v1 loop (which TensorFlow's
 * Python cannot feed here) pairs with tfjs-node instead, its issue-13 baseline.
 */
async function pairedRounds(models: Model[], rounds: number, calls: number, budget: number, log: (s: string) => void): Promise<string[]> {
  const out = [`\nPaired rounds (ours wasm b1 then TF 1 thread b1 — tfjs-node b1 for a v1 loop —, back to back; p50 ms and CPU ms per call; load average ${loadavg()[0].toFixed(1)} at the start):\n`];
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];
  for (const m of models) {
    const wall: number[] = [], cpu: number[] = [], cells: string[] = [];
    for (let i = 0; i < rounds; i++) {
      log(`round ${i + 1}/${rounds} ${m.name}`);
      const o = await ours(m, 'portable', 'wasm', calls, budget, ['--b1-only']);
      const t = m.target === 'loop' ? nodeAsTf(await ours(m, 'native', 'wasm', calls, budget, ['--b1-only'])) : (await tensorflow([m], 1, '1')).rows.get(m.dir);
      if (o.error || !o.b1 || !t || t.error || !t.b1) {
        cells.push(`failed (${(o.error ?? t?.error ?? 'no result').slice(0, 60)})`);
        continue;
      }
      wall.push(o.b1.p50 / t.b1.p50);
      if (t.b1.cpu_ms && o.b1.cpu_ms !== undefined) cpu.push(o.b1.cpu_ms / t.b1.cpu_ms);
      cells.push(`${f(o.b1.p50)}/${f(t.b1.p50)} (CPU ${f(o.b1.cpu_ms ?? NaN)}/${f(t.b1.cpu_ms)}, load ${loadavg()[0].toFixed(1)})`);
    }
    const med = wall.length ? `median wall ratio **${median(wall).toFixed(2)}×**, CPU ratio ${cpu.length ? `${median(cpu).toFixed(2)}×` : '–'}` : 'no pair measured';
    out.push(`- ${m.name}: ${med}; rounds ${cells.join('; ')}`);
  }
  return out;
}

/** A tfjs-node child's batch-1 figures in the shape of a TensorFlow row (paired rounds of a v1 loop). */
function nodeAsTf(o: Ours): Tf | undefined {
  return o.error || !o.b1 ? ({ error: o.error ?? 'no result' } as Tf) : ({ b1: { p50: o.b1.p50, cpu_ms: o.b1.cpu_ms } } as Tf);
}

/** Replaces the text between the compare markers in BENCHMARKS.md (appends the markers when absent). */
function writeBenchmarksSection(table: string): void {
  const file = join(REPO, 'BENCHMARKS.md');
  const text = readFileSync(file, 'utf8');
  const block = `${BEGIN}\n${table}\n${END}`;
  const i = text.indexOf(BEGIN), j = text.indexOf(END);
  writeFileSync(file, i >= 0 && j > i ? text.slice(0, i) + block + text.slice(j + END.length) : `${text.trimEnd()}\n\n${block}\n`);
}
