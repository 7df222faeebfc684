// Benchmark: the REST JSON codec (lib/api predict-codec) against what a naive server does with V8's JSON
// (bench/json-baseline.ts): decode = JSON.parse + copy into a Float32Array, encode = nested plain arrays
// built from the tensor + JSON.stringify. Bodies are written like Python's json.dumps (", " separators,
// repr floats). Samples of ours and the baseline alternate, so machine noise hits both alike; a last table
// shows each side's first call in the process (before JIT warm-up).
// `npm run bench -- json` (or `node --import tsx bench/json-codec.ts`); numbers are never asserted in tests.
import { cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { HostTensor } from '../lib/tensor/host-tensor.ts';
import type { SignatureInfo } from '../lib/savedmodel/signature-types.ts';
import { decodePredictRequest, encodePredictResponse } from '../lib/api/codec/predict-codec.ts';
import { baselineDecode, baselineEncode } from './json-baseline.ts';
import { median } from './stats.ts';

const SAMPLES = 41;
const SAMPLE_MS = 20; // calls per sample are chosen so that one sample takes about this long
const WARMUP_MS = 400;

function signature(dtype: string, shape: number[]): SignatureInfo {
  return { key: 'serving_default', methodName: 'tensorflow/serving/predict', inputs: { x: { name: 'x:0', dtype, shape } }, outputs: {} };
}

/** mulberry32: a seeded uniform [0, 1) source, so every run measures the same bodies. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Python's json.dumps of nested lists: ", " between elements; `spell` gives each number's text. */
function nested(shape: number[], spell: () => string): string {
  if (shape.length === 0) return spell();
  const [n, ...rest] = shape;
  const parts = new Array<string>(n);
  for (let i = 0; i < n; i++) parts[i] = nested(rest, spell);
  return `[${parts.join(', ')}]`;
}

/** The body as a server holds it: one flat string decoded from the request's bytes (not a rope of joins). */
const received = (body: string) => Buffer.from(body, 'utf8').toString('utf8');

/** Per-call median (ms) of each function, samples interleaved; calls per sample from a calibration run. */
function timeEach(fns: Record<string, () => unknown>): Record<string, number> {
  const reps: Record<string, number> = {};
  for (const [name, fn] of Object.entries(fns)) {
    const t0 = performance.now();
    let calls = 0;
    while (performance.now() - t0 < WARMUP_MS) {
      fn();
      calls++;
    }
    reps[name] = Math.max(1, Math.round((SAMPLE_MS * calls) / (performance.now() - t0)));
  }
  const ms: Record<string, number[]> = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  for (let s = 0; s < SAMPLES; s++) {
    for (const [name, fn] of Object.entries(fns)) {
      const t0 = performance.now();
      for (let i = 0; i < reps[name]; i++) fn();
      ms[name].push((performance.now() - t0) / reps[name]);
    }
  }
  return Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, median(v)]));
}

const fmtMs = (ms: number) => (ms < 1 ? ms.toFixed(3) : ms.toFixed(2));
const rate = (bytes: number, ms: number) => (bytes / 1e3 / ms).toFixed(0);

const IMAGE = [1, 224, 224, 3];
const imageValues = (seed: number) => {
  const r = random(seed);
  return nested(IMAGE, () => String(Math.fround(r())));
};
const imageOutput = (seed: number): HostTensor => ({ dtype: 'DT_FLOAT', shape: IMAGE, data: Float32Array.from({ length: 224 * 224 * 3 }, random(seed)) });

/**
 * The first call of each side in this process (JIT warm-up included; one sample, so noisy). Must run before
 * anything else here has called lib/api's codec.
 */
function firstCallRows(): string[] {
  const body = received(`{"instances": ${imageValues(3)}}`);
  const sig = signature('DT_FLOAT', [-1, 224, 224, 3]);
  const output = imageOutput(4);
  const once = (fn: () => unknown) => {
    const t0 = performance.now();
    fn();
    return performance.now() - t0;
  };
  const rows = ['| first call in the process (1 sample) | baseline ms | ours ms |', '|---|---:|---:|'];
  rows.push(`| decode image, float32 repr | ${fmtMs(once(() => baselineDecode(body)))} | ${fmtMs(once(() => decodePredictRequest(body, () => sig)))} |`);
  rows.push(`| encode image [1,224,224,3] | ${fmtMs(once(() => baselineEncode(output)))} | ${fmtMs(once(() => encodePredictResponse('row', new Map([['y', output]]))))} |`);
  return rows;
}

