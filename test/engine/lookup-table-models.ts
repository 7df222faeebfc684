// The TensorFlow-made models with lookup tables, end to end through the portable engine: every golden case of
// string_vocab_model (StaticVocabularyTable: HashTableV2 from an asset in __saved_model_init_op, OOV bucket by
// StringToHashBucketFast, ResourceGather on the embedding) and of tf1_builder_multi (the whole model, whose
// vocab_lookup signature reads a TF1 HashTable from the saved_model_assets collection). Requests are decoded and
// responses encoded with lib/api's codecs, compared within each case's atol/rtol, and no tensor may leak.
// Defined once, run on each backend (lookup-table-models.test.ts: wasm, lookup-table-models-cpu.test.ts: cpu).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeExamplesRequest, encodeClassifyResponse, encodeRegressResponse } from '../../lib/api/codec/example-codec.ts';
import { checkClassifySignature, checkRegressSignature } from '../../lib/inference/example-signatures.ts';
import { JsonObject, parseJson } from '../../lib/api/json/json-parse.ts';
import { decodePredictRequest, encodePredictResponse } from '../../lib/api/codec/predict-codec.ts';
import { type BackendName, ensureBackend } from '../../lib/engine/portable/backend.ts';
import { PortableServable } from '../../lib/engine/portable/portable-servable.ts';
import { isServingError } from '../../lib/errors/index.ts';
import { modelFilesFromMap, SavedModel } from '../../lib/savedmodel/index.ts';
import { diffJson } from '../api/golden-cases.ts';
import { type GoldenCase, hasSharedFixtures, SHARED_FIXTURES } from '../helpers/fixtures.ts';

const MODELS = ['string_vocab_model', 'tf1_builder_multi'];
const dir = (model: string) => join(SHARED_FIXTURES, 'models', model, '1');

/** One REST body through the servable, as TF Serving's handlers would run it. */
async function respond(s: PortableServable, c: GoldenCase): Promise<string> {
  if (c.method === 'predict') {
    const req = decodePredictRequest(c.request_body, (name) => s.signature(name));
    return encodePredictResponse(req.format, await s.run(req.signatureName, req.inputs), s.signature(req.signatureName));
  }
  const req = decodeExamplesRequest(c.request_body);
  const sig = s.signature(req.signatureName);
  const alias = c.method === 'classify' ? checkClassifySignature(sig) : checkRegressSignature(sig);
  const out = await s.run(req.signatureName, new Map([[alias, req.serialized]]));
  return c.method === 'classify' ? encodeClassifyResponse(out, sig) : encodeRegressResponse(out, sig);
}

/** The suites on one backend (the first ensureBackend call in the process picks it). */
export function defineLookupModelSuites(backend: BackendName): void {
  beforeAll(async () => {
    expect(await ensureBackend(backend)).toBe(backend);
  });

  describe.skipIf(!hasSharedFixtures).each(MODELS)(`%s through the portable engine (${backend})`, (model) => {
    const raw = hasSharedFixtures ? (parseJson(readFileSync(join(SHARED_FIXTURES, 'models', `${model}.golden.json`), 'utf8')) as JsonObject) : undefined;
    const cases: GoldenCase[] = hasSharedFixtures ? JSON.parse(readFileSync(join(SHARED_FIXTURES, 'models', `${model}.golden.json`), 'utf8')).cases : [];
    let servable: PortableServable;
    beforeAll(async () => {
      servable = await PortableServable.load(await SavedModel.fromDir(dir(model)));
    });
    afterAll(() => servable?.dispose());

    it('loads every signature of the model', () => {
      const keys = servable.signatures().map((s) => s.key);
      expect(keys).toEqual(model === 'tf1_builder_multi' ? ['classify', 'regress', 'serving_default', 'vocab_lookup'] : ['serving_default']);
    });

    it.each(cases.map((c, i) => [`${c.method} #${i}: ${c.note ?? ''}`.slice(0, 100), i] as const))('answers %s like TensorFlow', async (_, i) => {
      const c = cases[i];
      const before = tf.memory().numTensors;
      const got = parseJson(await respond(servable, c));
      const want = (raw!.get('cases') as JsonObject[])[i].get('response')!;
      expect(diffJson(got, want, c.atol, c.rtol)).toBeUndefined();
      expect(tf.memory().numTensors).toBe(before);
    });

    it('returns to the same tensor count after many requests', async () => {
      await respond(servable, cases[0]);
      const before = tf.memory().numTensors;
      for (let i = 0; i < 30; i++) await respond(servable, cases[i % cases.length]);
      expect(tf.memory().numTensors).toBe(before);
    });
  });

  describe.skipIf(!hasSharedFixtures)('string_vocab_model without its vocabulary', () => {
    it('fails the load NOT_FOUND naming the asset file', async () => {
      const files = (await SavedModel.fromDir(dir('string_vocab_model'))).files;
      const kept = new Map(files.paths().filter((p) => p !== 'assets/vocab.txt').map((p) => [p, files.get(p)!]));
      const err = await PortableServable.load(SavedModel.fromFiles(modelFilesFromMap(kept), '/m/1')).catch((e: unknown) => e);
      expect(isServingError(err) && [err.code, err.message]).toEqual(['NOT_FOUND', '/m/1/assets/vocab.txt; No such file or directory']);
    });
  });

  describe.skipIf(!hasSharedFixtures)('tf1_builder_multi vocab_lookup', () => {
    it('gives ids as exact DT_INT64: line numbers, -1 when unknown', async () => {
      const s = await PortableServable.load(await SavedModel.fromDir(dir('tf1_builder_multi')));
      try {
        const enc = new TextEncoder();
        const words = ['the', 'cat', 'sat', 'on', 'mat', 'dog', 'bird', 'The'];
        const out = await s.run('vocab_lookup', new Map([['words', { dtype: 'DT_STRING' as const, shape: [words.length], data: words.map((w) => enc.encode(w)) }]]));
        const ids = out.get('ids')!;
        expect([ids.dtype, ids.shape, Array.from(ids.data as BigInt64Array)]).toEqual(['DT_INT64', [8], [0n, 1n, 2n, 3n, 4n, 5n, -1n, -1n]]);
      } finally {
        s.dispose();
      }
    });
  });
}
