// Where a batch-1 call's time goes, per TensorFlow.js kernel, on the portable engine (issue 13 item 2):
//   node --import tsx bench/profile-kernels.ts --model DIR [--backend wasm|cpu] [--calls N] [--no-optimize]
// Runs N calls under tf.profile after a warm-up and prints one Markdown table: kernel, count per call, ms per
// call (the kernel function's wall time as tfjs-core's profiler takes it, wrappers such as the wasm NaN guard
// included) and its share of the call; then the same by kernel + output shape for the ten most costly.
// tf.profile sees only kernels run through tfjs's engine, so the profiled calls go through the GraphModel (the
// lean executor calls kernels directly); the header also gives the plain call on the lean executor where the
// signature has a lean plan, which is what serving runs. Measured, never asserted.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { loadServable } from '../lib/engine/index.ts';
import { SavedModel } from '../lib/savedmodel/index.ts';
import { pickSignature, synthetic } from './bench-inputs.ts';

const { values: opt } = parseArgs({
  options: {
    model: { type: 'string' },
    backend: { type: 'string', default: 'wasm' },
    calls: { type: 'string', default: '50' },
    'no-optimize': { type: 'boolean', default: false },
  },
});

/** Kernels whose float input the wasm NaN guard scans (lib/engine/portable/wasm-nan-guard.ts). */
const GUARDED = new Set(['Conv2D', 'DepthwiseConv2dNative', 'FusedConv2D', 'FusedDepthwiseConv2D', 'Conv3D', 'MaxPool', 'AvgPool', 'MaxPool3D', 'AvgPool3D']);

interface Row { n: number; ms: number }

function add(m: Map<string, Row>, key: string, ms: number): void {
  const r = m.get(key) ?? { n: 0, ms: 0 };
  r.n++;
  r.ms += ms;
  m.set(key, r);
}

function table(title: string, m: Map<string, Row>, calls: number, total: number, limit = Infinity): string {
  const rows = [...m].sort((a, b) => b[1].ms - a[1].ms).slice(0, limit);
  const lines = [`| ${title} | per call | ms per call | share |`, '|---|---:|---:|---:|'];
  for (const [k, r] of rows) lines.push(`| ${k} | ${(r.n / calls).toFixed(0)} | ${(r.ms / calls).toFixed(3)} | ${((100 * r.ms) / total).toFixed(1)}% |`);
  return lines.join('\n');
}

/** Wall ms per call of `call`, over `calls` calls. */
async function perCall(call: () => Promise<unknown>, calls: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) await call();
  return (performance.now() - t0) / calls;
}

async function main(): Promise<void> {
  const dir = resolve(opt.model!);
  const model = await SavedModel.fromDir(dir);
  const options = { engine: 'portable', backend: opt.backend as 'wasm' | 'cpu', optimize: !opt['no-optimize'] } as const;
  const servable = await loadServable(model, { ...options, lean: false });
  const lean = await loadServable(model, options);
  const sig = pickSignature(servable.signatures());
  const x = synthetic(sig, 1);
  for (let i = 0; i < 50; i++) await servable.run(sig.key, x);
  const calls = Number(opt.calls);
  let wall = 0, scanned = 0;
  const byKernel = new Map<string, Row>(), byShape = new Map<string, Row>();
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    const info = await tf.profile(async () => {
      await servable.run(sig.key, x);
      return [] as tf.Tensor[];
    });
    wall += performance.now() - t0;
    for (const k of info.kernels) {
      // tfjs-core's op wrappers (`fusedConv2d__op`: customGrad scopes) are timed around the kernel they call.
      if (k.name.endsWith('__op')) continue;
      const ms = Number(await k.kernelTimeMs) || 0;
      if (GUARDED.has(k.name)) scanned += k.inputShapes[0].reduce((a, d) => a * d, 1);
      add(byKernel, k.name, ms);
      add(byShape, `${k.name} ${k.inputShapes.map((s) => `[${s}]`).join(' ')} → [${k.outputShapes[0] ?? ''}]`, ms);
    }
  }
  const total = [...byKernel.values()].reduce((a, r) => a + r.ms, 0);
  const plain = await perCall(() => servable.run(sig.key, x), calls);
  for (let i = 0; i < 50; i++) await lean.run(sig.key, x);
  const leanMs = await perCall(() => lean.run(sig.key, x), calls);
  const executor = 'executorOf' in lean ? (lean as { executorOf(k: string): string }).executorOf(sig.key) : 'graph-model';
  servable.dispose();
  lean.dispose();
  console.log(`${dir} (${opt.backend}${opt['no-optimize'] ? ', optimizer off' : ''}): ${(total / calls).toFixed(3)} ms in kernels per call, ${(wall / calls).toFixed(3)} ms per profiled call, ${plain.toFixed(3)} ms per plain GraphModel call, ${leanMs.toFixed(3)} ms per plain call as served (${executor} executor); the NaN guard scans ${(scanned / calls).toFixed(0)} input elements per call\n`);
  console.log(table('kernel', byKernel, calls, total));
  console.log('');
  console.log(table('kernel, input shapes → output shape (top 40)', byShape, calls, total, 40));
}

await main();