function decodeRows(): string[] {
  const r = random(1);
  const workloads: [string, string, string, number[]][] = [
    ['image 1×224×224×3, float32 pixels via numpy tolist() (repr, ~17 digits)', 'DT_FLOAT', imageValues(1), [-1, 224, 224, 3]],
    ['image 1×224×224×3, 9 digits (round(x, 9): 0.123456789)', 'DT_FLOAT', nested(IMAGE, () => String(Number(r().toFixed(9)))), [-1, 224, 224, 3]],
    ['image 1×224×224×3, uint8 integers 0-255', 'DT_UINT8', nested(IMAGE, () => String(Math.floor(r() * 256))), [-1, 224, 224, 3]],
    ['digits batch 32×64 (k/16: 0.0, 0.4375, 1.0)', 'DT_FLOAT', nested([32, 64], () => String(Math.floor(r() * 17) / 16).replace(/^(\d+)$/, '$1.0')), [-1, 64]],
  ];
  const rows = [
    '| request (`{"instances": …}`) | dtype | body MB | JSON.parse alone ms | baseline: JSON.parse + copy → typed array ms (MB/s) | decodePredictRequest ms (MB/s) | ours ÷ baseline |',
    '|---|---|---:|---:|---:|---:|---:|',
  ];
  for (const [name, dtype, values, shape] of workloads) {
    const body = received(`{"instances": ${values}}`);
    const bytes = Buffer.byteLength(body);
    const sig = signature(dtype, shape);
    const ours = decodePredictRequest(body, () => sig).inputs.get('x')!;
    const base = baselineDecode(body);
    if (ours.shape.join() !== base.shape.join() || !(ours.data as Float32Array).every((x, i) => Object.is(x, base.data[i]))) {
      throw new Error(`decode mismatch on ${name}`);
    }
    const t = timeEach({
      parse: () => JSON.parse(body),
      base: () => baselineDecode(body),
      ours: () => decodePredictRequest(body, () => sig),
    });
    rows.push(
      `| ${name} | ${dtype} | ${(bytes / 1e6).toFixed(2)} | ${fmtMs(t.parse)} | ${fmtMs(t.base)} (${rate(bytes, t.base)}) | ` +
        `${fmtMs(t.ours)} (${rate(bytes, t.ours)}) | ${(t.ours / t.base).toFixed(2)} |`,
    );
  }
  return rows;
}

function encodeRows(): string[] {
  const r = random(2);
  // A classifier's softmax over 1000 classes (values ~1e-6 … 0.05, so exponent notation occurs) and an image output.
  const logits = Array.from({ length: 1000 }, () => 3 * Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r()));
  const max = Math.max(...logits);
  const exps = logits.map((x) => Math.exp(x - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  const outputs: [string, HostTensor][] = [
    ['softmax [1,1000] float32', { dtype: 'DT_FLOAT', shape: [1, 1000], data: Float32Array.from(exps, (x) => x / sum) }],
    ['image [1,224,224,3] float32 in [0, 1)', imageOutput(2)],
  ];
  const rows = [
    '| response (`{"predictions": …}`, row format) | baseline: nested arrays + JSON.stringify ms (MB out, MB/s) | encodePredictResponse ms (MB out, MB/s) | ours ÷ baseline |',
    '|---|---:|---:|---:|',
  ];
  for (const [name, t] of outputs) {
    const map = new Map([['y', t]]);
    const ours = encodePredictResponse('row', map);
    const back = Float32Array.from((JSON.parse(ours).predictions as unknown[]).flat(Infinity) as number[]);
    if (!back.every((x, i) => x === (t.data as Float32Array)[i])) throw new Error(`encode does not round-trip on ${name}`);
    const oursBytes = ours.length;
    const baseBytes = baselineEncode(t).length;
    const m = timeEach({ base: () => baselineEncode(t), ours: () => encodePredictResponse('row', map) });
    rows.push(
      `| ${name} | ${fmtMs(m.base)} (${(baseBytes / 1e6).toFixed(2)}, ${rate(baseBytes, m.base)}) | ` +
        `${fmtMs(m.ours)} (${(oursBytes / 1e6).toFixed(2)}, ${rate(oursBytes, m.ours)}) | ${(m.ours / m.base).toFixed(2)} |`,
    );
  }
  return rows;
}

export async function benchJsonCodec(): Promise<string> {
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`;
  const note = `Per-call medians of ${SAMPLES} interleaved samples (~${SAMPLE_MS} ms each) after ${WARMUP_MS} ms warm-up; ${machine}.`;
  const first = firstCallRows();
  return [note, '', ...decodeRows(), '', ...encodeRows(), '', ...first].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(`## json-codec (node ${process.version})\n\n${await benchJsonCodec()}\n`);
}
