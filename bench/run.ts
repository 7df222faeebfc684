// `npm run bench [-- NAME…]`: runs the named benchmarks (all by default), prints Markdown tables and
// writes them to bench/results/<name>.md. Numbers are measured, never asserted in tests.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchBatching } from './batching.ts';
import { benchColdStart } from './cold-start.ts';
import { benchCompare } from './compare.ts';
import { benchConvShapes } from './conv-shapes.ts';
import { benchEngine } from './engine.ts';
import { benchFirstPredict } from './first-predict.ts';
import { benchForward } from './forward.ts';
import { benchHttp } from './http.ts';
import { benchJsonCodec } from './json-codec.ts';
import { benchRead } from './read-savedmodel.ts';
import { benchV1Profile } from './v1-profile.ts';
import { benchWorkers } from './workers.ts';

const BENCHES: Record<string, () => Promise<string>> = { read: benchRead, json: benchJsonCodec, engine: benchEngine, http: benchHttp, cold: benchColdStart, batching: benchBatching, workers: benchWorkers, forward: benchForward, compare: benchCompare, 'v1-profile': benchV1Profile, 'first-predict': benchFirstPredict, conv: benchConvShapes };

const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const flags = process.argv.slice(2).filter((a) => a.startsWith('-'));
// `engine --compare` writes bench/results/engine-compare.md beside the plain run's engine.md.
const suffix = flags.includes('--compare') ? '-compare' : '';
const outDir = join(dirname(fileURLToPath(import.meta.url)), 'results');
mkdirSync(outDir, { recursive: true });
for (const name of names.length ? names : Object.keys(BENCHES)) {
  const bench = BENCHES[name];
  if (!bench) throw new Error(`unknown benchmark '${name}'; known: ${Object.keys(BENCHES).join(', ')}`);
  const table = await bench();
  const header = `## ${name}${flags.length ? ` ${flags.join(' ')}` : ''} (node ${process.version}, ${new Date().toISOString()})\n\n`;
  writeFileSync(join(outDir, `${name}${suffix}.md`), header + table + '\n');
  console.log(header + table + '\n');
}
