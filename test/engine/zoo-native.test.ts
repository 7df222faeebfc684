// Every golden case (the conformance fixtures, the bundled models, the heavy-only models and the engine-coverage zoo, all answered by
// TensorFlow 2.21) through the native engine and the REST codecs: what the heavy target and the container
// images serve. Skipped, with the command that builds the engine, when @tensorflow/tfjs-node cannot be loaded.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { JsonObject, parseJson } from '../../lib/api/json/json-parse.ts';
import { runOnServable } from '../../lib/api/rest/run-inference.ts';
import { NativeServable } from '../../lib/engine/index.ts';
import { SavedModel } from '../../lib/savedmodel/index.ts';
import { diffJson } from '../api/golden-cases.ts';
import { join } from 'node:path';
import { BUNDLED_MODELS, goldenFiles, LOCAL_FIXTURES, REPO_ROOT, SHARED_FIXTURES, versionDir } from '../helpers/fixtures.ts';
import { nativeAvailable } from './native/native-available.ts';
import { ZOO_ROOT, zooGoldens } from './zoo.ts';

if (!nativeAvailable) {
  console.log('skipped: build the native engine with `scripts/build-native-engine.sh /opt/native` (TF_PYTHON=<python with tensorflow 2.21>), '
    + 'then run with TF_SERVERLESS_TFJS_NODE=/opt/native/node_modules/@tensorflow/tfjs-node');
}

/** Models only the heavy target serves (scripts/zoo/gen_heavy.py): the portable engine refuses them. */
const HEAVY_MODELS = join(REPO_ROOT, 'test/fixtures/heavy');

const goldens = [
  ...(process.env.ZOO_FAMILY ? [] : [...goldenFiles(SHARED_FIXTURES), ...goldenFiles(LOCAL_FIXTURES), ...goldenFiles(BUNDLED_MODELS), ...goldenFiles(HEAVY_MODELS)].map((g) => ({ ...g, id: g.model }))),
  ...zooGoldens().map((g) => ({ ...g, id: `zoo/${g.id}` })),
];
const servables: NativeServable[] = [];
afterAll(() => servables.forEach((s) => s.dispose()));

describe.skipIf(!nativeAvailable)('every golden case on the native engine', () => {
  it(`finds golden files (zoo under ${ZOO_ROOT})`, () => {
    expect(goldens.length).toBeGreaterThan(0);
  });

  describe.each(goldens.map((g) => [g.id, g] as const))('%s (native)', (_id, g) => {
    const rawCases = (parseJson(readFileSync(g.file, 'utf8')) as JsonObject).get('cases') as JsonObject[];
    const loads = new Map<string, Promise<NativeServable>>();
    const load = (v: string) => {
      if (!loads.has(v)) {
        loads.set(v, SavedModel.fromDir(versionDir(g.modelDir, v)).then((m) => NativeServable.load(m)).then((s) => (servables.push(s), s)));
      }
      return loads.get(v)!;
    };
    it.each(g.cases.map((c, i) => [`v${c.version} ${c.method} #${i}${c.note ? ` (${c.note.slice(0, 70)})` : ''}`, i] as const))('%s', async (_label, i) => {
      const c = g.cases[i];
      const servable = await load(c.version);
      const got = parseJson(await runOnServable(servable, c.method, c.request_body));
      expect(diffJson(got, rawCases[i].get('response')!, c.atol, c.rtol)).toBeUndefined();
    });
  });
});
