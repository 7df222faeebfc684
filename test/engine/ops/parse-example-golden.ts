// The classify/regress golden cases of test/fixtures/conformance, run end to end through the portable engine:
// SavedModel.fromDir -> PortableServable.load -> run with serialized Examples (lib/api/example-codec.ts) ->
// the REST result body, compared with TensorFlow Serving's response within each case's tolerance.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeExamplesRequest, encodeClassifyResponse, encodeRegressResponse } from '../../../lib/api/codec/example-codec.ts';
import { parseJson } from '../../../lib/api/json/json-parse.ts';
import type { BackendName } from '../../../lib/engine/portable/backend.ts';
import { PortableServable } from '../../../lib/engine/portable/portable-servable.ts';
import { SavedModel } from '../../../lib/savedmodel/index.ts';
import { diffJson } from '../../api/golden-cases.ts';
import { type GoldenCase, goldenFiles, hasSharedFixtures, SHARED_FIXTURES } from '../../helpers/fixtures.ts';

export const EXAMPLE_MODELS = ['saved_model_half_plus_two_cpu', 'saved_model_half_plus_two_tf2_cpu', 'saved_model_half_plus_three', 'tf1_builder_multi'];

export interface ExampleCase {
  label: string;
  model: string;
  dir: string;
  golden: GoldenCase;
}

/** Every classify/regress case of EXAMPLE_MODELS (empty without test/fixtures/conformance). */
export function exampleCases(): ExampleCase[] {
  return goldenFiles(SHARED_FIXTURES)
    .filter((g) => EXAMPLE_MODELS.includes(g.model))
    .flatMap((g) =>
      g.cases
        .filter((c) => c.method === 'classify' || c.method === 'regress')
        .map((c, i) => {
          const version = readdirSync(g.modelDir).find((d) => /^\d+$/.test(d) && Number(d) === Number(c.version))!;
          return { label: `${g.model} ${c.method} #${i}: ${c.note ?? ''}`.slice(0, 110), model: g.model, dir: join(g.modelDir, version), golden: c };
        }),
    );
}

/** Loads a whole SavedModel with the portable engine. */
export async function loadSignature(dir: string, _key: string): Promise<PortableServable> {
  return PortableServable.load(await SavedModel.fromDir(dir));
}

/** Runs one REST classify/regress body; returns the result body. */
export async function runExamples(s: PortableServable, method: 'classify' | 'regress', body: string): Promise<string> {
  const req = decodeExamplesRequest(body);
  const sig = s.signature(req.signatureName);
  const alias = Object.keys(sig.inputs)[0];
  const out = await s.run(req.signatureName, new Map([[alias, req.serialized]]));
  return method === 'classify' ? encodeClassifyResponse(out, sig) : encodeRegressResponse(out, sig);
}

/** Why a case cannot run on this backend, if it cannot. */
type SkipRule = (c: ExampleCase) => string | undefined;

/** The golden suite on one backend (the first ensureBackend call in the process picks it). */
export function defineGoldenSuite(backend: BackendName, skip: SkipRule = () => undefined): void {
  const cases = exampleCases();
  const loaded = new Map<string, Promise<PortableServable>>();
  const servable = (c: ExampleCase, key: string) => {
    const id = `${c.dir}#${key}`;
    if (!loaded.has(id)) loaded.set(id, loadSignature(c.dir, key));
    return loaded.get(id)!;
  };
  afterAll(async () => {
    for (const p of loaded.values()) (await p).dispose();
  });

  describe.skipIf(!hasSharedFixtures)(`classify/regress goldens on the ${backend} backend`, () => {
    it('finds the classify and regress cases of every model that parses Examples', () => {
      expect(new Set(cases.map((c) => c.model))).toEqual(new Set(EXAMPLE_MODELS));
    });

    it(`runs on the ${backend} backend`, () => {
      expect(tf.getBackend()).toBe(backend);
    });

    const skipped = cases.filter((c) => skip(c)).map((c) => [`${c.label} (${skip(c)})`] as const);
    if (skipped.length) it.skip.each(skipped)('%s', () => {});

    it.each(cases.filter((c) => !skip(c)).map((c) => [c.label, c] as const))('%s', async (_, c) => {
      const key = decodeExamplesRequest(c.golden.request_body).signatureName;
      const s = await servable(c, key);
      const before = tf.memory().numTensors;
      const got = await runExamples(s, c.golden.method as 'classify' | 'regress', c.golden.request_body);
      const want = parseJson(JSON.stringify(c.golden.response));
      expect(diffJson(parseJson(got), want, c.golden.atol, c.golden.rtol), got).toBeUndefined();
      expect(tf.memory().numTensors).toBe(before);
    });
  });
}
