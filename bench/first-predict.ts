// `npm run bench -- first-predict`: the phases of a cold container's first predict after its bytes are in
// memory: decode, engine load, first run; eager (every signature converted at load: rollout, serve) beside lazy
// (only the signature the request names: the api function) beside the serving artifact (decoded instead of the
// SavedModel, lazy). Each (model, mode) runs in a fresh process so no conversion or wasm warm-up carries over;
// rows alternate. BENCH_FIRST_RUNS (default 3).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServingArtifact } from '../lib/engine/index.ts';
import { SavedModel } from '../lib/savedmodel/index.ts';
import { median } from './stats.ts';

const MODES = ['eager', 'lazy', 'artifact'];

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MODELS: [string, string][] = [
  ['half_plus_two', 'models/half_plus_two/1'],
  ['digits', 'models/digits/1'],
  ['mobilenet_v2_96', 'bench/models/mobilenet_v2_96/1'],
];

const CHILD = `
import { readFileSync } from 'node:fs';
import { readModelDir, SavedModel } from './lib/savedmodel/index.ts';
import { decodeServingArtifact, PortableServable, syntheticInputs } from './lib/engine/index.ts';
const [dir, mode, artifact] = process.argv.slice(-3);
const t0 = performance.now();
const bytes = mode === 'artifact' ? readFileSync(artifact) : await readModelDir(dir);
const t1 = performance.now();
const decoded = mode === 'artifact' ? decodeServingArtifact(bytes) : await SavedModel.decode(bytes, dir);
const t2 = performance.now();
const s = mode === 'artifact' ? await PortableServable.fromArtifact(decoded, dir, { lazy: true }) : await PortableServable.load(decoded, { lazy: mode === 'lazy' });
const t3 = performance.now();
await s.run('serving_default', syntheticInputs(s.signature('serving_default')));
const t4 = performance.now();
console.log(JSON.stringify({ read: t1 - t0, decode: t2 - t1, load: t3 - t2, run: t4 - t3, cpu: process.cpuUsage().user / 1000 }));
`;

type Phases = Record<'read' | 'decode' | 'load' | 'run' | 'cpu', number>;

function child(dir: string, mode: string, artifact: string): Phases {
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD, dir, mode, artifact], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as Phases;
}

export async function benchFirstPredict(): Promise<string> {
  const runs = Number(process.env.BENCH_FIRST_RUNS ?? 3);
  const rows = ['| model | mode | decode ms (SavedModel or artifact) | load ms | first run ms | decode + load + run ms | process CPU ms |', '|---|---|---:|---:|---:|---:|---:|'];
  for (const [name, dir] of MODELS) {
    if (!existsSync(join(ROOT, dir))) continue;
    const artifact = join(mkdtempSync(join(tmpdir(), 'tfs-first-')), `${name}.tfsa`);
    writeFileSync(artifact, (await buildServingArtifact(await SavedModel.fromDir(join(ROOT, dir)), 'bench')).bytes!);
    const got: Record<string, Phases[]> = { eager: [], lazy: [], artifact: [] };
    for (let i = 0; i < runs; i++) for (const mode of MODES) got[mode].push(child(dir, mode, artifact));
    for (const mode of MODES) {
      const p = (k: keyof Phases) => median(got[mode].map((x) => x[k]));
      const total = median(got[mode].map((x) => x.decode + x.load + x.run));
      rows.push(`| ${name} | ${mode} | ${p('decode').toFixed(0)} | ${p('load').toFixed(0)} | ${p('run').toFixed(0)} | **${total.toFixed(0)}** | ${p('cpu').toFixed(0)} |`);
    }
  }
  return `${rows.join('\n')}\n\np50 of ${runs} fresh processes per row (\`${process.execPath}\`, tsx from source, wasm backend). eager: load converts, builds and probes every signature; lazy: load checks the graph, the first run converts, builds and probes its signature (twins converted once either way); artifact: decode = sha256 + protobuf decode of the artifact, the first run builds the GraphModel from its graph.`;
}
