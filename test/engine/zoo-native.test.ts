// Every golden case (the conformance fixtures, the bundled models, the heavy-only models and the engine-coverage zoo, all answered by
// TensorFlow 2.21) through the native engine and the REST codecs: what the heavy target and the container
// images serve. Skipped, with the command that builds the engine, when @tensorflow/tfjs-node cannot be loaded.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { NativeServable } from '../../lib/engine/index.ts';
import { join } from 'node:path';
import { BUNDLED_MODELS, goldenFiles, LOCAL_FIXTURES, REPO_ROOT, SHARED_FIXTURES } from '../helpers/fixtures.ts';
import { nativeAvailable } from './native/native-available.ts';
import { describeGoldenCases, ZOO_ROOT, zooGoldens } from './zoo.ts';

if (!nativeAvailable) {
  console.log('skipped: build the native engine with `scripts/build-native-engine.sh /opt/native` (TF_PYTHON=<python with tensorflow 2.21>), '
    + 'then run with TF_SERVERLESS_TFJS_NODE=/opt/native/node_modules/@tensorflow/tfjs-node');
}

/** Models only the heavy target serves (scripts/zoo/gen_heavy.py): the portable engine refuses them. */
const HEAVY_MODELS = join(REPO_ROOT, 'test/fixtures/heavy');

const goldens = [
  ...(process.env.ZOO_FAMILY ? [] : [...goldenFiles(SHARED_FIXTURES), ...goldenFiles(LOCAL_FIXTURES), ...goldenFiles(BUNDLED_MODELS), ...goldenFiles(HEAVY_MODELS)].map((g) => ({ ...g, id: g.model }))),
  // The native engine runs a SavedModel the way a TF1 Session does (as TF Serving does): exports whose goldens say a
  // Session fails them (zoo family 'distribute': variables only TF2's object-graph restore fills) are answered with
  // TensorFlow's FAILED_PRECONDITION there, not with the TF2 loader's numbers.
  ...zooGoldens().filter((g) => !readFileSync(g.file, 'utf8').includes('a tf.compat.v1 Session fails it')).map((g) => ({ ...g, id: `zoo/${g.id}` })),
];
const servables: NativeServable[] = [];
afterAll(() => servables.forEach((s) => s.dispose()));

describe.skipIf(!nativeAvailable)('every golden case on the native engine', () => {
  it(`finds golden files (zoo under ${ZOO_ROOT})`, () => {
    expect(goldens.length).toBeGreaterThan(0);
  });

  describeGoldenCases(goldens, 'native', (m) => NativeServable.load(m), servables);
});
