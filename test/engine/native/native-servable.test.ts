// The native engine against TensorFlow's own answers: every predict golden of the shared fixtures it is asked
// to serve, decoded and encoded by the REST codecs, within each case's atol/rtol, with no tensor left behind.
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonObject, parseJson } from '../../../lib/api/json/json-parse.ts';
import { decodePredictRequest, encodePredictResponse } from '../../../lib/api/codec/predict-codec.ts';
import { type HostTensor, NativeServable } from '../../../lib/engine/index.ts';
import { loadTfjsNode } from '../../../lib/engine/native/detect.ts';
import type { TfjsBinding } from '../../../lib/engine/native/tfjs-node-api.ts';
import { modelFilesFromMap, readModelDir, SavedModel } from '../../../lib/savedmodel/index.ts';
import { diffJson } from '../../api/golden-cases.ts';
import { goldenFiles, hasSharedFixtures, LOCAL_FIXTURES, SHARED_FIXTURES, versionDir } from '../../helpers/fixtures.ts';
import { nativeAvailable } from './native-available.ts';

const MODELS = ['saved_model_half_plus_two_cpu', 'saved_model_half_plus_two_tf2_cpu', 'keras_digits_mlp', 'custom_signature_module', 'multi_io_model'];
/** Models tf.node.loadSavedModel cannot read (TensorInfo without tensor_shape; saved_model.pbtxt), TensorFlow can. */
const BEYOND_TFJS_NODE_LOADER = ['saved_model_half_plus_three', 'pbtxt_model'];
const goldens = [...goldenFiles(SHARED_FIXTURES), ...goldenFiles(LOCAL_FIXTURES)].filter((g) => [...MODELS, ...BEYOND_TFJS_NODE_LOADER].includes(g.model));

/** The version as the Lambda path sees it: files in memory, not a directory TensorFlow could read. */
async function inMemory(dir: string): Promise<SavedModel> {
  return SavedModel.fromFiles(await readModelDir(dir), `memory:${dir}`);
}

describe.skipIf(!nativeAvailable || !hasSharedFixtures)('NativeServable over the shared goldens', () => {
  let binding: TfjsBinding;
  let sessionsBefore = 0;
  const servables: NativeServable[] = [];
  beforeAll(async () => {
    binding = (await loadTfjsNode()).findBackend('tensorflow')!.binding;
    sessionsBefore = binding.getNumOfSavedModels();
  });
  afterAll(() => {
    servables.forEach((s) => s.dispose());
    expect(binding.getNumOfSavedModels()).toBe(sessionsBefore);
  });

  it('covers every model it is asked to', () => {
    expect(goldens.map((g) => g.model).sort()).toEqual([...MODELS, ...BEYOND_TFJS_NODE_LOADER].sort());
  });

  describe.each(goldens.map((g) => [g.model, g] as const))('%s', (_name, g) => {
    const rawCases = (parseJson(readFileSync(g.file, 'utf8')) as JsonObject).get('cases') as JsonObject[];
    const loads = new Map<string, Promise<NativeServable>>();
    const load = (v: string) => {
      if (!loads.has(v)) loads.set(v, inMemory(versionDir(g.modelDir, v)).then((m) => NativeServable.load(m)).then((s) => (servables.push(s), s)));
      return loads.get(v)!;
    };
    const cases = g.cases.map((c, i) => [i, c] as const).filter(([, c]) => c.method === 'predict');

    it.each(cases.map(([i, c]) => [`v${c.version} #${i}${c.note ? ` (${c.note.slice(0, 60)})` : ''}`, i] as const))('%s', async (_label, i) => {
      const c = g.cases[i];
      const servable = await load(c.version);
      const tensorsBefore = binding.getNumOfTensors();
      const tfjsTensorsBefore = tf.memory().numTensors;
      const request = decodePredictRequest(c.request_body, (name) => servable.signature(name));
      const outputs = await servable.run(request.signatureName, request.inputs);
      const got = parseJson(encodePredictResponse(request.format, outputs));
      expect(diffJson(got, rawCases[i].get('response')!, c.atol, c.rtol)).toBeUndefined();
      expect(binding.getNumOfTensors()).toBe(tensorsBefore);
      expect(tf.memory().numTensors).toBe(tfjsTensorsBefore);
    });
  });
});

describe.skipIf(!nativeAvailable || !hasSharedFixtures)('NativeServable int64', () => {
  it('feeds and returns int64 exactly across its whole range (tfjs-node predict() would send -1 as 2^32-1)', async () => {
    const servable = await NativeServable.load(await SavedModel.fromDir(`${SHARED_FIXTURES}/models/multi_io_model/1`));
    try {
      const ids = BigInt64Array.of(-(2n ** 63n), -1n, 2n ** 63n - 1n);
      const inputs = new Map<string, HostTensor>([
        ['features', { dtype: 'DT_FLOAT', shape: [3, 3], data: new Float32Array(9) }],
        ['ids', { dtype: 'DT_INT64', shape: [3], data: ids }],
      ]);
      const payload = (await servable.run('serving_default', inputs, ['payload_bytes'])).get('payload_bytes')!;
      // multi_io_model echoes each id as decimal text after the marker bytes 00 ff fe 80 "ID="
      expect((payload.data as Uint8Array[]).map((b) => Buffer.from(b).toString('latin1').split('ID=')[1])).toEqual([...ids].map(String));
    } finally {
      servable.dispose();
    }
  });
});

describe.skipIf(!nativeAvailable || !hasSharedFixtures)('NativeServable export directory', () => {
  const halfPlusTwo = () => versionDir(`${SHARED_FIXTURES}/tfserving/saved_model_half_plus_two_cpu`, '123');

  it('writes in-memory files to a temporary directory and removes it and the session on dispose', async () => {
    const binding = (await loadTfjsNode()).findBackend('tensorflow')!.binding;
    const sessions = binding.getNumOfSavedModels();
    const servable = await NativeServable.load(await inMemory(halfPlusTwo()));
    expect(servable.exportDir.startsWith(tmpdir())).toBe(true);
    expect(existsSync(`${servable.exportDir}/saved_model.pb`)).toBe(true);
    expect(binding.getNumOfSavedModels()).toBe(sessions + 1);
    servable.dispose();
    expect(existsSync(servable.exportDir)).toBe(false);
    expect(binding.getNumOfSavedModels()).toBe(sessions);
  });

  it('reads the model in place when its source directory holds the same files, and leaves it on dispose', async () => {
    const servable = await NativeServable.load(await SavedModel.fromDir(halfPlusTwo()));
    expect(servable.exportDir).toBe(halfPlusTwo());
    servable.dispose();
    expect(existsSync(`${halfPlusTwo()}/saved_model.pb`)).toBe(true);
  });

  it('does not read in place when the source directory holds other files than the model', async () => {
    const files = await readModelDir(halfPlusTwo());
    const fewer = new Map(files.paths().filter((p) => !p.startsWith('assets/')).map((p) => [p, files.get(p)!]));
    const servable = await NativeServable.load(SavedModel.fromFiles(modelFilesFromMap(fewer), halfPlusTwo()));
    expect(servable.exportDir).not.toBe(halfPlusTwo());
    expect(existsSync(`${servable.exportDir}/assets`)).toBe(false);
    servable.dispose();
    expect(existsSync(servable.exportDir)).toBe(false);
  });
});
