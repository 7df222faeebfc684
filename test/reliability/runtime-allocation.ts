// Kernel allocations at request time are bounded on each backend (issue 10): a graph Fill to [1e5, 1e5]
// answers RESOURCE_EXHAUSTED and the next request is served. Run by runtime-allocation-{wasm,cpu}.test.ts
// (one backend per process, as in production).
import { describe, expect, it } from 'vitest';
import { type BackendName, PortableServable } from '../../lib/engine/index.ts';
import { isServingError } from '../../lib/errors/index.ts';
import { modelFilesFromMap, SavedModel } from '../../lib/savedmodel/index.ts';
import { runtimeFillModel } from '../helpers/hostile-models.ts';

const modelOf = (text: string) => SavedModel.fromFiles(modelFilesFromMap({ 'saved_model.pbtxt': new TextEncoder().encode(text) }), '<hostile>');

export function runtimeAllocationSuite(backend: BackendName): void {
  describe(`kernel allocations at request time (${backend})`, () => {
    const x = new Map([['x', { dtype: 'DT_FLOAT' as const, shape: [1], data: new Float32Array([1]) }]]);

    it.each([
      ['a Fill to [1e5, 1e5] (40 GB) under the default limit', [100_000, 100_000], undefined],
      ['a Fill to [4000, 4000] (64 MB) under a 16 MB tensor limit', [4000, 4000], 16 * 1024 * 1024],
    ])('answers RESOURCE_EXHAUSTED for %s and serves the next request', async (_, dims, maxTensorBytes) => {
      const s = await PortableServable.load(modelOf(runtimeFillModel(dims)), { backend, limits: maxTensorBytes ? { maxTensorBytes } : undefined });
      const before = process.memoryUsage().rss;
      const started = performance.now();
      const err = await s.run('serving_default', x).then(() => undefined, (e: unknown) => e);
      expect(performance.now() - started).toBeLessThan(2000);
      expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
      expect(isServingError(err) && err.code).toBe('RESOURCE_EXHAUSTED');
      s.dispose();
      const small = await PortableServable.load(modelOf(runtimeFillModel([2])), { backend });
      expect([...((await small.run('serving_default', x)).get('x')!.data as Float32Array)]).toEqual([2, 2]);
      small.dispose();
    });
  });
}
