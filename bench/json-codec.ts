// Benchmark: the REST JSON codec against V8's JSON.parse/JSON.stringify.
//  - decode: a 224x224x3 image as nested lists (~1.7-3 MB), in three number spellings;
//  - encode: a 1000x1000 float32 output.
// Run alone with `node --import tsx bench/json-codec.ts`; prints a Markdown table in MB/s (never asserted
// in tests). `benchJsonCodec` can be registered in bench/run.ts.
// Measured (node 20, shared dev VM, 3 runs, MB/s): 8-digit image JSON.parse 191-203, parseJson 145-189,
// decodePredictRequest 108-184 (JSON.parse + fill: 44-71); 17-digit image 193-218 / 153 / 165-186;
// uint8 image 99-174 / 71-110 / 55-85. Encode 1000x1000 float32: 174-252 ms vs JSON.stringify 105-172 ms.
import { pathToFileURL } from 'node:url';
import type { HostTensor } from '../lib/engine/tensor.ts';
import type { SignatureInfo } from '../lib/savedmodel/signature-types.ts';
import { parseJson } from '../lib/api/json-parse.ts';
import { decodePredictRequest, encodePredictResponse } from '../lib/api/predict-codec.ts';
import { median } from './stats.ts';

const RUNS = 25;

function signature(dtype: string): SignatureInfo {
  return { key: 'serving_default', methodName: 'tensorflow/serving/predict', inputs: { x: { name: 'x:0', dtype, shape: [-1, 224, 224, 3] } }, outputs: {} };
}

/** {"instances": [image]} with pixel values spelled by `spell`. */
function imageBody(spell: (i: number) => string): string {
  const rows: string[] = [];
  let i = 0;
  for (let y = 0; y < 224; y++) {
    const px: string[] = [];
    for (let x = 0; x < 224; x++) px.push(`[${spell(i++)}, ${spell(i++)}, ${spell(i++)}]`);
    rows.push(`[${px.join(', ')}]`);
  }
  return `{"instances": [[${rows.join(', ')}]]}`;
}

function time(fn: () => unknown): number {
  for (let i = 0; i < 5; i++) fn();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

export async function benchJsonCodec(): Promise<string> {
  const pseudo = (i: number) => ((Math.imul(i, 2654435761) >>> 0) % 1000003) / 1000003;
  const bodies: [string, string, string][] = [
    ['8 digits (0.12345678)', imageBody((i) => pseudo(i).toPrecision(8)), 'DT_FLOAT'],
    ['float32 via Python repr (17 digits)', imageBody((i) => String(Math.fround(pseudo(i)))), 'DT_FLOAT'],
    ['uint8 integers (0-255)', imageBody((i) => String(Math.floor(pseudo(i) * 256))), 'DT_UINT8'],
  ];
  const rows = [
    '| workload | MB | JSON.parse | JSON.parse + flat(∞) → typed array | parseJson | decodePredictRequest |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const [name, body, dtype] of bodies) {
    const mb = Buffer.byteLength(body) / 1e6;
    const sig = signature(dtype);
    const rate = (ms: number) => (mb / (ms / 1000)).toFixed(0);
    const native = time(() => JSON.parse(body));
    const naive = time(() => Float64Array.from((JSON.parse(body).instances as unknown[]).flat(Infinity) as number[]));
    const ours = time(() => parseJson(body));
    const decode = time(() => decodePredictRequest(body, () => sig));
    rows.push(`| decode ${name}, ${dtype} | ${mb.toFixed(2)} | ${rate(native)} | ${rate(naive)} | ${rate(ours)} | ${rate(decode)} |`);
  }

  const data = new Float32Array(1_000_000);
  for (let i = 0; i < data.length; i++) data[i] = pseudo(i) * (i % 3 === 0 ? 1e-6 : 1);
  const output: HostTensor = { dtype: 'DT_FLOAT', shape: [1000, 1000], data };
  const plain = Array.from(data);
  let bytes = 0;
  const encode = time(() => (bytes = encodePredictResponse('columnar', new Map([['y', output]])).length));
  let nativeBytes = 0;
  const stringify = time(() => (nativeBytes = JSON.stringify({ outputs: plain }).length));
  rows.push('', '| encode 1000x1000 float32 | MB out | ms | MB/s |', '|---|---:|---:|---:|');
  rows.push(`| encodePredictResponse (TF Serving's %g / %.9g text) | ${(bytes / 1e6).toFixed(2)} | ${encode.toFixed(0)} | ${(bytes / 1e3 / encode).toFixed(0)} |`);
  rows.push(`| JSON.stringify of the same values as doubles | ${(nativeBytes / 1e6).toFixed(2)} | ${stringify.toFixed(0)} | ${(nativeBytes / 1e3 / stringify).toFixed(0)} |`);
  return rows.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(`## json-codec (node ${process.version})\n\n${await benchJsonCodec()}\n`);
}
