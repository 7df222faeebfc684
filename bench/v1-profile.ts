// `npm run bench -- v1-profile`: where one call of the DKT LSTM (a TF1 dynamic_rnn: control flow v1, the compare
// bench's `tf1_dkt_lstm` row) spends its CPU on the synchronous v1 executor (DESIGN.md §9), on wasm and cpu: CPU
// ms per call with the direct kernel calls (v1-kernels.ts) and with every op through tfjs's per-op code, side by
// side in one process, then a CPU profile (node:inspector, 100 µs sampling) of 3,000 calls with direct calls on,
// summarised by place and function (cpu-profile-summary.ts; the raw profile goes to bench/results/).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadServable, type Servable } from '../lib/engine/index.ts';
import { SavedModel } from '../lib/savedmodel/index.ts';
import type { HostTensor } from '../lib/tensor/index.ts';
import { goldenInputs, pickSignature } from './bench-inputs.ts';
import { summarizeCpuProfile } from './cpu-profile-summary.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const DIR = join(HERE, '../test/fixtures/conformance/models/tf1_dkt_lstm/1');
const GOLDEN = join(HERE, '../test/fixtures/conformance/models/tf1_dkt_lstm.golden.json');

/** CPU ms per call (process.cpuUsage) over `n` calls after 200 warm-up calls. */
async function cpuPerCall(s: Servable, key: string, inputs: Map<string, HostTensor>, n: number): Promise<number> {
  for (let i = 0; i < 200; i++) await s.run(key, inputs);
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) await s.run(key, inputs);
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000 / n;
}

async function load(backend: 'wasm' | 'cpu', v1Kernels: boolean) {
  const s = await loadServable(await SavedModel.fromDir(DIR), { backend, v1Kernels });
  const sig = pickSignature(s.signatures());
  const inputs = goldenInputs(GOLDEN, DIR, s, sig);
  if (!inputs) throw new Error('no golden predict case for the DKT');
  return { s, key: sig.key, inputs };
}

export async function benchV1Profile(): Promise<string> {
  const profiled: string[] = [];
  const out: string[] = ['CPU ms per DKT call (batch 3, 5 steps; median of 5 alternating rounds of 500 calls):\n', '| backend | direct kernel calls | tfjs per-op code | ratio |', '|---|---:|---:|---:|'];
  for (const backend of ['wasm', 'cpu'] as const) {
    const direct = await load(backend, true);
    const plain = await load(backend, false);
    const a: number[] = [], b: number[] = [];
    for (let r = 0; r < 5; r++) {
      a.push(await cpuPerCall(direct.s, direct.key, direct.inputs, 500));
      b.push(await cpuPerCall(plain.s, plain.key, plain.inputs, 500));
    }
    const med = (x: number[]) => x.sort((p, q) => p - q)[x.length >> 1];
    out.push(`| ${backend} | ${med(a).toFixed(3)} | ${med(b).toFixed(3)} | ${(med(b) / med(a)).toFixed(2)}× |`);
    plain.s.dispose();
    if (backend === 'wasm') {
      const session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 100 });
      await session.post('Profiler.start');
      const ms = await cpuPerCall(direct.s, direct.key, direct.inputs, 3000);
      const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: object };
      session.disconnect();
      const file = join(HERE, 'results/v1-profile.cpuprofile');
      writeFileSync(file, JSON.stringify(profile));
      profiled.push('', `CPU profile of 3,200 wasm calls with direct kernel calls (${ms.toFixed(3)} ms CPU per call while sampling; ${file}):\n`, summarizeCpuProfile(file, 25));
    }
    direct.s.dispose();
  }
  return [...out, ...profiled].join('\n');
}
