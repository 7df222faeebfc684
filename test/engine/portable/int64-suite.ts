// int64 / float64 exact end to end on one backend: every predict golden of multi_io_model (conformance fixtures)
// and dtypes_model (committed) through PortableServable and the REST predict codec, plus a small graph that
// drives every path of the dtype pass through tfjs's executor (positions for movers, Narrow, our kernels).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePredictRequest, encodePredictResponse } from '../../../lib/api/codec/predict-codec.ts';
import { type JsonObject, parseJson } from '../../../lib/api/json/json-parse.ts';
import { ensureBackend, type BackendName } from '../../../lib/engine/portable/backend.ts';
import { PortableServable } from '../../../lib/engine/portable/portable-servable.ts';
import type { HostTensor } from '../../../lib/tensor/host-tensor.ts';
import { isServingError } from '../../../lib/errors/index.ts';
import { SavedModel } from '../../../lib/savedmodel/index.ts';
import { diffJson } from '../../api/golden-cases.ts';
import { type GoldenFile, goldenFiles, hasSharedFixtures, LOCAL_FIXTURES, SHARED_FIXTURES } from '../../helpers/fixtures.ts';
import { indexModel, int64TinyModel, MIN, oneHotModel, P53 } from './int64-tiny-graph.ts';

function goldenSuite(g: GoldenFile | undefined, backend: BackendName): void {
  if (!g) {
    // the conformance fixtures are committed: a missing golden file is a failure, not a skip
    it('finds its golden file in test/fixtures/conformance (scripts/generate_conformance.py makes it)', () => {
      expect(g).toBeDefined();
    });
    return;
  }
  const cases = (g?.cases ?? []).map((c, i) => [`#${i} ${c.note ?? ''}`.slice(0, 100), i] as const).filter(([, i]) => g!.cases[i].method === 'predict');
  let servable: PortableServable;
  let raw: JsonObject;
  beforeAll(async () => {
    await ensureBackend(backend);
    servable = await PortableServable.load(await SavedModel.fromDir(join(g!.modelDir, '1')));
    raw = parseJson(readFileSync(g!.file, 'utf8')) as JsonObject;
  });
  afterAll(() => servable?.dispose());

  it(`runs on the ${backend} backend`, () => {
    expect(tf.getBackend()).toBe(backend);
  });

  it.each(cases)('%s', async (_label, i) => {
    const c = g!.cases[i];
    const before = tf.memory().numTensors;
    const req = decodePredictRequest(c.request_body, (name) => servable.signature(name));
    const body = encodePredictResponse(req.format, await servable.run(req.signatureName, req.inputs));
    const want = (raw.get('cases') as JsonObject[])[i].get('response')!;
    expect(diffJson(parseJson(body), want, c.atol, c.rtol)).toBeUndefined();
    expect(tf.memory().numTensors).toBe(before);
  });
}

function tinySuite(backend: BackendName): void {
  let servable: PortableServable;
  beforeAll(async () => {
    await ensureBackend(backend);
    servable = await PortableServable.load(int64TinyModel());
  });
  afterAll(() => servable?.dispose());

  const run = (ids: bigint[], x: number[]) =>
    servable.run('serving_default', new Map<string, HostTensor>([
      ['ids', { dtype: 'DT_INT64', shape: [ids.length], data: BigInt64Array.from(ids) }],
      ['x', { dtype: 'DT_DOUBLE', shape: [x.length], data: Float64Array.from(x) }],
    ]));

  it('moves, reduces, gathers and selects 64-bit values exactly through tfjs\'s executor', async () => {
    const before = tf.memory().numTensors;
    const out = await run([5n, -7n], [0.1, 3]);
    // rs = [[5, -7], [2^53+1, -2^63]]; add = row sums + 2^40; g = add[[1, 0]]; sel = g > 0 ? g : big
    expect(out.get('rs')).toEqual({ dtype: 'DT_INT64', shape: [2, 2], data: BigInt64Array.of(5n, -7n, P53, MIN) });
    expect([...(out.get('sel')!.data as BigInt64Array)]).toEqual([P53, 2n ** 40n - 2n]);
    expect(out.get('shp')).toEqual({ dtype: 'DT_INT64', shape: [1], data: BigInt64Array.of(2n) });
    expect([...(out.get('oh')!.data as Float32Array)]).toEqual([0, 0, 1, 0, 0, 1]);
    expect(out.get('xd')).toEqual({ dtype: 'DT_DOUBLE', shape: [2], data: Float64Array.of(0.1 * 5, 3 * -7) });
    expect([...(out.get('xf')!.data as Float32Array)]).toEqual([0.5, -21]);
    expect(out.get('am')).toEqual({ dtype: 'DT_INT64', shape: [], data: BigInt64Array.of(1n) });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps int64 inputs above 2^53 exact through movers and kernels', async () => {
    const out = await run([P53, 1n], [1, 1]);
    expect([...(out.get('rs')!.data as BigInt64Array)]).toEqual([P53, 1n, P53, MIN]);
    expect([...(out.get('xd')!.data as Float64Array)]).toEqual([2 ** 53, 1]);
  });

  it('fails with INVALID_ARGUMENT (never wraps) on an int64 index outside int32, leaking nothing', async () => {
    const gather = await PortableServable.load(indexModel());
    const feed = (ids: bigint[]) => new Map<string, HostTensor>([['ids', { dtype: 'DT_INT64', shape: [ids.length], data: BigInt64Array.from(ids) }]]);
    try {
      expect((await gather.run('serving_default', feed([1n, 0n]))).get('y')!.data).toEqual(BigInt64Array.of(MIN, P53));
      const before = tf.memory().numTensors;
      const err = await gather.run('serving_default', feed([P53])).catch((e: unknown) => e);
      expect(isServingError(err) && err.code).toBe('INVALID_ARGUMENT');
      expect((err as Error).message).toMatch(/int64 value 9007199254740993 is out of range/);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      gather.dispose();
    }
  });

  it('gives an all-off OneHot row for an int64 index outside int32, as TF does', async () => {
    const oneHot = await PortableServable.load(oneHotModel());
    try {
      const ids: HostTensor = { dtype: 'DT_INT64', shape: [3], data: BigInt64Array.of(1n, 2n ** 40n + 1n, -(2n ** 40n)) };
      const y = (await oneHot.run('serving_default', new Map([['ids', ids]]))).get('y')!;
      expect([...(y.data as Float32Array)]).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0]);
    } finally {
      oneHot.dispose();
    }
  });
}

/** The suites on one backend (the first ensureBackend call in the process picks it). */
export function defineInt64Suites(backend: BackendName): void {
  const shared = goldenFiles(SHARED_FIXTURES).find((g) => g.model === 'multi_io_model');
  const local = goldenFiles(LOCAL_FIXTURES).find((g) => g.model === 'dtypes_model');
  describe.skipIf(!hasSharedFixtures)(`multi_io_model predict goldens (${backend})`, () => goldenSuite(shared, backend));
  describe(`dtypes_model predict goldens (${backend})`, () => goldenSuite(local, backend));
  describe(`64-bit values through tfjs's executor (${backend})`, () => tinySuite(backend));
}
