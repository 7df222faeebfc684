// Measures one process's native-engine latency and throughput at batch 1 and 32 for a CNN, a transformer and an
// MLP, printing one JSON line. scripts/gpu-check.sh runs it twice (GPU visible, then CUDA_VISIBLE_DEVICES=-1) and
// prints the comparison. Inputs: the signature's shape with the batch dimension set, other unknown dims as 1.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type HostTensor, NativeServable } from '../lib/engine/index.ts';
import { SavedModel } from '../lib/savedmodel/index.ts';
import { numElements, TYPED_ARRAY_OF, type NumericDType } from '../lib/tensor/index.ts';

const ROOT = join(import.meta.dirname, '..');
const RUNS = Number(process.env.GPU_CHECK_RUNS ?? 50);
/** The first directory that exists: the bench models (scripts/generate_bench_models.py) are bigger, the zoo's always there. */
const MODELS: Record<string, string[]> = {
  cnn: ['bench/models/mobilenet_v2_96/1', 'test/fixtures/zoo/detection/conv_same_stride/1'],
  transformer: ['test/fixtures/zoo/transformer/bert_classifier/1'],
  mlp: ['bench/models/mlp_784_1024_1024_10/1', 'models/digits/1'],
};

function inputs(servable: NativeServable, batch: number): Map<string, HostTensor> {
  const info = servable.signature('serving_default');
  const out = new Map<string, HostTensor>();
  for (const [alias, spec] of Object.entries(info.inputs)) {
    const shape = (spec.shape ?? [-1]).map((d, i) => (i === 0 ? batch : d < 0 ? 1 : d));
    if (spec.dtype === 'DT_STRING') throw new Error(`${alias}: string inputs are not generated here`);
    const Ctor = TYPED_ARRAY_OF[spec.dtype as NumericDType];
    out.set(alias, { dtype: spec.dtype, shape, data: new Ctor(numElements(shape)) } as HostTensor);
  }
  return out;
}

const results: Record<string, unknown>[] = [];
for (const [kind, candidates] of Object.entries(MODELS)) {
  const dir = candidates.map((c) => join(ROOT, c)).find(existsSync)!;
  const servable = await NativeServable.load(await SavedModel.fromDir(dir));
  for (const batch of [1, 32]) {
    const feed = inputs(servable, batch);
    for (let i = 0; i < 5; i++) await servable.run('serving_default', feed); // first runs build kernels / autotune
    const ms: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await servable.run('serving_default', feed);
      ms.push(performance.now() - t0);
    }
    ms.sort((a, b) => a - b);
    const mean = ms.reduce((a, b) => a + b, 0) / ms.length;
    results.push({ kind, model: dir.slice(ROOT.length + 1), batch, p50_ms: ms[Math.floor(ms.length / 2)], rows_per_s: (batch * 1000) / mean });
  }
  servable.dispose();
}
console.log(JSON.stringify(results));
