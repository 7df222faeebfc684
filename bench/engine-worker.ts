// One engine benchmark in a fresh process (the tfjs backend is process-wide). Spawned by bench/engine.ts:
//   node --import tsx bench/engine-worker.ts --model DIR [--backend wasm|cpu] [--engine portable|native|tfjs-node]
//        [--golden FILE] [--mode warm|cold] [--budget-ms N]
// warm: prints one line `RESULT {json}`: read/convert times, then p50/p99 of servable.run at batch 1 and 32.
// cold: prints `ANSWERED {json}` right after the first answer (the parent times spawn → that line), with the
// child's own timeline (performance.now() counts from process start) and process.resourceUsage().maxRSS.
// Inputs: with --golden, the first predict case of the benchmarked signature, its row 0 tiled to the batch;
// otherwise synthetic by the rule scripts/generate_bench_models.py uses for TensorFlow (dim 0 := batch, other
// unknown dims := 1, floats uniform [0, 1) from a fixed seed, integers 0, strings "cat").
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { loadServable, type Servable } from '../lib/engine/index.ts';
import type { HostTensor } from '../lib/tensor/host-tensor.ts';
import { SavedModel, type SignatureInfo } from '../lib/savedmodel/index.ts';
import { goldenInputs, pickSignature, rebatch, synthetic } from './bench-inputs.ts';
// ESM evaluates every import before this line: it says when the engine was imported (ms since process start).
const tImported = performance.now();

const { values: opt } = parseArgs({
  options: {
    model: { type: 'string' },
    backend: { type: 'string', default: 'wasm' },
    engine: { type: 'string', default: 'portable' },
    golden: { type: 'string' },
    mode: { type: 'string', default: 'warm' },
    'budget-ms': { type: 'string', default: '20000' },
    'warmup-model': { type: 'string' },
  },
});

export interface Stats {
  p50: number;
  p99: number;
  mean: number;
  n: number;
}

type Runner = (inputs: Map<string, HostTensor>) => Promise<unknown>;

// ---- engines ---------------------------------------------------------------------------------------------

interface Loaded {
  engine: string;
  signature: SignatureInfo;
  run: Runner;
  inputsFor(batch: number): Map<string, HostTensor>;
  servable?: Servable;
  note?: string;
}

async function loadOurs(dir: string, engine: 'portable' | 'native', t: Record<string, number>): Promise<Loaded> {
  const t0 = performance.now();
  const model = await SavedModel.fromDir(dir);
  const t1 = performance.now();
  const servable = await loadServable(model, { engine, backend: opt.backend as 'wasm' | 'cpu' });
  const t2 = performance.now();
  t.read_ms = t1 - t0;
  t.convert_ms = t2 - t1;
  const sig = pickSignature(servable.signatures());
  const golden = opt.golden ? goldenInputs(opt.golden, dir, servable, sig) : undefined;
  return {
    engine: servable.engine,
    signature: sig,
    servable,
    run: (inputs) => servable.run(sig.key, inputs),
    inputsFor: (b) => (golden ? rebatch(golden, b) : synthetic(sig, b)),
  };
}

/** tf.node.loadSavedModel directly (used when our native engine cannot load the model). */
async function loadTfjsNode(dir: string, t: Record<string, number>): Promise<Loaded> {
  const tfn = (await import('@tensorflow/tfjs-node' as string)) as any;
  const node = tfn.default ?? tfn;
  const t0 = performance.now();
  const model = await SavedModel.fromDir(dir);
  const sig = pickSignature(model.metaGraph().signatures());
  const t1 = performance.now();
  const sm = await node.node.loadSavedModel(dir, ['serve'], sig.key);
  t.read_ms = t1 - t0;
  t.convert_ms = performance.now() - t1;
  const DT: Record<string, string> = { DT_FLOAT: 'float32', DT_INT32: 'int32', DT_BOOL: 'bool', DT_STRING: 'string' };
  return {
    engine: 'tfjs-node (tf.node.loadSavedModel)',
    signature: sig,
    run: async (inputs) => {
      const feed: Record<string, unknown> = {};
      for (const [alias, h] of inputs) {
        const dt = DT[h.dtype];
        if (!dt) throw new Error(`tf.node cannot feed ${h.dtype} (input '${alias}')`);
        feed[alias] = node.tensor(h.dtype === 'DT_BOOL' ? Array.from(h.data as Uint8Array, Boolean) : h.data, h.shape, dt);
      }
      const out = sm.predict(feed);
      const tensors = out.dataSync ? [out] : Object.values(out);
      for (const x of tensors as any[]) x.dataSync();
      node.dispose(Object.values(feed));
      node.dispose(tensors);
    },
    inputsFor: (b) => synthetic(sig, b),
  };
}

async function load(dir: string, t: Record<string, number>): Promise<Loaded> {
  if (opt.engine === 'tfjs-node') {
    try {
      return await loadOurs(dir, 'native', t);
    } catch (e) {
      const l = await loadTfjsNode(dir, t);
      l.note = `our native engine refused (${(e as Error).message.slice(0, 120)}); ran tf.node.loadSavedModel`;
      return l;
    }
  }
  return loadOurs(dir, 'portable', t);
}

