// Benchmark: time to read each fixture SavedModel (files → decoded proto → signatures → every variable
// read and crc-verified). Prints a Markdown table; run with `npm run bench -- read`.
import { join } from 'node:path';
import { readModelDir, SavedModel } from '../lib/savedmodel/index.ts';
import { BUNDLED_MODELS, LOCAL_FIXTURES, SHARED_FIXTURES, versionDirs } from '../test/helpers/fixtures.ts';
import { bundleFiles } from '../test/helpers/bundle-writer.ts';
import { TensorBundle } from '../lib/savedmodel/index.ts';
import { median, percentile } from './stats.ts';

const RUNS = 30;

export async function benchRead(): Promise<string> {
  const dirs = [...versionDirs(SHARED_FIXTURES), ...versionDirs(LOCAL_FIXTURES), ...versionDirs(BUNDLED_MODELS)];
  const rows = ['| model/version | bytes | read files ms | decode+signatures ms | variables verify ms | total p50 ms | total p90 ms |', '|---|---:|---:|---:|---:|---:|---:|'];
  for (const d of dirs) {
    const io: number[] = [], decode: number[] = [], vars: number[] = [], total: number[] = [];
    let bytes = 0;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const files = await readModelDir(d.dir);
      const t1 = performance.now();
      const model = SavedModel.fromFiles(files, d.dir);
      for (const tags of model.tagSets()) model.metaGraph(tags).signatures();
      const t2 = performance.now();
      model.variables()?.verifyAll();
      const t3 = performance.now();
      io.push(t1 - t0); decode.push(t2 - t1); vars.push(t3 - t2); total.push(t3 - t0);
      bytes = files.paths().reduce((n, p) => n + files.get(p)!.length, 0);
    }
    const f = (x: number) => x.toFixed(2);
    rows.push(`| ${join(d.model, d.version).replace(/^.*fixtures\//, '')} | ${bytes} | ${f(median(io))} | ${f(median(decode))} | ${f(median(vars))} | ${f(median(total))} | ${f(percentile(total, 90))} |`);
  }
  rows.push(largeCheckpointRow());
  return rows.join('\n');
}

/** A synthetic 64 MiB float checkpoint in 4 shards (written by test/helpers/bundle-writer.ts): open + verify every crc. */
function largeCheckpointRow(): string {
  const tensors = Array.from({ length: 16 }, (_, i) => ({
    key: `layer_${i}/kernel`, dtype: 'DT_FLOAT', shape: [1024, 1024], shard: i % 4,
    data: new Uint8Array(new Float32Array(1024 * 1024).fill(i).buffer),
  }));
  const files = bundleFiles(tensors, { numShards: 4 });
  const open: number[] = [], verify: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    const b = TensorBundle.open(files);
    const t1 = performance.now();
    b.verifyAll();
    verify.push(performance.now() - t1); open.push(t1 - t0);
  }
  const f = (x: number) => x.toFixed(2);
  return `| synthetic 64 MiB checkpoint, 4 shards (in memory) | ${64 * 1024 * 1024} | – | ${f(median(open))} (open) | ${f(median(verify))} | ${f(median(open) + median(verify))} | ${f(percentile(verify, 90) + percentile(open, 90))} |`;
}
