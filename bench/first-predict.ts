// `npm run bench -- first-predict`: the phases of a cold container's first predict after its files are in
// memory: SavedModel decode, engine load, first run; eager (every signature converted at load: rollout, serve)
// beside lazy (only the signature the request names: the api function). Each (model, mode) runs in a fresh
// process so no conversion or wasm warm-up carries over; rows alternate eager/lazy. BENCH_FIRST_RUNS (default 3).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './stats.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MODELS: [string, string][] = [
  ['half_plus_two', 'models/half_plus_two/1'],
  ['digits', 'models/digits/1'],
  ['mobilenet_v2_96', 'bench/models/mobilenet_v2_96/1'],
];

const CHILD = `
import { readModelDir, SavedModel } from './lib/savedmodel/index.ts';
import { PortableServable, syntheticInputs } from './lib/engine/index.ts';
const [dir, mode] = process.argv.slice(-2);
const t0 = performance.now();
const files = await readModelDir(dir);
const t1 = performance.now();
const model = await SavedModel.decode(files, dir);
const t2 = performance.now();
const s = await PortableServable.load(model, { lazy: mode === 'lazy' });
const t3 = performance.now();
await s.run('serving_default', syntheticInputs(s.signature('serving_default')));
const t4 = performance.now();
console.log(JSON.stringify({ read: t1 - t0, decode: t2 - t1, load: t3 - t2, run: t4 - t3, cpu: process.cpuUsage().user / 1000 }));
`;

type Phases = Record<'read' | 'decode' | 'load' | 'run' | 'cpu', number>;

function child(dir: string, mode: string): Phases {
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD, dir, mode], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as Phases;
}

export async function benchFirstPredict(): Promise<string> {
  const runs = Number(process.env.BENCH_FIRST_RUNS ?? 3);
  const rows = ['| model | mode | decode ms | load ms (convert + build + probe) | first run ms | decode + load + run ms | process CPU ms |', '|---|---|---:|---:|---:|---:|---:|'];
  for (const [name, dir] of MODELS) {
    if (!existsSync(join(ROOT, dir))) continue;
    const got: Record<string, Phases[]> = { eager: [], lazy: [] };
    for (let i = 0; i < runs; i++) for (const mode of ['eager', 'lazy']) got[mode].push(child(dir, mode));
    for (const mode of ['eager', 'lazy']) {
      const p = (k: keyof Phases) => median(got[mode].map((x) => x[k]));
      const total = median(got[mode].map((x) => x.decode + x.load + x.run));
      rows.push(`| ${name} | ${mode} | ${p('decode').toFixed(0)} | ${p('load').toFixed(0)} | ${p('run').toFixed(0)} | **${total.toFixed(0)}** | ${p('cpu').toFixed(0)} |`);
    }
  }
  return `${rows.join('\n')}\n\np50 of ${runs} fresh processes per row (\`${process.execPath}\`, tsx from source, wasm backend).`;
}