// ---- timing ----------------------------------------------------------------------------------------------

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** Warm-up (≥2 calls, up to 20 while under 1 s), then ≥200 calls (up to 1000 while under 2 s); fewer only past the budget. */
async function timeCalls(run: Runner, inputs: Map<string, HostTensor>, budgetMs: number): Promise<Stats> {
  const w0 = performance.now();
  for (let i = 0; i < 20 && (i < 2 || performance.now() - w0 < 1000); i++) await run(inputs);
  const ms: number[] = [];
  const start = performance.now();
  for (;;) {
    const t0 = performance.now();
    await run(inputs);
    const t1 = performance.now();
    ms.push(t1 - t0);
    if (ms.length >= 200 && (ms.length >= 1000 || t1 - start > 2000)) break;
    if (t1 - start > budgetMs && ms.length >= 3) break;
  }
  return { p50: pct(ms, 50), p99: pct(ms, 99), mean: ms.reduce((a, b) => a + b, 0) / ms.length, n: ms.length };
}

/** One batch-1 call under tf.profile: peak bytes and per-kernel bytes (a per-call weight copy shows up here). */
async function profileCall(l: Loaded): Promise<Record<string, unknown>> {
  const inputs = l.inputsFor(1);
  const info = await tf.profile(async () => {
    await l.run(inputs);
    return [] as tf.Tensor[];
  });
  const byKernel = new Map<string, { n: number; bytes: number }>();
  for (const k of info.kernels) {
    const e = byKernel.get(k.name) ?? { n: 0, bytes: 0 };
    e.n++;
    e.bytes += k.bytesAdded;
    byKernel.set(k.name, e);
  }
  const top = [...byKernel].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, 4).map(([name, e]) => `${name}×${e.n} ${(e.bytes / 1024).toFixed(0)} KiB`);
  return { peakBytes: info.peakBytes, newBytes: info.newBytes, kernels: info.kernels.length, topKernelsByBytesAdded: top };
}

/** Percent of `ms` a busy loop lost to stalls over 0.5 ms: other processes on the machine (reported per row). */
function stallProbe(ms: number): number {
  let last = performance.now(), lost = 0;
  const end = last + ms;
  for (;;) {
    const t = performance.now();
    if (t - last > 0.5) lost += t - last;
    last = t;
    if (t > end) return (lost / ms) * 100;
  }
}

async function main(): Promise<void> {
  const dir = resolve(opt.model!);
  const t: Record<string, number> = {};
  if (opt.mode === 'cold') {
    const l = await load(dir, t);
    const tLoaded = performance.now();
    await l.run(l.inputsFor(1));
    const tAnswered = performance.now();
    const res = {
      engine: l.engine, backend: opt.engine === 'portable' ? tf.getBackend() : 'tensorflow', imported_at_ms: tImported,
      loaded_at_ms: tLoaded, answered_at_ms: tAnswered, ...t, maxrss_mb: process.resourceUsage().maxRSS / 1024,
    };
    process.stdout.write(`ANSWERED ${JSON.stringify(res)}\n`);
    l.servable?.dispose();
    return;
  }
  // warm: first pay the per-process one-offs (backend init, .proto schemas, first tfjs graph) on a tiny model
  if (opt['warmup-model'] && opt.engine === 'portable') {
    const w = await loadServable(await SavedModel.fromDir(opt['warmup-model']), { backend: opt.backend as 'wasm' | 'cpu' });
    await w.run(pickSignature(w.signatures()).key, synthetic(pickSignature(w.signatures()), 1));
    w.dispose();
  }
  const res: Record<string, unknown> = { model: dir };
  try {
    const l = await load(dir, t);
    Object.assign(res, t, { engine: l.engine, backend: opt.engine === 'portable' ? tf.getBackend() : 'tensorflow', signature: l.signature.key, note: l.note });
    const budget = Number(opt['budget-ms']);
    res.noise_pct = stallProbe(300);
    for (const b of [1, 32]) {
      const inputs = l.inputsFor(b);
      res[`shapes_b${b}`] = Object.fromEntries([...inputs].map(([k, v]) => [k, v.shape]));
      try {
        res[`b${b}`] = await timeCalls(l.run, inputs, budget);
      } catch (e) {
        res[`b${b}`] = { error: (e as Error).message };
      }
    }
    res.noise_pct = Math.max(res.noise_pct as number, stallProbe(300));
    if (opt.engine === 'portable') res.profile_b1 = await profileCall(l).catch((e) => ({ error: (e as Error).message }));
    if (l.servable) res.memory_bytes = l.servable.memoryBytes();
  } catch (e) {
    res.error = (e as Error).message;
    Object.assign(res, t);
  }
  res.maxrss_mb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`RESULT ${JSON.stringify(res)}\n`);
}

await main();
