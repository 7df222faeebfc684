// `npm run bench -- conv [--rounds=N]`: the ResNet-style bench model's convolutions one by one (issue 13 item 2):
// our wasm FusedConv2D kernel (XNNPACK, one thread of 128-bit SIMD, the registered kernel with the padding fix
// and the NaN guard around it, as the lean executor calls it) against TensorFlow 2.21's conv + bias + ReLU with
// one intra-op thread (scripts/bench_conv_shapes.py), same shapes, batch 1. Rounds alternate ours then
// TensorFlow's child; each cell is the median over rounds. Says how much of the model's gap is the convolution
// kernels themselves. Measured, never asserted.
import { spawnSync } from 'node:child_process';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { ensureBackend } from '../lib/engine/portable/backend.ts';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const PYTHON = process.env.TF_PYTHON ?? join(homedir(), 'tfvenv/bin/python');

/** [input size, input channels, kernel size, output channels, stride], and how often a ResNet-style call runs it. */
const SHAPES: [number, number, number, number, number, number][] = [
  [64, 3, 3, 16, 1, 1], [64, 16, 3, 16, 1, 2], [64, 16, 3, 32, 2, 1], [64, 16, 1, 32, 2, 1],
  [32, 32, 3, 32, 1, 3], [32, 32, 3, 64, 2, 1], [32, 32, 1, 64, 2, 1], [16, 64, 3, 64, 1, 3],
];

const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];

/** Mean ms per call of our FusedConv2D kernel for each shape: median over 15 rounds of 20 calls after 30. */
function ours(): number[] {
  const backend = tf.backend();
  const kernel = tf.getKernel('FusedConv2D', 'wasm')!.kernelFunc;
  return SHAPES.map(([size, cin, k, cout, s]) => {
    const inputs = { x: tf.randomUniform([1, size, size, cin]), filter: tf.randomNormal([k, k, cin, cout], 0, 0.3), bias: tf.randomNormal([cout], 0, 0.3) };
    const args = { inputs, backend, attrs: { strides: [s, s], pad: 'same', dataFormat: 'NHWC', dilations: [1, 1], activation: 'relu', leakyreluAlpha: 0 } };
    const call = () => backend.disposeData((kernel(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo).dataId);
    for (let i = 0; i < 30; i++) call();
    const rounds: number[] = [];
    for (let r = 0; r < 15; r++) {
      const t0 = performance.now();
      for (let i = 0; i < 20; i++) call();
      rounds.push((performance.now() - t0) / 20);
    }
    tf.dispose(Object.values(inputs));
    return median(rounds);
  });
}

interface TfSide { tensorflow: string; empty_ms: number; shapes: number[] }

function tensorflow(): TfSide {
  const r = spawnSync(PYTHON, [join(REPO, 'scripts/bench_conv_shapes.py'), JSON.stringify(SHAPES.map((s) => s.slice(0, 5)))], { encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`TensorFlow side failed: ${(r.stderr ?? '').trim().split('\n').pop()}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as TfSide;
}

const flops = ([size, cin, k, cout, s]: number[]) => 2 * Math.ceil(size / s) ** 2 * k * k * cin * cout;

export async function benchConvShapes(): Promise<string> {
  if ((await ensureBackend('wasm')) !== 'wasm') throw new Error('the wasm backend did not start');
  const rounds = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 2);
  const our: number[][] = [], their: number[][] = [], empty: number[] = [];
  let version = '';
  for (let r = 0; r < rounds; r++) {
    our.push(ours());
    const t = tensorflow();
    their.push(t.shapes);
    empty.push(t.empty_ms);
    version = t.tensorflow;
  }
  const emptyMs = median(empty);
  const lines = [
    `Ours: tfjs-backend-wasm 4.22 FusedConv2D (XNNPACK, SIMD, one thread) as served; TensorFlow ${version}: conv2d + bias_add + relu in a tf.function, 1 intra-op thread; batch 1, SAME, ReLU; median of ${rounds} alternating rounds. An empty tf.function call costs ${emptyMs.toFixed(3)} ms on TensorFlow's side ("TF kernel" = TF call − that).\n`,
    '| input → output (kernel, stride) | per ResNet call | ours ms | TF call ms | TF kernel ms | ours ÷ TF kernel | GFLOP/s ours / TF kernel |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  let sumOurs = 0, sumTf = 0, sumTfKernel = 0;
  SHAPES.forEach((s, i) => {
    const o = median(our.map((r) => r[i])), t = median(their.map((r) => r[i])), tk = Math.max(t - emptyMs, 1e-3);
    const [size, cin, k, cout, stride, n] = s;
    sumOurs += n * o;
    sumTf += n * t;
    sumTfKernel += n * tk;
    const gf = (ms: number) => (flops(s) / ms / 1e6).toFixed(1);
    lines.push(`| ${size}×${size}×${cin} → ${Math.ceil(size / stride)}×${Math.ceil(size / stride)}×${cout} (${k}×${k}, ${stride}) | ${n} | ${o.toFixed(3)} | ${t.toFixed(3)} | ${tk.toFixed(3)} | ${(o / tk).toFixed(2)}× | ${gf(o)} / ${gf(tk)} |`);
  });
  lines.push(`| **all 13 of one call** | 13 | **${sumOurs.toFixed(3)}** | ${sumTf.toFixed(3)} | **${sumTfKernel.toFixed(3)}** | **${(sumOurs / sumTfKernel).toFixed(2)}×** | |`);
  return lines.join('\n');
}
